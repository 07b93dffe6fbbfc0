#!/bin/sh
# Assembles the Alpine stand-in's root file system in /rootfs (see
# alpine.Dockerfile for what it reproduces and how it differs). Runs on the
# build machine; TARGETARCH picks the architecture of busybox and musl.
#
#   assemble.sh TARGETARCH ALPINE_VERSION
set -eux

ARCH="$1"
VERSION="$2"
case "$ARCH" in
  amd64) MUSL_ARCH=x86_64 ;;
  arm64) MUSL_ARCH=aarch64 ;;
  *) echo "assemble.sh: no Alpine stand-in for $ARCH" >&2; exit 1 ;;
esac
case "$VERSION" in
  *.*.*) FULL="$VERSION" ;;
  *) FULL="$VERSION.0" ;;
esac

# busybox-static natively (for its applet list); the target's busybox and musl, and the CA certificates.
dpkg --add-architecture "$ARCH"
apt-get update
DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends busybox-static
mkdir -p /debs
cd /debs
apt-get download "busybox-static:$ARCH" "musl:$ARCH" ca-certificates
for deb in *.deb; do dpkg-deb -x "$deb" "/debs/${deb%%_*}"; done

mkdir -p /rootfs
cd /rootfs
mkdir -p bin sbin usr/bin usr/sbin usr/lib usr/local/bin lib etc/ssl/certs root home tmp \
  var/cache var/empty var/lib var/log var/opt var/spool var/tmp run proc sys dev mnt opt srv media
chmod 0700 root
chmod 1777 tmp var/tmp

# busybox and its applets, as Alpine links them: everything points at /bin/busybox.
install -m 0755 /debs/busybox-static/usr/bin/busybox bin/busybox
busybox --list-full | while read -r applet; do
  case "$applet" in
    bin/busybox) ;;
    bin/* | sbin/* | usr/bin/* | usr/sbin/*) [ -e "$applet" ] || ln -s /bin/busybox "$applet" ;;
  esac
done
[ -e sbin/nologin ] || ln -s /bin/busybox sbin/nologin

# musl's loader, named as on Alpine.
install -m 0755 "/debs/musl/usr/lib/$MUSL_ARCH-linux-musl/libc.so" "lib/ld-musl-$MUSL_ARCH.so.1"
ln -s "ld-musl-$MUSL_ARCH.so.1" "lib/libc.musl-$MUSL_ARCH.so.1"

sh /ca-bundle.sh /debs/ca-certificates >etc/ssl/certs/ca-certificates.crt
ln -s certs/ca-certificates.crt etc/ssl/cert.pem

echo "$FULL" >etc/alpine-release
cat >etc/os-release <<OS
NAME="Alpine Linux"
ID=alpine
VERSION_ID=$FULL
PRETTY_NAME="Alpine Linux v$VERSION"
HOME_URL="https://alpinelinux.org/"
BUG_REPORT_URL="https://gitlab.alpinelinux.org/alpine/aports/-/issues"
OS

# Base accounts: a subset of alpine-baselayout's, none at 65532.
cat >etc/passwd <<'PW'
root:x:0:0:root:/root:/bin/sh
bin:x:1:1:bin:/bin:/sbin/nologin
daemon:x:2:2:daemon:/sbin:/sbin/nologin
adm:x:3:4:adm:/var/adm:/sbin/nologin
lp:x:4:7:lp:/var/spool/lpd:/sbin/nologin
sync:x:5:0:sync:/sbin:/bin/sync
shutdown:x:6:0:shutdown:/sbin:/sbin/shutdown
halt:x:7:0:halt:/sbin:/sbin/halt
mail:x:8:12:mail:/var/mail:/sbin/nologin
operator:x:11:0:operator:/root:/sbin/nologin
guest:x:405:100:guest:/dev/null:/sbin/nologin
nobody:x:65534:65534:nobody:/:/sbin/nologin
PW
cat >etc/group <<'GR'
root:x:0:root
bin:x:1:root,bin,daemon
daemon:x:2:root,bin,daemon
sys:x:3:root,bin,adm
adm:x:4:root,adm,daemon
tty:x:5:
disk:x:6:root,adm
lp:x:7:lp
kmem:x:9:
wheel:x:10:root
mail:x:12:mail
users:x:100:
shadow:x:42:
nogroup:x:65533:
nobody:x:65534:
GR
sed 's/:.*/:*::0:::::/' etc/passwd >etc/shadow
chgrp 42 etc/shadow
chmod 0640 etc/shadow
printf '/bin/sh\n/bin/ash\n' >etc/shells
printf '127.0.0.1\tlocalhost localhost.localdomain\n::1\t\tlocalhost localhost.localdomain\n' >etc/hosts
