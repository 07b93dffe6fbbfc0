#!/bin/sh
# Toolchain stand-in, step 4: the Debian packages the test fixtures list in
# their debian-crates.txt (crates under /usr/share/cargo/registry, and any
# system library they need), so the fixtures build with no registry.
#
#   crates.sh PACKAGE_LIST
set -eux

HERE="$(cd "$(dirname "$0")" && pwd)"
packages="$(sed 's/#.*//' "$1" | tr -s ' \t' '\n\n' | sed '/^$/d' | sort -u)"
[ -n "$packages" ] || exit 0
cp "$HERE/backports.sources" /etc/apt/sources.list.d/backports.sources
apt-get update
DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
  -o Dpkg::Options::=--force-unsafe-io $packages
rm -f /etc/apt/sources.list.d/backports.sources
rm -rf /var/lib/apt/lists/*
