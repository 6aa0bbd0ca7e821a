#!/usr/bin/env bash
# Runs restrictd locally with its seed rulings: installs what is missing (as root),
# builds, starts a throwaway PostgreSQL under $RESTRICTD_HOME (unless DATABASE_URL is
# given), migrates, seeds, and serves in the foreground until Ctrl-C or SIGTERM.
#
#   deploy/run-local.sh                      # http://127.0.0.1:8080
#   RESTRICTD_LISTEN=0.0.0.0:9000 deploy/run-local.sh
#   DATABASE_URL=postgresql://... deploy/run-local.sh
#
# A second run reuses the data in $RESTRICTD_HOME (default ./.local). After start-up,
# `source $RESTRICTD_HOME/env` gives DATABASE_URL and RESTRICTD_URL to other shells.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=../tests/lib/deps.sh
. "$root/tests/lib/deps.sh"
# shellcheck source=../tests/lib/pg.sh
. "$root/tests/lib/pg.sh"

export RESTRICTD_HOME=${RESTRICTD_HOME:-$root/.local}
export RESTRICTD_LISTEN=${RESTRICTD_LISTEN:-127.0.0.1:8080}
seed_file=${RESTRICTD_SEED:-$root/deploy/rulings.json}
build_dir=${RESTRICTD_BUILD_DIR:-$root/build}

step() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

step "checking packages"
groups=(BUILD)
[ -z "${DATABASE_URL:-}" ] && groups+=(RUN)
deps_install "${groups[@]}"

step "building ($build_dir)"
cmake -S "$root" -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRESTRICTD_TESTS=OFF >/dev/null
cmake --build "$build_dir" -j"$(nproc)" >/dev/null
bin=$build_dir/restrictd

mkdir -p "$RESTRICTD_HOME"
pg_dir=$RESTRICTD_HOME/postgres
own_pg=0
if [ -z "${DATABASE_URL:-}" ]; then
  port_file=$RESTRICTD_HOME/postgres.port
  if [ -s "$port_file" ]; then port=$(cat "$port_file"); else port=$(free_port); echo "$port" >"$port_file"; fi
  step "starting PostgreSQL in $pg_dir on 127.0.0.1:$port"
  pg_start "$pg_dir" "$port"
  own_pg=1
  export DATABASE_URL; DATABASE_URL=$(pg_url "$pg_dir" "$port")
fi

server_pid=
cleanup() {
  trap - EXIT INT TERM
  if [ -n "$server_pid" ]; then kill -TERM "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  if [ "$own_pg" = 1 ]; then step "stopping PostgreSQL"; pg_stop "$pg_dir"; fi
}
trap cleanup EXIT
trap 'exit 0' INT TERM

step "migrating"
"$bin" migrate
step "seeding from $seed_file"
"$bin" seed "$seed_file"

# The server runs as production does: a LOGIN role holding only restrictd_app (migration
# 0003), not as the owner of the tables that migrated and seeded them. With a DATABASE_URL
# of your own, the server uses it as given (RESTRICTD_SERVE_URL overrides).
serve_url=${RESTRICTD_SERVE_URL:-$DATABASE_URL}
if [ "$own_pg" = 1 ] && [ -z "${RESTRICTD_SERVE_URL:-}" ]; then
  step "serving as the least-privilege role restrictd_server (member of restrictd_app)"
  psql "$DATABASE_URL" -qtAc "DO \$\$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'restrictd_server') THEN
        CREATE ROLE restrictd_server LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE IN ROLE restrictd_app;
      END IF; END \$\$" >/dev/null
  serve_url=$(pg_url "$pg_dir" "$port" restrictd restrictd_server)
fi

# Signed receipts (receipt=true) work out of the box: a key of this home's, made once
# (docs/security.md). A RESTRICTD_SIGNING_KEYS of your own is used as given.
if [ -z "${RESTRICTD_SIGNING_KEYS:-}" ]; then
  mkdir -p "$RESTRICTD_HOME/keys" && chmod 700 "$RESTRICTD_HOME/keys"
  if ! compgen -G "$RESTRICTD_HOME/keys/*.json" >/dev/null; then
    step "making a signing key for receipts in $RESTRICTD_HOME/keys"
    "$bin" key create --out "$RESTRICTD_HOME/keys/key-$(date -u +%Y%m%dT%H%M%SZ).json"
  fi
  export RESTRICTD_SIGNING_KEYS=$RESTRICTD_HOME/keys
fi

host=${RESTRICTD_LISTEN%:*}
case $host in ""|0.0.0.0) host=127.0.0.1 ;; "[::]") host="[::1]" ;; esac
url="http://$host:${RESTRICTD_LISTEN##*:}"
cat >"$RESTRICTD_HOME/env" <<ENV
DATABASE_URL=$DATABASE_URL
RESTRICTD_URL=$url
ENV

step "serving on $url (Ctrl-C stops the server${own_pg:+ and PostgreSQL})"
echo "    try: curl '$url/v1/check?name=Kaspersky%20Lab&as_of=2024-10-01&jurisdiction=US&pretty=true'" >&2
DATABASE_URL=$serve_url "$bin" serve &
server_pid=$!
wait "$server_pid" || true
server_pid=
