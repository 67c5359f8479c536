#!/usr/bin/env bash
# Runs every benchmark figure once and prints the table (see bench/README.md).
# Usage: pnpm bench [--quick] [--only 1,3,5] [--runs 3] [--profile]
set -euo pipefail
cd "$(dirname "$0")"
# Figure 9 holds 10,000 idle connections: each end (server child, client child) needs a descriptor
# per socket. Raise the soft limit towards the hard one when it is lower than that.
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt 12000 ]; then
  ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
fi
BUN="${BUN:-$(command -v bun || echo ../node_modules/.bin/bun)}"
exec "$BUN" --conditions=@typed-ws/source main.ts "$@"
