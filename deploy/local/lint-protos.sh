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
# The contract imports google/api/annotations.proto, which Google.Api.CommonProtos ships (the build takes it from
# there too): buf reads it as a second module of a workspace in .tools/, linted only for the contract.
common_version=$(grep -o 'Google.Api.CommonProtos" Version="[^"]*' Directory.Packages.props | sed 's/.*Version="//')
packages=$(dotnet nuget locals global-packages --list | sed 's/^global-packages: //')
common="$packages/google.api.commonprotos/$common_version/content/protos"
if [ ! -f "$common/google/api/annotations.proto" ]; then
  dotnet restore src/Moderation.Contracts -v q >/dev/null
fi
if [ ! -f "$common/google/api/annotations.proto" ]; then
  echo "google/api/annotations.proto not found in $common (restore Google.Api.CommonProtos $common_version)" >&2
  exit 3
fi
mkdir -p .tools
workspace="$(pwd)/$(mktemp -d .tools/buf-workspace.XXXXXX)"
trap 'rm -rf "$workspace"' EXIT
mkdir -p "$workspace/googleapis/google/api"
{ cp -r protos "$workspace/contract" && rm "$workspace/contract/buf.yaml" &&
  cp "$common/google/api/annotations.proto" "$common/google/api/http.proto" "$workspace/googleapis/google/api/"; } || exit 3
cat >"$workspace/buf.yaml" <<YAML
version: v2
modules:
  - path: contract
  - path: googleapis
$(sed -n '/^lint:/,$p' protos/buf.yaml)
YAML
root=$(pwd)
cd "$workspace"
"$root/$buf" lint contract || exit 1
