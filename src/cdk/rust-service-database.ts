import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct, IConstruct } from 'constructs';
import { newDatabaseInstance } from './database-instance';
import { RustDatabaseOptions } from './rust-database-options';
import { inConstruct, invalidValue } from '../core/errors';
import { ServiceDatabase } from '../model/service/service-database';

/**
 * A PostgreSQL database that services reach: where it listens (its
 * security groups), the secret they log in with, and what it is
 * (`ServiceDatabase`: name, user, port, major version, the same the local
 * stack runs). A `RustServiceDatabase` is one; `RustServiceDatabase.fromInstance()`
 * and `fromCluster()` make one of a database you already have.
 */
export interface IRustServiceDatabase extends IConstruct, ec2.IConnectable {
  /** What the database is: name, user, port and major version. */
  readonly database: ServiceDatabase;
  /**
   * The secret the services log in with. Its JSON keys `host`, `port`,
   * `dbname`, `username` and `password` become `PGHOST`, `PGPORT`,
   * `PGDATABASE`, `PGUSER` and `PGPASSWORD` (ECS secrets).
   */
  readonly secret: secretsmanager.ISecret;
}

/** Props of a RustServiceDatabase. */
export interface RustServiceDatabaseProps extends RustDatabaseOptions {
  /** The VPC, with isolated subnets in at least two availability zones. */
  readonly vpc: ec2.IVpc;
  /**
   * What the database is: name, user, major version and port.
   *
   * @default ServiceDatabase.postgres()
   */
  readonly database?: ServiceDatabase;
}

/** An RDS instance you already have, and the secret the services log in with. */
export interface ExistingDatabaseInstanceProps {
  /** The instance (its security groups get the services' ingress rules). */
  readonly instance: rds.IDatabaseInstance;
  /** A secret with the JSON keys `host`, `port`, `dbname`, `username` and `password` (what RDS's secret attachment and `rds.DatabaseSecret` with `dbname` write). */
  readonly secret: secretsmanager.ISecret;
  /**
   * What the database is (the local stack runs the same).
   *
   * @default ServiceDatabase.postgres()
   */
  readonly database?: ServiceDatabase;
}

/** An Aurora or Multi-AZ cluster you already have, and the secret the services log in with. */
export interface ExistingDatabaseClusterProps {
  /** The cluster (its security groups get the services' ingress rules). */
  readonly cluster: rds.IDatabaseCluster;
  /** A secret with the JSON keys `host`, `port`, `dbname`, `username` and `password`. */
  readonly secret: secretsmanager.ISecret;
  /**
   * What the database is (the local stack runs the same).
   *
   * @default ServiceDatabase.postgres()
   */
  readonly database?: ServiceDatabase;
}

/**
 * A new RDS for PostgreSQL instance for one or several services: in the
 * VPC's isolated subnets, Multi-AZ, storage encrypted, TLS required
 * (`rds.force_ssl` = 1 in its own parameter group), automated backups,
 * deletion protection, PostgreSQL and upgrade logs exported to CloudWatch
 * Logs, and a generated Secrets Manager secret whose JSON holds the whole
 * connection (host, port, dbname, username, password). Its security group
 * has no rule until a service is given access: pass it to each
 * `RustFargateService` as `existingDatabase`.
 *
 * @example
 * const services = new rust.RustWorkspaceServices(this, 'Services', {
 *   crateDirectory: path.join(__dirname, 'services'),
 *   services: [{ binaryName: 'api' }, { binaryName: 'worker' }],
 * });
 * const vpc = new ec2.Vpc(this, 'Vpc', {
 *   maxAzs: 2,
 *   subnetConfiguration: [
 *     { name: 'Public', subnetType: ec2.SubnetType.PUBLIC },
 *     { name: 'Private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
 *     { name: 'Database', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
 *   ],
 * });
 * const database = new rust.RustServiceDatabase(this, 'Database', { vpc });
 * new rust.RustFargateService(this, 'Api', { image: services.image('api'), vpc, existingDatabase: database });
 * new rust.RustFargateService(this, 'Worker', { image: services.image('worker'), vpc, existingDatabase: database });
 */
export class RustServiceDatabase extends Construct implements IRustServiceDatabase {
  /** A database of an RDS instance you already have. */
  public static fromInstance(scope: Construct, id: string, props: ExistingDatabaseInstanceProps): IRustServiceDatabase {
    return new ExistingDatabase(scope, id, { connectable: props.instance, secret: props.secret, database: props.database, prop: 'instance' });
  }

  /** A database of an RDS or Aurora cluster you already have. */
  public static fromCluster(scope: Construct, id: string, props: ExistingDatabaseClusterProps): IRustServiceDatabase {
    return new ExistingDatabase(scope, id, { connectable: props.cluster, secret: props.secret, database: props.database, prop: 'cluster' });
  }

  /** What the database is: name, user, port and major version. */
  public readonly database: ServiceDatabase;
  /** The secret (attached to the instance: its JSON has the host and port too). */
  public readonly secret: secretsmanager.ISecret;
  /** The instance's connections: `allowDefaultPortFrom(...)` gives others access. */
  public readonly connections: ec2.Connections;
  /** The RDS instance. */
  public readonly instance: rds.DatabaseInstance;
  /** The instance's security group (ingress only from the services given access). */
  public readonly securityGroup: ec2.SecurityGroup;
  /** The parameter group (`rds.force_ssl` = 1). */
  public readonly parameterGroup: rds.ParameterGroup;
  /** Whether IAM database authentication is allowed too. */
  public readonly iamAuthentication: boolean;

  constructor(scope: Construct, id: string, props: RustServiceDatabaseProps) {
    super(scope, id);
    try {
      this.database = props.database ?? ServiceDatabase.postgres();
      if (!(this.database instanceof ServiceDatabase)) {
        throw invalidValue('database', this.database, 'expected a ServiceDatabase', 'Use ServiceDatabase.postgres({...}).');
      }
      const made = newDatabaseInstance(this, props.vpc, this.database, props);
      this.instance = made.instance;
      this.securityGroup = made.securityGroup;
      this.parameterGroup = made.parameterGroup;
      this.secret = made.secret;
      this.connections = made.instance.connections;
      this.iamAuthentication = props.iamAuthentication ?? false;
    } catch (e) {
      throw inConstruct(e, this, 'RustServiceDatabase');
    }
  }

  /** Lets `grantee` log in with IAM database authentication as the database user (only with `iamAuthentication`). @internal */
  public _grantIamConnect(grantee: iam.IGrantable): void {
    if (this.iamAuthentication) this.instance.grantConnect(grantee, this.database.username);
  }
}

interface ExistingDatabaseProps {
  readonly connectable: ec2.IConnectable;
  readonly secret: secretsmanager.ISecret;
  readonly database?: ServiceDatabase;
  readonly prop: string;
}

class ExistingDatabase extends Construct implements IRustServiceDatabase {
  public readonly database: ServiceDatabase;
  public readonly secret: secretsmanager.ISecret;
  public readonly connections: ec2.Connections;

  constructor(scope: Construct, id: string, props: ExistingDatabaseProps) {
    super(scope, id);
    try {
      if (props.connectable === undefined || props.secret === undefined) {
        throw invalidValue(props.connectable === undefined ? props.prop : 'secret', undefined, 'it is required', `Pass the ${props.prop} and the secret the services log in with.`);
      }
      this.database = props.database ?? ServiceDatabase.postgres();
      if (!(this.database instanceof ServiceDatabase)) {
        throw invalidValue('database', this.database, 'expected a ServiceDatabase', 'Use ServiceDatabase.postgres({...}).');
      }
      this.secret = props.secret;
      this.connections = props.connectable.connections;
    } catch (e) {
      throw inConstruct(e, this, 'RustServiceDatabase');
    }
  }
}
