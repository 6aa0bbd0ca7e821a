#!/usr/bin/env bash
# Runs every libFuzzer target for SECONDS each (default 60) on a copy of its seed corpus in
# tests/fuzz/corpus/ (the repository's corpus is never modified). Builds with clang,
# AddressSanitizer and UndefinedBehaviorSanitizer, and the project's warnings (clang's
# -Wconversion is wider than gcc's); RESTRICTD_WERROR=1 makes them errors, as CI does. A crash
# keeps its input in build/fuzz/artifacts/ and fails the run.
#   tests/fuzz/run.sh 30
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=../lib/deps.sh
. "$root/tests/lib/deps.sh"
seconds=${1:-60}
deps_install BUILD FUZZ
werror=${RESTRICTD_WERROR:-0}
[ "$werror" = 1 ] && werror=ON || werror=OFF

build=$root/build/fuzz
CC=clang cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRESTRICTD_FUZZ=ON \
  -DRESTRICTD_TESTS=OFF -DRESTRICTD_WERROR="$werror" >/dev/null
if ! cmake --build "$build" -j"$(nproc)" >"$build/build.log" 2>&1; then
  grep -Ev '^\[ *[0-9]+%\]' "$build/build.log" >&2
  echo "the fuzzing build failed (log: $build/build.log)" >&2
  exit 1
fi
grep -Ev '^\[ *[0-9]+%\]' "$build/build.log" || true
mkdir -p "$build/artifacts"

status=0
printf '%-12s %12s %10s %8s  %s\n' target runs exec/s corpus result
for dir in "$root"/tests/fuzz/corpus/*/; do
  target=$(basename "$dir")
  bin=$build/tests/fuzz/fuzz_$target
  [ -x "$bin" ] || { echo "no fuzzer for corpus $target" >&2; status=1; continue; }
  work=$(mktemp -d)
  cp "$dir"/* "$work"/
  flags=() seeds=() # the first corpus folder ($work) is where new inputs are written
  [ "$target" = dataset ] && seeds+=("$root/deploy")
  [ -f "$root/tests/fuzz/$target.dict" ] && flags+=(-dict="$root/tests/fuzz/$target.dict")
  # The in-process server frees a connection's memory after its client saw it closed.
  [ "$target" = http ] && flags+=(-detect_leaks=0)
  log=$build/fuzz_$target.log
  if "$bin" -max_total_time="$seconds" -print_final_stats=1 -timeout=10 -rss_limit_mb=2048 \
       -artifact_prefix="$build/artifacts/$target-" "${flags[@]}" "$work" "${seeds[@]}" \
       >"$log" 2>&1; then
    result=ok
  else
    result="CRASH (see $log)"; status=1
  fi
  runs=$(grep -m1 'stat::number_of_executed_units' "$log" | awk '{print $2}')
  speed=$(grep -m1 'stat::average_exec_per_sec' "$log" | awk '{print $2}')
  printf '%-12s %12s %10s %8s  %s\n' "$target" "${runs:-?}" "${speed:-?}" "$(find "$work" -type f | wc -l)" "$result"
  rm -rf "$work"
done
exit $status
