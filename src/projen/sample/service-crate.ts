import { ResolvedServiceOptions } from '../rust-service-options';
import { cargoManifestSample } from './cargo-manifest';
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
 * with `/health` and `GET/POST /api/tasks`.
 *
 * @internal
 */
export function serviceCrateSample(options: ResolvedServiceOptions): SampleSource[] {
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
