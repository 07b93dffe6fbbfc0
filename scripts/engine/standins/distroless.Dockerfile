# Stand-in for gcr.io/distroless/static-debian13 (tags latest and nonroot),
# Google's distroless "static" image, made the way distroless makes it from
# Debian's archive (distroless/assemble.sh). Built once per architecture with
# `--platform linux/<arch>`; the assembling stage runs on the build machine.
#
# What it reproduces: the data of base-files, netbase, tzdata and media-types;
# /etc/passwd (root 0, nobody 65534, nonroot 65532 with home /home/nonroot,
# all with /sbin/nologin), /etc/group (root, nobody, tty, staff, nonroot),
# /etc/nsswitch.conf, distroless's /etc/os-release, the CA bundle at
# /etc/ssl/certs/ca-certificates.crt, /usr/share/zoneinfo, /tmp (1777), /root
# (0700), /home/nonroot (65532, 0700); ENV PATH and SSL_CERT_FILE; no shell.
# The nonroot tag adds USER 65532 and WORKDIR /home/nonroot.
#
# How it differs:
# - Package versions are the archive's at build time, not distroless's
#   pinned snapshot; the CA bundle comes from Debian's update-ca-certificates
#   (same certificates, possibly another order) instead of distroless's rule.
# - No /var/lib/dpkg/status.d records (scanners see no packages), no
#   changelogs or man pages; file times are today's, not distroless's fixed ones.
# - The user database and os-release are written by this recipe from
#   distroless's published definitions.
ARG DEBIAN_IMAGE=debian:trixie-slim
FROM --platform=$BUILDPLATFORM ${DEBIAN_IMAGE} AS assemble
ARG TARGETARCH
COPY common/ca-bundle.sh distroless/assemble.sh /
RUN sh /assemble.sh "$TARGETARCH"

FROM scratch AS latest
COPY --from=assemble /rootfs/ /
ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt
ARG RECIPE=unknown
LABEL io.cdk-rust-image.engine.recipe=$RECIPE

FROM latest AS nonroot
USER 65532
WORKDIR /home/nonroot
