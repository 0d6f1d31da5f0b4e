#!/usr/bin/env bash
# Availability throughput: wrk against GET /api/v1/providers/:id/availability of a busy seeded
# provider, answered from the slot cache and computed from the database (SLOT_CACHE_TTL=0), on
# SQLite, PostgreSQL and PostgreSQL + Redis, next to nginx serving a static file with the very
# same JSON body, all in one run on this machine. Prints a Markdown table for bench/README.md.
#
# Usage: bench/availability.sh            (BENCH_DURATION=10s BENCH_CONNECTIONS=32 BENCH_THREADS=1)
# Needs: scripts/install-deps.sh --test (wrk, nginx-light, postgresql-15, redis-server).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

duration=${BENCH_DURATION:-10s}
connections=${BENCH_CONNECTIONS:-32}
threads=${BENCH_THREADS:-1}
build_dir=${BENCH_BUILD_DIR:-$root/build-bench}

log() { echo "availability.sh: $*" >&2; }

scripts/install-deps.sh --test >&2
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=Release -DJANJI_BUILD_TESTS=OFF \
  -DJANJI_BUILD_BENCH=ON >/dev/null
cmake --build "$build_dir" --target janji -j "$(nproc)" >&2
janji=$build_dir/bin/janji

work=$(mktemp -d /tmp/janji-bench.XXXXXX)
chmod 755 "$work"  # services.sh runs PostgreSQL as the postgres user below it
janji_pid=""
nginx_pid=""
cleanup() {
  [[ -n $janji_pid ]] && kill "$janji_pid" 2>/dev/null && wait "$janji_pid" 2>/dev/null
  [[ -n $nginx_pid ]] && kill "$nginx_pid" 2>/dev/null && wait "$nginx_pid" 2>/dev/null
  scripts/services.sh stop "$work/services" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

# shellcheck source=bench/lib.sh
source bench/lib.sh

# start_janji <data dir> [VAR=value ...]: runs the Release binary with a clean environment.
start_janji() {
  local data=$1
  shift
  port=$(free_port)
  mkdir -p "$data"
  env -i PATH="$PATH" HOME="$HOME" ENV=development HOST=127.0.0.1 PORT="$port" \
    DATA_DIR="$data" LOG_LEVEL=warn BCRYPT_COST=4 "$@" "$janji" serve >"$data/janji.log" 2>&1 &
  janji_pid=$!
  wait_ready "$port"
}

stop_janji() {
  kill "$janji_pid" 2>/dev/null
  wait "$janji_pid" 2>/dev/null || true
  janji_pid=""
}

api() {  # api <method> <path> [json body]
  curl -fsS -X "$1" "http://127.0.0.1:$port$2" -H 'Content-Type: application/json' \
    ${token:+-H "Authorization: Bearer $token"} ${3:+--data "$3"}
}

# Creates the busy provider of the slot finder benchmark: three ranges every day, a 5-minute
# interval, a 30-minute service with a 10-minute after-buffer, and 40 bookings on the day.
# Sets provider_id, service_id, owner_id, date; prints the booking INSERTs on fd 3.
seed_busy_provider() {
  token=""
  local session
  session=$(api POST /api/v1/auth/register \
    '{"email":"bench.'"$RANDOM$RANDOM"'@example.com","password":"benchmark1","full_name":"Bench Owner","role":"provider"}')
  token=$(json_field 'd["data"]["access_token"]' <<<"$session")
  owner_id=$(json_field 'd["data"]["user"]["id"]' <<<"$session")
  provider_id=$(api POST /api/v1/providers '{"business_name":"Bench Studio","business_type":"studio",
    "slot_interval_minutes":5,"min_notice_minutes":0,"max_advance_days":365}' |
    json_field 'd["data"]["provider"]["id"]')
  service_id=$(api POST "/api/v1/providers/$provider_id/services" \
    '{"name":"Session","duration":30,"price":100000,"buffer_after_minutes":10}' |
    json_field 'd["data"]["service"]["id"]')
  short_id=$(api POST "/api/v1/providers/$provider_id/services" \
    '{"name":"Short","duration":10,"price":50000}' | json_field 'd["data"]["service"]["id"]')
  for day in 0 1 2 3 4 5 6; do
    for range in 08:00-12:00 13:00-17:00 18:00-21:00; do
      api POST "/api/v1/providers/$provider_id/schedules" \
        "{\"day_of_week\":$day,\"start_time\":\"${range%-*}\",\"end_time\":\"${range#*-}\"}" >/dev/null
    done
  done
  date=$(date -d '+7 days' +%F)
  python3 - "$owner_id" "$provider_id" "$short_id" "$date" <<'PY'
import sys, uuid
owner, provider, service, date = sys.argv[1:]
# Runs of 8 back-to-back 10-minute bookings, each followed by a free hour, until 40.
starts = []
for lo, hi in ((8 * 60, 12 * 60), (13 * 60, 17 * 60), (18 * 60, 21 * 60)):
    t = lo
    while t + 10 <= hi and len(starts) < 40:
        for _ in range(8):
            if t + 10 > hi or len(starts) == 40:
                break
            starts.append(t)
            t += 10
        t += 60
rows = []
for t in starts:
    s, e = f"{t // 60:02d}:{t % 60:02d}:00", f"{(t + 10) // 60:02d}:{(t + 10) % 60:02d}:00"
    rows.append(f"('{uuid.uuid4()}','{owner}','{provider}','{service}','{date}','{s}','{e}','confirmed')")
print("INSERT INTO bookings (id, customer_id, provider_id, service_id, booking_date, start_time,"
      " end_time, status) VALUES " + ",\n".join(rows) + ";")
PY
}

# run_wrk <url> -> "requests_per_second p50 p99"
run_wrk() {
  local out
  out=$(wrk -t"$threads" -c"$connections" -d"$duration" --latency "$1")
  awk '/Requests\/sec:/ {rps=$2} /^ +50%/ {p50=$2} /^ +99%/ {p99=$2}
       END {printf "%s %s %s\n", rps, p50, p99}' <<<"$out"
}

results=()
record() {  # record <label> <wrk result>
  results+=("$1|$2")
  log "$1: $2"
}

start_nginx() {
  local nport
  nport=$(free_port)
  mkdir -p "$work/www"
  cat >"$work/nginx.conf" <<CONF
daemon off;
user root;
worker_processes auto;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  server {
    listen 127.0.0.1:$nport;
    root $work/www;
    location / { default_type application/json; }
  }
}
CONF
  nginx -c "$work/nginx.conf" -p "$work" &
  nginx_pid=$!
  for _ in $(seq 1 50); do
    curl -fs "http://127.0.0.1:$nport/slots.json" >/dev/null 2>&1 && break
    sleep 0.1
  done
  nginx_url="http://127.0.0.1:$nport/slots.json"
}

bench_backend() {  # bench_backend <label> <data dir> <sql runner> [env...]
  local label=$1 data=$2 runner=$3
  shift 3
  start_janji "$data" "$@"
  seed_busy_provider >"$work/bookings.sql"
  $runner <"$work/bookings.sql"
  stop_janji
  local url_path="/api/v1/providers/$provider_id/availability?date=$date&service_id=$service_id"
  start_janji "$data" "$@"
  mkdir -p "$work/www"
  curl -fsS "http://127.0.0.1:$port$url_path" >"$work/www/slots.json"
  if [[ -z $nginx_pid ]]; then
    start_nginx
    record "nginx static file ($(wc -c <"$work/www/slots.json") bytes)" "$(run_wrk "$nginx_url")"
  fi
  record "$label, cached" "$(run_wrk "http://127.0.0.1:$port$url_path")"
  stop_janji
  start_janji "$data" SLOT_CACHE_TTL=0 "$@"
  record "$label, uncached" "$(run_wrk "http://127.0.0.1:$port$url_path")"
  stop_janji
}

sqlite_runner() { sqlite3 "$work/sqlite/janji.db"; }
bench_backend "SQLite" "$work/sqlite" sqlite_runner

svc_env=$(scripts/services.sh start "$work/services")
eval "$svc_env"
pg_env=(DB_DRIVER=postgres DB_HOST="$DB_HOST" DB_PORT="$DB_PORT" DB_USER="$DB_USER"
  DB_PASSWORD="$DB_PASSWORD" DB_NAME="$DB_NAME")
pg_runner() { PGPASSWORD="$DB_PASSWORD" psql -q -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" "$DB_NAME" >/dev/null; }
bench_backend "PostgreSQL" "$work/pg" pg_runner "${pg_env[@]}"
bench_backend "PostgreSQL + Redis" "$work/pgredis" pg_runner "${pg_env[@]}" \
  REDIS_HOST="$REDIS_HOST" REDIS_PORT="$REDIS_PORT"

record "nginx static file (again)" "$(run_wrk "$nginx_url")"

# The baseline is the mean of the two nginx runs.
base=$(printf '%s\n' "${results[@]}" | awk -F'|' '/^nginx/ {split($2, a, " "); s += a[1]; n++}
  END {printf "%.1f", s / n}')
echo
echo "wrk -t$threads -c$connections -d$duration, $(nproc) cores, $(date -u +%F); baseline = mean nginx = $base req/s"
echo
echo "| Target | Requests/s | p50 | p99 | Ratio to nginx |"
echo "|---|---:|---:|---:|---:|"
for r in "${results[@]}"; do
  label=${r%%|*}
  read -r rps p50 p99 <<<"${r#*|}"
  ratio=$(awk -v a="$rps" -v b="$base" 'BEGIN {printf "%.2f", a / b}')
  echo "| $label | $rps | $p50 | $p99 | $ratio |"
done
