#!/usr/bin/env bash
# Builds the restrictd image with podman and runs it for real against a throwaway
# PostgreSQL: image properties (non-root, HEALTHCHECK, 0.0.0.0:8080, no compiler),
# start-up refused on bad configuration, the one-shot `init` (migrate + seed), /readyz,
# the HEALTHCHECK, a real check answer, /metrics moving with traffic, JSON access logs,
# and SIGTERM in the middle of a load run: every request gets a complete answer or a
# refused connection, and the container exits 0. Prints the image size.
#
#   tests/container/run.sh          (tests/run.sh calls it; RESTRICTD_IMAGE names the tag)
#
# This machine's podman quirks (../shared/ENVIRONMENT.md) live here, not in the
# Dockerfile: no registry (the base image is made by base-image.sh and cached), host
# networking, the runc runtime and no default ulimits; and podman's own default, the
# OCI image format, has no HEALTHCHECK, so the build asks for the docker format.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=tests/lib/deps.sh
. "$root/tests/lib/deps.sh"
# shellcheck source=tests/lib/pg.sh
. "$root/tests/lib/pg.sh"

image=${RESTRICTD_IMAGE:-localhost/restrictd:test}
step() { printf '\033[1m-- %s\033[0m\n' "$*"; }
fail() { echo "FAIL: $*" >&2; exit 1; }
started=$(date +%s)

deps_install RUN CONTAINER

work=$(mktemp -d /tmp/restrictd-container.XXXXXX)
chmod 755 "$work"
printf '[containers]\ndefault_ulimits = []\n' >"$work/containers.conf"
export CONTAINERS_CONF=$work/containers.conf
pm() { podman --runtime runc "$@"; }
# No systemd here to time the HEALTHCHECK: one-shot containers skip it, the server's is
# run by hand (`podman healthcheck run`).
no_timer=(--health-interval disable)
ctr=restrictd-test-$$
pg_dir=$work/pg
cleanup() {
  local rc=$?
  pm rm -f -t 0 "$ctr" >/dev/null 2>&1 || true
  pg_stop "$pg_dir"
  if [ $rc -ne 0 ]; then echo "container test logs kept in $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT

step "base image"
"$root/tests/container/base-image.sh"

step "build $image (podman, deploy/Dockerfile)"
t0=$(date +%s)
build() { podman build --format docker --pull=never --network host --runtime runc -f "$root/deploy/Dockerfile" "$@" "$root" >>"$work/build.log" 2>&1; }
# The build stage is tagged too, so that its layers stay cached for the next run while
# the superseded ones (labelled org.restrictd.stage) are pruned.
if ! build --target build -t "$image-build" || ! build -t "$image"; then
  tail -n 40 "$work/build.log" >&2
  fail "image build"
fi
podman image prune -f --filter label=org.restrictd.stage >/dev/null
echo "built in $(($(date +%s) - t0)) s"

step "image properties"
user=$(podman image inspect --format '{{.Config.User}}' "$image")
env=$(podman image inspect --format '{{range .Config.Env}}{{println .}}{{end}}' "$image")
health=$(podman image inspect --format '{{if .Config.Healthcheck}}{{join .Config.Healthcheck.Test " "}}{{end}}' "$image")
size=$(podman image inspect --format '{{.Size}}' "$image")
case $user in "" | 0 | 0:* | root | root:*) fail "image runs as root ($user)" ;; esac
grep -qx 'RESTRICTD_LISTEN=0.0.0.0:8080' <<<"$env" || fail "RESTRICTD_LISTEN is not 0.0.0.0:8080: $env"
grep -q 'restrictd healthcheck' <<<"$health" || fail "no HEALTHCHECK: $health"
pm run --rm --no-healthcheck --entrypoint sh "$image" -c \
  '! command -v cc && ! command -v cmake && ! ldd /usr/local/bin/restrictd | grep "not found" &&
   test -s /usr/share/restrictd/rulings.json && test -s /usr/share/restrictd/migrations/0001_initial_schema.sql' \
  >/dev/null || fail "runtime stage: compiler present, library missing or data files absent"
echo "user $user; HEALTHCHECK $health; image size $((size / 1000000)) MB ($size bytes)"

step "bad configuration fails fast"
if out=$(pm run --rm --no-healthcheck --network host -e RESTRICTD_THREADS=lots -e DATABASE_URL=postgresql://x/y "$image" 2>&1); then
  fail "started with RESTRICTD_THREADS=lots"
fi
grep -q 'RESTRICTD_THREADS=lots' <<<"$out" || fail "message does not name the key: $out"
echo "refused: $out"

step "PostgreSQL"
pg_port=$(free_port)
pg_start "$pg_dir" "$pg_port"
db_url=$(pg_url "$pg_dir" "$pg_port")
echo "PostgreSQL 15 on 127.0.0.1:$pg_port"

step "init: migrate + seed in a one-shot container"
pm run --rm --no-healthcheck --network host -e DATABASE_URL="$db_url" -e RESTRICTD_SEED_ON_START=1 "$image" init \
  >"$work/init.log" 2>&1 || { cat "$work/init.log" >&2; fail "init"; }
grep -q 'applied 0001_initial_schema.sql' "$work/init.log" || fail "init did not migrate"
grep -q 'seeded /usr/share/restrictd/rulings.json' "$work/init.log" || fail "init did not seed"
grep -E 'applied [0-9]+ migration|seeded' "$work/init.log"

step "serve"
port=$(free_port)
base=http://127.0.0.1:$port
pm run -d "${no_timer[@]}" --name "$ctr" --network host -e DATABASE_URL="$db_url" \
  -e RESTRICTD_LISTEN="0.0.0.0:$port" -e RESTRICTD_ACCESS_LOG=1 -e RESTRICTD_SHUTDOWN_GRACE=15 \
  "$image" >/dev/null 2>>"$work/podman.log" # podman's complaints about the absent systemd
for _ in $(seq 150); do
  curl -sf "$base/readyz" >/dev/null && break
  sleep 0.2
done
readyz=$(curl -sf "$base/readyz") || { pm logs "$ctr" >&2; fail "/readyz never 200"; }
jq -e '.status == "ready" and .revision > 0' <<<"$readyz" >/dev/null || fail "readyz: $readyz"
echo "readyz: $readyz"
pm healthcheck run "$ctr" >/dev/null || fail "HEALTHCHECK reports unhealthy"
echo "HEALTHCHECK: healthy"

step "a real check answer"
check="$base/v1/check?name=Kaspersky%20Lab&as_of=2024-10-01&jurisdiction=US"
answer=$(curl -sf -H 'X-Request-Id: container-test-1' "$check") || fail "check request"
jq -e '.verdict == "restricted" and .restricted == true and
       any(.rulings[]; .id == "us-icts-fd-kaspersky-new-agreements"
                       and .effective_from == "2024-07-20T04:00:00Z")' <<<"$answer" >/dev/null ||
  fail "unexpected check answer: $answer"
jq -c '{verdict, since, match: .match.id, rulings: (.rulings | length), revision}' <<<"$answer"

step "/metrics moves with traffic"
checks_served() {
  curl -sf "$base/metrics" |
    awk '/^restrictd_http_requests_total\{method="GET",route="\/v1\/check",status="200"\}/ {print $2; found=1}
         END {if (!found) print 0}'
}
before=$(checks_served)
for _ in $(seq 20); do curl -sf "$check" -o /dev/null; done
after=$(checks_served)
[ "$after" -eq $((before + 20)) ] || fail "check counter went from $before to $after, not +20"
metrics=$(curl -sf "$base/metrics")
grep -q '^restrictd_snapshot_revision [1-9]' <<<"$metrics" || fail "no snapshot revision"
echo "restrictd_http_requests_total{route=\"/v1/check\",status=\"200\"}: $before -> $after"

step "JSON access log with the request id"
line=$(pm logs "$ctr" 2>&1 | grep '"request_id":"container-test-1"' || true)
jq -e 'select(.method == "GET" and .route == "/v1/check" and .status == 200 and .duration_ms >= 0)' \
  <<<"$line" >/dev/null || fail "no access log line for container-test-1"
echo "$line"

step "SIGTERM during a load run"
# 4 clients, each a loop of curl runs over keep-alive (500 requests a run) until the stop
# has happened, so the load outlasts the stop however fast the machine. Every transfer
# must end as "200 0" (answered) or "000 7" (refused after the listener closed);
# anything else (reset, empty reply, partial) is a loss.
urls=()
for _ in $(seq 500); do urls+=(-o /dev/null "$check"); done
for i in 1 2 3 4; do
  (
    deadline=$((SECONDS + 40))
    while [ ! -e "$work/stopped" ] && [ $SECONDS -lt $deadline ]; do
      curl -s --max-time 20 -w '%{http_code} %{exitcode}\n' "${urls[@]}" 2>/dev/null
    done
  ) >"$work/load-$i.txt" &
done
sleep 1
t0=$(date +%s%N)
pm stop -t 30 "$ctr" >/dev/null 2>>"$work/podman.log"
stop_ms=$((($(date +%s%N) - t0) / 1000000))
touch "$work/stopped"
wait
code=$(podman inspect --format '{{.State.ExitCode}}' "$ctr")
answered=$(cat "$work"/load-*.txt | grep -c '^200 0$' || true)
refused=$(cat "$work"/load-*.txt | grep -c '^000 7$' || true)
other=$(cat "$work"/load-*.txt | grep -vc -e '^200 0$' -e '^000 7$' || true)
echo "answered $answered, refused after the stop $refused, lost $other; stop took $stop_ms ms; exit code $code"
[ "$other" -eq 0 ] || { sort "$work"/load-*.txt | uniq -c >&2; pm logs "$ctr" 2>&1 | grep -v "\"msg\":\"request\"" | tail -20 >&2; fail "requests lost during SIGTERM"; }
[ "$refused" -gt 0 ] || fail "the load ended before the stop: nothing was tested"
[ "$answered" -gt 0 ] || fail "no request answered"
[ "$code" = 0 ] || { pm logs "$ctr" >&2 2>&1; fail "exit code $code after SIGTERM"; }
logs=$(pm logs "$ctr" 2>&1)
grep -q '"msg":"stopped"' <<<"$logs" || fail "no orderly stop in the log"

echo
echo "container test passed in $(($(date +%s) - started)) s; image $image is $((size / 1000000)) MB"
