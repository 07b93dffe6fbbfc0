/**
 * The build-time static-binary check on a real engine: a static glibc build
 * passes it (its own log line), and a deliberately dynamic build fails the
 * image build with the library's message and the fix, instead of shipping a
 * binary that dies in scratch with "no such file or directory".
 *
 * The dynamic build asks the linker for a program interpreter through
 * `rustFlags` (as a stray link argument or a crate's build script might):
 * `-C target-feature=-crt-static` is not enough, since rustc keeps crt-static
 * on when `+crt-static` appears anywhere in the flags, and RUSTFLAGS itself is
 * reserved to the builder.
 */
import * as fs from 'fs';
import {
  BuildResult, buildImage, cleanup, copyFixture, describeWithEngine, ensureStandins, getEngine, tryBuildImage,
} from './engine-harness';
import { taskApiBuilder } from './task-api';
import { DependencyCaching, HealthCheck, ImageBuild, RustMuslImageProps, ScratchRuntime } from '../../src';

// The app's own exec check: no probe stage, so the only binary checked is the service's.
const OWN_CHECK = HealthCheck.exec(['/app/task-api', 'healthcheck'], { intervalSeconds: 1 });

describeWithEngine('the build-time static-binary check', () => {
  const dirs: string[] = [];

  async function render(tag: string, props: Partial<RustMuslImageProps>): Promise<{ build: ImageBuild; result: BuildResult }> {
    await ensureStandins();
    const dir = copyFixture('task-api');
    dirs.push(dir);
    const build = new ScratchRuntime({ healthCheck: OWN_CHECK })
      .compose(taskApiBuilder(dir, { dependencyCaching: DependencyCaching.none(), ...props }));
    build.writeTo(dir);
    return { build, result: await tryBuildImage(dir, 'Dockerfile', tag) };
  }

  afterAll(async () => {
    await cleanup({ images: true });
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a static glibc build passes the check', async () => {
    const tag = 'cdk-rust-image-engine-test/static:ok';
    const { build, result } = await render(tag, {});
    expect(build.dockerfile).toContain('ENV RUSTFLAGS="-C target-feature=+crt-static"');
    expect(result.ok).toBe(true);
    // The step may come from the build cache (no log line then): run the library's check again in the builder stage.
    const stage = await buildImage(build.contextDirectory, 'Dockerfile', `${tag}-builder`, { target: 'builder' });
    expect(stage.ok).toBe(true);
    const check = await getEngine().docker(['run', '--rm', '--network', 'none', `${tag}-builder`, 'sh', '/usr/local/bin/cdk-rust-image-assert-static', '/out/task-api']);
    expect(check.stdout.trim()).toBe('cdk-rust-image: /out/task-api is static.');
  });

  test('a dynamic build fails at build time with the library\'s message and the fix', async () => {
    const tag = 'cdk-rust-image-engine-test/static:dynamic';
    const { build, result } = await render(tag, { rustFlags: ['-C', 'link-arg=-Wl,--dynamic-linker=/lib64/ld-linux-x86-64.so.2'] });
    expect(build.dockerfile).toContain('ENV RUSTFLAGS="-C target-feature=+crt-static -C link-arg=-Wl,--dynamic-linker=/lib64/ld-linux-x86-64.so.2"');
    expect(result.ok).toBe(false);
    // cargo itself succeeded: it is the library's check that stops the build.
    expect(result.log).toMatch(/Finished `release` profile/);
    expect(result.log).toContain('cdk-rust-image: /out/task-api is dynamically linked:');
    expect(result.log).toMatch(/Requesting program interpreter: \/lib64\/ld-linux-x86-64\.so\.2|Requesting program interpreter: \/lib\/ld-linux-aarch64\.so\.1/);
    expect(result.log).toContain('It would fail in a scratch or distroless image with "no such file or directory".');
    expect(result.log).toContain('Fix: link it statically (Linkage.MUSL, or Linkage.GLIBC_STATIC which adds -C target-feature=+crt-static)');
    expect(result.log).toMatch(/ERROR: executor failed running \[\/bin\/sh -c\s+cargo build --release .*cdk-rust-image-assert-static \/out\/task-api\]: exit code: 1/);
    const image = await getEngine().docker(['image', 'inspect', tag], { allowFailure: true });
    expect(image.exitCode).not.toBe(0);
  });
});
