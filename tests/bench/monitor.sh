#!/usr/bin/env bash
# Monitoring (issue 18), measured: a portfolio of ITEMS items (default 100,000; ITEMS_HIT of
# them, default 1,000, about UltraAV, the rest made-up names) replaced in one PUT; the
# re-evaluation after an admin write that changes the UltraAV answers (the monitor's own
# timing, from its log line); the time from the admin write's answer to the first webhook
# at a loopback receiver; and the deliveries per second to that receiver.
#
#   tests/bench/monitor.sh [BUILD_DIR]     # default build/rel; PG port MONITOR_BENCH_PG (55721)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=../lib/pg.sh
. "$root/tests/lib/pg.sh"
bin=${1:-$root/build/rel}/restrictd
items=${ITEMS:-100000}
hit=${ITEMS_HIT:-1000}
pgport=${MONITOR_BENCH_PG:-55721}
port=${MONITOR_BENCH_PORT:-18729}
rport=${MONITOR_BENCH_RECEIVER:-18739}
work=$(mktemp -d)
chmod 755 "$work" # initdb runs as another user when we are root
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    pg_stop "$work/pg" >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT

pg_start "$work/pg" "$pgport" >/dev/null
url=$(pg_url "$work/pg" "$pgport" postgres)
"$bin" migrate --database-url "$url" >/dev/null
DATABASE_URL=$url "$bin" seed "$root/deploy/rulings.json" >/dev/null
psql "$url" -qc "INSERT INTO api_tokens (name, role, secret_sha256) VALUES
  ('bench-monitor', 'monitor', sha256('rdt_bench_monitor'::bytea)),
  ('bench-admin', 'admin', sha256('rdt_bench_admin'::bytea))"
RESTRICTD_LISTEN=127.0.0.1:$port DATABASE_URL=$url RESTRICTD_WEBHOOK_ALLOW=127.0.0.1 \
    "$bin" serve 2>"$work/server.log" &
pids+=($!)
base=http://127.0.0.1:$port
for _ in $(seq 100); do curl -sf "$base/readyz" >/dev/null && break; sleep 0.1; done
mon=(-H "Authorization: Bearer rdt_bench_monitor")
adm=(-H "Authorization: Bearer rdt_bench_admin")
json=(-H "Content-Type: application/json")

curl -sf "${mon[@]}" "${json[@]}" -XPOST "$base/v1/portfolios" -d '{"id":"bench","name":"bench"}' >/dev/null
python3 - "$items" "$hit" >"$work/items.csv" <<'PY'
import sys
n, hit = int(sys.argv[1]), int(sys.argv[2])
print("ref,name,binds")
for i in range(n):
    print(f"r{i},UltraAV,us-persons" if i < hit else f"r{i},Vendor Number {i} Widgets,us-persons")
PY
t0=$(date +%s.%N)
curl -sf "${mon[@]}" -H "Content-Type: text/csv" -XPUT "$base/v1/portfolios/bench/items" \
    --data-binary @"$work/items.csv" >/dev/null
t1=$(date +%s.%N)
printf 'items replaced (%d, each answered): %.2f s\n' "$items" "$(echo "$t1 - $t0" | bc)"

python3 "$root/tests/integration/webhook_receiver.py" "$rport" "$work/received.jsonl" "$work/secret" &
pids+=($!)
sleep 0.5
curl -sf "${mon[@]}" "${json[@]}" -XPOST "$base/v1/portfolios/bench/subscriptions" \
    -d "{\"url\":\"http://127.0.0.1:$rport/hook\"}" | jq -r .secret >"$work/secret"

t0=$(date +%s.%N)
curl -sf "${adm[@]}" "${json[@]}" -XPOST "$base/v1/admin/rulings" -d '{"id":"bench-ruling",
  "subject":"ultraav","source":"us-bis-icts-2021-002","status":"prohibited",
  "measure":{"code":"bench","text":"Bench."},"binds":"us-persons",
  "effective_from":"2024-01-01T00:00:00Z","quote":"Bench."}' >/dev/null
answered=$(date +%s.%N)
for _ in $(seq 600); do [ -s "$work/received.jsonl" ] && break; sleep 0.01; done
first=$(head -1 "$work/received.jsonl" | jq .at)
printf 'first webhook after the admin write answered: %.0f ms\n' "$(echo "($first - $answered) * 1000" | bc)"
for _ in $(seq 1200); do
    [ "$(wc -l <"$work/received.jsonl")" -ge "$hit" ] && break
    sleep 0.1
done
last=$(tail -1 "$work/received.jsonl" | jq .at)
got=$(wc -l <"$work/received.jsonl")
valid=$(jq -s 'map(select(.valid)) | length' "$work/received.jsonl")
printf 'webhooks: %d received (%d valid) in %.2f s: %.0f per second\n' "$got" "$valid" \
    "$(echo "$last - $first" | bc)" "$(echo "$got / ($last - $first)" | bc -l)"
grep -o '"msg":"monitor: [^"]*"' "$work/server.log" | sed 's/"msg":"//; s/"$//'
psql "$url" -Atc "SELECT 'delivery attempts: ' || count(*) || ', mean ' || round(avg(duration_ms)) || ' ms per POST' FROM webhook_deliveries"

# Checks while passes run (the issue: "checks keep their throughput"): /v1/check for 5 s
# alone, then for 5 s while admin writes (an alias of UltraAV each) make the monitor
# re-answer all the items again and again (one write every WRITE_EVERY seconds, default 0.5:
# passes back to back). wrk -t1 -c16.
if command -v wrk >/dev/null; then
    q="$base/v1/check?name=Kaspersky%20Lab&as_of=2024-10-01"
    rate() { wrk -t1 -c16 -d5s "$q" 2>/dev/null | awk '/Requests\/sec/ {print $2}'; }
    alone=$(rate)
    (
        end=$((SECONDS + 6))
        n=0
        while [ $SECONDS -lt $end ]; do
            n=$((n + 1))
            curl -sf "${adm[@]}" "${json[@]}" -XPOST "$base/v1/admin/aliases" \
                -d "{\"subject\":\"ultraav\",\"alias\":\"Bench Alias $n\",\"kind\":\"aka\"}" \
                >/dev/null || true
            sleep "${WRITE_EVERY:-0.5}"
        done
        echo "$n" >"$work/writes"
    ) &
    writer=$!
    during=$(rate)
    wait "$writer"
    printf 'checks: %s req/s alone, %s req/s while passes run (%s writes, each a pass over %d items): %.2fx\n' \
        "$alone" "$during" "$(cat "$work/writes")" "$items" "$(echo "$during / $alone" | bc -l)"
fi
