#!/usr/bin/env bash
# Makes sure the local podman store holds docker.io/library/debian:bookworm-slim. No
# registry is reachable on our machines, so the image is built from Debian's archive
# with mmdebstrap (the machine's apt sources) and imported; the tarball is cached in
# ${RESTRICTD_CACHE:-~/.cache/restrictd} so that a wiped image store costs an import,
# not a bootstrap. Elsewhere, where a registry answers, `podman pull` would do.
#
#   tests/container/base-image.sh            # no-op when the image exists
set -euo pipefail

base=docker.io/library/debian:bookworm-slim
# Bump when the recipe below changes: an image or tarball of another recipe is remade.
recipe=2
cache=${RESTRICTD_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/restrictd}
tarball=$cache/debian-bookworm-minbase-r$recipe.tar

if podman image exists "$base" &&
  [ "$(podman image inspect --format '{{index .Config.Labels "org.restrictd.base-recipe"}}' "$base")" = "$recipe" ]; then
  echo "base image $base: present"
  exit 0
fi
mkdir -p "$cache"
if [ ! -s "$tarball" ]; then
  echo "base image $base: bootstrapping with mmdebstrap (once; about 20-60 s)"
  tmp=$cache/bootstrap-$$.tar # the .tar suffix tells mmdebstrap the output format
  trap 'rm -f "$tmp"' EXIT
  # minbase: essential packages plus apt, like the official slim image. Documentation
  # and locales are left out as the official image does, and so is usrmerge, which
  # mmdebstrap brings in with 45 MB of perl (usr-is-merged says the same thing). ($1 is
  # the hook's root.) About 78 MB, like the official image's 75.
  # shellcheck disable=SC2016
  mmdebstrap --quiet --variant=minbase \
    --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/doc/*' \
    --dpkgopt='path-include=/usr/share/doc/*/copyright' \
    --dpkgopt='path-exclude=/usr/share/locale/*' --dpkgopt='path-exclude=/usr/share/info/*' \
    --customize-hook='chroot "$1" apt-get install -y -qq usr-is-merged >/dev/null' \
    --customize-hook='chroot "$1" apt-get purge -y -qq usrmerge perl libperl5.36 perl-modules-5.36 libfile-find-rule-perl libnumber-compare-perl libtext-glob-perl >/dev/null' \
    --customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/*.bin' \
    bookworm "$tmp"
  mv "$tmp" "$tarball"
  trap - EXIT
fi
echo "base image $base: importing $tarball"
podman import --quiet --change "LABEL org.restrictd.base-recipe=$recipe" \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'CMD ["bash"]' "$tarball" "$base" >/dev/null
podman image exists "$base"
