#!/usr/bin/env bash
# Runs the service: gRPC on 127.0.0.1:5080, HTTP/1.1 and JSON on 127.0.0.1:5090. With no Redis__Configuration it starts a local redis-server with AOF
# persistence in .data/redis (installing redis-server when missing) and stops it after the service stops.
# LOCAL_REDIS_PORT (6390), LOCAL_REDIS_DIR (.data/redis) and LOCAL_REDIS_ARGS (extra redis-server arguments)
# change that local server.
set -euo pipefail
cd "$(dirname "$0")/../.."
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
if [ -n "${Redis__Configuration:-}" ]; then
  exec dotnet run --project src/Moderation.Server -c Release --no-launch-profile "$@"
fi

bash deploy/local/ensure-redis.sh
source deploy/local/local-redis.sh
port="${LOCAL_REDIS_PORT:-6390}"
# Outside the content root: the AOF is written constantly and the config file watcher would see every write.
data="${LOCAL_REDIS_DIR:-$(pwd)/.data/redis}"
# shellcheck disable=SC2086
start_local_redis "$port" "$data" ${LOCAL_REDIS_ARGS:-}
echo "Using a local redis-server on 127.0.0.1:$port with data in $data"
export Redis__Configuration="127.0.0.1:$port"

# The service runs as a child so that Redis stops after it; Ctrl-C and SIGTERM are passed on to it.
dotnet run --project src/Moderation.Server -c Release --no-launch-profile "$@" &
service=$!
trap 'kill -TERM "$service" 2>/dev/null || true' INT TERM
status=0
wait "$service" || status=$?
# A signal ends the first wait early; the second waits for the service to finish shutting down.
wait "$service" 2>/dev/null || true
if [ "$local_redis_started" -eq 1 ]; then
  stop_local_redis "$port"
fi
exit "$status"
