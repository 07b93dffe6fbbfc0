/**
 * The local registry (scripts/engine/registry.sh, Debian's docker-registry on
 * 127.0.0.1): push and pull, a multi-platform manifest list made with
 * `docker manifest` and pulled back per platform, and a registry inline build
 * cache that a `--cache-from` build imports.
 *
 * The full inline-cache proof (wiping every local image and the build cache
 * with `docker builder prune -af`, then seeing the layers come from the
 * registry) would wipe the shared engine's cache for everyone; STANDINS.md
 * records that run. Here the rebuild shows it reads the registry's cache
 * manifest.
 */
import * as fs from 'fs';
import * as path from 'path';
import {
  ALPINE_IMAGE, DEBIAN_IMAGE, describeWithEngine, ENGINE_SCRIPT, getEngine, removeAfterSuite, run, suiteTempDir,
} from '../../devtools/engine-harness';

const EXPERIMENTAL = { DOCKER_CLI_EXPERIMENTAL: 'enabled' };

describeWithEngine('the local registry', () => {
  let registry: string;

  beforeAll(async () => {
    const r = await run('bash', [ENGINE_SCRIPT, 'registry', 'start']);
    registry = /^REGISTRY=(.*)$/m.exec(r.stdout)![1];
  });

  const docker = (args: string[], env: Record<string, string> = {}) => getEngine().docker(args, { env });
  const ref = (name: string) => `${registry}/cdk-rust-image-engine-test/${name}`;
  const architecture = async (image: string) => (await docker(['image', 'inspect', '--format', '{{.Architecture}}', image])).stdout.trim();

  test('push, remove, pull and run', async () => {
    const image = ref('pushed:1');
    removeAfterSuite(image);
    await docker(['tag', ALPINE_IMAGE, image]);
    await docker(['push', image]);
    await docker(['rmi', image]);
    await docker(['pull', image]);
    expect((await docker(['run', '--rm', '--network', 'none', image, 'cat', '/etc/alpine-release'])).stdout.trim()).toBe(`${ALPINE_IMAGE.split(':')[1]}.0`);
  });

  test('a manifest list of an amd64 and an arm64 image, pulled back per platform', async () => {
    const list = ref('multi:1');
    const parts = { amd64: ref('multi:amd64'), arm64: ref('multi:arm64') };
    removeAfterSuite(list, parts.amd64, parts.arm64);
    for (const [arch, image] of Object.entries(parts)) {
      await docker(['tag', `${ALPINE_IMAGE}-${arch}`, image]);
      await docker(['push', image]);
    }
    await docker(['manifest', 'create', '--insecure', '--amend', list, parts.amd64, parts.arm64], EXPERIMENTAL);
    await docker(['manifest', 'push', '--insecure', '--purge', list], EXPERIMENTAL);
    const manifest = JSON.parse((await docker(['manifest', 'inspect', '--insecure', list], EXPERIMENTAL)).stdout);
    expect(manifest.mediaType).toBe('application/vnd.docker.distribution.manifest.list.v2+json');
    expect(manifest.manifests.map((m: { platform: { architecture: string } }) => m.platform.architecture).sort()).toEqual(['amd64', 'arm64']);
    for (const [arch, machine] of [['arm64', 'aarch64'], ['amd64', 'x86_64']]) {
      await docker(['pull', '--platform', `linux/${arch}`, list]);
      expect(await architecture(list)).toBe(arch);
      expect((await docker(['run', '--rm', '--network', 'none', '--platform', `linux/${arch}`, list, 'uname', '-m'])).stdout.trim()).toBe(machine);
    }
  });

  test('an inline build cache pushed with the image is imported by a --cache-from build', async () => {
    const image = ref('cache:1');
    removeAfterSuite(image);
    const dir = suiteTempDir('cache');
    fs.writeFileSync(path.join(dir, 'Dockerfile'), `FROM ${DEBIAN_IMAGE}\nRUN echo "cached step" > /step\n`);
    const build = (extra: string[]) => docker(['build', '--network', 'host', '--progress', 'plain', ...extra, '-t', image, dir]);
    await build(['--build-arg', 'BUILDKIT_INLINE_CACHE=1']);
    await docker(['push', image]);
    // The cache metadata travels in the image's config blob, which `docker inspect` does not show.
    const repo = `http://${registry}/v2/cdk-rust-image-engine-test/cache`;
    const manifest = <{ config: { digest: string } }> await (await fetch(`${repo}/manifests/1`, { headers: { Accept: 'application/vnd.docker.distribution.manifest.v2+json' } })).json();
    const config = <Record<string, unknown>> await (await fetch(`${repo}/blobs/${manifest.config.digest}`)).json();
    expect(Object.keys(config)).toContain('moby.buildkit.cache.v0');
    await docker(['rmi', image]);
    const rebuilt = await build(['--cache-from', image]);
    const log = rebuilt.stderr + rebuilt.stdout;
    expect(log).toContain(`importing cache manifest from ${image}`);
    const step = /^#(\d+) \[2\/2\] RUN echo/m.exec(log)?.[1];
    expect(step && log.includes(`#${step} CACHED`) ? 'CACHED' : log).toBe('CACHED');
  });
});
