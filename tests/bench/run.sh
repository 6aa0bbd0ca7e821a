#!/usr/bin/env bash
# The HTTP benchmark: restrictd against nginx serving a static file of the same
# size as the answer, both driven by wrk on loopback in the same run, alternating, and the
# ratios restrictd/nginx. Each question (a check, a no-match check, the compact view) is asked
# of a server with the seed and of one with the seed and the three real lists
# (tests/data/lists: OFAC SDN, non-SDN, the CSL sample), each against nginx serving the very
# bytes of that server's answer. Each side at its best for the workload, round by round:
# nginx with sendfile on and off, with one worker and with one per core; restrictd with one
# thread and with its default, one per core. Each server's CPU time per request is read
# from /proc beside its throughput. Beside them, libmicrohttpd alone (tests/bench/mhd_alone.c)
# serving the same bytes with the same headers: the most a server built on it can do. Also: /v1/screen rows per second, and the servers' peak
# memory. Bounded: about 15 minutes (5 rounds), 9 (3 rounds).
#
#   tests/bench/run.sh            # 5 rounds of 3 s per scenario
#   BENCH_SECONDS=5 BENCH_ROUNDS=7 tests/bench/run.sh
#
# Each round runs every scenario back to back, so a ratio is taken between runs a few
# seconds apart; the table shows the median over the rounds of each figure and of each
# round's ratio (machines that share their CPU drift by tens of per cent within a minute).
#
# Absolute numbers depend on the machine and what else runs on it; the ratios are the
# point (docs/performance.md).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=../lib/seeded.sh
. "$root/tests/lib/seeded.sh"

seconds=${BENCH_SECONDS:-3}
rounds=${BENCH_ROUNDS:-5}
connections=${BENCH_CONNECTIONS:-32}
screen_rows=${BENCH_SCREEN_ROWS:-100000}
build=$root/build/bench
started=$(date +%s)

deps_install BUILD RUN TEST BENCH
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DRESTRICTD_TESTS=ON >/dev/null
cmake --build "$build" -j"$(nproc)" --target restrictd mhd_alone >"$build/bench-build.log" 2>&1 ||
  { cat "$build/bench-build.log"; exit 1; }

work=$(mktemp -d /tmp/restrictd-bench.XXXXXX)
chmod 755 "$work"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for f in "$work"/nginx-*.pid; do if [ -f "$f" ]; then kill -QUIT "$(cat "$f")" 2>/dev/null || true; fi; done
  wait 2>/dev/null || true
  pg_stop "$work/pg"
  rm -rf "$work"
}
trap cleanup EXIT

# --- data: the seed, and the seed with the three real lists ------------------------------
pg_port=$(free_port)
pg_start "$work/pg" "$pg_port" >/dev/null
admin=$(pg_url "$work/pg" "$pg_port" postgres)
for db in seed lists; do
  psql "$admin" -qc "CREATE DATABASE $db" >/dev/null
  pg_seed "$(pg_url "$work/pg" "$pg_port" $db)" "$build/restrictd"
done
t0=$(date +%s%N)
lists_dir=$root/tests/data/lists
for l in "ofac-sdn $lists_dir" "ofac-cons $lists_dir" "csl $lists_dir/csl.csv"; do
  # shellcheck disable=SC2086 # the list's kind and its path
  DATABASE_URL=$(pg_url "$work/pg" "$pg_port" lists) "$build/restrictd" import $l \
    --published 2021-01-01 >/dev/null
done
echo "data: seed, and seed + OFAC SDN + non-SDN + CSL sample (imported in $((($(date +%s%N) - t0) / 1000000)) ms)"

# --- servers ----------------------------------------------------------------------------
start_restrictd() { # db port [VAR=value for the server]
  env "${@:3}" RESTRICTD_LISTEN="127.0.0.1:$2" DATABASE_URL="$(pg_url "$work/pg" "$pg_port" "$1")" \
    RESTRICTD_LOG=warn "$build/restrictd" serve 2>>"$work/restrictd-$1.log" &
  pids+=($!)
  for _ in $(seq 200); do curl -sf "http://127.0.0.1:$2/readyz" >/dev/null && return 0; sleep 0.05; done
  echo "restrictd on $1 did not start" >&2; cat "$work/restrictd-$1.log" >&2; exit 1
}
port_seed=$(free_port); start_restrictd seed "$port_seed"; pid_seed=${pids[-1]}
port_lists=$(free_port); start_restrictd lists "$port_lists"; pid_lists=${pids[-1]}
# the same with one thread: on a machine it shares with its load generator, one thread may
# do better (docs/performance.md, "Threads, measured rather than guessed")
port_seed1=$(free_port); start_restrictd seed "$port_seed1" RESTRICTD_THREADS=1; pid_seed1=${pids[-1]}
port_lists1=$(free_port); start_restrictd lists "$port_lists1" RESTRICTD_THREADS=1; pid_lists1=${pids[-1]}

declare -A query=(
  [check]='/v1/check?name=Kaspersky%20Lab&as_of=2024-10-01'
  [nomatch]='/v1/check?name=Northwind%20Traders%20Ltd&as_of=2024-10-01'
  [compact]='/v1/check?name=Kaspersky%20Lab&as_of=2024-10-01&view=compact')
declare -A port=([seed]=$port_seed [lists]=$port_lists [seed1]=$port_seed1 [lists1]=$port_lists1)
mkdir -p "$work/www"
for data in seed lists; do # each server's answers and headers, byte for byte, for the others
  for k in check nomatch compact; do
    curl -sf -D "$work/$k-$data.headers" "http://127.0.0.1:${port[$data]}${query[$k]}" \
      >"$work/www/$k-$data.json"
  done
done
chmod 644 "$work/www"/*.json
# libmicrohttpd alone, one thread, one server an answer (tests/bench/mhd_alone.c)
declare -A mhd_port mhd_pid
for data in seed lists; do
  for k in check nomatch compact; do
    mhd_port[$data-$k]=$(free_port)
    "$build/tests/mhd_alone" "${mhd_port[$data-$k]}" 1 "$work/www/$k-$data.json" \
      "$work/$k-$data.headers" &
    pids+=($!)
    mhd_pid[$data-$k]=$!
    for _ in $(seq 100); do curl -sf -o /dev/null "http://127.0.0.1:${mhd_port[$data-$k]}/" && break; sleep 0.05; done
    cmp -s <(curl -sf "http://127.0.0.1:${mhd_port[$data-$k]}/") "$work/www/$k-$data.json" ||
      { echo "mhd_alone does not serve $k-$data" >&2; exit 1; }
  done
done
# nginx in each configuration that could be the fastest for small files on loopback:
# sendfile on (with tcp_nopush) and off, one worker and one per core; the reference of a
# round is the fastest of the four. Another serves gzip (level 1, as restrictd) for the
# compressed scenario.
start_nginx() { # name port "directives" [workers]
  cat >"$work/nginx-$1.conf" <<NGINX
worker_processes ${4:-$(nproc)};
pid $work/nginx-$1.pid;
error_log $work/nginx-$1-error.log warn;
$([ "$(id -u)" = 0 ] && echo "user root;")
events { worker_connections 4096; }
http {
  access_log off;
  $3
  keepalive_requests 10000000;
  keepalive_timeout 60;
  types { application/json json; }
  server {
    listen 127.0.0.1:$2;
    root $work/www;
  }
}
NGINX
  nginx -c "$work/nginx-$1.conf" -p "$work"
  for _ in $(seq 50); do curl -sf "http://127.0.0.1:$2/check-seed.json" >/dev/null && break; sleep 0.05; done
}
declare -A nginx_port
nginx_variants=(on off on1 off1)
for v in "${nginx_variants[@]}"; do
  nginx_port[$v]=$(free_port)
  case $v in on*) d="sendfile on; tcp_nopush on;" ;; *) d="sendfile off;" ;; esac
  start_nginx "$v" "${nginx_port[$v]}" "$d" "$([ "${v%1}" != "$v" ] && echo 1 || nproc)"
done
nginx_gz=$(free_port)
start_nginx gz "$nginx_gz" "sendfile off; gzip on; gzip_comp_level 1; gzip_min_length 1024; gzip_types application/json;"

# --- wrk --------------------------------------------------------------------------------
# The CPU time (clock ticks, user and system, every thread) of the processes given: a
# server's own cost per request, which the throughput on a machine shared with the load
# generator mixes with wrk's.
cpu_ticks() { # pids...
  local p t=0 f
  for p in "$@"; do
    read -r -a f <<<"$(sed 's/.*) //' "/proc/$p/stat")" # fields after the name: state is [0]
    t=$((t + f[11] + f[12]))
  done
  echo "$t"
}
# Prints "req/s p50_ms p99_ms non2xx cpu_us_per_request" for one run; $2: a header to send,
# if any; $3: the server's processes.
drive() {
  local hdr=() c0 c1 out
  [ -n "${2:-}" ] && hdr=(-H "$2")
  wrk -t1 -c"$connections" -d1s "${hdr[@]}" "$1" >/dev/null 2>&1 || true # warm-up
  # shellcheck disable=SC2086 # a list of pids
  c0=$(cpu_ticks $3)
  out=$(wrk -t1 -c"$connections" -d"${seconds}s" --latency "${hdr[@]}" "$1" 2>/dev/null)
  # shellcheck disable=SC2086
  c1=$(cpu_ticks $3)
  awk -v ticks=$((c1 - c0)) -v hz="$(getconf CLK_TCK)" '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /Requests\/sec/ { rps = $2 }
    / requests in / { n = $1 }
    $1 == "50%" { p50 = ms($2) }
    $1 == "99%" { p99 = ms($2) }
    /Non-2xx/ { bad = $NF }
    END { printf "%.0f %.3f %.3f %d %.2f\n", rps, p50, p99, bad, n ? ticks / hz * 1e6 / n : 0 }' <<<"$out"
}

declare -A results
kinds=(check nomatch compact)
scenarios=()
# a scenario is "who-data-kind": nginx serving restrictd's answer from that data, or restrictd
for data in seed lists; do
  for k in "${kinds[@]}"; do
    for v in "${nginx_variants[@]}"; do scenarios+=("nginx_$v-$data-$k"); done
    scenarios+=("restrictd-$data-$k" "restrictd1-$data-$k" "mhd-$data-$k")
  done
done
scenarios+=(nginx_gz-seed-check restrictd_gz-seed-check)
url_of() {
  local who=${1%%-*} rest=${1#*-} data kind
  data=${rest%%-*} kind=${rest#*-}
  case $who in
    nginx_gz) echo "http://127.0.0.1:$nginx_gz/$kind-$data.json" ;;
    mhd) echo "http://127.0.0.1:${mhd_port[$data-$kind]}/" ;;
    nginx_*) echo "http://127.0.0.1:${nginx_port[${who#nginx_}]}/$kind-$data.json" ;;
    restrictd1) echo "http://127.0.0.1:${port[${data}1]}${query[$kind]}" ;;
    restrictd*) echo "http://127.0.0.1:${port[$data]}${query[$kind]}" ;;
  esac
}
header_of() { case $1 in *_gz-*) echo "Accept-Encoding: gzip" ;; esac; }
nginx_pids() { local m; m=$(cat "$work/nginx-$1.pid"); echo "$m $(pgrep -P "$m" | tr '\n' ' ')"; }
pids_of() { # the server processes of a scenario
  local who=${1%%-*} rest=${1#*-}
  case $who in
    nginx_*) nginx_pids "${who#nginx_}" ;;
    mhd) echo "${mhd_pid[$rest]}" ;;
    restrictd1) [ "${rest%%-*}" = seed ] && echo "$pid_seed1" || echo "$pid_lists1" ;;
    restrictd*) [ "${rest%%-*}" = seed ] && echo "$pid_seed" || echo "$pid_lists" ;;
  esac
}
for _ in $(seq "$rounds"); do
  for s in "${scenarios[@]}"; do
    out=$(drive "$(url_of "$s")" "$(header_of "$s")" "$(pids_of "$s")")
    results[$s]="${results[$s]:-}$out"$'\n'
    read -r _ _ _ bad _ <<<"$out"
    [ "${bad:-0}" = 0 ] || { echo "$s: $bad non-2xx answers" >&2; exit 1; }
  done
done
# Each side at its best, round by round: the highest req/s, the lowest latencies and the
# lowest CPU per request of its configurations.
best_of() { # scenarios...
  local files=() s
  for s in "$@"; do
    printf '%s' "${results[$s]}" >"$work/best-$s"
    files+=("$work/best-$s")
  done
  paste -d' ' "${files[@]}" | awk 'NF { r = $1; p50 = $2; p99 = $3; cpu = $5
    for (i = 6; i <= NF; i += 5) {
      if ($i > r) r = $i; if ($(i+1) < p50) p50 = $(i+1); if ($(i+2) < p99) p99 = $(i+2)
      if ($(i+4) < cpu) cpu = $(i+4)
    }
    printf "%s %s %s 0 %s\n", r, p50, p99, cpu }'
}
for data in seed lists; do
  for k in "${kinds[@]}"; do
    variants=()
    for v in "${nginx_variants[@]}"; do variants+=("nginx_$v-$data-$k"); done
    results[nginx-$data-$k]=$(best_of "${variants[@]}")$'\n'
    results[restrictd_best-$data-$k]=$(best_of "restrictd-$data-$k" "restrictd1-$data-$k")$'\n'
  done
done
# Median over the rounds of each column.
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
col() { printf '%s' "${results[$1]}" | awk -v c="$2" 'NF { print $c }' | median; }

# --- screening --------------------------------------------------------------------------
python3 - "$screen_rows" >"$work/screen.ndjson" <<'PY'
import json, sys
listed = ["Kaspersky Lab", "AO Kaspersky Lab", "Kaspersky Total Security", "OOO Kaspersky Group"]
for i in range(int(sys.argv[1])):
    name = listed[i % 4] if i % 50 == 0 else f"Supplier {i} Trading Company Ltd"
    print(json.dumps({"name": name, "ref": f"R{i}", "as_of": "2024-10-01"}))
PY
# The client discards the answer, as wrk does the checks': written to a file on this
# machine's disk, its ~110 MB cost curl about 0.2 s of the timed window (docs/performance.md).
# An untimed run afterwards keeps it, to count its rows.
screen() { # port [file] -> "rows/s seconds"
  local t0 t1
  t0=$(date +%s%N)
  curl -sf -H 'Content-Type: application/x-ndjson' --data-binary @"$work/screen.ndjson" \
    "http://127.0.0.1:$1/v1/screen" -o "${2:-/dev/null}"
  t1=$(date +%s%N)
  awk -v n="$screen_rows" -v ns=$((t1 - t0)) 'BEGIN { printf "%.0f %.2f\n", n / (ns / 1e9), ns / 1e9 }'
}
read -r screen_seed_rps screen_seed_s <<<"$(screen "$port_seed")"
read -r screen_lists_rps screen_lists_s <<<"$(screen "$port_lists")"
read -r screen_file_rps screen_file_s <<<"$(screen "$port_lists" "$work/screen-out.ndjson")"
rows_out=$(grep -c '"row"' "$work/screen-out.ndjson" || true)
[ "$rows_out" = "$screen_rows" ] || { echo "screen answered $rows_out rows of $screen_rows" >&2; exit 1; }
hwm() { awk '/VmHWM/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }
rss_seed=$(hwm "$pid_seed"); rss_lists=$(hwm "$pid_lists")
rss_now() { awk '/VmRSS/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }
rss_lists_now=$(rss_now "$pid_lists")

# --- report -----------------------------------------------------------------------------
# Column c of scenario a's round r, divided by the same of scenario b: one ratio a round.
ratios() { # a b c
  paste <(printf '%s' "${results[$1]}" | awk -v c="$3" 'NF { print $c }') \
        <(printf '%s' "${results[$2]}" | awk -v c="$3" 'NF { print $c }') |
    awk '$2 > 0 { printf "%.3f\n", $1 / $2 }' | median
}
echo
echo "restrictd vs nginx on loopback: wrk -t1 -c$connections, ${seconds}s x $rounds rounds, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
size() { wc -c <"$work/www/$1.json"; }
echo "answer sizes, seed: check $(size check-seed) B, no-match $(size nomatch-seed) B, compact $(size compact-seed) B;" \
  "with the lists: $(size check-lists) B, $(size nomatch-lists) B, $(size compact-lists) B; medians over the rounds"
printf '%-40s %10s %9s %9s %8s %10s %10s %10s\n' scenario req/s p50_ms p99_ms cpu_us "rps/nginx" "p99/nginx" "cpu/nginx"
row() { # label scenario reference
  local rps p50 p99 cpu
  rps=$(col "$2" 1); p50=$(col "$2" 2); p99=$(col "$2" 3); cpu=$(col "$2" 5)
  if [ -n "${3:-}" ]; then
    printf '%-40s %10s %9s %9s %8s %10.2f %10.2f %10.2f\n' "$1" "$rps" "$p50" "$p99" "$cpu" \
      "$(ratios "$2" "$3" 1)" "$(ratios "$2" "$3" 3)" "$(ratios "$2" "$3" 5)"
  else
    printf '%-40s %10s %9s %9s %8s %10s %10s %10s\n' "$1" "$rps" "$p50" "$p99" "$cpu" "-" "-" "-"
  fi
}
label_data() { [ "$1" = seed ] && echo "seed" || echo "seed + real lists"; }
for data in seed lists; do
  for k in "${kinds[@]}"; do
    for v in "${nginx_variants[@]}"; do
      w=$([ "${v%1}" != "$v" ] && echo "1 worker" || echo "$(nproc) workers")
      row "nginx sendfile ${v%1}, $w, $k ($data)" "nginx_$v-$data-$k"
    done
    row "restrictd $(nproc) threads, $k ($(label_data "$data"))" "restrictd-$data-$k" "nginx-$data-$k"
    row "restrictd 1 thread, $k ($(label_data "$data"))" "restrictd1-$data-$k" "nginx-$data-$k"
    row "restrictd at its best, $k ($(label_data "$data"))" "restrictd_best-$data-$k" "nginx-$data-$k"
    row "libmicrohttpd alone, 1 thread, $k ($data)" "mhd-$data-$k" "nginx-$data-$k"
  done
done
row "nginx gzip level 1, check (seed)" nginx_gz-seed-check
row "restrictd check gzip (seed)" restrictd_gz-seed-check nginx_gz-seed-check
echo "(ratios against nginx at its best in each round, serving the same bytes: the fastest of sendfile on and off, one worker and one per core; restrictd at its best: the faster of its two thread settings in that round; cpu_us: the server's CPU time, every thread and process, per request answered, and cpu/nginx against nginx's lowest: below 1 costs less)"
echo
for data in seed lists; do
  for k in "${kinds[@]}"; do
    echo "restrictd at its best vs libmicrohttpd alone, $k ($data): req/s $(ratios "restrictd_best-$data-$k" "mhd-$data-$k" 1), CPU a request $(ratios "restrictd_best-$data-$k" "mhd-$data-$k" 5)"
  done
done
echo "check throughput, lists vs seed: $(ratios restrictd-lists-check restrictd-seed-check 1)"
echo "no-match throughput, lists vs seed: $(ratios restrictd-lists-nomatch restrictd-seed-nomatch 1)"
echo "screen $screen_rows NDJSON rows, answer discarded: seed $screen_seed_rps rows/s (${screen_seed_s} s), lists $screen_lists_rps rows/s (${screen_lists_s} s); lists, answer written to disk: $screen_file_rps rows/s (${screen_file_s} s)"
echo "peak RSS: seed ${rss_seed} MiB, lists ${rss_lists} MiB (the screening's body and chunks included); RSS now with the lists and the check cache warm ${rss_lists_now} MiB"

# The targets, read off this run (printed, never a failure: performance is measured,
# not asserted; one run on a shared machine is a sample, docs/performance.md).
target() { # label value condition(awk, on v)
  awk -v v="$2" -v l="$1" "BEGIN { printf \"  %-56s %8s  %s\\n\", l, v, ($3) ? \"met\" : \"MISSED\" }"
}
echo
echo "targets:"
for data in seed lists; do
  for r in restrictd restrictd_best; do
    as=$([ $r = restrictd ] && echo "default threads" || echo "at its best")
    target "check req/s >= 1.0 x nginx, $as ($data)" "$(ratios $r-$data-check nginx-$data-check 1)" "v >= 1.0"
    target "check p99 <= 1.2 x nginx, $as ($data)" "$(ratios $r-$data-check nginx-$data-check 3)" "v <= 1.2"
    target "no-match req/s >= 1.1 x nginx, $as ($data)" "$(ratios $r-$data-nomatch nginx-$data-nomatch 1)" "v >= 1.1"
    target "compact req/s >= 1.1 x nginx, $as ($data)" "$(ratios $r-$data-compact nginx-$data-compact 1)" "v >= 1.1"
  done
done
target "screen rows/s >= 200000 (lists)" "$screen_lists_rps" "v >= 200000"
target "RSS with the lists, cache warm < 64 MiB" "$rss_lists_now" "v < 64"
echo "took $(($(date +%s) - started)) s"
