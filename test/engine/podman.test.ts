/**
 * `CDK_DOCKER=podman` (issue 25, item 4): Debian 12's podman 4.3 with
 * buildah 1.28, its own store and configuration (scripts/engine/podman.sh),
 * building what `cdk deploy` would build with it: a CDK app is synthesized
 * with CDK_DOCKER=podman in the environment, and each image asset is built
 * with the argv cdk-assets runs (`$CDK_DOCKER build ...` in the asset
 * directory, options from the asset manifest).
 *
 * - the default scratch image for linux/amd64 (podman's default OCI format,
 *   which drops the image's HEALTHCHECK: podman says so) runs with a
 *   read-only root to a passing probe, `/health`, the task API and a clean
 *   stop;
 * - the default for linux/arm64 (gcc cross on the build host) with the fix
 *   the synth warning asks for (`buildArgs: { BUILDPLATFORM }`) and
 *   `BUILDAH_FORMAT=docker` (HEALTHCHECK kept) runs under QEMU to healthy
 *   (`podman healthcheck run`);
 * - both, joined with `podman manifest` in the local registry, pull back per
 *   platform;
 * - what podman 4.3 refuses, on the library's own renderings (the arm64
 *   image without the build argument, a registry cache) and on probe
 *   Dockerfiles made of the rendered lines (the cache, secret and SSH
 *   mounts, which work; multiPlatform's `FROM builder-${TARGETARCH}`, which
 *   does not, next to Docker 20.10 on the same probe).
 *
 * A cheap release profile keeps the cold compile short (the subject is the
 * engine, not the profile); the build log's seconds are printed.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { NetworkMode } from 'aws-cdk-lib/aws-ecr-assets';
import { DockerImageSource } from 'aws-cdk-lib/cloud-assembly-schema';
import {
  cleanupPodman, describeWithPodman, ensurePodmanStandins, podman, podmanHttpRequest, podmanIn, podmanInspect, podmanProcessIds, podmanReadElf,
  runPodmanContainer, waitForPodmanHttp200,
} from './podman-harness';
import { FAST_HEALTH_CHECK, parseHealth, parseMarkers, V1_MARKERS } from './task-api';
import { assetManifestOf, CliRun, withTarget } from './teams-harness';
import { afterSuite, copyFixture, ENGINE_SCRIPT, getEngine, markVerified, run, RUST_IMAGE, suiteTempDir } from '../../devtools/engine-harness';
import {
  Architecture, DependencyCaching, LtoMode, OptLevel, RegistryCache, ReleaseProfile, RustMuslImage, RustServiceImage, RustServiceImageProps,
  ScratchRuntime,
} from '../../src';
import { cdkAssetsBuildArgv } from '../cdk-assets-argv';
import { runInstructions } from '../shell-check';

const STACK_NAME = 'PodmanStack';
/** The registry cache's image has the amd64 image's asset hash (cache options are not part of it): a stack of its own. */
const CACHE_STACK_NAME = 'PodmanCacheStack';
const UID = 65532;
const CHEAP_PROFILE = ReleaseProfile.optimized({ optLevel: OptLevel.O0, lto: LtoMode.OFF, codegenUnits: 16 });
const REGISTRY = '127.0.0.1:5055';
const MANIFEST_LIST = `${REGISTRY}/cdk-rust-image-engine-test/podman-task-api:list`;
const OCI_HEALTHCHECK_WARNING = 'HEALTHCHECK is not supported for OCI image format and will be ignored. Must use `docker` format';

interface BuiltAsset {
  readonly image: RustServiceImage;
  readonly source: DockerImageSource;
  readonly directory: string;
  readonly tag: string;
  readonly argv: string[];
  build?: CliRun;
}

function tailOf(text: string, lines = 40): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

function expectBuilt(asset: BuiltAsset): void {
  const b = asset.build!;
  expect({ exitCode: b.exitCode, logTail: b.exitCode === 0 ? '' : tailOf(b.log) }).toEqual({ exitCode: 0, logTail: '' });
}

function warningIdsOf(stack: Stack, id: string): string[] {
  return Annotations.fromStack(stack).findWarning(`/${stack.stackName}/${id}`, Match.anyValue())
    .map((w) => /\[ack: ([^\]]+)\]$/.exec(String(w.entry.data))?.[1] ?? String(w.entry.data));
}

describeWithPodman('CDK_DOCKER=podman: the library\'s assets built as cdk-assets builds them, and run with podman', () => {
  let stack: Stack;
  let cacheStack: Stack;
  const assets: Record<'amd64' | 'arm64' | 'arm64Unfixed' | 'registryCache', BuiltAsset> = {} as any;

  beforeAll(async () => {
    // The Docker stand-ins are there (describeWithEngine); podman gets the toolchain from them.
    const loadSeconds = await ensurePodmanStandins();
    const crate = copyFixture('task-api');
    const outdir = suiteTempDir('podman-cdk-out');

    const common: RustServiceImageProps = {
      crateDirectory: crate, profile: CHEAP_PROFILE, healthCheck: FAST_HEALTH_CHECK, networkMode: NetworkMode.HOST,
    };
    const app = new App({ outdir });
    const before = process.env.CDK_DOCKER;
    process.env.CDK_DOCKER = 'podman';
    try {
      stack = new Stack(app, STACK_NAME);
      cacheStack = new Stack(app, CACHE_STACK_NAME);
      const images = {
        amd64: new RustServiceImage(stack, 'Amd64', { ...common, architecture: Architecture.X86_64 }),
        // The fix the podmanBuildPlatform warning asks for.
        arm64: new RustServiceImage(stack, 'Arm64', { ...common, architecture: Architecture.ARM64, buildArgs: { BUILDPLATFORM: 'linux/amd64' } }),
        arm64Unfixed: new RustServiceImage(stack, 'Arm64Unfixed', { ...common, architecture: Architecture.ARM64 }),
        registryCache: new RustServiceImage(cacheStack, 'RegistryCache', {
          ...common, architecture: Architecture.X86_64, registryCache: RegistryCache.registry(`${REGISTRY}/cdk-rust-image-engine-test/podman-cache:main`),
        }),
      };
      const assembly = app.synth();
      for (const [name, image] of Object.entries(images)) {
        const manifest = assetManifestOf(assembly, Stack.of(image).stackName);
        const source = manifest.contents.dockerImages![image.assetHash].source;
        const tag = `cdkasset-${image.assetHash}`;
        assets[name as keyof typeof assets] = {
          image, source, tag, directory: path.resolve(path.dirname(manifest.file), source.directory!), argv: cdkAssetsBuildArgv(source, tag),
        };
      }
    } finally {
      if (before === undefined) delete process.env.CDK_DOCKER;
      else process.env.CDK_DOCKER = before;
    }

    afterSuite(async () => {
      await cleanupPodman();
      await podman(['manifest', 'rm', MANIFEST_LIST], { allowFailure: true });
      // --no-prune keeps podman's build cache (the untagged parent images) for the next run.
      await podman(['rmi', '--no-prune', '-f', MANIFEST_LIST, ...Object.values(assets).map((a) => a.tag), `${assets.amd64.tag}-builder`], { allowFailure: true });
    });
    // As cdk-assets does: build only what is not there yet (a tag from an earlier run would prove nothing).
    // --no-prune: podman's build cache is the untagged parent images, which a plain rmi removes with the tag.
    for (const a of Object.values(assets)) await podman(['rmi', '--no-prune', '-f', a.tag], { allowFailure: true });
    // Side by side: one's downloads and layer commits overlap the other's compile (cdk-assets, too, publishes assets in parallel).
    const t0 = Date.now();
    [assets.amd64.build, assets.arm64.build] = await Promise.all([
      podmanIn(assets.amd64.directory, assets.amd64.argv),
      // podman writes OCI images by default, and OCI has no HEALTHCHECK; BUILDAH_FORMAT=docker keeps it.
      podmanIn(assets.arm64.directory, assets.arm64.argv, { BUILDAH_FORMAT: 'docker' }),
    ]);
    const bothMs = Date.now() - t0;
    assets.arm64Unfixed.build = await podmanIn(assets.arm64Unfixed.directory, assets.arm64Unfixed.argv);
    assets.registryCache.build = await podmanIn(assets.registryCache.directory, assets.registryCache.argv);
    // eslint-disable-next-line no-console
    console.log([
      `podman ${(await podman(['version', '--format', '{{.Client.Version}}'])).stdout.trim()}; toolchain stand-in in podman's store after ${loadSeconds} s`,
      `amd64 and arm64 built side by side in ${(bothMs / 1000).toFixed(1)} s`,
      ...Object.entries(assets).map(([name, a]) => `${name}: podman ${a.argv.join(' ')}\n  exit ${a.build!.exitCode} after ${(a.build!.durationMs / 1000).toFixed(1)} s`),
    ].join('\n'));
  });


  test('synthesized with CDK_DOCKER=podman: only the arm64 image without BUILDPLATFORM and the registry cache are warned about', () => {
    expect({
      amd64: warningIdsOf(stack, 'Amd64'),
      arm64: warningIdsOf(stack, 'Arm64'),
      arm64Unfixed: warningIdsOf(stack, 'Arm64Unfixed'),
      registryCache: warningIdsOf(cacheStack, 'RegistryCache'),
    }).toEqual({
      amd64: [],
      arm64: [],
      arm64Unfixed: ['cdk-rust-image:podmanBuildPlatform'],
      registryCache: ['cdk-rust-image:podmanBuildCache'],
    });
  });

  test('linux/amd64: cdk-assets\' argv builds; podman\'s default OCI format drops the HEALTHCHECK, and podman says so; --target stops at a stage', async () => {
    const a = assets.amd64;
    expect(a.argv).toEqual(['build', '--tag', a.tag, '--file', 'Dockerfile', '--network', 'host', '--platform', 'linux/amd64', '.']);
    expectBuilt(a);
    expect(a.build!.log).toContain(OCI_HEALTHCHECK_WARNING);
    expect(await podmanInspect(a.tag, '{{.Os}}/{{.Architecture}} {{json .HealthCheck}}')).toBe('linux/amd64 null');
    const elf = await podmanReadElf(a.tag, '/app/task-api');
    expect(elf).toMatch(/Machine:\s+Advanced Micro Devices X86-64/);
    expect(elf).not.toMatch(/Requesting program interpreter/);
    // --target, as RustWorkspaceServices' assets pass it: the same build stopped at the builder stage (from podman's layer cache).
    const builder = await podmanIn(a.directory, withTarget(a.argv, 'builder', `${a.tag}-builder`));
    expect({ exitCode: builder.exitCode, logTail: builder.exitCode === 0 ? '' : tailOf(builder.log) }).toEqual({ exitCode: 0, logTail: '' });
    expect((await podman(['run', '--rm', '--network', 'none', `${a.tag}-builder`, 'test', '-x', '/out/task-api'], { allowFailure: true })).exitCode).toBe(0);
  });

  test('linux/amd64 runs read-only with podman: the image\'s probe passes, /health, the task API, uid 65532, a clean stop', async () => {
    const a = assets.amd64;
    if (a.build!.exitCode !== 0) throw new Error(`not built:\n${tailOf(a.build!.log)}`);
    const id = await runPodmanContainer(a.tag);
    const readyMs = await waitForPodmanHttp200(id, '/health', 60_000);
    // No HEALTHCHECK in the image: podman has nothing to run, so the test runs the library's probe command itself.
    const noCheck = await podman(['healthcheck', 'run', id], { allowFailure: true });
    expect({ exitCode: noCheck.exitCode, says: noCheck.stderr.includes('has no defined healthcheck') }).toEqual({ exitCode: 125, says: true });
    const probe = await podman(['exec', id, ...a.image.imageBuild.healthCheck!.command], { allowFailure: true });
    expect({ exitCode: probe.exitCode, stderr: probe.stderr }).toEqual({ exitCode: 0, stderr: '' });
    const health = await podmanHttpRequest(id, 'GET', '/health');
    expect(parseMarkers(health)).toEqual(V1_MARKERS);
    expect(parseHealth(health).tmp).toBe('writable');
    const created = await podmanHttpRequest(id, 'POST', '/api/tasks', JSON.stringify({ title: 'ship the image' }));
    expect({ status: created.status, body: JSON.parse(created.body) }).toEqual({ status: 201, body: { id: 1, title: 'ship the image', done: false } });
    expect(await podmanProcessIds(id)).toEqual({ uid: UID, gid: UID, effectiveUid: UID, effectiveGid: UID });
    const stop = await podman(['stop', id]);
    expect({ exitCode: await podmanInspect(id, '{{.State.ExitCode}}'), within2s: stop.durationMs < 2000 }).toEqual({ exitCode: '0', within2s: true });
    // eslint-disable-next-line no-console
    console.log(`amd64: /health answered ${readyMs} ms after start; podman stop took ${stop.durationMs} ms`);
    markVerified('podman-amd64-scratch');
  });

  test('linux/arm64 (gcc cross, BUILDPLATFORM passed, BUILDAH_FORMAT=docker): builds, a static AArch64 binary, the HEALTHCHECK kept', async () => {
    const a = assets.arm64;
    expect(a.argv).toEqual([
      'build', '--build-arg', 'BUILDPLATFORM=linux/amd64', '--tag', a.tag, '--file', 'Dockerfile', '--network', 'host', '--platform', 'linux/arm64', '.',
    ]);
    expectBuilt(a);
    expect(a.build!.log).not.toContain(OCI_HEALTHCHECK_WARNING);
    // The toolchain ran on the build host: the one toolchain image in podman's store is the amd64 stand-in.
    const toolchains = (await podman(['images', '--format', '{{.Repository}}:{{.Tag}} {{.Id}}', '--filter', 'reference=*/rust'])).stdout.trim().split('\n');
    expect(toolchains.map((l) => l.split(' ')[0])).toEqual([`localhost/${RUST_IMAGE}`]);
    expect(await podmanInspect(toolchains[0].split(' ')[1], '{{.Os}}/{{.Architecture}}')).toBe('linux/amd64');
    expect(await podmanInspect(a.tag, '{{.Os}}/{{.Architecture}}')).toBe('linux/arm64');
    expect(JSON.parse(await podmanInspect(a.tag, '{{json .HealthCheck.Test}}'))).toEqual(['CMD', ...a.image.imageBuild.healthCheck!.command]);
    const elf = await podmanReadElf(a.tag, '/app/task-api');
    expect(elf).toMatch(/Machine:\s+AArch64/);
    expect(elf).not.toMatch(/Requesting program interpreter/);
  });

  test('linux/arm64 runs under QEMU with podman: `podman healthcheck run` turns it healthy, /health, uid 65532, a clean stop', async () => {
    const a = assets.arm64;
    if (a.build!.exitCode !== 0) throw new Error(`not built:\n${tailOf(a.build!.log)}`);
    const id = await runPodmanContainer(a.tag);
    const readyMs = await waitForPodmanHttp200(id, '/health', 180_000);
    // No systemd here to schedule podman's periodic checks: run the image's check once, as its timer would.
    const check = await podman(['healthcheck', 'run', id], { allowFailure: true });
    expect({ exitCode: check.exitCode, stderr: check.stderr }).toEqual({ exitCode: 0, stderr: '' });
    expect(await podmanInspect(id, '{{.State.Health.Status}}')).toBe('healthy');
    expect(fs.readFileSync(`/proc/${await podmanInspect(id, '{{.State.Pid}}')}/maps`, 'utf-8')).toContain('qemu-aarch64');
    expect(parseMarkers(await podmanHttpRequest(id, 'GET', '/health'))).toEqual(V1_MARKERS);
    expect(await podmanProcessIds(id)).toEqual({ uid: UID, gid: UID, effectiveUid: UID, effectiveGid: UID });
    await podman(['stop', id], { allowFailure: true });
    expect(await podmanInspect(id, '{{.State.ExitCode}}')).toBe('0');
    // eslint-disable-next-line no-console
    console.log(`arm64 under QEMU: /health answered ${readyMs} ms after start`);
    markVerified('podman-arm64-scratch');
  });

  test('both joined with podman manifest in the local registry (a Docker manifest list), pulled back per platform', async () => {
    for (const a of [assets.amd64, assets.arm64]) if (a.build!.exitCode !== 0) throw new Error(`not built:\n${tailOf(a.build!.log)}`);
    await run('bash', [ENGINE_SCRIPT, 'registry', 'start']);
    await podman(['manifest', 'rm', MANIFEST_LIST], { allowFailure: true });
    await podman(['manifest', 'create', MANIFEST_LIST]);
    for (const a of [assets.amd64, assets.arm64]) await podman(['manifest', 'add', MANIFEST_LIST, `containers-storage:localhost/${a.tag}`]);
    await podman(['manifest', 'push', '--all', '--format', 'v2s2', MANIFEST_LIST, `docker://${MANIFEST_LIST}`]);
    const list = JSON.parse((await run('skopeo', ['inspect', '--tls-verify=false', '--raw', `docker://${MANIFEST_LIST}`])).stdout);
    expect(list.mediaType).toBe('application/vnd.docker.distribution.manifest.list.v2+json');
    expect(list.manifests.map((m: { platform: { os: string; architecture: string } }) => `${m.platform.os}/${m.platform.architecture}`).sort())
      .toEqual(['linux/amd64', 'linux/arm64']);
    await podman(['manifest', 'rm', MANIFEST_LIST]);
    for (const platform of ['linux/amd64', 'linux/arm64']) {
      await podman(['pull', '-q', '--platform', platform, MANIFEST_LIST]);
      expect(await podmanInspect(MANIFEST_LIST, '{{.Os}}/{{.Architecture}}')).toBe(platform);
      await podman(['rmi', '--no-prune', MANIFEST_LIST]);
    }
    markVerified('podman-manifest-list');
  });

  test('what podman 4.3 refuses, on the library\'s renderings: arm64 without BUILDPLATFORM, and a registry cache', () => {
    const unfixed = assets.arm64Unfixed.build!;
    // FROM --platform=$BUILDPLATFORM loses its platform; podman looks for the linux/arm64 toolchain image, which no registry has here.
    expect({ failed: unfixed.exitCode !== 0, ranAStep: /STEP 2\/\d+:/.test(unfixed.log) }).toEqual({ failed: true, ranAStep: false });
    expect(unfixed.log).toMatch(/STEP 1\/\d+: FROM rust:1\.\d+\.\d+-trixie AS toolchain/);
    expect(unfixed.log).toContain(`creating build container: initializing source docker://${RUST_IMAGE}`);

    const cached = assets.registryCache;
    expect(cached.argv).toContain('--cache-to');
    expect(cached.build!.exitCode).not.toBe(0);
    expect(cached.build!.log).toContain(`Error: unable to parse value provided \`type=registry,ref=${REGISTRY}/cdk-rust-image-engine-test/podman-cache:main,mode=max\` `
      + `to --cache-to: invalid repo "type=registry,ref=${REGISTRY}/cdk-rust-image-engine-test/podman-cache:main,mode=max": must contain registry and repository`);
  });

  describe('probe Dockerfiles made of the lines the library renders', () => {
    let work: string;
    beforeAll(() => {
      work = suiteTempDir('podman-probe');
    });

    /** The RUN flags of the first rendered RUN with a mount of `kind`. */
    function mountFlags(dockerfile: string, kind: string): string[] {
      const found = runInstructions(dockerfile).find((r) => r.flags.some((f) => f.startsWith(`--mount=type=${kind},`)));
      if (!found) throw new Error(`no RUN --mount=type=${kind} in:\n${dockerfile}`);
      return found.flags;
    }

    function probe(name: string, lines: string[]): string {
      const file = path.join(work, `${name}.Dockerfile`);
      fs.writeFileSync(file, `${lines.join('\n')}\n`);
      return file;
    }

    test('cache mounts (ids, sharing=locked) keep their content from one build to the next; secret and SSH mounts get --secret and --ssh', async () => {
      const crate = copyFixture('task-api');
      const mounts = new ScratchRuntime()
        .compose(new RustMuslImage({ crateDirectory: crate, dependencyCaching: DependencyCaching.cacheMounts() })).dockerfile;
      const cacheFlags = mountFlags(mounts, 'cache');
      expect(cacheFlags.join(' ')).toMatch(/--mount=type=cache,id=cdk-rust-image-cargo-registry,target=\/usr\/local\/cargo\/registry,sharing=locked/);
      const cacheProbe = probe('cache', [
        `FROM ${RUST_IMAGE}`, 'ARG RUN_ID',
        `RUN ${cacheFlags.join(' ')} echo "run $RUN_ID" >> /build/target/podman-probe && cat /build/target/podman-probe`,
      ]);
      const runId = String(Date.now());
      const cacheRuns = [];
      for (const n of ['1', '2']) {
        cacheRuns.push(await podmanIn(work, [
          'build', '--no-cache', '--network', 'host', '--build-arg', `RUN_ID=${runId}-${n}`, '-f', cacheProbe, '-t', `cdk-rust-image-engine-test/podman-probe:cache-${n}`, '.',
        ]));
      }
      expect(cacheRuns.map((r) => r.exitCode)).toEqual([0, 0]);
      // The second build saw the first one's line: the cache directory outlived the build, under the same id.
      expect(cacheRuns[1].log).toMatch(new RegExp(`run ${runId}-1\\nrun ${runId}-2`));

      const keyDir = suiteTempDir('podman-key');
      const key = path.join(keyDir, 'deploy_key');
      // execFileSync: ssh-keygen may exit before a piped stdin is closed (EPIPE).
      execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'podman probe', '-f', key], { stdio: 'ignore' });
      fs.writeFileSync(path.join(keyDir, 'token'), 'podman-probe-token');
      const priv = new ScratchRuntime().compose(new RustMuslImage({
        crateDirectory: crate,
        buildSecrets: [{ id: 'cargo-token', environmentVariable: 'CARGO_REGISTRIES_PRIVATE_TOKEN', sourceFile: path.join(keyDir, 'token') }],
        sshAgent: { keys: [key], knownHosts: ['git.example ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl'] },
      })).dockerfile;
      const secretFlags = mountFlags(priv, 'secret');
      expect(secretFlags).toEqual(['--mount=type=secret,id=cargo-token,target=/run/secrets/cargo-token,required=true', '--mount=type=ssh,id=default,required=true']);
      const secretProbe = probe('secret', [
        `FROM ${RUST_IMAGE}`,
        `RUN ${secretFlags.join(' ')} echo "token=$(cat /run/secrets/cargo-token)" && ssh-add -l`,
      ]);
      // The flags cdk-assets passes for these props (dockerBuildSecrets, dockerBuildSsh).
      const withBoth = await podmanIn(work, ['build', '--no-cache', '--network', 'host', '--secret', `id=cargo-token,src=${path.join(keyDir, 'token')}`,
        '--ssh', `default=${key}`, '-f', secretProbe, '-t', 'cdk-rust-image-engine-test/podman-probe:secret', '.']);
      // podman's agent holds the key without its comment: compare fingerprints.
      const fingerprint = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', `${key}.pub`], { encoding: 'utf-8', stdio: ['ignore', 'pipe', 'pipe'] }).split(/\s+/)[1];
      expect({ exitCode: withBoth.exitCode, token: withBoth.log.includes('token=podman-probe-token'), key: withBoth.log.includes(`256 ${fingerprint} `) })
        .toEqual({ exitCode: 0, token: true, key: true });
      const without = await podmanIn(work, ['build', '--no-cache', '--network', 'host', '-f', secretProbe, '-t', 'cdk-rust-image-engine-test/podman-probe:secret', '.']);
      expect(without.exitCode).not.toBe(0);
      expect(without.log).toContain('secret required but no secret with id cargo-token found');
      await podman(['rmi', '-f', ...['cache-1', 'cache-2', 'secret'].map((t) => `cdk-rust-image-engine-test/podman-probe:${t}`)], { allowFailure: true });
      markVerified('podman-build-mounts');
    });

    test('multiPlatform\'s FROM <stage>-${TARGETARCH}: podman 4.3 needs a global ARG TARGETARCH, which Docker 20.10 then leaves empty', async () => {
      const multi = new ScratchRuntime().compose(new RustMuslImage({ crateDirectory: copyFixture('task-api'), multiPlatform: true })).dockerfile;
      const pick = multi.split('\n').find((l) => l.startsWith('FROM builder-'));
      expect(pick).toBe('FROM builder-${TARGETARCH} AS builder');
      const stages = ['FROM scratch AS builder-amd64', 'COPY Dockerfile /amd64', 'FROM scratch AS builder-arm64', 'COPY Dockerfile /arm64', pick!, 'FROM builder', ''];
      fs.writeFileSync(path.join(work, 'Dockerfile'), '# the probe\n');
      const rendered = probe('pick', stages);
      const globalArg = probe('pick-global-arg', ['ARG TARGETARCH', ...stages]);
      const build = (engine: 'podman' | 'docker', file: string) => {
        const args = ['build', '--platform', 'linux/arm64', '-f', file, '-t', `cdk-rust-image-engine-test/podman-probe:${engine}`, '.'];
        return engine === 'podman'
          ? podmanIn(work, args)
          : getEngine().docker(args, { cwd: work, allowFailure: true })
            .then((r) => ({ exitCode: r.exitCode, log: r.stderr + r.stdout, durationMs: r.durationMs }));
      };
      const podmanRendered = await build('podman', rendered);
      expect(podmanRendered.exitCode).not.toBe(0);
      expect(podmanRendered.log).toContain('FROM builder- AS builder');
      expect(podmanRendered.log).toContain('Error: creating build container: invalid reference format');
      expect((await build('podman', globalArg)).exitCode).toBe(0);
      expect((await build('docker', rendered)).exitCode).toBe(0);
      const dockerGlobal = await build('docker', globalArg);
      expect({ exitCode: dockerGlobal.exitCode, says: dockerGlobal.log.includes('failed to parse stage name "builder-": invalid reference format') })
        .toEqual({ exitCode: 1, says: true });
      await podman(['rmi', '-f', 'cdk-rust-image-engine-test/podman-probe:podman'], { allowFailure: true });
      await getEngine().docker(['rmi', '-f', 'cdk-rust-image-engine-test/podman-probe:docker'], { allowFailure: true });
    });

  });
});
