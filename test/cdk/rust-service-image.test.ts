import * as fs from 'fs';
import * as path from 'path';
import { Stage } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { RootConstruct } from 'constructs';
import { makeCrate, newStack } from './crate';
import { AlpineRuntime, Architecture, DevImage, HealthCheck, RuntimeUser, RustServiceImage, ScratchRuntime } from '../../src';
import { listFiles } from '../util';

function imageInTaskDefinition(props: Partial<ConstructorParameters<typeof RustServiceImage>[2]> = {}) {
  const stack = newStack();
  const image = new RustServiceImage(stack, 'Image', { crateDirectory: makeCrate(), ...props });
  const taskDefinition = new ecs.FargateTaskDefinition(stack, 'TaskDefinition', { runtimePlatform: image.runtimePlatform });
  image.addToTaskDefinition(taskDefinition);
  return { stack, image, template: Template.fromStack(stack) };
}

describe('the container that addToTaskDefinition adds', () => {
  test('runs on the image architecture, as the image user, with the image health check', () => {
    const { template } = imageInTaskDefinition({ architecture: Architecture.ARM64 });
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      RuntimePlatform: { CpuArchitecture: 'ARM64', OperatingSystemFamily: 'LINUX' },
      ContainerDefinitions: [Match.objectLike({
        Name: 'task-api',
        Essential: true,
        User: '65532:65532',
        PortMappings: [{ ContainerPort: 8080, Protocol: 'tcp' }],
        ReadonlyRootFilesystem: true,
        HealthCheck: {
          Command: ['CMD', '/usr/local/bin/healthcheck', '--timeout-ms=2500', 'http://127.0.0.1:8080/health'],
          Interval: 30,
          Timeout: 3,
          Retries: 3,
          StartPeriod: 5,
        },
        LinuxParameters: { InitProcessEnabled: true, Capabilities: { Drop: ['ALL'] } },
        LogConfiguration: Match.objectLike({ LogDriver: 'awslogs' }),
      })],
    });
  });

  test('logs to a new log group that keeps logs for a month', () => {
    const { template } = imageInTaskDefinition();
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [Match.objectLike({
        LogConfiguration: { LogDriver: 'awslogs', Options: Match.objectLike({ 'awslogs-stream-prefix': 'task-api' }) },
      })],
    });
  });

  test('port, user and health check timing come from the props', () => {
    const { template, image } = imageInTaskDefinition({
      port: 3000,
      user: RuntimeUser.of({ uid: 10001, name: 'taskapi' }),
      healthCheck: HealthCheck.http('/ready', { intervalSeconds: 10, timeoutSeconds: 2, retries: 5, startPeriodSeconds: 20 }),
    });
    expect(image.port).toBe(3000);
    expect(image.user.spec).toBe('10001:10001');
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      RuntimePlatform: { CpuArchitecture: 'X86_64', OperatingSystemFamily: 'LINUX' },
      ContainerDefinitions: [Match.objectLike({
        User: '10001:10001',
        PortMappings: [{ ContainerPort: 3000, Protocol: 'tcp' }],
        HealthCheck: {
          Command: ['CMD', '/usr/local/bin/healthcheck', '--timeout-ms=1500', 'http://127.0.0.1:3000/ready'],
          Interval: 10,
          Timeout: 2,
          Retries: 5,
          StartPeriod: 20,
        },
      })],
    });
  });

  test('an Alpine image checks health with the same wget command its HEALTHCHECK runs', () => {
    const { template, image } = imageInTaskDefinition({ runtime: new AlpineRuntime({ port: 8080 }) });
    const command = ['wget', '-q', '-O', '/dev/null', '-T', '3', 'http://127.0.0.1:8080/health'];
    expect(image.imageBuild.healthCheck).toEqual({ command, path: '/health', port: 8080, intervalSeconds: 30, timeoutSeconds: 3, startPeriodSeconds: 5, retries: 3 });
    expect(image.imageBuild.dockerfile).toContain(`CMD ${JSON.stringify(command).replace(/,/g, ', ')}`);
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [Match.objectLike({ HealthCheck: Match.objectLike({ Command: ['CMD', ...command] }) })],
    });
  });

  test('an exec health check runs the same command in ECS', () => {
    const { template } = imageInTaskDefinition({ healthCheck: HealthCheck.exec(['/app/task-api', 'healthcheck']) });
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [Match.objectLike({ HealthCheck: Match.objectLike({ Command: ['CMD', '/app/task-api', 'healthcheck'] }) })],
    });
  });

  test('without a health check the container has none', () => {
    const { template, image } = imageInTaskDefinition({ healthCheck: HealthCheck.none() });
    expect(image.healthCheck).toBeUndefined();
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [Match.objectLike({ HealthCheck: Match.absent() })],
    });
  });

  test('the dev image keeps a writable root file system; options can override it', () => {
    const dev = imageInTaskDefinition({ runtime: new DevImage() });
    dev.template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [Match.objectLike({ ReadonlyRootFilesystem: false })],
    });
    const stack = newStack();
    const image = new RustServiceImage(stack, 'Image', { crateDirectory: makeCrate() });
    const taskDefinition = new ecs.FargateTaskDefinition(stack, 'TaskDefinition');
    image.addToTaskDefinition(taskDefinition, { readonlyRootFilesystem: false, containerName: 'api', logRetention: 7 });
    Template.fromStack(stack).hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [Match.objectLike({ Name: 'api', ReadonlyRootFilesystem: false })],
    });
    Template.fromStack(stack).hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 7 });
  });

  test('a root user keeps its capabilities', () => {
    const { template } = imageInTaskDefinition({ user: RuntimeUser.root() });
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [Match.objectLike({ User: '0:0', LinuxParameters: { InitProcessEnabled: true } })],
    });
  });
});

describe('props', () => {
  test('runtime together with port, healthCheck or user is an error that names both', () => {
    expect(() => new RustServiceImage(newStack(), 'Image', {
      crateDirectory: makeCrate(),
      runtime: new ScratchRuntime(),
      port: 3000,
      user: RuntimeUser.nonRoot(),
    })).toThrow(/both runtime and port, user are set \(port 3000 differs from the runtime's port 8080\).*Pass port, user to the runtime's constructor \(e\.g\. new ScratchRuntime\(\{ port: \.\.\., user: \.\.\. \}\)\)/);
  });

  test('restating the runtime\'s own port is accepted (as in the design sketch)', () => {
    const image = new RustServiceImage(newStack(), 'Image', {
      crateDirectory: makeCrate(),
      runtime: new ScratchRuntime({ healthCheck: HealthCheck.http('/health') }),
      port: 8080,
    });
    expect(image.port).toBe(8080);
  });

  test('a Cargo.toml path works as crateDirectory', () => {
    const crate = makeCrate();
    const image = new RustServiceImage(newStack(), 'Image', { crateDirectory: path.join(crate, 'Cargo.toml') });
    expect(image.imageBuild.binaryName).toBe('task-api');
    expect(fs.realpathSync(image.imageBuild.contextDirectory)).toBe(fs.realpathSync(crate));
  });

  test('an image outside an App is an error', () => {
    expect(() => new RustServiceImage(new RootConstruct('Detached'), 'Image', { crateDirectory: makeCrate() }))
      .toThrow('RustServiceImage Detached/Image: Invalid props: the construct is not inside an App or Stage. Define it in one: it stages its build context in the cloud assembly directory.');
  });
});

describe('the staged build context', () => {
  test('holds the sources, the Dockerfile and the support files, and no target/, .git, node_modules or ignored files', () => {
    const stack = newStack();
    const image = new RustServiceImage(stack, 'Image', { crateDirectory: makeCrate() });
    const outdir = Stage.of(stack)!.outdir;
    expect(image.assetDirectory).toBe(path.join(outdir, `asset.${image.assetHash}`));
    // Staged once: the asset is the only thing in the cloud assembly (no staging folder, no second copy).
    expect(fs.readdirSync(outdir)).toEqual([`asset.${image.assetHash}`]);
    const sources = ['.dockerignore', 'Cargo.lock', 'Cargo.toml', 'Dockerfile', 'src/main.rs'];
    expect(image.imageBuild.supportFiles.map((f) => f.path)).toContain('.cdk-rust-image/assert-static.sh');
    expect(listFiles(image.assetDirectory)).toEqual([...sources, ...image.imageBuild.supportFiles.map((f) => f.path)].sort());
    expect(fs.readFileSync(path.join(image.assetDirectory, 'Dockerfile'), 'utf8')).toBe(image.imageBuild.dockerfile);
    expect(fs.readFileSync(path.join(image.assetDirectory, '.dockerignore'), 'utf8')).toBe(image.imageBuild.dockerignore);
  });

  test('the cloud assembly holds the Dockerfile inside the asset directory, for the image platform', () => {
    const stack = newStack();
    const image = new RustServiceImage(stack, 'Image', { crateDirectory: makeCrate(), architecture: Architecture.ARM64, buildArgs: { PROFILE: 'release' } });
    const assembly = Stage.of(stack)!.synth();
    const manifest = JSON.parse(fs.readFileSync(path.join(assembly.directory, 'Stack.assets.json'), 'utf8'));
    const entry = manifest.dockerImages[image.assetHash];
    expect(entry.source).toEqual({ directory: `asset.${image.assetHash}`, dockerFile: 'Dockerfile', platform: 'linux/arm64', dockerBuildArgs: { PROFILE: 'release' } });
    expect(fs.readFileSync(path.join(assembly.directory, entry.source.directory, 'Dockerfile'), 'utf8')).toBe(image.imageBuild.dockerfile);
    expect(fs.existsSync(path.join(assembly.directory, entry.source.directory, 'target'))).toBe(false);
  });

  test('a crate whose own .dockerignore re-includes target/ still stages no target/', () => {
    const image = new RustServiceImage(newStack(), 'Image', { crateDirectory: makeCrate({ '.dockerignore': '!target/release/task-api\n' }) });
    expect(listFiles(image.assetDirectory).filter((f) => f.startsWith('target'))).toEqual([]);
  });

  test('stale generated files in the crate do not reach the staged context', () => {
    const image = new RustServiceImage(newStack(), 'Image', {
      crateDirectory: makeCrate({ '.cdk-rust-image/stale.txt': 'old', 'Dockerfile': 'FROM busybox\n' }),
    });
    const files = listFiles(image.assetDirectory);
    expect(files).not.toContain('.cdk-rust-image/stale.txt');
    expect(fs.readFileSync(path.join(image.assetDirectory, 'Dockerfile'), 'utf8')).toBe(image.imageBuild.dockerfile);
  });
});
