#!/usr/bin/env bash
# The one test entry point (README, .ci/run): installs what it needs, builds with warnings as
# errors and ASan + UBSan, and runs every check on SQLite and on a private PostgreSQL + Redis,
# then the web app's checks (ESLint, Prettier, tsc, Vitest, production build, and Playwright
# end-to-end against the janji just built).
set -uo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
# ccache: paths under the checkout are hashed relative to it, so a fresh clone elsewhere
# (CI) reuses the objects of earlier builds on this machine.
export CCACHE_BASEDIR="$root"
export CCACHE_NOHASHDIR=1  # -g builds otherwise hash the working directory too
build_dir=${JANJI_TEST_BUILD_DIR:-build-test}
jobs=$(nproc 2>/dev/null || echo 2)
started=$(date +%s)

declare -a step_names=() step_results=() step_times=()
failed=0

run_step() {
  local name=$1
  shift
  local t0
  t0=$(date +%s)
  echo
  echo "=== ${name} ==="
  if "$@"; then
    step_results+=("PASS")
  else
    step_results+=("FAIL")
    failed=1
  fi
  step_names+=("$name")
  step_times+=("$(($(date +%s) - t0))s")
}

# A step that could not run counts as failed: the summary shows it with no time.
not_run() {
  step_names+=("$1")
  step_results+=("FAIL")
  step_times+=("-")
  failed=1
}

summary() {
  echo
  echo "=== Summary ($(($(date +%s) - started))s) ==="
  local i
  for i in "${!step_names[@]}"; do
    printf '  %-4s %-44s %s\n' "${step_results[$i]}" "${step_names[$i]}" "${step_times[$i]}"
  done
  if ((failed)); then
    echo "RESULT: FAILED"
  else
    echo "RESULT: all checks passed"
  fi
}

check_format() {
  local files
  mapfile -t files < <(git ls-files -co --exclude-standard -- '*.cpp' '*.hpp')
  clang-format --dry-run -Werror "${files[@]}"
}

# Third-party headers stay in their adapter folder; the core includes none of them.
check_include_fences() {
  local bad=0 hits
  declare -A home=([restinio]=adapters/http [soci]=adapters/db [hiredis]=adapters/cache
    [nlohmann]="adapters/http|adapters/crypto|adapters/payments" [curl]=adapters/mail)
  local lib
  for lib in "${!home[@]}"; do
    hits=$(grep -rlE "#include[[:space:]]*<${lib}[/.]" backend/src | grep -vE "backend/src/(${home[$lib]})/" || true)
    if [[ -n $hits ]]; then
      echo "include fence: <${lib}...> outside ${home[$lib]}:" "$hits"
      bad=1
    fi
  done
  hits=$(grep -rlE '#include[[:space:]]*<(restinio|soci|hiredis|nlohmann|curl|spdlog|sodium|openssl|mstch)' backend/src/core || true)
  if [[ -n $hits ]]; then
    echo "core includes an adapter library: $hits"
    bad=1
  fi
  local restinio_tus
  restinio_tus=$(grep -rlE '#include[[:space:]]*<restinio' backend/src | wc -l)
  if ((restinio_tus > 2)); then
    echo "RESTinio is included by ${restinio_tus} files (at most 2 allowed)"
    bad=1
  fi
  return $bad
}

build() {
  cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=Debug -DJANJI_SANITIZE=ON -DJANJI_WERROR=ON \
    -DJANJI_BUILD_TESTS=ON >/dev/null &&
    cmake --build "$build_dir" -j "$jobs"
}

# The SQLite run must not see any PostgreSQL or Redis settings from the caller.
without_services() {
  env -u DB_DRIVER -u DB_HOST -u DB_PORT -u DB_USER -u DB_PASSWORD -u DB_NAME -u DB_SSL_MODE \
    -u REDIS_HOST -u REDIS_PORT -u REDIS_PASSWORD -u REDIS_DB "$@"
}

lint_openapi() {
  yamllint -d relaxed docs/openapi.yaml &&
    python3 - <<'PY'
import sys, yaml
doc = yaml.safe_load(open("docs/openapi.yaml"))
assert str(doc.get("openapi", "")).startswith("3."), "not OpenAPI 3"
paths = doc.get("paths") or {}
for needed in ["/health", "/ready", "/api/v1/auth/register", "/api/v1/auth/login",
               "/api/v1/auth/refresh", "/api/v1/auth/logout", "/api/v1/auth/forgot-password",
               "/api/v1/auth/reset-password", "/api/v1/auth/verify-email/{token}",
               "/api/v1/auth/change-password", "/api/v1/auth/resend-verification",
               "/api/v1/providers", "/api/v1/providers/{id}",
               "/api/v1/providers/{provider_id}/services",
               "/api/v1/providers/{provider_id}/services/{id}",
               "/api/v1/providers/{provider_id}/schedules",
               "/api/v1/providers/{provider_id}/schedules/{id}",
               "/api/v1/providers/{provider_id}/exceptions",
               "/api/v1/providers/{provider_id}/exceptions/{id}",
               "/api/v1/providers/{provider_id}/availability",
               "/api/v1/bookings", "/api/v1/bookings/{id}",
               "/api/v1/bookings/{id}/confirm", "/api/v1/bookings/{id}/reject",
               "/api/v1/bookings/{id}/complete", "/api/v1/bookings/{id}/no-show",
               "/api/v1/bookings/{id}/reschedule-options",
               "/api/v1/bookings/{id}/calendar.ics",
               "/api/v1/bookings/{id}/reschedule", "/api/v1/users/me",
               "/api/v1/test/clock"]:
    assert needed in paths, f"{needed} is not documented"
for path, ops in paths.items():
    for method, op in ops.items():
        if method in ("get", "post", "put", "delete", "patch"):
            assert op.get("responses"), f"{method} {path} has no responses"
print(f"openapi: {len(paths)} paths documented")
PY
}

# --- Web app (frontend/) --------------------------------------------------------------------
web=$root/frontend
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1  # Debian's Chromium; Playwright's download is unreachable
export CHROMIUM_PATH=${CHROMIUM_PATH:-/usr/lib/chromium/chromium}

# npm ci only when node_modules was not installed from this package-lock.json (by this node
# major): a stamp holds the lock file's hash, so re-runs skip the 20-30 s install.
web_install() {
  local stamp=$web/node_modules/.janji-lock-stamp want
  want="$(sha256sum "$web/package-lock.json" | cut -d' ' -f1) node-$(node --version | cut -d. -f1)"
  if [[ -f $stamp && $(<"$stamp") == "$want" ]]; then
    echo "node_modules matches package-lock.json: npm ci skipped"
    return 0
  fi
  (cd "$web" && npm ci --no-audit --no-fund --prefer-offline) &&
    echo "$want" >"$stamp"
}

in_web() { (cd "$web" && "$@"); }

# The web steps that need no C++ build. They run after the C++ tests, not beside the build:
# on 2 cores the build keeps both busy, and measured with a warm ccache the two in parallel
# were no faster than one after the other (bench/README.md, "Web app").
web_checks() {
  if ! command -v node >/dev/null 2>&1; then
    echo
    echo "=== web: node is not installed (scripts/install-deps.sh --test installs it) ==="
    not_run "web: node"
    return
  fi
  run_step "web: npm ci" web_install
  [[ ${step_results[-1]} == PASS ]] || return
  run_step "web: ESLint" in_web npm run --silent lint
  run_step "web: Prettier check" in_web npm run --silent format:check
  run_step "web: tsc" in_web npm run --silent typecheck
  run_step "web: Vitest" in_web npx vitest run
  run_step "web: production build" in_web npm run --silent build
  web_built=${step_results[-1]}
}

web_e2e() {
  local port janji
  janji=$(realpath "$build_dir")/bin/janji  # JANJI_TEST_BUILD_DIR may be relative or absolute
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  # SQLite and in-process limits: none of the private PostgreSQL/Redis settings leak in.
  (cd "$web" && without_services env JANJI_BIN="$janji" E2E_PORT="$port" \
    npx playwright test)
  local status=$?
  echo "e2e artifacts: HTML report with the page screenshots in" \
    "frontend/playwright-report/index.html (cd frontend && npx playwright show-report);" \
    "failure screenshots and traces in frontend/test-results/"
  return "$status"
}

web_built=

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$root/scripts/lsan.supp}

run_step "install dependencies" scripts/install-deps.sh --test || true
run_step "clang-format" check_format
run_step "include fences" check_include_fences
run_step "build (-Werror, ASan+UBSan)" build
build_ok=${step_results[-1]}
if [[ $build_ok == PASS ]]; then
  run_step "unit tests" without_services "$build_dir/bin/janji_unit_tests" --gtest_brief=1
  run_step "integration tests: SQLite" without_services "$build_dir/bin/janji_integration_tests" --gtest_brief=1

  svc_dir=$(mktemp -d /tmp/janji-services.XXXXXX)
  chmod 755 "$svc_dir"
  trap 'scripts/services.sh stop "$svc_dir" >/dev/null 2>&1; rm -rf "$svc_dir"' EXIT
  if svc_env=$(scripts/services.sh start "$svc_dir"); then
    eval "$svc_env"
    run_step "unit tests: Redis" "$build_dir/bin/janji_unit_tests" --gtest_brief=1 --gtest_filter='Redis*'
    run_step "integration tests: PostgreSQL + Redis" "$build_dir/bin/janji_integration_tests" --gtest_brief=1
  else
    not_run "start PostgreSQL + Redis"
  fi
fi
run_step "OpenAPI lint" lint_openapi
web_checks
# End-to-end: the app just built, served by the janji just built, in Debian's Chromium.
if [[ $build_ok == PASS && $web_built == PASS ]]; then
  run_step "web: Playwright end-to-end" web_e2e
else
  echo
  echo "=== web: Playwright end-to-end: skipped (needs the C++ build and the web build) ==="
  not_run "web: Playwright end-to-end (not run)"
fi
summary
exit $failed
