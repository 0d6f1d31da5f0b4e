# shellcheck shell=bash
# Shell helpers shared by the benchmark scripts (sourced from the repository root; needs a `log`
# function).

# build_release <build dir> <target>: installs what the benchmarks need and builds <target> there
# as a Release build. Sanitizers and -Werror off explicitly: a reused build dir may have them
# cached ON (scripts/test.sh).
build_release() {
  scripts/install-deps.sh --test >&2
  cmake -S . -B "$1" -DCMAKE_BUILD_TYPE=Release -DJANJI_SANITIZE=OFF -DJANJI_WERROR=OFF \
    -DJANJI_BUILD_TESTS=OFF -DJANJI_BUILD_BENCH=ON >/dev/null
  cmake --build "$1" --target "$2" -j "$(nproc)" >&2
}

# A free loopback port.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# json_field <python expression on d> < json
json_field() {
  python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"
}

# wait_url <url> <tries>: until <url> answers 2xx, one try every 0.1 s.
wait_url() {
  for _ in $(seq 1 "$2"); do
    curl -fs "$1" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  return 1
}

# wait_ready <port>: until /health answers (10 s at most).
wait_ready() {
  wait_url "http://127.0.0.1:$1/health" 100 && return 0
  log "server on port $1 did not start"
  return 1
}
