#!/usr/bin/env bash
# The cost of EraseAuthorData on a full site: the load generator fills a site for DURATION seconds (default 25),
# then one reader's data is erased twice (the second finds nothing) with the command line. Loopback only.
# usage: DURATION=25 bash tests/Moderation.LoadTest/erase.sh
set -eu
cd "$(dirname "$0")/../.."
source deploy/local/release-service.sh
key="erase-admin-$RANDOM$RANDOM"
bash deploy/local/ensure-redis.sh
for project in src/Moderation.Server tests/Moderation.LoadTest src/Moderation.Cli; do dotnet build -c Release "$project" -v q -nologo >/dev/null; done
start_release_service 5082 6392 erasebench "$key"
site_key_file="$(pwd)/.data/erase-site-key"
rm -f "$site_key_file"
dotnet tests/Moderation.LoadTest/bin/Release/net10.0/Moderation.LoadTest.dll --target http://127.0.0.1:5082 --admin-key "$key" --no-bare \
  --site-key-file "$site_key_file" --concurrency 16 --duration "${DURATION:-25}" --warmup 1 | tail -3
records=$(redis-cli -p 6392 --scan --pattern '{s:load-*}:c:*' | wc -l)
one=$(redis-cli -p 6392 --scan --pattern '{s:load-*}:c:*' 2>/dev/null | head -1 || true)
email=$(redis-cli -p 6392 hget "$one" sub | grep -ao 'reader[0-9]*@example.org' | head -1 || true)
echo "site records: $records"
for attempt in 1 2; do
  started=$(date +%s.%N)
  MODERATION_KEY="$(cat "$site_key_file")" dotnet src/Moderation.Cli/bin/Release/net10.0/moderation.dll authors erase --email "$email" --server http://127.0.0.1:5082
  echo "erasure $attempt took $(echo "$(date +%s.%N) - $started" | bc) s, the command line's start included"
done
