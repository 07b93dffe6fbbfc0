# Shared by engine.sh and its companions (standins.sh, registry.sh, binfmt.sh):
# where the private engine lives, how to talk to it, and the names the stand-in
# images carry. Sourced, never run.
#
# Every name a stand-in carries can be changed from the environment, so the
# tests can follow the library's defaults without editing these scripts:
#
#   CDK_RUST_IMAGE_RUST_TAG        rust:1.99.0-trixie                   toolchain
#   CDK_RUST_IMAGE_DEBIAN_TAG      debian:trixie-slim                  Debian runtime base
#   CDK_RUST_IMAGE_ALPINE_TAG      alpine:3.24                         Alpine runtime base
#   CDK_RUST_IMAGE_DISTROLESS_REPO gcr.io/distroless/static-debian13   distroless (tags latest, nonroot)
#   CDK_RUST_IMAGE_POSTGRES_TAG    postgres:17-trixie                  the local stack's database
#   CDK_RUST_IMAGE_PROMETHEUS_TAG  prom/prometheus:v3.14.0             the local stack's metrics
#
# Failures print one line "engine: <reason>" on stderr and exit non-zero: the
# TypeScript harness decides between FAIL (CI) and skip (elsewhere).

ENGINE_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

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
DAEMON_CONFIG="$ENGINE_ROOT/daemon.json"

RECIPE_LABEL="io.cdk-rust-image.engine.recipe"

RUST_TAG="${CDK_RUST_IMAGE_RUST_TAG:-rust:1.99.0-trixie}"
DEBIAN_TAG="${CDK_RUST_IMAGE_DEBIAN_TAG:-debian:trixie-slim}"
ALPINE_TAG="${CDK_RUST_IMAGE_ALPINE_TAG:-alpine:3.24}"
DISTROLESS_REPO="${CDK_RUST_IMAGE_DISTROLESS_REPO:-gcr.io/distroless/static-debian13}"
POSTGRES_TAG="${CDK_RUST_IMAGE_POSTGRES_TAG:-postgres:17-trixie}"
PROMETHEUS_TAG="${CDK_RUST_IMAGE_PROMETHEUS_TAG:-prom/prometheus:v3.14.0}"

# The local registries (registry.sh): the engine's docker.io mirror, and a
# TLS registry that the engine, and only the engine, knows as gcr.io.
REGISTRY_PORT="${CDK_RUST_IMAGE_REGISTRY_PORT:-5055}"
REGISTRY="127.0.0.1:$REGISTRY_PORT"
REGISTRY_ROOT="$ENGINE_ROOT/registry"
GCR_ADDR="${CDK_RUST_IMAGE_GCR_ADDR:-127.0.0.2}"
GCR_CERT="$REGISTRY_ROOT/gcr/tls.crt"
GCR_KEY="$REGISTRY_ROOT/gcr/tls.key"

export DOCKER_BUILDKIT=1

fail() {
  echo "engine: $*" >&2
  exit 1
}

log() {
  echo "engine: $*" >&2
}

sha16() {
  sha256sum | cut -c1-16
}

# The pid in FILE when that process's command line contains PATTERN: a
# process this tooling started, not whatever now has that pid.
owned_pid() {
  local file="$1" pattern="$2" pid
  [[ -f "$file" ]] || return 1
  pid="$(cat "$file" 2>/dev/null || true)"
  [[ "$pid" =~ ^[0-9]+$ && -r "/proc/$pid/cmdline" ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "$pattern" || return 1
  echo "$pid"
}

# The engine the state file names (written by `engine.sh start`), else DOCKER_HOST.
engine_host() {
  if [[ -f "$STATE_FILE" ]]; then
    sed -n 's/^DOCKER_HOST=//p' "$STATE_FILE"
  else
    echo "${DOCKER_HOST:-}"
  fi
}

# A run that must stop exactly what it started (.ci/run, the engine tests'
# teardown) names a file in CDK_RUST_IMAGE_STARTED_FILE: whatever launches a
# long-lived process (the private dockerd, a registry) appends a line for it
# there, read by stop-started.sh.
record_started() {
  [[ -n "${CDK_RUST_IMAGE_STARTED_FILE:-}" ]] || return 0
  echo "$*" >>"$CDK_RUST_IMAGE_STARTED_FILE"
}

# The docker CLI against that engine.
d() {
  local host
  host="$(engine_host)"
  if [[ -n "$host" ]]; then DOCKER_HOST="$host" "$DOCKER" "$@"; else "$DOCKER" "$@"; fi
}

# The certificate of the local gcr.io registry: made once, trusted only by the
# private engine (engine.sh mounts it as /etc/docker/certs.d/gcr.io/ca.crt).
ensure_gcr_cert() {
  [[ -s "$GCR_CERT" && -s "$GCR_KEY" ]] && return 0
  ensure_host_packages openssl=openssl
  mkdir -p "$(dirname "$GCR_CERT")"
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj /CN=gcr.io \
    -addext subjectAltName=DNS:gcr.io -keyout "$GCR_KEY" -out "$GCR_CERT" 2>/dev/null \
    || fail "openssl could not make the local gcr.io registry's certificate"
}

image_label() {
  d image inspect --format "{{ index .Config.Labels \"$RECIPE_LABEL\" }}" "$1" 2>/dev/null || true
}

# Installs Debian packages on this machine (root only), once per missing command.
ensure_host_packages() {
  local missing=() pair cmd pkg
  for pair in "$@"; do
    cmd="${pair%%=*}"
    pkg="${pair#*=}"
    [[ -e "$cmd" ]] || command -v "$cmd" >/dev/null 2>&1 || missing+=("$pkg")
  done
  ((${#missing[@]} == 0)) && return 0
  [[ "$(id -u)" == 0 ]] || fail "${missing[*]} is missing (installing it needs root)"
  [[ -f /etc/debian_version ]] && command -v apt-get >/dev/null 2>&1 \
    || fail "${missing[*]} is missing (installing it needs Debian's apt-get)"
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # A fresh machine may have empty package lists; update once, then install.
  apt-get update -qq >&2 || fail "apt-get update failed"
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2 || fail "apt-get install ${missing[*]} failed"
}
