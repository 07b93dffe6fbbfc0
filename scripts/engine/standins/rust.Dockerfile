# Stand-in for rust:1.99.0-trixie (docker.io/library/rust, the Rust project's
# official image: rustup + a stable toolchain on buildpack-deps:trixie), made
# offline from Debian's packages. It is meant to behave like the official
# image after
#   rustup target add x86_64-unknown-linux-musl aarch64-unknown-linux-musl aarch64-unknown-linux-gnu
# for what the library's Dockerfiles do with it. amd64 only.
#
# How it differs from the real image:
# - Rust is Debian's build (select-rust.sh picks the newest where rustc, cargo,
#   rust-src and the arm64 std share one source version; 1.97.1 from
#   trixie-backports when written), whatever version the tag names. rustc
#   lives in /usr/bin with sysroot /usr; /usr/local/cargo/bin has links to it.
# - rustup is a stand-in script (rust/rustup): `rustup target add` succeeds
#   for the installed targets (the host's, the three above) and fails with a
#   message for any other; `rustup target list`; nothing else, no downloads.
# - The musl standard libraries are built here from rust-src with
#   -Zbuild-std and the library's own "dist" profile (rust/build-musl-std.sh);
#   their self-contained/ objects are musl's (Debian 1.2.5), gcc's
#   crtbegin/crtend and Debian's LLVM 19 libunwind.a (.deplibs removed, plus
#   a two-function shim for glibc's fortified printf calls), where rustup
#   ships its own builds of the same components.
# - aarch64-unknown-linux-gnu's rlibs come from Debian's libstd-rust-dev:arm64.
# - rust-lld is Debian's lld of rustc's LLVM version, linked where rustup puts
#   rust-lld; there are no gcc-ld/ wrappers, so rustc links x86_64-gnu with the
#   system linker, not with rust-lld as the official 1.90+ toolchains do.
# - Base packages: the Debian stand-in plus gcc, libc6-dev, make, git, curl,
#   ca-certificates, pkg-config, binutils, and openssh-client (rust/scm-packages);
#   buildpack-deps' g++, -dev libraries (libssl-dev, zlib1g-dev, ...), wget,
#   procps etc. are absent. With
#   the backports Rust, curl and its libraries are the backported versions.
# - /usr/share/cargo/registry holds the Debian crate packages the test
#   fixtures list (test/engine/fixtures/*/debian-crates.txt; rust/crates.sh).
# - apt sources: the Debian stand-in's (trixie, trixie-updates,
#   trixie-security at deb.debian.org), as in the real image; the backports
#   suite is enabled only while this recipe installs.
#
# Only instructions the BuildKit frontend built into Docker 20.10 understands.
ARG BASE_IMAGE=debian:trixie-slim
FROM ${BASE_IMAGE}

ARG RUST_VERSION
ARG RUST_PACKAGES
ARG RUST_ARM64_STD
ENV RUSTUP_HOME=/usr/local/rustup \
    CARGO_HOME=/usr/local/cargo \
    PATH=/usr/local/cargo/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    RUST_VERSION=${RUST_VERSION}

WORKDIR /tmp/standin
COPY backports.sources rust/packages.sh rust/build-only-packages ./
RUN sh packages.sh "$RUST_PACKAGES" "$RUST_ARM64_STD" \
 && rustc --version | grep -q "^rustc $RUST_VERSION "

COPY rust/build-musl-std.sh rust/fortify-shim.c ./
RUN sh build-musl-std.sh /tmp/arm64-root x86_64-unknown-linux-musl aarch64-unknown-linux-musl

COPY rust/finish.sh rust/rustup rust/smoke-test.sh ./
RUN sh finish.sh

COPY crates.txt rust/scm-packages rust/crates.sh ./
RUN cat scm-packages crates.txt >packages.txt \
 && sh crates.sh packages.txt \
 && cd / && rm -rf /tmp/standin

WORKDIR /
ARG RECIPE=unknown
LABEL io.cdk-rust-image.engine.recipe=$RECIPE
