import * as path from 'path';
import { Linkage, RustMuslImage, ScratchRuntime } from '../../../src';

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'cargo');

describe('openssl-sys and native-tls with a musl target', () => {
  test('each gets a warning that names the fix and what the builder then needs', () => {
    const build = new ScratchRuntime().compose(new RustMuslImage({ crateDirectory: path.join(FIXTURES, 'native-tls') }));
    expect(build.warnings).toHaveLength(2);
    expect(build.warnings[0]).toMatch(/contains openssl-sys.*x86_64-unknown-linux-musl.*rustls.*"vendored" feature.*perl and make.*buildPackages: \["perl", "make"\]/);
    expect(build.warnings[1]).toMatch(/contains native-tls.*rustls.*"vendored" feature.*buildPackages: \["perl", "make"\]/);
  });

  test('the warnings are about musl: static glibc does not get them', () => {
    const build = new ScratchRuntime().compose(new RustMuslImage({ crateDirectory: path.join(FIXTURES, 'native-tls'), linkage: Linkage.GLIBC_STATIC }));
    expect(build.warnings).toEqual([]);
  });

  test('a lockfile without them: no warning', () => {
    const build = new ScratchRuntime().compose(new RustMuslImage({ crateDirectory: path.join(FIXTURES, 'lib-bin') }));
    expect(build.warnings).toEqual([]);
  });
});
