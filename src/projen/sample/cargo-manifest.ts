import { ResolvedServiceOptions, ServiceAllocator, ServiceDatabaseKind } from '../rust-service-options';

/** The allocator crate the sample links on musl targets. @internal */
const ALLOCATOR_DEPENDENCY: { [allocator in ServiceAllocator]?: string } = {
  [ServiceAllocator.MIMALLOC]: 'mimalloc = "0.1"',
  [ServiceAllocator.JEMALLOC]: 'tikv-jemallocator = "0.6"',
};

/**
 * The sample `Cargo.toml`: an Actix-web 4 service without default features
 * (no brotli/zstd C code to cross-compile), the allocator for musl builds,
 * the guide's release profile, and with `--database postgres`
 * tokio-postgres over rustls.
 *
 * @internal
 */
export function cargoManifestSample(options: ResolvedServiceOptions): string {
  const allocator = ALLOCATOR_DEPENDENCY[options.allocator];
  return [
    '[package]',
    `name = "${options.name}"`,
    'version = "0.1.0"',
    'edition = "2021"',
    'publish = false',
    '',
    '[[bin]]',
    `name = "${options.binaryName}"`,
    'path = "src/main.rs"',
    '',
    '[dependencies]',
    'actix-web = { version = "4", default-features = false, features = ["macros"] }',
    'serde = { version = "1", features = ["derive"] }',
    ...(options.database === ServiceDatabaseKind.POSTGRES ? [
      '# PostgreSQL over rustls with ring (C and assembly that build for musl; no OpenSSL).',
      'rustls = { version = "0.23", default-features = false, features = ["ring", "std", "tls12", "logging"] }',
      'tokio = { version = "1", features = ["sync", "time"] }',
      'tokio-postgres = "0.7"',
      'tokio-postgres-rustls = "0.13"',
    ] : []),
    '',
    ...(allocator ? [
      '# musl\'s allocator is slow under concurrent load; static musl builds use this one.',
      '[target.\'cfg(target_env = "musl")\'.dependencies]',
      allocator,
      '',
    ] : []),
    '[dev-dependencies]',
    'serde_json = "1"',
    '',
    '# Small, fast release binaries (the Docker builds set the same values).',
    '[profile.release]',
    'opt-level = 3',
    'lto = true',
    'codegen-units = 1',
    'panic = "abort"',
    'strip = true',
    '',
  ].join('\n');
}
