#!/usr/bin/env bash
# Installs redis-server from Debian's packages when it is missing (root or sudo needed for that step only).
set -euo pipefail
if command -v redis-server >/dev/null 2>&1; then
  exit 0
fi
echo "redis-server is missing; installing it with apt-get..." >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq redis-server >/dev/null
# The package starts a system redis on 6379; the service and tests start their own on other ports.
command -v redis-server >/dev/null
