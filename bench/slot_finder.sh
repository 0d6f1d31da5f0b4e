#!/usr/bin/env bash
# The pure slot finder under Google Benchmark (bench/slot_finder_bench.cpp): a busy day
# (3 ranges, 40 bookings, 5-minute interval) against a quiet day measured in the same run.
# Prints a Markdown table of median CPU times for bench/README.md.
#
# Usage: bench/slot_finder.sh   (BENCH_REPETITIONS=10)
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${BENCH_BUILD_DIR:-$PWD/build-bench}
repetitions=${BENCH_REPETITIONS:-10}

scripts/install-deps.sh --test >&2
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=Release -DJANJI_BUILD_TESTS=OFF \
  -DJANJI_BUILD_BENCH=ON >/dev/null
cmake --build "$build_dir" --target janji_bench -j "$(nproc)" >&2

json=$(mktemp)
trap 'rm -f "$json"' EXIT
"$build_dir/bin/janji_bench" --benchmark_repetitions="$repetitions" \
  --benchmark_report_aggregates_only=true --benchmark_format=json >"$json"

python3 - "$json" <<'PY'
import json, sys
data = json.load(open(sys.argv[1]))
medians = {b["run_name"]: b["cpu_time"] for b in data["benchmarks"]
           if b.get("aggregate_name") == "median"}
base = medians["BM_FindSlotsQuietDay"]
print(f"Median CPU time of {data['benchmarks'][0]['repetitions']} repetitions, "
      f"{data['context']['num_cpus']} CPUs, {data['context']['date'][:10]}; "
      f"baseline = BM_FindSlotsQuietDay")
print()
print("| Benchmark | CPU time (ns) | Ratio to quiet day |")
print("|---|---:|---:|")
for name, t in medians.items():
    print(f"| {name} | {t:.0f} | {t / base:.2f} |")
PY
