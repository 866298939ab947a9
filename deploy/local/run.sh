#!/usr/bin/env bash
# Runs the service on 127.0.0.1:5080. With no Redis__Configuration it starts a local redis-server with
# AOF persistence in .data/redis (installing redis-server when missing).
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ -z "${Redis__Configuration:-}" ]; then
  bash deploy/local/ensure-redis.sh
  # Outside the content root: the AOF is written constantly and the config file watcher would see every write.
  export Redis__LocalDataDirectory="${Redis__LocalDataDirectory:-$(pwd)/.data/redis}"
fi
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
exec dotnet run --project src/Moderation.Server -c Release --no-launch-profile "$@"
