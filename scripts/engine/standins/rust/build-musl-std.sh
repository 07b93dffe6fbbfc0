#!/bin/sh
# Builds the musl standard libraries once, from Debian's rust-src, and puts
# them where `rustup target add` would: <sysroot>/lib/rustlib/<triple>/lib,
# with the self-contained/ directory rustup ships for musl targets (crt
# objects, libc.a, crtbegin/crtend, libunwind.a). With it, a plain
# `cargo build --target <triple>` links a static binary, as on the official
# image.
#
#   build-musl-std.sh ARM64_ROOT TRIPLE...
#
# ARM64_ROOT holds the unpacked arm64 packages (musl-dev, libunwind-19-dev).
# Needs: musl-tools (x86_64 crt objects, musl-gcc), libunwind-19-dev,
# gcc-aarch64-linux-gnu (arm64 crtbegin/crtend, objcopy).
set -eu

ARM64_ROOT="$1"
shift
HERE="$(cd "$(dirname "$0")" && pwd)"
SYSROOT="$(rustc --print sysroot)"
LIBRARY="$SYSROOT/lib/rustlib/src/rust/library"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

[ -d "$LIBRARY/vendor" ] || { echo "no vendored std dependencies in $LIBRARY/vendor" >&2; exit 1; }
grep -q '^\[profile\.dist\]' "$LIBRARY/Cargo.toml" || { echo "$LIBRARY/Cargo.toml has no [profile.dist]" >&2; exit 1; }

# A crate with no code whose build makes cargo compile the standard library.
# It takes the [profile.*] sections of the library's own workspace: the "dist"
# profile is what the Rust project builds its prebuilt standard libraries
# with (embedded bitcode so users' LTO works, panic_abort compiled with
# panic=abort, compiler_builtins in many codegen units).
mkdir -p "$WORK/.cargo"
cat >"$WORK/.cargo/config.toml" <<EOF
[source.crates-io]
replace-with = "vendored"

[source.vendored]
directory = "$LIBRARY/vendor"
EOF
{
  echo 'cargo-features = ["profile-rustflags"]'
  printf '[package]\nname = "std-builder"\nversion = "0.0.0"\nedition = "2021"\n\n[lib]\npath = "lib.rs"\n\n'
  awk '/^\[/ { keep = ($0 ~ /^\[profile\./) } keep' "$LIBRARY/Cargo.toml"
} >"$WORK/Cargo.toml"
echo '#![no_std]' >"$WORK/lib.rs"

targets=""
for triple in "$@"; do targets="$targets --target $triple"; done
# RUSTC_BOOTSTRAP: -Zbuild-std and the profile-rustflags feature are unstable.
# The "did not match any packages" warnings are cargo not counting the
# standard library's crates as workspace members; the overrides still apply.
(cd "$WORK" && RUSTC_BOOTSTRAP=1 CARGO_HOME="$WORK/cargo-home" \
  cargo build --offline --profile dist -Zbuild-std=std,panic_abort,panic_unwind $targets)

for triple in "$@"; do
  lib="$SYSROOT/lib/rustlib/$triple/lib"
  self="$lib/self-contained"
  mkdir -p "$self"
  cp "$WORK/target/$triple/dist/deps/"lib*.rlib "$lib/"
  rm -f "$lib"/libstd_builder-*.rlib

  case "$triple" in
    x86_64-unknown-linux-musl)
      crt_dir=/usr/lib/x86_64-linux-musl
      gcc=gcc
      unwind=/usr/lib/llvm-19/lib/libunwind.a
      objcopy=objcopy
      # musl-gcc: musl's headers, so the shim's FILE and va_list are musl's.
      shim_cc="musl-gcc"
      ;;
    aarch64-unknown-linux-musl)
      crt_dir="$ARM64_ROOT/usr/lib/aarch64-linux-musl"
      gcc=aarch64-linux-gnu-gcc
      unwind="$ARM64_ROOT/usr/lib/llvm-19/lib/libunwind.a"
      objcopy=aarch64-linux-gnu-objcopy
      shim_cc="aarch64-linux-gnu-gcc -nostdinc -isystem $ARM64_ROOT/usr/include/aarch64-linux-musl -isystem $(aarch64-linux-gnu-gcc -print-file-name=include)"
      ;;
    *)
      echo "build-musl-std.sh: no self-contained recipe for $triple" >&2
      exit 1
      ;;
  esac

  # What rustup's rust-std-<triple> ships in self-contained/: musl's start
  # files and libc.a, the C compiler's crtbegin/crtend, LLVM's libunwind.a.
  for f in crt1.o crti.o crtn.o rcrt1.o Scrt1.o libc.a; do cp "$crt_dir/$f" "$self/"; done
  for f in crtbegin.o crtbeginS.o crtend.o crtendS.o; do cp "$($gcc -print-file-name=$f)" "$self/"; done
  cp "$unwind" "$self/libunwind.a"
  # Debian's libunwind.a asks for -ldl and -lpthread through ELF .deplibs
  # sections; rust-lld honours them and musl's self-contained set has neither.
  $objcopy --remove-section=.deplibs "$self/libunwind.a"
  $shim_cc -O2 -fPIC -c "$HERE/fortify-shim.c" -o "$WORK/fortify-shim-$triple.o"
  ar rs "$self/libunwind.a" "$WORK/fortify-shim-$triple.o" 2>/dev/null
done
