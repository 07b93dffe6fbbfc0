import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as fc from 'fast-check';
import { Architecture, RustMuslImage, RustMuslImageProps, RustWorkspaceImages, ScratchRuntime } from '../../src';
import { codeBuildBuildspec, ECR_LOGIN_COMMAND, REPOSITORY_PLACEHOLDER } from '../../src/image/invocation/codebuild-buildspec';
import { dockerBuildCommand } from '../../src/image/invocation/docker-build-command';
import { remoteBuildPlan, RemoteBuildPlan } from '../../src/image/remote-build';
import { singleLineText } from '../arbitraries';
import { makeTree, pkg } from '../util';

/*
 * The CodeBuild buildspec: one more rendering of the build invocations. Exact
 * text for each shape (one image, multi-platform, a workspace), and /bin/sh
 * running the rendered commands with a `docker` that records its argv: each
 * `docker build` is `dockerBuildCommand(invocation)` word for word, the
 * repository expanded from the project's variable as one word.
 */

const SINGLE = path.join(__dirname, '..', 'fixtures', 'cargo', 'single');
const HASH = 'a'.repeat(32) + 'b'.repeat(32);
const TAG = `single.${'a'.repeat(32)}`;
const R = '"${IMAGE_REPOSITORY}"';

const plan = (props: Partial<RustMuslImageProps> = {}, options = {}) =>
  remoteBuildPlan([{ build: new ScratchRuntime().compose(new RustMuslImage({ crateDirectory: SINGLE, ...props })), hash: HASH }], options);

describe('the buildspec of an architecture\'s CodeBuild project', () => {
  test('one image: log in, build and push the builder stage as the registry cache, then the image if it is asked for', () => {
    const { architectures: [amd64], images } = plan({}, { buildArgs: { GREETING: 'hi' } });
    expect(images.map((i) => ({ tag: i.tag, platformTags: i.platformTags }))).toEqual([{ tag: TAG, platformTags: undefined }]);
    expect(amd64.architecture).toBe(Architecture.X86_64);
    expect(codeBuildBuildspec(amd64.build)).toEqual({
      version: '0.2',
      env: { variables: { DOCKER_BUILDKIT: '1', CDK_RUST_IMAGE_TAGS: TAG } },
      phases: {
        pre_build: { commands: ['aws ecr get-login-password --region "$AWS_REGION" | docker login --username AWS --password-stdin "${IMAGE_REPOSITORY%%/*}"'] },
        build: {
          commands: [
            'cd "$CODEBUILD_SRC_DIR"',
            `docker build --platform linux/amd64 -f Dockerfile --target builder -t ${R}:builder-cache-amd64 --build-arg BUILDKIT_INLINE_CACHE=1 --build-arg GREETING=hi --cache-from ${R}:builder-cache-amd64 .`,
            `docker push ${R}:builder-cache-amd64`,
            `case " $CDK_RUST_IMAGE_TAGS " in *' ${TAG} '*) `
            + `docker build --platform linux/amd64 -f Dockerfile -t ${R}:${TAG} --build-arg BUILDKIT_INLINE_CACHE=1 --build-arg GREETING=hi --cache-from ${R}:builder-cache-amd64 . `
            + `&& docker push ${R}:${TAG};; *) echo '${TAG}: in the repository already, not built';; esac`,
          ],
        },
      },
    });
  });

  test('multi-platform: one build per architecture, each for its own platform, tagged per platform; the image\'s tag names the manifest list', () => {
    const { architectures, images } = plan({ multiPlatform: true, architecture: Architecture.ARM64 }, { networkMode: 'host', cacheDisabled: true });
    expect(images.map((i) => ({ tag: i.tag, platformTags: i.platformTags }))).toEqual([{ tag: TAG, platformTags: { amd64: `${TAG}-amd64`, arm64: `${TAG}-arm64` } }]);
    expect(architectures.map((a) => a.architecture)).toEqual([Architecture.X86_64, Architecture.ARM64]);
    for (const { architecture, build } of architectures) {
      const arch = architecture.dockerArch;
      const spec = codeBuildBuildspec(build);
      expect(spec.env.variables.CDK_RUST_IMAGE_TAGS).toBe(TAG);
      expect(spec.phases.build.commands.slice(1)).toEqual([
        `docker build --platform linux/${arch} -f Dockerfile --target builder -t ${R}:builder-cache-${arch} --build-arg BUILDKIT_INLINE_CACHE=1 --cache-from ${R}:builder-cache-${arch} --no-cache --network host .`,
        `docker push ${R}:builder-cache-${arch}`,
        `case " $CDK_RUST_IMAGE_TAGS " in *' ${TAG} '*) `
        + `docker build --platform linux/${arch} -f Dockerfile -t ${R}:${TAG}-${arch} --build-arg BUILDKIT_INLINE_CACHE=1 --cache-from ${R}:builder-cache-${arch} --no-cache --network host . `
        + `&& docker push ${R}:${TAG}-${arch};; *) echo '${TAG}-${arch}: in the repository already, not built';; esac`,
      ]);
    }
  });

  test('a workspace: the builder stage (every service\'s dependency layer) once per architecture, then each service\'s target, each asked for by its own tag', () => {
    const workspace = makeTree({
      'Cargo.toml': '[workspace]\nmembers = ["api", "worker"]\n',
      'api/Cargo.toml': pkg('api'),
      'api/src/main.rs': 'fn main() {}\n',
      'worker/Cargo.toml': pkg('worker'),
      'worker/src/main.rs': 'fn main() {}\n',
    });
    const builds = new RustWorkspaceImages({ crateDirectory: workspace, services: [{ binaryName: 'api' }, { binaryName: 'worker' }] }).compose();
    const { architectures: [amd64], images } = remoteBuildPlan(builds.map((build, i) => ({ build, hash: `${i}`.repeat(64) })));
    expect(images.map((i) => i.tag)).toEqual([`api.${'0'.repeat(32)}`, `worker.${'1'.repeat(32)}`]);
    const spec = codeBuildBuildspec(amd64.build);
    expect(spec.env.variables.CDK_RUST_IMAGE_TAGS).toBe(`api.${'0'.repeat(32)} worker.${'1'.repeat(32)}`);
    const commands = spec.phases.build.commands;
    expect(commands.filter((c) => c.includes('--target builder'))).toHaveLength(1);
    expect(commands.slice(3).map((c) => /^case " \$CDK_RUST_IMAGE_TAGS " in \*' (\S+) '\*\) docker build .* --target (\S+) -t /.exec(c)?.slice(1))).toEqual([
      [`api.${'0'.repeat(32)}`, 'runtime-api'],
      [`worker.${'1'.repeat(32)}`, 'runtime-worker'],
    ]);
  });

  test('only the ECR login needs AWS: it is the whole pre_build phase, and no other command calls the AWS CLI', () => {
    const spec = codeBuildBuildspec(plan({ multiPlatform: true }).architectures[1].build);
    expect(spec.phases.pre_build.commands).toEqual([ECR_LOGIN_COMMAND]);
    expect(spec.phases.build.commands.filter((c) => /\baws\b/.test(c))).toEqual([]);
  });
});

describe('what a build service cannot build, refused naming the prop and the fix', () => {
  test('build secrets: CodeBuild has no file of the deploying machine', () => {
    expect(() => plan({ buildSecrets: [{ id: 'token', sourceFile: '/run/ci/token', environmentVariable: 'TOKEN' }] })).toThrow(
      'Invalid buildSecrets ["token"]: a CodeBuild build has no files of the deploying machine to mount as build secrets. Build it locally (BuildLocation.local()), or make the dependencies reachable without a secret');
  });

  test('an SSH agent: CodeBuild has no agent of the deploying machine', () => {
    expect(() => plan({ sshAgent: { knownHosts: ['github.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl'] } })).toThrow(
      'Invalid sshAgent "default": a CodeBuild build has no SSH agent or keys of the deploying machine to forward. Build it locally (BuildLocation.local()), or vendor the git dependencies');
  });

  test('a binary name an image tag cannot hold', () => {
    const crate = makeTree({ 'Cargo.toml': pkg('dienst'), 'src/bin/größe.rs': 'fn main() {}\n' });
    const build = new ScratchRuntime().compose(new RustMuslImage({ crateDirectory: crate, binaryName: 'größe' }));
    expect(() => remoteBuildPlan([{ build, hash: HASH }])).toThrow('Invalid binaryName "größe": a CodeBuild build tags each image with its binary name, and an image tag takes ASCII letters, digits, "_" and "-" only. Rename the binary to ASCII');
  });
});

/** Runs commands in one /bin/sh with `docker` recording each call's argv; returns the calls and what was echoed. */
function runWithRecordingDocker(commands: string[], env: Record<string, string>): { calls: string[][]; output: string } {
  const script = [
    'docker() { printf \'%s\\0\' "$@" >> "$CALLS"; printf \'\\001\' >> "$CALLS"; }',
    ...commands,
  ].join('\n');
  const calls = path.join(makeTree({ calls: '' }), 'calls');
  const output = execFileSync('/bin/sh', ['-ec', script], { env: { PATH: process.env.PATH, CALLS: calls, ...env }, encoding: 'utf8' });
  const text = fs.readFileSync(calls, 'utf8');
  return { calls: text.split('\u0001').slice(0, -1).map((c) => c.split('\0').slice(0, -1)), output };
}

describe('the rendered commands under /bin/sh', () => {
  const expectedArgv = (p: RemoteBuildPlan, repository: string) => {
    const build = p.architectures[0].build;
    const expand = (argv: string[]) => argv.map((w) => w.split(REPOSITORY_PLACEHOLDER).join(repository));
    return [
      expand(dockerBuildCommand(build.cache)),
      ['push', `${repository}:builder-cache-amd64`],
      expand(dockerBuildCommand(build.images[0].invocation)),
      ['push', `${repository}:${build.images[0].tag}`],
    ].map((argv) => (argv[0] === 'docker' ? argv.slice(1) : argv));
  };

  test('each docker call is the invocation\'s argv word for word, whatever the build arguments and the repository hold', () => {
    fc.assert(fc.property(singleLineText(200), singleLineText(100), (value, repository) => {
      const p = plan({}, { buildArgs: { VALUE: value } });
      const { calls } = runWithRecordingDocker(codeBuildBuildspec(p.architectures[0].build).phases.build.commands.slice(1),
        { IMAGE_REPOSITORY: repository, CDK_RUST_IMAGE_TAGS: `other ${TAG} more` });
      expect(calls).toEqual(expectedArgv(p, repository));
    }), { numRuns: 60 });
  });

  test('an image whose tag is not asked for (the repository has it) is neither built nor pushed; the builder cache still is', () => {
    const p = plan();
    const { calls, output } = runWithRecordingDocker(codeBuildBuildspec(p.architectures[0].build).phases.build.commands.slice(1),
      { IMAGE_REPOSITORY: 'registry.example/repo', CDK_RUST_IMAGE_TAGS: `x${TAG} ${TAG}x` });
    expect(calls).toEqual(expectedArgv(p, 'registry.example/repo').slice(0, 2));
    expect(output).toBe(`${TAG}: in the repository already, not built\n`);
  });
});
