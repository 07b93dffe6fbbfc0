import * as path from 'path';
import { DockerfileStage } from '../../dockerfile/dockerfile';
import { CargoManifest, CargoTargetKind } from '../../model/cargo-manifest';
import { compareStrings, isDirectory, readToml, str, table } from '../../model/cargo-toml';
import { TARGET_DIR } from '../builder-stages';
import { RustMuslImage } from '../rust-musl-image';

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
 * stub build) no longer matter.
 */
export function cleanLocalCratesCommands(builder: RustMuslImage, triple: string): string[] {
  const dirs = [`${TARGET_DIR}/release`, `${TARGET_DIR}/${triple}/release`];
  const binary = builder.binary.binaryName;
  const perPackage = builder.manifest.packages.map((pkg) => {
    const crates = [...new Set(pkg.targets
      .filter((t) => t.kind !== CargoTargetKind.BUILD_SCRIPT)
      .map((t) => t.name.replace(/-/g, '_')))].sort(compareStrings);
    const globs = [
      `"$dir"/.fingerprint/${pkg.name}-${HASH}`,
      `"$dir"/build/${pkg.name}-${HASH}`,
      ...crates.flatMap((c) => [`"$dir"/deps/${c}-${HASH}`, `"$dir"/deps/${c}-${HASH}.*`, `"$dir"/deps/lib${c}-${HASH}.*`]),
    ];
    return `for dir in ${dirs.join(' ')}; do rm -rf ${globs.join(' ')}; done`;
  });
  return [...perPackage, `rm -f ${TARGET_DIR}/${triple}/release/${binary} ${TARGET_DIR}/${triple}/release/${binary}.d`];
}

/**
 * Copies the files at the workspace root that change how cargo builds
 * (`.cargo/config.toml`, `rust-toolchain.toml`...) from the context as they
 * are, and the directories of vendored sources they name.
 */
export function copyConfigFiles(stage: DockerfileStage, manifest: CargoManifest): void {
  for (const file of manifest.configFiles) {
    stage.copy([file], file);
  }
  for (const dir of vendoredDirectories(manifest)) {
    stage.copy([`${dir}/`], `${dir}/`);
  }
}

/** Relative `directory = "..."` source replacements of `.cargo/config(.toml)` inside the context. */
export function vendoredDirectories(manifest: CargoManifest): string[] {
  const found = new Set<string>();
  for (const file of manifest.configFiles.filter((f) => f.startsWith('.cargo/'))) {
    const sources = table(readToml(path.join(manifest.rootDirectory, ...file.split('/'))).source) ?? {};
    for (const source of Object.values(sources)) {
      const dir = str(table(source)?.directory);
      if (dir === undefined || path.isAbsolute(dir)) continue;
      // Relative paths in .cargo/config are relative to the directory holding `.cargo`.
      const abs = path.resolve(manifest.rootDirectory, dir);
      const rel = path.relative(manifest.rootDirectory, abs).split(path.sep).join('/');
      if (rel !== '' && !rel.startsWith('..') && isDirectory(abs)) found.add(rel);
    }
  }
  return [...found].sort(compareStrings);
}
