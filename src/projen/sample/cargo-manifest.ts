import { ResolvedServiceOptions, ServiceAllocator } from '../rust-service-options';

/** The allocator crate the sample links on musl targets. @internal */
const ALLOCATOR_DEPENDENCY: { [allocator in ServiceAllocator]?: string } = {
  [ServiceAllocator.MIMALLOC]: 'mimalloc = "0.1"',
  [ServiceAllocator.JEMALLOC]: 'tikv-jemallocator = "0.6"',
};

/**
 * The sample `Cargo.toml`: an Actix-web 4 service without default features
 * (no brotli/zstd C code to cross-compile), the allocator for musl builds,
 * and the guide's release profile.
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
