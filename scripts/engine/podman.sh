#!/usr/bin/env bash
# Podman beside the private Docker engine (issue 25): another engine for
# `CDK_DOCKER=podman`, offline, with its storage under the engine root.
#
#   podman.sh setup     install podman, buildah and skopeo when missing (Debian 12:
#                       4.3, 1.28, 1.9) and write its configuration; prints the
#                       environment lines below and PODMAN_VERSION
#   podman.sh standins  give podman the toolchain stand-in (after `engine.sh
#                       standins`); prints RUST_IMAGE and SECONDS
#   podman.sh env       print the environment lines only (no changes)
#   podman.sh ARGS...   podman with that configuration (e.g. `podman.sh images`)
#
# The environment lines (CONTAINERS_CONF, CONTAINERS_STORAGE_CONF,
# CONTAINERS_REGISTRIES_CONF) are all a process needs to run `podman` against
# this store; nothing under /etc/containers or /var/lib/containers changes.
#
# - storage.conf: overlay storage at $ENGINE_ROOT/podman/storage (kept between
#   runs, like the dockerd's data-root), run state under $RUN_DIR/podman.
# - containers.conf: default_ulimits of nofile at the host's hard limit and
#   nproc 4096. Podman as root raises both for every container and RUN step,
#   which this sandbox (no CAP_SYS_RESOURCE) refuses ("error setting rlimit
#   type 7/6: operation not permitted"); cgroupfs and a file event log, as no
#   systemd runs here.
# - registries.conf: docker.io and gcr.io mirrored by the local registries
#   (registry.sh), like the dockerd's registry-mirrors and its own /etc/hosts:
#   the runtime bases' amd64 and arm64 variants resolve there on demand; both
#   registries are insecure to podman (plain HTTP, and a certificate for
#   gcr.io reached by address).
# - containers.conf also moves buildah's RUN --mount=type=cache directories
#   from /var/tmp to the engine root (image_copy_tmp_dir).
# - The toolchain stand-in (amd64 only, never pushed to a registry) comes from
#   the Docker engine: `docker save | podman load` (2.2 GB: 47 to 90 s here),
#   skipped when podman already holds the same image id. podman names it
#   localhost/rust:<tag>, which a `FROM rust:<tag>` finds among local images.
#
# Failures print one line "engine: <reason>" on stderr and exit non-zero.
set -euo pipefail

# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PODMAN_ROOT="$ENGINE_ROOT/podman"
PODMAN_RUN="$RUN_DIR/podman"
STORAGE_CONF="$PODMAN_ROOT/storage.conf"
CONTAINERS_CONF_FILE="$PODMAN_ROOT/containers.conf"
REGISTRIES_CONF="$PODMAN_ROOT/registries.conf"

print_env() {
  echo "CONTAINERS_CONF=$CONTAINERS_CONF_FILE"
  echo "CONTAINERS_STORAGE_CONF=$STORAGE_CONF"
  echo "CONTAINERS_REGISTRIES_CONF=$REGISTRIES_CONF"
}

export CONTAINERS_CONF="$CONTAINERS_CONF_FILE" CONTAINERS_STORAGE_CONF="$STORAGE_CONF" CONTAINERS_REGISTRIES_CONF="$REGISTRIES_CONF"

# A limit for podman's containers: the host's hard limit, or the cap when the host's is higher or unlimited.
hard_limit() {
  local value="$1" cap="$2"
  if [[ "$value" == unlimited ]] || ((value > cap)); then echo "$cap"; else echo "$value"; fi
}

write_config() {
  local nofile nproc
  nofile="$(hard_limit "$(ulimit -Hn)" 1048576)"
  # nproc at the hard limit (96367 here), or half of it, is refused as well
  # ("error setting rlimit type 6"); 4096 is plenty for a build's processes.
  nproc="$(hard_limit "$(ulimit -Hu)" 4096)"
  mkdir -p "$PODMAN_ROOT/storage" "$PODMAN_ROOT/tmp" "$PODMAN_RUN/runroot" "$PODMAN_RUN/tmp" "$PODMAN_ROOT/networks"
  cat >"$STORAGE_CONF" <<EOF
# Written by scripts/engine/podman.sh: podman's own store for the engine tests.
[storage]
driver = "overlay"
graphroot = "$PODMAN_ROOT/storage"
runroot = "$PODMAN_RUN/runroot"
EOF
  cat >"$CONTAINERS_CONF_FILE" <<EOF
# Written by scripts/engine/podman.sh.
[containers]
# The host's hard limits; podman's defaults for root exceed them here.
default_ulimits = ["nofile=$nofile:$nofile", "nproc=$nproc:$nproc"]

[engine]
cgroup_manager = "cgroupfs"
events_logger = "file"
events_logfile_path = "$PODMAN_RUN/events.log"
tmp_dir = "$PODMAN_RUN/tmp"
# Where buildah keeps RUN --mount=type=cache directories (default /var/tmp).
image_copy_tmp_dir = "$PODMAN_ROOT/tmp"
runtime = "runc"

[network]
network_config_dir = "$PODMAN_ROOT/networks"
EOF
  cat >"$REGISTRIES_CONF" <<EOF
# Written by scripts/engine/podman.sh: the local registries (registry.sh) stand in for Docker Hub and gcr.io.
unqualified-search-registries = ["docker.io"]
short-name-mode = "permissive"

[[registry]]
prefix = "docker.io"
location = "docker.io"
[[registry.mirror]]
location = "$REGISTRY"
insecure = true

[[registry]]
prefix = "gcr.io"
location = "gcr.io"
[[registry.mirror]]
# TLS with a certificate for gcr.io only; the mirror is reached by address.
location = "$GCR_ADDR:443"
insecure = true

[[registry]]
location = "$REGISTRY"
insecure = true
EOF
}

# The toolchain stand-in in podman's store, unless it already holds that image.
load_toolchain() {
  local docker_id podman_id
  docker_id="$(d image inspect --format '{{.Id}}' "$RUST_TAG" 2>/dev/null)" \
    || fail "$RUST_TAG is not on the Docker engine; run 'engine.sh standins' first"
  podman_id="$(podman image inspect --format '{{.Id}}' "$RUST_TAG" 2>/dev/null || true)"
  [[ "sha256:$podman_id" == "$docker_id" || "$podman_id" == "$docker_id" ]] && return 0
  log "loading $RUST_TAG into podman (docker save | podman load)"
  d save "$RUST_TAG" | podman load -q >&2 || fail "podman load of $RUST_TAG failed"
}

cmd_setup() {
  ensure_host_packages podman=podman buildah=buildah skopeo=skopeo
  write_config
  podman info --format '{{.Store.GraphDriverName}}' >/dev/null 2>&1 \
    || fail "podman does not start with $CONTAINERS_CONF_FILE: $(podman info 2>&1 | tail -n 1 | cut -c1-300)"
  print_env
  echo "PODMAN_VERSION=$(podman version --format '{{.Client.Version}}')"
}

cmd_standins() {
  local t0=$SECONDS
  [[ -f "$STORAGE_CONF" ]] || fail "podman is not set up; run 'engine.sh podman setup' first"
  [[ -n "$(engine_host)" ]] || fail "no engine state; run 'engine.sh start' first"
  # One load at a time: a second caller waits, then finds the image there.
  mkdir -p "$PODMAN_RUN"
  exec 9>"$PODMAN_RUN/standins.lock"
  flock 9
  load_toolchain
  echo "RUST_IMAGE=$RUST_TAG"
  echo "SECONDS=$((SECONDS - t0))"
}

case "${1:-}" in
  setup) cmd_setup ;;
  standins) cmd_standins ;;
  env) print_env ;;
  "")
    echo "usage: $0 setup|standins|env|PODMAN-ARGS..." >&2
    exit 2
    ;;
  *) exec podman "$@" ;;
esac
