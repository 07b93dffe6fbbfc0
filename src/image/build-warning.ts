/**
 * Advice about a legal but risky build, with a fixed id: CDK reports it
 * through `Annotations.addWarningV2(id, message)` (acknowledge it by id),
 * projen through its logger.
 */
export interface BuildWarning {
  /** Fixed id, e.g. `cdk-rust-image:noCargoLock` (see the README's list). */
  readonly id: string;
  /** What is risky, and the fix. */
  readonly message: string;
}

/** The ids of the library's warnings. */
export const WARNING_IDS = {
  noCargoLock: 'cdk-rust-image:noCargoLock',
  opensslMusl: 'cdk-rust-image:opensslMusl',
  nativeTlsMusl: 'cdk-rust-image:nativeTlsMusl',
  emulatedBuild: 'cdk-rust-image:emulatedBuild',
  multiPlatformWithoutCross: 'cdk-rust-image:multiPlatformWithoutCross',
  unpinnedImage: 'cdk-rust-image:unpinnedImage',
  rootUser: 'cdk-rust-image:rootUser',
  healthCheckPort: 'cdk-rust-image:healthCheckPort',
  symlinkOutsideContext: 'cdk-rust-image:symlinkOutsideContext',
  missingRuntimePlatform: 'cdk-rust-image:missingRuntimePlatform',
  loadBalancerHealthCheck: 'cdk-rust-image:loadBalancerHealthCheck',
  execWithoutShell: 'cdk-rust-image:execWithoutShell',
  singleArchitectureBase: 'cdk-rust-image:singleArchitectureBase',
  podmanBuildPlatform: 'cdk-rust-image:podmanBuildPlatform',
  podmanMultiPlatform: 'cdk-rust-image:podmanMultiPlatform',
  podmanBuildCache: 'cdk-rust-image:podmanBuildCache',
  podmanOutputs: 'cdk-rust-image:podmanOutputs',
} as const;

/** When each warning appears (the README's table is generated from this). */
export const WARNING_DESCRIPTIONS: { readonly [id: string]: string } = {
  [WARNING_IDS.noCargoLock]: 'the workspace has no `Cargo.lock`: every build resolves versions anew',
  [WARNING_IDS.opensslMusl]: '`Cargo.lock` has `openssl-sys` and the target is musl',
  [WARNING_IDS.nativeTlsMusl]: '`Cargo.lock` has `native-tls` and the target is musl',
  [WARNING_IDS.emulatedBuild]: '`CrossCompilation.emulated()`: the build may run under QEMU',
  [WARNING_IDS.multiPlatformWithoutCross]: '`multiPlatform` with `CrossCompilation.none()`: a foreign platform\'s builder is emulated',
  [WARNING_IDS.unpinnedImage]: '`imageDigests` is given, and some image is still resolved by tag',
  [WARNING_IDS.rootUser]: 'the service runs as root',
  [WARNING_IDS.healthCheckPort]: 'the HTTP check probes another port than the service\'s',
  [WARNING_IDS.symlinkOutsideContext]: 'symbolic links that lead outside the build context were left out of it',
  [WARNING_IDS.missingRuntimePlatform]: 'an ARM64 image in a Fargate task definition without `runtimePlatform`',
  [WARNING_IDS.loadBalancerHealthCheck]: 'a load balancer in front of an image without an HTTP check (it probes `/`)',
  [WARNING_IDS.execWithoutShell]: '`enableExecuteCommand` on an image without a shell (scratch, distroless)',
  [WARNING_IDS.singleArchitectureBase]: 'a base image whose name limits it to another architecture than the image\'s (`amd64/alpine`, a `…-amd64` tag)',
  [WARNING_IDS.podmanBuildPlatform]: '`CDK_DOCKER` is podman and the builder runs on the build host (`$BUILDPLATFORM`, which podman 4.3 does not set) without a `BUILDPLATFORM` build argument',
  [WARNING_IDS.podmanMultiPlatform]: '`CDK_DOCKER` is podman and `multiPlatform` is true (podman 4.3 leaves `FROM builder-${TARGETARCH}` unexpanded)',
  [WARNING_IDS.podmanBuildCache]: '`CDK_DOCKER` is podman and `registryCache` or `cacheFrom`/`cacheTo` is set (podman 4.3 refuses the `type=...` form cdk-assets passes)',
  [WARNING_IDS.podmanOutputs]: '`CDK_DOCKER` is podman and `outputs` has a type other than `local` or `tar` (podman 4.3 ignores it)',
};
