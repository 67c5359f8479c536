#!/usr/bin/env bash
# Browser tests of the demo in headless Chromium (the system's; never downloaded): builds the
# app, starts the real Bun server on 127.0.0.1, drives the pages with playwright-core.
# Usage: bash scripts/e2e.sh [results-dir]   (writes a JUnit report to results-dir/e2e.xml)
set -euo pipefail
cd "$(dirname "$0")/.."

results="${1:-.test-results}"
mkdir -p "$results" test-results

chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$chromium" ]; then
  echo "error: Chromium not found at $chromium — the browser tests need it (no browser is downloaded)." >&2
  echo "  install it:  sudo apt-get install -y chromium" >&2
  echo "  or set CHROMIUM_PATH to a Chromium/Chrome executable." >&2
  exit 1
fi

pnpm exec vitest run --config demo/e2e/vitest.config.ts \
  --reporter=default --reporter=junit --outputFile.junit="$(cd "$results" && pwd)/e2e.xml"
echo "› screenshots: test-results/screens/ (every state, desktop and mobile), demo-chat.png, demo-errors.png, demo-reconnecting.png"
