#!/usr/bin/env bash
# Benchmark of questions about the past (known_at / revision, docs/decisions/0008-known-at.md):
# the first answer at a past revision (a snapshot rebuilt from the change log) on the seed and
# with the real lists (tests/data/lists) imported, the answer once that revision is kept,
# /v1/check throughput at a kept past revision against the current one, and the current
# throughput while past snapshots are being built.
#
#   tests/bench/known_at.sh                 # its own PostgreSQL on a free port
#   PG_ADMIN_URL=postgresql://...:PORT/postgres PORTS="18753 18754 18755" tests/bench/known_at.sh
# Numbers depend on the machine and what else runs on it: report them with that said.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=../lib/seeded.sh
. "$root/tests/lib/seeded.sh"

rounds=${ROUNDS:-3}
seconds=${SECONDS_EACH:-5}
lists=$root/tests/data/lists
build_dir=$root/build/bench-known-at
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 2; }
cmake -S "$root" -B "$build_dir" -DCMAKE_BUILD_TYPE=Release -DRESTRICTD_TESTS=OFF >/dev/null
cmake --build "$build_dir" -j2 --target restrictd >"$build_dir.log" 2>&1 ||
  { cat "$build_dir.log" >&2; exit 1; }
bin=$build_dir/restrictd

work=$(mktemp -d /tmp/restrictd-bench-known-at.XXXXXX)
chmod 755 "$work"
pids=()
read -r -a ports <<<"${PORTS:-$(free_port) $(free_port) $(free_port)}"
cleanup() {
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  [ -n "${PG_ADMIN_URL:-}" ] || pg_stop "$work/pg"
  rm -rf "$work"
}
trap cleanup EXIT

if [ -n "${PG_ADMIN_URL:-}" ]; then
  admin=$PG_ADMIN_URL
  psql "$admin" -qc "DROP DATABASE IF EXISTS restrictd_bench_known_at" -qc \
    "CREATE DATABASE restrictd_bench_known_at" >/dev/null
  db=${admin%/*}/restrictd_bench_known_at
  pg_seed "$db" "$bin"
else
  db=$(pg_seeded "$work/pg" "$bin")
fi

start_server() { # $1: port, then VAR=value for the server
  env "${@:2}" RESTRICTD_LISTEN=127.0.0.1:$1 DATABASE_URL=$db RESTRICTD_LOG=info RESTRICTD_THREADS=2 \
    "$bin" serve 2>>"$work/server-$1.log" &
  pids+=("$!")
  for _ in $(seq 200); do curl -sf "http://127.0.0.1:$1/readyz" >/dev/null && break; sleep 0.1; done
}
port=${ports[0]}
start_server "$port"
base=http://127.0.0.1:$port
check=$base'/v1/check?name=Kaspersky%20Lab&as_of=2024-10-01'
revision() { psql "$db" -Atc "SELECT max(revision) FROM changes"; }
touch_data() { psql "$db" -qc "UPDATE sources SET summary = 'bench $1' WHERE id = 'us-dhs-bod-17-01'"; }
ms() { curl -s -o /dev/null -w '%{time_total}' "$1" | awk '{printf "%.1f", $1 * 1000}'; }
# CPU time (ms) of the server and of PostgreSQL's processes (the postmaster's children: the
# server's connections live on), which the load of other work on the machine does not inflate.
pg_dir=$(psql "$db" -Atc "SELECT setting FROM pg_settings WHERE name = 'data_directory'")
cpu_ms() { # $1: pids...
  local t=0 f
  for p in "$@"; do
    read -r -a f <"/proc/$p/stat" 2>/dev/null || continue
    t=$((t + f[13] + f[14]))
  done
  echo $((t * 1000 / $(getconf CLK_TCK)))
}
pg_pids() { ps -o pid= --ppid "$(head -1 "$pg_dir/postmaster.pid")"; }
first_and_kept() { # $1: revision, $2: the server's index (0 patched, 1 replay only, 2 roll-back
  # only); prints the
  # first and the second answer's milliseconds
  local i=${2:-0} s0 p0 first u
  u="http://127.0.0.1:${ports[$i]}/v1/check?name=Kaspersky%20Lab&as_of=2024-10-01&revision=$1"
  # shellcheck disable=SC2046 # a list of pids
  s0=$(cpu_ms "${pids[$i]}") p0=$(cpu_ms $(pg_pids))
  first=$(ms "$u")
  # shellcheck disable=SC2046
  printf 'revision %s: first %s ms (CPU: server %s ms, PostgreSQL %s ms), kept %s ms' "$1" \
    "$first" $(($(cpu_ms "${pids[$i]}") - s0)) $(($(cpu_ms $(pg_pids)) - p0)) "$(ms "$u&limit=4")"
}

seed_rev=$(revision)
touch_data 0
sleep 1
echo "== seed ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)): latest revision $(revision)"
for r in "$seed_rev" $((seed_rev - 50)) $((seed_rev - 100)) $((seed_rev - 150)) $((seed_rev - 200)); do
  echo "$(first_and_kept "$r")"
done

echo "== the real lists imported"
for l in "ofac-sdn $lists" "ofac-cons $lists" "csl $lists/csl.csv"; do
  # shellcheck disable=SC2086
  DATABASE_URL=$db "$bin" import $l --published 2021-01-01 | head -1
done
lists_rev=$(revision)
touch_data 1
sleep 2
grep -o 'snapshot loaded: [^"]*' "$work/server-$port.log" | tail -1 | sed 's/^/live: /'
echo "changes rows: $(psql "$db" -Atc 'SELECT count(*) FROM changes'), latest revision $(revision)"
start_server "${ports[1]}" RESTRICTD_PAST_ROLLBACK_MAX=0
start_server "${ports[2]}" RESTRICTD_PAST_PATCH_MAX=0
# the first server patches the current snapshot (db/past_patch.h); the third reads every
# table rolled back; the second replays the log
build_s() { curl -s "http://127.0.0.1:${ports[$1]}/metrics" |
  awk '/^restrictd_past_snapshot_build_seconds_total/ {print $2}'; }
for r in "$lists_rev" $((lists_rev - 1)) $((lists_rev - 2)) $((lists_rev - 2000)) $((lists_rev - 4000)); do
  for i in 0 2 1; do
    b0=$(build_s "$i")
    line=$(first_and_kept "$r" "$i")
    echo "$(printf '%-12s' "$(echo patched replayed rolled-back | cut -d' ' -f$((i + 1))):") $line," \
      "build $(awk -v a="$b0" -v b="$(build_s "$i")" 'BEGIN {printf "%.1f", (b - a) * 1000}') ms" \
      "(load $(cut -d' ' -f1 /proc/loadavg))"
  done
done
# an auditor walking back through one stretch of revisions (inside the consolidated list's
# import, 400-450 changes back: rulings only, the same names): each first question after the
# first is patched from the kept revision before it (docs/decisions/0008-known-at.md)
for d in 400 410 420 430 440 450; do
  echo "walk: $(first_and_kept $((lists_rev - d)))"
done
# the patched server's own account of each build: wall and thread CPU, data set and snapshot
grep -ao 'past revision [0-9]*: data set [^"]*' "$work/server-$port.log" | sed 's/^/patched server: /'
curl -s "$base/metrics" | grep '^restrictd_past'
for i in 1 2; do kill -TERM "${pids[$i]}" && wait "${pids[$i]}" || true; done

rate() { wrk -t1 -c32 -d"${seconds}s" "$1" 2>/dev/null | awk '/Requests\/sec/ {print $2}'; }
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
past="$check&revision=$lists_rev"
wrk -t1 -c32 -d1s "$check" >/dev/null 2>&1 || true
wrk -t1 -c32 -d1s "$past" >/dev/null 2>&1 || true
echo "== /v1/check throughput with the lists: wrk -t1 -c32, ${seconds}s x $rounds rounds, alternating"
now_rates=() past_rates=()
for r in $(seq "$rounds"); do
  n=$(rate "$check"); p=$(rate "$past")
  now_rates+=("$n"); past_rates+=("$p")
  echo "round $r: current $n req/s, kept past revision $p req/s"
done
mn=$(median "${now_rates[@]}"); mp=$(median "${past_rates[@]}")
echo "median: current $mn req/s, kept past revision $mp req/s, ratio $(awk -v a="$mp" -v b="$mn" 'BEGIN {printf "%.2f", a / b}')"

echo "== current throughput while past snapshots are built (6 revisions in turn, 4 kept: each a build)"
# $1: seconds between two questions (0: back to back, a build always running: one core of
# this machine's two goes to the builds, server and PostgreSQL, and wrk has the other)
builder() {
  while :; do
    for d in 0 1 2 3 4 5; do
      curl -s -o /dev/null "$check&revision=$((lists_rev - d))&limit=3"
      sleep "$1"
    done
  done
}
built() { curl -s "$base/metrics" | awk '/^restrictd_past_snapshots_total\{result="built"/ {print $2}'; }
for pause in 0.1 0; do
  b0=$(built)
  builder "$pause" &
  bpid=$!
  pids+=("$bpid")
  sleep 1
  during=$(rate "$check")
  kill "$bpid" 2>/dev/null || true
  wait "$bpid" 2>/dev/null || true
  n=$(($(built) - b0))
  alone=$(rate "$check")
  echo "builds every ${pause}s ($n built): current $during req/s while building, $alone req/s" \
    "alone, ratio $(awk -v a="$during" -v b="$alone" 'BEGIN {printf "%.2f", a / b}')"
done
curl -s "$base/metrics" | grep '^restrictd_past'
