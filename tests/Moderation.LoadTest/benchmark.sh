#!/usr/bin/env bash
# The documented benchmark: a fresh local redis-server with AOF (everysec), the service in Release and
# Production, then the load generator (bare endpoint, reference endpoint, service, per round). The reference
# endpoint gets its own fresh redis-server with the same settings. Loopback only, bounded in time.
# usage: bash tests/Moderation.LoadTest/benchmark.sh [queue] [load generator options, e.g. --duration 30 --corpus PATH]
# REDIS_ARGS adds redis-server arguments to both servers, e.g. REDIS_ARGS="--appendfsync always".
set -euo pipefail
cd "$(dirname "$0")/../.."
source deploy/local/release-service.sh
key="benchmark-admin-$RANDOM$RANDOM"
bash deploy/local/ensure-redis.sh
for project in src/Moderation.Server tests/Moderation.LoadTest; do dotnet build -c Release "$project" -v q -nologo >/dev/null; done
# shellcheck disable=SC2086
start_release_service 5081 6391 benchmark "$key" ${REDIS_ARGS:-}
mode=()
if [[ $# -gt 0 && $1 != --* ]]; then mode=("$1"); shift; fi
reference=()
if [[ ${#mode[@]} -eq 0 ]]; then
  reference_data="$(pwd)/.data/benchmark-reference-redis"
  rm -rf "$reference_data"; mkdir -p "$reference_data"
  # shellcheck disable=SC2086
  redis-server deploy/redis/redis.conf --port 6392 --dir "$reference_data" ${REDIS_ARGS:-} >/dev/null &
  reference_pid=$!
  trap 'kill $service_pid $reference_pid 2>/dev/null; wait $service_pid $reference_pid 2>/dev/null || true; stop_local_redis $release_redis_port' EXIT
  for _ in $(seq 1 100); do redis-cli -p 6392 ping >/dev/null 2>&1 && break; sleep 0.1; done
  # The JSON door of the same service (HTTP/1.1, 10 above the gRPC port; see release-service.sh).
  reference=(--reference-redis 127.0.0.1:6392 --json-target http://127.0.0.1:5091)
fi
dotnet tests/Moderation.LoadTest/bin/Release/net10.0/Moderation.LoadTest.dll "${mode[@]}" "${reference[@]}" --target http://127.0.0.1:5081 --admin-key "$key" "$@"
