import { Template, Match } from 'aws-cdk-lib/assertions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { makeCrate, newStack } from './crate';
import { AlpineRuntime, RustFargateService, RustServiceImage, ScratchRuntime } from '../../src';
import { makeTree, pkg } from '../util';

describe('environment.PORT is refused wherever it is given, naming both ports', () => {
  test('in RuntimeOptions: the runtime sets PORT from port', () => {
    expect(() => new ScratchRuntime({ port: 8080, environment: { LOG: 'info', PORT: '9090' } })).toThrow(new Error(
      'Invalid environment.PORT "9090": the image sets PORT from port (8080), which EXPOSE, the health check, the ECS port mapping and the load balancer also use. '
      + 'Set port: 9090 instead of environment.PORT.'));
    expect(() => new AlpineRuntime({ port: 3000, environment: { PORT: 'http' } })).toThrow(new Error(
      'Invalid environment.PORT "http": the image sets PORT from port (3000), which EXPOSE, the health check, the ECS port mapping and the load balancer also use. '
      + 'Set port: <the port> instead of environment.PORT.'));
  });

  const CONTAINER = 'Invalid environment.PORT "9090": the image listens on port 3000, which EXPOSE, the health check, the port mapping and the load balancer use. '
    + 'Set the port on the image (RustServiceImage port, or the runtime\'s port) instead of environment.PORT.';

  test('in RustContainerOptions of addToTaskDefinition', () => {
    const stack = newStack();
    const image = new RustServiceImage(stack, 'Image', { crateDirectory: makeCrate(), port: 3000 });
    expect(() => image.addToTaskDefinition(new ecs.FargateTaskDefinition(stack, 'TaskDefinition'), { environment: { PORT: '9090' } })).toThrow(new Error(`TaskDefinition Stack/TaskDefinition: ${CONTAINER}`));
  });

  test('in RustFargateService props', () => {
    const stack = newStack('Stack', { region: 'eu-west-1' });
    const image = new RustServiceImage(stack, 'Image', { crateDirectory: makeCrate(), port: 3000 });
    expect(() => new RustFargateService(stack, 'Service', { image, environment: { PORT: '9090' } })).toThrow(new Error(`TaskDefinition Stack/Service/TaskDefinition: ${CONTAINER}`));
  });

  test('other variables reach the container', () => {
    const stack = newStack('Stack', { region: 'eu-west-1' });
    const image = new RustServiceImage(stack, 'Image', { crateDirectory: makeCrate() });
    new RustFargateService(stack, 'Service', { image, environment: { RUST_LOG: 'info' } });
    Template.fromStack(stack).hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [Match.objectLike({ Environment: [{ Name: 'RUST_LOG', Value: 'info' }] })],
    });
  });
});

describe('container names', () => {
  test('a binary name with letters ECS does not accept becomes a valid container name', () => {
    const crate = makeTree({
      'Cargo.toml': pkg('tâche-ü'),
      'Cargo.lock': 'version = 4\n',
      'src/main.rs': 'fn main() {}\n',
    });
    const stack = newStack();
    const image = new RustServiceImage(stack, 'Image', { crateDirectory: crate });
    const container = image.addToTaskDefinition(new ecs.FargateTaskDefinition(stack, 'TaskDefinition', { runtimePlatform: image.runtimePlatform }));
    expect(container.containerName).toBe('t-che--');
    Template.fromStack(stack).hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [Match.objectLike({ Name: 't-che--', LogConfiguration: Match.objectLike({ Options: Match.objectLike({ 'awslogs-stream-prefix': 't-che--' }) }) })],
    });
  });

  test('a binary name such as "my.tool" is no Cargo name in the first place', () => {
    expect(() => new RustServiceImage(newStack(), 'Image', { crateDirectory: makeCrate(), binaryName: 'my.tool' })).toThrow(new Error(
      'RustServiceImage Stack/Image: Invalid binaryName "my.tool": cargo accepts only names of letters, digits, "_" and "-" that start with a letter or "_" (at most 64 characters here). '
      + 'Rename it to a Cargo name such as "task-api".'));
  });

  test.each([['my.tool'], ['a b'], [''], ['x'.repeat(256)]])('an explicit containerName %j that ECS rejects is refused', (containerName) => {
    const stack = newStack();
    const image = new RustServiceImage(stack, 'Image', { crateDirectory: makeCrate() });
    const shown = JSON.stringify(containerName).length <= 160 ? JSON.stringify(containerName) : `${JSON.stringify(containerName).slice(0, 160)}… (256 characters)`;
    expect(() => image.addToTaskDefinition(new ecs.FargateTaskDefinition(stack, 'TaskDefinition'), { containerName })).toThrow(new Error(
      `TaskDefinition Stack/TaskDefinition: Invalid containerName ${shown}: expected up to 255 letters, digits, "_" and "-" (what ECS accepts). Change containerName to up to 255 letters, digits, "_" and "-" (what ECS accepts).`));
  });
});
