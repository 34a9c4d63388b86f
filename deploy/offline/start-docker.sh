#!/usr/bin/env bash
# Docker for `make test-compose` on a Debian machine that has none (this project's CI, as root):
# Debian's docker.io and docker-compose, debootstrap for the offline base images, and a daemon
# started the way such a sandbox allows (no iptables, no default bridge; compose networks, published
# ports and health checks work). A daemon that already answers is used as it is.
set -euo pipefail
packages="docker.io docker-compose debootstrap"
if ! command -v dockerd >/dev/null || ! command -v docker-compose >/dev/null || ! command -v debootstrap >/dev/null; then
  apt-get install -y $packages || { apt-get update && apt-get install -y $packages; }
fi
if ! docker info >/dev/null 2>&1; then
  log=${DOCKERD_LOG:-/var/log/pulse-dockerd.log}
  nohup dockerd --iptables=false --bridge=none >"$log" 2>&1 &
  for _ in $(seq 60); do docker info >/dev/null 2>&1 && break; sleep 1; done
  docker info >/dev/null 2>&1 || { echo "dockerd did not start: see $log" >&2; exit 1; }
fi
echo "docker: $(docker version --format '{{.Server.Version}}'), $(docker-compose version --short)"
