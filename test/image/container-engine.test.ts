import * as path from 'path';
import * as fc from 'fast-check';
import { Architecture, CrossCompilation, RustMuslImage, RustMuslImageProps, ScratchRuntime } from '../../src';
import { ContainerEngine, containerEngineOf, containerEngineWarnings, EngineBuildFacts, engineBuildFactsOf } from '../../src/image/container-engine';

const SINGLE = path.join(__dirname, '..', 'fixtures', 'cargo', 'single');

/** The default arm64 image's facts: gcc cross on the build host, nothing passed. */
const ARM64_DEFAULT: EngineBuildFacts = {
  usesBuildPlatform: true,
  crossCompilation: 'gcc',
  picksStagesByTargetArch: false,
  buildArgs: {},
  cacheFlags: [],
  outputs: [],
  hostPlatform: 'linux/amd64',
};
/** The default amd64 image's: the builder runs on the image's platform. */
const AMD64_DEFAULT: EngineBuildFacts = { ...ARM64_DEFAULT, usesBuildPlatform: false, crossCompilation: 'none' };

describe('containerEngineOf: the command CDK_DOCKER names', () => {
  test.each([
    [undefined, ContainerEngine.DOCKER],
    ['', ContainerEngine.DOCKER],
    ['docker', ContainerEngine.DOCKER],
    ['podman', ContainerEngine.PODMAN],
    ['/usr/bin/podman', ContainerEngine.PODMAN],
    ['/opt/homebrew/bin/podman', ContainerEngine.PODMAN],
    ['podman-remote', ContainerEngine.PODMAN],
    ['C:\\Program Files\\RedHat\\Podman\\podman.exe', ContainerEngine.PODMAN],
    ['Podman', ContainerEngine.PODMAN],
    ['finch', ContainerEngine.FINCH],
    ['/usr/local/bin/finch', ContainerEngine.FINCH],
    ['depot', ContainerEngine.DOCKER],
    ['podman-compose', ContainerEngine.DOCKER],
    ['/usr/bin/podman/docker', ContainerEngine.DOCKER],
  ])('%j is %s', (command, engine) => {
    expect(containerEngineOf(command)).toBe(engine);
  });
});

describe('engineBuildFactsOf: what a composed image and its invocation ask of the engine', () => {
  const facts = (props: Partial<RustMuslImageProps>, cacheProp?: string) => {
    const build = new ScratchRuntime().compose(new RustMuslImage({ crateDirectory: SINGLE, ...props }));
    const invocation = build.buildInvocation({
      buildArgs: { A: '1' },
      cacheFrom: [{ cacheType: 'registry', params: { ref: 'r.example/c:main' } }],
      outputs: ['type=registry'],
    });
    return engineBuildFactsOf(build, invocation, 'linux/amd64', cacheProp);
  };

  test('the default amd64 image: every stage on the image\'s platform; the invocation\'s options as cdk-assets passes them', () => {
    expect(facts({}, 'cacheFrom/cacheTo')).toEqual({
      usesBuildPlatform: false,
      crossCompilation: 'none',
      picksStagesByTargetArch: false,
      buildArgs: { A: '1' },
      cacheProp: 'cacheFrom/cacheTo',
      cacheFlags: ['type=registry,ref=r.example/c:main'],
      outputs: ['type=registry'],
      hostPlatform: 'linux/amd64',
    });
  });

  test.each([
    ['arm64 (gcc, the default)', { architecture: Architecture.ARM64 }, true, 'gcc', false],
    ['arm64 with clang', { architecture: Architecture.ARM64, crossCompilation: CrossCompilation.clang() }, true, 'clang', false],
    ['arm64 emulated', { architecture: Architecture.ARM64, crossCompilation: CrossCompilation.emulated() }, false, 'none', false],
    ['multiPlatform', { multiPlatform: true }, true, 'gcc', true],
  ])('%s', (_name, props, usesBuildPlatform, crossCompilation, picksStagesByTargetArch) => {
    const f = facts(props as Partial<RustMuslImageProps>);
    expect({ usesBuildPlatform: f.usesBuildPlatform, crossCompilation: f.crossCompilation, picksStagesByTargetArch: f.picksStagesByTargetArch })
      .toEqual({ usesBuildPlatform, crossCompilation, picksStagesByTargetArch });
    // The fact agrees with the Dockerfile's own text.
    const builder = new RustMuslImage({ crateDirectory: SINGLE, ...props as Partial<RustMuslImageProps> });
    const dockerfile = new ScratchRuntime().compose(builder).dockerfile;
    expect(/^FROM --platform=\$BUILDPLATFORM /m.test(dockerfile)).toBe(usesBuildPlatform);
    expect(/^FROM builder-\$\{TARGETARCH\} /m.test(dockerfile)).toBe(picksStagesByTargetArch);
  });
});

describe('containerEngineWarnings', () => {
  test('Docker and Finch get no advice, whatever the build asks', () => {
    const everything: EngineBuildFacts = {
      ...ARM64_DEFAULT, picksStagesByTargetArch: true, cacheProp: 'registryCache', cacheFlags: ['type=registry,ref=r/c:x'], outputs: ['type=registry'],
    };
    expect(containerEngineWarnings(ContainerEngine.DOCKER, everything)).toEqual([]);
    expect(containerEngineWarnings(ContainerEngine.FINCH, everything)).toEqual([]);
  });

  test('podman: the default amd64 image needs nothing of it that it lacks', () => {
    expect(containerEngineWarnings(ContainerEngine.PODMAN, AMD64_DEFAULT)).toEqual([]);
  });

  test('podman: a builder on $BUILDPLATFORM without the build argument', () => {
    expect(containerEngineWarnings(ContainerEngine.PODMAN, ARM64_DEFAULT)).toEqual([{
      id: 'cdk-rust-image:podmanBuildPlatform',
      message: 'CDK_DOCKER is "podman", and the builder stages start FROM --platform=$BUILDPLATFORM (crossCompilation gcc runs them on the build host): '
        + 'podman 4.3 (buildah 1.28) does not set BUILDPLATFORM, so it looks for the toolchain image of the target platform instead: '
        + 'the build fails when no registry has it, and runs the whole Rust build under emulation when one does. '
        + 'Fix: pass the build host\'s platform as a build argument, buildArgs: { BUILDPLATFORM: \'linux/amd64\' }. '
        + 'Docker uses your value too, so it must be the platform of every machine that builds the image.',
    }]);
  });

  test('podman: the fix names the synthesizing machine\'s platform, and silences the advice', () => {
    const onArm = containerEngineWarnings(ContainerEngine.PODMAN, { ...ARM64_DEFAULT, hostPlatform: 'linux/arm64' });
    expect(onArm[0].message).toContain('buildArgs: { BUILDPLATFORM: \'linux/arm64\' }');
    expect(containerEngineWarnings(ContainerEngine.PODMAN, { ...ARM64_DEFAULT, buildArgs: { BUILDPLATFORM: 'linux/amd64' } })).toEqual([]);
  });

  test('podman: multiPlatform', () => {
    const warnings = containerEngineWarnings(ContainerEngine.PODMAN, { ...ARM64_DEFAULT, buildArgs: { BUILDPLATFORM: 'linux/amd64' }, picksStagesByTargetArch: true });
    expect(warnings).toEqual([{
      id: 'cdk-rust-image:podmanMultiPlatform',
      message: 'CDK_DOCKER is "podman", and multiPlatform is true: the Dockerfile picks each platform\'s stages with FROM builder-${TARGETARCH}, '
        + 'which podman 4.3 expands to "builder-" and refuses ("creating build container: invalid reference format"); '
        + 'it expands automatic platform arguments in FROM only after a global ARG TARGETARCH, which Docker 20.10 in turn leaves empty. '
        + 'Fix: set multiPlatform to false and build one image per architecture (architecture: Architecture.X86_64 and Architecture.ARM64); '
        + 'join them with podman manifest create, podman manifest add and podman manifest push --all.',
    }]);
  });

  test('podman: cache options, named by the prop that set them', () => {
    const warnings = containerEngineWarnings(ContainerEngine.PODMAN, {
      ...AMD64_DEFAULT, cacheProp: 'registryCache', cacheFlags: ['type=registry,ref=r.example/c:main', 'type=registry,ref=r.example/c:main,mode=max'],
    });
    expect(warnings).toEqual([{
      id: 'cdk-rust-image:podmanBuildCache',
      message: 'CDK_DOCKER is "podman", and registryCache is set (["type=registry,ref=r.example/c:main","type=registry,ref=r.example/c:main,mode=max"]): '
        + 'cdk-assets passes it as --cache-from/--cache-to type=<type>,..., a form podman 4.3 refuses before it builds anything '
        + '("invalid repo ...: must contain registry and repository"); podman\'s own --cache-from/--cache-to take a bare repository, '
        + 'which the CDK\'s cache options cannot express. Fix: leave registryCache unset where podman builds (podman keeps its own layer cache), or build with Docker buildx.',
    }]);
  });

  test('podman: outputs it ignores, and those it writes', () => {
    expect(containerEngineWarnings(ContainerEngine.PODMAN, { ...AMD64_DEFAULT, outputs: ['type=local,dest=out', 'type=tar,dest=i.tar', 'out-dir'] })).toEqual([]);
    expect(containerEngineWarnings(ContainerEngine.PODMAN, { ...AMD64_DEFAULT, outputs: ['type=local,dest=out', 'type=registry'] })).toEqual([{
      id: 'cdk-rust-image:podmanOutputs',
      message: 'CDK_DOCKER is "podman", and outputs is ["type=local,dest=out","type=registry"]: podman 4.3 writes type=local and type=tar outputs only '
        + 'and ignores ["type=registry"] without an error (the image is only tagged locally). '
        + 'Fix: leave those outputs out where podman builds; cdk-assets pushes the tagged image itself.',
    }]);
  });

  test('podman: every warning has its own id, at most once, whatever the combination', () => {
    fc.assert(fc.property(
      fc.boolean(), fc.boolean(), fc.boolean(), fc.boolean(), fc.boolean(),
      (onBuildPlatform, withArg, multi, cached, registryOutput) => {
        const warnings = containerEngineWarnings(ContainerEngine.PODMAN, {
          ...AMD64_DEFAULT,
          usesBuildPlatform: onBuildPlatform,
          buildArgs: withArg ? { BUILDPLATFORM: 'linux/amd64' } : {},
          picksStagesByTargetArch: multi,
          cacheProp: cached ? 'cacheFrom/cacheTo' : undefined,
          cacheFlags: cached ? ['type=local,src=/c'] : [],
          outputs: registryOutput ? ['type=registry'] : [],
        });
        const ids = warnings.map((w) => w.id);
        expect(ids).toEqual([
          ...(onBuildPlatform && !withArg ? ['cdk-rust-image:podmanBuildPlatform'] : []),
          ...(multi ? ['cdk-rust-image:podmanMultiPlatform'] : []),
          ...(cached ? ['cdk-rust-image:podmanBuildCache'] : []),
          ...(registryOutput ? ['cdk-rust-image:podmanOutputs'] : []),
        ]);
      },
    ));
  });
});
