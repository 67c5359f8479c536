#!/usr/bin/env bash
# Installs what the project needs on a machine with only Node >= 20 and npm:
# pnpm (from npm), then the workspace dependencies (Bun comes from npm as a devDependency).
set -euo pipefail
cd "$(dirname "$0")/.."

PNPM_VERSION=12.21.0
if ! command -v pnpm >/dev/null 2>&1; then
  echo "› installing pnpm@${PNPM_VERSION} with npm"
  npm install -g "pnpm@${PNPM_VERSION}" --silent
fi
if [ ! -d node_modules/.pnpm ] || [ pnpm-lock.yaml -nt node_modules/.modules.yaml ]; then
  echo "› pnpm install --frozen-lockfile"
  pnpm install --frozen-lockfile --reporter=append-only
fi
