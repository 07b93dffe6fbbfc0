#!/usr/bin/env bash
# The local registries for the real-engine tests: Debian's docker-registry
# (2.8), storage under the engine root, so they survive restarts.
#
#   registry.sh start            start both unless they answer; prints REGISTRY=127.0.0.1:<port>
#   registry.sh stop [NAME...]   stop the registries `start` launched (by pid files): hub, gcr, or both
#   registry.sh status           exit 0 when both answer, else 1
#   registry.sh publish REF=H... push REF-amd64 and REF-arm64 and a manifest list REF
#                                (standins.sh; H is the images' recipe hashes, to skip repeats)
#
# hub: plain HTTP on 127.0.0.1:$CDK_RUST_IMAGE_REGISTRY_PORT (5055). The private
#   engine's docker.io mirror (engine.sh writes "registry-mirrors"), so an arm64
#   build of `FROM debian:trixie-slim` resolves the manifest list here when the
#   local image is amd64. Also the registry tests push to, pull from and keep
#   inline build caches in.
# gcr: TLS on $GCR_ADDR:443 (127.0.0.2). Docker has mirrors for docker.io only,
#   so the private engine runs with its own /etc/hosts naming gcr.io
#   $GCR_ADDR and trusts this registry's certificate (engine.sh); to the rest
#   of the machine gcr.io stays what it was.
set -euo pipefail

# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

MANIFEST_V2=application/vnd.docker.distribution.manifest.v2+json
MANIFEST_LIST=application/vnd.docker.distribution.manifest.list.v2+json

# --- the two instances ---------------------------------------------------------

instance_addr() {
  case "$1" in
    hub) echo "$REGISTRY" ;;
    gcr) echo "$GCR_ADDR:443" ;;
  esac
}

# Sets URL and CURL_OPTS: how curl reaches an instance under the name clients use.
instance_client() {
  case "$1" in
    hub) URL="http://$REGISTRY" CURL_OPTS=() ;;
    gcr) URL="https://gcr.io" CURL_OPTS=(--resolve "gcr.io:443:$GCR_ADDR" --cacert "$GCR_CERT") ;;
  esac
}

instance_answers() {
  instance_client "$1"
  curl -fsS --max-time 3 -o /dev/null "${CURL_OPTS[@]}" "$URL/v2/" 2>/dev/null
}

instance_pid() {
  owned_pid "$RUN_DIR/registry-$1.pid" "serve $REGISTRY_ROOT/$1/config.yml"
}

write_config() {
  local name="$1" dir="$REGISTRY_ROOT/$1"
  mkdir -p "$dir/data"
  {
    echo "# Written by scripts/engine/registry.sh: the real-engine tests' local registry ($name)."
    echo "version: 0.1"
    echo "log:"
    echo "  level: warn"
    echo "storage:"
    echo "  filesystem:"
    echo "    rootdirectory: $dir/data"
    echo "  delete:"
    echo "    enabled: true"
    echo "http:"
    echo "  addr: $(instance_addr "$name")"
    if [[ "$name" == gcr ]]; then
      echo "  tls:"
      echo "    certificate: $GCR_CERT"
      echo "    key: $GCR_KEY"
    fi
  } >"$dir/config.yml"
}

start_instance() {
  local name="$1" log="$REGISTRY_ROOT/$1/registry.log"
  instance_answers "$name" && return 0
  [[ "$name" == gcr ]] && ensure_gcr_cert
  write_config "$name"
  log "starting docker-registry '$name' on $(instance_addr "$name") (log $log)"
  # setsid: the registry outlives this script, like the engine.
  setsid /usr/bin/docker-registry serve "$REGISTRY_ROOT/$name/config.yml" </dev/null >>"$log" 2>&1 &
  echo $! >"$RUN_DIR/registry-$name.pid"
  record_started registry "$name"
  local waited=0
  until instance_answers "$name"; do
    instance_pid "$name" >/dev/null || fail "docker-registry '$name' exited during start-up: $(tail -n 1 "$log" 2>/dev/null | cut -c1-300)"
    ((waited >= 30)) && fail "docker-registry '$name' did not answer on $(instance_addr "$name") within 15s (see $log)"
    sleep 0.5
    waited=$((waited + 1))
  done
}

stop_instance() {
  local name="$1" pid
  if ! pid="$(instance_pid "$name")"; then
    rm -f "$RUN_DIR/registry-$name.pid"
    return 0
  fi
  log "stopping docker-registry '$name' (pid $pid)"
  kill -TERM "$pid"
  local waited=0
  while kill -0 "$pid" 2>/dev/null && ((waited < 20)); do
    sleep 0.5
    waited=$((waited + 1))
  done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
  rm -f "$RUN_DIR/registry-$name.pid"
}

# --- manifest lists --------------------------------------------------------------

# The registry instance, repository path and tag of an image reference.
# docker.io names go to the hub instance under library/ (Docker Hub's layout).
parse_ref() {
  local ref="$1" name tag host=""
  tag="${ref##*:}"
  name="${ref%:*}"
  [[ "$name" != "$ref" && "$tag" != */* ]] || { tag=latest; name="$ref"; }
  local first="${name%%/*}"
  if [[ "$name" == */* && ( "$first" == *.* || "$first" == *:* || "$first" == localhost ) ]]; then
    host="$first"
    name="${name#*/}"
  fi
  case "$host" in
    gcr.io) echo "gcr $name $tag" ;;
    "" | docker.io) [[ "$name" == */* ]] || name="library/$name"; echo "hub $name $tag" ;;
    *) fail "no local registry serves $ref (only docker.io and gcr.io names)" ;;
  esac
}

# Writes a Docker manifest list <path>:<tag> from <path>:<tag>-amd64 and -arm64.
put_manifest_list() {
  local instance="$1" path="$2" tag="$3" entries="" arch body
  instance_client "$instance"
  body="$(mktemp)"
  for arch in amd64 arm64; do
    curl -fsS "${CURL_OPTS[@]}" -H "Accept: $MANIFEST_V2" -o "$body" "$URL/v2/$path/manifests/$tag-$arch" \
      || fail "no manifest $path:$tag-$arch in the $instance registry"
    grep -q "\"mediaType\": *\"$MANIFEST_V2\"" "$body" || fail "$path:$tag-$arch is not a Docker v2 manifest"
    entries+="${entries:+,}{\"mediaType\":\"$MANIFEST_V2\",\"size\":$(stat -c %s "$body"),\"digest\":\"sha256:$(sha256sum <"$body" | cut -d' ' -f1)\",\"platform\":{\"architecture\":\"$arch\",\"os\":\"linux\"}}"
  done
  rm -f "$body"
  printf '{"schemaVersion":2,"mediaType":"%s","manifests":[%s]}' "$MANIFEST_LIST" "$entries" \
    | curl -fsS "${CURL_OPTS[@]}" -X PUT -H "Content-Type: $MANIFEST_LIST" --data-binary @- "$URL/v2/$path/manifests/$tag" \
    || fail "writing the manifest list $path:$tag to the $instance registry failed"
}

has_manifest_list() {
  local instance="$1" path="$2" tag="$3"
  instance_client "$instance"
  curl -fsS -o /dev/null -I "${CURL_OPTS[@]}" -H "Accept: $MANIFEST_LIST" "$URL/v2/$path/manifests/$tag" 2>/dev/null
}

# publish REF=HASHES...: push the stand-in's per-architecture images (local
# tags REF-amd64, REF-arm64) and a manifest list REF. HASHES (their recipe
# hashes) is remembered, so an unchanged stand-in is not pushed again.
cmd_publish() {
  local spec ref hashes instance path tag marker arch src dst
  mkdir -p "$REGISTRY_ROOT/published"
  for spec in "$@"; do
    ref="${spec%=*}"
    hashes="${spec##*=}"
    read -r instance path tag <<<"$(parse_ref "$ref")"
    marker="$REGISTRY_ROOT/published/$(echo "$instance/$path:$tag" | tr '/:' '__')"
    if [[ "$(cat "$marker" 2>/dev/null)" == "$hashes" ]] && has_manifest_list "$instance" "$path" "$tag"; then
      continue
    fi
    log "publishing $ref (amd64, arm64) to the $instance registry"
    for arch in amd64 arm64; do
      src="$ref-$arch"
      if [[ "$instance" == gcr ]]; then dst="$src"; else dst="$REGISTRY/$path:$tag-$arch"; fi
      [[ "$dst" == "$src" ]] || d tag "$src" "$dst"
      d push "$dst" >/dev/null || fail "pushing $dst failed"
      [[ "$dst" == "$src" ]] || d rmi "$dst" >/dev/null
    done
    put_manifest_list "$instance" "$path" "$tag"
    echo "$hashes" >"$marker"
  done
}

case "${1:-}" in
  start)
    ensure_host_packages /usr/bin/docker-registry=docker-registry curl=curl
    mkdir -p "$RUN_DIR"
    start_instance hub
    start_instance gcr
    echo "REGISTRY=$REGISTRY"
    ;;
  stop)
    shift
    names=("$@")
    ((${#names[@]} > 0)) || names=(hub gcr)
    for name in "${names[@]}"; do
      [[ "$name" == hub || "$name" == gcr ]] || fail "no registry instance '$name' (hub, gcr)"
      stop_instance "$name"
    done
    ;;
  status)
    instance_answers hub || { echo "no registry answers on $REGISTRY"; exit 1; }
    instance_answers gcr || { echo "no registry answers on $GCR_ADDR:443 (gcr.io)"; exit 1; }
    echo "REGISTRY=$REGISTRY"
    ;;
  publish)
    shift
    cmd_publish "$@"
    ;;
  *)
    echo "usage: $0 start|stop [hub|gcr]...|status|publish REF=HASHES..." >&2
    exit 2
    ;;
esac
