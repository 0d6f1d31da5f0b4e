#!/usr/bin/env bash
# Web app benchmark (not a test): builds the app and a Release janji, serves the app from janji
# (WEB_DIR, a fresh SQLite data directory filled by `janji seed-demo`), and measures
#   (a) the JavaScript a first visit to the booking page loads (/providers/<id>/book?service=<id>,
#       signed in as the demo customer), as gzip bytes (the budget: <= 150 kB) and as the bytes
#       actually transferred, in Debian's Chromium driven by Playwright;
#   (b) Lighthouse 12.8 mobile scores (performance, accessibility, best practices) for the home
#       page, a provider's page and the booking page, the median of BENCH_LH_RUNS runs each.
# The booking page is measured signed in: Lighthouse gets the demo customer's refresh cookie as
# an extra header (a fresh login per run, since the app's start-up refresh rotates it), so it
# scores the page a customer sees, not the sign-in redirect.
# Prints a Markdown section for bench/README.md.
#
# Usage: bench/web.sh   (BENCH_LH_RUNS=3, BENCH_PORT=<free port>, BENCH_BUILD_DIR=build-bench,
#                        JANJI_BIN=<a janji binary> to skip the C++ build,
#                        BENCH_OUT=<dir> to keep the Lighthouse reports, else a temporary dir)
# Needs: scripts/install-deps.sh --test (chromium, Node 20); Lighthouse is installed on first use
# into ~/.cache/janji-bench (npm registry), not into the app's dependencies.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

lh_version=12.8.2
lh_prefix=${BENCH_LH_PREFIX:-$HOME/.cache/janji-bench}
lh_runs=${BENCH_LH_RUNS:-3}
build_dir=${BENCH_BUILD_DIR:-$root/build-bench}
export CHROMIUM_PATH=${CHROMIUM_PATH:-/usr/lib/chromium/chromium}
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
demo_email=pelanggan@demo.janji.local
demo_password=janjidemo123
web=$root/frontend

log() { echo "web.sh: $*" >&2; }

# shellcheck source=bench/lib.sh
source bench/lib.sh
if [[ -n ${JANJI_BIN:-} ]]; then
  janji=$(realpath "$JANJI_BIN")
  scripts/install-deps.sh --test >&2
else
  build_release "$build_dir" janji
  janji=$build_dir/bin/janji
fi

log "building the web app"
(
  cd "$web"
  stamp=node_modules/.janji-lock-stamp
  want="$(sha256sum package-lock.json | cut -d' ' -f1) node-$(node --version | cut -d. -f1)"
  if [[ ! -f $stamp || $(<"$stamp") != "$want" ]]; then
    npm ci --no-audit --no-fund --prefer-offline >&2
    echo "$want" >"$stamp"
  fi
  npm run --silent build >&2
)

lighthouse=$lh_prefix/node_modules/.bin/lighthouse
if [[ ! -x $lighthouse ]] || [[ $("$lighthouse" --version) != "$lh_version" ]]; then
  log "installing lighthouse@${lh_version} into ${lh_prefix}"
  npm install --prefix "$lh_prefix" --no-audit --no-fund "lighthouse@${lh_version}" >&2
fi

work=$(mktemp -d /tmp/janji-web-bench.XXXXXX)
out=${BENCH_OUT:-$work/reports}
mkdir -p "$out"
janji_pid=""
cleanup() {
  [[ -n $janji_pid ]] && kill "$janji_pid" 2>/dev/null && wait "$janji_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

port=${BENCH_PORT:-$(free_port)}
base=http://127.0.0.1:$port
export ENV=development HOST=127.0.0.1 PORT=$port DATA_DIR=$work/data DB_DRIVER=sqlite \
  WEB_DIR=$web/dist MAIL_DRIVER=log APP_URL=$base FRONTEND_URL=$base \
  JWT_SECRET=web-bench-secret-web-bench-secret-web-bench
env -u DB_HOST -u REDIS_HOST "$janji" seed-demo >"$work/seed.log" 2>&1 ||
  { cat "$work/seed.log" >&2; exit 1; }
env -u DB_HOST -u REDIS_HOST "$janji" serve >"$work/janji.log" 2>&1 &
janji_pid=$!
wait_ready "$port" || { cat "$work/janji.log" >&2; exit 1; }
if ! curl -fs "$base/" | grep -q '<div id="root"'; then
  log "janji at $base does not serve the web app from WEB_DIR (a janji without WEB_DIR support?)"
  exit 1
fi

# The first demo provider and its first service.
provider=$(curl -fsS "$base/api/v1/providers?limit=1" | json_field 'd["data"][0]["id"]')
service=$(curl -fsS "$base/api/v1/providers/$provider/services" |
  json_field 'd["data"]["services"][0]["id"]')
booking_path="/providers/$provider/book?service=$service"

log "first visit to $booking_path"
first_visit=$(node bench/web_first_visit.mjs "$base" "$booking_path" "$web/dist" \
  "$demo_email" "$demo_password")
echo "$first_visit" >"$out/first-visit.json"

# refresh_cookie: logs the demo customer in, prints its cookies as a Cookie header value
# ("refresh_token=<value>; janji_session=1": the second tells the app a session exists).
refresh_cookie() {
  curl -fsS -c "$work/cookies.txt" -o /dev/null -X POST "$base/api/v1/auth/login" \
    -H 'Content-Type: application/json' \
    --data "{\"email\":\"$demo_email\",\"password\":\"$demo_password\"}"
  awk '$6 == "refresh_token" || $6 == "janji_session" { c = c (c ? "; " : "") $6 "=" $7 }
       END { print c }' "$work/cookies.txt"
}

# lh <name> <path> <signed in: 0|1> <run>: one Lighthouse mobile run, JSON report in $out.
lh() {
  # shellcheck disable=SC2054 # the commas belong to one argument
  local args=(--quiet --output=json --output-path="$out/$1-$4.json"
    --only-categories=performance,accessibility,best-practices
    --chrome-flags="--headless=new --no-sandbox")
  if (($3)); then
    args+=(--extra-headers="{\"Cookie\":\"$(refresh_cookie)\"}")
  fi
  CHROME_PATH=$CHROMIUM_PATH "$lighthouse" "$base$2" "${args[@]}" >&2
}

pages=("home|/|0" "provider|/providers/$provider|0" "booking|$booking_path|1")
for entry in "${pages[@]}"; do
  IFS='|' read -r name path signed_in <<<"$entry"
  for run in $(seq 1 "$lh_runs"); do
    log "lighthouse $name ($path), run $run of $lh_runs"
    lh "$name" "$path" "$signed_in" "$run"
  done
done

commit=$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- frontend backend || echo "+dirty")
python3 - "$out" "$lh_runs" "$commit" "$lh_version" <<'PY'
import datetime, json, statistics, sys, urllib.parse
out, runs, commit, lh_version = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
visit = json.load(open(f"{out}/first-visit.json"))
print(f"{datetime.date.today().isoformat()}, commit {commit}, Lighthouse {lh_version} mobile "
      f"(simulated throttling), median of {runs} run(s), janji serving frontend/dist, 2 CPUs")
print()
kb = lambda n: f"{n / 1000:.1f} kB"
print(f"Booking page first visit (`{visit['path']}`, signed in; h1: {visit['h1']!r}): "
      f"{len(visit['files'])} JS files, **{kb(visit['gzip'])} gzip** (budget 150 kB), "
      f"{kb(visit['transferred'])} transferred")
print()
print("| JS file | gzip | transferred (encoding) |")
print("|---|---:|---:|")
for f in visit["files"]:
    gz = kb(f["gzip"]) if f["gzip"] is not None else "?"
    print(f"| `{f['url']}` | {gz} | {kb(f['transferred'])} ({f['encoding']}) |")
print()
cats = [("performance", "Performance", 95), ("accessibility", "Accessibility", 100),
        ("best-practices", "Best practices", 95)]
print("| Page | " + " | ".join(f"{label} (target {t})" for _, label, t in cats) + " | LCP | TBT |")
print("|---|" + "---:|" * (len(cats) + 2))
failures = {}
for page in ("home", "provider", "booking"):
    reports = [json.load(open(f"{out}/{page}-{r}.json")) for r in range(1, runs + 1)]
    cells = []
    for key, _, target in cats:
        scores = [round(rep["categories"][key]["score"] * 100) for rep in reports]
        med = statistics.median(scores)
        mark = "" if med >= target else " ✗"
        cells.append(f"{med:g}{mark} ({'/'.join(map(str, scores))})")
    lcp = statistics.median(rep["audits"]["largest-contentful-paint"]["numericValue"] for rep in reports)
    tbt = statistics.median(rep["audits"]["total-blocking-time"]["numericValue"] for rep in reports)
    url = urllib.parse.urlsplit(reports[0]["requestedUrl"])
    where = url.path + (f"?{url.query}" if url.query else "")
    print(f"| {page} (`{where}`) | "
          + " | ".join(cells) + f" | {lcp / 1000:.2f} s | {tbt:.0f} ms |")
    for rep in reports:
        for warning in rep.get("runWarnings", []):
            failures.setdefault(page, set()).add(f"Lighthouse warning: {warning}")
        for key in ("accessibility", "best-practices"):
            for ref in rep["categories"][key]["auditRefs"]:
                a = rep["audits"][ref["id"]]
                if ref["weight"] > 0 and a["score"] is not None and a["score"] < 1:
                    failures.setdefault(page, set()).add(f"{ref['id']}: {a['title']}")
if failures:
    print()
    print("Failed audits (accessibility, best practices) and Lighthouse warnings:")
    for page, items in failures.items():
        for item in sorted(items):
            print(f"- {page}: {item}")
PY
log "reports in $out (kept only with BENCH_OUT)"
