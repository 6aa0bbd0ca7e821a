#!/usr/bin/env bash
# Checks that every tracked C file (*.c, *.h; not the fuzzing corpus) is formatted as
# .clang-format says, with clang-format 14 (another version formats differently). Prints
# each file that is not, with how many of its lines would change, and exits 1.
#   tests/lint/format.sh          # check
#   tests/lint/format.sh --fix    # reformat those files in place
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"

fix=0
case ${1:-} in
  --fix) fix=1 ;;
  "") ;;
  *) echo "usage: tests/lint/format.sh [--fix]" >&2; exit 2 ;;
esac

fmt=clang-format-14
command -v "$fmt" >/dev/null || { echo "format: $fmt is not installed (apt-get install clang-format-14)" >&2; exit 2; }

files=()
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  mapfile -t files < <(git ls-files -- '*.c' '*.h' ':!:tests/fuzz/corpus/**')
else # an exported tree without .git: the same folders
  mapfile -t files < <(find lib match rulings db handlers server tests -name '*.[ch]' \
    -not -path 'tests/fuzz/corpus/*' | sort)
fi

# Prints "LINES PATH" for a file clang-format would change (LINES: its lines that change).
check_one() {
  local n
  n=$(clang-format-14 --style=file "$1" | diff "$1" - | grep -c '^<' || true)
  if [ "$n" != 0 ]; then echo "$n $1"; fi
}
export -f check_one
# shellcheck disable=SC2016 # $f expands in the child bash
mapfile -t bad < <(printf '%s\0' "${files[@]}" |
  xargs -0 -n 16 -P "$(nproc)" bash -c 'for f; do check_one "$f"; done' _ | sort -k2)

if [ $fix = 1 ]; then
  for entry in "${bad[@]}"; do "$fmt" -i --style=file "${entry#* }"; done
  echo "format: ${#files[@]} files, ${#bad[@]} reformatted"
  exit 0
fi

lines=0
for entry in "${bad[@]}"; do
  printf '  %s (%s lines would change)\n' "${entry#* }" "${entry%% *}"
  lines=$((lines + ${entry%% *}))
done
if [ ${#bad[@]} -gt 0 ]; then
  echo "format: ${#files[@]} files, ${#bad[@]} not formatted ($lines lines would change);" \
    "run tests/lint/format.sh --fix"
  exit 1
fi
echo "format: ${#files[@]} files, all formatted"
