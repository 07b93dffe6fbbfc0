import { Duration } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { serviceStack, stackWithImage } from './stacks';
import { DevImage, Migrations, RustFargateService, ServiceDatabase } from '../../src';

function containersOf(template: Template): any[] {
  return Object.values(template.findResources('AWS::ECS::TaskDefinition'))[0].Properties.ContainerDefinitions;
}

describe('migrations', () => {
  test('run first in the same task, from the same image, and the service container starts only after they exit 0', () => {
    const { stack } = serviceStack(() => ({
      database: ServiceDatabase.postgres(),
      migrations: Migrations.serviceBinary(['db', 'migrate'], { timeoutSeconds: 90 }),
      environment: { RUST_LOG: 'info' },
      stopTimeout: Duration.seconds(20),
    }));
    const template = Template.fromStack(stack);
    const [service, migrations] = containersOf(template);
    expect(service.Name).toBe('task-api');
    expect(service.Essential).toBe(true);
    expect(service.DependsOn).toEqual([{ ContainerName: 'migrations', Condition: 'SUCCESS' }]);
    expect(migrations).toMatchObject({
      Name: 'migrations',
      Image: service.Image,
      Essential: false,
      Command: ['db', 'migrate'],
      StartTimeout: 90,
      User: '65532:65532',
      ReadonlyRootFilesystem: true,
      LinuxParameters: { InitProcessEnabled: true, Capabilities: { Drop: ['ALL'] } },
      MountPoints: [{ ContainerPath: '/tmp', SourceVolume: 'migrations-writable-0', ReadOnly: false }],
      // The same binary reads the same configuration.
      Environment: service.Environment,
      Secrets: service.Secrets,
      LogConfiguration: { LogDriver: 'awslogs', Options: { ...service.LogConfiguration.Options, 'awslogs-stream-prefix': 'migrations' } },
    });
    expect(migrations.PortMappings).toBeUndefined();
    expect(migrations.HealthCheck).toBeUndefined();
    expect(Object.keys(migrations)).not.toContain('EntryPoint');
    // A failed migration fails the deployment, which rolls back while the old tasks keep serving.
    template.hasResourceProperties('AWS::ECS::Service', {
      DeploymentConfiguration: { DeploymentCircuitBreaker: { Enable: true, Rollback: true }, MinimumHealthyPercent: 100, MaximumPercent: 200 },
    });
  });

  test('without a timeout wait as long as they run, and take the runtime\'s writable root as it is', () => {
    const { stack } = serviceStack(() => ({ migrations: Migrations.serviceBinary() }));
    const [, migrations] = containersOf(Template.fromStack(stack));
    expect(migrations.StartTimeout).toBeUndefined();
    expect(migrations.Command).toEqual(['migrate']);
    expect(migrations.Environment).toBeUndefined();

    const dev = stackWithImage({ runtime: new DevImage(), healthCheck: undefined });
    new RustFargateService(dev.stack, 'Service', { image: dev.image, migrations: Migrations.serviceBinary() });
    const [service, devMigrations] = containersOf(Template.fromStack(dev.stack));
    expect([service.ReadonlyRootFilesystem, devMigrations.ReadonlyRootFilesystem, devMigrations.MountPoints]).toEqual([false, false, undefined]);
  });

  test.each([[1], [121]])('refuse a timeout of %i s, which Fargate does not take', (seconds) => {
    const { stack, image } = stackWithImage();
    expect(() => new RustFargateService(stack, 'Service', { image, migrations: Migrations.serviceBinary(['migrate'], { timeoutSeconds: seconds }) })).toThrow(new Error(
      `RustFargateService Stack/Service: Invalid migrations timeoutSeconds ${seconds}: on Fargate the migrations container's startTimeout (how long the service container waits for it to succeed) is 2 to 120 seconds. `
      + 'Set 2 to 120 seconds, or leave it unset: the service container then waits as long as the migrations run.'));
  });

  test('refuse a service container named like the migrations container', () => {
    const { stack, image } = stackWithImage();
    expect(() => new RustFargateService(stack, 'Service', { image, containerName: 'migrations', migrations: Migrations.serviceBinary() })).toThrow(new Error(
      'RustFargateService Stack/Service: Invalid containerName "migrations": the task has a container of that name already (the migrations\' or the metrics collector\'s). Set containerName to another name.'));
  });
});
