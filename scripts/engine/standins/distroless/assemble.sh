#!/bin/sh
# Assembles the distroless stand-in's root file system in /rootfs, the way
# distroless's static image is made: the data of Debian's base-files,
# netbase, tzdata and media-types packages, plus the user database, home
# directories, /tmp, nsswitch.conf, os-release and the CA bundle. Runs on the
# build machine; TARGETARCH picks base-files' architecture (the others are
# architecture-independent).
#
#   assemble.sh TARGETARCH
set -eux

ARCH="$1"
dpkg --add-architecture "$ARCH"
apt-get update
mkdir -p /debs /rootfs
cd /debs
apt-get download "base-files:$ARCH" netbase tzdata media-types ca-certificates
for deb in base-files_* netbase_* tzdata_* media-types_*; do dpkg-deb -x "$deb" /rootfs; done
dpkg-deb -x ca-certificates_*.deb /debs/ca-certificates

cd /rootfs
. ./usr/lib/os-release
# distroless's own os-release, a file where base-files has a link.
rm -f etc/os-release
cat >etc/os-release <<OS
PRETTY_NAME="Distroless"
NAME="Debian GNU/Linux"
ID="debian"
VERSION_ID="$VERSION_ID"
VERSION="Debian GNU/Linux $VERSION_ID ($VERSION_CODENAME)"
HOME_URL="https://github.com/GoogleContainerTools/distroless"
SUPPORT_URL="https://github.com/GoogleContainerTools/distroless/blob/master/README.md"
BUG_REPORT_URL="https://github.com/GoogleContainerTools/distroless/issues/new"
OS

cat >etc/passwd <<'PW'
root:x:0:0:root:/root:/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin
nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin
PW
cat >etc/group <<'GR'
root:x:0:
nobody:x:65534:
tty:x:5:
staff:x:50:
nonroot:x:65532:
GR
cat >etc/nsswitch.conf <<'NS'
passwd:         compat
group:          compat
shadow:         compat
gshadow:        files

hosts:          files dns
networks:       files

protocols:      db files
services:       db files
ethers:         db files
rpc:            db files

netgroup:       nis
NS

mkdir -p etc/ssl/certs root home/nonroot tmp
sh /ca-bundle.sh /debs/ca-certificates >etc/ssl/certs/ca-certificates.crt
chmod 0700 root
chmod 0755 home
chown 65532:65532 home/nonroot
chmod 0700 home/nonroot
chmod 1777 tmp
# No shell and no package manager's state: nothing here runs.
rm -rf usr/share/doc/*/changelog* usr/share/man usr/share/lintian
