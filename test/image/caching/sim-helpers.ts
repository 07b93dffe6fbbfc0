import * as fs from 'fs';
import * as path from 'path';
import { Architecture, DependencyCaching, ImageBuild, Linkage, LtoMode, OptLevel, ReleaseProfile, RustMuslImage, RustMuslImageProps, ScratchRuntime } from '../../../src';
import { PLACEHOLDER_VERSION } from '../../../src/model/cargo/skeleton';
import { copyTree, listFiles } from '../../util';

export const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'cargo');

/** Older than any layer the simulation builds: what `COPY` gives sources edited before the cached layer was built. */
export const OLD_MTIME = new Date('2001-01-01T00:00:00Z');

/**
 * A temporary copy of a fixture, every file with an old mtime. With
 * `placeholderVersions`, the local packages get the skeleton's version
 * (0.0.0, also what cargo assumes when a package has none): then the stub
 * and the real crate have the same package id and artifact hashes, and only
 * the deletion of their fingerprints stands between cargo and the stale stub.
 */
export function contextFrom(fixture: string, placeholderVersions: boolean = false): string {
  const dir = copyTree(path.join(FIXTURES, fixture), `${fixture}-`);
  if (placeholderVersions) {
    for (const file of listFiles(dir).filter((f) => /Cargo\.(toml|lock)$/.test(f)).map((f) => path.join(dir, f))) {
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/version = "0\.1\.0"/g, `version = "${PLACEHOLDER_VERSION}"`));
    }
  }
  ageTree(dir, OLD_MTIME);
  return dir;
}

/**
 * The host can build std-only crates for x86_64-unknown-linux-gnu (static
 * glibc) offline. The profile only trades optimization for test time: it
 * reaches both builds through the same ENV lines as the default one.
 */
export function hostBuilder(context: string, props: Partial<RustMuslImageProps> = {}): RustMuslImage {
  return new RustMuslImage({
    crateDirectory: context,
    architecture: Architecture.X86_64,
    linkage: Linkage.GLIBC_STATIC,
    dependencyCaching: DependencyCaching.skeleton(),
    profile: ReleaseProfile.optimized({ optLevel: OptLevel.O1, lto: LtoMode.OFF, codegenUnits: 16 }),
    ...props,
  });
}

/** Synthesizes (renders and writes the Dockerfile and support files into the context), as `cdk synth` or projen would. */
export function synth(builder: RustMuslImage): ImageBuild {
  const build = new ScratchRuntime().compose(builder);
  const written = build.writeTo(builder.manifest.rootDirectory);
  for (const file of written) fs.utimesSync(path.join(builder.manifest.rootDirectory, file), OLD_MTIME, OLD_MTIME);
  return build;
}

/** Edits a file of the context; the edit is dated before the cached layers (the mtime trap). */
export function edit(context: string, file: string, from: string, to: string): void {
  const target = path.join(context, file);
  const text = fs.readFileSync(target, 'utf8');
  if (!text.includes(from)) throw new Error(`${file} does not contain ${from}`);
  fs.writeFileSync(target, text.replace(from, to));
  const stamp = new Date(OLD_MTIME.getTime() + 86_400_000);
  fs.utimesSync(target, stamp, stamp);
}

function ageTree(dir: string, when: Date): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) ageTree(p, when);
    fs.utimesSync(p, when, when);
  }
}

/** Environment of the simulated build: offline, quiet. */
export const SIM_ENV = { CARGO_NET_OFFLINE: 'true', CARGO_TERM_COLOR: 'never', CARGO_TERM_QUIET: 'true' };
