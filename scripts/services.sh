#!/usr/bin/env bash
# Private PostgreSQL cluster and Redis instance for the scaled mode and the PostgreSQL test pass.
#
#   scripts/services.sh start   install Debian's postgresql/redis-server when missing, then start
#                               both under data/services/ (idempotent: running ones are kept)
#   scripts/services.sh stop    stop both (idempotent)
#   scripts/services.sh status  say what runs where
#   scripts/services.sh env     print the GOSAPP_* settings that point at them
#   scripts/services.sh start|stop postgresql|redis   only that one (the load tests' fault runs)
#
# Own ports (GOSAPP_PG_PORT, default 55432; GOSAPP_REDIS_PORT, default 56379), own unix socket
# folder, bound to 127.0.0.1 only, trust authentication for local connections only. PostgreSQL
# refuses to run as root, so as root the cluster belongs to the `postgres` system user (the
# package creates it) and is run as that user; Redis likewise as `redis`.
set -euo pipefail
cd "$(dirname "$0")/.."

PG_PORT="${GOSAPP_PG_PORT:-55432}"
PG_DB="${GOSAPP_PG_DB:-gosapp}"
REDIS_PORT="${GOSAPP_REDIS_PORT:-56379}"

set_paths() {
  # data/services/ in the checkout, unless the checkout is private to root (a clone under
  # `mktemp -d` is 0700): the postgres and redis users could not reach it, so then the
  # services live in a folder of their own under /var/tmp, one per checkout.
  ROOT="$PWD/data/services"
  if [ "$(id -u)" -eq 0 ] && id postgres >/dev/null 2>&1 \
    && ! runuser -u postgres -- test -x "$PWD" 2>/dev/null; then
    ROOT="/var/tmp/gosapp-services/$(printf %s "$PWD" | sha256sum | cut -c1-16)"
    mkdir -p "$ROOT" && chmod 755 /var/tmp/gosapp-services "$ROOT"
  fi
  PG_DIR="$ROOT/postgresql"
  PG_DATA="$PG_DIR/data"
  PG_RUN="$PG_DIR/run"
  PG_LOG="$PG_DIR/postgresql.log"
  REDIS_DIR="$ROOT/redis"
}

as_owner() {
  # Run a command as the cluster's owner: the postgres system user when we are root.
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

as_redis() {
  # Redis likewise runs as its system user (the package creates it) when we are root.
  if [ "$(id -u)" -eq 0 ] && id redis >/dev/null 2>&1; then runuser -u redis -- "$@"; else "$@"; fi
}

pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$dir" ] && [ -x "$dir/pg_ctl" ] && echo "$dir"
}

install_missing() {
  local wanted=()
  pg_bin >/dev/null || wanted+=(postgresql)
  command -v redis-server >/dev/null || wanted+=(redis-server)
  [ ${#wanted[@]} -eq 0 ] && return
  if [ "$(id -u)" -ne 0 ]; then
    echo "services: please install ${wanted[*]} (apt-get install ${wanted[*]})" >&2
    exit 1
  fi
  echo "services: installing ${wanted[*]} from Debian..."
  apt-get update -qq
  # Debian's packages would start their own system-wide servers: keep them from doing so
  # (unless the machine already has a policy of its own).
  local policy=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    policy=/usr/sbin/policy-rc.d
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy"
  fi
  local status=0
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${wanted[@]}" >/dev/null || status=$?
  if [ -n "$policy" ]; then rm -f "$policy"; fi
  return "$status"
}

port_taken() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

pg_running() {
  [ -f "$PG_DATA/postmaster.pid" ] && as_owner "$(pg_bin)/pg_ctl" status -D "$PG_DATA" >/dev/null 2>&1
}

pg_start() {
  local bin
  bin=$(pg_bin)
  mkdir -p "$PG_DIR"
  if [ "$(id -u)" -eq 0 ]; then chown postgres: "$PG_DIR"; fi
  if [ ! -f "$PG_DATA/PG_VERSION" ]; then
    as_owner "$bin/initdb" -D "$PG_DATA" -U postgres --auth=trust --encoding=UTF8 \
      --locale=C.UTF-8 >/dev/null
    cat >"$PG_DATA/pg_hba.conf.new" <<'EOF'
# Private test/scaled-mode cluster: local connections only, no password.
local   all  all                 trust
host    all  all  127.0.0.1/32   trust
host    all  all  ::1/128        trust
EOF
    as_owner cp "$PG_DATA/pg_hba.conf.new" "$PG_DATA/pg_hba.conf"
    rm -f "$PG_DATA/pg_hba.conf.new"
  fi
  as_owner mkdir -p "$PG_RUN"
  if ! pg_running && port_taken "$PG_PORT"; then
    echo "services: port $PG_PORT is taken (another checkout's cluster?): stop it, or set GOSAPP_PG_PORT" >&2
    exit 1
  fi
  if ! pg_running; then
    as_owner "$bin/pg_ctl" start -w -t 60 -D "$PG_DATA" -l "$PG_LOG" -o \
      "-p $PG_PORT -k $PG_RUN -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
      >/dev/null
  fi
  if ! as_owner "$bin/psql" -h "$PG_RUN" -p "$PG_PORT" -U postgres -d postgres -Atqc \
    "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'" | grep -q 1; then
    as_owner "$bin/createdb" -h "$PG_RUN" -p "$PG_PORT" -U postgres "$PG_DB"
  fi
  echo "services: PostgreSQL on 127.0.0.1:$PG_PORT (socket $PG_RUN), database $PG_DB"
}

pg_stop() {
  local bin
  bin=$(pg_bin) || return 0
  if pg_running; then
    as_owner "$bin/pg_ctl" stop -w -m fast -D "$PG_DATA" >/dev/null
    echo "services: PostgreSQL stopped"
  fi
}

redis_pid() {
  local pid
  pid=$(cat "$REDIS_DIR/redis.pid" 2>/dev/null) || return 1
  kill -0 "$pid" 2>/dev/null && echo "$pid"
}

redis_start() {
  mkdir -p "$REDIS_DIR"
  if [ "$(id -u)" -eq 0 ] && id redis >/dev/null 2>&1; then chown -R redis: "$REDIS_DIR"; fi
  if ! redis_pid >/dev/null; then
    as_redis redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$REDIS_DIR" \
      --unixsocket "$REDIS_DIR/redis.sock" --unixsocketperm 700 --daemonize yes \
      --pidfile "$REDIS_DIR/redis.pid" --logfile "$REDIS_DIR/redis.log" \
      --save '' --appendonly no >/dev/null
    for _ in $(seq 50); do redis_pid >/dev/null && break; sleep 0.1; done
  fi
  echo "services: Redis on 127.0.0.1:$REDIS_PORT"
}

redis_stop() {
  local pid
  if pid=$(redis_pid); then
    kill "$pid"
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    echo "services: Redis stopped"
  fi
}

print_env() {
  echo "GOSAPP_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:$PG_PORT/$PG_DB"
  echo "GOSAPP_REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0"
}

[ "${1:-start}" = start ] && install_missing  # the postgres user exists from here on
set_paths
ONLY="${2:-}"  # postgresql or redis: act on that one only (the fault runs restart one at a time)
case "$ONLY" in
  "" | postgresql | redis) ;;
  *) echo "usage: $0 start|stop [postgresql|redis]" >&2; exit 2 ;;
esac
case "${1:-start}" in
  start)
    if [ "$ONLY" != redis ]; then pg_start; fi
    if [ "$ONLY" != postgresql ]; then redis_start; fi ;;
  stop)
    if [ "$ONLY" != redis ]; then pg_stop; fi
    if [ "$ONLY" != postgresql ]; then redis_stop; fi ;;
  status)
    if pg_bin >/dev/null && pg_running; then echo "PostgreSQL: running on $PG_PORT"; else echo "PostgreSQL: stopped"; fi
    if redis_pid >/dev/null; then echo "Redis: running on $REDIS_PORT"; else echo "Redis: stopped"; fi ;;
  env) print_env ;;
  *) echo "usage: $0 start|stop|status|env [postgresql|redis]" >&2; exit 2 ;;
esac
