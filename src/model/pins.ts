/*
 * Every default version, image reference and checksum the library renders,
 * in one place, with the day it was checked and where. README: "Defaults".
 * A test fails when a default loses its pin or its checksum.
 *
 * Checked on 2026-12-01 (no live registry is reachable from where this
 * library is built; the sources below are public release notes, the
 * official images' own build definitions and public Dockerfiles that pin the
 * same values; digests move with every rebuild of a tag, so none is pinned
 * by default: see `imageDigests`).
 */

/** The day the pins below were last checked. */
export const PINS_CHECKED = '2026-12-01';

/**
 * Rust 1.99.0, released 2026-10-01 (rust-lang/rust RELEASES.md; the official
 * `rust` images publish `1.99.0-trixie` and `1.99.0-alpine3.24`). 1.100.0 was
 * due 2026-11-12 but could not be confirmed from here.
 */
export const RUST_VERSION = '1.99.0';

/** When RUST_VERSION was released. */
export const RUST_RELEASED = '2026-10-01';

/** Debian 13 "trixie" (13.8, 2026-11-21): the official images' default Debian. */
export const DEBIAN_SUITE = 'trixie';

/** The newest Debian 13 point release when the pins were checked. */
export const DEBIAN_POINT_RELEASE = '13.8, 2026-11-21';

/** Alpine 3.24 (3.24.2, 2026-09-17; the newest the official `rust` image is built on). */
export const ALPINE_VERSION = '3.24';

/** The newest Alpine 3.24 release when the pins were checked. */
export const ALPINE_POINT_RELEASE = '3.24.2, 2026-09-17';

/** The Debian slim runtime base. */
export const DEBIAN_SLIM_IMAGE = `debian:${DEBIAN_SUITE}-slim`;

/** The Alpine runtime base. */
export const ALPINE_IMAGE = `alpine:${ALPINE_VERSION}`;

/**
 * Distroless static on Debian 13, `nonroot` tag (USER 65532, WORKDIR
 * /home/nonroot; GoogleContainerTools/distroless README and static/BUILD).
 */
export const DISTROLESS_STATIC_IMAGE = 'gcr.io/distroless/static-debian13:nonroot';

/**
 * PostgreSQL 17, the major Debian 13 packages (trixie-security serves 17.12,
 * the newest minor when the pins were checked). The tag names the major only:
 * a minor release never changes the data directory's format, so a named
 * volume stays usable while security fixes come in. The official images of
 * 17 and older keep PGDATA at /var/lib/postgresql/data; from 18 on they
 * keep it under /var/lib/postgresql/<major>/docker and declare the volume at
 * /var/lib/postgresql, so moving this pin to 18 moves the volume's target.
 */
export const POSTGRES_MAJOR = '17';

/** The newest PostgreSQL 17 minor release when the pins were checked. */
export const POSTGRES_POINT_RELEASE = '17.12';

/** The local stack's database (docker.io/library/postgres, on Debian 13). */
export const POSTGRES_IMAGE = postgresImage(POSTGRES_MAJOR);

/** The official PostgreSQL image of a major version, on the Debian the pins name. */
export function postgresImage(major: string): string {
  return `postgres:${major}-${DEBIAN_SUITE}`;
}

/**
 * Where the official images of PostgreSQL 17 and older keep PGDATA (and
 * declare their volume): the local stack's named volume is mounted there.
 */
export const POSTGRES_DATA_DIRECTORY = '/var/lib/postgresql/data';

/**
 * Prometheus 3.14.0 (2026-08-17; prometheus/prometheus CHANGELOG.md), the
 * newest release that could be confirmed from here: 3.15 and 3.16 were
 * scheduled (first release candidates 2026-09-09 and 2026-10-21, RELEASE.md)
 * but not confirmed. Debian 13 packages only 2.53.3 (2024-11-04; the 2.53
 * series' last release was 2.53.5, 2025-06-30, and 3.5 is the current
 * long-term release), so the pin follows upstream; the engine's stand-in is
 * Debian's 2.53.3 under this name (scripts/engine/STANDINS.md says what
 * that cannot prove).
 */
export const PROMETHEUS_VERSION = '3.14.0';

/** The local stack's metrics collector (docker.io/prom/prometheus, busybox-based). */
export const PROMETHEUS_IMAGE = `prom/prometheus:v${PROMETHEUS_VERSION}`;

/**
 * AWS Distro for OpenTelemetry Collector v0.49.0 (tag v0.49.0, 2026-07-15;
 * aws-observability/aws-otel-collector), the newest release that could be
 * confirmed from here; each release is supported until the next minor one,
 * so move this pin when a newer one is out. The image is built from scratch
 * with the collector at /awscollector, a health check client at
 * /healthcheck (it asks 127.0.0.1:13133) and the user aoc (uid 4317); it
 * reads its configuration from AOT_CONFIG_CONTENT when that is set. No
 * digest is pinned, like every other default: pass a digest-pinned image
 * (`RustFargateService`'s `metricsCollectorImage`) to pin one.
 */
export const ADOT_COLLECTOR_VERSION = '0.49.0';

/** The day v0.49.0 was released (its release branch merged into main). */
export const ADOT_COLLECTOR_RELEASED = '2026-07-15';

/** The day the ADOT pin was checked (later than the other pins). */
export const ADOT_COLLECTOR_CHECKED = '2026-12-06';

/** The metrics collector sidecar on AWS (Amazon ECR Public). */
export const ADOT_COLLECTOR_IMAGE = `public.ecr.aws/aws-observability/aws-otel-collector:v${ADOT_COLLECTOR_VERSION}`;

/** The official Debian toolchain image of a Rust version. */
export function rustDebianImage(version: string): string {
  return `rust:${version}-${DEBIAN_SUITE}`;
}

/** The official Alpine toolchain image of a Rust version. */
export function rustAlpineImage(version: string): string {
  return `rust:${version}-alpine${ALPINE_VERSION}`;
}

/** A download for one build host architecture (`uname -m`), with its SHA-256. */
export interface PinnedDownload {
  /** Where to download it from. */
  readonly url: string;
  /** Hex SHA-256 of the file. */
  readonly sha256: string;
}

/**
 * zig 0.16.0 (2026-04-13), the version cargo-zigbuild's own image uses;
 * 0.17.0 (2026-10-01) is newer, but no cargo-zigbuild release says it
 * supports it. Checksums from ziglang.org's download index, as pinned by
 * several public build files that agree.
 */
export const ZIG_VERSION = '0.16.0';

/** SHA-256 of the official zig tarballs, by version and build host architecture (`uname -m`). */
export const ZIG_SHA256: { readonly [version: string]: { readonly [hostArch: string]: string } } = {
  '0.16.0': {
    x86_64: '70e49664a74374b48b51e6f3fdfbf437f6395d42509050588bd49abe52ba3d00',
    aarch64: 'ea4b09bfb22ec6f6c6ceac57ab63efb6b46e17ab08d21f69f3a48b38e1534f17',
  },
  '0.15.2': {
    x86_64: '02aa270f183da276e5b5920b1dac44a63f1a49e55050ebde3aecc9eb82f93239',
    aarch64: '958ed7d1e00d0ea76590d27666efbf7a932281b3d7ba0c6b01b0ff26498f667f',
  },
  '0.15.1': {
    x86_64: 'c61c5da6edeea14ca51ecd5e4520c6f4189ef5250383db33d01848293bfafe05',
    aarch64: 'bb4a8d2ad735e7fba764c497ddf4243cb129fece4148da3222a7046d3f1f19fe',
  },
};

/**
 * cargo-zigbuild 0.23.4. Its releases publish prebuilt archives with
 * checksums; the x86_64 (musl) one is pinned below. No checksum of the
 * aarch64 archive could be established, so on an aarch64 build host it is
 * compiled with `cargo install --locked` (crates.io's checksums, from the
 * release's own Cargo.lock).
 */
export const CARGO_ZIGBUILD_VERSION = '0.23.4';

/** Prebuilt cargo-zigbuild archives by version and build host architecture. */
export const CARGO_ZIGBUILD_PREBUILT: { readonly [version: string]: { readonly [hostArch: string]: PinnedDownload } } = {
  '0.23.4': {
    x86_64: {
      url: 'https://github.com/rust-cross/cargo-zigbuild/releases/download/v0.23.4/cargo-zigbuild-x86_64-unknown-linux-musl.tar.xz',
      sha256: '9e3cf73485edbd45905c8aadbc0fdf869c7ddc3848f0c898229f2680db52e44b',
    },
  },
};

/**
 * cargo-chef 0.1.78. The x86_64 musl release archive's checksum is pinned
 * (two public sources agree); on other build hosts it is compiled with
 * `cargo install --locked`.
 */
export const CARGO_CHEF_VERSION = '0.1.78';

/** Prebuilt cargo-chef archives by version and build host architecture. */
export const CARGO_CHEF_PREBUILT: { readonly [version: string]: { readonly [hostArch: string]: PinnedDownload } } = {
  '0.1.78': {
    x86_64: {
      url: 'https://github.com/LukeMathWalker/cargo-chef/releases/download/v0.1.78/cargo-chef-x86_64-unknown-linux-musl.tar.xz',
      sha256: 'aca691abfbfbbe00d482e0ed2249eec3091b65e96a0ce92947fb5b254d48b16d',
    },
  },
};
