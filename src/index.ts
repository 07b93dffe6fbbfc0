// The public API, by layer (bottom first). Everything else is internal.

// model: values that describe the image and the crate
export * from './model/architecture';
export * from './model/rust-toolchain';
export * from './model/release-profile';
export * from './model/dependency-caching';
export * from './model/cross-compilation';
export * from './model/health-check';
export * from './model/runtime-user';
export * from './model/cargo/cargo-manifest';
export * from './model/build-location';
export * from './model/service/service-database';
export * from './model/service/migrations';
export * from './model/service/service-metrics';
export * from './model/service/service-stack-options';

// image: the builder, the runtimes and what composing them yields
export * from './image/builder/private-dependencies';
export * from './image/builder/rust-build-options';
export * from './image/rust-musl-image';
export type { BuildWarning } from './image/build-warning';
export type { SupportFile } from './image/context/support-files';
export { ImageBuild } from './image/image-build';
export type { ImageHealthCheck } from './image/image-build';
export type { BuildCacheOption, BuildInvocation, BuildInvocationOptions } from './image/invocation/build-invocation';
export { ImageRuntime } from './image/runtimes/runtime';
export type { RuntimeOptions } from './image/runtimes/runtime';
export * from './image/runtimes/scratch-runtime';
export * from './image/runtimes/distroless-runtime';
export * from './image/runtimes/alpine-runtime';
export * from './image/runtimes/debian-slim-runtime';
export * from './image/runtimes/dev-image';
export * from './image/runtimes/custom-runtime';
export * from './image/workspace/rust-workspace-images';

// local: the compose stack (no CDK, no projen)
export * from './local/local-stack-options';
export * from './local/compose-stack-props';
export * from './local/compose-stack';

// cdk: constructs
export * from './cdk/image-asset-options';
export * from './cdk/registry-cache';
export * from './cdk/rust-container-options';
export * from './cdk/rust-service-image-props';
export * from './cdk/rust-service-image-interface';
export * from './cdk/rust-service-image';
export * from './cdk/rust-workspace-services';
export * from './cdk/load-balancer-exposure';
export * from './cdk/rust-database-options';
export * from './cdk/rust-service-database';
export * from './cdk/rust-service-monitoring-options';
export * from './cdk/rust-fargate-service-props';
export * from './cdk/rust-fargate-service';

// projen: components and the project type
export * from './projen/dockerfile-variant';
export * from './projen/rust-dockerfiles';
export * from './projen/rust-compose-stack';
export * from './projen/rust-workspace-dockerfile';
export * from './projen/rust-service-options';
export * from './projen/rust-service-project';
