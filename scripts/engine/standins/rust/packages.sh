#!/bin/sh
# Toolchain stand-in, step 1: Debian's Rust (the packages select-rust.sh
# pinned), the build tools the official image has, the tools the later steps
# need (removed again by finish.sh), and the arm64 packages unpacked rather
# than installed, so no foreign architecture stays configured.
#
#   packages.sh "RUST_PACKAGES" "RUST_ARM64_STD"
set -eux

RUST_PACKAGES="$1"
RUST_ARM64_STD="$2"
HERE="$(cd "$(dirname "$0")" && pwd)"
. /etc/os-release

cp "$HERE/backports.sources" /etc/apt/sources.list.d/backports.sources
apt-get update
# Backported compilers depend on backported libraries (cargo on libcurl), so
# a backports pin prefers backports for the whole transaction.
case "$RUST_PACKAGES" in
  *~bpo*) from="-t $VERSION_CODENAME-backports" ;;
  *) from="" ;;
esac
apt_install() {
  # force-unsafe-io: dpkg skips fsync; rust-src alone is tens of thousands of files.
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
    -o Dpkg::Options::=--force-unsafe-io $from "$@"
}
apt_install $RUST_PACKAGES \
  gcc libc6-dev make git curl ca-certificates pkg-config binutils \
  $(cat "$HERE/build-only-packages")
# rust-lld is LLVM's lld of the version rustc was built with.
llvm="$(rustc -vV | sed -n 's/^LLVM version: \([0-9]*\).*/\1/p')"
apt_install "lld-$llvm"

dpkg --add-architecture arm64
apt-get update
mkdir -p /tmp/arm64-debs /tmp/arm64-root
cd /tmp/arm64-debs
apt-get download "$RUST_ARM64_STD" musl-dev:arm64 libunwind-19-dev:arm64
for deb in *.deb; do dpkg-deb -x "$deb" /tmp/arm64-root; done
dpkg --remove-architecture arm64
rm -rf /var/lib/apt/lists/* /tmp/arm64-debs
