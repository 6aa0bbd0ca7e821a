#!/bin/sh
# The container's entrypoint: optional one-time steps, then restrictd itself (exec'd,
# so that it is PID 1 and receives SIGTERM directly).
#
#   serve (default)  RESTRICTD_MIGRATE_ON_START=1: run `restrictd migrate` first;
#                    RESTRICTD_SEED_ON_START=1: then `restrictd seed $RESTRICTD_SEED_FILE`;
#                    then `restrictd serve`.
#   init             `restrictd migrate`, then the seed when RESTRICTD_SEED_ON_START=1,
#                    and exit: the one-shot job of compose.yaml and k8s/job-migrate.yaml.
#   anything else    passed to restrictd: `migrate`, `seed FILE`, `config`, `version`...
#
# Migrations take an advisory lock and the seed is idempotent, so replicas starting
# together with *_ON_START=1 are safe; a separate init job is still the better habit.
set -eu

seed_file=${RESTRICTD_SEED_FILE:-/usr/share/restrictd/rulings.json}

say() {
  printf '{"time":"%s","level":"info","msg":"entrypoint: %s"}\n' "$(date -u +%FT%TZ)" "$*" >&2
}

flag() {
  case $1 in
    1 | true) return 0 ;;
    0 | false | "") return 1 ;;
    *) printf 'restrictd-entrypoint: %s=%s: must be 1 or 0\n' "$2" "$1" >&2; exit 2 ;;
  esac
}

migrate_and_seed() {
  say "restrictd migrate"
  restrictd migrate >&2
  if flag "${RESTRICTD_SEED_ON_START:-0}" RESTRICTD_SEED_ON_START; then
    say "restrictd seed $seed_file"
    restrictd seed "$seed_file" >&2
  fi
}

[ $# -gt 0 ] || set -- serve
case $1 in
  init)
    shift
    [ $# -eq 0 ] || { echo "usage: restrictd-entrypoint init" >&2; exit 2; }
    migrate_and_seed
    exit 0
    ;;
  serve)
    if flag "${RESTRICTD_MIGRATE_ON_START:-0}" RESTRICTD_MIGRATE_ON_START; then
      migrate_and_seed
    elif flag "${RESTRICTD_SEED_ON_START:-0}" RESTRICTD_SEED_ON_START; then
      say "restrictd seed $seed_file"
      restrictd seed "$seed_file" >&2
    fi
    ;;
esac
exec restrictd "$@"
