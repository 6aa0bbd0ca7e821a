#!/usr/bin/env bash
# The in-process matching benchmark: builds Release in build/bench, writes a
# synthetic list of 30,000 organisation names with aliases (tests/bench/match_gen.c),
# and times the snapshot build, single checks and a 100,000-name screen on one thread
# (tests/bench/match_bench.c). No server, no database.
#
#   tests/bench/match.sh [names] [queries]      # defaults: 30000 100000
#
# Absolute figures depend on the machine and on what else runs on it: say which when
# you quote them (docs/performance.md, "Matching").
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=../lib/deps.sh
. "$root/tests/lib/deps.sh"
names=${1:-30000}
queries=${2:-100000}
build=$root/build/bench

deps_install BUILD TEST
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DRESTRICTD_TESTS=ON >/dev/null
cmake --build "$build" -j2 --target match_gen match_bench >"$build/match-build.log" 2>&1 ||
  { cat "$build/match-build.log"; exit 1; }
list=$build/names-$names.json
[ -s "$list" ] || "$build/tests/match_gen" -n "$names" >"$list"
echo "list: $list ($(du -h "$list" | cut -f1)); CPU: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
"$build/tests/match_bench" "$list" -q "$queries"
