#!/usr/bin/env bash
# Benchmark of software screening: (1) the identifier look-up per component in process
# (tests/bench/id_bench.c), (2) POST /v1/screen with a 10,000-component CycloneDX 1.6 SBOM
# (package names and purls as npm/maven/composer SBOMs have them, every component with a
# purl, a tenth with a CPE, a few Kaspersky ones hidden among them), in the compact and the
# full view, three times each. Builds Release in build/bench, starts a throwaway PostgreSQL
# and server, cleans up.
#
#   tests/bench/sbom.sh                 # 10,000 components
#   COMPONENTS=50000 tests/bench/sbom.sh
#   DATES=0 tests/bench/sbom.sh         # without dates (default 1: every component carries
#                                       # releaseNotes.timestamp and the BOM a metadata.timestamp,
#                                       # so every matched one gets version_evidence)
# Numbers depend on the machine and what else runs on it: report them with that said.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=../lib/seeded.sh
. "$root/tests/lib/seeded.sh"

components=${COMPONENTS:-10000}
dates=${DATES:-1}
build=$root/build/bench
deps_install BUILD TEST >/dev/null
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DRESTRICTD_TESTS=ON >/dev/null
cmake --build "$build" -j2 --target restrictd id_bench >"$build/sbom-build.log" 2>&1 ||
  { cat "$build/sbom-build.log" >&2; exit 1; }
echo "CPU: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
"$build/tests/id_bench" "$root/deploy/rulings.json" 1000000

bench_server "$build/restrictd"

awk -v n="$components" -v dates="$dates" 'BEGIN {
  split("core utils parser client server http json yaml logging crypto cache config test cli io net", a, " ")
  split("npm maven composer pypi golang", t, " ")
  split("acme globex initech umbrella hooli vandelay", v, " ")
  printf "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"version\":1,"
  if (dates) printf "\"metadata\":{\"timestamp\":\"2025-01-10T09:00:00Z\"},"
  printf "\"components\":["
  for (i = 1; i <= n; i++) {
    name = a[i % 16 + 1] "-" a[int(i / 16) % 16 + 1] "-" i
    ty = t[i % 5 + 1]
    printf "%s{\"type\":\"library\",\"bom-ref\":\"c%d\",\"name\":\"%s\",\"version\":\"%d.%d.%d\",", (i > 1 ? "," : ""), i, name, i % 7, i % 13, i % 5
    printf "\"purl\":\"pkg:%s/%s/%s@%d.%d\"", ty, v[i % 6 + 1], name, i % 7, i % 13
    if (i % 10 == 0) printf ",\"cpe\":\"cpe:2.3:a:%s:%s:%d.%d:*:*:*:*:*:*:*\"", v[i % 6 + 1], name, i % 7, i % 13
    if (i % 2500 == 0) printf ",\"publisher\":\"AO Kaspersky Lab\""
    if (i == 4242) printf ",\"cpe\":\"cpe:2.3:a:kaspersky:anti-virus:21.3:*:*:*:*:*:*:*\""
    if (dates) printf ",\"releaseNotes\":{\"type\":\"patch\",\"timestamp\":\"2024-%02d-%02dT00:00:00Z\"}", i % 12 + 1, i % 28 + 1
    printf "}"
  }
  printf "]}\n"
}' >"$work/sbom.json"

echo "== POST /v1/screen: CycloneDX, $components components, dates $dates ($(du -k "$work/sbom.json" | cut -f1) KiB)"
for view in compact full; do
  for run in 1 2 3; do
    curl -sS -o "$work/answer.json" -w "view=$view run $run: status %{http_code}, %{size_download} bytes in %{time_total} s\n" \
      -H 'Content-Type: application/vnd.cyclonedx+json' --data-binary @"$work/sbom.json" \
      "http://127.0.0.1:$port/v1/screen?as_of=2024-10-01&view=$view"
  done
  python3 - "$work/answer.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))["summary"]
print("  rows %d, restricted %d, no_match %d, errors %d, server elapsed_ms %.1f, flagged %s" % (
    s["rows"], s["restricted"], s["no_match"], s["errors"], s["elapsed_ms"],
    [f["ref"] for f in s["flagged_components"]]))
PY
done
