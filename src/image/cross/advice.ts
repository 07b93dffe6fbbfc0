import { Architecture, Linkage } from '../../model/architecture';
import { CrossCompilationKind } from '../../model/cross-compilation';
import { RustMuslImage } from '../rust-musl-image';

/** Legal but risky choices and known-bad dependencies, as warnings for `ImageBuild.warnings`. */
export function builderWarnings(builder: RustMuslImage): string[] {
  return [...crossWarnings(builder), ...nativeTlsWarnings(builder), ...lockfileWarnings(builder)];
}

function lockfileWarnings(builder: RustMuslImage): string[] {
  if (builder.manifest.hasLockfile) return [];
  return [`There is no Cargo.lock in ${builder.manifest.rootDirectory}, so every image build resolves dependency versions anew: `
    + 'two builds of the same sources can ship different code, and a new release of any dependency invalidates the cached dependency layer. '
    + 'Fix: run `cargo generate-lockfile` (or any cargo build) and commit Cargo.lock; builds then use --locked.'];
}

function crossWarnings(builder: RustMuslImage): string[] {
  const kind = builder.crossCompilation.kind;
  if (kind === CrossCompilationKind.EMULATED) {
    return ['crossCompilation is CrossCompilation.emulated(): on a build host of another architecture Docker runs the whole Rust build under QEMU, '
      + 'typically 5 to 20 times slower (and some crates\' build scripts misbehave under emulation). '
      + 'Use CrossCompilation.zigbuild() (or clang()) to cross-compile at native speed.'];
  }
  if (kind === CrossCompilationKind.NONE && builder._crossCompilationDefaulted && builder.linkage === Linkage.GLIBC_STATIC
    && (builder.multiPlatform || builder.architecture !== Architecture.X86_64)) {
    return [`Linkage.GLIBC_STATIC cannot be cross-compiled (zig cannot link glibc statically), so the builder runs on ${builder.architectures.map((a) => a.dockerPlatform).join(' and ')}: `
      + 'natively on a build host of that architecture, under QEMU emulation (5 to 20 times slower) anywhere else. '
      + 'Use Linkage.MUSL to cross-compile with zig, or set crossCompilation to CrossCompilation.none() (an arm64 build host) or CrossCompilation.emulated() to make the choice explicit.'];
  }
  if (kind === CrossCompilationKind.NONE && builder.multiPlatform) {
    return ['crossCompilation is CrossCompilation.none() with multiPlatform: each platform\'s builder runs on that platform, '
      + 'so unless your buildx builder has a native node for every platform, Docker emulates the foreign one (5 to 20 times slower). '
      + 'Use CrossCompilation.zigbuild() to build every platform on the build host.'];
  }
  return [];
}

function nativeTlsWarnings(builder: RustMuslImage): string[] {
  if (builder.linkage !== Linkage.MUSL) return [];
  const manifest = builder.manifest;
  const warnings: string[] = [];
  if (manifest.hasLockedPackage('openssl-sys')) {
    warnings.push(`Cargo.lock in ${manifest.rootDirectory} contains openssl-sys, which links the system OpenSSL: with the musl target ${builder.targetTriple} `
      + 'the build fails to find it, or the binary is not static. Fix: switch the crates that pull it in to rustls '
      + '(e.g. reqwest with default-features = false and features = ["rustls-tls"]), or enable openssl\'s "vendored" feature '
      + '(openssl = { version = "0.10", features = ["vendored"] }), which compiles OpenSSL from source and then needs perl and make '
      + 'in the builder: buildPackages: ["perl", "make"].');
  }
  if (manifest.hasLockedPackage('native-tls')) {
    warnings.push(`Cargo.lock in ${manifest.rootDirectory} contains native-tls, which uses OpenSSL on Linux: with the musl target ${builder.targetTriple} `
      + 'it needs openssl-sys and a musl OpenSSL. Fix: use rustls instead (e.g. reqwest\'s "rustls-tls", tokio-rustls instead of tokio-native-tls), '
      + 'or enable native-tls\'s "vendored" feature and add buildPackages: ["perl", "make"].');
  }
  return warnings;
}
