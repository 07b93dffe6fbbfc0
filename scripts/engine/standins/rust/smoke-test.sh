#!/bin/sh
# The toolchain stand-in's own check, run at the end of its recipe: every
# target `rustup target add` accepts links a pure-Rust program, and the musl
# ones come out static with no program interpreter. C compilation for the
# targets is left to the Dockerfiles that install their C toolchains.
set -eu

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
mkdir src
printf '[package]\nname = "smoke"\nversion = "0.1.0"\nedition = "2021"\n' >Cargo.toml
echo 'fn main() { let t = std::thread::spawn(|| 6 * 7); println!("smoke {}", t.join().unwrap()); }' >src/main.rs
export CARGO_HOME="$WORK/cargo-home"

rustup target add x86_64-unknown-linux-musl aarch64-unknown-linux-musl aarch64-unknown-linux-gnu
if rustup target add riscv64gc-unknown-linux-gnu 2>/dev/null; then
  echo "the rustup stand-in accepted a target that is not installed" >&2
  exit 1
fi

cargo build -q --release --target x86_64-unknown-linux-musl
CARGO_TARGET_AARCH64_UNKNOWN_LINUX_MUSL_LINKER=rust-lld cargo build -q --release --target aarch64-unknown-linux-musl
for triple in x86_64-unknown-linux-musl aarch64-unknown-linux-musl; do
  bin="target/$triple/release/smoke"
  if readelf -lW "$bin" | grep -q 'INTERP' || readelf -dW "$bin" | grep -q '(NEEDED)'; then
    echo "$bin is not static" >&2
    readelf -lW -dW "$bin" >&2
    exit 1
  fi
done
[ "$(./target/x86_64-unknown-linux-musl/release/smoke)" = "smoke 42" ]
# The arm64 gnu target's rlibs load; linking it needs gcc-aarch64-linux-gnu, which this image does not carry.
echo 'pub fn f() -> usize { std::env::args().count() }' >src/lib.rs
cargo build -q --release --lib --target aarch64-unknown-linux-gnu
echo "smoke test passed: $(rustc --version)"
