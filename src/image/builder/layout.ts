/*
 * Where things are inside the build stages and the runtime image.
 */

/** The build context's copy in the builder stages. */
export const BUILD_DIR = '/build';
/** Cargo's target directory in the builder stages (CARGO_TARGET_DIR). */
export const TARGET_DIR = '/build/target';
/** Where the checked binaries are collected. */
export const OUT_DIR = '/out';
/** The CA bundle of Debian-based images. */
export const CA_CERTIFICATES = '/etc/ssl/certs/ca-certificates.crt';
/** Where the static-binary check script sits in the toolchain stage. */
export const ASSERT_STATIC = '/usr/local/bin/cdk-rust-image-assert-static';
/** Where the binary is installed in the runtime image. */
export const APP_DIR = '/app';
/** Where the health check probe is installed in the runtime image. */
export const PROBE_PATH = '/usr/local/bin/healthcheck';

/** Path of a release artifact for `triple`. */
export function artifactPath(triple: string, name: string): string {
  return `${TARGET_DIR}/${triple}/release/${name}`;
}

/** The directory of a path inside the build context, in the builder stages. */
export function buildPath(contextRelative: string): string {
  return contextRelative === '.' ? BUILD_DIR : `${BUILD_DIR}/${contextRelative}`;
}
