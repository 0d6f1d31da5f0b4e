#!/usr/bin/env bash
# A private PostgreSQL 15 and Redis 7 for tests, on free loopback ports, with all state under
# one directory. Never touches a system-wide instance.
#
# Usage:
#   eval "$(scripts/services.sh start <dir>)"   start both, print `export` lines on stdout
#   scripts/services.sh env <dir>               print the exports of a running set again
#   scripts/services.sh stop <dir>              stop both (safe to repeat); <dir> is kept
#
# `eval "$(...)"` ignores a failed start even under `set -e`; in scripts prefer two lines:
#   svc_env=$(scripts/services.sh start "$dir")   # set -e stops here on failure
#   eval "$svc_env"
# Everything except the exports goes to stderr or to files in <dir>: postgres.log, redis.log.
# Environment: PG_BIN (default /usr/lib/postgresql/15/bin), SERVICES_TIMEOUT (seconds, 30).
set -euo pipefail

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
TIMEOUT=${SERVICES_TIMEOUT:-30}
PG_USER=janji
PG_PASSWORD=janji
PG_DATABASE=janji_test

log() { echo "services.sh: $*" >&2; }
die() {
  log "error: $*"
  exit 1
}

usage() {
  sed -n '5,8s/^# \{0,1\}//p' "$0" >&2
}

# PostgreSQL refuses to run as root: run its server tools as the postgres user then.
as_pg() {
  if ((EUID == 0)); then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# A port nobody listens on, outside the kernel's ephemeral range (32768+) so that outgoing
# connections cannot take it meanwhile. A race with another caller is still possible; the
# callers retry with a new port when the server fails to bind.
free_port() {
  local port tries
  for ((tries = 0; tries < 200; tries++)); do
    port=$((20000 + RANDOM % 12000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  die "no free port found in 20000-31999"
}

pg_running() {
  [[ -f $1/pg/postmaster.pid ]] && as_pg "$PG_BIN/pg_ctl" -D "$1/pg" status >/dev/null 2>&1
}

# kill -0 alone is not enough: an exited process stays a zombie until its parent (or init,
# which may reap slowly in containers) collects it.
alive() {
  local stat
  kill -0 "$1" 2>/dev/null || return 1
  [[ -r /proc/$1/stat ]] || return 0
  stat=$(<"/proc/$1/stat") 2>/dev/null || return 1
  stat=${stat##*) } # "pid (comm) state ...": comm may hold spaces
  [[ ${stat%% *} != Z ]]
}

# The pid must still be a redis-server: a stale pid file may name a reused pid.
redis_running() {
  local pid comm=redis-server
  [[ -f $1/redis.pid ]] || return 1
  pid=$(<"$1/redis.pid")
  [[ $pid =~ ^[0-9]+$ ]] && alive "$pid" || return 1
  if [[ -r /proc/$pid/comm ]]; then
    comm=$(<"/proc/$pid/comm") 2>/dev/null || return 1
  fi
  [[ $comm == redis-server* ]]
}

print_env() {
  local dir=$1
  [[ -f $dir/services.env ]] || die "no services started in $dir (missing $dir/services.env)"
  pg_running "$dir" || die "PostgreSQL in $dir is not running"
  redis_running "$dir" || die "Redis in $dir is not running"
  cat "$dir/services.env"
}

# Writes the settings that depend on the port; postgresql.conf includes this file.
write_pg_conf() {
  local dir=$1 port=$2
  cat >"$dir/pg/janji.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir/pgsock'
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
shared_buffers = 32MB
logging_collector = off
log_min_messages = warning
log_timezone = 'UTC'
timezone = 'UTC'
EOF
  chown postgres:postgres "$dir/pg/janji.conf" 2>/dev/null || true
}

start_postgres() {
  local dir=$1 port attempt
  [[ -x $PG_BIN/initdb ]] || die "$PG_BIN/initdb not found (install postgresql-15)"
  if ((EUID == 0)); then
    id postgres >/dev/null 2>&1 || die "user 'postgres' does not exist (install postgresql-15)"
    as_pg test -x "$dir" ||
      die "user postgres cannot enter $dir: every parent directory must be world-searchable"
  fi

  mkdir -p "$dir/pg" "$dir/pgsock"
  touch "$dir/postgres.log"
  if ((EUID == 0)); then
    chown postgres:postgres "$dir/pg" "$dir/pgsock" "$dir/postgres.log"
  fi
  chmod 700 "$dir/pg"
  chmod 755 "$dir/pgsock"

  if [[ ! -f $dir/pg/PG_VERSION ]]; then
    # trust on the socket only (for the setup below); TCP clients need the password.
    as_pg "$PG_BIN/initdb" -D "$dir/pg" -U postgres -E UTF8 --locale=C --no-sync \
      --auth-local=trust --auth-host=scram-sha-256 >>"$dir/postgres.log" 2>&1 ||
      die "initdb failed, see $dir/postgres.log"
    echo "include 'janji.conf'" >>"$dir/pg/postgresql.conf"
  fi

  for ((attempt = 1; attempt <= 5; attempt++)); do
    port=$(free_port)
    write_pg_conf "$dir" "$port"
    if as_pg "$PG_BIN/pg_ctl" -D "$dir/pg" -l "$dir/postgres.log" -w -t "$TIMEOUT" \
      start >&2; then
      PG_PORT=$port
      break
    fi
    log "PostgreSQL did not start on port $port (attempt $attempt), see $dir/postgres.log"
    as_pg "$PG_BIN/pg_ctl" -D "$dir/pg" -m immediate stop >/dev/null 2>&1 || true
  done
  [[ -n ${PG_PORT:-} ]] || die "PostgreSQL failed to start, see $dir/postgres.log"

  wait_for "PostgreSQL on 127.0.0.1:$PG_PORT" \
    "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -t 1

  # As the postgres superuser over the trusted socket. SUPERUSER is needed for
  # CREATE EXTENSION btree_gist in the migrations.
  psql_admin "$dir" -tAc "SELECT 1 FROM pg_roles WHERE rolname = '$PG_USER'" | grep -q 1 ||
    psql_admin "$dir" -c \
      "CREATE ROLE $PG_USER LOGIN SUPERUSER PASSWORD '$PG_PASSWORD'" >/dev/null
  psql_admin "$dir" -tAc "SELECT 1 FROM pg_database WHERE datname = '$PG_DATABASE'" |
    grep -q 1 ||
    psql_admin "$dir" -c "CREATE DATABASE $PG_DATABASE OWNER $PG_USER" >/dev/null
}

psql_admin() {
  local dir=$1
  shift
  "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$dir/pgsock" -p "$PG_PORT" -U postgres \
    -d postgres "$@"
}

start_redis() {
  local dir=$1 port attempt pid deadline
  command -v redis-server >/dev/null || die "redis-server not found (install redis-server)"
  command -v redis-cli >/dev/null || die "redis-cli not found (install redis-tools)"
  for ((attempt = 1; attempt <= 5; attempt++)); do
    port=$(free_port)
    rm -f "$dir/redis.pid"
    # Not --daemonize: as our own background child (in its own session) we know its pid at
    # once and see it die when the port was taken meanwhile. It still writes the pid file.
    # shellcheck disable=SC2094 # both append; errors before the log file opens land there too
    setsid redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no \
      --daemonize no --dir "$dir" --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" \
      </dev/null >/dev/null 2>>"$dir/redis.log" &
    pid=$!
    deadline=$((SECONDS + TIMEOUT))
    while alive "$pid" && ((SECONDS < deadline)); do
      if [[ $(timeout 2 redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null) == PONG ]]; then
        # The pid file is written just after the listening socket: wait for it too.
        while [[ ! -s $dir/redis.pid ]] && ((SECONDS < deadline)); do sleep 0.02; done
        [[ -s $dir/redis.pid ]] || echo "$pid" >"$dir/redis.pid"
        REDIS_PORT=$port
        return 0
      fi
      sleep 0.05
    done
    log "Redis did not start on port $port (attempt $attempt), see $dir/redis.log"
    kill -KILL "$pid" 2>/dev/null || true
    rm -f "$dir/redis.pid"
    ((SECONDS < deadline)) || break
  done
  die "Redis failed to start, see $dir/redis.log"
}

wait_for() {
  local what=$1 deadline=$((SECONDS + TIMEOUT))
  shift
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || die "timed out after ${TIMEOUT}s waiting for $what"
    sleep 0.1
  done
}

stop_postgres() {
  local dir=$1
  if [[ -f $dir/pg/postmaster.pid ]]; then
    as_pg "$PG_BIN/pg_ctl" -D "$dir/pg" -m fast -w -t "$TIMEOUT" stop >/dev/null \
      2>>"$dir/postgres.log" ||
      as_pg "$PG_BIN/pg_ctl" -D "$dir/pg" -m immediate -w stop >/dev/null 2>&1 || true
  fi
}

stop_redis() {
  local dir=$1 pid i
  redis_running "$dir" || {
    rm -f "$dir/redis.pid"
    return 0
  }
  pid=$(<"$dir/redis.pid")
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do
    alive "$pid" || break
    sleep 0.05
  done
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$dir/redis.pid"
}

cmd_start() {
  local dir=$1
  if [[ -f $dir/services.env ]] && pg_running "$dir" && redis_running "$dir"; then
    log "already running in $dir"
    cat "$dir/services.env"
    return 0
  fi
  # Something half-started before: clear it so the ports are chosen afresh.
  stop_postgres "$dir"
  stop_redis "$dir"
  rm -f "$dir/services.env"

  # postgres must be able to enter <dir> (mktemp -d makes it 0700).
  chmod 755 "$dir"
  STARTING_DIR=$dir
  trap 'log "start failed, stopping what was started"
        stop_postgres "$STARTING_DIR"; stop_redis "$STARTING_DIR"' EXIT
  start_postgres "$dir"
  start_redis "$dir"
  trap - EXIT

  cat >"$dir/services.env" <<EOF
export DB_DRIVER=postgres
export DB_HOST=127.0.0.1
export DB_PORT=$PG_PORT
export DB_USER=$PG_USER
export DB_PASSWORD=$PG_PASSWORD
export DB_NAME=$PG_DATABASE
export DB_SSL_MODE=disable
export REDIS_HOST=127.0.0.1
export REDIS_PORT=$REDIS_PORT
export REDIS_PASSWORD=
export REDIS_DB=0
EOF
  log "PostgreSQL on 127.0.0.1:$PG_PORT, Redis on 127.0.0.1:$REDIS_PORT (state in $dir)"
  cat "$dir/services.env"
}

cmd_stop() {
  local dir=$1
  [[ -d $dir ]] || return 0
  stop_postgres "$dir"
  stop_redis "$dir"
  rm -f "$dir/services.env"
  log "stopped services in $dir"
}

main() {
  if (($# != 2)); then
    usage
    exit 2
  fi
  local cmd=$1 dir=$2
  case "$cmd" in
    start)
      mkdir -p "$dir"
      dir=$(cd "$dir" && pwd -P)
      cmd_start "$dir"
      ;;
    env)
      [[ -d $dir ]] || die "no such directory: $dir"
      print_env "$(cd "$dir" && pwd -P)"
      ;;
    stop)
      [[ -d $dir ]] || exit 0
      cmd_stop "$(cd "$dir" && pwd -P)"
      ;;
    *)
      usage
      exit 2
      ;;
  esac
}

main "$@"
