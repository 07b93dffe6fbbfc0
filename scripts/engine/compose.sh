#!/usr/bin/env bash
# docker-compose against the engine that `engine.sh start` chose.
#
#   compose.sh [docker-compose arguments]         Debian 12's docker-compose 1.29 on this machine
#   compose.sh --v2 [docker compose arguments]    Debian 13's Compose v2 (2.26) in a container
#
# 1.29 is installed from Debian when it is missing and runs with:
# - DOCKER_HOST of the engine;
# - COMPOSE_DOCKER_CLI_BUILD=1 and DOCKER_BUILDKIT=1: a `build:` service is
#   built by `docker build` with BuildKit, not by the API's classic builder
#   (which knows no `RUN --mount` or `FROM --platform=$BUILDPLATFORM`);
# - `docker` on its PATH meaning $DOCKER (Debian's 20.10 CLI, BuildKit built
#   in): compose runs whichever `docker` PATH finds first, and the one in
#   /usr/local/bin has no buildx, so it refuses BuildKit builds.
# --v2 runs compose-v2.Dockerfile's image (made once per engine, by recipe
# hash) with the engine's socket and the current directory mounted at the
# same path: every file the project names (-f, build contexts, bind mounts)
# must be under the current directory.
# What compose files both accept, and the networking on this engine:
# test/engine/README.md, "Compose".
set -euo pipefail

# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

host="$(engine_host)"
[[ -n "$host" ]] || fail "no engine state; run 'engine.sh start' first"

COMPOSE_V2_TAG="${CDK_RUST_IMAGE_COMPOSE_V2_TAG:-cdk-rust-image-engine/compose-v2:debian13}"

compose_v2() {
  local recipe="$ENGINE_DIR/compose-v2.Dockerfile" hash
  [[ "$host" == unix://* ]] || fail "compose.sh --v2 needs an engine on a unix socket (this one is $host)"
  hash="$({ echo "compose-v2 base $(image_label "$DEBIAN_TAG")"; cat "$recipe"; } | sha16)"
  if [[ "$(image_label "$COMPOSE_V2_TAG")" != "$hash" ]]; then
    log "making $COMPOSE_V2_TAG (Debian 13's docker-compose package)"
    d build --network host -q -f "$recipe" --build-arg "DEBIAN_IMAGE=$DEBIAN_TAG" --build-arg "RECIPE=$hash" \
      -t "$COMPOSE_V2_TAG" "$ENGINE_DIR" >/dev/null || fail "building $COMPOSE_V2_TAG failed"
  fi
  local env=() var
  for var in COMPOSE_PROJECT_NAME COMPOSE_FILE COMPOSE_PROFILES; do
    [[ -n "${!var:-}" ]] && env+=(-e "$var=${!var}")
  done
  exec env DOCKER_HOST="$host" "$DOCKER" run --rm --network host "${env[@]}" \
    -v "${host#unix://}:/var/run/docker.sock" -v "$PWD:$PWD" -w "$PWD" \
    "$COMPOSE_V2_TAG" docker-compose "$@"
}

if [[ "${1:-}" == --v2 ]]; then
  shift
  compose_v2 "$@"
fi

ensure_host_packages docker-compose=docker-compose
bin="$RUN_DIR/compose-bin"
if [[ "$(readlink "$bin/docker" 2>/dev/null)" != "$DOCKER" ]]; then
  mkdir -p "$bin"
  ln -sfn "$DOCKER" "$bin/docker"
fi
export DOCKER_HOST="$host" COMPOSE_DOCKER_CLI_BUILD=1 DOCKER_BUILDKIT=1 PATH="$bin:$PATH"
exec docker-compose "$@"
