#!/usr/bin/env bash
# Throwaway PostgreSQL clusters for the local run and the tests. Source this file.
#   pg_start DIR PORT   create (if needed) and start a cluster in DIR on 127.0.0.1:PORT
#   pg_stop DIR [MODE]  stop it (quietly, if running); MODE is pg_ctl's: fast (default),
#                       immediate (a crash: no checkpoint, connections cut), smart
#   pg_url DIR PORT     print the DATABASE_URL for it
#   free_port           print a free TCP port on 127.0.0.1
# As root, the cluster runs as the `postgres` user (initdb refuses root); otherwise as
# the calling user.

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}

pg_as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  python3 - <<'PY' 2>/dev/null || echo $((20000 + RANDOM % 20000))
import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()
PY
}

pg_start() {
  local dir=$1 port=$2
  mkdir -p "$dir"
  if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$dir"; fi
  if [ ! -s "$dir/data/PG_VERSION" ]; then
    pg_as_owner "$PG_BIN/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 --no-sync \
      >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; return 1; }
  fi
  pg_as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 30 \
    -o "-k $dir -c listen_addresses=127.0.0.1 -p $port -c fsync=off" start >/dev/null ||
    { tail -n 20 "$dir/postgres.log" >&2; return 1; }
  local url; url=$(pg_url "$dir" "$port" postgres)
  if ! psql "$url" -tAc "SELECT 1 FROM pg_database WHERE datname = 'restrictd'" | grep -q 1; then
    psql "$url" -qc "CREATE DATABASE restrictd" >/dev/null
  fi
}

pg_stop() {
  local dir=$1 mode=${2:-fast}
  [ -s "$dir/data/postmaster.pid" ] || return 0
  pg_as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -m "$mode" -w stop >/dev/null 2>&1 || true
}

pg_url() {
  local port=$2 db=${3:-restrictd} user=${4:-postgres}
  echo "postgresql://$user@127.0.0.1:$port/$db"
}
