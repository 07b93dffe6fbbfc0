/**
 * The paths users get from the library's defaults, built from its unmodified
 * renderings and run, on the stand-ins that carry the pinned image names:
 *
 * - musl (the default linkage) on linux/amd64, built natively, and on
 *   linux/arm64, cross-compiled with `CrossCompilation.gcc()` (the default for
 *   arm64) and run under QEMU;
 * - every runtime (scratch, distroless, Alpine, Debian slim) on both, with its
 *   default user; the dev image on amd64 (it builds on the target platform,
 *   and no arm64 toolchain image can be made here);
 * - C code compiled for the target by the `cc` crate (the cc-probe fixture),
 *   as ring or zstd-sys would be.
 *
 * Each image: builds; the shipped binary is static for the right machine
 * (readelf on a copy taken out of the image); the container runs with a
 * read-only root and a tmpfs /tmp (as ECS runs it with
 * `readonlyRootFilesystem`) and the service writes its /tmp file; Docker's
 * own HEALTHCHECK turns healthy; PID 1 runs as the runtime's user (from
 * /proc); the task API answers; `docker stop` ends it within 2 s, exit 0.
 */
import { FAST_HEALTH_CHECK, parseHealth, parseMarkers, taskApiBuilder, V1_MARKERS } from './task-api';
import {
  BuildResult, containerHttpGet, containerHttpRequest, copyFixture, describeWithEngine, getEngine, markVerified,
  processUidGid, readElf, runContainer, stopContainer, tryBuildImage, waitHealthy,
} from '../../devtools/engine-harness';
import {
  AlpineRuntime, Architecture, DebianSlimRuntime, DevImage, DistrolessRuntime, HealthCheck, ImageBuild, ImageRuntime, RustMuslImageProps,
  ScratchRuntime,
} from '../../src';

interface Platform {
  readonly name: 'amd64' | 'arm64';
  /** The verified-paths.ts id prefix. */
  readonly pathId: string;
  readonly props: Partial<RustMuslImageProps>;
  /** readelf's "Machine:" value. */
  readonly machine: RegExp;
  /** `uname -m`, as cc-probe's C code reports it. */
  readonly unameMachine: string;
}

const PLATFORMS: Platform[] = [
  { name: 'amd64', pathId: 'musl-amd64', props: { architecture: Architecture.X86_64 }, machine: /Machine:\s+Advanced Micro Devices X86-64/, unameMachine: 'x86_64' },
  // No crossCompilation prop: the default for arm64 is CrossCompilation.gcc().
  { name: 'arm64', pathId: 'musl-arm64-gcc', props: { architecture: Architecture.ARM64 }, machine: /Machine:\s+AArch64/, unameMachine: 'aarch64' },
];

interface RuntimeCase {
  readonly name: string;
  readonly runtime: () => ImageRuntime;
  /** The uid:gid the runtime's default user has. */
  readonly uid: number;
  /** Whether the runtime supports a read-only root (the dev image rebuilds inside, so it does not). */
  readonly readOnly: boolean;
  readonly platforms: Array<Platform['name']>;
}

const RUNTIMES: RuntimeCase[] = [
  { name: 'scratch', runtime: () => new ScratchRuntime({ healthCheck: FAST_HEALTH_CHECK }), uid: 65532, readOnly: true, platforms: ['amd64', 'arm64'] },
  { name: 'distroless', runtime: () => new DistrolessRuntime({ healthCheck: FAST_HEALTH_CHECK }), uid: 65532, readOnly: true, platforms: ['amd64', 'arm64'] },
  { name: 'alpine', runtime: () => new AlpineRuntime({ healthCheck: FAST_HEALTH_CHECK }), uid: 65532, readOnly: true, platforms: ['amd64', 'arm64'] },
  { name: 'debian-slim', runtime: () => new DebianSlimRuntime({ healthCheck: FAST_HEALTH_CHECK }), uid: 65532, readOnly: true, platforms: ['amd64', 'arm64'] },
  { name: 'dev', runtime: () => new DevImage({ healthCheck: FAST_HEALTH_CHECK }), uid: 65532, readOnly: false, platforms: ['amd64'] },
];

const CASES = PLATFORMS.flatMap((platform) => RUNTIMES.filter((r) => r.platforms.includes(platform.name)).map((runtime) => ({ platform, runtime })));

describeWithEngine('the library\'s default paths', () => {
  async function buildRendered(
    fixture: string, tag: string, runtime: ImageRuntime, props: Partial<RustMuslImageProps>,
  ): Promise<{ build: ImageBuild; result: BuildResult }> {
    const dir = copyFixture(fixture);
    const build = runtime.compose(taskApiBuilder(dir, props));
    build.writeTo(dir);
    const result = await tryBuildImage(dir, 'Dockerfile', tag, { platform: build.platform });
    return { build, result };
  }

  function expectBuilt(result: BuildResult): void {
    expect({ ok: result.ok, logTail: result.ok ? '' : result.log.slice(-4000) }).toEqual({ ok: true, logTail: '' });
  }

  async function expectStaticBinary(tag: string, file: string, platform: Platform): Promise<void> {
    const elf = await readElf(tag, file);
    expect(elf).toMatch(platform.machine);
    expect(elf).not.toMatch(/Requesting program interpreter/);
    expect(elf).not.toMatch(/\(NEEDED\)/);
  }

  test.each(CASES.map((c) => [`${c.runtime.name} on linux/${c.platform.name}`, c]))('%s', async (_name, { platform, runtime }) => {
    const tag = `cdk-rust-image-engine-test/default:${runtime.name}-${platform.name}`;
    const { build, result } = await buildRendered('task-api', tag, runtime.runtime(), platform.props);
    expect(build.platform).toBe(`linux/${platform.name}`);
    if (platform.name === 'arm64') {
      // musl-dev:arm64 brings aarch64-linux-musl-gcc and, as its dependency, Debian's gcc-aarch64-linux-gnu.
      expect(build.dockerfile).toContain('apt-get install -y --no-install-recommends musl-dev:arm64');
      expect(build.dockerfile).toContain('ENV CC_aarch64_unknown_linux_musl="aarch64-linux-musl-gcc"');
      expect(build.dockerfile).toMatch(/^FROM --platform=\$BUILDPLATFORM /m);
    }
    expectBuilt(result);
    expect((await getEngine().docker(['image', 'inspect', '--format', '{{.Os}}/{{.Architecture}}', tag])).stdout.trim()).toBe(`linux/${platform.name}`);
    if (runtime.name !== 'dev') await expectStaticBinary(tag, `/app/${build.binaryName}`, platform);

    expect(build.readonlyRootFilesystem).toBe(runtime.readOnly);
    const id = await runContainer(tag, build.readonlyRootFilesystem ? { readOnly: true, tmpfs: ['/tmp'] } : {});
    await waitHealthy(id, platform.name === 'arm64' ? 180_000 : 60_000);
    const health = await containerHttpGet(id, '/health');
    expect(parseMarkers(health)).toEqual(V1_MARKERS);
    expect(parseHealth(health).tmp).toBe('writable');
    expect(await processUidGid(id)).toEqual({ uid: runtime.uid, gid: runtime.uid, effectiveUid: runtime.uid, effectiveGid: runtime.uid });
    if (build.readonlyRootFilesystem) {
      const root = JSON.parse((await getEngine().docker(['inspect', '--format', '{{json .HostConfig.ReadonlyRootfs}}', id])).stdout);
      expect(root).toBe(true);
    }
    const created = await containerHttpRequest(id, 'POST', '/api/tasks', 8080, JSON.stringify({ title: 'ship the image' }));
    expect(created.status).toBe(201);
    expect(JSON.parse(created.body)).toEqual({ id: 1, title: 'ship the image', done: false });
    expect((await containerHttpRequest(id, 'POST', '/api/tasks', 8080, JSON.stringify({ title: '  ' }))).status).toBe(400);
    const list = await containerHttpGet(id, '/api/tasks');
    expect(JSON.parse(list.body)).toEqual({ tasks: [{ id: 1, title: 'ship the image', done: false }], total: 1 });

    const stop = await stopContainer(id);
    expect({ exitCode: stop.exitCode, within2s: stop.stopMs < 2000 }).toEqual({ exitCode: 0, within2s: true });
    markVerified(runtime.name === 'dev' ? 'musl-amd64-dev' : `${platform.pathId}-${runtime.name}`);
  });

  test.each(PLATFORMS.map((p) => [p.name, p]))('C code for linux/%s: the cc crate compiles for the target and links statically', async (_name, platform) => {
    const tag = `cdk-rust-image-engine-test/default:cc-probe-${platform.name}`;
    const { result } = await buildRendered('cc-probe', tag, new ScratchRuntime({ healthCheck: HealthCheck.none() }), platform.props);
    expectBuilt(result);
    await expectStaticBinary(tag, '/app/cc-probe', platform);
    const r = await getEngine().docker(['run', '--rm', '--network', 'none', '--platform', `linux/${platform.name}`, tag]);
    // c-headers=non-glibc: the C code saw musl's headers, not the build host's glibc.
    expect(r.stdout.trim()).toBe(`cc-probe c-headers=non-glibc machine=${platform.unameMachine} strlen=${platform.unameMachine.length} threads=30 tcp=gnip panic=abort`);
    markVerified(`c-dependency-${platform.name}`);
  });
});
