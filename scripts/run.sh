#!/usr/bin/env bash
# Installs what is missing, builds the server (Release, no tests) into build/ and runs
# `janji serve` from the repository root, so ./data and ./.env are the repository's.
#
# Usage: scripts/run.sh   (works from any directory; configure with environment variables or .env)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$root"

scripts/install-deps.sh

configure=(cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DJANJI_BUILD_TESTS=OFF)
# An existing build tree keeps its generator (CMake refuses to switch it).
if [[ ! -f build/CMakeCache.txt ]] && command -v ninja >/dev/null 2>&1; then
  configure+=(-G Ninja)
fi
"${configure[@]}"
cmake --build build --target janji -j "$(nproc)"

exec build/bin/janji serve
