/**
 * The library's default build paths on the stand-ins, as users get them:
 * every Dockerfile is rendered by the library and built unmodified. The
 * toolchain is the official image's flow (`apt-get install musl-tools`,
 * `rustup target add`) on the toolchain stand-in; only its name comes from
 * `RustToolchain.custom` until the library's default moves to trixie.
 *
 * Two paths stop where the library still has to change (STANDINS.md says
 * how); their observed outcomes are asserted so the change shows up here:
 * AlpineRuntime needs apk and adduser, which Alpine's stand-in lacks, and C
 * code under CrossCompilation.clang() finds no arm64 libc headers.
 */
import * as fs from 'fs';
import {
  ALPINE_IMAGE, BuildResult, cleanup, containerHttpGet, copyFixture, describeWithEngine, DISTROLESS_REPO, ensureStandins,
  getEngine, processUidGid, readElf, runContainer, RUST_IMAGE, tryBuildImage, waitHealthy,
} from './engine-harness';
import { FAST_HEALTH_CHECK, parseMarkers, V1_MARKERS } from './task-api';
import {
  AlpineRuntime, Architecture, CrossCompilation, DistrolessRuntime, HealthCheck, ImageBuild, IRuntime, OsPackageManager, RustMuslImage,
  RustMuslImageProps, RustToolchain, ScratchRuntime,
} from '../../src';

/** The official image's flow on the stand-in: apt for musl-tools and cross tools, rustup for targets. */
const TOOLCHAIN = RustToolchain.custom({ image: RUST_IMAGE, packageManager: OsPackageManager.APT });
const ARM64_CLANG: Partial<RustMuslImageProps> = { architecture: Architecture.ARM64, crossCompilation: CrossCompilation.clang() };

describeWithEngine('the library\'s default paths on the stand-ins', () => {
  const dirs: string[] = [];

  beforeAll(async () => {
    await ensureStandins();
  });

  afterAll(async () => {
    await cleanup({ images: true });
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  async function buildRendered(
    fixture: string, tag: string, runtime: IRuntime, props: Partial<RustMuslImageProps> = {},
  ): Promise<{ build: ImageBuild; result: BuildResult }> {
    const dir = copyFixture(fixture);
    dirs.push(dir);
    const build = runtime.compose(new RustMuslImage({ crateDirectory: dir, toolchain: TOOLCHAIN, ...props }));
    build.writeTo(dir);
    const result = await tryBuildImage(dir, 'Dockerfile', tag, { platform: build.platform });
    return { build, result };
  }

  function expectBuilt(result: BuildResult): void {
    expect({ ok: result.ok, logTail: result.ok ? '' : result.log.slice(-3000) }).toEqual({ ok: true, logTail: '' });
  }

  async function architectureOf(tag: string): Promise<string> {
    return (await getEngine().docker(['image', 'inspect', '--format', '{{.Architecture}}', tag])).stdout.trim();
  }

  async function expectHealthyService(tag: string): Promise<void> {
    const id = await runContainer(tag);
    await waitHealthy(id, 120_000);
    expect(parseMarkers(await containerHttpGet(id, '/health'))).toEqual(V1_MARKERS);
    expect(await processUidGid(id)).toEqual({ uid: 65532, gid: 65532, effectiveUid: 65532, effectiveGid: 65532 });
  }

  test('musl x86_64 (the default linkage) in scratch: musl-tools and rustup steps, a static binary, a healthy service', async () => {
    const tag = 'cdk-rust-image-engine-test/default:scratch-musl';
    const { build, result } = await buildRendered('task-api', tag, new ScratchRuntime({ healthCheck: FAST_HEALTH_CHECK }));
    expect(build.dockerfile).toContain('apt-get install -y --no-install-recommends musl-tools');
    expect(build.dockerfile).toContain('RUN rustup target add x86_64-unknown-linux-musl');
    expectBuilt(result);
    const elf = await readElf(tag, '/app/task-api');
    expect(elf).toMatch(/Machine:\s+Advanced Micro Devices X86-64/);
    expect(elf).not.toMatch(/Requesting program interpreter/);
    expect(elf).not.toMatch(/\(NEEDED\)/);
    await expectHealthyService(tag);
  });

  test('musl x86_64 with C code: the cc crate compiles with musl-gcc and musl\'s headers', async () => {
    const tag = 'cdk-rust-image-engine-test/default:cc-probe-musl';
    const { result } = await buildRendered('cc-probe', tag, new ScratchRuntime({ healthCheck: HealthCheck.none() }));
    expectBuilt(result);
    const r = await getEngine().docker(['run', '--rm', '--network', 'none', tag]);
    expect(r.stdout.trim()).toBe('cc-probe c-headers=non-glibc machine=x86_64 strlen=6 threads=30 tcp=gnip panic=abort');
  });

  test.each([
    ['latest', {}, 'amd64'],
    ['nonroot', ARM64_CLANG, 'arm64'],
  ] as Array<[string, Partial<RustMuslImageProps>, string]>)('distroless static-debian13:%s, %s: builds and turns healthy',
    async (variant, props, arch) => {
      const tag = `cdk-rust-image-engine-test/default:distroless-${variant}-${arch}`;
      const { build, result } = await buildRendered('task-api', tag, new DistrolessRuntime({ baseImage: `${DISTROLESS_REPO}:${variant}`, healthCheck: FAST_HEALTH_CHECK }), props);
      expect(build.platform).toBe(`linux/${arch}`);
      expectBuilt(result);
      expect(await architectureOf(tag)).toBe(arch);
      await expectHealthyService(tag);
    });

  test('arm64 with CrossCompilation.clang(): a static aarch64 binary linked by rust-lld, no C code', async () => {
    const tag = 'cdk-rust-image-engine-test/default:scratch-arm64-clang';
    const { build, result } = await buildRendered('task-api', tag, new ScratchRuntime({ healthCheck: FAST_HEALTH_CHECK }), ARM64_CLANG);
    expect(build.dockerfile).toContain('FROM --platform=$BUILDPLATFORM');
    expect(build.dockerfile).toContain('ENV CARGO_TARGET_AARCH64_UNKNOWN_LINUX_MUSL_LINKER="rust-lld"');
    expectBuilt(result);
    const elf = await readElf(tag, '/app/task-api');
    expect(elf).toMatch(/Machine:\s+AArch64/);
    expect(elf).not.toMatch(/Requesting program interpreter/);
    expect(elf).not.toMatch(/\(NEEDED\)/);
    await expectHealthyService(tag);
  });

  test('observed: C code under CrossCompilation.clang() finds no arm64 libc headers (the library must add them)', async () => {
    const { result } = await buildRendered('cc-probe', 'cdk-rust-image-engine-test/default:cc-probe-arm64-clang', new ScratchRuntime({ healthCheck: HealthCheck.none() }), ARM64_CLANG);
    expect(result.ok).toBe(false);
    expect(result.log).toContain('\'bits/libc-header-start.h\' file not found');
  });

  test('observed: AlpineRuntime stops at apk, which the Alpine stand-in lacks (the library must write its user itself)', async () => {
    const { result } = await buildRendered('task-api', 'cdk-rust-image-engine-test/default:alpine', new AlpineRuntime({ baseImage: ALPINE_IMAGE, healthCheck: FAST_HEALTH_CHECK }));
    expect(result.ok).toBe(false);
    expect(result.log).toContain('apk: not found');
  });
});
