import { invalidValue } from '../../core/errors';
import { assertInteger } from '../../core/numbers';
import { assertMatches } from '../../core/text';
import { POSTGRES_MAJOR } from '../pins';

/** Options of the service's PostgreSQL database. */
export interface PostgresDatabaseOptions {
  /**
   * Name of the database the service uses (1 to 63 letters, digits and "_",
   * starting with a letter, as RDS and PostgreSQL accept it).
   * @default 'app'
   */
  readonly databaseName?: string;
  /**
   * The user the service logs in as (the master user of a new RDS database;
   * the `POSTGRES_USER` of the local one).
   * @default 'app'
   */
  readonly username?: string;
  /**
   * The PostgreSQL major version, the same on AWS and locally (the local
   * image is `postgres:<major>-trixie`).
   * @default '17'
   */
  readonly majorVersion?: string;
  /**
   * The port the database listens on (1150 to 65535, the range RDS accepts).
   * @default 5432
   */
  readonly port?: number;
}

/** The database engines a service can use. */
export enum DatabaseEngine {
  /** PostgreSQL. */
  POSTGRES = 'postgres',
}

/**
 * The names of the environment variables that carry the connection to the
 * service: libpq's own (`PGHOST`...), which psql, libpq-based tools and most
 * PostgreSQL drivers understand. On AWS the first five come from the
 * database's Secrets Manager secret as ECS secrets (never plain
 * environment), and `PGSSLMODE` is `require`; locally they hold the local
 * stack's values.
 */
export interface DatabaseVariables {
  /** Host name of the server. */
  readonly host: string;
  /** Port of the server. */
  readonly port: string;
  /** Name of the database. */
  readonly databaseName: string;
  /** User name. */
  readonly username: string;
  /** Password. */
  readonly password: string;
  /** TLS mode (`require` on AWS, `disable` locally). */
  readonly sslMode: string;
}

/** RDS's supported PostgreSQL majors that the local stack's image exists for. */
const MAJOR_VERSIONS = ['13', '14', '15', '16', '17'];
// RDS: 1 to 63 alphanumerics or "_", starting with a letter; PostgreSQL folds unquoted names to lower case, so only lower case.
const IDENTIFIER = /^[a-z][a-z0-9_]{0,62}$/;
// Names RDS or PostgreSQL keep for themselves.
const RESERVED_USERS = ['rdsadmin', 'rdsrepladmin', 'rds_superuser', 'public', 'none', 'pg_monitor', 'pg_signal_backend'];

/**
 * The service's database: the decision that the service uses PostgreSQL,
 * which database and user, which major version and port. One value decides
 * the new RDS database on AWS (or how an existing one is reached), the
 * local stack's PostgreSQL container, and the variables the service reads
 * in both places (`ServiceDatabase.VARIABLES`).
 *
 * @example
 * ServiceDatabase.postgres();                                     // database "app", user "app", PostgreSQL 17
 * ServiceDatabase.postgres({ databaseName: 'tasks', majorVersion: '16' });
 */
export class ServiceDatabase {
  /** The variables the service reads its connection from: libpq's names. */
  public static readonly VARIABLES: DatabaseVariables = {
    host: 'PGHOST',
    port: 'PGPORT',
    databaseName: 'PGDATABASE',
    username: 'PGUSER',
    password: 'PGPASSWORD',
    sslMode: 'PGSSLMODE',
  };

  /** A PostgreSQL database. */
  public static postgres(options: PostgresDatabaseOptions = {}): ServiceDatabase {
    return new ServiceDatabase(DatabaseEngine.POSTGRES, options);
  }

  /** Name of the database. */
  public readonly databaseName: string;
  /** The user the service logs in as. */
  public readonly username: string;
  /** The major version. */
  public readonly majorVersion: string;
  /** The port the database listens on. */
  public readonly port: number;

  private constructor(
    /** The engine. */
    public readonly engine: DatabaseEngine,
    options: PostgresDatabaseOptions,
  ) {
    this.databaseName = options.databaseName ?? 'app';
    this.username = options.username ?? 'app';
    this.majorVersion = options.majorVersion ?? POSTGRES_MAJOR;
    this.port = options.port ?? 5432;
    assertMatches(this.databaseName, IDENTIFIER, 'database databaseName', 'a name of 1 to 63 lower-case letters, digits and "_", starting with a letter, such as "app"');
    assertMatches(this.username, IDENTIFIER, 'database username', 'a name of 1 to 63 lower-case letters, digits and "_", starting with a letter, such as "app"');
    if (RESERVED_USERS.includes(this.username) || this.username.startsWith('pg_')) {
      throw invalidValue('database username', this.username, 'RDS or PostgreSQL reserve this name', 'Choose another user name, such as "app".');
    }
    if (!MAJOR_VERSIONS.includes(this.majorVersion)) {
      throw invalidValue('database majorVersion', this.majorVersion, `expected one of ${MAJOR_VERSIONS.join(', ')} (the majors RDS runs and the local image exists for)`, `Use e.g. "${POSTGRES_MAJOR}".`);
    }
    assertInteger(this.port, 1150, 65535, 'database port', 'RDS accepts ports 1150 to 65535; leave it unset for 5432.');
  }

  /** The variables the service reads its connection from. */
  public get variables(): DatabaseVariables {
    return ServiceDatabase.VARIABLES;
  }
}
