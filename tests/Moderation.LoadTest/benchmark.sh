#!/usr/bin/env bash
# The documented benchmark: a fresh local redis-server with AOF (everysec), the service in Release and
# Production, then the load generator (bare endpoint first, then the service). Loopback only, bounded in time.
# usage: bash tests/Moderation.LoadTest/benchmark.sh [queue] [load generator options, e.g. --duration 30 --corpus PATH]
# REDIS_ARGS adds redis-server arguments, e.g. REDIS_ARGS="--auto-aof-rewrite-min-size 1gb".
set -euo pipefail
cd "$(dirname "$0")/../.."
source deploy/local/release-service.sh
key="benchmark-admin-$RANDOM$RANDOM"
bash deploy/local/ensure-redis.sh
for project in src/Moderation.Server tests/Moderation.LoadTest; do dotnet build -c Release "$project" -v q -nologo >/dev/null; done
Redis__LocalArguments="${REDIS_ARGS:-}" start_release_service 5081 6391 benchmark "$key"
mode=()
if [[ $# -gt 0 && $1 != --* ]]; then mode=("$1"); shift; fi
dotnet tests/Moderation.LoadTest/bin/Release/net10.0/Moderation.LoadTest.dll "${mode[@]}" --target http://127.0.0.1:5081 --admin-key "$key" "$@"
