#!/bin/sh
# Toolchain stand-in, step 3: the aarch64-unknown-linux-gnu standard library
# from Debian's arm64 package, rust-lld where rustc looks for it, the rustup
# stand-in and cargo's bin directory as in the official image; then the
# build-only packages go, and the image checks itself (smoke-test.sh).
set -eux

HERE="$(cd "$(dirname "$0")" && pwd)"
SYSROOT="$(rustc --print sysroot)"
HOST="$(rustc -vV | sed -n 's/^host: //p')"

gnu="$SYSROOT/lib/rustlib/aarch64-unknown-linux-gnu/lib"
mkdir -p "$gnu"
# Debian's rlibs carry metadata stubs; the full metadata is in the .rmeta beside each.
cp /tmp/arm64-root/usr/lib/rustlib/aarch64-unknown-linux-gnu/lib/*.rlib \
  /tmp/arm64-root/usr/lib/rustlib/aarch64-unknown-linux-gnu/lib/*.rmeta "$gnu/"

# rustup's toolchains carry rust-lld in the host's rustlib bin directory,
# which rustc puts on the linker's PATH (Debian's rust-llvm package does the same).
llvm="$(rustc -vV | sed -n 's/^LLVM version: \([0-9]*\).*/\1/p')"
mkdir -p "$SYSROOT/lib/rustlib/$HOST/bin"
ln -sf "/usr/bin/lld-$llvm" "$SYSROOT/lib/rustlib/$HOST/bin/rust-lld"

mkdir -p "$CARGO_HOME/bin" "$RUSTUP_HOME"
install -m 0755 "$HERE/rustup" "$CARGO_HOME/bin/rustup"
for tool in cargo rustc rustdoc; do ln -sf "/usr/bin/$tool" "$CARGO_HOME/bin/$tool"; done
chmod -R a+w "$RUSTUP_HOME" "$CARGO_HOME"

DEBIAN_FRONTEND=noninteractive apt-get purge -y --auto-remove $(cat "$HERE/build-only-packages")
rm -f /etc/apt/sources.list.d/backports.sources
rm -rf /var/lib/apt/lists/* /tmp/arm64-root

sh "$HERE/smoke-test.sh"
