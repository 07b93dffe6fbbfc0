#!/bin/sh
# cdk-rust-image: fail the image build when a binary is not static.
# A dynamically linked binary dies in scratch/distroless images with the
# baffling "exec /app/...: no such file or directory"; this turns that into a
# build-time error with the fix.
set -eu
if ! command -v readelf >/dev/null 2>&1; then
  echo "cdk-rust-image: readelf (binutils) is missing from the builder image, so the static-binary check cannot run. Install binutils in the toolchain image." >&2
  exit 1
fi
for binary in "$@"; do
  headers=$(readelf --program-headers --dynamic "$binary") || {
    echo "cdk-rust-image: $binary is not an ELF executable." >&2
    exit 1
  }
  if printf '%s\n' "$headers" | grep -Eq 'Requesting program interpreter|[(]NEEDED[)]'; then
    echo "cdk-rust-image: $binary is dynamically linked:" >&2
    printf '%s\n' "$headers" | grep -E 'Requesting program interpreter|[(]NEEDED[)]' >&2
    echo "It would fail in a scratch or distroless image with \"no such file or directory\"." >&2
    echo "Fix: link it statically (Linkage.MUSL, or Linkage.GLIBC_STATIC which adds -C target-feature=+crt-static), and replace crates that force dynamic linking (openssl without its \"vendored\" feature, native-tls) with rustls." >&2
    exit 1
  fi
  echo "cdk-rust-image: $binary is static."
done
