import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { assetSources, ENV, nagErrors } from './stacks';
import { DistrolessRuntime, LoadBalancerExposure, RegistryCache, RustFargateService, RustWorkspaceServices } from '../../src';
import { makeTree, pkg, tempDir } from '../util';

const CACHE = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/cache:main';

/** Two services that share a library crate. */
function workspace(): string {
  return makeTree({
    'Cargo.toml': '[workspace]\nmembers = ["api", "worker", "shared"]\nresolver = "2"\n',
    'Cargo.lock': 'version = 4\n\n[[package]]\nname = "api"\nversion = "0.1.0"\ndependencies = ["shared"]\n\n[[package]]\nname = "shared"\nversion = "0.1.0"\n\n[[package]]\nname = "worker"\nversion = "0.1.0"\ndependencies = ["shared"]\n',
    'api/Cargo.toml': pkg('api', '[dependencies]\nshared = { path = "../shared" }\n'),
    'api/src/main.rs': 'fn main() { shared::hi(); }\n',
    'worker/Cargo.toml': pkg('worker', '[dependencies]\nshared = { path = "../shared" }\n'),
    'worker/src/main.rs': 'fn main() { shared::hi(); }\n',
    'shared/Cargo.toml': pkg('shared'),
    'shared/src/lib.rs': 'pub fn hi() {}\n',
  }, 'workspace-');
}

function synth(root: string) {
  const app = new App({ outdir: tempDir('cdk-out-') });
  const stack = new Stack(app, 'Stack', { env: ENV });
  const services = new RustWorkspaceServices(stack, 'Services', {
    crateDirectory: root,
    services: [{ binaryName: 'api' }, { binaryName: 'worker', runtime: new DistrolessRuntime({ port: 9090 }) }],
    registryCache: RegistryCache.registry(CACHE),
  });
  new RustFargateService(stack, 'Api', { image: services.image('api'), loadBalancer: LoadBalancerExposure.PUBLIC });
  new RustFargateService(stack, 'Worker', { image: services.image('worker') });
  return { services, sources: assetSources(app), app };
}

describe('RustWorkspaceServices', () => {
  test('one staged context, one asset per service with its build target and the registry cache', () => {
    const { services, sources } = synth(workspace());
    expect(services.images.map((i) => i.imageBuild.target)).toEqual(['runtime-api', 'runtime-worker']);
    expect(sources.map((s) => s.dockerBuildTarget).sort()).toEqual(['runtime-api', 'runtime-worker']);
    expect(new Set(sources.map((s) => s.directory))).toEqual(new Set([path.basename(services.assetDirectory)]));
    for (const source of sources) {
      expect(source.cacheFrom).toEqual([{ type: 'registry', params: { ref: CACHE } }]);
      expect(source.cacheTo).toEqual({ type: 'registry', params: { ref: CACHE, mode: 'max' } });
    }
  });

  test('a change to one service leaves the other\'s asset hash alone; a change to what both use changes both', () => {
    const root = workspace();
    const [api1, worker1] = synth(root).services.images.map((i) => i.assetHash);
    fs.appendFileSync(path.join(root, 'api', 'src', 'main.rs'), '// a change to the api only\n');
    const [api2, worker2] = synth(root).services.images.map((i) => i.assetHash);
    expect({ apiChanged: api2 !== api1, workerChanged: worker2 !== worker1 }).toEqual({ apiChanged: true, workerChanged: false });
    fs.appendFileSync(path.join(root, 'shared', 'src', 'lib.rs'), '// a change both use\n');
    const [api3, worker3] = synth(root).services.images.map((i) => i.assetHash);
    expect({ apiChanged: api3 !== api2, workerChanged: worker3 !== worker2 }).toEqual({ apiChanged: true, workerChanged: true });
  });

  test('the services on Fargate pass cdk-nag at zero errors', () => {
    expect(nagErrors(synth(workspace()).app)).toEqual([]);
  });

  test('the Dockerfile has one builder for every binary and a runtime stage per service', () => {
    const { services } = synth(workspace());
    const dockerfile = services.images[0].imageBuild.dockerfile;
    expect(dockerfile.match(/^FROM toolchain AS builder$/gm)).toHaveLength(1);
    expect(dockerfile).toContain('cargo build --release --locked --target x86_64-unknown-linux-musl --package api --package worker --bin api --bin worker');
    expect(dockerfile).toMatch(/^FROM scratch AS runtime-api$/m);
    expect(dockerfile).toMatch(/^FROM gcr\.io\/distroless\/static-debian13:nonroot AS runtime-worker$/m);
    expect(services.image('worker').port).toBe(9090);
  });

  test('image() of a binary no service builds fails naming the services', () => {
    const { services } = synth(workspace());
    expect(() => services.image('nope')).toThrow(new Error(
      'RustWorkspaceServices Stack/Services: Invalid binaryName "nope": no service of the workspace builds it (services: api, worker). Pass the binary name of one of the services.'));
  });

  test('a service that is not a binary of the workspace fails naming it', () => {
    const app = new App({ outdir: tempDir('cdk-out-') });
    expect(() => new RustWorkspaceServices(new Stack(app, 'S'), 'Services', { crateDirectory: workspace(), services: [{ binaryName: 'api' }, { binaryName: 'nope' }] }))
      .toThrow(/^RustWorkspaceServices S\/Services: binaryName 'nope' is not a binary target/);
  });
});
