#!/usr/bin/env bash
# The whole test suite: lint, type-check, unit + type tests (vitest), Bun integration tests
# (real server, real client, 127.0.0.1), docs snippets, packed-tarball checks, and browser tests
# of the demo in headless Chromium. Installs what is missing first (system programs, pnpm, deps).
# Ends with one summary line: "tests: N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-system-deps.sh # Chromium, Redis: installed as root, else the one command to run
bash scripts/bootstrap.sh

results=.test-results
rm -rf "$results" && mkdir -p "$results"

echo "› lint (biome)"
pnpm exec biome check .
echo "› type-check (tsc --noEmit)"
pnpm exec tsc --noEmit -p tsconfig.json
echo "› build (dist/ + .d.ts) and package exports without the source condition"
pnpm -s build >/dev/null
node scripts/check-dist.mjs
echo "› packed tarballs: no test files, caret ranges, links, publint, attw --profile esm-only"
node scripts/check-packages.mjs
echo "› unit and type tests (vitest)"
pnpm exec vitest run --reporter=default --reporter=junit --outputFile.junit="$results/vitest.xml"
echo "› integration tests (bun test, real server on 127.0.0.1)"
pnpm exec bun test --conditions=@typed-ws/source ./packages/server-bun ./test --reporter=junit --reporter-outfile="$results/bun.xml"
if [ -f scripts/e2e.sh ]; then
  echo "› browser tests (headless Chromium)"
  bash scripts/e2e.sh "$results"
fi
node scripts/summary.mjs "$results"
