#!/usr/bin/env bash
# Benchmark of the real lists (tests/data/lists): importing OFAC SDN, non-SDN and the CSL sample
# into a seeded database (first import, the same files again, a dry run), the snapshot reload
# with all of them, the server's memory, and /v1/check throughput with the lists loaded
# against the seed alone, measured in the same run on the same binary (alternating rounds).
# Builds a release binary, starts a throwaway PostgreSQL and two servers, cleans up.
#
#   tests/bench/lists.sh                    # 3 rounds of 5 s per server
#   ROUNDS=5 SECONDS_EACH=10 tests/bench/lists.sh
# Numbers depend on the machine and what else runs on it: report them with that said.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=../lib/seeded.sh
. "$root/tests/lib/seeded.sh"

rounds=${ROUNDS:-3}
seconds=${SECONDS_EACH:-5}
lists=$root/tests/data/lists
build_dir=$root/build/bench-lists # its own: it builds without the test programs
deps_install BUILD RUN >/dev/null
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 2; }

cmake -S "$root" -B "$build_dir" -DCMAKE_BUILD_TYPE=Release -DRESTRICTD_TESTS=OFF >/dev/null
cmake --build "$build_dir" -j2 --target restrictd >"$build_dir.log" 2>&1 ||
  { cat "$build_dir.log" >&2; exit 1; }
bin=$build_dir/restrictd

work=$(mktemp -d /tmp/restrictd-bench-lists.XXXXXX)
chmod 755 "$work"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  pg_stop "$work/pg"
  rm -rf "$work"
}
trap cleanup EXIT

seed_db=$(pg_seeded "$work/pg" "$bin")
lists_db=${seed_db%/*}/restrictd_lists
psql "${seed_db%/*}/postgres" -qc "CREATE DATABASE restrictd_lists TEMPLATE ${seed_db##*/}" >/dev/null

# "imported ... in 1.86 s, ..." -> 1.86
took() { sed -n 's/.* in \([0-9.]*\) s.*/\1/p' | head -1; }
import_all() { # $1: extra options; prints the seconds of each list and their sum
  local total=0 t
  for l in "ofac-sdn $lists" "ofac-cons $lists" "csl $lists/csl.csv"; do
    # shellcheck disable=SC2086
    t=$(DATABASE_URL=$lists_db "$bin" import $l --published 2021-01-01 $1 | took)
    printf '%s %s s, ' "${l%% *}" "$t"
    total=$(awk -v a="$total" -v b="$t" 'BEGIN {printf "%.2f", a + b}')
  done
  echo "total $total s"
}
echo "== import into a seeded database ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
echo "dry run, no list in: $(import_all --dry-run)"
echo "first import:        $(import_all '')"
echo "the same again:      $(import_all '')"
echo "dry run of that:     $(import_all --dry-run)"

start_server() { # $1: database URL; sets port and pid
  port=$(free_port)
  RESTRICTD_LISTEN=127.0.0.1:$port DATABASE_URL=$1 RESTRICTD_LOG=info RESTRICTD_THREADS=2 \
    "$bin" serve 2>>"$work/server-$port.log" &
  pid=$!
  pids+=("$pid")
  for _ in $(seq 200); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.1; done
}
start_server "$seed_db"; seed_port=$port; seed_pid=$pid
start_server "$lists_db"; lists_port=$port; lists_pid=$pid

echo "== snapshot reload with the seed and the three lists (5 reloads)"
for i in 1 2 3 4 5; do
  psql "$lists_db" -qc "UPDATE sources SET summary = 'bench $i' WHERE id = 'us-ofac-cons'"
  sleep 1
done
grep -o 'snapshot loaded: [^"]*' "$work/server-$lists_port.log" | tail -5
rss() { awk -v k="$2:" '$1 == k {print $2}' "/proc/$1/status"; }

url() { echo "http://127.0.0.1:$1/v1/check?name=Kaspersky%20Lab&as_of=2024-10-01"; }
curl -sf "$(url "$lists_port")" | python3 -c 'import json,sys; a=json.load(sys.stdin); print("answer with lists:", a["verdict"], len(a["rulings"]), "rulings")'
rate() { wrk -t1 -c32 -d"${seconds}s" "$1" 2>/dev/null | awk '/Requests\/sec/ {print $2}'; }
wrk -t1 -c32 -d1s "$(url "$seed_port")" >/dev/null 2>&1 || true
wrk -t1 -c32 -d1s "$(url "$lists_port")" >/dev/null 2>&1 || true
echo "== /v1/check throughput: wrk -t1 -c32, ${seconds}s x $rounds rounds, alternating"
seed_rates=() lists_rates=()
for r in $(seq "$rounds"); do
  s=$(rate "$(url "$seed_port")"); l=$(rate "$(url "$lists_port")")
  seed_rates+=("$s"); lists_rates+=("$l")
  echo "round $r: seed only $s req/s, with the lists $l req/s"
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
ms=$(median "${seed_rates[@]}"); ml=$(median "${lists_rates[@]}")
echo "median: seed only $ms req/s, with the lists $ml req/s, ratio $(awk -v a="$ml" -v b="$ms" 'BEGIN {printf "%.2f", a / b}')"
echo "== memory (VmRSS / VmHWM, KiB): seed only $(rss "$seed_pid" VmRSS) / $(rss "$seed_pid" VmHWM);" \
  "with the lists $(rss "$lists_pid" VmRSS) / $(rss "$lists_pid" VmHWM)"
