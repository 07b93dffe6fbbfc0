import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { checkableNumber, checkableSeconds } from './checkable';
import { acknowledgeNagFindings } from './nag-acknowledgments';
import { RustDatabaseOptions } from './rust-database-options';
import { WildcardSeparatingRole } from './task-roles';
import { invalidValue } from '../core/errors';
import { assertInteger } from '../core/numbers';
import { ServiceDatabase } from '../model/service/service-database';

/** What a new database consists of. */
export interface NewDatabase {
  readonly instance: rds.DatabaseInstance;
  readonly securityGroup: ec2.SecurityGroup;
  readonly parameterGroup: rds.ParameterGroup;
  /** The secret attached to the instance. */
  readonly secret: secretsmanager.ISecret;
}

/** The log types RDS for PostgreSQL exports. */
const LOG_EXPORTS = ['postgresql', 'upgrade'];

/** The RDS instance of a `ServiceDatabase`, in the isolated subnets of `vpc`. */
export function newDatabaseInstance(scope: Construct, vpc: ec2.IVpc, database: ServiceDatabase, options: RustDatabaseOptions): NewDatabase {
  const removalPolicy = checkDatabaseOptions(vpc, options, '');

  const major = database.majorVersion;
  // The major alone: RDS creates the instance on its default minor, and minor upgrades come automatically.
  const engine = rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.of(major, major) });
  const parameterGroup = new rds.ParameterGroup(scope, 'ParameterGroup', {
    engine,
    description: `PostgreSQL ${major}: connections must use TLS`,
    parameters: { 'rds.force_ssl': '1' },
  });
  const securityGroup = new ec2.SecurityGroup(scope, 'SecurityGroup', {
    vpc,
    description: 'PostgreSQL: ingress only from the services given access',
    allowAllOutbound: false,
  });
  // The whole connection in one JSON document: the attachment adds host and port, the template has dbname.
  const secret = new rds.DatabaseSecret(scope, 'Secret', { username: database.username, dbname: database.databaseName });
  acknowledgeNagFindings(secret.node.defaultChild as secretsmanager.CfnSecret, {
    'AwsSolutions-SMG4': 'ECS reads the password into the tasks when they start and never again, so a rotation would lock out every running task until it is replaced; rotate by hand (a new password, then a new deployment).',
  });
  const instance = new rds.DatabaseInstance(scope, 'Instance', {
    engine,
    vpc,
    vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    securityGroups: [securityGroup],
    instanceType: options.instanceType ?? ec2.InstanceType.of(ec2.InstanceClass.BURSTABLE4_GRAVITON, ec2.InstanceSize.MICRO),
    multiAz: options.multiAz ?? true,
    port: database.port,
    databaseName: database.databaseName,
    credentials: rds.Credentials.fromSecret(secret, database.username),
    parameterGroup,
    storageType: rds.StorageType.GP3,
    allocatedStorage: options.allocatedStorageGiB ?? 20,
    maxAllocatedStorage: options.maxAllocatedStorageGiB ?? 100,
    storageEncrypted: true,
    backupRetention: options.backupRetention ?? Duration.days(7),
    deletionProtection: options.deletionProtection ?? true,
    removalPolicy,
    iamAuthentication: options.iamAuthentication ?? false,
    publiclyAccessible: false,
    autoMinorVersionUpgrade: true,
    cloudwatchLogsExports: LOG_EXPORTS,
    cloudwatchLogsRetention: options.logRetention ?? logs.RetentionDays.ONE_MONTH,
    cloudwatchLogsRetentionRole: logRetentionRole(scope),
  });
  if (database.port === 5432) {
    acknowledgeNagFindings(instance.node.defaultChild as rds.CfnDBInstance, {
      'AwsSolutions-RDS11': 'PostgreSQL\'s own port keeps libpq\'s default (PGPORT) true on AWS and in the local stack; the port is no defence: the security group admits only the services given access, and the instance is in isolated subnets.',
    });
  }
  return { instance, securityGroup, parameterGroup, secret: instance.secret! };
}

/**
 * The role of CDK's log retention function: its statements setting the
 * retention of log groups on `"*"` (RDS names them only at deploy time) go to
 * a policy of their own; AWSLambdaBasicExecutionRole lets the function log.
 */
function logRetentionRole(scope: Construct): iam.Role {
  const role = new WildcardSeparatingRole(scope, 'LogRetentionRole', {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaBasicExecutionRole')],
  }, {
    actions: ['logs:PutRetentionPolicy', 'logs:DeleteRetentionPolicy'],
    policyId: 'RetentionOfDeployTimeLogGroups',
    reason: 'CDK\'s log retention function sets the retention of the log groups RDS creates for the exported logs (/aws/rds/instance/<identifier>/...), whose names are known only at deploy time; this policy holds only logs:PutRetentionPolicy and logs:DeleteRetentionPolicy.',
  });
  acknowledgeNagFindings(role.node.defaultChild as iam.CfnRole, {
    'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]': 'CDK\'s log retention function writes its own logs with the AWS managed policy that grants exactly that.',
  });
  return role;
}

/**
 * Checks the options of a new database in `vpc`, and returns its removal
 * policy. `prefix` names the options in errors (`newDatabase.` in a
 * RustFargateService).
 */
export function checkDatabaseOptions(vpc: ec2.IVpc, options: RustDatabaseOptions, prefix: string, vpcProp: string = 'vpc'): RemovalPolicy {
  checkIsolatedSubnets(vpc, vpcProp);
  checkSizes(options, prefix);
  return checkDeletion(options, prefix);
}

function checkIsolatedSubnets(vpc: ec2.IVpc, prop: string): void {
  const subnets = vpc.isolatedSubnets;
  if (subnets.length === 0) {
    throw invalidValue(prop, vpc.node.path, 'the database goes into isolated subnets (no route to or from the internet), and this VPC has none',
      'Add a subnet group of type ec2.SubnetType.PRIVATE_ISOLATED to the VPC (subnetConfiguration), or leave vpc and cluster unset: the VPC the service creates then has one.');
  }
  const zones = new Set(subnets.map((s) => s.availabilityZone));
  if (zones.size < 2) {
    throw invalidValue(prop, vpc.node.path, `its isolated subnets are in ${zones.size} availability zone, and an RDS subnet group needs two`, 'Give the VPC isolated subnets in at least two availability zones (maxAzs: 2 or more).');
  }
}

/** The removal policy, once deletion protection off and DESTROY confirm each other. */
function checkDeletion(options: RustDatabaseOptions, prefix: string): RemovalPolicy {
  const protection = options.deletionProtection ?? true;
  if (!protection && options.removalPolicy === undefined) {
    throw invalidValue(`${prefix}deletionProtection`, false, 'without deletion protection a stack deletion or a replacement of the instance deletes it, and nothing says what should become of the data',
      `Also set ${prefix}removalPolicy: RemovalPolicy.SNAPSHOT (a final snapshot is kept), RETAIN (the instance is kept), or DESTROY (the data is lost; for throwaway stacks).`);
  }
  if (options.removalPolicy === RemovalPolicy.DESTROY && protection) {
    throw invalidValue(`${prefix}removalPolicy`, 'destroy', `deletion protection is ${options.deletionProtection === undefined ? 'on (the default)' : 'on'}, so RDS refuses to delete the instance and a stack deletion would fail`,
      `Set ${prefix}deletionProtection: false as well, to confirm that deleting the stack may delete the data.`);
  }
  return options.removalPolicy ?? RemovalPolicy.SNAPSHOT;
}

function checkSizes(options: RustDatabaseOptions, prefix: string): void {
  const allocated = checkableNumber(options.allocatedStorageGiB);
  if (allocated !== undefined) assertInteger(allocated, 20, 65536, `${prefix}allocatedStorageGiB`, 'RDS for PostgreSQL on gp3 takes 20 to 65536 GiB.');
  const max = checkableNumber(options.maxAllocatedStorageGiB);
  if (max !== undefined) {
    assertInteger(max, allocated ?? 20, 65536, `${prefix}maxAllocatedStorageGiB`, `Set it to at least allocatedStorageGiB (${allocated ?? 20}) and at most 65536.`);
  }
  const backup = checkableSeconds(options.backupRetention);
  if (backup !== undefined && (backup % 86400 !== 0 || backup < 86400 || backup > 35 * 86400)) {
    throw invalidValue(`${prefix}backupRetention`, `${backup / 86400} days`, 'RDS keeps automated backups for 1 to 35 whole days (backups cannot be turned off here)', 'Use e.g. Duration.days(7).');
  }
}
