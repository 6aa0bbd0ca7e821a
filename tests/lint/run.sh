#!/usr/bin/env bash
# Every lint check, each printing its own summary: formatting (format.sh), include
# directions and cycles (layers.py and its self-test), file and function sizes (sizes.py),
# cppcheck (cppcheck.sh), shellcheck (shellcheck.sh), the OpenAPI contract with Redocly and
# Spectral (tests/contract/lint.sh). Installs the tools when missing (as root,
# tests/lib/deps.sh; the contract's own npm packages into build/npm). Runs them all, then
# exits 1 if any failed.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=../lib/deps.sh
. "$root/tests/lib/deps.sh"
deps_install LINT
cd "$root"

failures=()
check() {
  local name=$1
  shift
  printf '\n\033[1m== lint: %s\033[0m\n' "$name"
  "$@" || failures+=("$name")
}
check "format (clang-format 14)" tests/lint/format.sh
check "include layers" python3 tests/lint/layers.py
check "include layers, self-test" python3 tests/lint/layers.py --self-test
check "sizes" python3 tests/lint/sizes.py
check "cppcheck" tests/lint/cppcheck.sh
check "shellcheck" tests/lint/shellcheck.sh
check "OpenAPI contract (Redocly, Spectral)" tests/contract/lint.sh

printf '\n'
if [ ${#failures[@]} -gt 0 ]; then
  printf 'lint FAILED: %s\n' "${failures[@]}"
  exit 1
fi
echo "lint: all checks passed"
