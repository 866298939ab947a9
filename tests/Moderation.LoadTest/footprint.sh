#!/usr/bin/env bash
# What a stored comment costs Redis: the load generator fills a site with ~1 KB comments for DURATION seconds
# (default 15) on a fresh redis-server with the production settings, then Redis's used_memory before and after
# is divided by the comment records stored. Loopback only.
# usage: DURATION=15 bash tests/Moderation.LoadTest/footprint.sh
set -eu
cd "$(dirname "$0")/../.."
source deploy/local/release-service.sh
key="footprint-admin-$RANDOM$RANDOM"
bash deploy/local/ensure-redis.sh
for project in src/Moderation.Server tests/Moderation.LoadTest; do dotnet build -c Release "$project" -v q -nologo >/dev/null; done
start_release_service 5083 6393 footprint "$key"
used() { redis-cli -p 6393 info memory | tr -d '\r' | awk -F: '/^used_memory:/ {print $2}'; }
before=$(used)
dotnet tests/Moderation.LoadTest/bin/Release/net10.0/Moderation.LoadTest.dll --target http://127.0.0.1:5083 --admin-key "$key" --no-bare \
  --concurrency 16 --duration "${DURATION:-15}" --warmup 1 | tail -2
after=$(used)
records=$(redis-cli -p 6393 --scan --pattern '{s:load-*}:c:*' | wc -l)
content=$(redis-cli -p 6393 --scan --pattern '{s:load-*}:c:*' | head -200 | while read -r k; do redis-cli -p 6393 memory usage "$k"; done | awk '{s+=$1; n++} END {printf "%.0f", s/n}')
echo "comment records stored: $records"
echo "used_memory: $before -> $after bytes; $(( (after - before) / records )) bytes per stored comment, everything it brings included"
echo "the comment's own hash: $content bytes on average (MEMORY USAGE of 200 records)"
echo "AOF on disk: $(du -sb .data/footprint-redis | cut -f1) bytes"
