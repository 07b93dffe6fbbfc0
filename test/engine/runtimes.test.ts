/**
 * The library's rendered images on a real engine: for scratch, debian-slim and
 * the dev image, the Dockerfile and support files that `ImageBuild.writeTo`
 * writes build unmodified; the container runs as the configured non-root
 * uid/gid (read from /proc); /health answers and Docker's own HEALTHCHECK
 * turns healthy; the task API works; the production binaries are static.
 *
 * Distroless and Alpine are in standins.test.ts.
 */
import * as fs from 'fs';
import * as path from 'path';
import {
  BuildResult, cleanup, containerHttpGet, containerHttpRequest, copyFixture,
  DEBIAN_IMAGE, describeWithEngine, ensureStandins, getEngine, imageFiles, processUidGid, readElf, runContainer, tryBuildImage, waitHealthy,
} from './engine-harness';
import { FAST_HEALTH_CHECK, parseMarkers, taskApiBuilder, V1_MARKERS } from './task-api';
import { DebianSlimRuntime, DependencyCaching, DevImage, ImageBuild, ImageRuntime, RuntimeUser, ScratchRuntime } from '../../src';

interface RuntimeCase {
  readonly name: string;
  readonly runtime: ImageRuntime;
  readonly uid: number;
  readonly gid: number;
  /** Whether the runtime ships the statically linked release binary (dev builds natively). */
  readonly staticBinary: boolean;
}

const CASES: RuntimeCase[] = [
  {
    // A custom user (and a gid that differs from the uid) proves the ids come from the model, not a default.
    name: 'scratch',
    runtime: new ScratchRuntime({ healthCheck: FAST_HEALTH_CHECK, user: RuntimeUser.of({ uid: 10001, gid: 10002, name: 'tasks' }) }),
    uid: 10001,
    gid: 10002,
    staticBinary: true,
  },
  // The Debian stand-in is trixie; the library's default base is still bookworm until its defaults move.
  { name: 'debian-slim', runtime: new DebianSlimRuntime({ healthCheck: FAST_HEALTH_CHECK, baseImage: DEBIAN_IMAGE }), uid: 65532, gid: 65532, staticBinary: true },
  { name: 'dev', runtime: new DevImage({ healthCheck: FAST_HEALTH_CHECK }), uid: 65532, gid: 65532, staticBinary: false },
];

describeWithEngine('library-rendered images on a real engine', () => {
  afterAll(async () => {
    await cleanup({ images: true });
  });

  describe.each(CASES)('$name', (c) => {
    const tag = `cdk-rust-image-engine-test/runtime:${c.name}`;
    let dir: string;
    let build: ImageBuild;
    let result: BuildResult;
    let container: string | undefined;

    beforeAll(async () => {
      await ensureStandins();
      dir = copyFixture('task-api');
      build = c.runtime.compose(taskApiBuilder(dir, { dependencyCaching: DependencyCaching.none() }));
      build.writeTo(dir);
      result = await tryBuildImage(dir, 'Dockerfile', tag);
      if (result.ok) container = await runContainer(tag);
    });

    afterAll(() => {
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    /** The running container, or an error that carries the end of the build log. */
    function running(): string {
      if (!container) throw new Error(`${tag} did not build:\n${result.log.trimEnd().split('\n').slice(-40).join('\n')}`);
      return container;
    }

    test('the image builds from the rendered Dockerfile and support files, unmodified', () => {
      expect(fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf-8')).toBe(build.dockerfile);
      for (const file of build.supportFiles) {
        expect(fs.readFileSync(path.join(dir, file.path), 'utf-8')).toBe(file.content);
      }
      expect({ ok: result.ok, logTail: result.ok ? '' : result.log.slice(-3000) }).toEqual({ ok: true, logTail: '' });
    });

    test(`the service runs as ${c.uid}:${c.gid} (from /proc, not the Dockerfile)`, async () => {
      const ids = await processUidGid(running());
      expect(build.user.spec).toBe(`${c.uid}:${c.gid}`);
      expect(ids).toEqual({ uid: c.uid, gid: c.gid, effectiveUid: c.uid, effectiveGid: c.gid });
    });

    test('GET /health answers 200 and Docker\'s own HEALTHCHECK turns healthy', async () => {
      const id = running();
      await waitHealthy(id, 30_000);
      const health = await containerHttpGet(id, '/health');
      expect(parseMarkers(health)).toEqual(V1_MARKERS);
      const state = JSON.parse((await getEngine().docker(['inspect', '--format', '{{json .State.Health}}', id])).stdout);
      expect(state.Status).toBe('healthy');
      expect(state.Log.some((probe: { ExitCode: number }) => probe.ExitCode === 0)).toBe(true);
    });

    test('POST and GET /api/tasks work', async () => {
      const id = running();
      const created = await containerHttpRequest(id, 'POST', '/api/tasks', 8080, JSON.stringify({ title: 'ship the image' }));
      expect(created.status).toBe(201);
      expect(JSON.parse(created.body)).toEqual({ id: 1, title: 'ship the image', done: false });
      const rejected = await containerHttpRequest(id, 'POST', '/api/tasks', 8080, JSON.stringify({ title: '  ' }));
      expect(rejected.status).toBe(400);
      const list = await containerHttpGet(id, '/api/tasks');
      expect(list.status).toBe(200);
      expect(JSON.parse(list.body)).toEqual({ tasks: [{ id: 1, title: 'ship the image', done: false }], total: 1 });
    });

    if (c.staticBinary) {
      // The build's own check (its log line) is asserted in static-binary.test.ts, where the step cannot be cached.
      test('the shipped binary is static (readelf on the copy taken out of the image)', async () => {
        running();
        const elf = await readElf(tag, `/app/${build.binaryName}`);
        expect(elf).toMatch(/Type:\s+(EXEC|DYN)/);
        expect(elf).not.toMatch(/Requesting program interpreter/);
        expect(elf).not.toMatch(/\(NEEDED\)/);
      });
    }
  });

  test('the scratch image holds the binary, the probe, CA certificates and the user database, nothing else', async () => {
    const files = (await imageFiles('cdk-rust-image-engine-test/runtime:scratch'))
      // docker create adds these mount points and empty files to every container
      .filter((f) => !['/.dockerenv', '/etc/hostname', '/etc/hosts', '/etc/mtab', '/etc/resolv.conf', '/dev/console'].includes(f.path))
      .filter((f) => f.kind !== 'd');
    expect(files.map((f) => f.path).sort()).toEqual([
      '/app/task-api', '/etc/group', '/etc/passwd', '/etc/ssl/certs/ca-certificates.crt', '/usr/local/bin/healthcheck',
    ]);
  });
});
