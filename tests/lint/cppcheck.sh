#!/usr/bin/env bash
# Static analysis of the production code with cppcheck (2.10 on Debian 12): warnings, style,
# performance and portability. Findings looked at and accepted are listed, each with why,
# in tests/lint/cppcheck.supp; jansson's iteration macros are described in
# tests/lint/cppcheck.cfg. Prints every other finding and exits 1.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
command -v cppcheck >/dev/null || { echo "cppcheck: not installed (apt-get install cppcheck)" >&2; exit 2; }

dirs=(lib match rulings db handlers server)
out=$(mktemp)
trap 'rm -f "$out"' EXIT
status=0
cppcheck --enable=warning,style,performance,portability --error-exitcode=1 --inline-suppr \
  --std=c11 --platform=unix64 -I . --suppress=missingIncludeSystem \
  --library=posix --library=tests/lint/cppcheck.cfg \
  --suppressions-list=tests/lint/cppcheck.supp -j "$(nproc)" --quiet \
  --template='{file}:{line}:{column}: {severity}: {message} [{id}]' \
  "${dirs[@]}" 2>"$out" || status=$?
cat "$out"
files=$(find "${dirs[@]}" -name '*.c' | wc -l)
findings=$(grep -c ': \(error\|warning\|style\|performance\|portability\): ' "$out" || true)
accepted=$(grep -c '^[a-zA-Z]' tests/lint/cppcheck.supp || true)
echo "cppcheck: $files files, $findings findings ($accepted kinds accepted in tests/lint/cppcheck.supp)"
if [ "$status" != 0 ] && [ "$findings" = 0 ]; then
  echo "cppcheck: failed (exit $status) without a finding" >&2
fi
exit "$status"
