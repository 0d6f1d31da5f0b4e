#!/usr/bin/env bash
# Installs what is missing, builds the web app (frontend/dist) and the server (Release, no tests)
# into build/, and runs `janji serve` from the repository root, so ./data and ./.env are the
# repository's and http://localhost:8080 opens the web app.
#
# Usage: scripts/run.sh   (works from any directory; configure with environment variables or .env)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$root"
# ccache: hash paths relative to the checkout, so another clone on this machine reuses the
# objects (the same settings as scripts/test.sh).
export CCACHE_BASEDIR="$root"
export CCACHE_NOHASHDIR=1

scripts/install-deps.sh

web=$root/frontend

# build_web: npm ci when node_modules was not installed from this package-lock.json (the stamp
# scripts/test.sh writes too), then the production build unless dist/ is newer than every
# source file of the app.
build_web() {
  local stamp=$web/node_modules/.janji-lock-stamp want
  want="$(sha256sum "$web/package-lock.json" | cut -d' ' -f1) node-$(node --version | cut -d. -f1)"
  if [[ ! -f $stamp || $(<"$stamp") != "$want" ]]; then
    (cd "$web" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --prefer-offline)
    echo "$want" >"$stamp"
  fi
  if [[ -f $web/dist/index.html ]] &&
    [[ -z $(find "$web" \( -name node_modules -o -name dist -o -name test-results \
      -o -name playwright-report \) -prune -o -type f -newer "$web/dist/index.html" -print -quit) ]]; then
    echo "run.sh: web app is up to date (frontend/dist)"
    return 0
  fi
  (cd "$web" && npm run build)
}

node_ok() {
  command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 &&
    node -e "const [a, b] = process.versions.node.split('.').map(Number);
      process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)" >/dev/null 2>&1
}

if node_ok; then
  if ! build_web; then
    echo "run.sh: building the web app failed (see above); fix it or run the API alone with" \
      "build/bin/janji serve" >&2
    exit 1
  fi
else
  echo "run.sh: WARNING: Node.js >= 20.19 with npm is not installed, so the web app is not" \
    "built; serving the API only (install Node.js 20, e.g. with scripts/install-deps.sh as root)." >&2
fi

# janji serves the built app from WEB_DIR (default <source>/frontend/dist); a WEB_DIR from the
# environment or .env is left as it is.
if [[ -z ${WEB_DIR:-} ]] && ! grep -qsE '^[[:space:]]*(export[[:space:]]+)?WEB_DIR=' .env; then
  export WEB_DIR=$web/dist
fi

configure=(cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DJANJI_BUILD_TESTS=OFF)
# An existing build tree keeps its generator (CMake refuses to switch it).
if [[ ! -f build/CMakeCache.txt ]] && command -v ninja >/dev/null 2>&1; then
  configure+=(-G Ninja)
fi
"${configure[@]}"
cmake --build build --target janji -j "$(nproc)"

exec build/bin/janji serve
