#!/usr/bin/env bash
# What the scripts that run restrictd on a throwaway database share: the package helpers
# (deps.sh), the PostgreSQL helpers (pg.sh) and a seeded database. Source this file.
#   pg_seed URL BIN    migrate the database at URL with BIN (a restrictd binary) and seed it
#                      with deploy/rulings.json
#   pg_seeded DIR BIN  start a cluster in DIR on a free port, pg_seed its `restrictd`
#                      database and print that database's URL

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
