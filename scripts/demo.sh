#!/usr/bin/env bash
# The quick start: installs what is missing (pnpm, dependencies, Bun from npm), builds the demo
# app and runs its server under a supervisor (the "restart server" button needs it).
# Open the URL it prints. PORT (default 3000) picks the port; Ctrl+C stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh

echo "› building the demo app (vite)"
(cd demo && ./node_modules/.bin/vite build --logLevel warn)

export PORT="${PORT:-3000}"
echo "› starting the demo server on 127.0.0.1:${PORT} (Ctrl+C stops it)"
# Bun from the `bun` devDependency, run directly (not through `pnpm exec`) so Ctrl+C reaches it.
exec node_modules/.bin/bun --conditions=@typed-ws/source demo/server/supervise.ts
