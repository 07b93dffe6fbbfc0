import { DockerfileStage } from '../../dockerfile/dockerfile';
import { quote, QuoteContext } from '../../dockerfile/quote';
import { CrossCompilationKind } from '../../model/cross-compilation';
import { OsPackageManager } from '../../model/rust-toolchain';
import { RustMuslImage } from '../rust-musl-image';

const sh = (value: string, prop: string) => quote(value, QuoteContext.SHELL, prop);

/** Where the zig toolchain is unpacked in the toolchain stage. */
export const ZIG_DIR = '/opt/zig';

/** OS packages the cross approach needs in the toolchain stage. */
export function crossPackages(builder: RustMuslImage): string[] {
  const manager = builder.toolchain.packageManager;
  switch (builder.crossCompilation.kind) {
    case CrossCompilationKind.ZIGBUILD:
      // curl and tar come with the official Debian images; the tarball is xz-compressed.
      return manager === OsPackageManager.APT ? ['xz-utils'] : manager === OsPackageManager.APK ? ['curl', 'xz'] : [];
    case CrossCompilationKind.CLANG:
      // llvm brings llvm-ar; rust-lld ships with rustc.
      return manager === OsPackageManager.NONE ? [] : ['clang', 'lld', 'llvm'];
    default:
      return [];
  }
}

/**
 * Installs the cross tools (zig + cargo-zigbuild) or sets the per-target C
 * toolchain variables (clang), in the toolchain stage, before the profile
 * variables (so `cargo install` is not built with the service's RUSTFLAGS).
 */
export function renderCrossTools(stage: DockerfileStage, builder: RustMuslImage, triples: string[]): void {
  const cross = builder.crossCompilation;
  switch (cross.kind) {
    case CrossCompilationKind.ZIGBUILD: {
      const zig = cross.zigVersion!;
      stage.run([
        `mkdir -p ${ZIG_DIR}`,
        `curl -fsSL ${zigTarballUrl(zig)} | tar -xJ -C ${ZIG_DIR} --strip-components=1`,
        `ln -s ${ZIG_DIR}/zig /usr/local/bin/zig`,
        'zig version',
      ]);
      stage.run([`cargo install cargo-zigbuild --locked --version ${sh(cross.cargoZigbuildVersion!, 'cargoZigbuildVersion')}`]);
      return;
    }
    case CrossCompilationKind.CLANG:
      for (const triple of triples) {
        const lower = triple.replace(/-/g, '_');
        stage.env(`CC_${lower}`, 'clang');
        stage.env(`AR_${lower}`, 'llvm-ar');
        stage.env(`CARGO_TARGET_${lower.toUpperCase()}_LINKER`, 'rust-lld');
      }
      return;
    default:
      return;
  }
}

/**
 * The official tarball for the build host's architecture (`uname -m`, run
 * in the toolchain stage). ziglang.org swapped the order of os and arch in
 * the file names with 0.14.1.
 */
export function zigTarballUrl(version: string): string {
  const [major, minor, patch] = version.split('.').map(Number);
  const newNames = major > 0 || minor > 14 || (minor === 14 && patch >= 1);
  const file = newNames ? `zig-$(uname -m)-linux-${version}` : `zig-linux-$(uname -m)-${version}`;
  return `https://ziglang.org/download/${version}/${file}.tar.xz`;
}
