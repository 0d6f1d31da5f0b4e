#!/usr/bin/env bash
# Notification delivery: how fast `janji worker` empties the outbox into a local SMTP server,
# next to Postfix's smtp-source sending the same number of messages of the same size to the same
# server over the same number of parallel sessions, in the same run; and, under 100 bookings/s
# over HTTP, the delay from a booking's commit to the acceptance of its mails by the server.
# Prints Markdown tables for bench/README.md.
#
# Throughput: N due booking_confirmed notifications (each its own confirmed booking and customer)
# are written with SQL; `janji worker` (OUTBOX_WORKERS threads, each with one reused SMTP
# connection) delivers them to scripts/sandbox/smtp_sink.py; then smtp-source -d (connections
# reused too) sends N copies of one of the messages Janji sent, to a fresh sink. Rates come from
# the sink's own arrival times (first to last message), so start-up is left out on both sides.
# Every row runs BENCH_ROUNDS interleaved rounds (Janji then smtp-source); the ratio is the
# median of the per-round ratios.
#
# Delay: `janji serve` with its delivery threads, a driver books 100 times a second (each booking
# writes two notifications: customer and provider), the sink logs each message's arrival; the
# delay of a mail is its arrival minus the moment the booking's 201 answer reached the driver
# (the commit is just before it).
#
# Usage: bench/notifications.sh
# Environment (defaults in parentheses):
#   BENCH_MESSAGES     notifications per throughput round (5000)
#   BENCH_ROUNDS       Janji + smtp-source rounds per backend (3)
#   BENCH_WORKERS      OUTBOX_WORKERS, and smtp-source's parallel sessions (2)
#   BENCH_BATCH        OUTBOX_BATCH_SIZE (10)
#   BENCH_BACKENDS     which databases ("sqlite postgres")
#   BENCH_RATE         bookings per second in the delay run (100)
#   BENCH_SECONDS      length of the delay run (20)
#   BENCH_BUILD_DIR    where the Release binary is built (build-bench)
# Needs: scripts/install-deps.sh --test (python3-aiosmtpd, postgresql-15); smtp-source comes
# from Debian's postfix package, unpacked into ~/.cache/janji-bench (never installed, so no
# Postfix daemon is configured or started).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

messages=${BENCH_MESSAGES:-5000}
rounds=${BENCH_ROUNDS:-3}
workers=${BENCH_WORKERS:-2}
batch=${BENCH_BATCH:-10}
backends=${BENCH_BACKENDS:-sqlite postgres}
rate=${BENCH_RATE:-100}
seconds=${BENCH_SECONDS:-20}
build_dir=${BENCH_BUILD_DIR:-$root/build-bench}
py=/usr/bin/python3 # Debian's, which has aiosmtpd

log() { echo "notifications.sh: $*" >&2; }
pretty() { case $1 in sqlite) echo SQLite ;; postgres) echo PostgreSQL ;; *) echo "$1" ;; esac; }

for v in messages rounds workers batch rate seconds; do
  if [[ ! ${!v} =~ ^[1-9][0-9]*$ ]]; then
    log "BENCH_${v^^} must be a positive integer, not '${!v}'"
    exit 2
  fi
done

# shellcheck source=bench/lib.sh
source bench/lib.sh
build_release "$build_dir" janji
janji=$build_dir/bin/janji

# smtp-source without Postfix: the package is downloaded and unpacked, not installed.
postfix_dir=${XDG_CACHE_HOME:-$HOME/.cache}/janji-bench/postfix
smtp_source=$postfix_dir/usr/sbin/smtp-source
if [[ ! -x $smtp_source ]]; then
  log "unpacking smtp-source from Debian's postfix package into $postfix_dir"
  mkdir -p "$postfix_dir"
  download=$(mktemp -d)
  chmod 777 "$download" # apt's _apt user writes there
  (cd "$download" && apt-get download postfix >&2) ||
    (apt-get update >&2 && cd "$download" && apt-get download postfix >&2)
  dpkg-deb -x "$download"/postfix_*.deb "$postfix_dir"
  rm -rf "$download"
fi

work=$(mktemp -d /tmp/janji-bench.XXXXXX)
chmod 755 "$work" # services.sh runs PostgreSQL as the postgres user below it
pids=()
cleanup() {
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  done
  scripts/services.sh stop "$work/services" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

forget_pid() { # forget_pid <pid>: no longer ours to stop
  local keep=() p
  for p in "${pids[@]}"; do [[ $p == "$1" ]] || keep+=("$p"); done
  pids=("${keep[@]}")
}

stop_pid() { # stop_pid <pid>: SIGTERM and wait
  kill "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
  forget_pid "$1"
}

# start_sink <dir>: the SMTP sink with an arrival log (<dir>/arrivals); sets sink_pid, sink_port.
start_sink() {
  mkdir -p "$1"
  "$py" scripts/sandbox/smtp_sink.py --port 0 --dir "$1/messages" --arrivals "$1/arrivals" \
    >"$1/ready" 2>"$1/sink.log" &
  sink_pid=$!
  pids+=("$sink_pid")
  for _ in $(seq 1 100); do
    [[ -s $1/ready ]] && break
    sleep 0.1
  done
  sink_port=$(awk '/^ready/ {print $2}' "$1/ready")
  [[ -n $sink_port ]] || {
    log "the sink did not start: $(cat "$1/sink.log")"
    exit 1
  }
  : >>"$1/arrivals"
}

# wait_arrivals <dir> <count> <seconds>: until the sink logged <count> messages.
wait_arrivals() {
  local deadline=$((SECONDS + $3))
  while (($(wc -l <"$1/arrivals") < $2)); do
    if ((SECONDS > deadline)); then
      log "only $(wc -l <"$1/arrivals") of $2 messages arrived in $3 s"
      return 1
    fi
    sleep 0.05
  done
}

# CPU time (ms) a process has used so far, all its threads.
cpu_ms() { awk '{print ($14 + $15) * 10}' "/proc/$1/stat" 2>/dev/null || echo 0; }
# CPU time (ms) of this run's PostgreSQL server processes (the postmaster's children: backends,
# WAL writer...), 0 without PostgreSQL. Backends that exited are no longer counted, so take it
# while the connections being measured are open.
pg_cpu_ms() {
  local pm=$work/services/pg/postmaster.pid total=0 p
  [[ -f $pm ]] || {
    echo 0
    return
  }
  for p in $(ps --ppid "$(head -1 "$pm")" -o pid=); do
    total=$((total + $(cpu_ms "$p")))
  done
  echo "$total"
}
# Committed transactions in the bench database so far (PostgreSQL's statistics, which lag by
# up to half a second: read after the sink has everything, while the worker idles).
xacts() {
  sleep 1
  echo "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database();" |
    sql_run postgres ""
}
per_msg() { awk -v t="$1" -v n="$messages" 'BEGIN {printf "%.2f", t / n}'; }

# rate_of <arrivals file>: messages per second from the first arrival to the last.
rate_of() {
  awk '{t[NR] = $1} END {if (NR < 2 || t[NR] <= t[1]) print 0; else printf "%.1f\n", (NR - 1) / (t[NR] - t[1])}' "$1"
}

# Environment of every Janji process: clean, Release, warnings only, mail to the sink.
janji_env() { # janji_env <backend> <data dir>
  local e=(PATH="$PATH" HOME="$HOME" ENV=development HOST=127.0.0.1 DATA_DIR="$2" LOG_LEVEL=warn
    BCRYPT_COST=4 REGISTER_MAX_PER_IP=1000000 MAIL_DRIVER=smtp SMTP_HOST=127.0.0.1
    SMTP_SECURITY=none SENDGRID_FROM_EMAIL=noreply@janji.bench OUTBOX_WORKERS="$workers"
    OUTBOX_BATCH_SIZE="$batch")
  if [[ $1 == postgres ]]; then
    e+=(DB_DRIVER=postgres DB_HOST="$DB_HOST" DB_PORT="$DB_PORT" DB_USER="$DB_USER"
      DB_PASSWORD="$DB_PASSWORD" DB_NAME="$DB_NAME" DB_SSL_MODE=disable)
  fi
  printf '%s\n' "${e[@]}"
}

run_janji() { # run_janji <backend> <data dir> <command> [VAR=value ...]: in the background
  local backend=$1 data=$2 cmd=$3
  shift 3
  mkdir -p "$data"
  local envs
  mapfile -t envs < <(janji_env "$backend" "$data")
  env -i "${envs[@]}" "$@" "$janji" "$cmd" >>"$data/janji.log" 2>&1 &
  janji_pid=$!
  pids+=("$janji_pid")
}

sql_run() { # sql_run <backend> <data dir>: SQL on stdin
  if [[ $1 == postgres ]]; then
    PGPASSWORD="$DB_PASSWORD" psql -qAtX -v ON_ERROR_STOP=1 -h "$DB_HOST" -p "$DB_PORT" \
      -U "$DB_USER" "$DB_NAME"
  else
    sqlite3 -batch -bail "$2/janji.db"
  fi
}

# seed_outbox <n> <tag>: SQL (both dialects: literal text the columns coerce) for one provider,
# n customers, n confirmed bookings from 3 days ahead (no reminder falls due) and n due
# booking_confirmed notifications, in one transaction.
seed_outbox() {
  "$py" - "$1" "$2" <<'PY'
import datetime, sys, uuid
n, tag = int(sys.argv[1]), sys.argv[2]
now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
stamp = now.strftime("%Y-%m-%dT%H:%M:%SZ")
owner, provider, service = (str(uuid.uuid4()) for _ in range(3))
out = ["BEGIN;"]
out.append(f"INSERT INTO users (id, email, password_hash, full_name, role, created_at, updated_at) VALUES ('{owner}', 'owner-{tag}@example.com', '-', 'Ibu Sari', 'provider', '{stamp}', '{stamp}');")
out.append(f"INSERT INTO service_providers (id, user_id, business_name, business_type, address, timezone, created_at, updated_at) VALUES ('{provider}', '{owner}', 'Salon {tag}', 'salon', 'Jl. Melati 5, Bandung', 'Asia/Jakarta', '{stamp}', '{stamp}');")
out.append(f"INSERT INTO services (id, provider_id, name, duration, created_at, updated_at) VALUES ('{service}', '{provider}', 'Potong rambut', 30, '{stamp}', '{stamp}');")
first_day = (now + datetime.timedelta(hours=7)).date() + datetime.timedelta(days=3)
users, bookings, notes = [], [], []
for i in range(n):
    user, booking, note = (str(uuid.uuid4()) for _ in range(3))
    day = first_day + datetime.timedelta(days=i // 16)
    local = datetime.datetime.combine(day, datetime.time(8)) + datetime.timedelta(minutes=30 * (i % 16))
    end = local + datetime.timedelta(minutes=30)
    starts = (local - datetime.timedelta(hours=7)).strftime("%Y-%m-%dT%H:%M:%SZ")  # Jakarta: UTC+7
    ends = (end - datetime.timedelta(hours=7)).strftime("%Y-%m-%dT%H:%M:%SZ")
    locale = "en" if i % 2 else "id"
    users.append(f"('{user}', 'customer-{tag}-{i}@example.com', '-', 'Pelanggan {i}', 'customer', '{locale}', '{stamp}', '{stamp}')")
    bookings.append(f"('{booking}', '{user}', '{provider}', '{service}', '{day.isoformat()}', '{local:%H:%M:00}', '{end:%H:%M:00}', 'confirmed', '{starts}', '{ends}', '{stamp}', '{stamp}')")
    notes.append(f"('{note}', '{user}', '{booking}', 'booking_confirmed', 'email', 'pending', '{{\"audience\":\"customer\",\"actor\":\"provider\"}}', '{stamp}', '{stamp}', '{stamp}')")
for rows, head in (
    (users, "INSERT INTO users (id, email, password_hash, full_name, role, locale, created_at, updated_at) VALUES "),
    (bookings, "INSERT INTO bookings (id, customer_id, provider_id, service_id, booking_date, start_time, end_time, status, starts_at, ends_at, created_at, updated_at) VALUES "),
    (notes, "INSERT INTO notifications (id, user_id, booking_id, type, channel, status, payload, next_attempt_at, created_at, updated_at) VALUES "),
):
    for k in range(0, len(rows), 500):
        out.append(head + ",\n".join(rows[k:k + 500]) + ";")
out.append("COMMIT;")
print("\n".join(out))
PY
}

# A Message-ID's notification id: <notification-<uuid>@domain>.
# ---------------------------------------------------------------------------------------------
# Throughput
# ---------------------------------------------------------------------------------------------
throughput_rows=()
cpu_rows=()
sample_size=""
if [[ $backends == *postgres* ]]; then
  eval "$(scripts/services.sh start "$work/services")"
fi

for backend in $backends; do
  data=$work/$backend
  mkdir -p "$data"
  # Migrate once, with nothing to deliver.
  run_janji "$backend" "$data" migrate
  wait "$janji_pid"
  forget_pid "$janji_pid"
  ratios=()
  janji_rates=()
  source_rates=()
  janji_cpus=()
  pg_cpus=()
  sink_cpus=()
  source_cpus=()
  source_sink_cpus=()
  for round in $(seq 1 "$rounds"); do
    tag="$backend$round$RANDOM"
    seed_outbox "$messages" "$tag" | sql_run "$backend" "$data"
    sink=$work/sink-janji-$tag
    start_sink "$sink"
    started=$EPOCHREALTIME
    pg_before=$(pg_cpu_ms)
    [[ $backend == postgres ]] && tx_before=$(xacts)
    run_janji "$backend" "$data" worker SMTP_PORT="$sink_port"
    wait_arrivals "$sink" "$messages" 600
    wall=$(awk -v a="$started" -v b="$EPOCHREALTIME" 'BEGIN {printf "%.2f", b - a}')
    janji_cpu=$(per_msg "$(cpu_ms "$janji_pid")")
    pg_cpu=$(per_msg $(($(pg_cpu_ms) - pg_before)))
    sink_cpu=$(per_msg "$(cpu_ms "$sink_pid")")
    [[ $backend == postgres ]] && log "postgres round $round: $(per_msg $(($(xacts) - tx_before))) transactions per message"
    stop_pid "$janji_pid"
    stop_pid "$sink_pid"
    sent=$(echo "SELECT count(*) FROM notifications WHERE status = 'sent';" | sql_run "$backend" "$data")
    if ((sent != messages * round)); then
      log "$backend: $sent rows sent, expected $((messages * round)); see $data/janji.log"
      exit 1
    fi
    janji_rate=$(rate_of "$sink/arrivals")

    # The message smtp-source sends: the median-sized one Janji just sent, without the sink's
    # lines; smtp-source appends CRLF to every line itself.
    sample=$(sort -t$'\t' -k3,3n "$sink/arrivals" | awk -v m="$messages" 'NR == int((m + 1) / 2) {print $2}')
    file=$(grep -l -F -m1 "$sample" "$sink"/messages/*.eml | head -1)
    grep -v '^X-Sink-' "$file" | tr -d '\r' >"$work/sample.eml"
    sample_size=$(wc -c <"$file")
    rm -rf "$sink"

    sink=$work/sink-source-$tag
    start_sink "$sink"
    /usr/bin/time -f "%U %S" -o "$work/source.time" env \
      LD_LIBRARY_PATH="$postfix_dir/usr/lib/postfix" "$smtp_source" -d -s "$workers" \
      -m "$messages" -F "$work/sample.eml" -f noreply@janji.bench -t customer@example.com \
      -M janji.bench "127.0.0.1:$sink_port"
    wait_arrivals "$sink" "$messages" 60
    source_cpu=$(per_msg "$(awk '{printf "%d", ($1 + $2) * 1000}' "$work/source.time")")
    source_sink_cpu=$(per_msg "$(cpu_ms "$sink_pid")")
    stop_pid "$sink_pid"
    source_rate=$(rate_of "$sink/arrivals")
    rm -rf "$sink"
    ratio=$(awk -v a="$janji_rate" -v b="$source_rate" 'BEGIN {printf "%.2f", a / b}')
    log "$backend round $round: janji $janji_rate msg/s (wall $wall s), smtp-source $source_rate msg/s, ratio $ratio"
    log "$backend round $round: CPU ms/msg: janji $janji_cpu, postgres $pg_cpu, sink $sink_cpu; smtp-source $source_cpu, sink $source_sink_cpu"
    ratios+=("$ratio")
    janji_rates+=("$janji_rate")
    source_rates+=("$source_rate")
    janji_cpus+=("$janji_cpu")
    pg_cpus+=("$pg_cpu")
    sink_cpus+=("$sink_cpu")
    source_cpus+=("$source_cpu")
    source_sink_cpus+=("$source_sink_cpu")
  done
  median() { printf '%s\n' "$@" | sort -g | awk '{v[NR] = $1} END {if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
  minmax() { printf '%s\n' "$@" | sort -g | awk 'NR == 1 {lo = $1} {hi = $1} END {print lo "-" hi}'; }
  cpu_rows+=("| $(pretty "$backend") | $(median "${janji_cpus[@]}") | $([[ $backend == postgres ]] && median "${pg_cpus[@]}" || echo "(in Janji)") | $(median "${sink_cpus[@]}") | $(median "${source_cpus[@]}") | $(median "${source_sink_cpus[@]}") |")
  throughput_rows+=("| $(pretty "$backend") | $(median "${janji_rates[@]}") | $(median "${source_rates[@]}") | $(median "${ratios[@]}") | $(minmax "${ratios[@]}") |")
done

# ---------------------------------------------------------------------------------------------
# Delay under load
# ---------------------------------------------------------------------------------------------
delay_rows=()
for backend in $backends; do
  data=$work/delay-$backend
  sink=$work/sink-delay-$backend
  start_sink "$sink"
  port=$(free_port)
  run_janji "$backend" "$data" serve PORT="$port" SMTP_PORT="$sink_port"
  wait_ready "$port"
  api() { # api <method> <path> [json body]
    curl -fsS -X "$1" "http://127.0.0.1:$port$2" -H 'Content-Type: application/json' \
      ${token:+-H "Authorization: Bearer $token"} ${3:+--data "$3"}
  }
  register() { # register <role> -> session JSON
    api POST /api/v1/auth/register \
      '{"email":"bench.'"$1.$RANDOM$RANDOM"'@example.com","password":"benchmark1","full_name":"Bench User","role":"'"$1"'"}'
  }
  # Four providers open around the clock with a 5-minute service; one customer books them all.
  : >"$work/providers.txt"
  for i in 0 1 2 3; do
    token=""
    token=$(register provider | json_field 'd["data"]["access_token"]')
    provider_id=$(api POST /api/v1/providers '{"business_name":"Bench Studio '"$i"'","business_type":"studio",
      "address":"Jl. Bench '"$i"'","slot_interval_minutes":5,"min_notice_minutes":0,"max_advance_days":730}' |
      json_field 'd["data"]["provider"]["id"]')
    service_id=$(api POST "/api/v1/providers/$provider_id/services" \
      '{"name":"Slot","duration":5,"price":0}' | json_field 'd["data"]["service"]["id"]')
    for day in 0 1 2 3 4 5 6; do
      api POST "/api/v1/providers/$provider_id/schedules" \
        "{\"day_of_week\":$day,\"start_time\":\"00:00\",\"end_time\":\"24:00\"}" >/dev/null
    done
    echo "$provider_id $service_id" >>"$work/providers.txt"
  done
  token=""
  customer_token=$(register customer | json_field 'd["data"]["access_token"]')
  # Mails of the set-up (none expected: registration mails go elsewhere) are not measured.
  sleep 2
  skip=$(wc -l <"$sink/arrivals")

  log "$backend: booking $rate/s for $seconds s ($skip mail(s) during the set-up, not measured)"
  "$py" - "$port" "$customer_token" "$work/providers.txt" "$rate" "$seconds" \
    >"$work/bookings-$backend.tsv" <<'PY'
import datetime, http.client, itertools, json, sys, threading, time
port, token, providers_file, rate, seconds = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
providers = [line.split() for line in open(providers_file) if line.strip()]
total = rate * seconds
first = datetime.date.today() + datetime.timedelta(days=2)
slots_per_day = 287  # 00:00 .. 23:50, five minutes each
counter = itertools.count()
lock = threading.Lock()
results = []
start = time.time() + 0.5

def body(i):
    p = providers[i % len(providers)]
    rest = i // len(providers)
    day = first + datetime.timedelta(days=rest // slots_per_day)
    minutes = (rest % slots_per_day) * 5
    return json.dumps({"provider_id": p[0], "service_id": p[1], "booking_date": day.isoformat(),
                       "start_time": "%02d:%02d" % (minutes // 60, minutes % 60)})

def run():
    conn = http.client.HTTPConnection("127.0.0.1", int(port), timeout=30)
    headers = {"Content-Type": "application/json", "Authorization": "Bearer " + token}
    while True:
        i = next(counter)
        if i >= total:
            return
        due = start + i / rate
        pause = due - time.time()
        if pause > 0:
            time.sleep(pause)
        sent = time.time()
        try:
            conn.request("POST", "/api/v1/bookings", body(i), headers)
            r = conn.getresponse()
            data = r.read()
        except Exception as e:
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", int(port), timeout=30)
            with lock:
                results.append((i, "", sent, time.time(), "error " + str(e)))
            continue
        done = time.time()
        booking = json.loads(data)["data"]["booking"]["id"] if r.status == 201 else ""
        with lock:
            results.append((i, booking, sent, done, str(r.status)))

threads = [threading.Thread(target=run) for _ in range(16)]
for t in threads: t.start()
for t in threads: t.join()
for i, booking, sent, done, status in sorted(results):
    print("%d\t%s\t%.6f\t%.6f\t%s" % (i, booking, sent, done, status))
PY
  created=$(awk -F'\t' '$5 == 201' "$work/bookings-$backend.tsv" | wc -l)
  failed=$((rate * seconds - created))
  expected=$((skip + 2 * created))
  if ! wait_arrivals "$sink" "$expected" 300; then
    log "$backend: janji's log ends with:"
    tail -20 "$data/janji.log" >&2
    kill -0 "$sink_pid" 2>/dev/null || log "the sink is no longer running"
    log "the sink's log: $(tail -5 "$sink/sink.log")"
  fi
  sleep 1
  stop_pid "$janji_pid"
  stop_pid "$sink_pid"
  # notification id -> booking id, from the database.
  echo "SELECT id, booking_id FROM notifications WHERE booking_id IS NOT NULL;" |
    sql_run "$backend" "$data" >"$work/notes-$backend.txt"
  delay_rows+=("$("$py" - "$work/bookings-$backend.tsv" "$work/notes-$backend.txt" "$sink/arrivals" "$skip" "$backend" "$failed" <<'PY'
import sys
bookings_file, notes_file, arrivals_file, skip, backend, failed = sys.argv[1:7]
committed, latency = {}, []
for line in open(bookings_file):
    i, booking, sent, done, status = line.rstrip("\n").split("\t")
    if status == "201":
        committed[booking] = float(done)
        latency.append(float(done) - float(sent))
booking_of = dict(line.strip().split("|") for line in open(notes_file) if "|" in line)
delays, unknown = [], 0
for line in list(open(arrivals_file))[int(skip):]:
    at, message_id, _ = line.rstrip("\n").split("\t")
    note = message_id.strip("<>").split("@")[0].removeprefix("notification-")
    booking = booking_of.get(note)
    if booking not in committed:
        unknown += 1
        continue
    delays.append(float(at) - committed[booking])
def pct(v, p):
    v = sorted(v)
    return v[min(len(v) - 1, int(len(v) * p))] if v else float("nan")
name = {"sqlite": "SQLite", "postgres": "PostgreSQL"}[backend]
print("| %s | %d | %d | %d | %.1f ms | %.1f ms | %.1f ms | %.1f ms |" % (
    name, len(committed), int(failed), len(delays), pct(delays, 0.5) * 1000,
    pct(delays, 0.99) * 1000, max(delays) * 1000 if delays else float("nan"),
    pct(latency, 0.5) * 1000) + (" (%d mails not matched)" % unknown if unknown else ""))
PY
)")
done

commit=$(git rev-parse --short HEAD)
cat <<EOF
$(date +%F), commit $commit, $(nproc) CPUs; $messages notifications per round, $rounds round(s) of Janji then smtp-source; OUTBOX_WORKERS=$workers, OUTBOX_BATCH_SIZE=$batch, smtp-source -d -s $workers; message size ${sample_size} bytes

| Database | Janji msgs/s | smtp-source msgs/s | Ratio to smtp-source | Ratio (min-max) |
|---|---:|---:|---:|---:|
$(printf '%s\n' "${throughput_rows[@]}")

CPU time per message (ms, median of the rounds)

| Database | Janji | PostgreSQL | Sink, Janji's round | smtp-source | Sink, smtp-source's round |
|---|---:|---:|---:|---:|---:|
$(printf '%s\n' "${cpu_rows[@]}")

Delay from the booking's 201 to the sink's acceptance, $rate bookings/s for $seconds s over HTTP (two mails per booking), \`janji serve\` with OUTBOX_WORKERS=$workers

| Database | Bookings | Failed requests | Mails | Delay p50 | Delay p99 | Delay max | Booking request p50 |
|---|---:|---:|---:|---:|---:|---:|---:|
$(printf '%s\n' "${delay_rows[@]}")
EOF
