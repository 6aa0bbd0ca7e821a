#!/usr/bin/env bash
# Runs shellcheck over every tracked shell script (*.sh, and files whose first line names sh or
# bash, such as .ci/run), following the files they source. Warnings and errors fail; the
# info and style notes (`A && B || C`, unquoted values known to be one word) are left to the
# author's judgement.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
command -v shellcheck >/dev/null || { echo "shellcheck: not installed (apt-get install shellcheck)" >&2; exit 2; }

if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  mapfile -t candidates < <(git ls-files)
else # an exported tree without .git
  mapfile -t candidates < <(find . -path ./build -prune -o -path ./.git -prune -o -type f -print |
    sed 's|^\./||' | sort)
fi
scripts=()
for f in "${candidates[@]}"; do
  case ${f##*/} in
    *.sh) scripts+=("$f") ;;
    *.*) ;;
    *) head -n1 "$f" 2>/dev/null | grep -qE '^#!.*[/ ](ba|da)?sh\b' && scripts+=("$f") ;;
  esac
done

status=0
shellcheck --external-sources --source-path=SCRIPTDIR --severity=warning "${scripts[@]}" || status=$?
if [ $status = 0 ]; then
  echo "shellcheck: ${#scripts[@]} scripts, no warning"
else
  echo "shellcheck: ${#scripts[@]} scripts, warnings above"
fi
exit $status
