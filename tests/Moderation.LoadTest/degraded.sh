#!/usr/bin/env bash
# Degraded mode under load: the service in Release against a local redis-server (AOF), a site warmed up while
# Redis answers, then Redis shut down and the load generator run against the service alone (answers come from
# the stateless rules and the spool). Then Redis is started again on the same data and the script reports how
# long the spool took to drain and how many records the site gained. Loopback only, bounded in time.
# usage: bash tests/Moderation.LoadTest/degraded.sh [load generator options, default --concurrency 16 --duration 20]
set -euo pipefail
cd "$(dirname "$0")/../.."
source deploy/local/release-service.sh
key="degraded-admin-$RANDOM$RANDOM"
bash deploy/local/ensure-redis.sh
for project in src/Moderation.Server tests/Moderation.LoadTest; do dotnet build -c Release "$project" -v q -nologo >/dev/null; done
rm -rf .data/spool
start_release_service 5081 6391 degraded "$key"
site_key_file="$(pwd)/.data/degraded-site-key"
rm -f "$site_key_file"
load=(dotnet tests/Moderation.LoadTest/bin/Release/net10.0/Moderation.LoadTest.dll --target http://127.0.0.1:5081 --admin-key "$key" --no-bare --site-key-file "$site_key_file")
echo "== warming up with Redis up"
"${load[@]}" --concurrency 16 --duration 2 --warmup 1 >/dev/null
cpu_seconds() { awk '{printf "%.2f", ($14 + $15) / 100}' "/proc/$1/stat"; }
site_records() { redis-cli -p 6391 --scan --pattern '{s:load-*}:c:*' | wc -l; }
before=$(site_records)
echo "== Redis shut down; the service alone"
stop_local_redis 6391
"${load[@]}" --concurrency 16 --duration 20 --warmup 3 "$@" || true
spooled=$(cat .data/spool/*.spool* 2>/dev/null | wc -c)
echo "== Redis started again; spool holds $spooled bytes"
started=$(date +%s.%N)
start_local_redis 6391 "$(pwd)/.data/degraded-redis"
redis_pid=$(redis-cli -p 6391 info server | tr -d '\r' | awk -F: '$1 == "process_id" {print $2}')
service_cpu=$(cpu_seconds "$service_pid")
for _ in $(seq 1 1200); do
  compgen -G ".data/spool/*.spool*" >/dev/null || break
  sleep 0.1
done
drained=$(date +%s.%N)
service_cpu=$(echo "$(cpu_seconds "$service_pid") - $service_cpu" | bc)
redis_cpu=$(cpu_seconds "$redis_pid")
if compgen -G ".data/spool/*.spool*" >/dev/null; then echo "the spool did not drain within 120 s"; exit 1; fi
after=$(site_records)
stored=$(grep -o 'Stored [0-9]* spooled comments' .data/degraded-server.log | awk '{s+=$2} END {print s+0}')
echo "spool drained $(echo "$drained - $started" | bc) s after Redis was started; $stored spooled comments replayed; site records $before -> $after (+$((after - before)))"
echo "CPU while draining: service $service_cpu s, Redis $redis_cpu s (since its start)"
