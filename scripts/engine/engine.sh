#!/usr/bin/env bash
# A Docker engine for the real-engine tests (issue 4), offline on a fresh CI machine.
#
#   engine.sh start           use an engine that answers, or start a private dockerd;
#                             prints DOCKER_HOST=... and ENGINE_STARTED=0|1 on stdout
#   engine.sh stop            stop only the dockerd that `start` launched (by pid file)
#   engine.sh status          print the state file, exit 1 when no private engine runs
#   engine.sh standins [ARCH] make the stand-in base images (standins.sh; ARCH amd64|arm64|all)
#   engine.sh binfmt          register qemu-aarch64 with binfmt_misc (binfmt.sh)
#   engine.sh registry CMD    the local registry: start|stop|status (registry.sh)
#   engine.sh compose [--v2] ARGS  docker-compose 1.29 (installed when missing), or Compose v2 in a container (compose.sh)
#   engine.sh podman CMD      podman beside the engine: setup|standins|env|podman arguments (podman.sh)
#
# Failures print one line "engine: <reason>" on stderr and exit non-zero: the
# TypeScript harness decides between FAIL (CI) and skip (elsewhere).
set -euo pipefail

# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

START_TIMEOUT="${CDK_RUST_IMAGE_ENGINE_START_TIMEOUT:-60}"

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

# Only a dockerd that uses our exec-root is ours.
private_pid() {
  owned_pid "$PIDFILE" "--exec-root $EXEC_ROOT"
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

# --- daemon configuration ---------------------------------------------------

# The local registry (registry.sh) is the engine's docker.io mirror: a FROM
# whose local image has another architecture (an arm64 build of
# `FROM debian:trixie-slim`) resolves through the registry's manifest list
# instead of failing to reach Docker Hub. While the registry is down the
# mirror is skipped.
daemon_config() {
  printf '{\n  "registry-mirrors": ["http://%s"]\n}\n' "$REGISTRY"
}

write_daemon_config() {
  mkdir -p "$ENGINE_ROOT"
  daemon_config >"$DAEMON_CONFIG"
}

# A private dockerd from an earlier `start` is reused as it is: restarting it
# would stop other users' containers. Its registry setup is read at start-up
# (BuildKit takes the mirrors and certificates once), so say when it differs.
check_running_engine() {
  local pid="$1"
  if ! tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "--config-file $DAEMON_CONFIG" \
    || ! grep -q ' /etc/hosts ' "/proc/$pid/mountinfo" \
    || [[ "$(cat "$DAEMON_CONFIG" 2>/dev/null)" != "$(daemon_config)" ]]; then
    log "the private dockerd (pid $pid) was started with another registry setup: arm64 builds may not resolve the stand-ins until it is restarted (engine.sh stop; engine.sh start)"
  fi
}

# The engine's own view of two files, in a mount namespace of its own: an
# /etc/hosts that names the local TLS registry gcr.io, and a certs.d that
# trusts its certificate (registry.sh). Docker mirrors only docker.io; this is
# how `FROM gcr.io/distroless/...` of another architecture resolves offline.
# The rest of the machine keeps its own /etc/hosts and certs.d.
prepare_engine_view() {
  ensure_gcr_cert
  mkdir -p "$ENGINE_ROOT/etc/certs.d/gcr.io" /etc/docker/certs.d
  cp "$GCR_CERT" "$ENGINE_ROOT/etc/certs.d/gcr.io/ca.crt"
  { grep -Ev '[[:space:]]gcr\.io([[:space:]]|$)' /etc/hosts || true; echo "$GCR_ADDR gcr.io"; } >"$ENGINE_ROOT/etc/hosts"
}

# --- start / stop ----------------------------------------------------------

start_private() {
  [[ "$(id -u)" == 0 ]] || fail "no Docker engine answers, and starting a private dockerd needs root"
  [[ -f /etc/debian_version ]] || fail "no Docker engine answers, and the private dockerd is only set up on Debian"
  ensure_host_packages /usr/bin/docker=docker.io /usr/sbin/dockerd=docker.io
  [[ -x /usr/sbin/dockerd ]] || fail "dockerd is not installed at /usr/sbin/dockerd"

  mkdir -p "$DATA_ROOT" "$EXEC_ROOT" "$RUN_DIR"
  chmod 0711 "$ENGINE_ROOT" "$RUN_DIR"
  # A previous run that died may have left its mounts behind; dockerd trips over them.
  unmount_leftovers
  rm -f "$SOCK"

  write_daemon_config
  prepare_engine_view
  log "starting a private dockerd (data-root $DATA_ROOT, log $LOG_FILE)"
  # setsid: the daemon outlives this script and the test runner's process group.
  # unshare: the bind mounts of prepare_engine_view stay inside the engine's namespace;
  # host mounts still propagate in (slave).
  # shellcheck disable=SC2016
  setsid unshare --mount --propagation slave -- /bin/sh -c \
    'mount --bind "$1" /etc/hosts && mount --bind "$2" /etc/docker/certs.d && shift 2 && exec /usr/sbin/dockerd "$@"' \
    sh "$ENGINE_ROOT/etc/hosts" "$ENGINE_ROOT/etc/certs.d" \
    --iptables=false --ip6tables=false --bridge=none \
    --storage-driver overlay2 \
    --data-root "$DATA_ROOT" \
    --exec-root "$EXEC_ROOT" \
    --pidfile "$PIDFILE" \
    --config-file "$DAEMON_CONFIG" \
    -H "unix://$SOCK" \
    </dev/null >>"$LOG_FILE" 2>&1 &
  local launcher=$!
  record_started engine

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
  local pid
  if pid="$(private_pid)" && engine_answers "unix://$SOCK"; then
    check_running_engine "$pid"
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

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  standins) shift; exec bash "$ENGINE_DIR/standins.sh" "$@" ;;
  binfmt) shift; exec bash "$ENGINE_DIR/binfmt.sh" "$@" ;;
  registry) shift; exec bash "$ENGINE_DIR/registry.sh" "$@" ;;
  compose) shift; exec bash "$ENGINE_DIR/compose.sh" "$@" ;;
  podman) shift; exec bash "$ENGINE_DIR/podman.sh" "$@" ;;
  *)
    echo "usage: $0 start|stop|status|standins [amd64|arm64|all]|binfmt|registry start|stop|status|compose ARGS|podman CMD" >&2
    exit 2
    ;;
esac
