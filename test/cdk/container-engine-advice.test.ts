import { Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { makeCrate, newStack } from './crate';
import { Architecture, BuildLocation, RegistryCache, RustServiceImage, RustServiceImageProps, RustWorkspaceServices } from '../../src';
import { tempDir, writeTree } from '../util';

/*
 * The library reads CDK_DOCKER while it synthesizes (cdk-assets builds with
 * it when the asset is published) and warns about what that engine cannot
 * do with the build; the template and the asset hashes stay the same.
 */

const HOST_PLATFORM = process.arch === 'arm64' ? 'linux/arm64' : 'linux/amd64';

function withCdkDocker<T>(value: string | undefined, fn: () => T): T {
  const before = process.env.CDK_DOCKER;
  if (value === undefined) delete process.env.CDK_DOCKER;
  else process.env.CDK_DOCKER = value;
  try {
    return fn();
  } finally {
    if (before === undefined) delete process.env.CDK_DOCKER;
    else process.env.CDK_DOCKER = before;
  }
}

/** The ids of the stack's warnings by construct path (the id is in CDK's acknowledgement suffix). */
function warningIds(s: Stack): Array<[string, string]> {
  return Annotations.fromStack(s).findWarning('*', Match.anyValue())
    .map((w) => [w.id, /\[ack: ([^\]]+)\]$/.exec(String(w.entry.data))?.[1] ?? '(none)'] as [string, string]);
}

function image(cdkDocker: string | undefined, props: Partial<RustServiceImageProps>): Stack {
  return withCdkDocker(cdkDocker, () => {
    const s = newStack('Stack', { region: 'eu-west-1' });
    new RustServiceImage(s, 'Image', { crateDirectory: makeCrate(), ...props });
    return s;
  });
}

describe('CDK_DOCKER at synth time', () => {
  test.each([undefined, 'docker', 'finch', '/usr/local/bin/finch'])('%s: a default arm64 image warns about nothing', (cdkDocker) => {
    expect(warningIds(image(cdkDocker, { architecture: Architecture.ARM64 }))).toEqual([]);
  });

  test('podman: the default arm64 image (gcc cross on $BUILDPLATFORM) gets the fix with the build host\'s platform', () => {
    const s = image('podman', { architecture: Architecture.ARM64 });
    expect(warningIds(s)).toEqual([['/Stack/Image', 'cdk-rust-image:podmanBuildPlatform']]);
    const [warning] = Annotations.fromStack(s).findWarning('/Stack/Image', Match.anyValue());
    expect(String(warning.entry.data)).toContain(`Fix: pass the build host's platform as a build argument, buildArgs: { BUILDPLATFORM: '${HOST_PLATFORM}' }.`);
  });

  test('podman: an image built in CodeBuild gets no advice (CodeBuild builds with its own Docker, not CDK_DOCKER)', () => {
    expect(warningIds(image('podman', { architecture: Architecture.ARM64, buildLocation: BuildLocation.codeBuild() }))).toEqual([]);
  });

  test('podman: the default amd64 image, and arm64 with the BUILDPLATFORM build argument, warn about nothing', () => {
    expect(warningIds(image('/usr/bin/podman', {}))).toEqual([]);
    expect(warningIds(image('podman', { architecture: Architecture.ARM64, buildArgs: { BUILDPLATFORM: 'linux/amd64' } }))).toEqual([]);
  });

  test('podman: multiPlatform, a registry cache, cacheFrom and outputs each get their own warning', () => {
    const s = image('podman', {
      multiPlatform: true,
      buildArgs: { BUILDPLATFORM: 'linux/amd64' },
      registryCache: RegistryCache.inline(['123456789012.dkr.ecr.eu-west-1.amazonaws.com/cache:builder']),
      outputs: ['type=registry'],
    });
    expect(warningIds(s).map(([, id]) => id)).toEqual([
      'cdk-rust-image:podmanMultiPlatform', 'cdk-rust-image:podmanBuildCache', 'cdk-rust-image:podmanOutputs',
    ]);
    const messages = Annotations.fromStack(s).findWarning('/Stack/Image', Match.anyValue()).map((w) => String(w.entry.data));
    expect(messages[1]).toContain('registryCache is set (["type=registry,ref=123456789012.dkr.ecr.eu-west-1.amazonaws.com/cache:builder"])');
    const fromCacheFrom = Annotations.fromStack(image('podman', { cacheFrom: [{ type: 'local', params: { src: '/cache' } }] }))
      .findWarning('/Stack/Image', Match.anyValue()).map((w) => String(w.entry.data));
    expect(fromCacheFrom).toHaveLength(1);
    expect(fromCacheFrom[0]).toContain('cacheFrom/cacheTo is set (["type=local,src=/cache"])');
  });

  test('the advice never changes the template or the asset hash', () => {
    const crate = makeCrate();
    const synth = (cdkDocker: string | undefined) => withCdkDocker(cdkDocker, () => {
      const s = newStack('Stack', { region: 'eu-west-1' });
      const built = new RustServiceImage(s, 'Image', { crateDirectory: crate, architecture: Architecture.ARM64 });
      return { template: Template.fromStack(s).toJSON(), hash: built.assetHash, warnings: warningIds(s).length };
    });
    const docker = synth(undefined);
    const podman = synth('podman');
    expect(podman.warnings).toBe(1);
    expect({ template: podman.template, hash: podman.hash }).toEqual({ template: docker.template, hash: docker.hash });
  });

  test('podman: RustWorkspaceServices warns once for the shared builder', () => {
    const root = tempDir('workspace-');
    writeTree(root, {
      'Cargo.toml': '[workspace]\nmembers = ["api", "worker"]\nresolver = "2"\n',
      'Cargo.lock': 'version = 4\n\n[[package]]\nname = "api"\nversion = "0.1.0"\n\n[[package]]\nname = "worker"\nversion = "0.1.0"\n',
      'api/Cargo.toml': '[package]\nname = "api"\nversion = "0.1.0"\nedition = "2021"\n',
      'api/src/main.rs': 'fn main() {}\n',
      'worker/Cargo.toml': '[package]\nname = "worker"\nversion = "0.1.0"\nedition = "2021"\n',
      'worker/src/main.rs': 'fn main() {}\n',
    });
    const s = withCdkDocker('podman', () => {
      const stack = newStack('Stack', { region: 'eu-west-1' });
      new RustWorkspaceServices(stack, 'Services', { crateDirectory: root, architecture: Architecture.ARM64, services: [{ binaryName: 'api' }, { binaryName: 'worker' }] });
      return stack;
    });
    expect(warningIds(s)).toEqual([['/Stack/Services', 'cdk-rust-image:podmanBuildPlatform']]);
  });
});
