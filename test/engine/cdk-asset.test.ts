/**
 * The README example's shape, end to end: a RustServiceImage like
 * examples/task-api/app.ts (ARM64, ScratchRuntime on port 8080 with an HTTP
 * health check on /health, every other option the default) over the offline
 * task-api fixture, built the way `cdk deploy` builds it: the test
 * synthesizes a CDK app, reads the stack's asset manifest from the cloud
 * assembly (as the CLI does), and runs the `docker build` that cdk-assets
 * runs for the `dockerImages` entry (working directory = the asset
 * directory, `--file`, `--build-arg`, `--network`, `--platform`, ... from the
 * manifest, context `.`). The image must build, and the container must turn
 * healthy and run as the configured user.
 *
 * The only departure from the CLI: an image already tagged
 * `cdkasset-<asset id>` is removed first, because the CLI would skip the
 * build and the test would prove nothing. `--network host` (which this
 * machine's engine needs for its builds) comes from the construct's
 * `networkMode` prop through the manifest, as it would for a user.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { NetworkMode } from 'aws-cdk-lib/aws-ecr-assets';
import { DockerImageSource } from 'aws-cdk-lib/cloud-assembly-schema';
import { parseMarkers, V1_MARKERS } from './task-api';
import { CliRun, dockerIn, stackAsset } from './teams-harness';
import {
  containerHttpGet, copyFixture, describeWithEngine, DOCKER_CLI, getEngine, markVerified,
  processUidGid, readElf, removeAfterSuite, runContainer, suiteTempDir, waitHealthy,
} from '../../devtools/engine-harness';
import { Architecture, HealthCheck, RustServiceImage, ScratchRuntime } from '../../src';
import { cdkAssetsBuildArgv } from '../cdk-assets-argv';

const STACK_NAME = 'TaskApiAssetStack';
/** The default runtime user. */
const UID = 65532;

function tailOf(text: string, lines: number): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

describeWithEngine('a RustServiceImage asset built from the cloud assembly as the CDK CLI builds it', () => {
  let image: RustServiceImage;
  let manifestFile: string;
  let assetId: string;
  let source: DockerImageSource;
  let assetDir: string;
  let tag: string;
  let argv: string[];
  let build: CliRun;
  let container: string | undefined;

  beforeAll(async () => {
    const crate = copyFixture('task-api');
    // What a real checkout carries and the staged context must leave out.
    fs.mkdirSync(path.join(crate, 'target', 'release'), { recursive: true });
    fs.writeFileSync(path.join(crate, 'target', 'release', 'task-api'), 'stale build output');
    fs.mkdirSync(path.join(crate, '.git'), { recursive: true });
    fs.writeFileSync(path.join(crate, '.git', 'HEAD'), 'ref: refs/heads/main\n');

    const app = new App({ outdir: suiteTempDir('cdk-out') });
    const stack = new Stack(app, STACK_NAME);
    // examples/task-api/app.ts, with the fixture crate; plus what this machine needs (host network) and a build arg to follow.
    image = new RustServiceImage(stack, 'TaskApi', {
      crateDirectory: crate,
      architecture: Architecture.ARM64,
      runtime: new ScratchRuntime({ port: 8080, healthCheck: HealthCheck.http('/health') }),
      assetName: 'task-api',
      buildArgs: { SOME_ARG: 'x' },
      networkMode: NetworkMode.HOST,
    });
    const assembly = app.synth();

    ({ assetId, source, directory: assetDir, manifestFile } = stackAsset(assembly, STACK_NAME));
    // cdk-assets' local tag is cdkasset-<id>.
    tag = `cdkasset-${assetId.toLowerCase()}`;
    argv = cdkAssetsBuildArgv(source, tag);
    removeAfterSuite(tag);

    await getEngine().docker(['rmi', '-f', tag], { allowFailure: true });
    build = await dockerIn(assetDir, argv);
    // eslint-disable-next-line no-console
    console.log(`cwd ${assetDir}\n${DOCKER_CLI} ${argv.join(' ')}\nexit ${build.exitCode} after ${(build.durationMs / 1000).toFixed(1)} s`
      + `\nbuild log lines mentioning SOME_ARG or a warning: ${JSON.stringify(build.log.split('\n').filter((l) => /SOME_ARG|warn/i.test(l)))}`);
    if (build.exitCode === 0) container = await runContainer(tag, { platform: 'linux/arm64', readOnly: true, tmpfs: ['/tmp'] });
  });

  function running(): string {
    if (!container) throw new Error(`${tag} did not build (exit ${build?.exitCode}):\n${tailOf(build?.log ?? '', 60)}`);
    return container;
  }

  test('the stack\'s asset manifest is <outdir>/<stack>.assets.json with one docker image from a directory in the assembly', () => {
    expect(path.basename(manifestFile)).toBe(`${STACK_NAME}.assets.json`);
    expect(source.executable).toBeUndefined();
    expect(path.isAbsolute(source.directory!)).toBe(false);
    expect(path.relative(path.dirname(manifestFile), assetDir).startsWith('..')).toBe(false);
  });

  test('the manifest carries the platform of the architecture, the build args and the network mode', () => {
    expect(source.platform).toBe('linux/arm64');
    expect(source.dockerBuildArgs).toEqual({ SOME_ARG: 'x' });
    expect(source.networkMode).toBe('host');
  });

  test('the asset directory holds the rendered Dockerfile and no target/ or .git', () => {
    const dockerfile = path.join(assetDir, source.dockerFile ?? 'Dockerfile');
    expect(fs.readFileSync(dockerfile, 'utf-8')).toBe(image.imageBuild.dockerfile);
    for (const file of image.imageBuild.supportFiles) {
      expect(fs.readFileSync(path.join(assetDir, file.path), 'utf-8')).toBe(file.content);
    }
    expect(fs.existsSync(path.join(assetDir, 'target'))).toBe(false);
    expect(fs.existsSync(path.join(assetDir, '.git'))).toBe(false);
    expect(fs.existsSync(path.join(assetDir, 'Cargo.lock'))).toBe(true);
  });

  test('docker build, run as cdk-assets runs it in the asset directory, succeeds', () => {
    expect(argv).toEqual([
      'build', '--build-arg', 'SOME_ARG=x', '--tag', tag,
      ...(source.dockerFile ? ['--file', source.dockerFile] : []),
      '--network', 'host', '--platform', 'linux/arm64', '.',
    ]);
    expect({ exitCode: build.exitCode, logTail: build.exitCode === 0 ? '' : tailOf(build.log, 60) }).toEqual({ exitCode: 0, logTail: '' });
  });

  test('the image is linux/arm64 with a static AArch64 binary', async () => {
    running();
    expect((await getEngine().docker(['image', 'inspect', '--format', '{{.Os}}/{{.Architecture}}', tag])).stdout.trim()).toBe('linux/arm64');
    const elf = await readElf(tag, '/app/task-api');
    expect(elf).toMatch(/Machine:\s+AArch64/);
    expect(elf).not.toMatch(/Requesting program interpreter/);
  });

  test(`under QEMU the container turns healthy (Docker's HEALTHCHECK, 30 s interval), GET /health answers 200, and PID 1 runs as ${UID}:${UID}`, async () => {
    const id = running();
    const healthyMs = await waitHealthy(id, 180_000);
    // eslint-disable-next-line no-console
    console.log(`healthy ${healthyMs} ms after the health wait began`);
    const health = await containerHttpGet(id, '/health');
    expect(health.status).toBe(200);
    expect(parseMarkers(health)).toEqual(V1_MARKERS);
    expect(await processUidGid(id)).toEqual({ uid: UID, gid: UID, effectiveUid: UID, effectiveGid: UID });
    markVerified('cdk-asset-arm64');
  });
});
