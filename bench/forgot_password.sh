#!/usr/bin/env bash
# Can POST /api/v1/auth/forgot-password tell a registered address from an unknown one by its
# response time? A Release build of Janji (embedded SQLite, log mailer), one registered address,
# then BENCH_REQUESTS requests alternating known / unknown over one keep-alive connection, with
# the forgot-password limits raised so that every request does the full work. Prints the
# median and mean per class and the accuracy of the best single-threshold classifier ("slower
# than t means registered"), both fitted on all samples (optimistic) and fitted on the even
# samples and scored on the odd ones (honest). Chance is 50%.
#
# Usage: bench/forgot_password.sh   (BENCH_REQUESTS=400, BENCH_WARMUP=40, BENCH_PAUSE_MS=0 between
#                                    requests,
#                                    BENCH_JANJI=<binary> to measure another build, e.g. the base
#                                    commit's, instead of building this tree)
# Not a test: numbers go in bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

requests=${BENCH_REQUESTS:-400}
pause_ms=${BENCH_PAUSE_MS:-0}
warmup=${BENCH_WARMUP:-40}
build_dir=${BENCH_BUILD_DIR:-$root/build-bench}

log() { echo "forgot_password.sh: $*" >&2; }

# shellcheck source=bench/lib.sh
source bench/lib.sh
if [[ -n ${BENCH_JANJI:-} ]]; then
  janji=$BENCH_JANJI
else
  build_release "$build_dir" janji
  janji=$build_dir/bin/janji
fi

work=$(mktemp -d /tmp/janji-bench-forgot.XXXXXX)
janji_pid=""
cleanup() {
  [[ -n $janji_pid ]] && kill "$janji_pid" 2>/dev/null && wait "$janji_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

port=$(free_port)
env -i PATH="$PATH" HOME="$HOME" ENV=development HOST=127.0.0.1 PORT="$port" \
  DATA_DIR="$work/data" LOG_LEVEL=warn BCRYPT_COST=4 \
  FORGOT_PASSWORD_MAX_PER_ACCOUNT=1000000 FORGOT_PASSWORD_MAX_PER_IP=1000000 \
  REGISTER_MAX_PER_IP=1000000 "$janji" serve >"$work/janji.log" 2>&1 &
janji_pid=$!
wait_ready "$port"

known="bench.known.$RANDOM$RANDOM@example.com"
curl -fsS -X POST "http://127.0.0.1:$port/api/v1/auth/register" -H 'Content-Type: application/json' \
  --data '{"email":"'"$known"'","password":"benchmark1","full_name":"Bench User"}' >/dev/null
log "$requests requests ($warmup warm-up) against $janji"

python3 - "$port" "$known" "$requests" "$warmup" "$pause_ms" <<'PY'
import http.client, json, statistics, sys, time

port, known, n, warmup = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
pause = float(sys.argv[5]) / 1000
unknown = "bench.nobody.%d@example.com" % time.time_ns()
conn = http.client.HTTPConnection("127.0.0.1", port)

def once(email):
    body = json.dumps({"email": email})
    start = time.perf_counter_ns()
    conn.request("POST", "/api/v1/auth/forgot-password", body, {"Content-Type": "application/json"})
    reply = conn.getresponse()
    reply.read()
    elapsed = (time.perf_counter_ns() - start) / 1e6
    if reply.status != 200:
        sys.exit("forgot-password answered %d" % reply.status)
    return elapsed

for i in range(warmup):
    once(known if i % 2 == 0 else unknown)
samples = []  # (ms, is_known)
for i in range(n):
    is_known = i % 2 == 0
    samples.append((once(known if is_known else unknown), is_known))
    if pause:
        time.sleep(pause)

def best_threshold(train):
    # Threshold classifier "slower than t means known" (or the reverse), best on `train`.
    ts = sorted(ms for ms, _ in train)
    best = (0.0, ts[0], True)
    for t in ts:
        for slower_is_known in (True, False):
            ok = sum(1 for ms, k in train if (ms > t) == (k == slower_is_known))
            best = max(best, (ok / len(train), t, slower_is_known))
    return best

def score(test, t, slower_is_known):
    return sum(1 for ms, k in test if (ms > t) == (k == slower_is_known)) / len(test)

k = [ms for ms, is_k in samples if is_k]
u = [ms for ms, is_k in samples if not is_k]
fit_all = best_threshold(samples)
acc_fit, t_half, dir_half = best_threshold(samples[0::4] + samples[1::4])
held_out = score(samples[2::4] + samples[3::4], t_half, dir_half)
print("| class | requests | median ms | mean ms |")
print("|---|---|---|---|")
print("| registered | %d | %.3f | %.3f |" % (len(k), statistics.median(k), statistics.mean(k)))
print("| unknown | %d | %.3f | %.3f |" % (len(u), statistics.median(u), statistics.mean(u)))
print()
print("median ratio registered/unknown: %.2f" % (statistics.median(k) / statistics.median(u)))
print("best threshold classifier: %.1f%% fitted on all samples (optimistic), %.1f%% on held-out "
      "samples (fitted on the other half); chance is 50%%" % (100 * fit_all[0], 100 * held_out))
PY
