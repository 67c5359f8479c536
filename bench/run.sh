#!/usr/bin/env bash
# Runs every benchmark figure once and prints the table (see bench/README.md).
# Usage: pnpm bench [--quick] [--only 1,3,5] [--runs 3] [--profile]
set -euo pipefail
cd "$(dirname "$0")"
BUN="${BUN:-$(command -v bun || echo ../node_modules/.bin/bun)}"
exec "$BUN" --conditions=@typed-ws/source main.ts "$@"
