import * as path from 'path';
import * as fc from 'fast-check';
import { parse } from 'shell-quote';
import { Architecture, RustMuslImage, RustMuslImageProps, RustWorkspaceImages, ScratchRuntime } from '../../src';
import { shellCommand } from '../../src/core/shell';
import { buildFlags } from '../build-flags';
import { makeTree, pkg } from '../util';

/*
 * One derivation of how to invoke an image's build (ImageBuild.buildInvocation)
 * and one renderer of it (ImageBuild.dockerBuildCommand): exact argument
 * vectors for each thing the build can need.
 */

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'cargo');
const SINGLE = path.join(FIXTURES, 'single');
const KNOWN_HOST = 'github.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl';

const compose = (props: Partial<RustMuslImageProps> = {}) => new ScratchRuntime().compose(new RustMuslImage({ crateDirectory: SINGLE, ...props }));

describe('ImageBuild.buildInvocation', () => {
  test('a default image: its context, Dockerfile and platform, and nothing else', () => {
    const build = compose();
    expect(build.buildInvocation()).toEqual({
      contextDirectory: build.contextDirectory,
      dockerfileName: 'Dockerfile',
      platform: 'linux/amd64',
      platforms: ['linux/amd64'],
      buildArgs: {},
      secrets: [],
      cacheFrom: [],
      cacheDisabled: false,
      tags: [],
    });
    expect(build.dockerBuildCommand()).toEqual(['docker', 'build', '--platform', 'linux/amd64', '-f', 'Dockerfile', '.']);
  });

  test('a multi-platform Dockerfile names both platforms, and builds the architecture\'s one by default', () => {
    const build = compose({ architecture: Architecture.ARM64, multiPlatform: true });
    expect(build.buildInvocation().platforms).toEqual(['linux/amd64', 'linux/arm64']);
    expect(build.dockerBuildCommand()).toEqual(['docker', 'build', '--platform', 'linux/arm64', '-f', 'Dockerfile', '.']);
  });

  test('secrets (with and without a file) and the SSH agent come from the builder; the front end adds the rest', () => {
    const build = compose({
      buildSecrets: [{ id: 'token', sourceFile: '/run/ci/token', environmentVariable: 'TOKEN' }, { id: 'netrc' }],
      sshAgent: { id: 'git', keys: ['/keys/a', '/keys/b'], knownHosts: [KNOWN_HOST] },
    });
    expect(build.dockerBuildCommand({
      dockerfileName: 'Dockerfile.scratch',
      tags: ['task-api:scratch', 'task-api:latest'],
      buildArgs: { BUILDKIT_INLINE_CACHE: '1' },
      cacheFrom: [
        { cacheType: 'registry', params: { ref: 'registry.example.com/cache:main' } },
        { cacheType: 'local', params: { src: '/tmp/cache' } },
        { cacheType: 'registry', params: { ref: 'registry.example.com/cache:main', mode: 'max' } },
      ],
      cacheTo: { cacheType: 'registry', params: { ref: 'registry.example.com/cache:main', mode: 'max' } },
      cacheDisabled: true,
      networkMode: 'host',
      outputs: ['type=docker'],
    })).toEqual([
      'docker', 'build', '--platform', 'linux/amd64', '-f', 'Dockerfile.scratch',
      '-t', 'task-api:scratch', '-t', 'task-api:latest',
      '--secret', 'id=token,src=/run/ci/token', '--secret', 'id=netrc',
      '--ssh', 'git=/keys/a,/keys/b',
      '--build-arg', 'BUILDKIT_INLINE_CACHE=1',
      // A registry image alone is the plain reference that Docker 20.10 and buildx both read; anything else is typed.
      '--cache-from', 'registry.example.com/cache:main',
      '--cache-from', 'type=local,src=/tmp/cache',
      '--cache-from', 'type=registry,ref=registry.example.com/cache:main,mode=max',
      '--cache-to', 'type=registry,ref=registry.example.com/cache:main,mode=max',
      '--no-cache', '--network', 'host', '--output', 'type=docker',
      '.',
    ]);
  });

  test('each service of a workspace build is its own target of the one Dockerfile', () => {
    const workspace = makeTree({
      'Cargo.toml': '[workspace]\nmembers = ["api", "worker"]\n',
      'api/Cargo.toml': pkg('api'),
      'api/src/main.rs': 'fn main() {}\n',
      'worker/Cargo.toml': pkg('worker'),
      'worker/src/main.rs': 'fn main() {}\n',
    });
    const builds = new RustWorkspaceImages({ crateDirectory: workspace, services: [{ binaryName: 'api' }, { binaryName: 'worker' }] }).compose();
    expect(builds.map((b) => b.dockerBuildCommand({ tags: [`${b.binaryName}:latest`] }))).toEqual(['api', 'worker'].map((name) => [
      'docker', 'build', '--platform', 'linux/amd64', '-f', 'Dockerfile', '--target', `runtime-${name}`, '-t', `${name}:latest`, '.',
    ]));
  });

  test('quoted once at the edge, any tag, file or secret path reads back as the same words', () => {
    fc.assert(fc.property(
      fc.string({ minLength: 1, maxLength: 40 }).filter((s) => !/[\u0000-\u001f\u007f-\u009f\u2028\u2029\ud800-\udfff]/.test(s) && !/[,=]/.test(s)),
      (text) => {
        const build = compose({ buildSecrets: [{ id: 'token', sourceFile: `/secrets/${text}` }] });
        const argv = build.dockerBuildCommand({ dockerfileName: text, tags: [text] });
        const words = parse(shellCommand(argv, 'docker argument'));
        expect(words).toEqual(argv);
        expect(buildFlags(words as string[])).toEqual({
          flags: expect.objectContaining({ file: text, secrets: [`id=token,src=/secrets/${text}`], context: '.' }),
          tags: [text],
        });
      },
    ), { numRuns: 200 });
  });
});
