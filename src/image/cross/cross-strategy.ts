import { invalidValue } from '../../core/errors';
import { Linkage } from '../../model/architecture';
import { CrossCompilationKind } from '../../model/cross-compilation';
import { OsPackageManager } from '../../model/rust-toolchain';
import { BuildWarning } from '../build-warning';
import type { RustMuslImage } from '../rust-musl-image';

/** What the toolchain stage installs and sets for a cross approach. */
export interface CrossSetup {
  /** Foreign Debian architectures to enable with `dpkg --add-architecture` (skipped for the build host's own). */
  readonly debianArchitectures: string[];
  /** OS packages. */
  readonly packages: string[];
  /** Shell commands that install tools (run before the profile variables are set). */
  readonly installCommands: string[][];
  /** Environment variables (C compiler, archiver and linker per target). */
  readonly environment: { [name: string]: string };
}

/** Nothing to install or set. */
export const NO_CROSS_SETUP: CrossSetup = { debianArchitectures: [], packages: [], installCommands: [], environment: {} };

/**
 * A cross-compilation approach (`CrossCompilation.<kind>()`): the builder
 * options it refuses, what the toolchain stage installs and sets for it, and
 * the advice it gives. Each approach is one file of this folder, listed once
 * in registry.ts.
 */
export interface CrossStrategy {
  /** The `CrossCompilation` kind it sets up. */
  readonly kind: CrossCompilationKind;
  /** Refuses the builder options it cannot honour: called when the builder is made. */
  validate?(builder: RustMuslImage): void;
  /** The tools, packages and variables of the toolchain stage, for the architectures the builder builds. */
  setup(builder: RustMuslImage): CrossSetup;
  /** Legal but risky choices, each with its fixed id. */
  warnings?(builder: RustMuslImage): BuildWarning[];
}

/** Sets the C compiler, archiver and linker of `triple` (`CC_<triple>`, `AR_<triple>`, `CARGO_TARGET_<TRIPLE>_LINKER`). */
export function setCompiler(env: { [name: string]: string }, triple: string, cc: string, ar: string, linker: string): void {
  const lower = triple.replace(/-/g, '_');
  env[`CC_${lower}`] = cc;
  env[`AR_${lower}`] = ar;
  env[`CARGO_TARGET_${lower.toUpperCase()}_LINKER`] = linker;
}

/** Refuses static glibc for an approach whose linker cannot produce it. */
export function refuseStaticGlibc(builder: RustMuslImage): void {
  if (builder.linkage === Linkage.GLIBC_STATIC) {
    throw invalidValue('crossCompilation', builder.crossCompilation.kind, 'zig and the clang setup cannot link glibc statically', 'Use CrossCompilation.gcc() (Debian\'s cross gcc), or Linkage.MUSL.');
  }
}

/** Refuses a toolchain without apt for an approach that installs the target's C toolchain with it. */
export function requireApt(builder: RustMuslImage): void {
  if (builder.toolchain.packageManager !== OsPackageManager.APT) {
    throw invalidValue('crossCompilation', builder.crossCompilation.kind, `it installs the target's C toolchain with apt, and the toolchain ${builder.toolchain.image} has no apt`, 'Use CrossCompilation.zigbuild() with an Alpine toolchain, RustToolchain.of(version), or a custom image with packageManager APT.');
  }
}
