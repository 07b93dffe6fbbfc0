# The Rust builder for the real-engine tests: Debian's own Rust 1.96 and the
# crates Debian packages, so the fixture builds with no registry. Only
# instructions the BuildKit frontend built into Docker 20.10 understands.
FROM debian:bookworm-slim

# The machine's own apt sources (bookworm, bookworm-updates, bookworm-security).
COPY apt-sources/ /etc/apt/sources.list.d/

RUN rm -f /etc/apt/sources.list \
 && apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      rustc-web cargo-web gcc libc6-dev binutils ca-certificates curl \
      librust-tiny-http-dev librust-serde-dev librust-serde-derive-dev librust-serde-json-dev \
 && rm -rf /var/lib/apt/lists/* \
 && rustc --version | grep -q '^rustc 1\.96\.' \
 && cargo --version | grep -q '^cargo 1\.96\.' \
 && test -d /usr/share/cargo/registry

# A recipe hash, so engine.sh can tell a stale builder from a current one.
ARG RECIPE=unknown
LABEL io.cdk-rust-image.engine.recipe=$RECIPE
