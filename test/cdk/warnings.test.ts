import * as fs from 'fs';
import * as path from 'path';
import { Annotations as CoreAnnotations, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { makeCrate, newStack } from './crate';
import {
  Architecture, CrossCompilation, DistrolessRuntime, HealthCheck, LoadBalancerExposure, RuntimeUser,
  RustFargateService, RustServiceImage, RustServiceImageProps, RustWorkspaceServices,
} from '../../src';
import { WARNING_IDS } from '../../src/image/build-warning';
import { copyTree, makeTree, pkg, symlink, writeTree } from '../util';

const NATIVE_TLS = path.join(__dirname, '..', 'fixtures', 'cargo', 'native-tls');
const KNOWN_IDS: string[] = Object.values(WARNING_IDS);

const stack = (): Stack => newStack('Stack', { region: 'eu-west-1' });

interface Warning {
  readonly path: string;
  readonly id: string;
  readonly message: string;
}

/** Every warning of the stack, split into the id CDK's acknowledgement tag carries and the message. */
function warningsOf(s: Stack): Warning[] {
  return Annotations.fromStack(s).findWarning('*', Match.anyValue()).map((w) => {
    const text = String(w.entry.data);
    const m = /^([^]*) \[ack: ([^\]]+)\]$/.exec(text);
    return { path: w.id, id: m ? m[2] : '(none)', message: m ? m[1] : text };
  });
}

describe('warnings carry a fixed id', () => {
  test('a default image warns about nothing', () => {
    const s = stack();
    const image = new RustServiceImage(s, 'Image', { crateDirectory: makeCrate(), architecture: Architecture.ARM64 });
    image.addToTaskDefinition(new ecs.FargateTaskDefinition(s, 'Other', { runtimePlatform: image.runtimePlatform }));
    expect(warningsOf(s)).toEqual([]);
  });

  test('a root user', () => {
    const s = stack();
    new RustServiceImage(s, 'Image', { crateDirectory: makeCrate(), user: RuntimeUser.root() });
    expect(warningsOf(s)).toEqual([{
      path: '/Stack/Image',
      id: 'cdk-rust-image:rootUser',
      message: 'The service runs as root (user 0:0): a compromised process owns the whole container. Use RuntimeUser.nonRoot() (65532:65532) unless it truly needs root.',
    }]);
  });

  test('a health check on a port the service does not expose', () => {
    const s = stack();
    new RustServiceImage(s, 'Image', { crateDirectory: makeCrate(), port: 8080, healthCheck: HealthCheck.http('/health', { port: 9090 }) });
    expect(warningsOf(s)).toEqual([{
      path: '/Stack/Image',
      id: 'cdk-rust-image:healthCheckPort',
      message: 'The health check probes port 9090, but the service listens on (and the image exposes) port 8080: the check fails unless the service also listens there. '
        + 'Remove healthCheck\'s port option, or set it to 8080.',
    }]);
  });

  test('advice from the image layer (openssl-sys and native-tls with musl) reaches the construct with its ids', () => {
    const s = stack();
    new RustServiceImage(s, 'Image', { crateDirectory: copyTree(NATIVE_TLS) });
    expect(warningsOf(s).map((w) => [w.path, w.id])).toEqual([
      ['/Stack/Image', 'cdk-rust-image:opensslMusl'],
      ['/Stack/Image', 'cdk-rust-image:nativeTlsMusl'],
    ]);
    expect(warningsOf(s)[0].message).toMatch(/^Cargo\.lock in \S+ contains openssl-sys, which links the system OpenSSL: /);
  });

  test('each service of a RustWorkspaceServices reports its own runtime\'s advice; what they share, once', () => {
    const s = stack();
    const workspace = makeTree({
      'Cargo.toml': '[workspace]\nmembers = ["api", "worker"]\n',
      'api/Cargo.toml': pkg('api'),
      'api/src/main.rs': 'fn main() {}\n',
      'worker/Cargo.toml': pkg('worker'),
      'worker/src/main.rs': 'fn main() {}\n',
    });
    new RustWorkspaceServices(s, 'Services', {
      crateDirectory: workspace,
      services: [{ binaryName: 'api' }, { binaryName: 'worker', runtime: new DistrolessRuntime({ user: RuntimeUser.root() }) }],
    });
    expect(warningsOf(s).map((w) => [w.path, w.id])).toEqual([
      ['/Stack/Services', 'cdk-rust-image:noCargoLock'],
      ['/Stack/Services', 'cdk-rust-image:rootUser'],
    ]);
  });

  test('an ARM64 image in a Fargate task definition without a runtime platform', () => {
    const s = stack();
    const image = new RustServiceImage(s, 'Image', { crateDirectory: makeCrate(), architecture: Architecture.ARM64 });
    image.addToTaskDefinition(new ecs.FargateTaskDefinition(s, 'TaskDefinition'));
    expect(warningsOf(s)).toEqual([{
      path: '/Stack/TaskDefinition',
      id: 'cdk-rust-image:missingRuntimePlatform',
      message: 'The task definition sets no runtimePlatform, so Fargate runs it on X86_64, but the image Stack/Image is built for linux/arm64: '
        + 'the container would fail with "exec format error". Pass runtimePlatform: image.runtimePlatform to the task definition.',
    }]);
  });

  test('an X86_64 image needs no runtime platform', () => {
    const s = stack();
    const image = new RustServiceImage(s, 'Image', { crateDirectory: makeCrate() });
    image.addToTaskDefinition(new ecs.FargateTaskDefinition(s, 'TaskDefinition'));
    expect(warningsOf(s)).toEqual([]);
  });

  test('a load balancer in front of an image without an HTTP health check', () => {
    const s = stack();
    const image = new RustServiceImage(s, 'Image', { crateDirectory: makeCrate(), healthCheck: HealthCheck.exec(['/app/task-api', 'healthcheck']) });
    new RustFargateService(s, 'Service', { image, loadBalancer: LoadBalancerExposure.PUBLIC });
    expect(warningsOf(s)).toEqual([{
      path: '/Stack/Service',
      id: 'cdk-rust-image:loadBalancerHealthCheck',
      message: 'The image\'s health check is not an HTTP check, so the load balancer probes "/" on port 8080. '
        + 'Use HealthCheck.http(\'/health\') on the image so the load balancer and ECS check the same endpoint.',
    }]);
  });
});

describe('acknowledging a warning by its id', () => {
  test('acknowledging one id on the stack before synthesis leaves the others', () => {
    const s = stack();
    CoreAnnotations.of(s).acknowledgeWarning('cdk-rust-image:opensslMusl', 'we vendor OpenSSL');
    new RustServiceImage(s, 'Image', { crateDirectory: copyTree(NATIVE_TLS), user: RuntimeUser.root() });
    expect(warningsOf(s).map((w) => w.id)).toEqual(['cdk-rust-image:nativeTlsMusl', 'cdk-rust-image:rootUser']);
  });

  test('acknowledging one id on the image afterwards removes exactly that warning', () => {
    const s = stack();
    const image = new RustServiceImage(s, 'Image', { crateDirectory: copyTree(NATIVE_TLS), user: RuntimeUser.root() });
    expect(warningsOf(s).map((w) => w.id)).toEqual(['cdk-rust-image:opensslMusl', 'cdk-rust-image:nativeTlsMusl', 'cdk-rust-image:rootUser']);
    CoreAnnotations.of(image).acknowledgeWarning('cdk-rust-image:rootUser', 'the service binds port 80');
    expect(warningsOf(s).map((w) => w.id)).toEqual(['cdk-rust-image:opensslMusl', 'cdk-rust-image:nativeTlsMusl']);
  });

  test('every warning the library emits carries one of WARNING_IDS, and each id appears once per cause', () => {
    const s = stack();
    const crate = copyTree(NATIVE_TLS);
    writeTree(crate, { 'outside-link': symlink('/etc/hostname') });
    const props: RustServiceImageProps = {
      crateDirectory: crate,
      architecture: Architecture.ARM64,
      crossCompilation: CrossCompilation.emulated(),
      runtime: new DistrolessRuntime({ user: RuntimeUser.root(), healthCheck: HealthCheck.exec(['/app/native-tls', 'healthcheck']) }),
      imageDigests: { 'rust:1.99.0-trixie': `sha256:${'a'.repeat(64)}` },
    };
    const image = new RustServiceImage(s, 'Image', props);
    image.addToTaskDefinition(new ecs.FargateTaskDefinition(s, 'TaskDefinition'));
    new RustFargateService(s, 'Service', { image, loadBalancer: LoadBalancerExposure.INTERNAL });
    const ids = warningsOf(s).map((w) => w.id);
    for (const id of ids) expect(KNOWN_IDS).toContain(id);
    expect([...new Set(ids)].sort()).toEqual([
      'cdk-rust-image:emulatedBuild',
      'cdk-rust-image:loadBalancerHealthCheck',
      'cdk-rust-image:missingRuntimePlatform',
      'cdk-rust-image:nativeTlsMusl',
      'cdk-rust-image:opensslMusl',
      'cdk-rust-image:rootUser',
      'cdk-rust-image:symlinkOutsideContext',
      'cdk-rust-image:unpinnedImage',
    ]);
  });

  test('the no-Cargo.lock warning has its id', () => {
    const s = stack();
    const crate = makeCrate();
    fs.rmSync(path.join(crate, 'Cargo.lock'));
    new RustServiceImage(s, 'Image', { crateDirectory: crate });
    expect(warningsOf(s).map((w) => [w.path, w.id])).toEqual([['/Stack/Image', 'cdk-rust-image:noCargoLock']]);
  });
});

describe('errors', () => {
  test('a task definition whose CPU architecture contradicts the image', () => {
    const s = stack();
    const image = new RustServiceImage(s, 'Image', { crateDirectory: makeCrate(), architecture: Architecture.ARM64 });
    const taskDefinition = new ecs.FargateTaskDefinition(s, 'TaskDefinition', {
      runtimePlatform: { cpuArchitecture: ecs.CpuArchitecture.X86_64, operatingSystemFamily: ecs.OperatingSystemFamily.LINUX },
    });
    expect(() => image.addToTaskDefinition(taskDefinition)).toThrow(new Error(
      'TaskDefinition Stack/TaskDefinition: Invalid runtimePlatform.cpuArchitecture "X86_64": the image Stack/Image is built for linux/arm64 (CPU architecture ARM64). '
      + 'Pass runtimePlatform: image.runtimePlatform to the task definition, or build the image with the architecture the task definition runs.'));
  });
});
