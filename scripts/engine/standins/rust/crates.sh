#!/bin/sh
# Toolchain stand-in, step 4: what the test fixtures list in their
# debian-crates.txt, so they build with no registry. Crate packages
# (librust-*) are unpacked, not installed: their sources land under
# /usr/share/cargo/registry, where the fixtures' .cargo/config.toml points,
# while the system packages Debian makes them depend on for optional features
# (clang and LLVM for bindgen, libssl-dev, ...) stay out, as in the official
# image. Any other package in the lists is installed normally. The unpacked
# packages are listed in /usr/local/share/cdk-rust-image-standin/crate-packages.
#
#   crates.sh PACKAGE_LIST
set -eux

HERE="$(cd "$(dirname "$0")" && pwd)"
packages="$(sed 's/#.*//' "$1" | tr -s ' \t' '\n\n' | sed '/^$/d' | sort -u)"
[ -n "$packages" ] || exit 0
crates="$(echo "$packages" | grep '^librust-' || true)"
system="$(echo "$packages" | grep -v '^librust-' || true)"
manifest=/usr/local/share/cdk-rust-image-standin/crate-packages

cp "$HERE/backports.sources" /etc/apt/sources.list.d/backports.sources
apt-get update
if [ -n "$system" ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends -o Dpkg::Options::=--force-unsafe-io $system
fi
if [ -n "$crates" ]; then
  debs="$(mktemp -d)"
  mkdir "$debs/partial"
  # The whole dependency closure, downloaded only; then the crate packages of it unpacked.
  apt-get install -y --no-install-recommends --download-only -o Dir::Cache::archives="$debs" $crates
  mkdir -p "$(dirname "$manifest")"
  for deb in "$debs"/librust-*.deb; do
    dpkg-deb -x "$deb" /
    dpkg-deb -f "$deb" Package >>"$manifest"
  done
  rm -rf "$debs"
  for crate in $crates; do grep -qx "$crate" "$manifest" || { echo "crates.sh: $crate was not unpacked" >&2; exit 1; }; done
fi
rm -f /etc/apt/sources.list.d/backports.sources
rm -rf /var/lib/apt/lists/*
