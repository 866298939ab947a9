# Sourced by the run, benchmark and evaluation scripts: a local redis-server on loopback with the production
# settings of deploy/redis/redis.conf (AOF, fsync every second, no eviction), its data in a folder of its own.
# usage: start_local_redis <port> <data folder> [extra redis-server arguments...]
#        sets local_redis_started=1 when it started one (0 when one already answered on the port)
#        stop_local_redis <port>   shuts it down, writing the AOF first
start_local_redis() {
  local port=$1 data=$2
  shift 2
  local root; root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
  local_redis_started=0
  if redis-cli -p "$port" ping >/dev/null 2>&1; then
    return 0
  fi
  mkdir -p "$data"
  local dir; dir="$(cd "$data" && pwd)"
  rm -f "$dir/redis.pid"
  redis-server "$root/deploy/redis/redis.conf" --port "$port" --dir "$dir" \
    --daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" "$@"
  # Loading a large AOF takes a while; PING answers LOADING until it is done.
  for _ in $(seq 1 600); do
    if [ "$(redis-cli -p "$port" ping 2>/dev/null)" = "PONG" ]; then
      local_redis_started=1
      return 0
    fi
    sleep 0.1
  done
  echo "redis-server did not answer on 127.0.0.1:$port within 60 s; see $dir/redis.log" >&2
  if [ -f "$dir/redis.pid" ]; then kill "$(cat "$dir/redis.pid")" 2>/dev/null || true; fi
  return 1
}

stop_local_redis() {
  redis-cli -p "$1" shutdown >/dev/null 2>&1 || true
}
