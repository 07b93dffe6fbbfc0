import { invalidValue } from '../../core/errors';
import { shellQuote } from '../../core/shell';
import { Architecture, Linkage } from '../../model/architecture';
import { CrossCompilationKind } from '../../model/cross-compilation';
import { CARGO_ZIGBUILD_PREBUILT, PinnedDownload } from '../../model/pins';
import { OsPackageManager } from '../../model/rust-toolchain';
import { RustMuslImage } from '../builder/rust-musl-image';

/** Where the zig toolchain is unpacked in the toolchain stage. */
export const ZIG_DIR = '/opt/zig';

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

/** The cross tools of the builder's approach, for the architectures it builds. */
export function crossSetup(builder: RustMuslImage): CrossSetup {
  const manager = builder.toolchain.packageManager;
  const cross = builder.crossCompilation;
  switch (cross.kind) {
    case CrossCompilationKind.GCC:
      return gccSetup(builder);
    case CrossCompilationKind.ZIGBUILD:
      return {
        debianArchitectures: [],
        // curl and tar come with the official Debian images; the tarballs are xz-compressed.
        packages: manager === OsPackageManager.APT ? ['xz-utils'] : manager === OsPackageManager.APK ? ['curl', 'xz'] : [],
        installCommands: [zigInstallCommands(cross.zigVersion!, cross.zigSha256!), cargoZigbuildInstallCommands(cross.cargoZigbuildVersion!)],
        environment: {},
      };
    case CrossCompilationKind.CLANG:
      return clangSetup(builder);
    default:
      return { debianArchitectures: [], packages: [], installCommands: [], environment: {} };
  }
}

/**
 * Debian's cross gcc. For musl, `musl-dev` of each target architecture
 * (a multiarch package) brings `<arch>-linux-musl-gcc`, a wrapper around
 * `gcc-<arch>-linux-gnu` with musl's headers, start files and libc; for
 * static glibc, `gcc-<arch>-linux-gnu` and the target's `libc6-dev`.
 */
function gccSetup(builder: RustMuslImage): CrossSetup {
  const environment: { [name: string]: string } = {};
  const packages: string[] = [];
  const debianArchitectures: string[] = [];
  for (const arch of builder.architectures) {
    const triple = arch.rustTarget(builder.linkage);
    const gnu = arch.gnuTriple;
    if (builder.linkage === Linkage.MUSL) {
      debianArchitectures.push(arch.debianArch);
      packages.push(`musl-dev:${arch.debianArch}`);
      setCompiler(environment, triple, `${arch.rustArch}-linux-musl-gcc`, `${gnu}-ar`, `${arch.rustArch}-linux-musl-gcc`);
    } else {
      packages.push(`gcc-${gnu.replace(/_/g, '-')}`, `libc6-dev-${arch.debianArch}-cross`);
      setCompiler(environment, triple, `${gnu}-gcc`, `${gnu}-ar`, `${gnu}-gcc`);
    }
  }
  return { debianArchitectures, packages, installCommands: [], environment };
}

/** clang for C, llvm-ar, rust-lld; the target's musl headers from its `musl-dev`. */
function clangSetup(builder: RustMuslImage): CrossSetup {
  const environment: { [name: string]: string } = {};
  for (const arch of builder.architectures) {
    const triple = arch.rustTarget(builder.linkage);
    setCompiler(environment, triple, 'clang', 'llvm-ar', 'rust-lld');
    // Only the target's musl headers (and clang's own): never the build host's glibc headers.
    environment[`CFLAGS_${triple.replace(/-/g, '_')}`] = `-nostdlibinc -isystem /usr/include/${arch.rustArch}-linux-musl`;
  }
  return {
    debianArchitectures: builder.architectures.map((a) => a.debianArch),
    // llvm brings llvm-ar; rust-lld ships with rustc.
    packages: ['clang', 'lld', 'llvm', ...builder.architectures.map((a) => `musl-dev:${a.debianArch}`)],
    installCommands: [],
    environment,
  };
}

function setCompiler(env: { [name: string]: string }, triple: string, cc: string, ar: string, linker: string): void {
  const lower = triple.replace(/-/g, '_');
  env[`CC_${lower}`] = cc;
  env[`AR_${lower}`] = ar;
  env[`CARGO_TARGET_${lower.toUpperCase()}_LINKER`] = linker;
}

/**
 * Downloads the zig tarball for the build host's architecture (`uname -m`)
 * and checks it against its pinned SHA-256 before unpacking it; a host
 * without a pinned checksum fails the build. ziglang.org swapped the order
 * of os and arch in the file names with 0.14.1.
 */
export function zigInstallCommands(version: string, checksums: { readonly [hostArch: string]: string }): string[] {
  const [major, minor, patch] = version.split('.').map(Number);
  const newNames = major > 0 || minor > 14 || (minor === 14 && patch >= 1);
  const file = newNames ? `zig-$(uname -m)-linux-${version}` : `zig-linux-$(uname -m)-${version}`;
  return [
    hostCase(checksums, 'sum', 'zig'),
    `curl -fsSL -o /tmp/zig.tar.xz "https://ziglang.org/download/${version}/${file}.tar.xz"`,
    'echo "$sum  /tmp/zig.tar.xz" | sha256sum -c -',
    `mkdir -p ${ZIG_DIR}`,
    `tar -xJf /tmp/zig.tar.xz -C ${ZIG_DIR} --strip-components=1`,
    'rm /tmp/zig.tar.xz',
    `ln -s ${ZIG_DIR}/zig /usr/local/bin/zig`,
    'zig version',
  ];
}

/**
 * cargo-zigbuild: the release's prebuilt archive, checksum-verified, on a
 * build host for which one is pinned; elsewhere `cargo install --locked`
 * (crates.io's checksums, from the release's own Cargo.lock).
 */
export function cargoZigbuildInstallCommands(version: string): string[] {
  return prebuiltOrCargoInstall('cargo-zigbuild', version, CARGO_ZIGBUILD_PREBUILT[version] ?? {});
}

/** A prebuilt, checksum-verified archive for the pinned host architectures; `cargo install --locked` elsewhere. */
export function prebuiltOrCargoInstall(
  crate: string, version: string, prebuilt: { readonly [hostArch: string]: PinnedDownload }, cargoTargetDir?: string,
): string[] {
  const install = [
    ...(cargoTargetDir ? [`CARGO_TARGET_DIR=${cargoTargetDir}`] : []),
    `cargo install --locked ${crate} --version ${shellQuote(version, `${crate} version`)}`,
  ].join(' ');
  const cleanup = cargoTargetDir ? ` && rm -rf ${cargoTargetDir}` : '';
  const arches = Object.keys(prebuilt).sort();
  if (arches.length === 0) return [install + cleanup];
  const branches = arches.map((arch) => {
    const d = prebuilt[arch];
    const archive = `/tmp/${crate}.tar.xz`;
    return `${arch}) curl -fsSL -o ${archive} ${shellQuote(d.url, `${crate} url`)} && echo ${shellQuote(`${d.sha256}  ${archive}`, `${crate} checksum`)} | sha256sum -c - `
      + `&& tar -xJf ${archive} -C /usr/local/bin --strip-components=1 --wildcards '*/${crate}' && rm ${archive} ;;`;
  });
  return [`case "$(uname -m)" in ${branches.join(' ')} *) ${install}${cleanup} ;; esac`, `command -v ${crate}`];
}

/** `case "$(uname -m)" in x86_64) <var>=…;; … esac`, failing on a host without a pinned value. */
function hostCase(values: { readonly [hostArch: string]: string }, variable: string, what: string): string {
  const arches = Object.keys(values).sort();
  if (arches.length === 0) {
    throw invalidValue(`${what} checksums`, values, 'no build host architecture has a pinned checksum', 'Pin at least one.');
  }
  const branches = arches.map((arch) => `${arch}) ${variable}=${shellQuote(values[arch], `${what} checksum`)} ;;`);
  return `case "$(uname -m)" in ${branches.join(' ')} *) echo "cdk-rust-image: no pinned ${what} checksum for build hosts of architecture $(uname -m)" >&2; exit 1 ;; esac`;
}

/** The architectures of a setup, for messages. */
export function describeArchitectures(arches: Architecture[]): string {
  return arches.map((a) => a.dockerPlatform).join(', ');
}
