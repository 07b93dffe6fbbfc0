#!/usr/bin/env bash
# Makes the stand-in base images: local images that carry the exact names the
# library's Dockerfiles use, built offline from Debian's archive, so the
# engine builds the Dockerfiles users get. Recipes and how each stand-in
# differs from the image it replaces: standins/*.Dockerfile, standins/*.sh,
# and STANDINS.md.
#
#   standins.sh [amd64|arm64|all]   (default all)
#
# amd64 makes the Debian, Rust toolchain, Alpine and distroless stand-ins,
# and the local stack's PostgreSQL and Prometheus (amd64 only, always).
# all (or arm64, the same) also makes the Debian, Alpine and distroless ones
# for linux/arm64 (it needs binfmt.sh and the registries, which it starts) and
# publishes every runtime base for both architectures to the local
# registries, where a `--platform linux/arm64` build resolves its FROM. Prints KEY=value lines:
# DEBIAN_IMAGE, RUST_IMAGE, ALPINE_IMAGE, DISTROLESS_IMAGE, DISTROLESS_NONROOT_IMAGE,
# POSTGRES_IMAGE, PROMETHEUS_IMAGE, BUILT (what this run made) and SECONDS.
#
# Each image carries the hash of its recipe (label io.cdk-rust-image.engine.recipe)
# and is rebuilt only when that changes; the hash covers the recipe files, the
# names and mirrors below, the fixtures' debian-crates.txt lists, and the
# hash of the Debian stand-in the others start from. Archive updates alone do
# not rebuild anything (bump RECIPE_VERSION to force it).
set -euo pipefail

# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

RECIPE_VERSION=1
REPO_ROOT="$(cd "$ENGINE_DIR/../.." && pwd)"
RECIPES="$ENGINE_DIR/standins"
SUITE=trixie
MIRROR="${CDK_RUST_IMAGE_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
SECURITY_MIRROR="${CDK_RUST_IMAGE_DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}"
WORK="$ENGINE_ROOT/standins"
LOGS="$WORK/logs"

ARCHES="${1:-all}"
case "$ARCHES" in
  amd64) ARCHES="amd64" ;;
  arm64 | all) ARCHES="amd64 arm64" ;;
  *) echo "usage: $0 [amd64|arm64|all]" >&2; exit 2 ;;
esac

# --- names -------------------------------------------------------------------

# The per-architecture local tag of a stand-in: <name>:<tag>-<arch>, as
# distroless names its own (latest-arm64); the plain name points at amd64.
arch_tag() {
  echo "$1-$2"
}

# --- building ------------------------------------------------------------------

# Runs a build step in the background with its own log; wait_job reports its end.
declare -A JOBS=()
start_job() {
  local name="$1"
  shift
  ("$@") >"$LOGS/$name.log" 2>&1 &
  JOBS[$name]=$!
}

wait_job() {
  local name="$1"
  if ! wait "${JOBS[$name]}"; then
    log "$name failed; the end of $LOGS/$name.log:"
    tail -n 25 "$LOGS/$name.log" | sed 's/^/  /' >&2
    fail "making the $name stand-in failed (log: $LOGS/$name.log)"
  fi
  unset "JOBS[$name]"
}

BUILT=()
built() {
  BUILT+=("$1")
}

# docker build of a recipe Dockerfile with a context directory, for one platform.
build_image() {
  local dockerfile="$1" context="$2" platform="$3" hash="$4"
  shift 4
  d build --network host --progress plain --platform "$platform" \
    -f "$dockerfile" --build-arg "RECIPE=$hash" "$@" "$context"
}

hash_files() {
  # Names and contents, so a renamed file changes the hash too.
  local f
  for f in "$@"; do
    echo "== ${f#"$ENGINE_DIR"/}"
    cat "$f"
  done
}

debian_hash() {
  { echo "debian v$RECIPE_VERSION $1 $SUITE $MIRROR $SECURITY_MIRROR"; hash_files "$RECIPES/debian-slim.sh" "$RECIPES/debian-slim.Dockerfile"; } | sha16
}

make_debian() {
  local arch="$1" hash="$2" ctx
  ctx="$(mktemp -d "$WORK/debian-$arch.XXXXXX")"
  cp "$RECIPES/debian-slim.Dockerfile" "$ctx/Dockerfile"
  bash "$RECIPES/debian-slim.sh" "$arch" "$SUITE" "$MIRROR" "$SECURITY_MIRROR" "$ctx/rootfs.tar"
  build_image "$ctx/Dockerfile" "$ctx" "linux/$arch" "$hash" -t "$(arch_tag "$DEBIAN_TAG" "$arch")"
  rm -rf "$ctx"
}

backports_sources() {
  cat <<EOF
Types: deb
URIs: $MIRROR
Suites: $SUITE-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
}

# Every fixture's debian-crates.txt, one list.
crate_packages() {
  local f
  for f in "$REPO_ROOT"/test/engine/fixtures/*/debian-crates.txt; do
    [[ -f "$f" ]] || continue
    echo "# ${f#"$REPO_ROOT"/}"
    cat "$f"
  done
}

rust_hash() {
  {
    echo "rust v$RECIPE_VERSION $RUST_TAG base $1"
    backports_sources
    crate_packages
    hash_files "$RECIPES/rust.Dockerfile" "$RECIPES"/rust/*
  } | sha16
}

make_rust() {
  local hash="$1" ctx versions
  ctx="$(mktemp -d "$WORK/rust.XXXXXX")"
  cp "$RECIPES/rust.Dockerfile" "$ctx/Dockerfile"
  cp -r "$RECIPES/rust" "$ctx/rust"
  backports_sources >"$ctx/backports.sources"
  crate_packages >"$ctx/crates.txt"
  # Which Rust: decided against the archive now, passed in as build arguments.
  versions="$(d run --rm --network host -v "$ctx:/ctx:ro" "$DEBIAN_TAG" \
    sh -c 'cat /etc/apt/sources.list.d/debian.sources /ctx/backports.sources >/tmp/all.sources && sh /ctx/rust/select-rust.sh /tmp/all.sources')"
  echo "$versions"
  local v p a
  v="$(sed -n 's/^RUST_VERSION=//p' <<<"$versions")"
  p="$(sed -n 's/^RUST_PACKAGES=//p' <<<"$versions")"
  a="$(sed -n 's/^RUST_ARM64_STD=//p' <<<"$versions")"
  build_image "$ctx/Dockerfile" "$ctx" linux/amd64 "$hash" \
    --build-arg "BASE_IMAGE=$DEBIAN_TAG" --build-arg "RUST_VERSION=$v" \
    --build-arg "RUST_PACKAGES=$p" --build-arg "RUST_ARM64_STD=$a" -t "$RUST_TAG"
  rm -rf "$ctx"
}

small_hash() {
  local name="$1" arch="$2" base="$3"
  { echo "$name v$RECIPE_VERSION $arch base $base $ALPINE_TAG"; hash_files "$RECIPES/$name.Dockerfile" "$RECIPES/$name"/* "$RECIPES"/common/*; } | sha16
}

make_alpine() {
  local arch="$1" hash="$2"
  build_image "$RECIPES/alpine.Dockerfile" "$RECIPES" "linux/$arch" "$hash" \
    --build-arg "DEBIAN_IMAGE=$DEBIAN_TAG" --build-arg "ALPINE_VERSION=${ALPINE_TAG##*:}" \
    -t "$(arch_tag "$ALPINE_TAG" "$arch")"
}

make_distroless() {
  local arch="$1" hash="$2" target
  for target in latest nonroot; do
    build_image "$RECIPES/distroless.Dockerfile" "$RECIPES" "linux/$arch" "$hash" \
      --build-arg "DEBIAN_IMAGE=$DEBIAN_TAG" --target "$target" \
      -t "$DISTROLESS_REPO:$(arch_tag "$target" "$arch")"
  done
}

# The local stack's services: Debian's packages on the amd64 Debian stand-in.
service_hash() {
  local name="$1" base="$2" tag="$3"
  { echo "$name v$RECIPE_VERSION amd64 base $base $tag"; hash_files "$RECIPES/$name.Dockerfile" "$RECIPES/$name"/*; } | sha16
}

# The PostgreSQL major the tag names (postgres:17-trixie -> 17).
postgres_major() {
  local major="${POSTGRES_TAG##*:}"
  major="${major%%[.-]*}"
  [[ "$major" =~ ^[0-9]+$ ]] || fail "cannot read a PostgreSQL major version from '$POSTGRES_TAG' (expected postgres:<major>-<suite>)"
  echo "$major"
}

make_postgres() {
  build_image "$RECIPES/postgres.Dockerfile" "$RECIPES" linux/amd64 "$1" \
    --build-arg "DEBIAN_IMAGE=$DEBIAN_TAG" --build-arg "PG_MAJOR=$(postgres_major)" -t "$POSTGRES_TAG"
}

make_prometheus() {
  build_image "$RECIPES/prometheus.Dockerfile" "$RECIPES" linux/amd64 "$1" \
    --build-arg "DEBIAN_IMAGE=$DEBIAN_TAG" -t "$PROMETHEUS_TAG"
}

# --- the run -------------------------------------------------------------------

[[ -n "$(engine_host)" ]] || fail "no engine state; run 'engine.sh start' first"
d version >/dev/null 2>&1 || fail "the engine at $(engine_host) does not answer"
mkdir -p "$WORK" "$LOGS" "$RUN_DIR"
# One run at a time on an engine: a second caller waits, then finds the images made.
exec 9>"$RUN_DIR/standins.lock"
flock 9

T0=$SECONDS
ensure_host_packages debootstrap=debootstrap curl=curl
if [[ " $ARCHES " == *" arm64 "* ]]; then
  bash "$ENGINE_DIR/binfmt.sh" >/dev/null
  # 9>&-: the registries outlive this run and must not hold its lock.
  bash "$ENGINE_DIR/registry.sh" start >/dev/null 9>&-
fi

declare -A HASH=()
for arch in $ARCHES; do
  HASH[debian-$arch]="$(debian_hash "$arch")"
  if [[ "$(image_label "$(arch_tag "$DEBIAN_TAG" "$arch")")" != "${HASH[debian-$arch]}" ]]; then
    log "making $DEBIAN_TAG for $arch (debootstrap; log $LOGS/debian-$arch.log)"
    start_job "debian-$arch" make_debian "$arch" "${HASH[debian-$arch]}"
  fi
done

# Everything else starts from the amd64 Debian stand-in.
[[ -n "${JOBS[debian-amd64]:-}" ]] && { wait_job debian-amd64; built "debian-amd64"; }
d tag "$(arch_tag "$DEBIAN_TAG" amd64)" "$DEBIAN_TAG"

HASH[rust]="$(rust_hash "${HASH[debian-amd64]}")"
if [[ "$(image_label "$RUST_TAG")" != "${HASH[rust]}" ]]; then
  log "making $RUST_TAG (Debian's Rust, musl std from source; log $LOGS/rust.log)"
  start_job rust make_rust "${HASH[rust]}"
fi

postgres_major >/dev/null
for name in postgres prometheus; do
  case "$name" in
    postgres) tag="$POSTGRES_TAG" ;;
    prometheus) tag="$PROMETHEUS_TAG" ;;
  esac
  HASH[$name]="$(service_hash "$name" "${HASH[debian-amd64]}" "$tag")"
  if [[ "$(image_label "$tag")" != "${HASH[$name]}" ]]; then
    log "making $tag (Debian's $name package; log $LOGS/$name.log)"
    start_job "$name" "make_$name" "${HASH[$name]}"
  fi
done

for arch in $ARCHES; do
  for name in alpine distroless; do
    HASH[$name-$arch]="$(small_hash "$name" "$arch" "${HASH[debian-amd64]}")"
    case "$name" in
      alpine) probe="$(arch_tag "$ALPINE_TAG" "$arch")" ;;
      distroless) probe="$DISTROLESS_REPO:$(arch_tag nonroot "$arch")" ;;
    esac
    if [[ "$(image_label "$probe")" != "${HASH[$name-$arch]}" ]]; then
      log "making the $name stand-in for $arch (log $LOGS/$name-$arch.log)"
      # Small and quick; one after the other beside the toolchain build.
      if ! "make_$name" "$arch" "${HASH[$name-$arch]}" >"$LOGS/$name-$arch.log" 2>&1; then
        tail -n 25 "$LOGS/$name-$arch.log" | sed 's/^/  /' >&2
        fail "making the $name stand-in for $arch failed (log: $LOGS/$name-$arch.log)"
      fi
      built "$name-$arch"
    fi
  done
done
d tag "$(arch_tag "$ALPINE_TAG" amd64)" "$ALPINE_TAG"
d tag "$DISTROLESS_REPO:$(arch_tag latest amd64)" "$DISTROLESS_REPO:latest"
d tag "$DISTROLESS_REPO:$(arch_tag nonroot amd64)" "$DISTROLESS_REPO:nonroot"

if [[ " $ARCHES " == *" arm64 "* ]]; then
  [[ -n "${JOBS[debian-arm64]:-}" ]] && { wait_job debian-arm64; built "debian-arm64"; }
  bash "$ENGINE_DIR/registry.sh" publish \
    "$DEBIAN_TAG=${HASH[debian-amd64]},${HASH[debian-arm64]}" \
    "$ALPINE_TAG=${HASH[alpine-amd64]},${HASH[alpine-arm64]}" \
    "$DISTROLESS_REPO:latest=${HASH[distroless-amd64]},${HASH[distroless-arm64]}" \
    "$DISTROLESS_REPO:nonroot=${HASH[distroless-amd64]},${HASH[distroless-arm64]}" >&2
fi

for name in postgres prometheus rust; do
  [[ -n "${JOBS[$name]:-}" ]] && { wait_job "$name"; built "$name"; }
done
# The images this run replaced, now untagged.
((${#BUILT[@]} == 0)) || d image prune -f --filter "label=$RECIPE_LABEL" >/dev/null

echo "DEBIAN_IMAGE=$DEBIAN_TAG"
echo "RUST_IMAGE=$RUST_TAG"
echo "ALPINE_IMAGE=$ALPINE_TAG"
echo "DISTROLESS_IMAGE=$DISTROLESS_REPO:latest"
echo "DISTROLESS_NONROOT_IMAGE=$DISTROLESS_REPO:nonroot"
echo "POSTGRES_IMAGE=$POSTGRES_TAG"
echo "PROMETHEUS_IMAGE=$PROMETHEUS_TAG"
echo "BUILT=${BUILT[*]:-}"
echo "SECONDS=$((SECONDS - T0))"
