#!/usr/bin/env bash
# Runs `restrictd serve` under valgrind memcheck against a throwaway PostgreSQL with a short
# mixed workload -- checks, screening in each format, browsing, admin writes with a token,
# metrics, bad requests, rate limiting, a change made behind its back, SIGHUP, SIGTERM --
# and fails on any memory error or definite leak. Prints valgrind's summary.
#   tests/valgrind/run.sh                        # builds build/valgrind (Debug) first
#   RESTRICTD_BIN=build/test/restrictd tests/valgrind/run.sh   # or uses a Debug build there is
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=../lib/seeded.sh
. "$root/tests/lib/seeded.sh"
deps_install BUILD RUN VALGRIND

bin=${RESTRICTD_BIN:-}
if [ -z "$bin" ]; then
  build=$root/build/valgrind
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Debug -DRESTRICTD_TESTS=OFF >/dev/null
  cmake --build "$build" -j"$(nproc)" --target restrictd 2>&1 | grep -Ev '^\[ *[0-9]+%\]' || true
  bin=$build/restrictd
fi
[ -x "$bin" ] || { echo "no restrictd binary at $bin" >&2; exit 1; }

work=$(mktemp -d /tmp/restrictd-valgrind.XXXXXX)
chmod 755 "$work"
server_pid=
cleanup() {
  local rc=$?
  if [ -n "$server_pid" ]; then kill -KILL "$server_pid" 2>/dev/null || true; fi
  pg_stop "$work/pg" immediate
  if [ $rc -ne 0 ]; then echo "logs kept in $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT

db=$(pg_seeded "$work/pg" "$bin")
token=$(DATABASE_URL=$db "$bin" token create --name valgrind --role admin 2>/dev/null)

port=$(free_port)
base=http://127.0.0.1:$port
started=$(date +%s)
DATABASE_URL=$db RESTRICTD_LISTEN=127.0.0.1:$port RESTRICTD_THREADS=2 RESTRICTD_ACCESS_LOG=1 \
  RESTRICTD_RELOAD_INTERVAL_MS=500 RESTRICTD_AUTH_FAILURE_LIMIT=5 \
  valgrind --tool=memcheck --leak-check=full --show-leak-kinds=definite \
  --errors-for-leak-kinds=definite --error-exitcode=99 --num-callers=30 \
  --log-file="$work/valgrind.log" "$bin" serve 2>"$work/server.log" &
server_pid=$!
for _ in $(seq 600); do
  curl -sf "$base/readyz" >/dev/null 2>&1 && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/valgrind.log" "$work/server.log"; exit 1; }
  sleep 0.1
done
curl -sf "$base/readyz" >/dev/null || { echo "not ready under valgrind" >&2; exit 1; }

requests=0 unexpected=0
# want STATUS curl-args...: one request; counts answers other than STATUS.
want() {
  local status=$1 got
  shift
  got=$(curl -s -o /dev/null -w '%{http_code}' --max-time 60 "$@" || true)
  requests=$((requests + 1))
  if [ "$got" != "$status" ]; then
    unexpected=$((unexpected + 1))
    echo "unexpected: $got (want $status): $*" >&2
  fi
}
auth=(-H "Authorization: Bearer $token")
json=(-H "Content-Type: application/json")

# reads
want 200 "$base/v1/check?name=Kaspersky%20Lab&as_of=2024-10-01"
want 200 "$base/v1/check?name=%D0%9B%D0%B0%D0%B1%D0%BE%D1%80%D0%B0%D1%82%D0%BE%D1%80%D0%B8%D1%8F%20%D0%9A%D0%B0%D1%81%D0%BF%D0%B5%D1%80%D1%81%D0%BA%D0%BE%D0%B3%D0%BE&pretty=true"
want 200 "$base/v1/check?name=Kaperksy%20Endpoint%20Security%202024&kind=product&limit=20&min_score=0.6"
want 200 -I "$base/v1/check?name=UltraAV"
etag=$(curl -s -D - -o /dev/null "$base/v1/check?name=Pango%20Group&as_of=2024-10-01" | tr -d '\r' | awk -F': ' 'tolower($1)=="etag"{print $2}')
want 304 -H "If-None-Match: $etag" "$base/v1/check?name=Pango%20Group&as_of=2024-10-01"
want 200 "$base/v1/subjects?limit=3"
cursor=$(curl -s "$base/v1/subjects?limit=3" | sed -n 's/.*"next_cursor":"\([^"]*\)".*/\1/p')
want 200 "$base/v1/subjects?limit=3&cursor=$cursor"
want 200 "$base/v1/subjects?q=kasp%20endpoint"
want 200 "$base/v1/subjects/ao-kaspersky-lab"
want 200 "$base/v1/rulings?in_effect_on=2024-10-01&status=prohibited"
want 200 "$base/v1/rulings/us-ndaa-1634-kaspersky"
want 200 "$base/v1/rulings/us-ndaa-1634-kaspersky/history"
want 200 "$base/v1/sources"
want 200 "$base/v1/changes?since=0&limit=5"
want 200 "$base/openapi.json"
want 200 "$base/problems/invalid-parameter"
want 200 "$base/metrics"
want 200 "$base/healthz"
# screening in each format, in and out
csv=$'name,ref\nKaspersky Lab,1\n"Acme, Inc",2\n\xff\xfe,3\n'
want 200 -H "Content-Type: text/csv" --data-binary "$csv" "$base/v1/screen?as_of=2024-10-01"
want 200 -H "Content-Type: text/csv" -H "Accept: application/json" --data-binary "$csv" "$base/v1/screen"
want 200 "${json[@]}" --data-binary '[{"name":"Kaspersky Lab","ref":"a"},{"name":"x","kind":"vendor"},7]' "$base/v1/screen"
want 200 -H "Content-Type: application/x-ndjson" -H "Accept: text/csv" --data-binary $'{"name":"Kaspersky"}\nnot json\n' "$base/v1/screen"
# bad requests
want 400 "$base/v1/check?name=x&as_of=yesterday"
want 400 "$base/v1/check?name=%FF"
want 404 "$base/v1/nothing"
want 405 -X DELETE "$base/v1/check"
want 415 -H "Content-Type: text/plain" --data-binary 'x' "$base/v1/screen"
want 400 "${json[@]}" --data-binary '[[[[[[[[' "$base/v1/screen"
want 413 "${json[@]}" --data-binary @<(head -c 11000000 /dev/zero | tr '\0' 'x') "$base/v1/screen"
# admin writes with a token
ruling='{"id":"valgrind-ruling","subject":"pango-group","source":"us-bis-icts-2021-002","status":"restricted","measure":{"code":"m","text":"M"},"binds":"us-persons","effective_from":"2024-06-24T04:00:00Z","quote":"q"}'
want 201 "${auth[@]}" "${json[@]}" --data-binary "$ruling" "$base/v1/admin/rulings"
want 200 "${auth[@]}" "$base/v1/admin/rulings/valgrind-ruling"
want 200 "${auth[@]}" "${json[@]}" -H 'If-Match: "1"' -X PUT --data-binary "${ruling/\"q\"/\"q2\"}" "$base/v1/admin/rulings/valgrind-ruling"
want 412 "${auth[@]}" -H 'If-Match: "1"' -X DELETE "$base/v1/admin/rulings/valgrind-ruling"
want 428 "${auth[@]}" -X DELETE "$base/v1/admin/rulings/valgrind-ruling"
want 200 "${auth[@]}" -H 'If-Match: "2"' -X DELETE "$base/v1/admin/rulings/valgrind-ruling"
want 422 "${auth[@]}" "${json[@]}" --data-binary '{"id":"Bad Id"}' "$base/v1/admin/subjects"
want 201 "${auth[@]}" "${json[@]}" --data-binary '{"subject":"ultraav","alias":"Valgrind AV","kind":"brand"}' "$base/v1/admin/aliases"
curl -s "${auth[@]}" "$base/v1/admin/export" >"$work/export.json"
requests=$((requests + 1))
want 200 "${auth[@]}" "${json[@]}" --data-binary @"$work/export.json" "$base/v1/admin/import?dry_run=true&prune=true"
want 200 "${auth[@]}" "${json[@]}" --data-binary @"$work/export.json" "$base/v1/admin/import"
want 200 "${auth[@]}" "$base/v1/admin/audit?limit=5"
want 200 "${auth[@]}" "$base/v1/admin/audit?entity=token"
want 401 "$base/v1/admin/export"
for i in 1 2 3 4 5; do want 401 -H "Authorization: Bearer rdt_wrong$i" "$base/v1/admin/export"; done
want 429 -H "Authorization: Bearer rdt_wrong6" "$base/v1/admin/export"
# a change made behind its back (NOTIFY), then SIGHUP
revision=$(curl -s "$base/readyz" | jq -r .revision)
psql "$db" -qc "UPDATE subjects SET note = 'touched by the valgrind run' WHERE id = 'ultraav'"
for _ in $(seq 300); do # the notification's reload, slow under valgrind: up to 30 s
  [ "$(curl -s "$base/readyz" | jq -r .revision)" != "$revision" ] && break
  sleep 0.1
done
kill -HUP "$server_pid"
for _ in $(seq 300); do grep -q 'SIGHUP: reloading' "$work/server.log" && break; sleep 0.1; done
want 200 "$base/v1/check?name=UltraAV"
want 200 "$base/metrics"

kill -TERM "$server_pid"
status=0
wait "$server_pid" || status=$?
server_pid=
took=$(($(date +%s) - started))

echo "valgrind: $requests requests ($unexpected unexpected answers), SIGHUP, SIGTERM; $took s"
grep -E "ERROR SUMMARY|definitely lost|indirectly lost|possibly lost|still reachable|in use at exit" \
  "$work/valgrind.log" | sed 's/^==[0-9]*== */  /'
if [ "$status" -ne 0 ] || [ "$unexpected" -ne 0 ]; then
  echo "FAILED: exit status $status (99: memory errors or definite leaks), $unexpected unexpected answers" >&2
  grep -v "^==[0-9]*== *$" "$work/valgrind.log" | head -150 >&2
  exit 1
fi
echo "valgrind: no memory errors, no definite leaks"
