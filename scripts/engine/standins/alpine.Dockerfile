# Stand-in for alpine:3.24 (docker.io/library/alpine: Alpine's minirootfs),
# assembled from Debian packages by alpine/assemble.sh. Built once per
# architecture with `--platform linux/<arch>`; the assembling stage runs on
# the build machine, nothing runs on the target architecture.
#
# What it reproduces of the real image:
# - busybox as /bin/busybox with applet links (/bin/sh, /usr/bin/wget, ...);
#   /bin/sh is the shell; busybox wget takes -q -O -T;
# - musl's dynamic loader /lib/ld-musl-<arch>.so.1 (and libc.musl-<arch>.so.1);
# - /etc/alpine-release and /etc/os-release of the tag's version (3.24 -> 3.24.0);
# - /etc/passwd and /etc/group with Alpine's base accounts (root, bin, daemon,
#   ..., nobody 65534; nothing at 65532), /etc/shadow, /etc/shells, /etc/hosts;
#   /root (0700), /tmp and /var/tmp (1777), /home, /var, /run;
# - /etc/ssl/certs/ca-certificates.crt (the real minirootfs carries
#   ca-certificates-bundle) and /etc/ssl/cert.pem pointing at it.
#
# How it differs:
# - busybox is Debian's busybox-static 1.37 (static, glibc) with Debian's
#   applet set: no adduser, addgroup, deluser or delgroup.
# - No apk (no /etc/apk, no /lib/apk/db): nothing can be installed.
# - musl is Debian's 1.2.5 build; no other libraries (no libssl, zlib, ...).
# - The CA bundle is Debian's (Mozilla's set, the source Alpine uses too).
# - The accounts are a subset of alpine-baselayout's, written by this recipe;
#   no /etc/apk/repositories, /etc/motd, /etc/profile.d, /etc/inittab.
ARG DEBIAN_IMAGE=debian:trixie-slim
FROM --platform=$BUILDPLATFORM ${DEBIAN_IMAGE} AS assemble
ARG TARGETARCH
ARG ALPINE_VERSION=3.24
COPY common/ca-bundle.sh alpine/assemble.sh /
RUN sh /assemble.sh "$TARGETARCH" "$ALPINE_VERSION"

FROM scratch
COPY --from=assemble /rootfs/ /
ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
CMD ["/bin/sh"]
ARG RECIPE=unknown
LABEL io.cdk-rust-image.engine.recipe=$RECIPE
