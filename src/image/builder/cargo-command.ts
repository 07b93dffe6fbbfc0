import { artifactPath, ASSERT_STATIC, OUT_DIR } from './layout';
import { shellCommand, shellQuote } from '../../core/shell';
import type { RustMuslImage } from '../rust-musl-image';

/**
 * The arguments of `cargo build` (`cargo zigbuild` when cross-compiling with
 * zig) for the service binary (unquoted), for `triple` or, with `withTarget`
 * false, the native target. Every strategy builds its dependency layer with
 * these same arguments.
 */
export function cargoBuildArgs(builder: RustMuslImage, withTarget: boolean = true, triple: string = builder.targetTriple): string[] {
  const binaries = builder.binaries;
  const packages = [...new Set(binaries.map((b) => b.packageName))];
  return [
    withTarget ? builder.crossCompilation.cargoSubcommand : 'build', '--release',
    ...(builder.locked ? ['--locked'] : []),
    ...(withTarget ? ['--target', triple] : []),
    ...(builder.manifest.isWorkspace ? packages.flatMap((p) => ['--package', p]) : []),
    ...binaries.flatMap((b) => ['--bin', b.binaryName]),
    ...(builder.noDefaultFeatures ? ['--no-default-features'] : []),
    ...(builder.features.length > 0 ? ['--features', builder.features.join(',')] : []),
    ...builder.cargoArgs,
  ];
}

/** `cargo <args>` as one shell command, every argument one quoted word. */
export function cargoCommand(args: string[]): string {
  return `cargo ${shellCommand(args, 'cargo argument')}`;
}

/**
 * Fails the build when `binary` has a program interpreter or needs shared
 * libraries: in scratch/distroless such a binary dies with the baffling
 * "no such file or directory".
 */
export function staticCheckCommands(binary: string): string[] {
  return [`sh ${ASSERT_STATIC} ${shellQuote(binary, 'binary path')}`];
}

/** Copies every binary of the build to /out and checks that each is static. */
export function collectBinariesCommands(builder: RustMuslImage, triple: string): string[] {
  return builder.binaries.flatMap((b, i) => collectBinaryCommands(b.binaryName, triple).slice(i === 0 ? 0 : 1));
}

/** Copies a release artifact to /out and checks it is static. */
export function collectBinaryCommands(name: string, triple: string): string[] {
  const out = `${OUT_DIR}/${name}`;
  return [
    `mkdir -p ${OUT_DIR}`,
    `cp ${shellQuote(artifactPath(triple, name), 'binary path')} ${shellQuote(out, 'binary path')}`,
    ...staticCheckCommands(out),
  ];
}

/**
 * The step that fetches dependencies when secrets or an SSH agent are
 * needed: each secret read into its variable for this one command, git
 * through its own SSH client (`CARGO_NET_GIT_FETCH_WITH_CLI`), and `cargo
 * fetch` for the target. The build steps after it see neither.
 */
export function privateFetchCommands(builder: RustMuslImage, triple: string): string[] {
  const assignments = builder.buildSecrets
    .filter((s) => s.environmentVariable !== undefined)
    .flatMap((s) => [`${s.environmentVariable}="$(cat ${shellQuote(`/run/secrets/${s.id}`, 'secret path')})"`, `export ${s.environmentVariable}`]);
  const gitCli = builder.sshAgent ? 'CARGO_NET_GIT_FETCH_WITH_CLI=true ' : '';
  return [...assignments, `${gitCli}${cargoCommand(['fetch', ...(builder.locked ? ['--locked'] : []), '--target', triple])}`];
}
