#!/bin/sh
# Picks Debian's newest Rust whose compiler, cargo, standard library sources
# and arm64 standard library come from one source version, so the musl std
# built from the sources and the arm64 rlibs match the compiler exactly.
# Two packagings compete: "plain" (rustc, cargo, rust-src, libstd-rust-dev; in
# trixie-backports) and "web" (rustc-web, cargo-web, rust-web-src,
# libstd-rust-web-dev; in trixie itself). Runs in the Debian stand-in with
# SOURCES (a deb822 file naming the suites to search); prints
#   RUST_VERSION=1.97.1
#   RUST_PACKAGES=rustc=<v> cargo=<v> rust-src=<v> libstd-rust-dev=<v>
#   RUST_ARM64_STD=libstd-rust-dev:arm64=<v>
set -eu

cp "$1" /etc/apt/sources.list.d/debian.sources
dpkg --add-architecture arm64
apt-get update -qq >/dev/null

# Versions of a package, newest first.
versions() {
  apt-cache madison "$1" 2>/dev/null | awk -F'|' '{ gsub(/ /, "", $2); print $2 }' | sort -u | sort -rV
}

# A binNMU (+bN) rebuilds one architecture's binaries from the same source.
source_version() {
  echo "$1" | sed 's/+b[0-9]*$//'
}

# The version of package $1 built from source version $2, if there is one.
built_from() {
  for w in $(versions "$1"); do
    [ "$(source_version "$w")" = "$2" ] && { echo "$w"; return 0; }
  done
  return 1
}

# One candidate line per packaging: "<upstream> <rustc>=<v> <cargo>=<v> <src>=<v> <std>=<v> <std>:arm64=<v>".
candidates() {
  for names in "rustc cargo rust-src libstd-rust-dev" "rustc-web cargo-web rust-web-src libstd-rust-web-dev"; do
    set -- $names
    for v in $(versions "$1"); do
      sv="$(source_version "$v")"
      pins="$1=$v"
      ok=1
      for pkg in "$2" "$3" "$4" "$4:arm64"; do
        w="$(built_from "$pkg" "$sv")" || { ok=0; break; }
        pins="$pins $pkg=$w"
      done
      [ "$ok" = 1 ] || continue
      echo "$(echo "$sv" | sed 's/+dfsg.*//; s/-.*//') $pins"
      break
    done
  done
}

best="$(candidates | sort -V | tail -n 1)"
[ -n "$best" ] || { echo "no Debian Rust whose rustc, cargo, sources and arm64 std share a source version" >&2; exit 1; }
set -- $best
echo "RUST_VERSION=$1"
echo "RUST_PACKAGES=$2 $3 $4 $5"
echo "RUST_ARM64_STD=$6"
