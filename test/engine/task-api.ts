/**
 * The task-api fixture as the library sees it: the builder every engine test
 * starts from (the library's defaults),
 * the one-line edits of the stale-binary scenario, and /health parsing.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CHECKOUT_TIME, containerHttpGet, HttpResponse, replaceInFile } from '../../devtools/engine-harness';
import { Architecture, HealthCheck, RustMuslImage, RustMuslImageProps } from '../../src';

/** The engine's own architecture: native builds, no cross-compiling. */
export const ARCHITECTURE = process.arch === 'arm64' ? Architecture.ARM64 : Architecture.X86_64;

/** Docker's HEALTHCHECK probes every 5 s (the shortest interval ECS accepts), so `healthy` comes within seconds. */
export const FAST_HEALTH_CHECK = HealthCheck.http('/health', { intervalSeconds: 5 });

/**
 * The builder for a copy of the fixture with the library's defaults (musl,
 * the default toolchain image `rust:<pinned>-trixie`, which the toolchain
 * stand-in carries, skeleton caching, the default profile), for the engine's
 * own architecture unless props say otherwise.
 */
export function taskApiBuilder(crateDirectory: string, props: Partial<RustMuslImageProps> = {}): RustMuslImage {
  return new RustMuslImage({ crateDirectory, architecture: ARCHITECTURE, ...props });
}

/** What /health reports: one marker per kind of source the stale-binary scenario edits. */
export interface Markers {
  /** `tasks::VERSION_MARKER` (library crate). */
  readonly version: string;
  /** `TASK_API_BUILD_INFO` (emitted by build.rs). */
  readonly build: string;
  /** `API_MARKER` (binary crate). */
  readonly api: string;
}

export const V1_MARKERS: Markers = { version: 'tasks-v1', build: 'build-v1', api: 'api-v1' };

/** A one-line source change and the marker it moves from v1 to v2. */
export interface SourceEdit {
  readonly name: string;
  readonly file: string;
  readonly from: string;
  readonly to: string;
  readonly marker: keyof Markers;
  readonly value: string;
}

export const LIB_EDIT: SourceEdit = { name: 'library crate (lib.rs)', file: 'crates/tasks/src/lib.rs', from: '"tasks-v1"', to: '"tasks-v2"', marker: 'version', value: 'tasks-v2' };
export const BUILD_RS_EDIT: SourceEdit = { name: 'build script (build.rs)', file: 'crates/task-api/build.rs', from: 'build-v1', to: 'build-v2', marker: 'build', value: 'build-v2' };
export const BIN_EDIT: SourceEdit = { name: 'binary crate (main.rs)', file: 'crates/task-api/src/main.rs', from: '"api-v1"', to: '"api-v2"', marker: 'api', value: 'api-v2' };
export const EDITS: SourceEdit[] = [LIB_EDIT, BUILD_RS_EDIT, BIN_EDIT];

/** Applies an edit (the file's mtime becomes now). */
export function applyEdit(dir: string, edit: SourceEdit): void {
  replaceInFile(path.join(dir, edit.file), edit.from, edit.to);
}

/** Reverts an edit and gives the file back its checkout mtime. */
export function revertEdit(dir: string, edit: SourceEdit): void {
  const file = path.join(dir, edit.file);
  replaceInFile(file, edit.to, edit.from);
  fs.utimesSync(file, CHECKOUT_TIME, CHECKOUT_TIME);
}

/** The markers /health reports, or throws with the response. */
export function parseMarkers(response: HttpResponse): Markers {
  const json = parseHealth(response);
  return { version: json.version, build: json.build, api: json.api };
}

/** The whole /health body (markers, `tmp`: whether the service could write its temporary directory), or throws. */
export function parseHealth(response: HttpResponse): Record<string, string> {
  if (response.status !== 200) throw new Error(`GET /health answered ${response.status}: ${response.body.slice(0, 200)}`);
  return JSON.parse(response.body);
}

/** GET /health inside an isolated container's network namespace, parsed. */
export async function markersOf(containerId: string, port = 8080): Promise<Markers> {
  return parseMarkers(await containerHttpGet(containerId, '/health', port));
}
