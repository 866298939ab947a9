#!/usr/bin/env bash
# The documented benchmark: a fresh local redis-server with AOF (everysec), the service in Release and
# Production, then the load generator (bare endpoint first, then the service). Loopback only, bounded in time.
# usage: bash tests/Moderation.LoadTest/benchmark.sh [queue] [load generator options, e.g. --duration 30 --corpus PATH]
# REDIS_ARGS adds redis-server arguments, e.g. REDIS_ARGS="--auto-aof-rewrite-min-size 1gb".
set -euo pipefail
cd "$(dirname "$0")/../.."
data="$(pwd)/.data/benchmark-redis"
port=6391
key="benchmark-admin-$RANDOM$RANDOM"
bash deploy/local/ensure-redis.sh
for project in src/Moderation.Server tests/Moderation.LoadTest; do dotnet build -c Release "$project" -v q -nologo >/dev/null; done
rm -rf "$data"
mkdir -p .data
ASPNETCORE_ENVIRONMENT=Production Moderation__BootstrapAdminKey="$key" Urls=http://127.0.0.1:5081 \
  Redis__LocalPort=$port Redis__LocalDataDirectory="$data" Redis__LocalArguments="${REDIS_ARGS:-}" \
  dotnet src/Moderation.Server/bin/Release/net10.0/Moderation.Server.dll --contentRoot "$(pwd)/src/Moderation.Server/bin/Release/net10.0" >"$(pwd)/.data/benchmark-server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  grep -q "Application started" "$(pwd)/.data/benchmark-server.log" 2>/dev/null && break
  sleep 0.2
done
grep -q "Application started" "$(pwd)/.data/benchmark-server.log" || { cat "$(pwd)/.data/benchmark-server.log"; exit 1; }
mode=()
if [[ $# -gt 0 && $1 != --* ]]; then mode=("$1"); shift; fi
dotnet tests/Moderation.LoadTest/bin/Release/net10.0/Moderation.LoadTest.dll "${mode[@]}" --target http://127.0.0.1:5081 --admin-key "$key" "$@"
