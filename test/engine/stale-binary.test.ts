/**
 * Stale-binary regression on a real engine. The fixture is built once, then
 * one line changes (in the library crate, in build.rs, in the binary crate;
 * each change on its own, from the same baseline) and the image is rebuilt:
 * the rebuilt image must serve the new marker on /health.
 *
 * The copy gets a checkout's timestamps (all files one old mtime; an edited
 * file "now"), because cargo decides freshness by mtime: that is what turns
 * a dummy-source caching layer into a stale or broken binary.
 *
 * The guide's dummy-main Dockerfile runs through the same scenario; its
 * observed outcome on this workspace is asserted, so the test documents it.
 */
import * as fs from 'fs';
import * as path from 'path';
import { applyEdit, EDITS, LIB_EDIT, Markers, markersOf, revertEdit, SourceEdit, taskApiBuilder, V1_MARKERS } from './task-api';
import { stepStatus } from './teams-harness';
import {
  BuildResult, compiledCrates, containerHttpGet, copyFixture, copyGuideDockerfile, describeWithEngine, markVerified,
  runContainer, setTreeMtime,
  tryBuildImage, waitForHttp200,
} from '../../devtools/engine-harness';
import { AlpineRuntime, HealthCheck, ImageRuntime, RustMuslImageProps, ScratchRuntime } from '../../src';

interface Strategy {
  readonly name: string;
  readonly props: Partial<RustMuslImageProps>;
  /** Whether a rebuild after a source change compiles only the workspace's own crates. */
  readonly localCratesOnly: boolean;
  /** The edits it is rebuilt after, each from the same baseline. */
  readonly edits: SourceEdit[];
}

/**
 * The default strategy. `DependencyCaching.none()` has no dependency layer to
 * go stale (every build compiles everything), and `cacheMounts()` is rebuilt
 * after a library change in the benchmark (`npx projen bench:engine`, which
 * checks /health after each rebuild); neither is rebuilt here, to keep CI's
 * engine session short.
 */
const STRATEGIES: Strategy[] = [
  { name: 'the default strategy (no dependencyCaching prop)', props: {}, localCratesOnly: true, edits: EDITS },
];
const LOCAL_CRATES = ['task-api', 'tasks'];

/** What a build served: its /health markers, or that it did not build. */
interface Outcome {
  readonly built: boolean;
  readonly markers?: Markers;
  readonly log: string;
}

async function buildAndServe(dir: string, dockerfile: string, tag: string): Promise<Outcome> {
  const result: BuildResult = await tryBuildImage(dir, dockerfile, tag);
  if (!result.ok) return { built: false, log: result.log };
  const id = await runContainer(tag);
  await waitForHttp200(() => containerHttpGet(id, '/health'), 15_000);
  return { built: true, markers: await markersOf(id), log: result.log };
}

function expected(edit?: SourceEdit): Markers {
  return edit ? { ...V1_MARKERS, [edit.marker]: edit.value } : V1_MARKERS;
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

describeWithEngine('stale-binary regression', () => {
  /** The library scenarios that passed; the path is verified when all did. */
  const passed = new Set<string>();

  describe.each(STRATEGIES)('library, $name', (strategy) => {
    let dir: string;
    const tag = (step: string) => `cdk-rust-image-engine-test/stale:${slug(strategy.name).slice(0, 40)}-${step}`;

    beforeAll(() => {
      dir = copyFixture('task-api');
      // The app's own exec check keeps the probe stage out: this is about the service binary.
      new ScratchRuntime({ healthCheck: HealthCheck.exec(['/app/task-api', 'healthcheck']) })
        .compose(taskApiBuilder(dir, strategy.props))
        .writeTo(dir);
      setTreeMtime(dir);
    });

    test('the baseline build serves v1', async () => {
      const outcome = await buildAndServe(dir, 'Dockerfile', tag('v1'));
      expect(outcome.built ? outcome.markers : outcome.log.slice(-3000)).toEqual(V1_MARKERS);
      passed.add(`${strategy.name}: baseline`);
    });

    test.each(strategy.edits)('after a one-line change in the $name, the rebuilt image serves it', async (edit) => {
      applyEdit(dir, edit);
      try {
        const outcome = await buildAndServe(dir, 'Dockerfile', tag(edit.marker));
        expect(outcome.built ? outcome.markers : outcome.log.slice(-3000)).toEqual(expected(edit));
        if (strategy.localCratesOnly) {
          // Empty when the engine already cached this exact change from an earlier run.
          expect(compiledCrates(outcome.log).filter((c) => !LOCAL_CRATES.includes(c))).toEqual([]);
        }
        passed.add(`${strategy.name}: ${edit.name}`);
      } finally {
        revertEdit(dir, edit);
      }
    });
  });

  test('every library scenario served every change', () => {
    const expectedScenarios = STRATEGIES.flatMap((st) => [`${st.name}: baseline`, ...st.edits.map((e) => `${st.name}: ${e.name}`)]);
    expect([...passed].sort()).toEqual(expectedScenarios.sort());
    markVerified('stale-binary');
  });

  test('a change to the runtime alone (ScratchRuntime with the probe, then AlpineRuntime without it) compiles nothing: the builder copies its sources from the sources stage', async () => {
    const dir = copyFixture('task-api');
    const tag = (step: string) => `cdk-rust-image-engine-test/stale:runtime-change-${step}`;
    const synthWith = (runtime: ImageRuntime) => {
      // A fresh staging: only this image's support files in the context.
      fs.rmSync(path.join(dir, '.cdk-rust-image'), { recursive: true, force: true });
      const build = runtime.compose(taskApiBuilder(dir)).writeTo(dir);
      setTreeMtime(dir);
      return build;
    };
    expect(synthWith(new ScratchRuntime())).toEqual(expect.arrayContaining([expect.stringMatching(/^\.cdk-rust-image\/healthcheck\//)]));
    const scratch = await buildAndServe(dir, 'Dockerfile', tag('scratch'));
    expect(scratch.built ? scratch.markers : scratch.log.slice(-3000)).toEqual(V1_MARKERS);

    expect(synthWith(new AlpineRuntime())).not.toEqual(expect.arrayContaining([expect.stringMatching(/^\.cdk-rust-image\/healthcheck\//)]));
    const alpine = await buildAndServe(dir, 'Dockerfile', tag('alpine'));
    expect(alpine.built ? alpine.markers : alpine.log.slice(-3000)).toEqual(V1_MARKERS);
    // The context lost the probe's crate; the sources the builder copies are the same, so nothing compiles.
    expect({ compiled: compiledCrates(alpine.log), finalBuild: stepStatus(alpine.log, /^\[builder \d+\/\d+\] RUN .*cargo build .*--bin task-api .*&& mkdir -p \/out/) })
      .toEqual({ compiled: [], finalBuild: 'CACHED' });
    markVerified('runtime-change-cached');
  });

  describe('the guide\'s dummy-main Dockerfile, same scenario (observed outcome)', () => {
    let dockerfile: string;
    const tag = (step: string) => `cdk-rust-image-engine-test/stale:guide-${step}`;
    const E0432 = /error\[E0432\]: unresolved import `tasks::TaskStore`/;
    let dir: string;

    beforeAll(() => {
      dir = copyFixture('task-api');
      dockerfile = copyGuideDockerfile(dir);
      setTreeMtime(dir);
    });

    // The real lib.rs is older than the dummy lib's build, so cargo keeps the
    // empty dummy library; build.rs is new to cargo, so the binary is rebuilt
    // against it and fails to compile.
    test('the baseline build fails: cargo keeps the dummy library (E0432)', async () => {
      const outcome = await buildAndServe(dir, dockerfile, tag('v1'));
      expect(outcome.built).toBe(false);
      expect(outcome.log).toMatch(E0432);
    });

    // Only an edited lib.rs is newer than the dummy build, so only then does cargo compile the real library.
    test('after the library change it builds and serves the change', async () => {
      applyEdit(dir, LIB_EDIT);
      try {
        const outcome = await buildAndServe(dir, dockerfile, tag(LIB_EDIT.marker));
        expect(outcome.built ? outcome.markers : outcome.log.slice(-3000)).toEqual(expected(LIB_EDIT));
      } finally {
        revertEdit(dir, LIB_EDIT);
      }
    });

    test.each(EDITS.filter((e) => e !== LIB_EDIT))('after a change in the $name alone it fails to build (E0432)', async (edit) => {
      applyEdit(dir, edit);
      try {
        const outcome = await buildAndServe(dir, dockerfile, tag(edit.marker));
        expect(outcome.built).toBe(false);
        expect(outcome.log).toMatch(E0432);
      } finally {
        revertEdit(dir, edit);
      }
    });
  });
});
