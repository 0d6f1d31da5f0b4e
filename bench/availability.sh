#!/usr/bin/env bash
# Availability throughput: wrk against GET /api/v1/providers/:id/availability of a busy seeded
# provider, answered from the slot cache and computed from the database (SLOT_CACHE_TTL=0), on
# SQLite, PostgreSQL and PostgreSQL + Redis, next to nginx serving a static file with the very
# same JSON body, all in one run on this machine. Prints a Markdown table for bench/README.md.
#
# This machine's speed drifts by tens of percent over minutes, so every row runs interleaved
# rounds: one wrk run against nginx immediately followed by one against Janji. A row's ratio is
# the median over its rounds of Janji req/s / nginx req/s of the same round (min-max shown too).
#
# Usage: bench/availability.sh
# Environment (defaults in parentheses):
#   BENCH_DURATION     wrk duration of every measured run (5s)
#   BENCH_ROUNDS       nginx+Janji rounds per row (3); about 6 rows x 2 x ROUNDS x DURATION
#   BENCH_CONNECTIONS  wrk connections (32)
#   BENCH_THREADS      wrk threads (1)
#   BENCH_WARMUP       unrecorded wrk run against Janji before a row's first round (1s; 0 = none)
#   BENCH_BUILD_DIR    where the Release binary is built (build-bench)
# Needs: scripts/install-deps.sh --test (wrk, nginx-light, postgresql-15, redis-server).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

duration=${BENCH_DURATION:-5s}
rounds=${BENCH_ROUNDS:-3}
connections=${BENCH_CONNECTIONS:-32}
threads=${BENCH_THREADS:-1}
warmup=${BENCH_WARMUP:-1s}
build_dir=${BENCH_BUILD_DIR:-$root/build-bench}

log() { echo "availability.sh: $*" >&2; }

if [[ ! $rounds =~ ^[1-9][0-9]*$ ]]; then
  log "BENCH_ROUNDS must be a positive integer, not '$rounds'"
  exit 2
fi

# shellcheck source=bench/lib.sh
source bench/lib.sh
build_release "$build_dir" janji
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
import datetime, sys, uuid
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
# The provider keeps the default zone, Asia/Jakarta (UTC+7 all year): the stored instants.
midnight = datetime.datetime.fromisoformat(date) - datetime.timedelta(hours=7)
def instant(minutes):
    return (midnight + datetime.timedelta(minutes=minutes)).strftime("%Y-%m-%dT%H:%M:%SZ")
for t in starts:
    s, e = f"{t // 60:02d}:{t % 60:02d}:00", f"{(t + 10) // 60:02d}:{(t + 10) % 60:02d}:00"
    rows.append(f"('{uuid.uuid4()}','{owner}','{provider}','{service}','{date}','{s}','{e}',"
                f"'confirmed','{instant(t)}','{instant(t + 10)}')")
print("INSERT INTO bookings (id, customer_id, provider_id, service_id, booking_date, start_time,"
      " end_time, status, starts_at, ends_at) VALUES " + ",\n".join(rows) + ";")
PY
}

# run_wrk <url> [duration] -> "requests_per_second p50 p99"
run_wrk() {
  local out
  out=$(wrk -t"$threads" -c"$connections" -d"${2:-$duration}" --latency "$1")
  awk '/Requests\/sec:/ {rps=$2} /^ +50%/ {p50=$2} /^ +99%/ {p99=$2}
       END {if (rps == "") exit 1; printf "%s %s %s\n", rps, p50, p99}' <<<"$out"
}

# One line per round: label, nginx req/s, Janji req/s, Janji p50, Janji p99 (tab-separated).
rounds_file=$work/rounds.tsv
: >"$rounds_file"
body_sizes=()

# bench_row <label> <Janji url>: the warm-up, then the interleaved nginx/Janji rounds.
bench_row() {
  local label=$1 url=$2 round n j n_rps j_rps j_p50 j_p99
  if [[ $warmup != 0 && $warmup != 0s ]]; then
    run_wrk "$url" "$warmup" >/dev/null
  fi
  for ((round = 1; round <= rounds; round++)); do
    n=$(run_wrk "$nginx_url")
    j=$(run_wrk "$url")
    read -r n_rps _ <<<"$n"
    read -r j_rps j_p50 j_p99 <<<"$j"
    printf '%s\t%s\t%s\t%s\t%s\n' "$label" "$n_rps" "$j_rps" "$j_p50" "$j_p99" >>"$rounds_file"
    log "$label, round $round/$rounds: nginx $n_rps req/s, Janji $j_rps req/s" \
      "(p50 $j_p50, p99 $j_p99), ratio $(awk -v a="$j_rps" -v b="$n_rps" 'BEGIN {printf "%.3f", a / b}')"
  done
}

start_nginx() {
  local nport
  nport=$(free_port)
  mkdir -p "$work/www"
  echo '{}' >"$work/www/slots.json"  # replaced by each backend's real body before its rows
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
  nginx_url="http://127.0.0.1:$nport/slots.json"
  wait_url "$nginx_url" 50 && return 0
  log "nginx did not start (see $work/nginx-error.log)"
  return 1
}

# bench_backend <label> <data dir> <sql runner> [env...]: seeds the busy provider, puts the
# availability answer in nginx's file, then the cached and the uncached row.
bench_backend() {
  local label=$1 data=$2 runner=$3
  shift 3
  start_janji "$data" "$@"
  seed_busy_provider >"$work/bookings.sql"
  $runner <"$work/bookings.sql"
  stop_janji
  local url_path="/api/v1/providers/$provider_id/availability?date=$date&service_id=$service_id"
  start_janji "$data" "$@"
  curl -fsS "http://127.0.0.1:$port$url_path" >"$work/www/slots.json"
  body_sizes+=("$(wc -c <"$work/www/slots.json")")
  bench_row "$label, cached" "http://127.0.0.1:$port$url_path"
  stop_janji
  start_janji "$data" SLOT_CACHE_TTL=0 "$@"
  curl -fsS "http://127.0.0.1:$port$url_path" >"$work/uncached.json"
  if ! cmp -s "$work/www/slots.json" "$work/uncached.json"; then
    log "$label: the uncached answer differs from the cached one (nginx serves the cached one)"
  fi
  bench_row "$label, uncached" "http://127.0.0.1:$port$url_path"
  stop_janji
}

# Started once and kept for the whole run: every round's baseline comes from the same nginx.
start_nginx
run_wrk "$nginx_url" 1s >/dev/null  # warm-up

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

sizes=$(printf '%s\n' "${body_sizes[@]}" | sort -un | paste -sd/)
echo
echo "wrk -t$threads -c$connections -d$duration, rounds of nginx then Janji per row: $rounds," \
  "$(nproc) cores, $(date -u +%F); nginx serves the same JSON body ($sizes bytes)"
echo
# Median: the middle value, or the mean of the two middle values for an even number of rounds.
# p50/p99 are those of the median Janji round (the lower of the two middle ones when even).
python3 - "$rounds_file" <<'PY'
import statistics, sys

rows = {}
with open(sys.argv[1]) as f:
    for line in f:
        label, n, j, p50, p99 = line.rstrip("\n").split("\t")
        rows.setdefault(label, []).append((float(n), float(j), p50, p99))
print("| Target | Janji req/s | nginx req/s | Ratio to nginx | Ratio (min-max) | p50 | p99 |")
print("|---|---:|---:|---:|---:|---:|---:|")
for label, rs in rows.items():
    ratios = [j / n for n, j, _, _ in rs]
    mid = sorted(rs, key=lambda r: r[1])[(len(rs) - 1) // 2]
    print(f"| {label} | {statistics.median(r[1] for r in rs):.0f}"
          f" | {statistics.median(r[0] for r in rs):.0f} | {statistics.median(ratios):.2f}"
          f" | {min(ratios):.2f}-{max(ratios):.2f} | {mid[2]} | {mid[3]} |")
nginx = [r[0] for rs in rows.values() for r in rs]
print(f"\nnginx over all {len(nginx)} rounds: {min(nginx):.0f}-{max(nginx):.0f} req/s"
      f" (median {statistics.median(nginx):.0f})")
PY
