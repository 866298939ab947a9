#!/usr/bin/env bash
# Installs Debian's chromium when it is missing, for the desk's browser tests (root or sudo needed for that step
# only). Playwright drives this browser; its own browser download is not used.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
echo "chromium is missing; installing it with apt-get..." >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
[ -x /usr/bin/chromium ]
