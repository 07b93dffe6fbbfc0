#!/usr/bin/env bash
# A Docker engine for the real-engine tests (issue 4), offline on a fresh CI machine.
#
#   engine.sh start        use an engine that answers, or start a private dockerd;
#                          prints DOCKER_HOST=... and ENGINE_STARTED=0|1 on stdout
#   engine.sh stop         stop only the dockerd that `start` launched (by pid file)
#   engine.sh base-images  make debian:bookworm-slim and the Rust builder image locally
#   engine.sh status       print the state file, exit 1 when no private engine runs
#
# Failures print one line "engine: <reason>" on stderr and exit non-zero: the
# TypeScript harness decides between FAIL (CI) and skip (elsewhere).
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# The docker CLI at /usr/local/bin lacks buildx; Debian's 20.10 CLI has BuildKit built in.
DOCKER="${CDK_RUST_IMAGE_DOCKER:-/usr/bin/docker}"
ENGINE_ROOT="${CDK_RUST_IMAGE_ENGINE_ROOT:-/var/lib/cdk-rust-image-engine}"
RUN_DIR="${CDK_RUST_IMAGE_ENGINE_RUN:-/run/cdk-rust-image-engine}"
DATA_ROOT="$ENGINE_ROOT/data"
EXEC_ROOT="$RUN_DIR/exec"
PIDFILE="$RUN_DIR/dockerd.pid"
SOCK="$RUN_DIR/docker.sock"
STATE_FILE="$RUN_DIR/state"
LOG_FILE="$ENGINE_ROOT/dockerd.log"
START_TIMEOUT="${CDK_RUST_IMAGE_ENGINE_START_TIMEOUT:-60}"

BASE_TAG="debian:bookworm-slim"
BUILDER_TAG="cdk-rust-image-engine/rust:1.96-bookworm"
RECIPE_LABEL="io.cdk-rust-image.engine.recipe"

export DOCKER_BUILDKIT=1

fail() {
  echo "engine: $*" >&2
  exit 1
}

log() {
  echo "engine: $*" >&2
}

# --- engine probing --------------------------------------------------------

# True when the engine at $1 (a DOCKER_HOST value, or "" for the CLI default) answers.
engine_answers() {
  local host="$1"
  [[ -x "$DOCKER" ]] || return 1
  if [[ -n "$host" ]]; then
    DOCKER_HOST="$host" timeout 15 "$DOCKER" version --format '{{.Server.Version}}' >/dev/null 2>&1
  else
    (unset DOCKER_HOST; timeout 15 "$DOCKER" version --format '{{.Server.Version}}' >/dev/null 2>&1)
  fi
}

# True when the engine at $1 builds a trivial Dockerfile with BuildKit.
buildkit_works() {
  local host="$1" ctx
  ctx="$(mktemp -d)"
  printf 'FROM scratch\nLABEL io.cdk-rust-image.engine.probe=1\n' >"$ctx/Dockerfile"
  local rc=0
  if [[ -n "$host" ]]; then
    DOCKER_HOST="$host" timeout 60 "$DOCKER" build --network host -q "$ctx" >/dev/null 2>&1 || rc=$?
  else
    (unset DOCKER_HOST; timeout 60 "$DOCKER" build --network host -q "$ctx" >/dev/null 2>&1) || rc=$?
  fi
  rm -rf "$ctx"
  return "$rc"
}

private_pid() {
  [[ -f "$PIDFILE" ]] || return 1
  local pid
  pid="$(cat "$PIDFILE" 2>/dev/null || true)"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  [[ -r "/proc/$pid/cmdline" ]] || return 1
  # Only a dockerd that uses our exec-root is ours.
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "--exec-root $EXEC_ROOT" || return 1
  echo "$pid"
}

write_state() {
  local host="$1" started="$2" kind="$3"
  mkdir -p "$RUN_DIR"
  {
    echo "DOCKER_HOST=$host"
    echo "ENGINE_KIND=$kind"
    echo "ENGINE_STARTED=$started"
  } >"$STATE_FILE"
}

print_result() {
  echo "DOCKER_HOST=$1"
  echo "ENGINE_STARTED=$2"
}

# --- unmounting what dockerd leaves ----------------------------------------

unmount_leftovers() {
  local mounts m
  # Field 5 of mountinfo is the mount point; deepest first.
  mounts="$(awk '{print $5}' /proc/self/mountinfo | grep -E "^($EXEC_ROOT|$DATA_ROOT)(/|$)" | sort -r || true)"
  [[ -n "$mounts" ]] || return 0
  while IFS= read -r m; do
    umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || log "could not unmount $m"
  done <<<"$mounts"
}

# --- install ---------------------------------------------------------------

ensure_packages() {
  local missing=()
  [[ -x /usr/bin/docker && -x /usr/sbin/dockerd ]] || missing+=(docker.io)
  command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
  ((${#missing[@]} == 0)) && return 0
  [[ "$(id -u)" == 0 ]] || fail "no Docker engine answers and ${missing[*]} is missing (installing it needs root)"
  [[ -f /etc/debian_version ]] && command -v apt-get >/dev/null 2>&1 \
    || fail "no Docker engine answers and ${missing[*]} is missing (installing it needs Debian's apt-get)"
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # A fresh machine may have empty package lists; update once, then install.
  apt-get update -qq >&2 || fail "apt-get update failed"
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2 || fail "apt-get install ${missing[*]} failed"
}

# --- start / stop ----------------------------------------------------------

start_private() {
  [[ "$(id -u)" == 0 ]] || fail "no Docker engine answers, and starting a private dockerd needs root"
  [[ -f /etc/debian_version ]] || fail "no Docker engine answers, and the private dockerd is only set up on Debian"
  ensure_packages
  [[ -x /usr/sbin/dockerd ]] || fail "dockerd is not installed at /usr/sbin/dockerd"

  mkdir -p "$DATA_ROOT" "$EXEC_ROOT" "$RUN_DIR"
  chmod 0711 "$ENGINE_ROOT" "$RUN_DIR"
  # A previous run that died may have left its mounts behind; dockerd trips over them.
  unmount_leftovers
  rm -f "$SOCK"

  log "starting a private dockerd (data-root $DATA_ROOT, log $LOG_FILE)"
  # setsid: the daemon outlives this script and the test runner's process group.
  setsid /usr/sbin/dockerd \
    --iptables=false --ip6tables=false --bridge=none \
    --storage-driver overlay2 \
    --data-root "$DATA_ROOT" \
    --exec-root "$EXEC_ROOT" \
    --pidfile "$PIDFILE" \
    -H "unix://$SOCK" \
    </dev/null >>"$LOG_FILE" 2>&1 &
  local launcher=$!

  local host="unix://$SOCK" waited=0
  until engine_answers "$host"; do
    if ! kill -0 "$launcher" 2>/dev/null && ! private_pid >/dev/null; then
      fail "private dockerd exited during start-up: $(tail -n 1 "$LOG_FILE" 2>/dev/null | cut -c1-300)"
    fi
    ((waited >= START_TIMEOUT)) && fail "private dockerd did not answer within ${START_TIMEOUT}s (see $LOG_FILE)"
    sleep 1
    waited=$((waited + 1))
  done
  buildkit_works "$host" || fail "private dockerd answers but a BuildKit build fails (see $LOG_FILE)"
  write_state "$host" 1 private
  print_result "$host" 1
}

cmd_start() {
  # Our own engine from an earlier `start`: reuse it.
  if private_pid >/dev/null && engine_answers "unix://$SOCK"; then
    write_state "unix://$SOCK" 0 private
    print_result "unix://$SOCK" 0
    return 0
  fi
  # An engine that already answers (DOCKER_HOST or the default socket).
  local host="${DOCKER_HOST:-}"
  if engine_answers "$host"; then
    local effective="${host:-unix:///var/run/docker.sock}"
    if buildkit_works "$host"; then
      write_state "$effective" 0 existing
      print_result "$effective" 0
      return 0
    fi
    log "the engine at $effective answers but cannot build with BuildKit; starting a private one"
  fi
  start_private
}

cmd_stop() {
  local pid
  if ! pid="$(private_pid)"; then
    rm -f "$PIDFILE" "$STATE_FILE"
    unmount_leftovers
    log "no private dockerd is running"
    return 0
  fi
  log "stopping private dockerd (pid $pid)"
  kill -TERM "$pid"
  local waited=0
  while kill -0 "$pid" 2>/dev/null; do
    if ((waited >= 60)); then
      log "dockerd did not stop within 30s; killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    sleep 0.5
    waited=$((waited + 1))
    ((waited > 80)) && break
  done
  unmount_leftovers
  rm -f "$PIDFILE" "$STATE_FILE" "$SOCK"
}

cmd_status() {
  if private_pid >/dev/null; then
    cat "$STATE_FILE" 2>/dev/null || true
    return 0
  fi
  echo "no private engine running"
  return 1
}

# --- base images -----------------------------------------------------------

engine_host() {
  if [[ -f "$STATE_FILE" ]]; then
    sed -n 's/^DOCKER_HOST=//p' "$STATE_FILE"
  else
    echo "${DOCKER_HOST:-}"
  fi
}

d() {
  local host
  host="$(engine_host)"
  if [[ -n "$host" ]]; then DOCKER_HOST="$host" "$DOCKER" "$@"; else "$DOCKER" "$@"; fi
}

# The machine's configured Debian mirror for bookworm (deb822 or one-line format).
debian_mirror() {
  local f uri
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -f "$f" ]] || continue
    # deb822 stanzas: pick a URIs line from a stanza whose Suites has plain "bookworm".
    uri="$(awk '
      BEGIN { RS=""; FS="\n" }
      {
        uris=""; suites=""; enabled=1
        for (i = 1; i <= NF; i++) {
          if ($i ~ /^URIs:/) { uris=$i; sub(/^URIs:[ \t]*/, "", uris) }
          if ($i ~ /^Suites:/) { suites=" " $i " "; sub(/^ Suites:/, "", suites) }
          if ($i ~ /^Enabled:[ \t]*no/) { enabled=0 }
        }
        if (enabled && suites ~ /[ \t]bookworm[ \t]/) { split(uris, u, /[ \t]+/); print u[1]; exit }
      }' "$f")"
    [[ -n "$uri" ]] && { echo "$uri"; return 0; }
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [[ -f "$f" ]] || continue
    uri="$(awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i !~ /^\[/ && $i !~ /\]$/) { if ($(i+1) == "bookworm") { print $i; exit } break } }' "$f")"
    [[ -n "$uri" ]] && { echo "$uri"; return 0; }
  done
  return 1
}

# The machine's apt sources for the Debian suites, for use inside the builder image.
debian_sources_dir() {
  local out="$1" f
  mkdir -p "$out"
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
    [[ -f "$f" ]] || continue
    # Only Debian's own archives: third-party repositories would need their keys.
    if grep -Eq '(debian|bookworm)' "$f" && ! grep -Eq '(nodesource|cloud\.google|docker\.com)' "$f"; then
      # /etc/apt/sources.list lands in sources.list.d, where only *.list is read.
      if [[ "$f" == /etc/apt/sources.list ]]; then cp "$f" "$out/machine.list"; else cp "$f" "$out/$(basename "$f")"; fi
    fi
  done
  ls "$out"/* >/dev/null 2>&1
}

image_label() {
  d image inspect --format "{{ index .Config.Labels \"$RECIPE_LABEL\" }}" "$1" 2>/dev/null || true
}

# Bump when make_base_image changes what it produces.
BASE_RECIPE_VERSION=1

sha16() {
  sha256sum | cut -c1-16
}

make_base_image() {
  local hash="$1" mirror="$2" rootfs
  command -v debootstrap >/dev/null 2>&1 || ensure_packages
  rootfs="$(mktemp -d "${TMPDIR:-/tmp}/cdk-rust-image-rootfs.XXXXXX")"
  log "debootstrap --variant=minbase bookworm from $mirror"
  if ! debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >"$ENGINE_ROOT/debootstrap.log" 2>&1; then
    rm -rf "$rootfs"
    fail "debootstrap failed: $(tail -n 1 "$ENGINE_ROOT/debootstrap.log" | cut -c1-300)"
  fi
  # Like the official slim image: no apt caches, no docs, no package lists.
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* \
    "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/*
  tar -C "$rootfs" --numeric-owner -c . | d import \
    --change "LABEL $RECIPE_LABEL=$hash" \
    --change 'CMD ["bash"]' \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    - "$BASE_TAG" >/dev/null
  rm -rf "$rootfs"
}

make_builder_image() {
  local hash="$1" ctx
  ctx="$(mktemp -d "${TMPDIR:-/tmp}/cdk-rust-image-builder.XXXXXX")"
  cp "$SCRIPT_DIR/builder.Dockerfile" "$ctx/Dockerfile"
  debian_sources_dir "$ctx/apt-sources" || fail "no Debian apt sources found to copy into the builder"
  log "building $BUILDER_TAG"
  if ! d build --network host --progress plain \
    --build-arg "RECIPE=$hash" \
    -t "$BUILDER_TAG" "$ctx" >"$ENGINE_ROOT/builder-build.log" 2>&1; then
    rm -rf "$ctx"
    fail "building $BUILDER_TAG failed: $(grep -E 'ERROR|error:' "$ENGINE_ROOT/builder-build.log" | tail -n 1 | cut -c1-300)"
  fi
  rm -rf "$ctx"
}

cmd_base_images() {
  [[ -n "$(engine_host)" ]] || engine_answers "" || fail "no engine state; run '$0 start' first"
  mkdir -p "$ENGINE_ROOT"
  local mirror sources=() f
  mirror="$(debian_mirror)" || fail "no bookworm mirror found in /etc/apt/sources.list or /etc/apt/sources.list.d"
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
    [[ -f "$f" ]] && sources+=("$f")
  done
  # Each image carries the hash of its recipe; a different hash means rebuild.
  local base_hash builder_hash
  base_hash="$(printf 'base v%s %s\n' "$BASE_RECIPE_VERSION" "$mirror" | sha16)"
  builder_hash="$( { echo "$base_hash"; cat "$SCRIPT_DIR/builder.Dockerfile" "${sources[@]}"; } | sha16)"
  local t0=$SECONDS
  if [[ "$(image_label "$BASE_TAG")" != "$base_hash" ]]; then
    make_base_image "$base_hash" "$mirror"
  fi
  if [[ "$(image_label "$BUILDER_TAG")" != "$builder_hash" ]]; then
    make_builder_image "$builder_hash"
  fi
  echo "BASE_IMAGE=$BASE_TAG"
  echo "BUILDER_IMAGE=$BUILDER_TAG"
  echo "SECONDS=$((SECONDS - t0))"
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  base-images) cmd_base_images ;;
  *)
    echo "usage: $0 start|stop|status|base-images" >&2
    exit 2
    ;;
esac
