#!/usr/bin/env bash
# The system programs the tests need, in one place (used by scripts/test.sh, hence by `npm test`
# and `.ci/run`): Debian's Chromium for the browser tests, Redis (`redis-server`) for the
# scale-out tests. Installs what is missing with apt-get when running as root; otherwise stops
# at once with the one command to run. Add a program here as: a check, and its Debian package.
#   SKIP_SYSTEM_DEPS=1  skip this check (you provide the programs some other way)
set -euo pipefail

[ "${SKIP_SYSTEM_DEPS:-}" = "1" ] && exit 0

missing=()
# Chromium: CHROMIUM_PATH wins (any Chromium/Chrome executable), else Debian's /usr/bin/chromium.
if [ -n "${CHROMIUM_PATH:-}" ]; then
  if [ ! -x "$CHROMIUM_PATH" ]; then
    echo "error: CHROMIUM_PATH=$CHROMIUM_PATH is not an executable. Unset it to use Debian's chromium." >&2
    exit 1
  fi
elif [ ! -x /usr/bin/chromium ]; then
  missing+=(chromium)
fi
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)

[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "error: the tests need ${missing[*]} and this is not a Debian-like system (no apt-get)." >&2
  echo "  install them with your package manager (Chromium: or set CHROMIUM_PATH to a Chromium/Chrome executable)," >&2
  echo "  then run npm test again." >&2
  exit 1
fi
if [ "$(id -u)" != "0" ]; then
  echo "error: npm test needs programs that are not installed: ${missing[*]}. Run once:" >&2
  echo "" >&2
  echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  echo "" >&2
  echo "then npm test again." >&2
  exit 1
fi
echo "› installing ${missing[*]} (apt-get)"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
