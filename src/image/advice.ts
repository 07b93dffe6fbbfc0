import { BuildWarning, WARNING_IDS } from './build-warning';
import { crossStrategyOf } from './cross/registry';
import type { RustMuslImage } from './rust-musl-image';
import { isPinnedByDigest, namedArchitectureOf } from '../core/image-ref';
import { Linkage } from '../model/architecture';

/** Legal but risky choices and known-bad dependencies of a builder, each with its fixed id. */
export function builderWarnings(builder: RustMuslImage): BuildWarning[] {
  return [...(crossStrategyOf(builder.crossCompilation).warnings?.(builder) ?? []), ...nativeTlsWarnings(builder), ...lockfileWarnings(builder)];
}

/**
 * When the user asked for pinning (`imageDigests`), the external images the
 * Dockerfile still names by tag only.
 */
export function unpinnedImageWarnings(builder: RustMuslImage, references: string[]): BuildWarning[] {
  if (!builder.pinningRequested) return [];
  const unpinned = [...new Set(references)].filter((r) => r !== 'scratch' && !isPinnedByDigest(builder.pinned(r)));
  if (unpinned.length === 0) return [];
  return [{
    id: WARNING_IDS.unpinnedImage,
    message: `imageDigests pins no digest for ${unpinned.map((r) => `"${r}"`).join(', ')}: these images are still resolved by tag, so a rebuild can pull different bytes. `
      + `Add them to imageDigests (resolve a digest with \`docker buildx imagetools inspect ${unpinned[0]}\`).`,
  }];
}

/**
 * Base images whose name limits them to one architecture that is not every
 * architecture the image is built for: the runtime stage's base, and the
 * toolchain when its stages run on the target platform (no cross build).
 */
export function singleArchitectureWarnings(builder: RustMuslImage, runtimeBase: string): BuildWarning[] {
  const onTarget = [runtimeBase, ...(builder.crossCompilation.onBuildPlatform ? [] : [builder.pinned(builder.toolchain.image)])];
  return [...new Set(onTarget)].flatMap((reference) => {
    const named = namedArchitectureOf(reference);
    if (!named) return [];
    const other = builder.architectures.filter((a) => a.dockerArch !== named.architecture);
    if (other.length === 0) return [];
    const platforms = builder.architectures.map((a) => a.dockerPlatform).join(' and ');
    return [{
      id: WARNING_IDS.singleArchitectureBase,
      message: `The base image "${reference}" is for linux/${named.architecture} only (${named.evidence} says so), but the image is built for ${platforms}: `
        + `its ${other.map((a) => a.dockerPlatform).join(' and ')} build would run an image of another architecture (under emulation, or failing with "exec format error"). `
        + `Use the multi-architecture name (e.g. "${named.multiArchitectureName}")${builder.multiPlatform ? '' : `, or a base image for ${other[0].dockerPlatform}`}.`,
    }];
  });
}

function lockfileWarnings(builder: RustMuslImage): BuildWarning[] {
  if (builder.manifest.hasLockfile) return [];
  return [{
    id: WARNING_IDS.noCargoLock,
    message: `There is no Cargo.lock in ${builder.manifest.rootDirectory}, so every image build resolves dependency versions anew: `
      + 'two builds of the same sources can ship different code, and a new release of any dependency invalidates the cached dependency layer. '
      + 'Fix: run `cargo generate-lockfile` (or any cargo build) and commit Cargo.lock; builds then use --locked.',
  }];
}

function nativeTlsWarnings(builder: RustMuslImage): BuildWarning[] {
  if (builder.linkage !== Linkage.MUSL) return [];
  const manifest = builder.manifest;
  const warnings: BuildWarning[] = [];
  if (manifest.hasLockedPackage('openssl-sys')) {
    warnings.push({
      id: WARNING_IDS.opensslMusl,
      message: `Cargo.lock in ${manifest.rootDirectory} contains openssl-sys, which links the system OpenSSL: with the musl target ${builder.targetTriple} `
        + 'the build fails to find it, or the binary is not static. Fix: switch the crates that pull it in to rustls '
        + '(e.g. reqwest with default-features = false and features = ["rustls-tls"]), or enable openssl\'s "vendored" feature '
        + '(openssl = { version = "0.10", features = ["vendored"] }), which compiles OpenSSL from source and then needs perl and make '
        + 'in the builder: buildPackages: ["perl", "make"].',
    });
  }
  if (manifest.hasLockedPackage('native-tls')) {
    warnings.push({
      id: WARNING_IDS.nativeTlsMusl,
      message: `Cargo.lock in ${manifest.rootDirectory} contains native-tls, which uses OpenSSL on Linux: with the musl target ${builder.targetTriple} `
        + 'it needs openssl-sys and a musl OpenSSL. Fix: use rustls instead (e.g. reqwest\'s "rustls-tls", tokio-rustls instead of tokio-native-tls), '
        + 'or enable native-tls\'s "vendored" feature and add buildPackages: ["perl", "make"].',
    });
  }
  return warnings;
}
