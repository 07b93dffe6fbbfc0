import { invalidValue } from '../../core/errors';
import { shellQuote } from '../../core/shell';
import { CARGO_ZIGBUILD_PREBUILT, PinnedDownload } from '../../model/pins';

/*
 * Tools the builder downloads, each checked against a pinned SHA-256 before
 * it is used: the zig toolchain, and prebuilt cargo subcommands (with
 * `cargo install --locked` on hosts without a pinned archive).
 */

/** Where the zig toolchain is unpacked in the toolchain stage. */
export const ZIG_DIR = '/opt/zig';

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
