/**
 * The task-service fixture (test/engine/fixtures/task-service) as the
 * benchmark uses it: copies with a checkout's mtimes, the library's
 * renderings written into them, the guide's Dockerfiles, the one-line
 * changes of the warm rebuilds, and how a running image shows which change
 * it carries.
 */
import * as fs from 'fs';
import * as path from 'path';
import { WarmKind } from '../../devtools/bench-results';
import { CHECKOUT_TIME, copyFixture, FIXTURES_DIR, replaceInFile, setTreeMtime } from '../../devtools/engine-harness';
import { ImageBuild, ImageRuntime, RustMuslImage, RustMuslImageProps } from '../../src';

export const FIXTURE = 'task-service';
export const BINARY = 'task-api';
/** The workspace's own crates: a warm rebuild that compiles nothing else kept its dependencies. */
export const LOCAL_CRATES = ['tasks', 'task-api'];

/** What /health and the start-up log show. */
export interface Expected {
  /** tasks::VERSION_MARKER (library crate), in /health `version`. */
  readonly version: string;
  /** API_MARKER (binary crate), in /health `api`. */
  readonly api: string;
  /** The package version, in the start-up log's build_id (`<version>+release.<target>`). */
  readonly packageVersion: string;
}

export const BASELINE: Expected = { version: 'tasks-v1', api: 'api-v1', packageVersion: '0.1.0' };

interface Replacement {
  readonly file: string;
  readonly from: string;
  readonly to: string;
}

/** A change of the checkout: its replacements and what the image must show afterwards. */
export interface Change {
  readonly kind: WarmKind;
  readonly replacements: Replacement[];
  readonly expected: Expected;
}

/**
 * The change of one warm rebuild. `unique` goes into the new value, so no
 * earlier run's build cache can answer it (a full run passes its run id; a
 * smoke run passes a fixed word, so a warm engine answers it from the cache).
 */
export function change(kind: WarmKind, unique: string): Change {
  switch (kind) {
    case 'bin': {
      const api = `api-${unique}`;
      return { kind, replacements: [{ file: 'crates/task-api/src/main.rs', from: '"api-v1"', to: `"${api}"` }], expected: { ...BASELINE, api } };
    }
    case 'lib': {
      const version = `tasks-${unique}`;
      return { kind, replacements: [{ file: 'crates/tasks/src/lib.rs', from: '"tasks-v1"', to: `"${version}"` }], expected: { ...BASELINE, version } };
    }
    case 'version': {
      // A patch number from the unique word: semver allows any size of number.
      const patch = [...unique].reduce((n, c) => (n * 31 + c.charCodeAt(0)) % 1_000_000_007, 7);
      const packageVersion = `0.1.${patch}`;
      return {
        kind,
        replacements: [
          { file: 'Cargo.toml', from: 'version = "0.1.0"', to: `version = "${packageVersion}"` },
          { file: 'Cargo.lock', from: 'name = "task-api"\nversion = "0.1.0"', to: `name = "task-api"\nversion = "${packageVersion}"` },
          { file: 'Cargo.lock', from: 'name = "tasks"\nversion = "0.1.0"', to: `name = "tasks"\nversion = "${packageVersion}"` },
        ],
        expected: { ...BASELINE, packageVersion },
      };
    }
  }
}

/**
 * The change that gets a working image out of the guide's dummy-main
 * Dockerfiles: the library change plus an edit of the binary crate's
 * build.rs. Their dependency layer ran a dummy build.rs (`fn main() {}`),
 * whose output has no TASK_API_BUILD_INFO; cargo runs the real build script
 * only when build.rs is newer than that output, so any change that leaves
 * build.rs alone fails with "environment variable not defined". A user of
 * the guide has to touch build.rs (or clean the package) on every such
 * build; this is that touch.
 */
export function workingChange(unique: string): Change {
  const lib = change('lib', unique);
  return {
    ...lib,
    replacements: [...lib.replacements, { file: 'crates/task-api/build.rs', from: 'use std::env;', to: `use std::env; // ${unique}` }],
  };
}

/** Applies a change: the edited files get "now" as their mtime, as after a commit is checked out on top. */
export function applyChange(dir: string, c: Change): void {
  for (const r of c.replacements) replaceInFile(path.join(dir, r.file), r.from, r.to);
}

/** Undoes a change; the files get the checkout's mtime back. */
export function revertChange(dir: string, c: Change): void {
  for (const r of [...c.replacements].reverse()) {
    const file = path.join(dir, r.file);
    replaceInFile(file, r.to, r.from);
    fs.utimesSync(file, CHECKOUT_TIME, CHECKOUT_TIME);
  }
}

/** A fresh copy of the fixture with a checkout's mtimes. */
export function checkout(): string {
  const dir = copyFixture(FIXTURE);
  setTreeMtime(dir);
  return dir;
}

/** The library's builder for a copy: the binary crate of the workspace, default options unless props say otherwise. */
export function builder(dir: string, props: Partial<RustMuslImageProps> = {}): RustMuslImage {
  return new RustMuslImage({ crateDirectory: path.join(dir, 'crates', BINARY), binaryName: BINARY, ...props });
}

/**
 * Renders the runtime over the builder into the copy, as a synth would
 * before every build; files whose content did not change keep their mtime
 * (as a checkout leaves them).
 */
export function render(dir: string, runtime: ImageRuntime, props: Partial<RustMuslImageProps> = {}, dockerfile = 'Dockerfile'): ImageBuild {
  const build = runtime.compose(builder(dir, props));
  const before = new Map<string, { content: Buffer; mtime: Date }>();
  const files = [dockerfile, '.dockerignore', ...build.supportFiles.map((f) => f.path)];
  for (const f of files) {
    const p = path.join(dir, f);
    if (fs.existsSync(p)) before.set(f, { content: fs.readFileSync(p), mtime: fs.statSync(p).mtime });
  }
  build.writeTo(dir, dockerfile);
  for (const [f, old] of before) {
    const p = path.join(dir, f);
    if (fs.readFileSync(p).equals(old.content)) fs.utimesSync(p, old.mtime, old.mtime);
  }
  return build;
}

/** The guide's Dockerfiles for this fixture (test/engine/fixtures/guide-task-service-*.Dockerfile). */
export type GuideShape = 'prod' | 'scratch' | 'alpine';

/** Copies the guide's Dockerfile of that shape into the copy; returns its file name. */
export function copyGuideDockerfile(dir: string, shape: GuideShape): string {
  const name = `guide-task-service-${shape}.Dockerfile`;
  fs.copyFileSync(path.join(FIXTURES_DIR, name), path.join(dir, name));
  fs.utimesSync(path.join(dir, name), CHECKOUT_TIME, CHECKOUT_TIME);
  return name;
}

/** Where the guide's Dockerfiles put the binary, by shape. */
export const GUIDE_BINARY_PATH: Record<GuideShape, string> = { prod: '/app/task-api', scratch: '/task-api', alpine: '/app/task-api' };

/** The packages of the fixture's Cargo.lock (the workspace's own two included). */
export function lockPackages(): number {
  return (fs.readFileSync(path.join(FIXTURES_DIR, FIXTURE, 'Cargo.lock'), 'utf-8').match(/^\[\[package\]\]$/gm) ?? []).length;
}

/**
 * Compares what a running image showed with what it should show: undefined
 * when it matches, else what differs.
 */
export function mismatch(health: string, logs: string, expected: Expected): string | undefined {
  let json: { version?: string; api?: string };
  try {
    json = JSON.parse(health);
  } catch {
    return `/health is not JSON: ${health.slice(0, 200)}`;
  }
  const wrong: string[] = [];
  if (json.version !== expected.version) wrong.push(`version ${json.version} (expected ${expected.version})`);
  if (json.api !== expected.api) wrong.push(`api ${json.api} (expected ${expected.api})`);
  // tracing's fmt output: build_id=0.1.0+release.x86_64-unknown-linux-musl (quoted or not).
  const buildId = /build_id="?([^\s"+]+)\+/.exec(logs)?.[1];
  if (buildId !== expected.packageVersion) wrong.push(`package version ${buildId ?? 'not logged'} (expected ${expected.packageVersion})`);
  return wrong.length ? wrong.join(', ') : undefined;
}
