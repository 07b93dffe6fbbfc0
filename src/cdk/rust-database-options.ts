import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';

/**
 * How a new database is made on AWS: an RDS for PostgreSQL instance (its
 * name, user, version and port come from the `ServiceDatabase`). Every
 * option has a production default; the ones that can lose data (deletion
 * protection off, a DESTROY removal policy) must each be confirmed by the
 * other, so neither happens by a single line.
 */
export interface RustDatabaseOptions {
  /**
   * The instance class.
   *
   * @default - db.t4g.micro (Graviton, burstable: 2 vCPUs, 1 GiB)
   */
  readonly instanceType?: ec2.InstanceType;
  /**
   * Keep a standby in a second availability zone that RDS fails over to.
   *
   * @default true
   */
  readonly multiAz?: boolean;
  /**
   * Storage allocated at creation, in GiB (20 to 65536, gp3).
   *
   * @default 20
   */
  readonly allocatedStorageGiB?: number;
  /**
   * Upper limit of storage autoscaling, in GiB (at least `allocatedStorageGiB`).
   *
   * @default 100
   */
  readonly maxAllocatedStorageGiB?: number;
  /**
   * How long automated backups are kept (1 to 35 days).
   *
   * @default Duration.days(7)
   */
  readonly backupRetention?: Duration;
  /**
   * Deletion protection: RDS refuses to delete the instance, so neither a
   * stack deletion nor a replacement can. Turning it off must name what
   * happens then: set `removalPolicy` too.
   *
   * @default true
   */
  readonly deletionProtection?: boolean;
  /**
   * What a stack deletion (or a replacement) does to the instance once
   * deletion protection is off: SNAPSHOT keeps a final snapshot, RETAIN
   * keeps the instance, DESTROY loses the data and needs
   * `deletionProtection: false` as well.
   *
   * @default RemovalPolicy.SNAPSHOT
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * Allow IAM database authentication as well, and grant the task role
   * `rds-db:connect` as the database user (the service must then sign its
   * own tokens; the password still works).
   *
   * @default false
   */
  readonly iamAuthentication?: boolean;
  /**
   * How long the exported PostgreSQL and upgrade logs are kept in CloudWatch Logs.
   *
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
}
