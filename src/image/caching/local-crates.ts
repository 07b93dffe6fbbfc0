import { shellQuote } from '../../core/shell';
import { compareStrings } from '../../core/versions';
import { DockerfileStage } from '../../dockerfile/dockerfile';
import { CargoManifest, CargoTargetKind } from '../../model/cargo/cargo-manifest';
import { BUILD_DIR, buildPath, TARGET_DIR } from '../builder/layout';
import type { RustMuslImage } from '../rust-musl-image';

/**
 * cargo's metadata hash in artifact names: exactly 16 hex digits. Matching
 * exactly 16 characters (instead of `*`) never hits a registry crate whose
 * name merely starts with a local crate's name (`core` vs `core-foo`).
 */
const HASH = '?'.repeat(16);

/**
 * Deletes the fingerprints and artifacts of every local crate, in the host
 * directory (build scripts, proc macros) and the target's directory, plus
 * the uplifted binary. Cargo then has to compile every local crate from the
 * real sources: their mtimes (which `COPY` preserves, often older than the
 * stub build) no longer matter. Names are quoted; only the hash is a glob.
 */
export function cleanLocalCratesCommands(builder: RustMuslImage, triple: string): string[] {
  const dirs = [`${TARGET_DIR}/release`, `${TARGET_DIR}/${triple}/release`];
  const q = (name: string) => shellQuote(name, 'crate name');
  const perPackage = builder.manifest.packages.filter((pkg) => !pkg.patched).map((pkg) => {
    const crates = [...new Set(pkg.targets
      .filter((t) => t.kind !== CargoTargetKind.BUILD_SCRIPT)
      .map((t) => t.name.replace(/-/g, '_')))].sort(compareStrings);
    const globs = [
      `"$dir"/.fingerprint/${q(pkg.name)}-${HASH}`,
      `"$dir"/build/${q(pkg.name)}-${HASH}`,
      ...crates.flatMap((c) => [`"$dir"/deps/${q(c)}-${HASH}`, `"$dir"/deps/${q(c)}-${HASH}.*`, `"$dir"/deps/${q(`lib${c}`)}-${HASH}.*`]),
    ];
    return `for dir in ${dirs.join(' ')}; do rm -rf ${globs.join(' ')}; done`;
  });
  const artifacts = builder.binaries.map((b) => `${TARGET_DIR}/${triple}/release/${b.binaryName}`)
    .flatMap((artifact) => [shellQuote(artifact, 'binary path'), shellQuote(`${artifact}.d`, 'binary path')]);
  return [...perPackage, `rm -f ${artifacts.join(' ')}`];
}

/**
 * Copies what the dependency layer needs from the context as it is: the
 * files that change how cargo builds (`.cargo/config.toml`,
 * `rust-toolchain.toml`...), the directories of vendored sources they name,
 * and the crates that `[patch]` or `[replace]` put in place of registry crates.
 */
export function copyConfigFiles(stage: DockerfileStage, manifest: CargoManifest): void {
  for (const file of manifest.configFiles) {
    stage.copy([file], `${BUILD_DIR}/${file}`);
  }
  const dirs = [...manifest._vendoredDirectories(), ...manifest.packages.filter((p) => p.patched).map((p) => p.directory)];
  for (const dir of [...new Set(dirs)].sort(compareStrings)) {
    stage.copy([`${dir}/`], `${BUILD_DIR}/${dir}/`);
  }
}

/** Moves into the workspace root when the context is wider than the workspace (cargo runs there). */
export function enterWorkspace(stage: DockerfileStage, manifest: CargoManifest): DockerfileStage {
  return manifest.workspacePath === '.' ? stage : stage.workdir(buildPath(manifest.workspacePath));
}
