#!/usr/bin/env bash
# The cost of cluster mode: the same load against the service on one redis-server and on a Redis Cluster of three
# local primaries (no replicas), in alternating rounds of the same run, all with the production settings of
# deploy/redis/redis.conf. A 2-core machine cannot show a cluster's scaling, only what its routing costs.
# Loopback only. usage: ROUNDS=2 DURATION=20 bash tests/Moderation.LoadTest/cluster.sh
set -eu
cd "$(dirname "$0")/../.."
source deploy/local/release-service.sh
key="cluster-admin-$RANDOM$RANDOM"
bash deploy/local/ensure-redis.sh
for project in src/Moderation.Server tests/Moderation.LoadTest; do dotnet build -c Release "$project" -v q -nologo >/dev/null; done
start_release_service 5084 6394 cluster-single "$key"
single_pid=$service_pid

ports=(7101 7102 7103)
for port in "${ports[@]}"; do
  stop_local_redis "$port"
  rm -rf ".data/cluster-$port"
  start_local_redis "$port" ".data/cluster-$port" --cluster-enabled yes --cluster-config-file nodes.conf --cluster-node-timeout 2000
done
redis-cli --cluster create "${ports[@]/#/127.0.0.1:}" --cluster-replicas 0 --cluster-yes >/dev/null
for _ in $(seq 1 100); do redis-cli -p 7101 cluster info | grep -q cluster_state:ok && break; sleep 0.2; done
log=.data/cluster-server.log
ASPNETCORE_ENVIRONMENT=Production Moderation__BootstrapAdminKey="$key" Urls="http://127.0.0.1:5085" HttpUrls="" \
  Redis__Configuration="127.0.0.1:7101,127.0.0.1:7102,127.0.0.1:7103" \
  dotnet src/Moderation.Server/bin/Release/net10.0/Moderation.Server.dll --contentRoot "$(pwd)/src/Moderation.Server/bin/Release/net10.0" >"$log" 2>&1 &
cluster_pid=$!
trap 'kill $single_pid $cluster_pid 2>/dev/null; wait $single_pid $cluster_pid 2>/dev/null || true; stop_local_redis 6394; for p in "${ports[@]}"; do stop_local_redis "$p"; done' EXIT
for _ in $(seq 1 100); do grep -q "Application started" "$log" 2>/dev/null && break; sleep 0.2; done

run() {
  dotnet tests/Moderation.LoadTest/bin/Release/net10.0/Moderation.LoadTest.dll --target "$1" --admin-key "$key" --no-bare \
    --duration "${DURATION:-20}" --warmup 5 --rounds 1 | grep "moderation service #" | sed "s/moderation service #1/$2/"
}
for round in $(seq 1 "${ROUNDS:-2}"); do
  run http://127.0.0.1:5084 "single Redis #$round   "
  run http://127.0.0.1:5085 "cluster of 3 #$round   "
done
