#!/usr/bin/env bash
# Refreshes the screenshots that demo/README.md shows (demo/docs/screenshots/*.png): runs the
# browser test of every screen state (built app, real Bun server on 127.0.0.1, the system's
# headless Chromium) and copies the pictures it saves. Run by hand after a visible change; CI
# never runs it (the e2e suite saves the same pictures to test-results/screens/ on every run).
# Usage: pnpm --filter @typed-ws/demo screenshots   (or: bash demo/scripts/screenshots.sh)
set -euo pipefail
cd "$(dirname "$0")/../.."

rm -rf test-results/screens
pnpm exec vitest run --config demo/e2e/vitest.config.ts screens
mkdir -p demo/docs/screenshots
rm -f demo/docs/screenshots/*.png
cp test-results/screens/*.png demo/docs/screenshots/
echo "› refreshed demo/docs/screenshots/ ($(ls demo/docs/screenshots | wc -l) images)"
