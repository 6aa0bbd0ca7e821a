#!/usr/bin/env bash
# What the scripts that run restrictd on a throwaway database share: the package helpers
# (deps.sh), the PostgreSQL helpers (pg.sh) and a seeded database. Source this file.
#   pg_seed URL BIN    migrate the database at URL with BIN (a restrictd binary) and seed it
#                      with deploy/rulings.json
#   pg_seeded DIR BIN  start a cluster in DIR on a free port, pg_seed its `restrictd`
#                      database and print that database's URL
#   bench_server BIN [VAR=VALUE ...]
#                      for a benchmark: a work directory ($work, removed on exit), a seeded
#                      throwaway PostgreSQL ($db) and BIN serving it on a free port ($port,
#                      $server_pid), ready; VAR=VALUE are added to the server's environment

seeded_lib=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=deps.sh
. "$seeded_lib/deps.sh"
# shellcheck source=pg.sh
. "$seeded_lib/pg.sh"

pg_seed() {
  "$2" migrate --database-url "$1" >/dev/null &&
    DATABASE_URL=$1 "$2" seed "$seeded_lib/../../deploy/rulings.json" >/dev/null
}

pg_seeded() {
  local dir=$1 bin=$2 port url
  port=$(free_port)
  pg_start "$dir" "$port" >&2 || return 1
  url=$(pg_url "$dir" "$port" restrictd)
  pg_seed "$url" "$bin" || return 1
  echo "$url"
}

bench_server_stop() {
  if [ -n "${server_pid:-}" ]; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  pg_stop "$work/pg"
  rm -rf "$work"
}

# shellcheck disable=SC2034 # db, port and server_pid are for the script that sources this
bench_server() {
  local bin=$1
  shift
  work=$(mktemp -d /tmp/restrictd-bench.XXXXXX)
  chmod 755 "$work" # initdb runs as another user when we are root
  server_pid=
  trap bench_server_stop EXIT
  db=$(pg_seeded "$work/pg" "$bin")
  port=$(free_port)
  env RESTRICTD_LISTEN="127.0.0.1:$port" DATABASE_URL="$db" RESTRICTD_LOG=warn "$@" \
    "$bin" serve 2>"$work/server.log" &
  server_pid=$!
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.1; done
}
