#!/usr/bin/env bash
# For a Docker host that cannot pull from an image registry: builds, from Debian packages, the base images
# that docker/Dockerfile, docker/s3proxy.Dockerfile and docker/compose.yaml name.
#   debian:bookworm-slim   debootstrap --variant=minbase, then docker import
#   redis:7-bookworm       Debian's redis-server on that base (docker build --network host)
# Needs root (debootstrap), debootstrap and a running Docker engine; reaches only the Debian mirror.
# An image that exists already is kept (FORCE=1 rebuilds). Usage: sudo docker/build-base-images.sh
set -euo pipefail

MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
SUITE=bookworm

die() { echo "build-base-images: $*" >&2; exit 2; }
[ "$(id -u)" -eq 0 ] || die "run as root (debootstrap needs it)"
command -v debootstrap >/dev/null || die "debootstrap is missing: apt-get install debootstrap"
docker info >/dev/null 2>&1 || die "no Docker engine answers (start dockerd)"

exists() { [ -z "${FORCE:-}" ] && docker image inspect "$1" >/dev/null 2>&1; }

if exists debian:bookworm-slim; then
  echo "debian:bookworm-slim exists"
else
  rootfs="$(mktemp -d /tmp/vidfleet-rootfs.XXXXXX)"
  trap 'rm -rf "$rootfs"' EXIT
  echo "debootstrap $SUITE from $MIRROR into $rootfs"
  debootstrap --variant=minbase --include=ca-certificates "$SUITE" "$rootfs" "$MIRROR" >/dev/null
  cat > "$rootfs/etc/apt/sources.list" <<SOURCES
deb $MIRROR $SUITE main
deb $MIRROR $SUITE-updates main
deb http://deb.debian.org/debian-security $SUITE-security main
SOURCES
  # like the official -slim image: no documentation, no caches
  cat > "$rootfs/etc/dpkg/dpkg.cfg.d/docker-slim" <<'SLIM'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
SLIM
  chroot "$rootfs" apt-get clean
  rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/locale/*
  tar -C "$rootfs" --numeric-owner -c . | docker import --change 'ENV LANG=C.UTF-8' --change 'CMD ["bash"]' - debian:bookworm-slim
  rm -rf "$rootfs"
  trap - EXIT
fi

if exists redis:7-bookworm; then
  echo "redis:7-bookworm exists"
else
  # like the official image: the server as user redis, data in /data; `redis-server ARGS` as the command
  docker build --network host -t redis:7-bookworm - <<'DOCKERFILE'
FROM debian:bookworm-slim
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends redis-server redis-tools \
 && rm -rf /var/lib/apt/lists/* \
 && install -d -o redis -g redis /data
WORKDIR /data
USER redis
EXPOSE 6379
CMD ["redis-server", "--protected-mode", "no"]
DOCKERFILE
fi
docker image ls --format '{{.Repository}}:{{.Tag}}  {{.Size}}' | grep -E '^(debian:bookworm-slim|redis:7-bookworm) '
