/**
 * Static linking on a real engine.
 *
 * - `Linkage.GLIBC_STATIC` on linux/amd64: the task service builds, the
 *   library's build-time check passes it (its own log line), the binary is
 *   static, the scratch image holds nothing but the binary, the probe, CA
 *   certificates, the user database, /tmp and the SBOM, and the service runs as a
 *   custom user (uid and gid differ, so they come from the model).
 * - The check itself: a deliberately dynamic build fails the image build with
 *   the library's message and the fix, instead of shipping a binary that dies
 *   in scratch with "no such file or directory". It asks the linker for a
 *   program interpreter through `rustFlags` (as a stray link argument or a
 *   crate's build script might). The small cc-probe fixture keeps it quick.
 */
import { FAST_HEALTH_CHECK, parseMarkers, taskApiBuilder, V1_MARKERS } from './task-api';
import {
  BuildResult, buildImage, containerHttpGet, copyFixture, describeWithEngine, getEngine, imageFiles, markVerified,
  processUidGid, readElf, runContainer, stopContainer, tryBuildImage, waitHealthy,
} from '../../devtools/engine-harness';
import { Architecture, HealthCheck, ImageBuild, ImageRuntime, Linkage, RuntimeUser, RustMuslImageProps, ScratchRuntime } from '../../src';

describeWithEngine('static linking and the build-time static-binary check', () => {
  async function render(
    fixture: string, tag: string, runtime: ImageRuntime, props: Partial<RustMuslImageProps>,
  ): Promise<{ build: ImageBuild; result: BuildResult }> {
    const dir = copyFixture(fixture);
    const build = runtime.compose(taskApiBuilder(dir, { architecture: Architecture.X86_64, ...props }));
    build.writeTo(dir);
    return { build, result: await tryBuildImage(dir, 'Dockerfile', tag, { platform: build.platform }) };
  }

  test('static glibc on linux/amd64: the check passes, a static binary, a minimal scratch image, a custom user', async () => {
    const tag = 'cdk-rust-image-engine-test/static:glibc';
    const user = RuntimeUser.of({ uid: 10001, gid: 10002, name: 'tasks' });
    const { build, result } = await render('task-api', tag, new ScratchRuntime({ healthCheck: FAST_HEALTH_CHECK, user }), { linkage: Linkage.GLIBC_STATIC });
    expect(build.dockerfile).toContain('ENV RUSTFLAGS="-C target-feature=+crt-static"');
    expect({ ok: result.ok, logTail: result.ok ? '' : result.log.slice(-4000) }).toEqual({ ok: true, logTail: '' });

    // The check's step may come from the build cache (no log line then): run the library's check again in the builder stage.
    const stage = await buildImage(build.contextDirectory, 'Dockerfile', `${tag}-builder`, { target: 'builder', platform: build.platform });
    expect(stage.ok).toBe(true);
    const check = await getEngine().docker(['run', '--rm', '--network', 'none', `${tag}-builder`, 'sh', '/usr/local/bin/cdk-rust-image-assert-static', '/out/task-api']);
    expect(check.stdout.trim()).toBe('cdk-rust-image: /out/task-api is static.');

    const elf = await readElf(tag, '/app/task-api');
    expect(elf).toMatch(/Machine:\s+Advanced Micro Devices X86-64/);
    expect(elf).not.toMatch(/Requesting program interpreter/);
    expect(elf).not.toMatch(/\(NEEDED\)/);

    const files = (await imageFiles(tag))
      // docker create adds these mount points and empty files to every container
      .filter((f) => !['/.dockerenv', '/etc/hostname', '/etc/hosts', '/etc/mtab', '/etc/resolv.conf', '/dev/console'].includes(f.path))
      .filter((f) => f.kind !== 'd' || f.path === '/tmp');
    expect(files.map((f) => `${f.path} ${f.kind === 'd' ? f.mode : ''}`.trim()).sort()).toEqual([
      '/app/task-api', '/etc/group', '/etc/passwd', '/etc/ssl/certs/ca-certificates.crt', '/tmp drwxrwxrwt', '/usr/local/bin/healthcheck',
      '/usr/share/sbom/task-api.cdx.json',
    ]);

    const id = await runContainer(tag, { readOnly: true, tmpfs: ['/tmp'] });
    await waitHealthy(id, 60_000);
    expect(parseMarkers(await containerHttpGet(id, '/health'))).toEqual(V1_MARKERS);
    expect(await processUidGid(id)).toEqual({ uid: 10001, gid: 10002, effectiveUid: 10001, effectiveGid: 10002 });
    expect((await stopContainer(id)).exitCode).toBe(0);
    markVerified('glibc-static-amd64');
  });

  test('a dynamic build fails at build time with the library\'s message and the fix', async () => {
    const tag = 'cdk-rust-image-engine-test/static:dynamic';
    const { build, result } = await render('cc-probe', tag, new ScratchRuntime({ healthCheck: HealthCheck.none() }), {
      linkage: Linkage.GLIBC_STATIC,
      rustFlags: ['-C', 'link-arg=-Wl,--dynamic-linker=/lib64/ld-linux-x86-64.so.2'],
    });
    expect(build.dockerfile).toContain('ENV RUSTFLAGS="-C target-feature=+crt-static -C link-arg=-Wl,--dynamic-linker=/lib64/ld-linux-x86-64.so.2"');
    expect(result.ok).toBe(false);
    // cargo itself succeeded: it is the library's check that stops the build.
    expect(result.log).toMatch(/Finished `release` profile/);
    expect(result.log).toContain('cdk-rust-image: /out/cc-probe is dynamically linked:');
    expect(result.log).toMatch(/Requesting program interpreter: \/lib64\/ld-linux-x86-64\.so\.2/);
    expect(result.log).toContain('It would fail in a scratch or distroless image with "no such file or directory".');
    expect(result.log).toContain('Fix: link it statically (Linkage.MUSL, or Linkage.GLIBC_STATIC which adds -C target-feature=+crt-static)');
    const image = await getEngine().docker(['image', 'inspect', tag], { allowFailure: true });
    expect(image.exitCode).not.toBe(0);
    markVerified('static-check');
  });
});
