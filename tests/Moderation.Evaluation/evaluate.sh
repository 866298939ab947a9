#!/usr/bin/env bash
# The documented accuracy run: a fresh local redis-server, the service in Release on 127.0.0.1:5082, then
# leave-one-video-out through its public API. Loopback only.
# usage: bash tests/Moderation.Evaluation/evaluate.sh [--corpus DIR]   (default ../shared/data/youtube-spam-collection)
set -euo pipefail
cd "$(dirname "$0")/../.."
data="$(pwd)/.data/evaluation-redis"
log="$(pwd)/.data/evaluation-server.log"
key="evaluation-admin-$RANDOM$RANDOM"
bash deploy/local/ensure-redis.sh
for project in src/Moderation.Server tests/Moderation.Evaluation; do dotnet build -c Release "$project" -v q -nologo >/dev/null; done
rm -rf "$data"
mkdir -p .data
ASPNETCORE_ENVIRONMENT=Production Moderation__BootstrapAdminKey="$key" Urls=http://127.0.0.1:5082 \
  Redis__LocalPort=6392 Redis__LocalDataDirectory="$data" \
  dotnet src/Moderation.Server/bin/Release/net10.0/Moderation.Server.dll --contentRoot "$(pwd)/src/Moderation.Server/bin/Release/net10.0" >"$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  grep -q "Application started" "$log" 2>/dev/null && break
  sleep 0.2
done
grep -q "Application started" "$log" || { cat "$log"; exit 1; }
dotnet tests/Moderation.Evaluation/bin/Release/net10.0/Moderation.Evaluation.dll --target http://127.0.0.1:5082 --admin-key "$key" "$@"
