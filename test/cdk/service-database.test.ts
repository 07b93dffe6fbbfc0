import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { serviceStack, stackWithImage } from './stacks';
import { Migrations, RustFargateService, RustServiceDatabase, ServiceDatabase } from '../../src';

const CONNECTION_KEYS = [['PGHOST', 'host'], ['PGPORT', 'port'], ['PGDATABASE', 'dbname'], ['PGUSER', 'username'], ['PGPASSWORD', 'password']];

/** The resources of a type, by logical id. */
function resources(template: Template, type: string): Record<string, any> {
  return template.findResources(type);
}

function onlyId(template: Template, type: string): string {
  const ids = Object.keys(resources(template, type));
  expect(ids).toHaveLength(1);
  return ids[0];
}

describe('a service with a new database', () => {
  const { stack } = serviceStack(() => ({ database: ServiceDatabase.postgres({ databaseName: 'tasks' }), migrations: Migrations.serviceBinary() }));
  const template = Template.fromStack(stack);

  test('is an RDS for PostgreSQL instance: Multi-AZ, encrypted, backed up, protected, TLS required, logs exported', () => {
    const instance = Object.values(resources(template, 'AWS::RDS::DBInstance'))[0];
    expect(instance.DeletionPolicy).toBe('Snapshot');
    expect(instance.Properties).toMatchObject({
      Engine: 'postgres',
      EngineVersion: '17',
      DBInstanceClass: 'db.t4g.micro',
      DBName: 'tasks',
      MasterUsername: 'app',
      Port: '5432',
      MultiAZ: true,
      StorageEncrypted: true,
      StorageType: 'gp3',
      AllocatedStorage: '20',
      MaxAllocatedStorage: 100,
      BackupRetentionPeriod: 7,
      DeletionProtection: true,
      PubliclyAccessible: false,
      EnableIAMDatabaseAuthentication: false,
      EnableCloudwatchLogsExports: ['postgresql', 'upgrade'],
    });
    template.hasResourceProperties('AWS::RDS::DBParameterGroup', { Family: 'postgres17', Parameters: { 'rds.force_ssl': '1' } });
    expect(instance.Properties.DBParameterGroupName).toEqual({ Ref: onlyId(template, 'AWS::RDS::DBParameterGroup') });
    // Both exported logs keep the service's retention.
    template.resourcePropertiesCountIs('Custom::LogRetention', { RetentionInDays: 30 }, 2);
  });

  test('sits in the isolated subnets of the VPC the service creates (no route to the internet)', () => {
    const subnetIds = Object.values(resources(template, 'AWS::RDS::DBSubnetGroup'))[0].Properties.SubnetIds.map((r: { Ref: string }) => r.Ref);
    expect(subnetIds).toHaveLength(2);
    const subnets = resources(template, 'AWS::EC2::Subnet');
    for (const id of subnetIds) {
      expect(subnets[id].Properties.Tags).toContainEqual({ Key: 'aws-cdk:subnet-type', Value: 'Isolated' });
    }
    const routesOf = (ids: string[]) => Object.values(resources(template, 'AWS::EC2::Route'))
      .filter((r) => ids.some((id: string) => JSON.stringify(r.Properties.RouteTableId).includes(id.replace(/Subnet[0-9A-F]{8}$/, ''))));
    expect(routesOf(subnetIds)).toEqual([]);
    // The same look finds the private subnets' routes to the NAT gateway.
    const privateIds = Object.keys(subnets).filter((id) => id.startsWith('ServiceVpcPrivateSubnet'));
    expect(routesOf(privateIds).map((r) => r.Properties.DestinationCidrBlock)).toEqual(['0.0.0.0/0', '0.0.0.0/0']);
    // The tasks stay in the private subnets with egress.
    const service = Object.values(resources(template, 'AWS::ECS::Service'))[0];
    for (const ref of service.Properties.NetworkConfiguration.AwsvpcConfiguration.Subnets) {
      expect(subnets[ref.Ref].Properties.Tags).toContainEqual({ Key: 'aws-cdk:subnet-type', Value: 'Private' });
    }
  });

  test('admits the service\'s security group on its port, and nothing else', () => {
    const databaseGroup = Object.entries(resources(template, 'AWS::EC2::SecurityGroup')).find(([id]) => id.startsWith('ServiceDatabaseSecurityGroup'))!;
    expect(databaseGroup[1].Properties.SecurityGroupIngress).toBeUndefined();
    expect(databaseGroup[1].Properties.SecurityGroupEgress).toEqual([expect.objectContaining({ CidrIp: '255.255.255.255/32', Description: 'Disallow all traffic' })]);
    const ingress = Object.values(resources(template, 'AWS::EC2::SecurityGroupIngress'))
      .filter((r) => JSON.stringify(r.Properties.GroupId).includes(databaseGroup[0]));
    expect(ingress.map((r) => r.Properties)).toEqual([{
      IpProtocol: 'tcp',
      FromPort: { 'Fn::GetAtt': [expect.stringMatching(/^ServiceDatabaseInstance/), 'Endpoint.Port'] },
      ToPort: { 'Fn::GetAtt': [expect.stringMatching(/^ServiceDatabaseInstance/), 'Endpoint.Port'] },
      GroupId: { 'Fn::GetAtt': [databaseGroup[0], 'GroupId'] },
      SourceSecurityGroupId: { 'Fn::GetAtt': [expect.stringMatching(/^ServiceSecurityGroup/), 'GroupId'] },
      Description: 'Stack/Service: the service and its migrations',
    }]);
  });

  test('reaches the service and its migrations as ECS secrets from the secret\'s JSON keys; only PGSSLMODE is plain', () => {
    const attachment = onlyId(template, 'AWS::SecretsManager::SecretTargetAttachment');
    const containers = Object.values(resources(template, 'AWS::ECS::TaskDefinition'))[0].Properties.ContainerDefinitions;
    expect(containers.map((c: any) => c.Name)).toEqual(['task-api', 'migrations']);
    for (const container of containers) {
      expect(container.Environment).toEqual([{ Name: 'PGSSLMODE', Value: 'require' }]);
      expect(container.Secrets).toEqual(CONNECTION_KEYS.map(([name, key]) => ({
        Name: name, ValueFrom: { 'Fn::Join': ['', [{ Ref: attachment }, `:${key}::`]] },
      })));
    }
    // The secret's JSON has the whole connection: the template adds the database name, the attachment the host and port.
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: Match.objectLike({ SecretStringTemplate: '{"username":"app","dbname":"tasks"}', GenerateStringKey: 'password' }),
    });
  });

  test('is readable by the execution role alone, and only that secret', () => {
    const policies = Object.entries(resources(template, 'AWS::IAM::Policy'));
    const secretStatements = policies.flatMap(([id, p]) => p.Properties.PolicyDocument.Statement
      .filter((s: any) => [s.Action].flat().some((a: string) => a.startsWith('secretsmanager:'))).map((s: any) => [id, s]));
    expect(secretStatements).toEqual([[expect.stringMatching(/^ServiceExecutionRoleDefaultPolicy/), {
      Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
      Effect: 'Allow',
      Resource: { Ref: onlyId(template, 'AWS::SecretsManager::SecretTargetAttachment') },
    }]]);
  });
});

describe('a service without a database', () => {
  test('keeps the VPC as before: public and private subnets, no isolated ones', () => {
    const { stack } = serviceStack(() => ({}));
    const tags = Object.values(Template.fromStack(stack).findResources('AWS::EC2::Subnet'))
      .map((s) => s.Properties.Tags.find((t: { Key: string }) => t.Key === 'aws-cdk:subnet-type').Value).sort();
    expect(tags).toEqual(['Private', 'Private', 'Public', 'Public']);
  });
});

describe('a shared RustServiceDatabase', () => {
  test('is one database that each service reaches through an ingress rule of its own and its own execution role', () => {
    const { stack, image } = stackWithImage();
    const vpc = new ec2.Vpc(stack, 'Vpc', {
      maxAzs: 2,
      subnetConfiguration: [
        { name: 'Public', subnetType: ec2.SubnetType.PUBLIC },
        { name: 'Private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
        { name: 'Database', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      ],
    });
    const database = new RustServiceDatabase(stack, 'Database', { vpc, database: ServiceDatabase.postgres({ port: 6432 }) });
    const api = new RustFargateService(stack, 'Api', { image, vpc, existingDatabase: database });
    const worker = new RustFargateService(stack, 'Worker', { image, vpc, existingDatabase: database, containerName: 'worker' });
    expect([api.database, worker.database]).toEqual([database, database]);
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::RDS::DBInstance', 1);
    template.hasResourceProperties('AWS::RDS::DBInstance', { Port: '6432' });
    const ingress = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress'))
      .filter((r) => JSON.stringify(r.Properties.GroupId).includes('DatabaseSecurityGroup')).map((r) => r.Properties.SourceSecurityGroupId['Fn::GetAtt'][0]);
    expect(ingress.sort()).toEqual([expect.stringMatching(/^ApiServiceSecurityGroup/), expect.stringMatching(/^WorkerServiceSecurityGroup/)]);
    for (const role of ['ApiExecutionRoleDefaultPolicy', 'WorkerExecutionRoleDefaultPolicy']) {
      const policy = Object.entries(template.findResources('AWS::IAM::Policy')).find(([id]) => id.startsWith(role))![1];
      expect(policy.Properties.PolicyDocument.Statement).toContainEqual(expect.objectContaining({ Resource: { Ref: expect.stringMatching(/^DatabaseSecretAttachment/) } }));
    }
  });

  test('grants rds-db:connect to the task role with iamAuthentication', () => {
    const { stack } = serviceStack(() => ({ database: ServiceDatabase.postgres({ username: 'tasks' }), newDatabase: { iamAuthentication: true } }));
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::RDS::DBInstance', { EnableIAMDatabaseAuthentication: true });
    const taskPolicy = Object.entries(template.findResources('AWS::IAM::Policy')).find(([id]) => id.startsWith('ServiceTaskRoleDefaultPolicy'))![1];
    expect(JSON.stringify(taskPolicy.Properties.PolicyDocument.Statement)).toMatch(/"Action":"rds-db:connect".*dbuser:.*\/tasks"/);
  });
});

describe('an existing instance or cluster', () => {
  test.each(['instance', 'cluster'])('(%s) gets the ingress rule on its own security group and port, and its secret becomes the connection', (kind) => {
    const { stack } = serviceStack((s) => {
      const securityGroups = [ec2.SecurityGroup.fromSecurityGroupId(s, 'DbGroup', 'sg-0123456789abcdef0')];
      const secret = secretsmanager.Secret.fromSecretCompleteArn(s, 'DbSecret', 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf');
      const database = kind === 'instance'
        ? RustServiceDatabase.fromInstance(s, 'Db', {
          instance: rds.DatabaseInstance.fromDatabaseInstanceAttributes(s, 'Instance', { instanceIdentifier: 'db', instanceEndpointAddress: 'db.example', port: 5433, securityGroups }),
          secret,
        })
        : RustServiceDatabase.fromCluster(s, 'Db', { cluster: rds.DatabaseCluster.fromDatabaseClusterAttributes(s, 'Cluster', { clusterIdentifier: 'db', port: 5433, securityGroups }), secret });
      return { existingDatabase: database };
    });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::RDS::DBInstance', 0);
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', { GroupId: 'sg-0123456789abcdef0', FromPort: 5433, ToPort: 5433 });
    const container = Object.values(template.findResources('AWS::ECS::TaskDefinition'))[0].Properties.ContainerDefinitions[0];
    expect(container.Secrets[4]).toEqual({ Name: 'PGPASSWORD', ValueFrom: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf:password::' });
  });
});

describe('the database options', () => {
  test('deletion protection off with a removal policy, and DESTROY with protection off, are taken', () => {
    const { stack } = serviceStack(() => ({
      database: ServiceDatabase.postgres(),
      newDatabase: { deletionProtection: false, removalPolicy: RemovalPolicy.DESTROY, multiAz: false, backupRetention: Duration.days(1) },
    }));
    const instance = Object.values(Template.fromStack(stack).findResources('AWS::RDS::DBInstance'))[0];
    expect([instance.DeletionPolicy, instance.Properties.DeletionProtection, instance.Properties.MultiAZ, instance.Properties.BackupRetentionPeriod]).toEqual(['Delete', false, false, 1]);
  });

  const ERRORS: Array<[string, (s: Stack) => object, string]> = [
    ['deletion protection off without a removal policy', () => ({ database: ServiceDatabase.postgres(), newDatabase: { deletionProtection: false } }),
      'RustFargateService Stack/Service: Invalid newDatabase.deletionProtection false: without deletion protection a stack deletion or a replacement of the instance deletes it, and nothing says what should become of the data. '
      + 'Also set newDatabase.removalPolicy: RemovalPolicy.SNAPSHOT (a final snapshot is kept), RETAIN (the instance is kept), or DESTROY (the data is lost; for throwaway stacks).'],
    ['DESTROY with deletion protection on', () => ({ database: ServiceDatabase.postgres(), newDatabase: { removalPolicy: RemovalPolicy.DESTROY } }),
      'RustFargateService Stack/Service: Invalid newDatabase.removalPolicy "destroy": deletion protection is on (the default), so RDS refuses to delete the instance and a stack deletion would fail. '
      + 'Set newDatabase.deletionProtection: false as well, to confirm that deleting the stack may delete the data.'],
    ['backups turned off', () => ({ database: ServiceDatabase.postgres(), newDatabase: { backupRetention: Duration.days(0) } }),
      'RustFargateService Stack/Service: Invalid newDatabase.backupRetention "0 days": RDS keeps automated backups for 1 to 35 whole days (backups cannot be turned off here). Use e.g. Duration.days(7).'],
    ['backups kept too long', () => ({ database: ServiceDatabase.postgres(), newDatabase: { backupRetention: Duration.days(36) } }),
      'RustFargateService Stack/Service: Invalid newDatabase.backupRetention "36 days": RDS keeps automated backups for 1 to 35 whole days (backups cannot be turned off here). Use e.g. Duration.days(7).'],
    ['too little storage', () => ({ database: ServiceDatabase.postgres(), newDatabase: { allocatedStorageGiB: 10 } }),
      'RustFargateService Stack/Service: Invalid newDatabase.allocatedStorageGiB 10: expected a whole number from 20 to 65536. RDS for PostgreSQL on gp3 takes 20 to 65536 GiB.'],
    ['a database both new and existing', (s) => ({
      database: ServiceDatabase.postgres(),
      newDatabase: { multiAz: false },
      existingDatabase: RustServiceDatabase.fromInstance(s, 'Db', {
        instance: rds.DatabaseInstance.fromDatabaseInstanceAttributes(s, 'Instance', { instanceIdentifier: 'db', instanceEndpointAddress: 'db.example', port: 5432, securityGroups: [] }),
        secret: secretsmanager.Secret.fromSecretNameV2(s, 'Secret', 'db'),
      }),
    }), 'RustFargateService Stack/Service: Invalid existingDatabase "Stack/Db": newDatabase is set too, and a database cannot be both new and existing. '
      + 'Drop newDatabase to use the existing database, or drop existingDatabase to create a database for this service.'],
    ['newDatabase without database', () => ({ newDatabase: { multiAz: false } }),
      'RustFargateService Stack/Service: Invalid props: newDatabase is set without database. Set database: ServiceDatabase.postgres({...}) (what the service\'s database is; the local stack reads it too), or drop newDatabase.'],
    ['a database that is not the existing one', (s) => ({
      database: ServiceDatabase.postgres({ databaseName: 'tasks' }),
      existingDatabase: RustServiceDatabase.fromInstance(s, 'Db', {
        instance: rds.DatabaseInstance.fromDatabaseInstanceAttributes(s, 'Instance', { instanceIdentifier: 'db', instanceEndpointAddress: 'db.example', port: 5432, securityGroups: [] }),
        secret: secretsmanager.Secret.fromSecretNameV2(s, 'Secret', 'db'),
      }),
    }), 'RustFargateService Stack/Service: Invalid database "postgres 17, database tasks, user app, port 5432": existingDatabase Stack/Db is postgres 17, database app, user app, port 5432, so the local stack would run another database than AWS. '
      + 'Drop database (the existing database\'s is used), or make them the same.'],
    ['a VPC of yours without isolated subnets', (s) => ({ database: ServiceDatabase.postgres(), vpc: new ec2.Vpc(s, 'Vpc', { maxAzs: 2 }) }),
      'RustFargateService Stack/Service: Invalid vpc "Stack/Vpc": the database goes into isolated subnets (no route to or from the internet), and this VPC has none. '
      + 'Add a subnet group of type ec2.SubnetType.PRIVATE_ISOLATED to the VPC (subnetConfiguration), or leave vpc and cluster unset: the VPC the service creates then has one.'],
    ['isolated subnets in one zone', (s) => ({
      database: ServiceDatabase.postgres(),
      vpc: new ec2.Vpc(s, 'Vpc', { maxAzs: 1, subnetConfiguration: [{ name: 'Private', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] }),
    }), 'RustFargateService Stack/Service: Invalid vpc "Stack/Vpc": its isolated subnets are in 1 availability zone, and an RDS subnet group needs two. Give the VPC isolated subnets in at least two availability zones (maxAzs: 2 or more).'],
    ['a connection variable in environment', () => ({ database: ServiceDatabase.postgres(), environment: { PGHOST: 'localhost' } }),
      'RustFargateService Stack/Service: Invalid environment.PGHOST "PGHOST": PGHOST is set from the database connection (ServiceDatabase.VARIABLES), and a second value would silently replace it. '
      + 'Remove it: the service gets the connection from the database option, on AWS and locally.'],
    ['a connection variable in secrets', (s) => ({
      database: ServiceDatabase.postgres(),
      secrets: { PGPASSWORD: ecs.Secret.fromSecretsManager(secretsmanager.Secret.fromSecretNameV2(s, 'Pw', 'pw')) },
    }), 'RustFargateService Stack/Service: Invalid secrets.PGPASSWORD "PGPASSWORD": PGPASSWORD is set from the database connection (ServiceDatabase.VARIABLES), and a second value would silently replace it. '
      + 'Remove it: the service gets the connection from the database option, on AWS and locally.'],
    ['a secret named like an environment variable', (s) => ({
      database: ServiceDatabase.postgres(),
      environment: { API_KEY: 'plain' },
      secrets: { API_KEY: ecs.Secret.fromSecretsManager(secretsmanager.Secret.fromSecretNameV2(s, 'Key', 'api-key')) },
    }), 'RustFargateService Stack/Service: Invalid secrets ["API_KEY"]: API_KEY is both a plain environment variable and a secret, and ECS refuses a task definition with both. '
      + 'Keep each name in either environment or secrets.'],
  ];

  test.each(ERRORS)('refuses %s', (_name, props, message) => {
    const { stack, image } = stackWithImage();
    expect(() => new RustFargateService(stack, 'Service', { image, ...props(stack) })).toThrow(new Error(message));
  });

  test('are checked by a RustServiceDatabase of its own in its terms', () => {
    const { stack } = stackWithImage();
    expect(() => new RustServiceDatabase(stack, 'Database', { vpc: new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 }) })).toThrow(/^RustServiceDatabase Stack\/Database: Invalid vpc "Stack\/Vpc": the database goes into isolated subnets/);
  });
});
