/*
 * The paths a user can take, and whether the engine tests build and run
 * them. The README's "What the engine has built and run" table is generated
 * from this list; the engine run's global teardown fails when a path marked
 * verified here was not marked by a passing test (`markVerified(id)` in
 * engine-harness.ts), so the README cannot claim more than CI ran.
 */

export type PathStatus = 'verified' | 'rendered';

export interface UserPath {
  readonly id: string;
  readonly description: string;
  readonly status: PathStatus;
  /** The test file that verifies it, or why it is only rendered. */
  readonly where: string;
}

export const VERIFIED_PATHS: UserPath[] = [
  { id: 'musl-amd64-scratch', description: 'musl (default), linux/amd64, `ScratchRuntime`', status: 'verified', where: '`test/engine/default-paths.test.ts`' },
  { id: 'musl-amd64-distroless', description: 'musl, linux/amd64, `DistrolessRuntime`', status: 'verified', where: '`test/engine/default-paths.test.ts`' },
  { id: 'musl-amd64-alpine', description: 'musl, linux/amd64, `AlpineRuntime`', status: 'verified', where: '`test/engine/default-paths.test.ts`' },
  { id: 'musl-amd64-debian-slim', description: 'musl, linux/amd64, `DebianSlimRuntime`', status: 'verified', where: '`test/engine/default-paths.test.ts`' },
  { id: 'musl-amd64-dev', description: '`DevImage` (native build, single stage)', status: 'verified', where: '`test/engine/default-paths.test.ts`' },
  { id: 'musl-arm64-gcc-scratch', description: 'musl, linux/arm64, `CrossCompilation.gcc()` (default), `ScratchRuntime`, run under QEMU', status: 'verified', where: '`test/engine/default-paths.test.ts`' },
  { id: 'musl-arm64-gcc-distroless', description: 'musl, linux/arm64, gcc, `DistrolessRuntime`, under QEMU', status: 'verified', where: '`test/engine/default-paths.test.ts`' },
  { id: 'musl-arm64-gcc-alpine', description: 'musl, linux/arm64, gcc, `AlpineRuntime`, under QEMU', status: 'verified', where: '`test/engine/default-paths.test.ts`' },
  { id: 'musl-arm64-gcc-debian-slim', description: 'musl, linux/arm64, gcc, `DebianSlimRuntime`, under QEMU', status: 'verified', where: '`test/engine/default-paths.test.ts`' },
  { id: 'glibc-static-amd64', description: '`Linkage.GLIBC_STATIC`, linux/amd64', status: 'verified', where: '`test/engine/runtimes.test.ts`' },
  { id: 'static-check', description: 'the build-time static-binary check fails a dynamic binary', status: 'verified', where: '`test/engine/static-binary.test.ts`' },
  { id: 'stale-binary', description: '`DependencyCaching.skeleton()` and `none()` serve every source change (lib.rs, build.rs, main.rs)', status: 'verified', where: '`test/engine/stale-binary.test.ts`' },
  { id: 'cdk-asset-arm64', description: 'the README example\'s shape: a CDK app (ARM64, default runtime and options), its asset built with the argv cdk-assets uses, run to healthy under QEMU', status: 'verified', where: '`test/engine/cdk-asset.test.ts`' },
  { id: 'multi-platform', description: '`multiPlatform: true`: built for linux/amd64 and linux/arm64, pushed to a registry, joined in a manifest list, pulled back per platform and run', status: 'verified', where: '`test/engine/multi-platform.test.ts`' },
  { id: 'zigbuild', description: '`CrossCompilation.zigbuild()`', status: 'rendered', where: 'ziglang.org and GitHub are not reachable where CI runs' },
  { id: 'cargo-chef', description: '`DependencyCaching.cargoChef()`', status: 'rendered', where: 'GitHub and crates.io are not reachable where CI runs' },
  { id: 'alpine-toolchain', description: '`RustToolchain.alpine()` (the builder on `rust:<v>-alpine3.24`)', status: 'rendered', where: 'no Alpine Rust toolchain can be made from Debian packages' },
  { id: 'registry-cache-buildx', description: '`RegistryCache.registry()` (`--cache-to`, needs buildx)', status: 'rendered', where: 'Debian\'s Docker 20.10 has no buildx' },
  { id: 'public-registries', description: 'the real images on Docker Hub and gcr.io', status: 'rendered', where: 'stand-ins with the same names and layout are built locally; see test/engine/README.md' },
];
