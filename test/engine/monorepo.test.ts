/**
 * The axum repository's shape on a real engine (fixtures/monorepo): a
 * service workspace in `examples/` whose package uses by path a crate of
 * the parent workspace, which inherits its version, edition,
 * rust-version, dependencies and lints from the root `Cargo.toml`. A
 * RustServiceImage with `buildContextDirectory` at the root and otherwise
 * the library's defaults (musl, the pinned toolchain, skeleton caching, the
 * default release profile, scratch with an HTTP health check) is
 * synthesized; its staged context is built as cdk-assets builds it (the
 * asset directory as the context), and the container must turn healthy and
 * report the version the root workspace gave the crate.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import {
  containerHttpGet, copyFixture, describeWithEngine, markVerified, runContainer, setTreeMtime, suiteTempDir, tryBuildImage, waitHealthy,
} from '../../devtools/engine-harness';
import { HealthCheck, RustServiceImage, ScratchRuntime } from '../../src';

describeWithEngine('a service workspace in examples/ on crates of the parent workspace (axum-shaped monorepo)', () => {
  let root: string;
  let image: RustServiceImage;

  beforeAll(() => {
    root = copyFixture('monorepo');
    // What the rest of a repository holds: never part of this image's context.
    fs.mkdirSync(path.join(root, 'docs'));
    fs.writeFileSync(path.join(root, 'docs', 'notes.md'), '# not part of the build\n');
    setTreeMtime(root);
    image = new RustServiceImage(new Stack(new App({ outdir: suiteTempDir('cdk-out') }), 'MonorepoStack'), 'Todos', {
      crateDirectory: path.join(root, 'examples', 'todos'),
      buildContextDirectory: root,
      // Checked every 5 s (ECS's minimum) instead of 30: the runtime stage only, so the test waits seconds, not half a minute.
      runtime: new ScratchRuntime({ healthCheck: HealthCheck.http('/health', { intervalSeconds: 5 }) }),
    });
  });

  test('the staged context holds the root Cargo.toml and the crates used, the image builds, and the service turns healthy', async () => {
    const staged = image.assetDirectory;
    expect(fs.readFileSync(path.join(staged, 'Cargo.toml'), 'utf8')).toBe(fs.readFileSync(path.join(root, 'Cargo.toml'), 'utf8'));
    expect(fs.readdirSync(staged).sort()).toEqual(['.cargo', '.cdk-rust-image', '.dockerignore', 'Cargo.toml', 'Dockerfile', 'crates', 'examples']);
    const dockerfile = image.imageBuild.dockerfile;
    // The library's defaults: the pinned toolchain, musl, the skeleton's dependency layer run in the examples' workspace.
    expect(dockerfile).toMatch(/^FROM rust:[0-9.]+-trixie AS toolchain$/m);
    expect(dockerfile).toContain('WORKDIR /build/examples\nRUN cargo build --release --locked --target x86_64-unknown-linux-musl --package todos --bin todos\n');

    const tag = 'cdk-rust-image-engine-test/monorepo-todos:1';
    const started = Date.now();
    const result = await tryBuildImage(staged, 'Dockerfile', tag, { platform: image.imageBuild.platform });
    // eslint-disable-next-line no-console
    console.log(`monorepo: docker build of the staged context took ${((Date.now() - started) / 1000).toFixed(1)} s`);
    expect({ ok: result.ok, logTail: result.ok ? '' : result.log.slice(-4000) }).toEqual({ ok: true, logTail: '' });

    const id = await runContainer(tag);
    const healthyMs = await waitHealthy(id, 60_000);
    // eslint-disable-next-line no-console
    console.log(`monorepo: healthy ${healthyMs} ms after the container started`);
    const health = await containerHttpGet(id, '/health');
    expect(health.status).toBe(200);
    // web and web-core were compiled with the root workspace's version, not the examples' workspace's (9.9.9).
    expect(JSON.parse(health.body)).toEqual({ status: 'healthy', service: 'todos', serviceVersion: '0.1.0', web: '0.4.2', webCore: '0.4.2' });
    markVerified('monorepo-parent-workspace');
  });
});
