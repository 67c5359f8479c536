#!/usr/bin/env bash
# `pnpm demo:cluster`: builds the demo app, then runs Redis and two demo servers that share it
# (scripts/demo-cluster.ts). PORT (default 3000) and PORT+1 are the two servers; Ctrl+C stops all.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh

echo "› building the demo app (vite)"
(cd demo && ./node_modules/.bin/vite build --logLevel warn)

exec node_modules/.bin/bun --conditions=@typed-ws/source scripts/demo-cluster.ts
