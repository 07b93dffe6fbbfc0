import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { makeCrate } from './crate';
import { assetSources } from './stacks';
import { RustServiceImage, ScratchRuntime } from '../../src';
import { readTree, tempDir } from '../util';

/*
 * Build secrets and the SSH agent of the dependency fetch step reach the
 * CDK asset as `--secret id=<id>,src=<file>` and `--ssh`: which secret and
 * which keys, never their content.
 */

const KNOWN_HOST = 'github.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl';

test('build secrets and the SSH agent become the asset\'s --secret and --ssh, and no byte of the secret reaches the assembly', () => {
  const app = new App({ outdir: tempDir('cdk-out-') });
  const secretFile = path.join(tempDir('secret-'), 'token');
  fs.writeFileSync(secretFile, 'the-secret-token-value');
  new RustServiceImage(new Stack(app, 'Stack'), 'Image', {
    crateDirectory: makeCrate(),
    runtime: new ScratchRuntime(),
    buildSecrets: [{ id: 'cargo-token', environmentVariable: 'CARGO_REGISTRIES_PRIVATE_TOKEN', sourceFile: secretFile }],
    sshAgent: { keys: ['/keys/a', '/keys/b'], knownHosts: [KNOWN_HOST] },
  });
  const [source] = assetSources(app);
  expect(source.dockerBuildSecrets).toEqual({ 'cargo-token': `src=${secretFile}` });
  expect(source.dockerBuildSsh).toBe('default=/keys/a,/keys/b');
  const assembly = readTree(app.outdir);
  expect(Object.entries(assembly).filter(([, content]) => content.includes('the-secret-token-value')).map(([file]) => file)).toEqual([]);
});

test('a build secret without a file is refused for CDK, which can only pass files', () => {
  const app = new App({ outdir: tempDir('cdk-out-') });
  expect(() => new RustServiceImage(new Stack(app, 'S'), 'Image', { crateDirectory: makeCrate(), buildSecrets: [{ id: 'token' }] }))
    .toThrow('RustServiceImage S/Image: Invalid buildSecrets[0].sourceFile undefined: cdk-assets passes a build secret as --secret id=<id>,src=<file>');
});
