import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { RustFargateServiceProps } from './rust-fargate-service-props';
import { invalidProps, invalidValue } from '../core/errors';
import { ConnectionVariable, DatabaseField } from '../image/service/service-plan';
import { ServiceDatabase } from '../model/service/service-database';
import { ServiceStackOptions } from '../model/service/service-stack-options';

/*
 * The service stack options of a RustFargateService's props, and what the
 * AWS rendering adds to the plan: where each connection variable comes from.
 */

/** libpq's TLS mode on AWS: RDS with rds.force_ssl accepts nothing else. */
export const AWS_SSL_MODE = 'require';

/**
 * The model the plan is made of: `database` (or the existing database's),
 * `migrations` and `metrics`. Refuses a database both new and existing, and
 * an existing database that is not the one `database` describes.
 */
export function serviceStackOptionsOf(props: RustFargateServiceProps): ServiceStackOptions {
  const existing = props.existingDatabase;
  if (existing !== undefined && props.newDatabase !== undefined) {
    throw invalidValue('existingDatabase', existing.node.path, 'newDatabase is set too, and a database cannot be both new and existing',
      'Drop newDatabase to use the existing database, or drop existingDatabase to create a database for this service.');
  }
  if (props.newDatabase !== undefined && props.database === undefined) {
    throw invalidProps('newDatabase is set without database',
      'Set database: ServiceDatabase.postgres({...}) (what the service\'s database is; the local stack reads it too), or drop newDatabase.');
  }
  if (existing !== undefined && props.database !== undefined && !sameDatabase(existing.database, props.database)) {
    throw invalidValue('database', describe(props.database), `existingDatabase ${existing.node.path} is ${describe(existing.database)}, so the local stack would run another database than AWS`,
      'Drop database (the existing database\'s is used), or make them the same.');
  }
  return { database: props.database ?? existing?.database, migrations: props.migrations, metrics: props.metrics };
}

function sameDatabase(a: ServiceDatabase, b: ServiceDatabase): boolean {
  return describe(a) === describe(b);
}

function describe(d: ServiceDatabase): string {
  return `${d.engine} ${d.majorVersion}, database ${d.databaseName}, user ${d.username}, port ${d.port}`;
}

/** The connection as ECS takes it: every field from the secret's JSON key of the same name, the TLS mode plain. */
export interface Connection {
  readonly environment: { [name: string]: string };
  readonly secrets: { [name: string]: ecs.Secret };
}

/** Where the plan's connection variables come from on AWS. */
export function connectionOf(variables: ConnectionVariable[], secret: secretsmanager.ISecret): Connection {
  const environment: { [name: string]: string } = {};
  const secrets: { [name: string]: ecs.Secret } = {};
  for (const variable of variables) {
    if (variable.field === DatabaseField.SSL_MODE) {
      environment[variable.name] = AWS_SSL_MODE;
    } else {
      secrets[variable.name] = ecs.Secret.fromSecretsManager(secret, variable.field);
    }
  }
  return { environment, secrets };
}
