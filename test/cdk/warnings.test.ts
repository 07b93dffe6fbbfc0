import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { cleanUp, makeCrate, tempDir } from './crate';
import {
  Architecture, HealthCheck, ImageBuild, IRuntime, LoadBalancerExposure, RuntimeUser,
  RustFargateService, RustMuslImage, RustServiceImage, ScratchRuntime,
} from '../../src';

afterAll(cleanUp);

function stack(): Stack {
  return new Stack(new App({ outdir: tempDir('cdk-out-') }), 'Stack', { env: { region: 'eu-west-1' } });
}

/** A runtime that reports what the image layer found while composing (e.g. openssl-sys with musl). */
class AdvisingRuntime implements IRuntime {
  private readonly inner = new ScratchRuntime();
  public readonly runtimeName = this.inner.runtimeName;
  public readonly port = this.inner.port;
  public readonly user = this.inner.user;
  public readonly healthCheck = this.inner.healthCheck;
  public readonly readOnlyRootFilesystem = true;
  constructor(private readonly advice: string[]) {}
  public dockerfile(builder: RustMuslImage) {
    return this.inner.dockerfile(builder);
  }
  public compose(builder: RustMuslImage): ImageBuild {
    const build = this.inner.compose(builder);
    build.warnings.push(...this.advice);
    return build;
  }
}

describe('warnings', () => {
  test('a default image warns about nothing', () => {
    const s = stack();
    const image = new RustServiceImage(s, 'Image', { crateDirectory: makeCrate(), architecture: Architecture.ARM64 });
    image.addToTaskDefinition(new ecs.FargateTaskDefinition(s, 'Other', { runtimePlatform: image.runtimePlatform }));
    expect(Annotations.fromStack(s).findWarning('*', Match.anyValue())).toEqual([]);
  });

  test('a root user', () => {
    const s = stack();
    new RustServiceImage(s, 'Image', { crateDirectory: makeCrate(), user: RuntimeUser.root() });
    Annotations.fromStack(s).hasWarning('/Stack/Image', Match.stringLikeRegexp('The service runs as root \\(user 0:0\\).*Use RuntimeUser.nonRoot\\(\\)'));
  });

  test('a health check on a port the service does not expose', () => {
    const s = stack();
    new RustServiceImage(s, 'Image', { crateDirectory: makeCrate(), port: 8080, healthCheck: HealthCheck.http('/health', { port: 9090 }) });
    Annotations.fromStack(s).hasWarning('/Stack/Image', Match.stringLikeRegexp('The health check probes port 9090, but the service listens on \\(and the image exposes\\) port 8080'));
  });

  test('advice from the image layer', () => {
    const s = stack();
    new RustServiceImage(s, 'Image', {
      crateDirectory: makeCrate(),
      runtime: new AdvisingRuntime(['openssl-sys does not link statically with musl; use rustls.', 'second']),
    });
    Annotations.fromStack(s).hasWarning('/Stack/Image', Match.stringLikeRegexp('^openssl-sys does not link statically with musl; use rustls\\.'));
    Annotations.fromStack(s).hasWarning('/Stack/Image', Match.stringLikeRegexp('^second'));
  });

  test('an ARM64 image in a Fargate task definition without a runtime platform', () => {
    const s = stack();
    const image = new RustServiceImage(s, 'Image', { crateDirectory: makeCrate(), architecture: Architecture.ARM64 });
    image.addToTaskDefinition(new ecs.FargateTaskDefinition(s, 'TaskDefinition'));
    Annotations.fromStack(s).hasWarning('/Stack/TaskDefinition', Match.stringLikeRegexp('sets no runtimePlatform, so Fargate runs it on X86_64, but the image Stack/Image is built for linux/arm64.*Pass runtimePlatform: image.runtimePlatform'));
  });

  test('an X86_64 image needs no runtime platform', () => {
    const s = stack();
    const image = new RustServiceImage(s, 'Image', { crateDirectory: makeCrate() });
    image.addToTaskDefinition(new ecs.FargateTaskDefinition(s, 'TaskDefinition'));
    expect(Annotations.fromStack(s).findWarning('*', Match.anyValue())).toEqual([]);
  });

  test('a load balancer in front of an image without an HTTP health check', () => {
    const s = stack();
    const image = new RustServiceImage(s, 'Image', { crateDirectory: makeCrate(), healthCheck: HealthCheck.exec(['/app/task-api', 'healthcheck']) });
    new RustFargateService(s, 'Service', { image, loadBalancer: LoadBalancerExposure.PUBLIC });
    Annotations.fromStack(s).hasWarning('/Stack/Service', Match.stringLikeRegexp('not an HTTP check \\(exec\\), so the load balancer probes "/" on port 8080'));
  });
});

describe('errors', () => {
  test('a task definition whose CPU architecture contradicts the image', () => {
    const s = stack();
    const image = new RustServiceImage(s, 'Image', { crateDirectory: makeCrate(), architecture: Architecture.ARM64 });
    const taskDefinition = new ecs.FargateTaskDefinition(s, 'TaskDefinition', {
      runtimePlatform: { cpuArchitecture: ecs.CpuArchitecture.X86_64, operatingSystemFamily: ecs.OperatingSystemFamily.LINUX },
    });
    expect(() => image.addToTaskDefinition(taskDefinition)).toThrow(
      'Invalid runtimePlatform.cpuArchitecture "X86_64" of task definition Stack/TaskDefinition: the image Stack/Image is built for linux/arm64 (CPU architecture ARM64). Pass runtimePlatform: image.runtimePlatform to the task definition, or build the image with the architecture the task definition runs.',
    );
  });
});
