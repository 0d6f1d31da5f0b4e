#!/usr/bin/env bash
# The pure slot finder under Google Benchmark: see bench/micro.sh.
exec "$(dirname "$0")/micro.sh" slot_finder
