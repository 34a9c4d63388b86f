#!/usr/bin/env bash
# Base images made from Debian packages, for a machine that reaches no image registry (the
# official images stay the default everywhere else; docker-compose.offline.yml switches to these).
#   pulse-offline/debian:bookworm   debootstrap --variant=minbase, imported with `docker import`
#   pulse-offline/python:3.11       Debian's Python 3.11 with venv (stands in for python:3.11-slim)
#   pulse-offline/postgres:15       Debian's PostgreSQL 15 behind the official image's variables (for postgres:16)
#   pulse-offline/redis:7           Debian's Redis 7 (for redis:7)
#   pulse-offline/nginx:1.22        Debian's nginx (for nginx:1.27)
# Each image is made only when missing (REBUILD=1 makes them anew). Needs root for debootstrap.
set -euo pipefail
cd "$(dirname "$0")"
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
have() { [ -z "${REBUILD:-}" ] && docker image inspect "$1" >/dev/null 2>&1; }

if ! have pulse-offline/debian:bookworm; then
  command -v debootstrap >/dev/null || { echo "debootstrap is missing: apt-get install -y debootstrap" >&2; exit 1; }
  rootfs=$(mktemp -d)
  trap 'rm -rf "$rootfs"' EXIT
  echo "debootstrap bookworm from $MIRROR (about 2 minutes)"
  debootstrap --variant=minbase bookworm "$rootfs" "$MIRROR" >/dev/null
  tar -C "$rootfs" -c . | docker import - pulse-offline/debian:bookworm
fi
for image in python:3.11 postgres:15 redis:7 nginx:1.22; do
  name=${image%%:*}
  if ! have "pulse-offline/$image"; then
    echo "building pulse-offline/$image"
    docker build --network host -q -t "pulse-offline/$image" -f "$name.Dockerfile" .
  fi
done
