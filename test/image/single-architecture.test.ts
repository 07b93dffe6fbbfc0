import * as path from 'path';
import { FIXTURES } from './render-expected';
import {
  AlpineRuntime, Architecture, CrossCompilation, DebianSlimRuntime, DependencyCaching, DevImage, DistrolessRuntime,
  ImageRuntime, OsPackageManager, RustMuslImage, RustMuslImageProps, RustToolchain,
} from '../../src';
import { namedArchitectureOf } from '../../src/core/image-ref';

describe('the architecture an image name is limited to', () => {
  test.each([
    ['amd64/alpine:3.24', 'amd64', 'the "amd64/" namespace', 'alpine:3.24'],
    ['docker.io/arm64v8/debian:trixie-slim', 'arm64', 'the "arm64v8/" namespace', 'docker.io/debian:trixie-slim'],
    ['localhost:5000/arm32v7/alpine', 'arm', 'the "arm32v7/" namespace', 'localhost:5000/alpine'],
    ['i386/debian:trixie@sha256:' + '0'.repeat(64), '386', 'the "i386/" namespace', 'debian:trixie'],
    ['gcr.io/distroless/static-debian13:nonroot-amd64', 'amd64', 'the "-amd64" tag suffix', 'gcr.io/distroless/static-debian13:nonroot'],
    ['registry.example.com/team/base:2.1-arm64', 'arm64', 'the "-arm64" tag suffix', 'registry.example.com/team/base:2.1'],
    ['example/base:1-aarch64', 'arm64', 'the "-aarch64" tag suffix', 'example/base:1'],
    ['example/base:1-x86_64', 'amd64', 'the "-x86_64" tag suffix', 'example/base:1'],
  ])('%s: %s', (reference, architecture, evidence, multiArchitectureName) => {
    expect(namedArchitectureOf(reference)).toEqual({ architecture, evidence, multiArchitectureName });
  });

  test.each([
    'alpine:3.24', 'debian:trixie-slim', 'rust:1.99.0-trixie', 'gcr.io/distroless/static-debian13:nonroot', 'scratch',
    'amd64', 'library/amd64:1', 'example/base:amd64-1', 'example/base:1-amd64extra', `alpine@sha256:${'a'.repeat(64)}`, 'not a reference',
  ])('%s: nothing', (reference) => {
    expect(namedArchitectureOf(reference)).toBeUndefined();
  });
});

function warningsOf(runtime: ImageRuntime, props: Partial<RustMuslImageProps>): string[] {
  const builder = new RustMuslImage({ crateDirectory: path.join(FIXTURES, 'lib-bin'), dependencyCaching: DependencyCaching.none(), ...props });
  return runtime.compose(builder).warnings.filter((w) => w.id === 'cdk-rust-image:singleArchitectureBase').map((w) => w.message);
}

describe('a base image of another architecture by name warns (cdk-rust-image:singleArchitectureBase)', () => {
  test('an ARM64 image on amd64/alpine', () => {
    expect(warningsOf(new AlpineRuntime({ baseImage: 'amd64/alpine:3.24' }), { architecture: Architecture.ARM64 })).toEqual([
      'The base image "amd64/alpine:3.24" is for linux/amd64 only (the "amd64/" namespace says so), but the image is built for linux/arm64: '
      + 'its linux/arm64 build would run an image of another architecture (under emulation, or failing with "exec format error"). '
      + 'Use the multi-architecture name (e.g. "alpine:3.24"), or a base image for linux/arm64.',
    ]);
  });

  test('a multi-platform image on a "-amd64" tag', () => {
    expect(warningsOf(new DistrolessRuntime({ baseImage: 'gcr.io/distroless/static-debian13:nonroot-amd64' }), { multiPlatform: true })).toEqual([
      'The base image "gcr.io/distroless/static-debian13:nonroot-amd64" is for linux/amd64 only (the "-amd64" tag suffix says so), but the image is built for linux/amd64 and linux/arm64: '
      + 'its linux/arm64 build would run an image of another architecture (under emulation, or failing with "exec format error"). '
      + 'Use the multi-architecture name (e.g. "gcr.io/distroless/static-debian13:nonroot").',
    ]);
  });

  test('an x86_64 image on arm64v8/debian', () => {
    expect(warningsOf(new DebianSlimRuntime({ baseImage: 'arm64v8/debian:trixie-slim' }), {})).toHaveLength(1);
  });

  test('a toolchain limited by name, where its stages run on the target platform (no cross build, or DevImage)', () => {
    const toolchain = RustToolchain.custom({ image: 'amd64/rust:1.99.0-trixie' });
    expect(warningsOf(new AlpineRuntime(), { architecture: Architecture.ARM64, toolchain, crossCompilation: CrossCompilation.none() }))
      .toEqual([expect.stringMatching(/^The base image "amd64\/rust:1.99.0-trixie" is for linux\/amd64 only/)]);
    expect(warningsOf(new DevImage(), { architecture: Architecture.ARM64, toolchain, crossCompilation: CrossCompilation.none() })).toHaveLength(1);
  });

  test.each([
    ['an amd64 image on amd64/alpine', new AlpineRuntime({ baseImage: 'amd64/alpine:3.24' }), {}],
    ['an arm64 image on a "-arm64" tag', new AlpineRuntime({ baseImage: 'example/alpine:3.24-arm64' }), { architecture: Architecture.ARM64 }],
    ['an arm64 image on a multi-architecture name', new AlpineRuntime(), { architecture: Architecture.ARM64 }],
    ['an arm64 cross build whose toolchain is amd64 by name (it runs on the build host)', new AlpineRuntime(),
      { architecture: Architecture.ARM64, toolchain: RustToolchain.custom({ image: 'amd64/rust:1.99.0-trixie', packageManager: OsPackageManager.APT }), crossCompilation: CrossCompilation.gcc() }],
  ] as Array<[string, ImageRuntime, Partial<RustMuslImageProps>]>)('none for %s', (_name, runtime, props) => {
    expect(warningsOf(runtime, props)).toEqual([]);
  });
});
