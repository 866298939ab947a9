#!/usr/bin/env bash
# Lints the contract with buf (protos/buf.yaml: buf's STANDARD and COMMENTS rules). buf comes from the npm
# registry at a pinned version into .tools/ (npm is installed with apt-get when missing; root or sudo).
# Exits 0 when the contract is clean, 1 when buf finds problems, 3 when buf could not be fetched.
set -uo pipefail
cd "$(dirname "$0")/../.."
version=1.75.0
buf=.tools/node_modules/.bin/buf
if [ ! -x "$buf" ] || [ "$("$buf" --version 2>/dev/null)" != "$version" ]; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "npm is missing; installing it with apt-get..." >&2
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
    { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq npm >/dev/null; } || exit 3
  fi
  npm install --silent --no-save --no-package-lock --no-audit --no-fund --prefix .tools "@bufbuild/buf@$version" >/dev/null || exit 3
fi
cd protos
"../$buf" lint || exit 1
