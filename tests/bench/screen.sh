#!/usr/bin/env bash
# Benchmark of POST /v1/screen : a 10,000-row CSV supplier list with
# seven listed names hidden among unrelated ones, screened with one curl; then 100,000 NDJSON
# rows. Prints the time, the rows flagged, and the server's peak memory (VmHWM) before and
# after each. Builds a release binary, starts a throwaway PostgreSQL and server, cleans up.
#
#   tests/bench/screen.sh             # 10,000 CSV rows, then 100,000 NDJSON rows
#   ROWS=50000 tests/bench/screen.sh  # another size for the CSV list
# Numbers depend on the machine and what else runs on it: report them with that said.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=../lib/seeded.sh
. "$root/tests/lib/seeded.sh"

rows=${ROWS:-10000}
big=${BIG_ROWS:-100000}
build_dir=$root/build/bench-screen # its own: it builds without the test programs
deps_install BUILD RUN >/dev/null

cmake -S "$root" -B "$build_dir" -DCMAKE_BUILD_TYPE=Release -DRESTRICTD_TESTS=OFF >/dev/null
cmake --build "$build_dir" -j2 --target restrictd >"$build_dir.log" 2>&1 ||
  { cat "$build_dir.log" >&2; exit 1; }

max_rows=$(( rows > big ? rows : big ))
bench_server "$build_dir/restrictd" RESTRICTD_SCREEN_MAX_ROWS=$max_rows \
  RESTRICTD_MAX_BODY=$(( 64 * 1024 * 1024 ))
hwm() { awk '/^VmHWM/ {print $2}' "/proc/$server_pid/status"; }

# The supplier list: unrelated names from words no listed name shares, and the listed ones
# at fixed rows with their own purchase dates and filters (as in test_screen_bulk.c).
awk -v rows="$rows" 'BEGIN {
  split("Alder Birch Cedar Delta Harbor Maple Nordic Orchid Summit Willow Granite Meadow Coral Falcon Juniper Lumen", a, " ")
  split("Logistics Foods Metals Textiles Analytics Printing Freight Paper Dairy Optics Ceramics Plastics", b, " ")
  split("Ltd GmbH Inc. S.A. B.V. LLC AG Oy", c, " ")
  h[137] = "Kaspersky Lab,2024-10-01,US,"
  h[2024] = "Andrei Gennadyevich Tikhonov,2024-06-21,,"
  h[4711] = "OOO Kaspersky Group,2024-07-01,,exporters"
  h[5000] = "Kaspersky Total Security,2024-10-01,,us-persons"
  h[7777] = "\"Kaspersky Lab, Inc.\",2024-10-01,,us-persons"
  h[9001] = "АО «Лаборатория Касперского»,,,"
  h[rows] = "Kaspersky Endpoint Security for Windows,,,us-persons"
  printf "name,as_of,jurisdiction,binds,ref,city\r\n"
  for (i = 1; i <= rows; i++) {
    if (i in h) printf "%s", h[i]
    else printf "%s %s %d %s,,,", a[i % 16 + 1], b[int(i / 16) % 12 + 1], i, c[int(i / 192) % 8 + 1]
    printf ",SUP-%05d,%s\r\n", i, (i % 3 ? "\"Lyon, FR\"" : "Oslo")
  }
}' >"$work/suppliers.csv"

echo "== POST /v1/screen: $rows-row CSV supplier list ($(du -k "$work/suppliers.csv" | cut -f1) KiB), one curl"
before=$(hwm)
curl -sS -o "$work/answer.csv" -w 'status %{http_code}, %{size_download} bytes in %{time_total} s\n' \
  -H 'Content-Type: text/csv' --data-binary @"$work/suppliers.csv" \
  "http://127.0.0.1:$port/v1/screen?as_of=2024-10-01"
after=$(hwm)
python3 - "$work/answer.csv" "$rows" <<'PY'
import csv, sys
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    records = list(csv.reader(f))
rows = [r for r in records[1:] if not r[0].startswith("#")]
in_order = [r[0] for r in rows] == [str(i) for i in range(1, int(sys.argv[2]) + 1)]
print("flagged (row, ref, name, verdict, since, match):")
for r in rows:
    if r[4] != "no_match":
        print("  " + ", ".join([r[0], r[1], r[2], r[4], r[6], r[7]]))
print(records[-1][0])
print(f"output rows: {len(rows)} for {sys.argv[2]} input rows, in input order: {in_order}")
PY
echo "server peak RSS (VmHWM): ${before} KiB before, ${after} KiB after"

echo
echo "== POST /v1/screen: $big NDJSON rows"
awk -v rows="$big" 'BEGIN {
  split("Alder Birch Cedar Delta Harbor Maple Nordic Orchid Summit Willow Granite Meadow Coral Falcon Juniper Lumen", a, " ")
  split("Logistics Foods Metals Textiles Analytics Printing Freight Paper Dairy Optics Ceramics Plastics", b, " ")
  for (i = 0; i < rows; i++)
    printf "{\"name\":\"%s %s %d Ltd\",\"ref\":\"S%06d\"}\n", a[i % 16 + 1], b[int(i / 16) % 12 + 1], i, i
}' >"$work/big.ndjson"
before=$(hwm)
curl -sS -o "$work/answer.ndjson" -w 'status %{http_code}, %{size_download} bytes in %{time_total} s\n' \
  -H 'Content-Type: application/x-ndjson' --data-binary @"$work/big.ndjson" \
  "http://127.0.0.1:$port/v1/screen?as_of=2024-10-01"
after=$(hwm)
tail -n 1 "$work/answer.ndjson"
echo "body $(du -k "$work/big.ndjson" | cut -f1) KiB, answer $(du -k "$work/answer.ndjson" | cut -f1) KiB"
echo "server peak RSS (VmHWM): ${before} KiB before, ${after} KiB after"
