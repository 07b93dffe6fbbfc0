/**
 * A CI runner that starts with an empty layer cache, and the registry cache
 * that fills it (`RegistryCache.inline([...])`, Docker 20.10: inline cache
 * metadata, no buildx). The task-api fixture, with the library's defaults,
 * as a `RustServiceImage` in a CDK app whose asset manifest carries the
 * cache settings.
 *
 * Runner 1 builds from nothing (`--no-cache`): the builder stage with
 * `--target builder` and the build argument the library sets
 * (`BUILDKIT_INLINE_CACHE=1`), as the README says, then the image with the
 * argv cdk-assets runs; both are pushed to the local registry (Debian's
 * docker-registry on 127.0.0.1). Then the engine forgets them: the images
 * are removed and the whole build cache is wiped (`docker builder prune -af`).
 * Runner 2 changes one line of the binary crate and rebuilds with
 * `--cache-from` the images the library lists: the dependency layer must be
 * imported from the registry (`importing cache manifest`, the dependency
 * step `CACHED`) and only the workspace's own crates compile.
 *
 * The prune empties the build cache of every user of this engine, so this
 * file runs last in the engine run (test/engine/sequencer.js). It prunes
 * before runner 1 too (a cold runner has no build cache) and after the last
 * test: runner 2 leaves records imported from the registry in the cache, and
 * on Docker 20.10 such records, found by a later build on the same engine,
 * have failed it with `failed to compute cache key: extract requires an
 * applier` (seen once, in the run after a failed one; the records of one
 * run never meet the next run's builds now).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { NetworkMode } from 'aws-cdk-lib/aws-ecr-assets';
import { CliRun, dockerIn, json200, linesWith, stackAsset, StackAsset, stepStatus, withTarget } from './teams-harness';
import {
  afterSuite, compiledCrates, containerHttpGet, copyFixture, describeWithEngine, ENGINE_SCRIPT, getEngine, markVerified, removeContainer,
  replaceInFile, run, runContainer, setTreeMtime, suiteTempDir, waitForHttp200,
} from '../../devtools/engine-harness';
import { Architecture, HealthCheck, RegistryCache, RustServiceImage, ScratchRuntime } from '../../src';
import { cdkAssetsBuildArgv } from '../cdk-assets-argv';

const STACK_NAME = 'ColdRunnerStack';
const WORKSPACE_CRATES = ['task-api', 'tasks'];
/** The engine's own architecture: native builds. */
const ARCHITECTURE = process.arch === 'arm64' ? Architecture.ARM64 : Architecture.X86_64;
/** The one-line change of the binary crate, and the marker /health reports before and after it. */
const BIN_FILE = 'crates/task-api/src/main.rs';
/** The dependency layer's step: the skeleton build, before the real sources are copied. */
const DEPENDENCY_STEP = /^\[builder \d+\/\d+\] RUN cargo build --release /;

/** Docker 20.10's form of `--cache-from`: one image reference per flag (its CLI splits a value at commas). */
function plainCacheFrom(argv: string[], refs: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--cache-from') {
      i++;
      continue;
    }
    out.push(argv[i]);
  }
  out.splice(out.length - 1, 0, ...refs.flatMap((ref) => ['--cache-from', ref]));
  return out;
}

function seconds(r: CliRun): string {
  return `${(r.durationMs / 1000).toFixed(1)} s`;
}

describeWithEngine('a CI runner with a cold cache: RegistryCache.inline() through a registry', () => {
  let registry: string;
  let builderRef: string;
  let imageRef: string;
  let crate: string;
  const tags = new Set<string>();
  const times: Record<string, string> = {};
  let coldRunnerPassed = false;

  const docker = (args: string[]) => getEngine().docker(args);

  /** Synthesizes the app for the crate as it is now; returns the image asset cdk-assets would build. */
  function synth(): StackAsset {
    const app = new App({ outdir: suiteTempDir('cold-runner-out') });
    new RustServiceImage(new Stack(app, STACK_NAME), 'TaskApi', {
      crateDirectory: crate,
      architecture: ARCHITECTURE,
      runtime: new ScratchRuntime({ healthCheck: HealthCheck.http('/health', { intervalSeconds: 5 }) }),
      registryCache: RegistryCache.inline([builderRef, imageRef]),
      networkMode: NetworkMode.HOST,
    });
    return stackAsset(app.synth(), STACK_NAME);
  }

  async function build(asset: StackAsset, argv: string[]): Promise<CliRun> {
    const tag = argv[argv.indexOf('--tag') + 1];
    tags.add(tag);
    const r = await dockerIn(asset.directory, argv);
    if (r.exitCode !== 0) {
      // The whole log goes to a file kept after the run; the message leads with the lines that say what failed.
      const logFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-rust-image-cold-runner-log-')), 'build.log');
      fs.writeFileSync(logFile, r.log);
      const errors = linesWith(r.log, /ERROR|error(\[E\d+\])?:|failed to/, Infinity).slice(-20);
      throw new Error(`docker ${argv.join(' ')} failed (exit ${r.exitCode}); whole log: ${logFile}\n`
        + `lines with ERROR, error: or failed to:\n${errors.join('\n')}\nlast lines:\n${r.log.slice(-2500)}`);
    }
    return r;
  }

  /** Empties the engine's build cache (every user's), as a fresh runner's engine has none. */
  async function pruneBuildCache(): Promise<string> {
    const prune = await docker(['builder', 'prune', '-af']);
    return prune.stdout.trim().split('\n').pop() ?? '';
  }

  beforeAll(async () => {
    // The images first, then the cache their builds left: this run's records must not reach the next run's builds.
    afterSuite(async () => {
      if (tags.size) await docker(['rmi', '-f', ...tags].filter(Boolean)).catch(() => undefined);
      await pruneBuildCache().catch(() => undefined);
    });
    registry = /^REGISTRY=(.*)$/m.exec((await run('bash', [ENGINE_SCRIPT, 'registry', 'start'])).stdout)![1];
    builderRef = `${registry}/cdk-rust-image-engine-test/cold-runner:builder`;
    imageRef = `${registry}/cdk-rust-image-engine-test/cold-runner:latest`;
    crate = copyFixture('task-api');
    setTreeMtime(crate);
    await pruneBuildCache();
  });

  test('the asset manifest carries the inline cache: BUILDKIT_INLINE_CACHE=1 and the images to take layers from', () => {
    const { source } = synth();
    expect(source.dockerBuildArgs).toEqual({ BUILDKIT_INLINE_CACHE: '1' });
    expect(source.cacheFrom).toEqual([{ type: 'registry', params: { ref: builderRef } }, { type: 'registry', params: { ref: imageRef } }]);
    expect(source.cacheTo).toBeUndefined();
    expect(source.networkMode).toBe('host');
  });

  test('runner 1 pushes the builder stage and the image; runner 2, after the engine forgot both, imports the dependency layer and compiles only the workspace', async () => {
    // Runner 1: nothing cached. The builder stage as the README says (`--target builder`), then the image as cdk-assets builds it.
    const v1 = synth();
    const argv = cdkAssetsBuildArgv(v1.source, imageRef);
    const builder1 = await build(v1, [...withTarget(argv, 'builder', builderRef).slice(0, -1), '--no-cache', '.']);
    const image1 = await build(v1, argv);
    times['runner 1, builder stage (--no-cache)'] = seconds(builder1);
    times['runner 1, image'] = seconds(image1);
    expect(compiledCrates(builder1.log)).toEqual(expect.arrayContaining(['serde', 'serde_json', 'tiny_http', ...WORKSPACE_CRATES]));
    await docker(['push', builderRef]);
    await docker(['push', imageRef]);
    // The cache metadata travels in each pushed image's configuration blob.
    for (const ref of [builderRef, imageRef]) {
      const [repo, reference] = ref.slice(registry.length + 1).split(':');
      const manifest = <{ config: { digest: string } }> await (await fetch(`http://${registry}/v2/${repo}/manifests/${reference}`,
        { headers: { Accept: 'application/vnd.docker.distribution.manifest.v2+json' } })).json();
      const config = <Record<string, unknown>> await (await fetch(`http://${registry}/v2/${repo}/blobs/${manifest.config.digest}`)).json();
      expect({ ref, keys: Object.keys(config) }).toEqual({ ref, keys: expect.arrayContaining(['moby.buildkit.cache.v0']) });
    }

    // The engine forgets this build: its images, and the whole build cache (everyone's).
    await docker(['rmi', '-f', builderRef, imageRef]);
    for (const ref of [builderRef, imageRef]) {
      expect((await getEngine().docker(['image', 'inspect', ref], { allowFailure: true })).exitCode).not.toBe(0);
    }
    const reclaimed = await pruneBuildCache();
    // eslint-disable-next-line no-console
    console.log(`docker builder prune -af: ${reclaimed}`);

    // Runner 2: one line of the binary crate changed; --cache-from the images the library lists, in Docker 20.10's form.
    replaceInFile(path.join(crate, BIN_FILE), '"api-v1"', '"api-v2"');
    const v2 = synth();
    const refs = (v2.source.cacheFrom ?? []).map((c) => c.params?.ref ?? '');
    expect(refs).toEqual([builderRef, imageRef]);
    const rebuilt = await build(v2, plainCacheFrom(cdkAssetsBuildArgv(v2.source, `${imageRef}-runner-2`), refs));
    times['runner 2, image after the change, cache from the registry'] = seconds(rebuilt);
    const log = rebuilt.log;
    expect(linesWith(log, /importing cache manifest from|ERROR/)).toEqual(expect.arrayContaining([
      expect.stringMatching(new RegExp(`^#\\d+ importing cache manifest from ${builderRef.replace(/[.]/g, '\\.')}$`)),
    ]));
    expect(linesWith(log, 'ERROR')).toEqual([]);
    expect({ dependencyStep: stepStatus(log, DEPENDENCY_STEP) }).toEqual({ dependencyStep: 'CACHED' });
    expect([...new Set(compiledCrates(log))].sort()).toEqual(WORKSPACE_CRATES);

    const id = await runContainer(`${imageRef}-runner-2`);
    await waitForHttp200(() => containerHttpGet(id, '/health'), 15_000);
    expect(json200(await containerHttpGet(id, '/health'))).toMatchObject({ version: 'tasks-v1', build: 'build-v1', api: 'api-v2' });
    await removeContainer(id);
    // eslint-disable-next-line no-console
    console.log(`cold-runner build times: ${Object.entries(times).map(([k, v]) => `${k}: ${v}`).join('; ')}`);
    coldRunnerPassed = true;
  });

  test('cdk-assets passes `--cache-from type=registry,ref=<image>`, a form Docker 20.10\'s docker build does not read: it imports nothing from the images', async () => {
    // What Docker 20.10 does with the argv cdk-assets runs: its CLI splits each
    // --cache-from value at commas, so it tries "type=registry" and
    // "ref=<image>" as image names and imports no cache manifest from the
    // images (docker buildx, the default builder of Docker 23 and later, reads
    // the form). The README and RegistryCache.inline() say so; this test fails
    // when the engine starts reading it, and the docs must change then.
    const v2 = synth();
    const argv = cdkAssetsBuildArgv(v2.source, `${imageRef}-cdk-assets`);
    expect(argv).toEqual(expect.arrayContaining(['--cache-from', `type=registry,ref=${builderRef}`]));
    const r = await build(v2, argv);
    const imports = linesWith(r.log, /importing cache manifest from/).map((l) => l.replace(/^#\d+ /, ''));
    const fromBuilderImage = new RegExp(`importing cache manifest from ${builderRef.replace(/[.]/g, '\\.')}$`);
    expect({ imports, fromBuilderImage: imports.some((l) => fromBuilderImage.test(l)) }).toEqual({
      imports: expect.arrayContaining([expect.stringMatching(/importing cache manifest from type=registry/)]),
      fromBuilderImage: false,
    });
    expect(coldRunnerPassed).toBe(true);
    markVerified('inline-cache-cold-runner');
  });
});
