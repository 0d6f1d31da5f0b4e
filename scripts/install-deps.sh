#!/usr/bin/env bash
# Installs the Debian 12 packages Janji needs. Idempotent: when everything is present it only
# runs one dpkg-query (well under a second) and touches neither apt nor the network.
#
# Usage: scripts/install-deps.sh [--test] [--check]
#   (none)    build and run packages
#   --test    also the packages for tests, linting, services and benchmarks
#   --check   install nothing: list missing packages and exit 1 if any are missing
set -euo pipefail

# Build and run: compiler, tools and every library in DESIGN.md section 2.
build_packages=(
  cmake g++ make pkg-config ccache git
  librestinio-dev libasio-dev libhttp-parser-dev libfmt-dev
  nlohmann-json3-dev
  libsoci-dev libsoci-sqlite3-4.0 libsoci-postgresql4.0 libsqlite3-dev libpq-dev
  libhiredis-dev
  libcpp-jwt-dev libssl-dev libcrypt-dev libsodium-dev
  libmstch-dev libcurl4-openssl-dev
  libhowardhinnant-date-dev tzdata
  libexpected-dev libspdlog-dev uuid-dev
  sqlite3 curl ca-certificates
)

# Tests: frameworks, linters, the real PostgreSQL/Redis for integration tests
# (scripts/services.sh) and the benchmark tools.
test_packages=(
  libgtest-dev libgmock-dev libbenchmark-dev
  clang-format yamllint shellcheck
  postgresql-15 postgresql-client-15 postgresql-contrib
  redis-server redis-tools
  wrk nginx-light
)

usage() {
  sed -n '5,9s/^# \{0,1\}//p' "$0"
}

with_tests=0
check_only=0
for arg in "$@"; do
  case "$arg" in
    --test) with_tests=1 ;;
    --check) check_only=1 ;;
    -h | --help)
      usage
      exit 0
      ;;
    *)
      echo "install-deps.sh: unknown argument '$arg'" >&2
      usage >&2
      exit 2
      ;;
  esac
done

wanted=("${build_packages[@]}")
if ((with_tests)); then
  wanted+=("${test_packages[@]}")
fi

# One dpkg-query for all packages: unknown names print nothing on stdout (and a message on
# stderr that we drop), and a name may print several lines (one per architecture).
installed=$(dpkg-query -W -f='${Package} ${Status}\n' "${wanted[@]}" 2>/dev/null |
  awk '$2 == "install" && $3 == "ok" && $4 == "installed" { print $1 }' || true)

missing=()
for pkg in "${wanted[@]}"; do
  if ! grep -qxF -- "$pkg" <<<"$installed"; then
    missing+=("$pkg")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "install-deps.sh: all ${#wanted[@]} packages are installed" >&2
  exit 0
fi

echo "install-deps.sh: missing: ${missing[*]}" >&2
if ((check_only)); then
  exit 1
fi

sudo=()
if ((EUID != 0)); then
  if ! command -v sudo >/dev/null 2>&1; then
    echo "install-deps.sh: not root and sudo is not available; install as root:" >&2
    echo "  apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
  sudo=(sudo)
fi

"${sudo[@]}" apt-get update
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
  apt-get install -y --no-install-recommends "${missing[@]}"
echo "install-deps.sh: installed ${#missing[@]} package(s)" >&2
