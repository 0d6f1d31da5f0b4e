#!/usr/bin/env bash
# Booking creation throughput: wrk (Lua script, every request a distinct free slot) against
# POST /api/v1/bookings on PostgreSQL, next to pgbench running the equivalent SQL transaction
# (the availability reads, the booking INSERT, two notification rows) against the very same
# PostgreSQL database, all in one run on this machine. pgbench runs before and after Janji; the
# baseline is the mean of the two. Prints a Markdown table for bench/README.md.
#
# Usage: bench/booking.sh   (BENCH_DURATION=10 seconds, BENCH_CONNECTIONS=16 BENCH_THREADS=2 for
#                            wrk, BENCH_PG_CLIENTS=8 BENCH_PG_JOBS=2 for pgbench, BENCH_PROVIDERS=20,
#                            BENCH_PERF=/tmp/perf.data to profile the Janji phase system-wide)
# Needs: scripts/install-deps.sh --test (wrk, postgresql-15 with pgbench).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

duration=${BENCH_DURATION:-10}
connections=${BENCH_CONNECTIONS:-16}
threads=${BENCH_THREADS:-2}
pg_clients=${BENCH_PG_CLIENTS:-8}
pg_jobs=${BENCH_PG_JOBS:-2}
nproviders=${BENCH_PROVIDERS:-20}
build_dir=${BENCH_BUILD_DIR:-$root/build-bench}
# Five-minute slots 00:00 .. 23:50 (a slot ending at 24:00 is left out on both sides).
slots_per_day=287
# Janji books from two days ahead (past "today" in any provider time zone); pgbench from day 365
# on, so the two never ask for the same slot.
janji_first_day=2
pgbench_first_day=365

log() { echo "booking.sh: $*" >&2; }

# shellcheck source=bench/lib.sh
source bench/lib.sh
build_release "$build_dir" janji
janji=$build_dir/bin/janji

work=$(mktemp -d /tmp/janji-bench.XXXXXX)
chmod 755 "$work" # services.sh runs PostgreSQL as the postgres user below it
janji_pid=""
cleanup() {
  [[ -n $janji_pid ]] && kill "$janji_pid" 2>/dev/null && wait "$janji_pid" 2>/dev/null
  scripts/services.sh stop "$work/services" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT


api() { # api <method> <path> [json body]
  curl -fsS -X "$1" "http://127.0.0.1:$port$2" -H 'Content-Type: application/json' \
    ${token:+-H "Authorization: Bearer $token"} ${3:+--data "$3"}
}

register() { # register <role> -> session JSON
  api POST /api/v1/auth/register \
    '{"email":"bench.'"$1.$RANDOM$RANDOM"'@example.com","password":"benchmark1","full_name":"Bench User","role":"'"$1"'"}'
}

svc_env=$(scripts/services.sh start "$work/services")
eval "$svc_env"
psql_bench() { PGPASSWORD="$DB_PASSWORD" psql -qAtX -v ON_ERROR_STOP=1 -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" "$DB_NAME" "$@"; }

# start_janji [redis]: Janji on PostgreSQL (with Redis: the slot cache and the booking lock
# there too), as production runs it.
start_janji() {
  local redis_env=()
  [[ ${1:-} == redis ]] && redis_env=(REDIS_HOST="$REDIS_HOST" REDIS_PORT="$REDIS_PORT")
  if [[ -n $janji_pid ]]; then
    kill "$janji_pid" 2>/dev/null || true
    wait "$janji_pid" 2>/dev/null || true
  fi
  port=$(free_port)
  mkdir -p "$work/janji"
  env -i PATH="$PATH" HOME="$HOME" ENV=development HOST=127.0.0.1 PORT="$port" \
    DATA_DIR="$work/janji" LOG_LEVEL=warn BCRYPT_COST=4 REGISTER_MAX_PER_IP=100000 \
    NOTIFICATION_WORKER="${NOTIFICATION_WORKER:-true}" \
    DB_DRIVER=postgres DB_HOST="$DB_HOST" \
    DB_PORT="$DB_PORT" DB_USER="$DB_USER" DB_PASSWORD="$DB_PASSWORD" DB_NAME="$DB_NAME" \
    "${redis_env[@]}" "$janji" serve >>"$work/janji/janji.log" 2>&1 &
  janji_pid=$!
  wait_ready "$port"
}
start_janji

# Seed: N providers open every day 00:00-24:00 with a 5-minute service, and one customer.
log "seeding $nproviders providers"
: >"$work/providers.txt"
for i in $(seq 0 $((nproviders - 1))); do
  token=""
  session=$(register provider)
  token=$(json_field 'd["data"]["access_token"]' <<<"$session")
  owner_id=$(json_field 'd["data"]["user"]["id"]' <<<"$session")
  provider_id=$(api POST /api/v1/providers '{"business_name":"Bench Studio '"$i"'","business_type":"studio",
    "slot_interval_minutes":5,"min_notice_minutes":0,"max_advance_days":730}' |
    json_field 'd["data"]["provider"]["id"]')
  service_id=$(api POST "/api/v1/providers/$provider_id/services" \
    '{"name":"Slot","duration":5,"price":0}' | json_field 'd["data"]["service"]["id"]')
  for day in 0 1 2 3 4 5 6; do
    api POST "/api/v1/providers/$provider_id/schedules" \
      "{\"day_of_week\":$day,\"start_time\":\"00:00\",\"end_time\":\"24:00\"}" >/dev/null
  done
  echo "$i $provider_id $service_id $owner_id" >>"$work/providers.txt"
done
token=""
session=$(register customer)
customer_token=$(json_field 'd["data"]["access_token"]' <<<"$session")
customer_id=$(json_field 'd["data"]["user"]["id"]' <<<"$session")

# The same providers for pgbench, by index; its slots come from a sequence.
{
  echo "CREATE TABLE bench_providers (idx integer PRIMARY KEY, provider_id uuid NOT NULL,"
  echo "  service_id uuid NOT NULL, owner_id uuid NOT NULL);"
  echo "CREATE SEQUENCE bench_seq MINVALUE 0 START 0;"
  while read -r i p s o; do
    echo "INSERT INTO bench_providers VALUES ($i, '$p', '$s', '$o');"
  done <"$work/providers.txt"
} | psql_bench

# wrk: request n of thread t is booking number t + n * threads, mapped to (provider, day, slot),
# from day <first_day> on: write_lua <first_day> <file>.
write_lua() {
{
  echo "local providers = {"
  while read -r _ p s _; do echo "  {\"$p\", \"$s\"},"; done <"$work/providers.txt"
  echo "}"
  echo "local Y, M, D = $(date +%Y), $(date +%-m), $(date +%-d)"
  echo "local threads, slots_per_day, first_day = $threads, $slots_per_day, $1"
  echo "local headers = {[\"Content-Type\"] = \"application/json\","
  echo "  [\"Authorization\"] = \"Bearer $customer_token\"}"
  cat <<'LUA'
local np = #providers
local next_thread = 0
local counter = 0

function setup(thread)
  thread:set("thread_index", next_thread)
  next_thread = next_thread + 1
end

function init(args)
  counter = thread_index or 0
end

function request()
  local i = counter
  counter = counter + threads
  local p = providers[(i % np) + 1]
  local rest = math.floor(i / np)
  local mins = (rest % slots_per_day) * 5
  local day = first_day + math.floor(rest / slots_per_day)
  local date = os.date("%Y-%m-%d", os.time{year = Y, month = M, day = D + day, hour = 12})
  local body = string.format(
    '{"provider_id":"%s","service_id":"%s","booking_date":"%s","start_time":"%02d:%02d"}',
    p[1], p[2], date, math.floor(mins / 60), mins % 60)
  return wrk.format("POST", "/api/v1/bookings", headers, body)
end
LUA
} >"$2"
}
write_lua "$janji_first_day" "$work/booking.lua"
# The run with Redis books 60 days later, so it never asks for a slot the first run took.
write_lua $((janji_first_day + 60)) "$work/booking-redis.lua"

# One check request before the load (it takes booking number -1's place: a slot on day 1).
probe_date=$(date -d '+1 day' +%F)
read -r _ probe_provider probe_service _ <"$work/providers.txt"
token=$customer_token
api POST /api/v1/bookings "{\"provider_id\":\"$probe_provider\",\"service_id\":\"$probe_service\",
  \"booking_date\":\"$probe_date\",\"start_time\":\"12:00\"}" >/dev/null ||
  {
    log "probe booking failed"
    exit 1
  }

cat >"$work/booking.sql" <<SQL
SELECT nextval('bench_seq') AS n \\gset
\\set p :n % $nproviders
\\set slot 5 * ((:n / $nproviders) % $slots_per_day)
\\set day $pgbench_first_day + :n / ($nproviders * $slots_per_day)
SELECT provider_id AS pid, service_id AS sid, owner_id AS oid FROM bench_providers WHERE idx = :p \\gset
BEGIN;
SELECT * FROM service_providers WHERE id = :pid AND is_active;
SELECT * FROM services WHERE id = :sid AND provider_id = :pid AND deleted_at IS NULL;
SELECT day_of_week, start_time, end_time FROM availability_schedules
  WHERE provider_id = :pid AND is_active AND day_of_week = extract(dow FROM CURRENT_DATE + :day::integer)::integer;
SELECT exception_date, start_time, end_time, is_available FROM availability_exceptions
  WHERE provider_id = :pid AND exception_date = CURRENT_DATE + :day::integer;
SELECT start_time, end_time, starts_at, ends_at FROM bookings
  WHERE provider_id = :pid AND booking_date BETWEEN CURRENT_DATE + :day::integer - 1 AND CURRENT_DATE + :day::integer + 1
    AND status IN ('pending', 'confirmed');
INSERT INTO bookings (customer_id, provider_id, service_id, booking_date, start_time, end_time, status, starts_at, ends_at)
  VALUES (:cid, :pid, :sid, CURRENT_DATE + :day::integer, time '00:00' + make_interval(mins => :slot::integer),
          time '00:05' + make_interval(mins => :slot::integer), 'pending',
          (CURRENT_DATE + :day::integer + make_interval(mins => :slot::integer)) AT TIME ZONE 'Asia/Jakarta',
          (CURRENT_DATE + :day::integer + make_interval(mins => :slot::integer + 5)) AT TIME ZONE 'Asia/Jakarta')
  RETURNING id AS bid \\gset
INSERT INTO notifications (user_id, booking_id, type, recipient_email, payload)
  VALUES (:cid, :bid, 'booking_created', 'customer@example.com', '{}'),
         (:oid, :bid, 'booking_created', 'provider@example.com', '{}');
COMMIT;
SQL

results=()
record() { # record <label> <"rps p50 p99 errors">
  results+=("$1|$2")
  log "$1: $2"
}

# run_pgbench -> "tps p50 p99 failed" (percentiles from the per-transaction log)
run_pgbench() {
  local out logdir
  logdir=$(mktemp -d "$work/pglog.XXXXXX")
  chmod 777 "$logdir"
  if ! out=$(cd "$logdir" && PGPASSWORD="$DB_PASSWORD" pgbench -n -M prepared -c "$pg_clients" \
    -j "$pg_jobs" -T "$duration" -r -l --log-prefix=tx -D cid="$customer_id" \
    -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -f "$work/booking.sql" "$DB_NAME"); then
    log "pgbench failed"
    return 1
  fi
  echo "$out" >>"$work/pgbench.out"
  local tps failed
  tps=$(awk '/^tps = / {print $3}' <<<"$out")
  failed=$(awk '/number of failed transactions/ {print $5} END {}' <<<"$out")
  cat "$logdir"/tx.* | awk '{print $3}' | sort -n | awk -v tps="$tps" -v failed="${failed:-0}" '
    {v[NR] = $1} END {
      p50 = v[int(NR * 0.50) > 0 ? int(NR * 0.50) : 1]; p99 = v[int(NR * 0.99) > 0 ? int(NR * 0.99) : 1]
      printf "%.2f %.2fms %.2fms %s\n", tps, p50 / 1000, p99 / 1000, failed}'
}

# run_wrk <lua> -> "rps p50 p99 non2xx"
run_wrk() {
  local out
  out=$(wrk -t"$threads" -c"$connections" -d"${duration}s" --latency -s "$1" \
    "http://127.0.0.1:$port")
  echo "$out" >>"$work/wrk.out"
  awk '/Requests\/sec:/ {rps=$2} /^ +50%/ {p50=$2} /^ +99%/ {p99=$2}
       /Non-2xx or 3xx responses:/ {bad=$5}
       END {printf "%s %s %s %d\n", rps, p50, p99, bad}' <<<"$out"
}

# Every run starts from the same empty bookings table: the exclusion constraint's GiST index
# and the day reads get slower as the table grows (pgbench measured 1130 -> 595 tx/s after
# three runs' rows), which would favour whoever runs first.
reset_bookings() { psql_bench -c "TRUNCATE bookings CASCADE" 2>/dev/null; }

reset_bookings
r=$(run_pgbench)
record "pgbench, same transaction in SQL" "$r"
reset_bookings
# BENCH_PERF=<file>: a system-wide perf profile (Janji and PostgreSQL) of the wrk phase.
if [[ -n ${BENCH_PERF:-} ]]; then
  perf record -a -g -o "$BENCH_PERF" -- sleep "$duration" >/dev/null 2>&1 &
  perf_pid=$!
fi
r=$(run_wrk "$work/booking.lua")
record "Janji POST /api/v1/bookings" "$r"
[[ -n ${BENCH_PERF:-} ]] && wait "$perf_pid"
reset_bookings
start_janji redis
r=$(run_wrk "$work/booking-redis.lua")
record "Janji POST /api/v1/bookings, with Redis (slot cache, booking lock)" "$r"
reset_bookings
r=$(run_pgbench)
record "pgbench, same transaction in SQL (again)" "$r"

booked=$(psql_bench -c "SELECT count(*) FROM bookings WHERE customer_id = '$customer_id'")
log "bookings in the database after the last run: $booked"
if grep -q 'Non-2xx' "$work/wrk.out"; then
  log "wrk saw non-2xx answers; status codes of a sample:"
  tail -n 5 "$work/janji/janji.log" >&2 || true
fi

base=$(printf '%s\n' "${results[@]}" | awk -F'|' '/^pgbench/ {split($2, a, " "); s += a[1]; n++}
  END {printf "%.1f", s / n}')
echo
echo "wrk -t$threads -c$connections -d${duration}s --latency (Lua: one distinct free slot per request);" \
  "pgbench -n -M prepared -c $pg_clients -j $pg_jobs -T $duration;" \
  "$nproviders providers, $(nproc) cores, $(date -u +%F); baseline = mean pgbench = $base tx/s"
echo
echo "| Target | Bookings/s | p50 | p99 | Errors | Ratio to pgbench |"
echo "|---|---:|---:|---:|---:|---:|"
for r in "${results[@]}"; do
  label=${r%%|*}
  read -r rps p50 p99 errors <<<"${r#*|}"
  ratio=$(awk -v a="$rps" -v b="$base" 'BEGIN {printf "%.2f", a / b}')
  echo "| $label | $rps | $p50 | $p99 | $errors | $ratio |"
done
