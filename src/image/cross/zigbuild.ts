import { CrossStrategy, refuseStaticGlibc } from './cross-strategy';
import { cargoZigbuildInstallCommands, zigInstallCommands } from './tool-install';
import { CrossCompilationKind } from '../../model/cross-compilation';
import { OsPackageManager } from '../../model/rust-toolchain';

/** `CrossCompilation.zigbuild()`: zig (checksum-verified) and cargo-zigbuild; zig links every musl target. */
export const ZIGBUILD: CrossStrategy = {
  kind: CrossCompilationKind.ZIGBUILD,
  validate: refuseStaticGlibc,
  setup: (builder) => {
    const manager = builder.toolchain.packageManager;
    const cross = builder.crossCompilation;
    return {
      debianArchitectures: [],
      // curl and tar come with the official Debian images; the tarballs are xz-compressed.
      packages: manager === OsPackageManager.APT ? ['xz-utils'] : manager === OsPackageManager.APK ? ['curl', 'xz'] : [],
      installCommands: [zigInstallCommands(cross.zigVersion!, cross.zigSha256!), cargoZigbuildInstallCommands(cross.cargoZigbuildVersion!)],
      environment: {},
    };
  },
};
