/**
 * `BuildLocation.codeBuild()`, as far as this machine can take it (AWS is not
 * reachable): the buildspecs of a synthesized stack's CodeBuild projects,
 * run VERBATIM in a container that plays the CodeBuild image, against the
 * local registry standing in for ECR.
 *
 * The stand-in CodeBuild machine: `debian:trixie-slim` (linux/amd64 natively;
 * the linux/arm64 variant under QEMU stands in for the ARM fleet), with the
 * host's Docker 20.10 CLI mounted (for arm64 with its x86-64 loader and libc:
 * the shell and everything else in the container are arm64) and the engine's
 * socket, the environment CodeBuild sets (CODEBUILD_SRC_DIR,
 * CODEBUILD_BUILD_ID, CODEBUILD_RESOLVED_SOURCE_VERSION, AWS_REGION,
 * AWS_DEFAULT_REGION), the buildspec's `env.variables`, the project's
 * IMAGE_REPOSITORY (the local registry's repository instead of ECR's), and
 * CDK_RUST_IMAGE_TAGS as the custom resource's handler passes it (the tags
 * the repository lacks). The staged context (`asset.<hash>` in the cloud
 * assembly, which cdk-assets zips and CodeBuild unzips) is copied to
 * CODEBUILD_SRC_DIR. Each phase's commands run in order in one `sh -e`, as
 * CodeBuild runs a version 0.2 buildspec; every command is the template's,
 * except the one that needs AWS: `aws ecr get-login-password | docker
 * login` becomes `echo stand-in | docker login` with the same user and
 * registry (the local registry takes any login). What a real CodeBuild machine
 * differs in: it runs Docker 28 with buildx; its arm64 builds run on an arm64
 * engine, where `--platform=$BUILDPLATFORM` is arm64 (here the engine is
 * amd64, so the arm64 build cross-compiles as it does on any amd64 host).
 *
 * Before run 1 the engine forgets this test's records and the registry's
 * repository is emptied (its delete is enabled), so run 1 is a first deploy
 * whatever an earlier, interrupted run left.
 *
 * Run 1 (a first deploy): both architectures' buildspecs, then the manifest
 * list the handler makes (its own `manifestListOf`, put into the registry as
 * ECR's PutImage stores it), pulled back per platform and run to healthy.
 * Run 2 (a later deploy after a one-line change of the binary crate, on an
 * empty machine): the engine forgets this test's images and its dependency
 * layer, and everything built on it, and nothing else (the records are found
 * through the engine's build-cache API by the marker this test puts in the
 * cargo command, leaves first; the toolchain, sources and probe stages stay);
 * the amd64 buildspec imports the dependency layer from the registry and
 * compiles only the workspace's crates. The engine is shared: nothing is
 * pruned beyond this test's own records.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { NetworkMode } from 'aws-cdk-lib/aws-ecr-assets';
import { markersOf, V1_MARKERS } from './task-api';
import { linesWith, stepStatus, stepSummary } from './teams-harness';
import {
  afterSuite, compiledCrates, copyFixture, describeWithEngine, ENGINE_SCRIPT, getEngine, markVerified, removeAfterSuite, removeContainer,
  replaceInFile, run, runContainer, setTreeMtime, suiteTempDir, waitHealthy,
} from '../../devtools/engine-harness';
import {
  Architecture, BuildLocation, HealthCheck, LtoMode, OptLevel, ReleaseProfile, RustServiceImage, ScratchRuntime,
} from '../../src';
import { ACCEPTED_MEDIA_TYPES, DOCKER_MANIFEST, manifestListOf } from '../../src/cdk/codebuild/handler/manifest-list';
import { shellQuote } from '../../src/core/shell';
import { ECR_LOGIN_COMMAND } from '../../src/image/invocation/codebuild-buildspec';

const REPOSITORY_PATH = 'cdk-rust-image-engine-test/codebuild';
/** In the cargo command of the dependency layer and the workspace build: how this test finds its own build-cache records. */
const MARKER = 'CDK_RUST_IMAGE_CODEBUILD_SIMULATION';
const WORKSPACE_CRATES = ['task-api', 'tasks'];
const STANDIN = { amd64: 'debian:trixie-slim', arm64: 'debian:trixie-slim-arm64' } as const;
const ACCEPT_MANIFESTS = ACCEPTED_MEDIA_TYPES.join(', ');
const LOGIN_STANDIN = 'echo stand-in | docker login --username AWS --password-stdin "${IMAGE_REPOSITORY%%/*}"';

interface Project {
  readonly arch: 'amd64' | 'arm64';
  readonly buildspec: { env: { variables: Record<string, string> }; phases: Record<string, { commands: string[] }> };
}

interface BuildspecRun {
  readonly log: string;
  readonly seconds: number;
  readonly commandSeconds: string[];
}

interface Synthesized {
  readonly stagedDir: string;
  readonly projects: Project[];
  readonly tag: string;
  readonly platformTags: Record<string, string>;
}

describeWithEngine('BuildLocation.codeBuild(): the buildspecs run verbatim on a stand-in CodeBuild machine, the local registry standing in for ECR', () => {
  let registry: string;
  let repository: string;
  let crate: string;
  const times: Record<string, string> = {};
  const docker = (args: string[]) => getEngine().docker(args);

  function synth(): Synthesized {
    const app = new App({ outdir: suiteTempDir('codebuild-out') });
    const stack = new Stack(app, 'CodeBuildStack', { env: { account: '123456789012', region: 'eu-west-1' } });
    new RustServiceImage(stack, 'TaskApi', {
      crateDirectory: crate,
      multiPlatform: true,
      architecture: Architecture.ARM64,
      runtime: new ScratchRuntime({ healthCheck: HealthCheck.http('/health', { intervalSeconds: 5 }) }),
      // The subject is the build's plumbing, not the release profile: the cheapest one.
      profile: ReleaseProfile.optimized({ optLevel: OptLevel.O0, lto: LtoMode.OFF, codegenUnits: 16 }),
      cargoArgs: ['--config', `env.${MARKER}="1"`],
      buildLocation: BuildLocation.codeBuild(),
      networkMode: NetworkMode.HOST,
    });
    const assembly = app.synth();
    const template = assembly.getStackByName('CodeBuildStack').template as { Resources: Record<string, { Type: string; Properties: any }> };
    const resources = Object.values(template.Resources);
    const projects = resources.filter((r) => r.Type === 'AWS::CodeBuild::Project').map((r) => ({
      arch: (r.Properties.Environment.Type === 'ARM_CONTAINER' ? 'arm64' : 'amd64') as Project['arch'],
      buildspec: JSON.parse(r.Properties.Source.BuildSpec),
    }));
    const images = resources.find((r) => r.Type === 'Custom::CdkRustImageBuild')!.Properties.Images;
    const fileAssets = JSON.parse(fs.readFileSync(path.join(assembly.directory, 'CodeBuildStack.assets.json'), 'utf8')).files;
    const source = Object.values<{ source: { path: string; packaging: string } }>(fileAssets).find((f) => f.source.packaging === 'zip')!.source;
    return { stagedDir: path.join(assembly.directory, source.path), projects, tag: images[0].Tag, platformTags: images[0].PlatformTags };
  }

  /** The tags of `tags` the repository lacks: what the handler's onEvent passes to the builds. */
  async function missingTags(tags: string[]): Promise<string[]> {
    const missing: string[] = [];
    for (const tag of tags) {
      const r = await fetch(`http://${registry}/v2/${REPOSITORY_PATH}/manifests/${tag}`, { method: 'HEAD', headers: { Accept: ACCEPT_MANIFESTS } });
      if (r.status !== 200) missing.push(tag);
    }
    return missing;
  }

  /** Runs a project's buildspec on the stand-in machine of its architecture; the log is CodeBuild's shape: each command announced, then its output. */
  async function runBuildspec(project: Project, synthesized: Synthesized, requested: string[]): Promise<BuildspecRun> {
    const src = suiteTempDir(`codebuild-src-${project.arch}`);
    fs.cpSync(synthesized.stagedDir, src, { recursive: true });
    const { env, phases } = project.buildspec;
    expect(phases.pre_build.commands).toEqual([ECR_LOGIN_COMMAND]);
    const lines = ['set -e', ...Object.entries(env.variables).map(([k, v]) => `export ${k}=${shellQuote(v, k)}`),
      `export CDK_RUST_IMAGE_TAGS=${shellQuote(requested.join(' '), 'tags')}`];
    for (const phase of ['install', 'pre_build', 'build', 'post_build']) {
      for (const command of phases[phase]?.commands ?? []) {
        const verbatim = command === ECR_LOGIN_COMMAND ? LOGIN_STANDIN : command;
        lines.push(`echo "[Container] $(date +%s) Running command "${shellQuote(verbatim, 'log')}`, verbatim);
      }
    }
    lines.push('echo "[Container] $(date +%s) Phase complete"');
    fs.writeFileSync(path.join(src, '..', `buildspec-${project.arch}.sh`), `${lines.join('\n')}\n`);
    const socket = getEngine().dockerHost.replace(/^unix:\/\//, '');
    const srcDir = '/codebuild/output/src1234/src';
    const r = await run('/usr/bin/docker', [
      'run', '--rm', '--network', 'host', '--platform', `linux/${project.arch}`,
      '-v', '/usr/bin/docker:/usr/local/bin/docker:ro',
      // The arm64 machine runs the x86-64 CLI natively (binfmt only catches foreign binaries) with the host's loader and libc; amd64 has its own.
      ...(project.arch === 'arm64' ? ['-v', '/lib64/ld-linux-x86-64.so.2:/lib64/ld-linux-x86-64.so.2:ro', '-v', '/lib/x86_64-linux-gnu/libc.so.6:/lib/x86_64-linux-gnu/libc.so.6:ro'] : []),
      '-v', `${socket}:/var/run/docker.sock`, '-e', 'DOCKER_HOST=unix:///var/run/docker.sock',
      '-v', `${src}:${srcDir}`, '-v', `${path.join(src, '..', `buildspec-${project.arch}.sh`)}:/codebuild/buildspec.sh:ro`,
      '-e', `CODEBUILD_SRC_DIR=${srcDir}`, '-e', `CODEBUILD_BUILD_ID=build-${project.arch}:00000000-0000-0000-0000-000000000000`,
      '-e', 'CODEBUILD_RESOLVED_SOURCE_VERSION=simulated', '-e', 'AWS_REGION=eu-west-1', '-e', 'AWS_DEFAULT_REGION=eu-west-1',
      '-e', `IMAGE_REPOSITORY=${repository}`, '-w', srcDir,
      STANDIN[project.arch], 'sh', '/codebuild/buildspec.sh',
    ], { env: { DOCKER_HOST: getEngine().dockerHost }, allowFailure: true });
    const log = `${r.stdout}\n${r.stderr}`;
    if (r.exitCode !== 0) {
      const logFile = path.join(suiteTempDir('codebuild-log'), `${project.arch}.log`);
      fs.writeFileSync(logFile, log);
      throw new Error(`the ${project.arch} buildspec failed (exit ${r.exitCode}); whole log: ${logFile}\n${linesWith(log, /ERROR|error(\[E\d+\])?:|failed/, 20).join('\n')}\n${log.slice(-2500)}`);
    }
    return { log, seconds: r.durationMs / 1000, commandSeconds: commandSeconds(log) };
  }

  /** Seconds per command, from the timestamps the simulation logs before each (as CodeBuild's log has them). */
  function commandSeconds(log: string): string[] {
    const marks = [...log.matchAll(/^\[Container\] (\d+) (?:Running command (.*)|Phase complete)$/gm)].map((m) => ({ t: Number(m[1]), command: m[2] }));
    return marks.slice(0, -1).map((m, i) => `${marks[i + 1].t - m.t} s ${m.command!.replace(/^(\S+ \S+).*?(--target \S+)?.*$/, '$1 $2').trim()}`);
  }

  /** Deletes every tag of this test's repository (the registry's delete is enabled): a first deploy finds neither images nor a cache there. */
  async function emptyRepository(): Promise<void> {
    const list = await fetch(`http://${registry}/v2/${REPOSITORY_PATH}/tags/list`);
    const tags: string[] = list.status === 200 ? ((await list.json()) as { tags?: string[] }).tags ?? [] : [];
    for (const tag of tags) {
      const head = await fetch(`http://${registry}/v2/${REPOSITORY_PATH}/manifests/${tag}`, { method: 'HEAD', headers: { Accept: ACCEPT_MANIFESTS } });
      const digest = head.headers.get('docker-content-digest');
      if (digest) await fetch(`http://${registry}/v2/${REPOSITORY_PATH}/manifests/${digest}`, { method: 'DELETE' });
    }
  }

  /** The engine's build-cache records (the engine API, which `docker system df` reads). */
  async function cacheRecords(): Promise<Array<{ ID: string; Parent?: string; Description?: string }>> {
    const r = await run('curl', ['-sf', '--unix-socket', getEngine().dockerHost.replace(/^unix:\/\//, ''), 'http://localhost/v1.41/system/df']);
    return JSON.parse(r.stdout).BuildCache ?? [];
  }

  /**
   * Forgets this test's records: those whose cargo command holds the marker
   * (the dependency layer, the workspace build) and every record built on
   * them, leaves first. The toolchain stage below them stays: other builds of
   * a multi-platform Dockerfile share its first layers.
   */
  async function forgetOwnRecords(): Promise<number> {
    const records = await cacheRecords();
    const byId = new Map(records.map((r) => [r.ID, r]));
    const own = new Set(records.filter((r) => (r.Description ?? '').includes(MARKER)).map((r) => r.ID));
    for (let grew = true; grew;) {
      grew = false;
      for (const r of records) {
        if (r.Parent && own.has(r.Parent) && !own.has(r.ID)) { own.add(r.ID); grew = true; }
      }
    }
    const depth = (id: string): number => { let d = 0; for (let p = byId.get(id)?.Parent; p; p = byId.get(p)?.Parent) d++; return d; };
    for (const id of [...own].sort((a, b) => depth(b) - depth(a))) {
      await docker(['builder', 'prune', '-f', '--filter', `id=${id}`]);
    }
    return own.size;
  }

  beforeAll(async () => {
    registry = /^REGISTRY=(.*)$/m.exec((await run('bash', [ENGINE_SCRIPT, 'registry', 'start'])).stdout)![1];
    repository = `${registry}/${REPOSITORY_PATH}`;
    crate = copyFixture('task-api');
    setTreeMtime(crate);
    // Run 1 is a first deploy on a fresh machine: what an earlier run left in the engine or the registry would make it warm.
    await forgetOwnRecords();
    await emptyRepository();
    afterSuite(async () => { await forgetOwnRecords(); await emptyRepository(); });
  });

  test('run 1: each architecture\'s buildspec builds and pushes; the manifest list is pulled back per platform and runs to healthy', async () => {
    const v1 = synth();
    expect(v1.projects.map((p) => p.arch).sort()).toEqual(['amd64', 'arm64']);
    const requested = await missingTags([v1.tag]);
    for (const project of v1.projects) {
      const { log, seconds, commandSeconds: perCommand } = await runBuildspec(project, v1, requested);
      times[`run 1 ${project.arch} (cold: dependencies, workspace, probe)`] = `${seconds.toFixed(1)} s [${perCommand.join(', ')}]`;
      expect({ arch: project.arch, compiled: [...new Set(compiledCrates(log))].sort() }).toEqual({
        arch: project.arch, compiled: expect.arrayContaining([...WORKSPACE_CRATES, 'serde', 'tiny_http']),
      });
      removeAfterSuite(`${repository}:builder-cache-${project.arch}`, `${repository}:${v1.platformTags[project.arch]}`);
    }
    // The handler's isComplete: the per-platform images joined in a manifest list, stored under the image's tag.
    const parts = await Promise.all(Object.entries(v1.platformTags).map(async ([architecture, tag]) => {
      const r = await fetch(`http://${registry}/v2/${REPOSITORY_PATH}/manifests/${tag}`, { headers: { Accept: DOCKER_MANIFEST } });
      expect({ tag, status: r.status }).toEqual({ tag, status: 200 });
      return { architecture, manifest: await r.text(), digest: r.headers.get('docker-content-digest')!, mediaType: r.headers.get('content-type')! };
    }));
    const list = manifestListOf(parts);
    const put = await fetch(`http://${registry}/v2/${REPOSITORY_PATH}/manifests/${v1.tag}`, { method: 'PUT', headers: { 'Content-Type': list.mediaType }, body: list.document });
    expect(put.status).toBe(201);
    for (const arch of ['amd64', 'arm64']) {
      const ref = `${repository}:${v1.tag}`;
      removeAfterSuite(ref);
      await docker(['pull', '--platform', `linux/${arch}`, ref]);
      expect((await docker(['image', 'inspect', '--format', '{{.Os}}/{{.Architecture}}', ref])).stdout.trim()).toBe(`linux/${arch}`);
      const id = await runContainer(ref, { platform: `linux/${arch}` });
      await waitHealthy(id, 60_000);
      expect({ arch, markers: await markersOf(id) }).toEqual({ arch, markers: V1_MARKERS });
      await removeContainer(id);
      await docker(['rmi', '-f', ref]);
    }
    markVerified('codebuild-buildspec');
  });

  test('run 2: on an emptied engine, after a change to the binary crate, the amd64 buildspec imports the dependency layer from the registry and compiles only the workspace\'s crates', async () => {
    // The empty machine: this test's images and its dependency layer (and what was built on it) are gone from the engine.
    const v1 = synth();
    await docker(['rmi', '-f', `${repository}:builder-cache-amd64`, `${repository}:builder-cache-arm64`, `${repository}:${v1.platformTags.amd64}`, `${repository}:${v1.platformTags.arm64}`]);
    const forgotten = await forgetOwnRecords();
    expect(forgotten).toBeGreaterThan(0);
    // Without this, a dependency step CACHED below could come from the engine's own records rather than the registry.
    expect((await cacheRecords()).filter((r) => (r.Description ?? '').includes(MARKER))).toEqual([]);
    replaceInFile(path.join(crate, 'crates/task-api/src/main.rs'), '"api-v1"', '"api-v2"');
    const v2 = synth();
    expect(v2.tag).not.toBe(v1.tag);
    const requested = await missingTags([v2.tag]);
    expect(requested).toEqual([v2.tag]);
    const amd64 = v2.projects.find((p) => p.arch === 'amd64')!;
    const { log, seconds, commandSeconds: perCommand } = await runBuildspec(amd64, v2, requested);
    times['run 2 amd64 (empty engine, dependency layer from the registry)'] = `${seconds.toFixed(1)} s [${perCommand.join(', ')}]`;
    removeAfterSuite(`${repository}:builder-cache-amd64`, `${repository}:${v2.platformTags.amd64}`);
    expect(linesWith(log, `importing cache manifest from ${repository}:builder-cache-amd64`).length).toBeGreaterThan(0);
    const dependencyStep = new RegExp(`^\\[builder-amd64 \\d+/\\d+\\] RUN cargo build --release .*${MARKER}`);
    expect({ dependencyStep: stepStatus(log, dependencyStep), steps: stepStatus(log, dependencyStep) === 'CACHED' ? [] : stepSummary(log) })
      .toEqual({ dependencyStep: 'CACHED', steps: [] });
    expect([...new Set(compiledCrates(log))].sort()).toEqual(WORKSPACE_CRATES);
    const id = await runContainer(`${repository}:${v2.platformTags.amd64}`);
    await waitHealthy(id, 60_000);
    expect(await markersOf(id)).toEqual({ ...V1_MARKERS, api: 'api-v2' });
    await removeContainer(id);
    // eslint-disable-next-line no-console
    console.log(`codebuild buildspec simulation: ${Object.entries(times).map(([k, v]) => `${k}: ${v}`).join('; ')}; records forgotten before run 2: ${forgotten}`);
    markVerified('codebuild-registry-cache');
  });
});
