#!/usr/bin/env bash
# Deletes the keys that versions before keyed hashes wrote with an unkeyed SHA-256 of an email or IP in their
# name (author standing, IP and website reputation, flood and rate windows, duplicate fingerprints). Keyed
# names have a "k" where these have a hex digit, so nothing the service writes today matches.
# usage: drop-unkeyed-hashes.sh [redis-cli arguments, such as -h redis -p 6379 -a password]
# On a Redis Cluster run it once against each primary (SCAN sees one node's keys).
set -euo pipefail
total=0
for kind in author flood:ip flood:em rate:ip rep:ip rep:url dup; do
  while IFS= read -r key; do
    [ -n "$key" ] || continue
    redis-cli "$@" UNLINK "$key" >/dev/null
    total=$((total + 1))
  done < <(redis-cli "$@" --scan --pattern "{s:*}:$kind:[0-9a-f]*")
done
echo "deleted $total keys with unkeyed hashes"
