#!/usr/bin/env bash
# The uncached availability read (SQLite query + decoding) under Google Benchmark: see
# bench/micro.sh.
exec "$(dirname "$0")/micro.sh" reader
