/**
 * A multi-platform image from one rendering (`multiPlatform: true`): the
 * Dockerfile is built once per platform (`--platform linux/amd64`, then
 * `linux/arm64`; each cross-compiles on the build host, and the final stage
 * picks its builder by TARGETARCH), both are pushed to the local registry
 * (Debian's docker-registry on 127.0.0.1), joined in one manifest list
 * (`docker manifest create` + `push`, as the 20.10 CLI does it), removed
 * locally, and pulled back per platform and run.
 *
 * The small cc-probe fixture keeps it quick and still proves the point: each
 * pulled image runs and its C code reports the machine it was built for.
 *
 * A buildx user does the same in one command (not available with Debian's
 * Docker 20.10): `docker buildx build --platform linux/amd64,linux/arm64
 * --push -t <registry>/<name>:<tag> .`
 */
import {
  copyFixture, describeWithEngine, ENGINE_SCRIPT, getEngine, markVerified, readElf, removeAfterSuite, run, tryBuildImage,
} from '../../devtools/engine-harness';
import { HealthCheck, RustMuslImage, ScratchRuntime } from '../../src';

const EXPERIMENTAL = { DOCKER_CLI_EXPERIMENTAL: 'enabled' };
const PLATFORMS = [
  { arch: 'amd64', machine: 'x86_64', elf: /Machine:\s+Advanced Micro Devices X86-64/ },
  { arch: 'arm64', machine: 'aarch64', elf: /Machine:\s+AArch64/ },
];

describeWithEngine('a multi-platform image through a registry', () => {
  let registry: string;
  let dir: string;

  beforeAll(async () => {
    const r = await run('bash', [ENGINE_SCRIPT, 'registry', 'start']);
    registry = /^REGISTRY=(.*)$/m.exec(r.stdout)![1];
    dir = copyFixture('cc-probe');
  });

  test('built per platform from one Dockerfile, joined in a manifest list, pulled back and run per platform', async () => {
    const docker = (args: string[], env: Record<string, string> = {}) => getEngine().docker(args, { env });
    const build = new ScratchRuntime({ healthCheck: HealthCheck.none() }).compose(new RustMuslImage({ crateDirectory: dir, multiPlatform: true }));
    build.writeTo(dir);
    expect(build.dockerfile).toContain('FROM builder-${TARGETARCH} AS builder');

    const list = `${registry}/cdk-rust-image-engine-test/multi-platform:1`;
    const parts: string[] = [];
    for (const p of PLATFORMS) {
      const part = `${registry}/cdk-rust-image-engine-test/multi-platform:1-${p.arch}`;
      const result = await tryBuildImage(dir, 'Dockerfile', part, { platform: `linux/${p.arch}` });
      expect({ platform: p.arch, ok: result.ok, logTail: result.ok ? '' : result.log.slice(-4000) }).toEqual({ platform: p.arch, ok: true, logTail: '' });
      expect((await readElf(part, '/app/cc-probe'))).toMatch(p.elf);
      await docker(['push', part]);
      parts.push(part);
      removeAfterSuite(part);
    }
    removeAfterSuite(list);
    await docker(['manifest', 'create', '--insecure', '--amend', list, ...parts], EXPERIMENTAL);
    await docker(['manifest', 'push', '--insecure', '--purge', list], EXPERIMENTAL);
    const manifest = JSON.parse((await docker(['manifest', 'inspect', '--insecure', list], EXPERIMENTAL)).stdout);
    expect(manifest.mediaType).toBe('application/vnd.docker.distribution.manifest.list.v2+json');
    expect(manifest.manifests.map((m: { platform: { os: string; architecture: string } }) => `${m.platform.os}/${m.platform.architecture}`).sort())
      .toEqual(['linux/amd64', 'linux/arm64']);

    // Pulled back from the registry alone: the per-platform tags go first.
    await docker(['rmi', '-f', ...parts], {});
    for (const p of PLATFORMS) {
      await docker(['pull', '--platform', `linux/${p.arch}`, list]);
      expect((await docker(['image', 'inspect', '--format', '{{.Os}}/{{.Architecture}}', list])).stdout.trim()).toBe(`linux/${p.arch}`);
      const out = await docker(['run', '--rm', '--network', 'none', '--platform', `linux/${p.arch}`, list]);
      expect(out.stdout.trim()).toBe(`cc-probe c-headers=non-glibc machine=${p.machine} strlen=${p.machine.length} threads=30 tcp=gnip panic=abort`);
      await docker(['rmi', '-f', list]);
    }
    markVerified('multi-platform');
  });
});
