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
  { id: 'musl-amd64-dev', description: '`DevImage` on linux/amd64 (native build, single stage)', status: 'verified', where: '`test/engine/default-paths.test.ts`' },
  { id: 'musl-arm64-gcc-scratch', description: 'musl, linux/arm64, `CrossCompilation.gcc()` (the default), `ScratchRuntime`, run under QEMU', status: 'verified', where: '`test/engine/default-paths.test.ts`' },
  { id: 'musl-arm64-gcc-distroless', description: 'musl, linux/arm64, gcc, `DistrolessRuntime`, under QEMU', status: 'verified', where: '`test/engine/default-paths.test.ts`' },
  { id: 'musl-arm64-gcc-alpine', description: 'musl, linux/arm64, gcc, `AlpineRuntime`, under QEMU', status: 'verified', where: '`test/engine/default-paths.test.ts`' },
  { id: 'musl-arm64-gcc-debian-slim', description: 'musl, linux/arm64, gcc, `DebianSlimRuntime`, under QEMU', status: 'verified', where: '`test/engine/default-paths.test.ts`' },
  { id: 'c-dependency-amd64', description: 'C code compiled by the `cc` crate for x86_64 musl and linked statically', status: 'verified', where: '`test/engine/default-paths.test.ts`' },
  { id: 'c-dependency-arm64', description: 'C code compiled by the `cc` crate for aarch64 musl (gcc cross) and linked statically, run under QEMU', status: 'verified', where: '`test/engine/default-paths.test.ts`' },
  { id: 'glibc-static-amd64', description: '`Linkage.GLIBC_STATIC`, linux/amd64, scratch with a custom user', status: 'verified', where: '`test/engine/static-binary.test.ts`' },
  { id: 'static-check', description: 'the build-time static-binary check fails a dynamic binary', status: 'verified', where: '`test/engine/static-binary.test.ts`' },
  { id: 'probe-amd64', description: 'the health check probe in the default scratch image on linux/amd64: at most 64 KiB, the image at most the binary + 0.35 MB; exit 0 on 200, 1 with one line on stderr on 500, a refused connection and a service that never answers (ended by its own deadline, inside the check\'s timeout, also under Docker\'s HEALTHCHECK)', status: 'verified', where: '`test/engine/healthcheck-probe.test.ts`' },
  { id: 'probe-arm64', description: 'the same for linux/arm64 (gcc cross, run under QEMU)', status: 'verified', where: '`test/engine/healthcheck-probe.test.ts`' },
  { id: 'stale-binary', description: '`DependencyCaching.skeleton()` (default) serves every source change (lib.rs, build.rs, main.rs) and recompiles only the workspace\'s crates', status: 'verified', where: '`test/engine/stale-binary.test.ts`' },
  { id: 'runtime-change-cached', description: 'a change to the runtime alone (ScratchRuntime with the health check probe, then AlpineRuntime without it) compiles nothing: the builders copy the sources from the `sources` stage, the context without `.cdk-rust-image/`', status: 'verified', where: '`test/engine/stale-binary.test.ts`' },
  { id: 'cdk-asset-arm64', description: 'the README example\'s shape: a CDK app (ARM64, scratch, HTTP health check), its asset built with the argv cdk-assets uses, run to healthy under QEMU', status: 'verified', where: '`test/engine/cdk-asset.test.ts`' },
  { id: 'multi-platform', description: '`multiPlatform: true`: built for linux/amd64 and linux/arm64, pushed to a registry, joined in a manifest list, pulled back per platform and run', status: 'verified', where: '`test/engine/multi-platform.test.ts`' },
  { id: 'patched-crate', description: 'a `[patch.crates-io]` path crate whose API a registry dependency needs: its real sources in the dependency layer', status: 'verified', where: '`test/engine/patched-crate.test.ts`' },
  { id: 'monorepo-parent-workspace', description: 'a monorepo shaped like axum\'s: `buildContextDirectory` at the root, a service workspace in `examples/` whose package uses by path a crate of the root workspace that inherits version, edition, rust-version, dependencies and `[lints]` from the root; library defaults, the CDK asset\'s staged context built and run to healthy', status: 'verified', where: '`test/engine/monorepo.test.ts`' },
  { id: 'workspace-two-services', description: '`RustWorkspaceImages` (what `RustWorkspaceServices` builds), library defaults: two services of one workspace from one Dockerfile with a target each; a change to one service changes only its image, the dependency layer comes from the cache', status: 'verified', where: '`test/engine/workspace-services.test.ts`' },
  { id: 'private-deps-ssh-secret', description: '`sshAgent` and `buildSecrets` through the CDK asset: a git dependency over SSH and a token-protected registry, fetched by one step; no byte of the key or the token in any layer, the history or the configuration', status: 'verified', where: '`test/engine/private-deps.test.ts`' },
  { id: 'inline-cache-cold-runner', description: '`RegistryCache.inline()`: builder stage and image pushed with inline cache metadata; a runner with an empty cache imports the dependency layer with `--cache-from <image>` (Docker 20.10); cdk-assets\' `type=registry,ref=` form imports nothing on Docker 20.10 (buildx only)', status: 'verified', where: '`test/engine/cold-runner-cache.test.ts`' },
  { id: 'podman-amd64-scratch', description: 'Podman 4.3 (`CDK_DOCKER=podman`): the default scratch image for linux/amd64, built with the argv cdk-assets runs from a CDK app\'s asset manifest (podman\'s OCI format, which drops the image\'s HEALTHCHECK), run read-only: the probe, `/health` and the task API answer, PID 1 is 65532, `podman stop` exits 0', status: 'verified', where: '`test/engine/podman.test.ts`' },
  { id: 'podman-arm64-scratch', description: 'Podman 4.3: the default for linux/arm64 (gcc cross on the build host) with `buildArgs: { BUILDPLATFORM: \'linux/amd64\' }` and `BUILDAH_FORMAT=docker`, run under QEMU to healthy (`podman healthcheck run`)', status: 'verified', where: '`test/engine/podman.test.ts`' },
  { id: 'podman-manifest-list', description: 'Podman 4.3: the two images joined with `podman manifest` into a Docker manifest list in a registry, pulled back per platform', status: 'verified', where: '`test/engine/podman.test.ts`' },
  { id: 'podman-build-mounts', description: 'Podman 4.3 / buildah 1.28: the cache mounts (`id`, `sharing=locked`; kept between builds), secret mount (`required=true`) and SSH mount the library renders, with the `--secret id=..,src=..` and `--ssh default=<key>` cdk-assets passes (probe Dockerfiles of the rendered lines)', status: 'verified', where: '`test/engine/podman.test.ts`' },
  { id: 'compose-stack', description: '`ComposeStack` (the local stack) for a PostgreSQL-backed service with migrations and metrics, brought up with docker-compose 1.29: built by compose from the library\'s Dockerfile, migrations once and before the service, data across a service restart, a database outage degraded and recovered without a restart, Prometheus scraping the service by its compose name, 65532 with a read-only root throughout, a failing migration failing `up` without creating the service; Compose v2 reads the same files', status: 'verified', where: '`test/engine/compose.test.ts`' },
  { id: 'podman-multi-platform', description: '`multiPlatform: true` with Podman 4.3', status: 'rendered', where: 'podman leaves `FROM builder-${TARGETARCH}` unexpanded (`test/engine/podman.test.ts` shows it on a probe); the synth warning `cdk-rust-image:podmanMultiPlatform` says so and what to do' },
  { id: 'finch', description: 'Finch (`CDK_DOCKER=finch`)', status: 'rendered', where: 'Finch runs nerdctl, containerd and BuildKit in a Lima VM, which cannot run here; what its documentation says is in the README\'s "Podman and Finch"' },
  { id: 'codebuild-buildspec', description: '`BuildLocation.codeBuild()` with `multiPlatform`: the synthesized projects\' buildspecs run verbatim on a stand-in CodeBuild machine (Debian with the Docker CLI and CodeBuild\'s environment; linux/arm64 under QEMU for the ARM fleet; only the ECR login replaced), pushing to a local registry standing in for ECR; the handler\'s manifest list put into it, pulled back per platform and run to healthy', status: 'verified', where: '`test/engine/codebuild-buildspec.test.ts`' },
  { id: 'codebuild-registry-cache', description: '`BuildLocation.codeBuild()`: a later build on an engine without this image\'s dependency layer imports it from the registry (the builder stage pushed with inline cache metadata) and compiles only the workspace\'s crates', status: 'verified', where: '`test/engine/codebuild-buildspec.test.ts`' },
  { id: 'codebuild-aws', description: 'CodeBuild itself (projects, fleets, IAM, the custom resource on AWS)', status: 'rendered', where: 'AWS is not reachable where CI runs: synth tests of the whole template, the buildspec simulation above, the handler unit-tested against the SDK\'s shapes with a client mock' },
  { id: 'clang-arm64', description: '`CrossCompilation.clang()` for arm64', status: 'rendered', where: 'not in the engine suite (its time budget); built by hand on the stand-ins, pure Rust and C, see scripts/engine/STANDINS.md' },
  { id: 'arm64-native-builder', description: '`CrossCompilation.none()` / `emulated()` and `DevImage` for arm64 (the toolchain runs on the target platform)', status: 'rendered', where: 'no arm64 toolchain image can be made here in CI\'s time (std would build under QEMU)' },
  { id: 'zigbuild', description: '`CrossCompilation.zigbuild()`', status: 'rendered', where: 'ziglang.org and GitHub are not reachable where CI runs' },
  { id: 'cargo-chef', description: '`DependencyCaching.cargoChef()`', status: 'rendered', where: 'GitHub and crates.io are not reachable where CI runs' },
  { id: 'alpine-toolchain', description: '`RustToolchain.alpine()` (the builder on `rust:<v>-alpine3.24`)', status: 'rendered', where: 'no Alpine Rust toolchain can be made from Debian packages' },
  { id: 'registry-cache-buildx', description: '`RegistryCache.registry()` (`--cache-to`, needs buildx)', status: 'rendered', where: 'Debian\'s Docker 20.10 has no buildx' },
  { id: 'public-registries', description: 'the real images on Docker Hub and gcr.io', status: 'rendered', where: 'stand-ins with the same names and layout are built locally; see test/engine/README.md' },
];
