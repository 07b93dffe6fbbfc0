#!/usr/bin/env bash
# Compiles (cargo check) the sample crate that
#   projen new --from cdk-rust-image rust-service [--database postgres]
# writes, offline, against the crates Debian 13 "trixie" packages: crates.io
# is not reachable where this project is built, Debian's archive is.
#
#   DOCKER_HOST=unix:///run/cdk-rust-image-engine/docker.sock scripts/check-sample.sh [--musl] [--test] [--keep]
#
# Renders the variants with scripts/sample/render-sample-crate.ts (the
# renderers RustServiceProject calls), then in one container of the
# toolchain stand-in (rust:1.99.0-trixie, limited to $CHECK_SAMPLE_CPUS CPUs,
# 0.5 by default, so a CI run beside it keeps its timing):
# - installs the sample's Debian crate packages the stand-in lacks
#   (actix-web, mimalloc, tikv-jemallocator) with apt-get: in this throwaway
#   container only, the shared image and its recipe are not changed;
# - points cargo at /usr/share/cargo/registry (a source replacement in the
#   variant's .cargo/config.toml, as test/engine/fixtures/task-service does);
# - tokio-postgres-rustls is not packaged by Debian: the postgres variant
#   builds against an API stand-in (scripts/sample/tokio-postgres-rustls-stand-in,
#   `MakeRustlsConnect::new(ClientConfig)`, Clone, MakeTlsConnect), patched in;
# - per variant: `cargo generate-lockfile --offline`, then
#   `cargo check --offline --all-targets` (lib, bin, unit tests) with
#   warnings as errors, and prints the versions Cargo.lock resolved.
# --musl also checks the postgres variant for x86_64-unknown-linux-musl
# (with Debian's musl-tools; lib and bin, no tests), where the
# #[global_allocator] (mimalloc) is compiled. --test also runs `cargo test`
# for the default and postgres variants (their unit tests need no database).
# --keep leaves the
# temporary directory (its target/ makes a second run fast).
# Takes 10-16 min cold at 0.5 CPU (938 s with --musl on a loaded machine;
# the musl check alone ~5 min); --test adds ~8 min. Stop it with `docker rm -f check-sample-<pid>`.
set -euo pipefail

REPO="$(cd "$(dirname "$0")/.." && pwd)"
DOCKER="${DOCKER:-/usr/bin/docker}"
IMAGE="${CHECK_SAMPLE_IMAGE:-rust:1.99.0-trixie}"
CPUS="${CHECK_SAMPLE_CPUS:-0.5}"
MUSL=0
TEST=0
KEEP=0
for arg in "$@"; do
  case "$arg" in
    --musl) MUSL=1 ;;
    --test) TEST=1 ;;
    --keep) KEEP=1 ;;
    *) echo "usage: $0 [--musl] [--test] [--keep]" >&2; exit 2 ;;
  esac
done

START=$(date +%s)
WORK="$(mktemp -d "${TMPDIR:-/tmp}/check-sample.XXXXXX")"
cleanup() {
  if [ "$KEEP" = 1 ]; then
    echo "kept $WORK"
  else
    # target/ is written by root inside the container.
    "$DOCKER" run --rm --cpus="$CPUS" -v "$WORK":/src "$IMAGE" rm -rf /src/target >/dev/null 2>&1 || true
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT

# name, then render-sample-crate.ts flags. Each variant's package has its own
# name: with one shared target directory, crates of one name and version
# share cargo's fingerprints, and a later variant would pass as fresh
# without being checked.
VARIANTS=(
  "default"
  "postgres --database postgres"
  "jemalloc --allocator jemalloc"
  "system --allocator system"
)
for variant in "${VARIANTS[@]}"; do
  read -r name flags <<<"$variant"
  # shellcheck disable=SC2086 # flags are words
  (cd "$REPO" && npx ts-node scripts/sample/render-sample-crate.ts "$WORK/$name" --name "sample-$name" $flags)
  mkdir -p "$WORK/$name/.cargo"
  cat >"$WORK/$name/.cargo/config.toml" <<'EOF'
# Offline, against the crates Debian packages (librust-*-dev).
[source.crates-io]
replace-with = "debian"

[source.debian]
directory = "/usr/share/cargo/registry"

[net]
offline = true
EOF
done
cat >>"$WORK/postgres/.cargo/config.toml" <<'EOF'

# Debian does not package tokio-postgres-rustls: an API stand-in.
[patch.crates-io]
tokio-postgres-rustls = { path = "/src/stand-ins/tokio-postgres-rustls" }
EOF
mkdir -p "$WORK/stand-ins"
cp -r "$REPO/scripts/sample/tokio-postgres-rustls-stand-in" "$WORK/stand-ins/tokio-postgres-rustls"
echo "--- rendered ${#VARIANTS[@]} variants in $WORK ($(( $(date +%s) - START ))s)"

cat >"$WORK/check.sh" <<'EOF'
set -eu
export DEBIAN_FRONTEND=noninteractive CARGO_TARGET_DIR=/src/target RUSTFLAGS="-D warnings"
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends \
  librust-actix-web-dev librust-mimalloc-dev librust-tikv-jemallocator-dev >/dev/null
# ring's C for musl: x86_64-linux-musl-gcc, as the library's musl builds install it.
if [ "$MUSL" = 1 ]; then apt-get install -y -qq --no-install-recommends musl-tools >/dev/null; fi
echo "--- $(rustc --version), $(cargo --version)"
check() {
  dir="$1"; shift
  [ $# -gt 0 ] || set -- --all-targets
  echo "--- cargo check $dir $*"
  cd "/src/$dir"
  cargo generate-lockfile --offline
  # sh has no pipefail: keep cargo's status, print its output without the progress lines.
  status=0
  cargo check --offline "$@" >/src/cargo.log 2>&1 || status=$?
  # The sample's own line stays: it shows the crate was checked, not found fresh.
  awk '!(($1 == "Checking" || $1 == "Compiling") && $2 !~ /^sample-/)' /src/cargo.log
  [ "$status" = 0 ] || { echo "--- $dir: cargo check failed ($status)"; exit 1; }
  echo "--- $dir: resolved"
  for crate in actix-web actix-rt tokio tokio-postgres rustls ring serde serde_json mimalloc tikv-jemallocator tokio-postgres-rustls; do
    awk -v c="$crate" '$0 == "name = \"" c "\"" { getline; gsub(/"/, ""); print "    " c " " $3 }' Cargo.lock
  done
}
for dir in default postgres jemalloc system; do check "$dir"; done
# Not the tests: the stand-in's musl std is built without the test crate.
if [ "$MUSL" = 1 ]; then check postgres --lib --bins --target x86_64-unknown-linux-musl; fi
if [ "$TEST" = 1 ]; then
  for dir in default postgres; do
    echo "--- cargo test $dir"
    cd "/src/$dir"
    cargo test --offline >/src/cargo.log 2>&1 || { cat /src/cargo.log; exit 1; }
    grep -E '^(test |test result|     Running)' /src/cargo.log
  done
fi
EOF

"$DOCKER" run --rm --name "check-sample-$$" --cpus="$CPUS" --network host -e MUSL="$MUSL" -e TEST="$TEST" -v "$WORK":/src -w /src "$IMAGE" sh /src/check.sh
echo "--- the sample compiles ($(( $(date +%s) - START ))s)"
