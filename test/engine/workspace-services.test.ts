/**
 * Several services of one Cargo workspace (`RustWorkspaceImages`, what
 * `RustWorkspaceServices` builds in CDK) on a real engine, with the
 * library's defaults (musl, the default toolchain image, skeleton caching,
 * scratch): ONE rendered Dockerfile, two build targets (`runtime-service-a`,
 * `runtime-service-b`), one shared dependency layer.
 *
 * Both targets are built, then one line of service A's crate changes (the
 * copy has a checkout's mtimes; the edited file is "now", and its new marker
 * is unique to this run, so no earlier run's cache can answer for it) and
 * both are rebuilt: B's image ID must be unchanged, A's must change and
 * serve the new marker, the dependency step must be CACHED in both rebuilds,
 * and no third-party crate may compile again.
 *
 * The rebuild compiles the workspace's own crates (the shared library, A and
 * B) in the one builder stage: the skeleton strategy deletes every local
 * crate's fingerprints before the real build, so cargo's mtime-based
 * freshness can never keep a stub. B's image stays the same because its
 * binary comes out byte-identical and BuildKit's `COPY --from` cache is
 * content-addressed.
 */
import * as crypto from 'crypto';
import * as path from 'path';
import { json200, stepStatus, stepSummary } from './teams-harness';
import {
  compiledCrates, containerHttpGet, copyFixture, describeWithEngine, getEngine, markVerified, replaceInFile,
  runContainer, setTreeMtime, tryBuildImage, waitForHttp200,
} from '../../devtools/engine-harness';
import { ImageBuild, RustWorkspaceImages } from '../../src';

const SERVICES = ['service-a', 'service-b'];
const WORKSPACE_CRATES = ['service-a', 'service-b', 'shared'];
/** The dependency layer's step: the skeleton build, before the real sources are copied. */
const DEPENDENCY_STEP = /^\[builder \d+\/\d+\] RUN cargo build --release /;

interface ServiceBuild {
  readonly ok: boolean;
  readonly log: string;
  readonly durationMs: number;
  readonly imageId: string;
}

describeWithEngine('two services of one workspace, one Dockerfile with targets (library defaults)', () => {
  let dir: string;
  let builds: ImageBuild[];
  const tag = (service: string, step: string) => `cdk-rust-image-engine-test/workspace-${service}:${step}`;

  beforeAll(() => {
    dir = copyFixture('two-services');
    setTreeMtime(dir);
    builds = new RustWorkspaceImages({
      crateDirectory: dir,
      services: SERVICES.map((binaryName) => ({ binaryName })),
    }).compose();
    builds[0].writeTo(dir);
  });

  async function buildService(build: ImageBuild, step: string): Promise<ServiceBuild> {
    const r = await tryBuildImage(dir, 'Dockerfile', tag(build.binaryName, step), { target: build.target, platform: build.platform });
    const imageId = r.ok ? (await getEngine().docker(['image', 'inspect', '--format', '{{.Id}}', tag(build.binaryName, step)])).stdout.trim() : '';
    return { ok: r.ok, log: r.log, durationMs: r.durationMs, imageId };
  }

  async function health(service: string, step: string): Promise<Record<string, string>> {
    const id = await runContainer(tag(service, step));
    await waitForHttp200(() => containerHttpGet(id, '/health'), 15_000);
    return json200(await containerHttpGet(id, '/health'));
  }

  test('one Dockerfile, a target per service, every service\'s binary in one builder stage', () => {
    expect(builds.map((b) => [b.binaryName, b.target, b.platform])).toEqual([
      ['service-a', 'runtime-service-a', 'linux/amd64'],
      ['service-b', 'runtime-service-b', 'linux/amd64'],
    ]);
    expect(builds[1].dockerfile).toBe(builds[0].dockerfile);
    const text = builds[0].dockerfile;
    expect(text.match(/^FROM .* AS builder$/gm)).toEqual(['FROM toolchain AS builder']);
    expect(text.match(/^FROM .* AS runtime-service-[ab]$/gm)).toEqual(['FROM scratch AS runtime-service-a', 'FROM scratch AS runtime-service-b']);
    // The library's defaults: the pinned toolchain, musl.
    expect(text).toMatch(/^FROM rust:[0-9.]+-trixie AS toolchain$/m);
    expect(text).toContain('--target x86_64-unknown-linux-musl --package service-a --package service-b --bin service-a --bin service-b');
  });

  test('a change to service A rebuilds A\'s image only; the dependency layer comes from the cache', async () => {
    const first: Record<string, ServiceBuild> = {};
    for (const build of builds) {
      first[build.binaryName] = await buildService(build, 'v1');
      expect({ service: build.binaryName, ok: first[build.binaryName].ok, tail: first[build.binaryName].ok ? '' : first[build.binaryName].log.slice(-4000) })
        .toEqual({ service: build.binaryName, ok: true, tail: '' });
    }
    expect(await health('service-a', 'v1')).toMatchObject({ service: 'service-a', marker: 'a-v1', shared: 'shared-v1' });
    expect(await health('service-b', 'v1')).toMatchObject({ service: 'service-b', marker: 'b-v1', shared: 'shared-v1' });

    // A marker no earlier run built: the rebuild cannot come from an old cache entry.
    const marker = `a-v2-${crypto.randomBytes(4).toString('hex')}`;
    replaceInFile(path.join(dir, 'crates/service-a/src/main.rs'), '"a-v1"', `"${marker}"`);

    const second: Record<string, ServiceBuild> = {};
    for (const build of builds) second[build.binaryName] = await buildService(build, 'v2');
    const a = second['service-a'];
    const b = second['service-b'];
    expect({ ok: a.ok, tail: a.ok ? '' : a.log.slice(-4000) }).toEqual({ ok: true, tail: '' });
    expect({ ok: b.ok, tail: b.ok ? '' : b.log.slice(-4000) }).toEqual({ ok: true, tail: '' });

    // B: the same image; A: a new one that serves the change.
    expect(b.imageId).toBe(first['service-b'].imageId);
    expect(a.imageId).not.toBe(first['service-a'].imageId);
    expect(await health('service-a', 'v2')).toMatchObject({ service: 'service-a', marker, shared: 'shared-v1' });
    expect(await health('service-b', 'v2')).toMatchObject({ service: 'service-b', marker: 'b-v1', shared: 'shared-v1' });

    // The shared dependency layer came from the cache in both rebuilds.
    for (const r of [a, b]) {
      const status = stepStatus(r.log, DEPENDENCY_STEP);
      expect({ dependencyStep: status, steps: status === 'CACHED' ? [] : stepSummary(r.log) }).toEqual({ dependencyStep: 'CACHED', steps: [] });
    }
    // The first rebuild compiled the workspace's own crates and nothing else; the second found it all in the cache.
    expect([...new Set(compiledCrates(a.log))].sort()).toEqual(WORKSPACE_CRATES);
    expect(compiledCrates(b.log)).toEqual([]);
    // eslint-disable-next-line no-console
    console.log(`workspace builds: v1 ${SERVICES.map((s) => `${s} ${(first[s].durationMs / 1000).toFixed(1)} s`).join(', ')}; `
      + `after the change to A: ${SERVICES.map((s) => `${s} ${(second[s].durationMs / 1000).toFixed(1)} s`).join(', ')}`);
    markVerified('workspace-two-services');
  });
});
