import * as path from 'path';
import { Linkage, RustMuslImage, ScratchRuntime } from '../../../src';

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'cargo');
const NATIVE_TLS = path.join(FIXTURES, 'native-tls');

describe('openssl-sys and native-tls with a musl target', () => {
  test('each gets a warning with its id that names the fix and what the builder then needs', () => {
    const build = new ScratchRuntime().compose(new RustMuslImage({ crateDirectory: NATIVE_TLS }));
    expect(build.warnings).toEqual([
      {
        id: 'cdk-rust-image:opensslMusl',
        message: `Cargo.lock in ${NATIVE_TLS} contains openssl-sys, which links the system OpenSSL: with the musl target x86_64-unknown-linux-musl `
          + 'the build fails to find it, or the binary is not static. Fix: switch the crates that pull it in to rustls '
          + '(e.g. reqwest with default-features = false and features = ["rustls-tls"]), or enable openssl\'s "vendored" feature '
          + '(openssl = { version = "0.10", features = ["vendored"] }), which compiles OpenSSL from source and then needs perl and make '
          + 'in the builder: buildPackages: ["perl", "make"].',
      },
      {
        id: 'cdk-rust-image:nativeTlsMusl',
        message: `Cargo.lock in ${NATIVE_TLS} contains native-tls, which uses OpenSSL on Linux: with the musl target x86_64-unknown-linux-musl `
          + 'it needs openssl-sys and a musl OpenSSL. Fix: use rustls instead (e.g. reqwest\'s "rustls-tls", tokio-rustls instead of tokio-native-tls), '
          + 'or enable native-tls\'s "vendored" feature and add buildPackages: ["perl", "make"].',
      },
    ]);
  });

  test('the warnings are about musl: static glibc does not get them', () => {
    const build = new ScratchRuntime().compose(new RustMuslImage({ crateDirectory: NATIVE_TLS, linkage: Linkage.GLIBC_STATIC }));
    expect(build.warnings).toEqual([]);
  });

  test('a lockfile without them: no warning', () => {
    const build = new ScratchRuntime().compose(new RustMuslImage({ crateDirectory: path.join(FIXTURES, 'lib-bin') }));
    expect(build.warnings).toEqual([]);
  });
});
