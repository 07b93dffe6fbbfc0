import { ResolvedServiceOptions, ServiceDatabaseKind } from '../rust-service-options';
import { cargoManifestSample } from './cargo-manifest';
import { DB_MIGRATE, DB_MOD, DB_TLS, MIGRATION_0001 } from './postgres-db';
import { PG_HANDLERS_MOD, PG_METRICS, PG_TASK_HANDLERS, PG_TASK_MODEL } from './postgres-handlers';
import { postgresLibrarySample, postgresMainSample } from './postgres-main';
import { librarySample } from './service-library';
import { mainSample } from './service-main';
import { HANDLERS_MOD, MODELS_MOD, TASK_HANDLERS, TASK_MODEL } from './task-api';

/** A file of the sample crate. @internal */
export interface SampleSource {
  readonly path: string;
  readonly content: string;
}

/**
 * The sample crate, in the layout the guide recommends: an Actix-web task API
 * with `/health` and `GET/POST /api/tasks`; with `--database postgres` the
 * tasks live in PostgreSQL, with migrations and `/metrics`.
 *
 * @internal
 */
export function serviceCrateSample(options: ResolvedServiceOptions): SampleSource[] {
  if (options.database === ServiceDatabaseKind.POSTGRES) {
    return [
      { path: 'Cargo.toml', content: cargoManifestSample(options) },
      { path: 'src/main.rs', content: postgresMainSample(options) },
      { path: 'src/lib.rs', content: postgresLibrarySample() },
      { path: 'src/db/mod.rs', content: DB_MOD },
      { path: 'src/db/migrate.rs', content: DB_MIGRATE },
      { path: 'src/db/tls.rs', content: DB_TLS },
      { path: 'src/handlers/mod.rs', content: PG_HANDLERS_MOD },
      { path: 'src/handlers/tasks.rs', content: PG_TASK_HANDLERS },
      { path: 'src/metrics.rs', content: PG_METRICS },
      { path: 'src/models/mod.rs', content: MODELS_MOD },
      { path: 'src/models/task.rs', content: PG_TASK_MODEL },
      { path: 'migrations/0001_create_tasks.sql', content: MIGRATION_0001 },
    ];
  }
  return [
    { path: 'Cargo.toml', content: cargoManifestSample(options) },
    { path: 'src/main.rs', content: mainSample(options) },
    { path: 'src/lib.rs', content: librarySample() },
    { path: 'src/handlers/mod.rs', content: HANDLERS_MOD },
    { path: 'src/handlers/tasks.rs', content: TASK_HANDLERS },
    { path: 'src/models/mod.rs', content: MODELS_MOD },
    { path: 'src/models/task.rs', content: TASK_MODEL },
  ];
}
