# Compose v2 for the engine tests: Debian 13's docker-compose package (2.26.1
# when written; the Compose v2 CLI, run standalone as `docker-compose`) on the
# Debian stand-in. compose.sh --v2 runs it in a container against the
# engine's socket, so a compose file can be checked with v2 as well as with
# the host's docker-compose 1.29. It builds with its own BuildKit client
# (no buildx plugin needed).
ARG DEBIAN_IMAGE=debian:trixie-slim
FROM ${DEBIAN_IMAGE}
RUN export DEBIAN_FRONTEND=noninteractive \
 && apt-get update -qq \
 && apt-get install -y -qq --no-install-recommends docker-compose >/dev/null \
 && rm -rf /var/lib/apt/lists/* \
 && docker-compose version
ARG RECIPE=unknown
LABEL io.cdk-rust-image.engine.recipe=$RECIPE
