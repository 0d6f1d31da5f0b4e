# shellcheck shell=bash
# Shell helpers shared by the HTTP benchmarks (sourced; needs a `log` function).

# A free loopback port.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# json_field <python expression on d> < json
json_field() {
  python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"
}

# wait_ready <port>: until /health answers (10 s at most).
wait_ready() {
  for _ in $(seq 1 100); do
    curl -fs "http://127.0.0.1:$1/health" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  log "server on port $1 did not start"
  return 1
}
