/**
 * A `[patch.crates-io]` path crate (vendor/itoa, a fork written for the
 * fixture) whose real API a registry dependency (serde_json) needs while the
 * dependency layer is built: the library puts the patched crate's real
 * sources into that layer instead of a stub, so the image builds, and the
 * binary links the fork.
 */
import * as fs from 'fs';
import * as path from 'path';
import { copyFixture, describeWithEngine, getEngine, markVerified, tryBuildImage } from '../../devtools/engine-harness';
import { HealthCheck, RustMuslImage, ScratchRuntime } from '../../src';

describeWithEngine('a patched crate in the dependency layer', () => {
  let dir: string;

  beforeAll(() => {
    dir = copyFixture('patched');
  });

  test('the fork is copied whole into the dependency layer, the image builds, and the binary links the fork', async () => {
    const build = new ScratchRuntime({ healthCheck: HealthCheck.none() }).compose(new RustMuslImage({ crateDirectory: dir }));
    build.writeTo(dir);
    // The fork's real sources (not a stub in the skeleton) before the dependency build.
    const lines = build.dockerfile.split('\n');
    const copyFork = lines.indexOf('COPY vendor/itoa/ /build/vendor/itoa/');
    const dependencyBuild = lines.findIndex((l) => l.startsWith('RUN cargo build --release --locked'));
    expect(copyFork).toBeGreaterThan(0);
    expect(copyFork).toBeLessThan(dependencyBuild);
    expect(fs.existsSync(path.join(dir, '.cdk-rust-image', 'skeleton', 'vendor'))).toBe(false);

    const tag = 'cdk-rust-image-engine-test/patched:1';
    const result = await tryBuildImage(dir, 'Dockerfile', tag, { platform: build.platform });
    expect({ ok: result.ok, logTail: result.ok ? '' : result.log.slice(-4000) }).toEqual({ ok: true, logTail: '' });
    const out = await getEngine().docker(['run', '--rm', '--network', 'none', tag]);
    expect(JSON.parse(out.stdout)).toEqual({ answer: 42, itoa: 'vendor/itoa 1.0.99' });
    markVerified('patched-crate');
  });
});
