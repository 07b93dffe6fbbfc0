# Stand-in for prom/prometheus:v3.14.0 (docker.io/prom/prometheus, the
# Prometheus project's image: its release binaries on Prometheus's busybox
# base), made from Debian 13's prometheus package on the Debian stand-in.
# amd64 only.
#
# What it reproduces, for a compose file or `docker run`:
# - ENTRYPOINT /bin/prometheus, CMD --config.file=/etc/prometheus/prometheus.yml
#   --storage.tsdb.path=/prometheus (the official image's defaults);
# - USER nobody (65534:65534), WORKDIR and VOLUME /prometheus owned by it
#   (group-writable), /etc/prometheus owned by it, EXPOSE 9090;
# - /bin/promtool; busybox's wget (Debian's busybox 1.37, the version
#   Prometheus's busybox base carries) as `wget` on PATH, for a compose
#   health check such as `wget -q -O /dev/null http://localhost:9090/-/ready`;
# - a default prometheus.yml that scrapes Prometheus itself.
#
# How it differs:
# - Prometheus is Debian's 2.53.3, whatever version the tag names. The HTTP
#   API (/api/v1/query, /api/v1/targets, /-/healthy, /-/ready) answers as in
#   3.x for what a local stack asks; 3.x's stricter parts are NOT checked:
#   3.x fails a scrape whose Content-Type is missing or unknown (2.53 falls
#   back to the text format), and 3.x-only configuration keys
#   (fallback_scrape_protocol, scrape_native_histograms, ...) make 2.53
#   refuse the file. The web UI is Debian's build of the 2.x UI.
# - The userland is Debian's (bash, dash, coreutils), not busybox's: only
#   wget comes from busybox. Debian's package also made a `prometheus`
#   system user, which the image does not run as.
ARG DEBIAN_IMAGE=debian:trixie-slim
FROM ${DEBIAN_IMAGE}

RUN export DEBIAN_FRONTEND=noninteractive \
 && apt-get update -qq \
 && apt-get install -y -qq --no-install-recommends prometheus busybox >/dev/null \
 && rm -rf /var/lib/apt/lists/* \
 && ln -s /usr/bin/busybox /usr/local/bin/wget \
 && test "$(readlink -f /bin/prometheus)" = /usr/bin/prometheus \
 && /bin/prometheus --version

COPY prometheus/prometheus.yml /etc/prometheus/prometheus.yml
RUN mkdir -p /prometheus \
 && chown -R nobody:nogroup /etc/prometheus /prometheus \
 && chmod g+w /prometheus

USER nobody
EXPOSE 9090
VOLUME ["/prometheus"]
WORKDIR /prometheus
ENTRYPOINT ["/bin/prometheus"]
CMD ["--config.file=/etc/prometheus/prometheus.yml", "--storage.tsdb.path=/prometheus"]
ARG RECIPE=unknown
LABEL io.cdk-rust-image.engine.recipe=$RECIPE
