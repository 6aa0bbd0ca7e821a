#!/usr/bin/env bash
# Runs every test: installs what is missing (as root), builds, runs the Criterion unit
# tests, starts a throwaway PostgreSQL on a free port, prepares a seeded database and a
# shared server, runs the integration suite and a TypeScript client generated from the
# served contract against them, and cleans up even on failure.
#
#   tests/run.sh               # normal build
#   tests/run.sh --sanitize    # AddressSanitizer + UndefinedBehaviorSanitizer build
# Environment: RESTRICTD_WERROR=1 (warnings are errors; CI sets it),
#              RESTRICTD_REQUIRE_CONTAINER=1 (fail when podman is missing; CI sets it).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=lib/deps.sh
. "$root/tests/lib/deps.sh"
# shellcheck source=lib/pg.sh
. "$root/tests/lib/pg.sh"

sanitize=OFF
for arg in "$@"; do
  case $arg in
    --sanitize) sanitize=ON ;;
    *) echo "usage: tests/run.sh [--sanitize]" >&2; exit 2 ;;
  esac
done
werror=${RESTRICTD_WERROR:-0}
[ "$werror" = 1 ] && werror=ON || werror=OFF
build_dir=$root/build/$([ $sanitize = ON ] && echo asan || echo test)

section() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
started=$(date +%s)
failures=()

section "packages"
deps_install BUILD RUN TEST

section "build ($build_dir, sanitizers $sanitize, -Werror $werror)"
cmake -S "$root" -B "$build_dir" -DCMAKE_BUILD_TYPE=Debug -DRESTRICTD_SANITIZE=$sanitize \
  -DRESTRICTD_WERROR=$werror >/dev/null
cmake --build "$build_dir" -j"$(nproc)" 2>&1 | grep -Ev '^\[ *[0-9]+%\]|^-- ' || true
[ -x "$build_dir/restrictd" ] && [ -x "$build_dir/tests/unit_tests" ] &&
  [ -x "$build_dir/tests/handler_tests" ] && [ -x "$build_dir/tests/integration_tests" ] &&
  [ -x "$build_dir/tests/law_eval" ] && [ -x "$build_dir/tests/lists_self_check" ] &&
  [ -x "$build_dir/tests/pairs_eval" ] ||
  { echo "build failed" >&2; exit 1; }

if [ $sanitize = ON ]; then
  export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:strict_string_checks=1}
  export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
  export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$root/tests/lsan.supp}
fi

work=$(mktemp -d /tmp/restrictd-tests.XXXXXX)
chmod 755 "$work"
pg_dir=$work/pg
server_pid=
cleanup() {
  local rc=$?
  if [ -n "$server_pid" ]; then kill -TERM "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  pg_stop "$pg_dir"
  if [ $rc -ne 0 ] && [ -d "$work" ]; then
    echo "logs kept in $work" >&2
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT

section "unit tests (Criterion)"
"$build_dir/tests/unit_tests" --jobs 2 || failures+=("unit tests")

section "handler unit tests (request double)"
"$build_dir/tests/handler_tests" --jobs 2 || failures+=("handler unit tests")

section "matching: the labelled cases (tests/match/cases.tsv)"
"$build_dir/tests/match_eval" || failures+=("match cases")

section "matching: published labelled name pairs (tests/data/pairs)"
"$build_dir/tests/pairs_eval" || failures+=("published name pairs")

section "the law: questions written from the facts files (tests/law/cases.tsv)"
"$build_dir/tests/law_eval" || failures+=("law cases")
python3 "$root/tests/law/check_sources.py" || failures+=("law cases cite the facts")

section "real lists: every listed name finds its own entry (tests/data/lists)"
"$build_dir/tests/lists_self_check" || failures+=("real lists self-check")
# and the same files through the command a user runs: converted, then validated
lists=$root/tests/data/lists
for conv in "ofac-sdn $lists" "ofac-cons $lists" "csl $lists/csl.csv"; do
  # shellcheck disable=SC2086 # a format and its path
  if "$build_dir/restrictd" convert $conv >"$work/converted.json" 2>"$work/convert.log" &&
    "$build_dir/restrictd" validate "$work/converted.json"; then
    head -1 "$work/convert.log"
  else
    cat "$work/convert.log"
    failures+=("restrictd convert ${conv%% *}")
  fi
done

section "PostgreSQL"
port=$(free_port)
pg_start "$pg_dir" "$port"
admin_url=$(pg_url "$pg_dir" "$port" postgres)
template_url=$(pg_url "$pg_dir" "$port" restrictd_seeded)
psql "$admin_url" -qc "CREATE DATABASE restrictd_seeded" >/dev/null
"$build_dir/restrictd" migrate --database-url "$template_url" >/dev/null
DATABASE_URL=$template_url "$build_dir/restrictd" seed "$root/deploy/rulings.json" >/dev/null
psql "$admin_url" -qc "CREATE DATABASE restrictd_shared TEMPLATE restrictd_seeded" >/dev/null
echo "PostgreSQL 15 on 127.0.0.1:$port, seeded template ready"

section "shared server"
server_port=$(free_port)
RESTRICTD_LISTEN=127.0.0.1:$server_port DATABASE_URL=$(pg_url "$pg_dir" "$port" restrictd_shared) \
  RESTRICTD_LOG=warn "$build_dir/restrictd" serve 2>"$work/shared-server.log" &
server_pid=$!
for _ in $(seq 100); do
  curl -sf "http://127.0.0.1:$server_port/readyz" >/dev/null && break
  sleep 0.1
done
curl -sf "http://127.0.0.1:$server_port/readyz" >/dev/null || { cat "$work/shared-server.log"; exit 1; }
echo "restrictd on 127.0.0.1:$server_port"

section "integration tests (Criterion + libcurl, real server, real PostgreSQL)"
export RESTRICTD_BIN=$build_dir/restrictd RESTRICTD_URL=http://127.0.0.1:$server_port \
  RESTRICTD_PG_ADMIN=$admin_url RESTRICTD_TEMPLATE=restrictd_seeded \
  RESTRICTD_SEED=$root/deploy/rulings.json RESTRICTD_WORK=$work
"$build_dir/tests/integration_tests" --jobs 2 || failures+=("integration tests")

section "generated TypeScript client (tests/contract/client.sh, the served /openapi.json)"
"$root/tests/contract/client.sh" "http://127.0.0.1:$server_port" ||
  failures+=("generated TypeScript client")

section "page in a headless browser (Chromium: tests/browser/run.sh)"
"$root/tests/browser/run.sh" "http://127.0.0.1:$server_port" "$work/page.png" ||
  failures+=("page in a headless browser")

section "shared server shutdown"
kill -TERM "$server_pid"
if wait "$server_pid"; then echo "exited 0 on SIGTERM"; else failures+=("server exit status"); fi
server_pid=
if grep -E '"level":"error"|AddressSanitizer|runtime error' "$work/shared-server.log"; then
  failures+=("shared server log has errors")
fi

# ---- operations: deploy/ against the binary, then the container ----
section "deploy manifests (compose, k8s, Dockerfile, docs/operations.md vs the binary)"
py=python3; [ -x /usr/bin/python3 ] && py=/usr/bin/python3 # Debian's, with python3-yaml
"$py" "$root/tests/deploy/check_manifests.py" --bin "$build_dir/restrictd" &&
  "$py" "$root/tests/deploy/check_manifests.py" --bin "$build_dir/restrictd" --self-test ||
  failures+=("deploy manifests")

section "container (podman)"
if [ $sanitize = ON ]; then
  echo "skipped: the image builds its own release binary; the normal pass runs this test"
elif command -v podman >/dev/null || [ "${RESTRICTD_REQUIRE_CONTAINER:-0}" = 1 ]; then
  "$root/tests/container/run.sh" || failures+=("container")
else
  echo "skipped: podman is not installed (RESTRICTD_REQUIRE_CONTAINER=1 installs and requires it)"
fi

section "summary"
echo "took $(($(date +%s) - started)) s"
if [ ${#failures[@]} -gt 0 ]; then
  printf 'FAILED: %s\n' "${failures[@]}"
  exit 1
fi
echo "all tests passed"
