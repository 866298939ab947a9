# Sourced by the benchmark and evaluation scripts: starts the service in Release/Production on loopback (gRPC on
# the port given, HTTP/1.1 and JSON 10 above it) with a
# fresh local redis-server (deploy/local/local-redis.sh), stops both on exit, and waits until it serves.
# usage: start_release_service <http port> <redis port> <name> <admin key> [extra redis-server arguments...]
#        (extra service settings come from the environment)
source "$(dirname "${BASH_SOURCE[0]}")/local-redis.sh"

start_release_service() {
  local port=$1 redis_port=$2 name=$3 key=$4
  shift 4
  local root; root="$(pwd)"
  local data="$root/.data/$name-redis" log="$root/.data/$name-server.log"
  stop_local_redis "$redis_port"
  rm -rf "$data"
  mkdir -p .data
  start_local_redis "$redis_port" "$data" "$@"
  release_redis_port=$redis_port
  ASPNETCORE_ENVIRONMENT=Production Moderation__BootstrapAdminKey="$key" Urls="http://127.0.0.1:$port" HttpUrls="http://127.0.0.1:$((port + 10))" \
    Redis__Configuration="127.0.0.1:$redis_port" \
    dotnet src/Moderation.Server/bin/Release/net10.0/Moderation.Server.dll --contentRoot "$root/src/Moderation.Server/bin/Release/net10.0" >"$log" 2>&1 &
  service_pid=$!
  trap 'kill $service_pid 2>/dev/null; wait $service_pid 2>/dev/null || true; stop_local_redis $release_redis_port' EXIT
  for _ in $(seq 1 100); do
    grep -q "Application started" "$log" 2>/dev/null && return 0
    sleep 0.2
  done
  cat "$log"
  return 1
}
