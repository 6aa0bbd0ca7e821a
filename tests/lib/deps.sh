#!/usr/bin/env bash
# The Debian packages restrictd needs to build, test and run locally. Source this file,
# then call `deps_install BUILD|RUN|TEST|BENCH|CONTAINER|FUZZ|VALGRIND|LINT ...`. As root they are installed with
# apt-get; otherwise the missing ones are named with the command to install them.

DEPS_BUILD="build-essential cmake pkg-config libmicrohttpd-dev libjansson-dev libpq-dev libutf8proc-dev libssl-dev zlib1g-dev"
# python3-yaml: docs/openapi.yaml is converted to JSON at build time (handlers/embed_openapi.py)
DEPS_BUILD="$DEPS_BUILD python3 python3-yaml"
# iso-codes: the ISO 3166-1 country codes are compiled in (lib/embed_iso3166.py)
DEPS_BUILD="$DEPS_BUILD iso-codes"
# wamerican: the English word list is compiled in (match/embed_dictionary.py); wamerican-large:
# its short proper names (given names) too
DEPS_BUILD="$DEPS_BUILD wamerican wamerican-large"
# libicu-dev: names in scripts other than Latin and Cyrillic are transliterated by ICU
# (match/translit_icu.c); libicu72 is its runtime library (and data) on Debian 12
DEPS_BUILD="$DEPS_BUILD libicu-dev"
# libsodium: Ed25519 signatures and SHA-256 of the signed receipts (lib/keyring.c)
DEPS_BUILD="$DEPS_BUILD libsodium-dev"
# libcurl: webhook deliveries (server/webhook_http.c)
DEPS_BUILD="$DEPS_BUILD libcurl4-openssl-dev"
DEPS_RUN="postgresql-15 postgresql-client-15 curl jq python3 libicu72 libsodium23 libcurl4"
DEPS_TEST="libcriterion-dev libcurl4-openssl-dev jq python3-yaml"
# chromium: the analysts' page in a headless browser (tests/browser/run.sh)
DEPS_TEST="$DEPS_TEST chromium"
DEPS_BENCH="wrk nginx-light"
DEPS_CONTAINER="podman buildah runc mmdebstrap"
DEPS_FUZZ="clang libclang-rt-14-dev"
DEPS_VALGRIND="valgrind"
DEPS_LINT="clang-format-14 cppcheck shellcheck python3"
# nodejs, npm: the contract checks (tests/contract: Redocly, Spectral, a generated TypeScript
# client), whose own tools npm installs into build/npm
DEPS_LINT="$DEPS_LINT nodejs npm"
DEPS_TEST="$DEPS_TEST nodejs npm"

deps_missing() {
  local p missing=() provided
  # what installed packages provide too (NodeSource's nodejs provides npm)
  provided=$(dpkg-query -W -f='${db:Status-Status} ${Provides}\n' 2>/dev/null |
    awk '$1 == "installed" { $1 = ""; print }' | tr ',' '\n' | awk 'NF { print $1 }')
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" && continue
    grep -qxF "$p" <<<"$provided" || missing+=("$p")
  done
  echo "${missing[@]}"
}

deps_install() {
  local wanted=() group
  for group in "$@"; do
    # shellcheck disable=SC2206 # the lists are split into package names on purpose
    case $group in
      BUILD) wanted+=($DEPS_BUILD) ;; RUN) wanted+=($DEPS_RUN) ;; TEST) wanted+=($DEPS_TEST) ;;
      BENCH) wanted+=($DEPS_BENCH) ;; CONTAINER) wanted+=($DEPS_CONTAINER) ;;
      FUZZ) wanted+=($DEPS_FUZZ) ;; VALGRIND) wanted+=($DEPS_VALGRIND) ;; LINT) wanted+=($DEPS_LINT) ;;
    esac
  done
  local missing; missing=$(deps_missing "${wanted[@]}")
  [ -z "$missing" ] && return 0
  if [ "$(id -u)" != 0 ]; then
    echo "restrictd needs these Debian packages: $missing" >&2
    echo "install them with: sudo apt-get install -y $missing" >&2
    return 1
  fi
  echo "installing: $missing" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2 || return 1
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $missing >&2
}
