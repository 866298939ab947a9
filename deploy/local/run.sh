#!/usr/bin/env bash
# Runs the product on this machine: the service (gRPC on 127.0.0.1:5080; HTTP/1.1, JSON and the moderator desk on
# 127.0.0.1:5090) and the demo news site (127.0.0.1:5070) with a site and keys of its own, printed at start.
# With no Redis__Configuration it starts a local redis-server with AOF persistence in .data/redis (installing
# redis-server when missing) and stops it after the service stops.
# LOCAL_REDIS_PORT (6390), LOCAL_REDIS_DIR (.data/redis) and LOCAL_REDIS_ARGS (extra redis-server arguments)
# change that local server; MODERATION_ADMIN_KEY is the admin key to set the demo up with (the Development
# bootstrap key by default); MODERATION_DEMO=0 runs the service alone. Arguments go to the service.
set -euo pipefail
cd "$(dirname "$0")/../.."
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
admin_key="${MODERATION_ADMIN_KEY:-dev-admin-key-change-me}"
demo="${MODERATION_DEMO:-1}"

local_redis_started=0
children=()
# One way out: the service and the demo site are stopped, and a Redis this script started is shut down, whether
# the service ended, a step failed or Ctrl-C / SIGTERM came.
cleanup() {
  if [ "${#children[@]}" -gt 0 ]; then kill -TERM "${children[@]}" 2>/dev/null || true; fi
  wait 2>/dev/null || true
  if [ "$local_redis_started" -eq 1 ]; then stop_local_redis "$port"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ -z "${Redis__Configuration:-}" ]; then
  bash deploy/local/ensure-redis.sh
  source deploy/local/local-redis.sh
  port="${LOCAL_REDIS_PORT:-6390}"
  # Outside the content root: the AOF is written constantly and the config file watcher would see every write.
  data="${LOCAL_REDIS_DIR:-$(pwd)/.data/redis}"
  # shellcheck disable=SC2086
  start_local_redis "$port" "$data" ${LOCAL_REDIS_ARGS:-}
  echo "Using a local redis-server on 127.0.0.1:$port with data in $data"
  export Redis__Configuration="127.0.0.1:$port"
fi

projects=(src/Moderation.Server)
if [ "$demo" != 0 ]; then projects+=(src/Moderation.Cli src/Moderation.DemoSite); fi
for project in "${projects[@]}"; do
  dotnet build "$project" -c Release --nologo -v quiet -clp:NoSummary
done

dotnet run --no-build --project src/Moderation.Server -c Release --no-launch-profile "$@" &
service=$!
children+=("$service")

if [ "$demo" != 0 ]; then
  cli() { MODERATION_KEY="$admin_key" dotnet src/Moderation.Cli/bin/Release/net10.0/moderation.dll "$@"; }
  secret() { sed -n 's/.*"secret": "\([^"]*\)".*/\1/p'; }
  key_id() { sed -n 's/.*"keyId": "\([^"]*\)".*/\1/p' | head -1; }
  ready=0
  for _ in $(seq 1 120); do
    if cli sites get demo-news >/dev/null 2>&1; then ready=1; break; fi
    if cli sites create demo-news --name "The Meridian" >/dev/null 2>&1; then
      # As WordPress's default: a first-time commenter waits for a moderator.
      cli sites update demo-news --settings '{"moderationMode": "MODERATION_MODE_FIRST_TIME"}' >/dev/null
      ready=1
      break
    fi
    if ! kill -0 "$service" 2>/dev/null; then echo "The service stopped before it answered." >&2; exit 1; fi
    sleep 0.5
  done
  if [ "$ready" -ne 1 ]; then
    echo "The service did not answer on 127.0.0.1:5080 within 60 s, or refused the admin key (MODERATION_ADMIN_KEY)." >&2
    exit 1
  fi
  # Fresh keys each run, the last run's revoked: no secret is kept on disk.
  mkdir -p .data/demo
  if [ -f .data/demo/key-ids ]; then
    while read -r old; do cli keys revoke "$old" >/dev/null 2>&1 || true; done < .data/demo/key-ids
  fi
  site_answer="$(cli keys create --role site --site demo-news --name "demo news site")"
  moderator_answer="$(cli keys create --role moderator --site demo-news --name "local moderator")"
  printf '%s\n%s\n' "$(key_id <<<"$site_answer")" "$(key_id <<<"$moderator_answer")" > .data/demo/key-ids
  if [ -z "$(secret <<<"$site_answer")" ] || [ -z "$(secret <<<"$moderator_answer")" ]; then
    echo "Could not issue the demo's keys:" >&2; echo "$site_answer $moderator_answer" >&2; exit 1
  fi
  Demo__SiteKey="$(secret <<<"$site_answer")" Demo__SiteId=demo-news \
    dotnet run --no-build --project src/Moderation.DemoSite -c Release --no-launch-profile &
  children+=("$!")
  cat <<BANNER

  The Meridian, a demo news site:  http://127.0.0.1:5070/    (post a comment as a reader)
  The moderator desk:              http://127.0.0.1:5090/desk
    moderator key for this run:    $(secret <<<"$moderator_answer")
  Site key of demo-news:           $(secret <<<"$site_answer")
  Admin key (Development):         $admin_key

BANNER
fi

status=0
wait "$service" || status=$?
exit "$status"
