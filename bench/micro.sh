#!/usr/bin/env bash
# Google Benchmark groups of janji_bench (bench/*_bench.cpp), each against a baseline measured in
# the same run. Prints a Markdown table of median CPU times for bench/README.md.
#
# Usage: bench/micro.sh slot_finder|reader   (BENCH_REPETITIONS=10)
#   slot_finder: the pure slot finder, a busy day (3 ranges, 40 bookings) vs a quiet day
#   reader:      the uncached availability read on SQLite (query + decoding), busy vs quiet day
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${BENCH_BUILD_DIR:-$PWD/build-bench}
repetitions=${BENCH_REPETITIONS:-10}
case ${1:-} in
  slot_finder) filter='^BM_(FindSlots|IsBookable|OpenRanges)' baseline=BM_FindSlotsQuietDay ;;
  reader) filter='^BM_Reader' baseline=BM_ReaderLoadQuietDay ;;
  *)
    sed -n '5,7s/^# \{0,1\}//p' "$0" >&2
    exit 2
    ;;
esac

# shellcheck source=bench/lib.sh
source bench/lib.sh
build_release "$build_dir" janji_bench

json=$(mktemp)
trap 'rm -f "$json"' EXIT
# The JSON goes to a file: the database benchmarks log to stdout while they set up.
"$build_dir/bin/janji_bench" --benchmark_filter="$filter" --benchmark_repetitions="$repetitions" \
  --benchmark_report_aggregates_only=true --benchmark_out="$json" --benchmark_out_format=json \
  >/dev/null

python3 - "$json" "$baseline" <<'PY'
import json, sys
data = json.load(open(sys.argv[1]))
baseline = sys.argv[2]
medians = {b["run_name"]: b["cpu_time"] for b in data["benchmarks"]
           if b.get("aggregate_name") == "median"}
base = medians[baseline]
print(f"Median CPU time of {data['benchmarks'][0]['repetitions']} repetitions, "
      f"{data['context']['num_cpus']} CPUs, {data['context']['date'][:10]}; "
      f"baseline = {baseline}")
print()
print("| Benchmark | CPU time (ns) | Ratio to baseline |")
print("|---|---:|---:|")
for name, t in medians.items():
    print(f"| {name} | {t:.0f} | {t / base:.2f} |")
PY
