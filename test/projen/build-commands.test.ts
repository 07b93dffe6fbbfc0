import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Project } from 'projen';
import { synthSnapshot } from 'projen/lib/util/synth';
import { parse } from 'shell-quote';
import { BuildSecret, RustServiceImage, RustWorkspaceServices, ScratchRuntime, SshAgent } from '../../src';
import { dockerEngineGuard } from '../../src/projen/docker-commands';
import { RustDockerfiles } from '../../src/projen/rust-dockerfiles';
import { RustWorkspaceDockerfile } from '../../src/projen/rust-workspace-dockerfile';
import { buildFlags, BuildFlags } from '../build-flags';
import { assetSources } from '../cdk/stacks';
import { cdkAssetsBuildArgv } from '../cdk-assets-argv';
import { pkg, tempDir, writeTree } from '../util';

/*
 * The projen tasks and the CDK asset build the same image the same way: the
 * `docker build` a task runs (its exec, split as a shell splits it) asks for
 * the same target, platform, secrets and SSH agent as the one cdk-assets
 * runs for the asset (from the asset manifest of the synthesized app).
 */

const KNOWN_HOST = 'github.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl';

function privateOptions(): { buildSecrets: BuildSecret[]; sshAgent: SshAgent } {
  const secretFile = path.join(tempDir('secrets-'), 'cargo token');
  fs.writeFileSync(secretFile, 'token');
  return {
    buildSecrets: [{ id: 'cargo-token', environmentVariable: 'CARGO_REGISTRIES_PRIVATE_TOKEN', sourceFile: secretFile }],
    sshAgent: { keys: ['/keys/deploy key'], knownHosts: [KNOWN_HOST] },
  };
}

function writeWorkspace(root: string): string {
  return writeTree(root, {
    'Cargo.toml': '[workspace]\nmembers = ["api", "worker"]\nresolver = "2"\n',
    'Cargo.lock': 'version = 4\n\n[[package]]\nname = "api"\nversion = "0.1.0"\n\n[[package]]\nname = "worker"\nversion = "0.1.0"\n',
    'api/Cargo.toml': pkg('api'),
    'api/src/main.rs': 'fn main() {}\n',
    'worker/Cargo.toml': pkg('worker'),
    'worker/src/main.rs': 'fn main() {}\n',
  });
}

/** The flags of a projen task's single exec. */
function taskFlags(snapshot: Record<string, any>, task: string): { flags: BuildFlags; tags: string[] } {
  const steps = snapshot['.projen/tasks.json'].tasks[task].steps as Array<{ exec: string }>;
  // The engine check (dockerEngineGuard), then the build.
  expect(steps.map((step) => step.exec)).toEqual([dockerEngineGuard(task), expect.stringMatching(/^docker build /)]);
  const words = parse(steps[1].exec);
  expect(words.every((w) => typeof w === 'string')).toBe(true);
  return buildFlags(words as string[]);
}

describe('a projen task builds what the CDK asset builds', () => {
  test('RustWorkspaceDockerfile: each service\'s task passes the secrets and the SSH agent, like RustWorkspaceServices\' asset', () => {
    const options = privateOptions();
    const project = new Project({ name: 'platform', outdir: tempDir('workspace-project-') });
    const workspace = writeWorkspace(path.join(project.outdir, 'services'));
    new RustWorkspaceDockerfile(project, { crateDirectory: 'services', services: [{ binaryName: 'api' }, { binaryName: 'worker' }], ...options });
    const app = new App({ outdir: tempDir('cdk-out-') });
    new RustWorkspaceServices(new Stack(app, 'Stack'), 'Services', {
      crateDirectory: workspace, services: [{ binaryName: 'api' }, { binaryName: 'worker' }], ...options,
    });
    const sources = assetSources(app);
    // synthSnapshot removes the project directory afterwards.
    const snapshot = synthSnapshot(project);
    expect(snapshot['.projen/tasks.json'].tasks['docker:build:api'].steps).toEqual([{ exec: dockerEngineGuard('docker:build:api') }, {
      exec: `docker build --platform linux/amd64 -f Dockerfile --target runtime-api -t api:latest --secret 'id=cargo-token,src=${options.buildSecrets[0].sourceFile}' --ssh 'default=/keys/deploy key' .`,
    }]);
    for (const service of ['api', 'worker']) {
      const source = sources.find((s) => s.dockerBuildTarget === `runtime-${service}`)!;
      const asset = buildFlags(cdkAssetsBuildArgv(source, 'asset-tag'));
      const task = taskFlags(snapshot, `docker:build:${service}`);
      expect(task.flags).toEqual(asset.flags);
      expect(task.tags).toEqual([`${service}:latest`]);
      expect(task.flags.secrets).toEqual([`id=cargo-token,src=${options.buildSecrets[0].sourceFile}`]);
      expect(task.flags.ssh).toEqual(['default=/keys/deploy key']);
    }
  });

  test('RustDockerfiles: a variant\'s task asks for what RustServiceImage\'s asset asks for (but its own Dockerfile name)', () => {
    const options = privateOptions();
    const project = new Project({ name: 'task-api', outdir: tempDir('dockerfiles-project-') });
    writeTree(project.outdir, { 'Cargo.toml': pkg('task-api'), 'Cargo.lock': 'version = 4\n', 'src/main.rs': 'fn main() {}\n' });
    new RustDockerfiles(project, { binaryName: 'task-api', variants: ['scratch'], ...options });
    const app = new App({ outdir: tempDir('cdk-out-') });
    new RustServiceImage(new Stack(app, 'Stack'), 'Image', { crateDirectory: project.outdir, runtime: new ScratchRuntime(), ...options });
    const [source] = assetSources(app);
    const task = taskFlags(synthSnapshot(project), 'docker:build:scratch');
    const asset = buildFlags(cdkAssetsBuildArgv(source, 'asset-tag'));
    expect({ ...task.flags, file: 'Dockerfile' }).toEqual(asset.flags);
    expect(task.flags.file).toBe('Dockerfile.scratch');
    expect(task.tags).toEqual(['task-api:scratch']);
  });
});
