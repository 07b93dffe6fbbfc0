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
} as const;
