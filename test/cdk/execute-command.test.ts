import { Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { makeCrate, newStack } from './crate';
import {
  AlpineRuntime, CustomRuntime, DebianSlimRuntime, DistrolessRuntime, ImageRuntime,
  RustFargateService, RustFargateServiceProps, RustServiceImage, ScratchRuntime,
} from '../../src';

function service(runtime: ImageRuntime, props: Partial<RustFargateServiceProps> = {}): { stack: Stack; template: Template } {
  const stack = newStack('Stack');
  const image = new RustServiceImage(stack, 'Image', { crateDirectory: makeCrate(), runtime });
  new RustFargateService(stack, 'Service', { image, enableExecuteCommand: true, ...props });
  return { stack, template: Template.fromStack(stack) };
}

function execWarnings(stack: Stack): string[] {
  return Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('cdk-rust-image:execWithoutShell')).map((w) => `${w.id}: ${String(w.entry.data)}`);
}

function containerOf(template: Template): { MountPoints?: unknown[]; ReadonlyRootFilesystem?: boolean } {
  const [taskDefinition] = Object.values(template.findResources('AWS::ECS::TaskDefinition'));
  return taskDefinition.Properties.ContainerDefinitions[0];
}

describe('ECS Exec', () => {
  test.each([
    ['scratch (the default)', new ScratchRuntime()],
    ['distroless', new DistrolessRuntime()],
    ['distroless nonroot, pinned by digest', new DistrolessRuntime({ baseImage: `gcr.io/distroless/static-debian13:nonroot@sha256:${'1'.repeat(64)}` })],
  ])('on an image without a shell warns, naming what runs and what to use: %s', (_name, runtime) => {
    const { stack } = service(runtime);
    expect(execWarnings(stack)).toEqual([
      `/Stack/Service: enableExecuteCommand is true, but the image Stack/Image (${runtime.runtimeName} runtime) has no shell: \`aws ecs execute-command --interactive --command /bin/sh\` fails with "executable file not found", `
      + 'and only the image\'s own binaries run (e.g. --command "/app/task-api"). For a shell, use DebianSlimRuntime, AlpineRuntime or DistrolessRuntime with a :debug base image; or turn enableExecuteCommand off. '
      + '[ack: cdk-rust-image:execWithoutShell]',
    ]);
  });

  test.each([
    ['alpine', new AlpineRuntime()],
    ['debian slim', new DebianSlimRuntime()],
    ['distroless :debug', new DistrolessRuntime({ baseImage: 'gcr.io/distroless/static-debian13:debug' })],
    ['distroless :debug-nonroot', new DistrolessRuntime({ baseImage: 'gcr.io/distroless/static-debian13:debug-nonroot' })],
    ['a custom runtime', new CustomRuntime({ baseImage: 'ubuntu:24.04' })],
  ])('on an image with a shell does not warn: %s', (_name, runtime) => {
    expect(execWarnings(service(runtime).stack)).toEqual([]);
  });

  test('without Exec, no warning and no agent volumes', () => {
    const { stack, template } = service(new ScratchRuntime(), { enableExecuteCommand: false });
    expect(execWarnings(stack)).toEqual([]);
    expect(containerOf(template).MountPoints).toEqual([{ ContainerPath: '/tmp', ReadOnly: false, SourceVolume: 'task-api-tmp' }]);
  });

  test('with a read-only root, the agent\'s paths are writable task-local volumes', () => {
    const { template } = service(new AlpineRuntime());
    expect(containerOf(template).ReadonlyRootFilesystem).toBe(true);
    expect(containerOf(template).MountPoints).toEqual([
      { ContainerPath: '/tmp', ReadOnly: false, SourceVolume: 'task-api-tmp' },
      { ContainerPath: '/managed-agents', ReadOnly: false, SourceVolume: 'task-api-exec-agent-1' },
      { ContainerPath: '/var/lib/amazon/ssm', ReadOnly: false, SourceVolume: 'task-api-exec-agent-2' },
      { ContainerPath: '/var/log/amazon/ssm', ReadOnly: false, SourceVolume: 'task-api-exec-agent-3' },
    ]);
    const [taskDefinition] = Object.values(template.findResources('AWS::ECS::TaskDefinition'));
    expect(taskDefinition.Properties.Volumes).toEqual([
      { Name: 'task-api-tmp' }, { Name: 'task-api-exec-agent-1' }, { Name: 'task-api-exec-agent-2' }, { Name: 'task-api-exec-agent-3' },
    ]);
  });

  test('with a writable root, no agent volumes', () => {
    const { template } = service(new AlpineRuntime(), { readonlyRootFilesystem: false });
    expect(containerOf(template).ReadonlyRootFilesystem).toBe(false);
    expect(containerOf(template).MountPoints).toBeUndefined();
  });
});
