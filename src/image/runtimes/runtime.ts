import { ACCOUNTS_STAGE } from './accounts';
import { invalidValue } from '../../core/errors';
import { assertImageReference } from '../../core/image-ref';
import { assertPort } from '../../core/numbers';
import { assertMatches, assertSingleLine } from '../../core/text';
import { Dockerfile, DockerfileStage } from '../../dockerfile/dockerfile';
import { HealthCheck, HealthCheckKind } from '../../model/health-check';
import { RuntimeUser } from '../../model/runtime-user';
import { builderWarnings, singleArchitectureWarnings, unpinnedImageWarnings } from '../advice';
import { BuildWarning, WARNING_IDS } from '../build-warning';
import { describeTargets } from '../builder/build-target';
import { APP_DIR, PROBE_PATH } from '../builder/layout';
import { renderBuilderStages } from '../caching/builder-stages';
import { cachingStageNames } from '../caching/registry';
import { BUILDER_STAGE } from '../caching/strategy';
import { contextIncludes, dockerignoreLines } from '../context/dockerignore';
import { sbomImagePath, sbomSupportFile } from '../context/sbom';
import { SupportFile } from '../context/support-files';
import { ImageBuild, ImageHealthCheck } from '../image-build';
import { RustMuslImage } from '../rust-musl-image';
import { BuilderOutput } from '../stages/builder-output';
import { PROBE_STAGE, probeCommand } from '../stages/probe-stage';
import { SOURCES_STAGE } from '../stages/sources-stage';
import { renderToolchainStage, TOOLCHAIN_STAGE } from '../stages/toolchain-stage';

/** The port a service listens on unless told otherwise (`RuntimeOptions.port`). */
export const DEFAULT_PORT = 8080;

/** The health check of an image unless told otherwise (`RuntimeOptions.healthCheck`). */
export function defaultHealthCheck(): HealthCheck {
  return HealthCheck.http('/health');
}

/** Options every runtime takes. */
export interface RuntimeOptions {
  /**
   * Port the service listens on (EXPOSE, `PORT` variable, health check, ECS port mapping).
   * @default 8080
   */
  readonly port?: number;
  /**
   * Health check.
   * @default HealthCheck.http('/health')
   */
  readonly healthCheck?: HealthCheck;
  /**
   * User the service runs as.
   * @default RuntimeUser.nonRoot() (65532:65532)
   */
  readonly user?: RuntimeUser;
  /**
   * Base image of the runtime stage (`name:tag`, optionally `@sha256:…`).
   * @default - the runtime's default (see each runtime; required by CustomRuntime)
   */
  readonly baseImage?: string;
  /**
   * Extra image labels (merged over the generated `org.opencontainers.image.*` labels).
   * @default - none
   */
  readonly labels?: { [key: string]: string };
  /**
   * Environment variables of the running container. `PORT` is set from
   * `port` and may not be set here.
   * @default - only `PORT`
   */
  readonly environment?: { [name: string]: string };
  /**
   * Arguments passed to the binary (`CMD`).
   * @default - none
   */
  readonly command?: string[];
  /**
   * Signal that stops the container.
   * @default - SIGTERM (Docker's default)
   */
  readonly stopSignal?: string;
}

/** A rendered Dockerfile and what goes with it. */
export interface RenderedText {
  readonly dockerfile: string;
  readonly supportFiles: SupportFile[];
  readonly images: string[];
  readonly warnings: BuildWarning[];
  /** The build target of the image, in a Dockerfile with several. */
  readonly target?: string;
}

/** What rendering a runtime produced. */
export interface RenderedImage {
  readonly dockerfile: Dockerfile;
  readonly output: BuilderOutput;
  /** The external images the FROM lines name. */
  readonly images: string[];
  readonly sbom?: SupportFile;
}

/** Facts a runtime stage needs. */
export interface RuntimeContext {
  readonly builder: RustMuslImage;
  readonly output: BuilderOutput;
  /** The SBOM support file, when the image ships one. */
  readonly sbom?: SupportFile;
  /** Suffix of this image's stage names: `''`, or `-<binary>` in a workspace build. */
  readonly stageSuffix: string;
}

/** Name of the final stage: `runtime`, or `runtime-<binary>` in a workspace build. */
export const RUNTIME_STAGE = 'runtime';

/** Name of DevImage's single stage. */
export const DEV_STAGE = 'dev';

/**
 * Every stage name a generated Dockerfile may use (each with an optional
 * `-amd64`/`-arm64` suffix): a base image of one of these names would be
 * read as the stage.
 */
const STAGE_NAMES = [TOOLCHAIN_STAGE, SOURCES_STAGE, PROBE_STAGE, BUILDER_STAGE, ...cachingStageNames(), ACCOUNTS_STAGE, RUNTIME_STAGE, DEV_STAGE];

function isStageName(reference: string): boolean {
  const name = reference.toLowerCase().replace(/-(amd64|arm64)$/, '');
  return STAGE_NAMES.includes(name);
}

/**
 * A runtime image for a Rust service: the final stage of the Dockerfile, on
 * top of the builder's stages. `compose()` renders the complete Dockerfile
 * for a builder and returns the image build.
 *
 * The set of runtimes is closed: use one of the library's runtime classes
 * (see the README's Runtimes), or `CustomRuntime` for a base image of your
 * own (from every language).
 */
export abstract class ImageRuntime {
  /** Runtime kind, e.g. `scratch` or `debian-slim`, or a custom runtime's name. */
  public abstract readonly runtimeName: string;
  /** Port the service listens on. */
  public readonly port: number;
  /** User the service runs as. */
  public readonly user: RuntimeUser;
  /** Health check. */
  public readonly healthCheck: HealthCheck;
  /** Whether the container can run with a read-only root file system. */
  public readonly readonlyRootFilesystem: boolean;
  /**
   * The base image of the runtime stage.
   * @default - the builder's toolchain image (DevImage)
   */
  public readonly baseImage?: string;
  private readonly options: RuntimeOptions;

  protected constructor(options: RuntimeOptions, defaultBaseImage: string | undefined, readonlyRootFilesystem: boolean = true) {
    if (typeof (this as unknown as { _renderRuntimeStage?: unknown })._renderRuntimeStage !== 'function') {
      throw new Error(`${new.target.name} cannot extend ImageRuntime: the set of runtimes is closed. Use CustomRuntime for a base image of your own.`);
    }
    this.options = options;
    this.port = options.port ?? DEFAULT_PORT;
    assertPort(this.port, 'port');
    this.user = options.user ?? RuntimeUser.nonRoot();
    if (!(this.user instanceof RuntimeUser)) {
      throw invalidValue('user', this.user, 'expected a RuntimeUser', 'Use RuntimeUser.nonRoot(), RuntimeUser.of({...}) or RuntimeUser.root().');
    }
    this.healthCheck = options.healthCheck ?? defaultHealthCheck();
    if (!(this.healthCheck instanceof HealthCheck)) {
      throw invalidValue('healthCheck', this.healthCheck, 'expected a HealthCheck', 'Use HealthCheck.http(path), HealthCheck.exec(command) or HealthCheck.none().');
    }
    this.readonlyRootFilesystem = readonlyRootFilesystem;
    this.baseImage = options.baseImage ?? defaultBaseImage;
    if (this.baseImage !== undefined) {
      assertImageReference(this.baseImage, 'baseImage');
      if (isStageName(this.baseImage)) {
        throw invalidValue('baseImage', this.baseImage, 'the generated Dockerfile has a stage of that name, so the image would be built from its own stages', 'Use a registry reference such as "docker.io/library/ubuntu:24.04".');
      }
    }
    for (const [key, value] of Object.entries(options.labels ?? {})) {
      assertMatches(key, /^[A-Za-z0-9][A-Za-z0-9._/-]{0,254}$/, 'labels key', 'a key such as "org.opencontainers.image.source"');
      assertSingleLine(value, `labels.${key}`);
    }
    for (const [name, value] of Object.entries(options.environment ?? {})) {
      assertMatches(name, /^[A-Za-z_][A-Za-z0-9_]{0,254}$/, 'environment name', 'a variable name of letters, digits and "_" not starting with a digit');
      assertSingleLine(value, `environment.${name}`);
      if (name === 'PORT') {
        throw invalidValue('environment.PORT', value, `the image sets PORT from port (${this.port}), which EXPOSE, the health check, the ECS port mapping and the load balancer also use`, `Set port: ${/^\d+$/.test(value) ? value : '<the port>'} instead of environment.PORT.`);
      }
    }
    (options.command ?? []).forEach((arg, i) => assertSingleLine(arg, `command[${i}]`));
    if (options.stopSignal !== undefined) {
      assertMatches(options.stopSignal, /^(SIG[A-Z0-9+-]{1,16}|[0-9]{1,2})$/, 'stopSignal', 'a signal such as "SIGTERM"');
    }
  }

  /** The Dockerfile text, support files and runtime facts for `builder`. */
  public compose(builder: RustMuslImage): ImageBuild {
    const { dockerfile, output, images, sbom } = this._render(builder);
    return this._imageBuild(builder, output, {
      dockerfile: dockerfile.render(),
      supportFiles: [...output.supportFiles, ...(sbom ? [sbom] : [])],
      images,
      warnings: [...output.warnings, ...builderWarnings(builder), ...unpinnedImageWarnings(builder, images)],
    });
  }

  /** Whether an HTTP check of this runtime needs the static probe built. @internal */
  public _wantsProbe(): boolean {
    return this.healthCheck.kind === HealthCheckKind.HTTP && this._needsProbe();
  }

  /** Adds this runtime's stages for one service of a shared build. @internal */
  public _renderServiceStages(dockerfile: Dockerfile, context: RuntimeContext): void {
    this._renderRuntimeStage(dockerfile, context);
  }

  /** The image build of `builder`'s binary from a rendered Dockerfile. @internal */
  public _imageBuild(builder: RustMuslImage, output: BuilderOutput, rendered: RenderedText): ImageBuild {
    return ImageBuild._of({
      dockerfile: rendered.dockerfile,
      supportFiles: rendered.supportFiles,
      dockerignore: [...dockerignoreLines(builder.manifest), ''].join('\n'),
      contextIncludes: contextIncludes(builder.manifest),
      contextDirectory: builder.manifest.contextDirectory,
      architecture: builder.architecture,
      port: this.port,
      user: this.user,
      healthCheck: this.resolveHealthCheck(output, builder),
      readonlyRootFilesystem: this.readonlyRootFilesystem,
      hasShell: this._hasShell(builder),
      binaryName: builder.binary.binaryName,
      packageName: builder.binary.packageName,
      runtimeName: this.runtimeName,
      baseImage: this._baseImageOf(builder),
      warnings: [...rendered.warnings, ...this.runtimeWarnings(), ...singleArchitectureWarnings(builder, this._baseImageOf(builder))],
      target: rendered.target,
      dependencyStage: output.builderStage,
      platforms: builder.architectures.map((a) => a.dockerPlatform),
      secrets: builder.buildSecrets,
      sshAgent: builder.sshAgent,
      crossOnBuildHost: builder.crossCompilation.onBuildPlatform ? builder.crossCompilation.kind : undefined,
    });
  }

  /** Whether the runtime image lacks an HTTP client, so HTTP checks need the probe. @internal */
  protected abstract _needsProbe(): boolean;

  /** Whether the runtime image has a shell. @internal */
  protected _hasShell(_builder: RustMuslImage): boolean {
    return true;
  }

  /** Adds the runtime stage. @internal */
  protected abstract _renderRuntimeStage(dockerfile: Dockerfile, context: RuntimeContext): void;

  /** The in-image health check command of an HTTP check, when the image has a client. @internal */
  protected _httpCheckCommand(_url: string, _builder: RustMuslImage): string[] | undefined {
    return undefined;
  }

  /** The base image of the final stage, as rendered (with its digest when pinned). @internal */
  protected _baseImageOf(builder: RustMuslImage): string {
    return builder.pinned(this.baseImage!);
  }

  /** Path of the binary in the runtime image. @internal */
  protected _binaryPath(builder: RustMuslImage): string {
    return `${APP_DIR}/${builder.binary.binaryName}`;
  }

  /**
   * Copies the probe (when built) and the binary from the builder stages,
   * root-owned so the service cannot rewrite them. @internal
   */
  protected _copyArtifacts(stage: DockerfileStage, context: RuntimeContext): void {
    const { builder, output } = context;
    if (output.probePath) {
      stage.copy([output.probePath], PROBE_PATH, { fromStage: output.probeStage });
    }
    stage.copy([output.binaryPath], this._binaryPath(builder), { fromStage: output.builderStage })
      .workdir(APP_DIR);
  }

  /** Adds what every runtime ends with: probe and binary, env, labels, port, user, health check, entrypoint. @internal */
  protected _finishStage(stage: DockerfileStage, context: RuntimeContext, userAlreadySet: boolean = false): void {
    const builder = context.builder;
    this._copyArtifacts(stage, context);
    const binary = builder.binary;
    const pkg = builder.manifest.packages.find((p) => p.name === binary.packageName);
    const labels: Record<string, string> = {
      'org.opencontainers.image.title': binary.binaryName,
      ...(pkg?.version ? { 'org.opencontainers.image.version': pkg.version } : {}),
      'org.opencontainers.image.base.name': this._baseImageOf(builder),
    };
    if (context.sbom) {
      stage.copy([context.sbom.path], sbomImagePath(binary.binaryName));
      labels['dev.cdk-rust-image.sbom'] = sbomImagePath(binary.binaryName);
    }
    if (builder.sourceRevision !== undefined) labels['org.opencontainers.image.revision'] = builder.sourceRevision;
    for (const [key, value] of Object.entries({ ...labels, ...(this.options.labels ?? {}) })) stage.label(key, value);
    const env: Record<string, string> = { PORT: String(this.port), ...(this.options.environment ?? {}) };
    for (const [name, value] of Object.entries(env)) stage.env(name, value);
    stage.expose(this.port);
    if (!userAlreadySet) stage.user(this.user.spec);
    const check = this.resolveHealthCheck(context.output, builder);
    if (check === undefined) {
      stage.healthcheckNone();
    } else {
      stage.healthcheck({
        intervalSeconds: check.intervalSeconds,
        timeoutSeconds: check.timeoutSeconds,
        startPeriodSeconds: check.startPeriodSeconds,
        retries: check.retries,
        command: check.command,
      });
    }
    if (this.options.stopSignal) stage.stopSignal(this.options.stopSignal);
    stage.entrypoint([this._binaryPath(builder)]);
    if (this.options.command && this.options.command.length > 0) stage.cmd(this.options.command);
  }

  /** Adds the final stage, on the base image. @internal */
  protected _addRuntimeStage(dockerfile: Dockerfile, context: RuntimeContext): DockerfileStage {
    return dockerfile.addStage({ image: this._baseImageOf(context.builder), name: `${RUNTIME_STAGE}${context.stageSuffix}` });
  }

  /** A new Dockerfile with the generated-file header. @internal */
  protected _newDockerfile(builder: RustMuslImage, target: string): Dockerfile {
    return new Dockerfile()
      .addHeaderComment(`Generated by cdk-rust-image: ${this.runtimeName} image of ${builder.binary.binaryName} for ${builder.architecture.dockerPlatform} (${target}).`)
      .addHeaderComment('Do not edit: change the cdk-rust-image options (CDK construct or projen project) and regenerate.');
  }

  /** Renders the Dockerfile model; `images` are the external images its FROM lines name. @internal */
  protected _render(builder: RustMuslImage): RenderedImage {
    const dockerfile = this._newDockerfile(builder, describeTargets(builder));
    renderToolchainStage(dockerfile, builder);
    const withProbe = this.healthCheck.kind === HealthCheckKind.HTTP && this._needsProbe();
    // The dependency caching strategy and, for multi-platform builds, one builder chain per architecture.
    const output = renderBuilderStages(dockerfile, builder, withProbe);
    const sbom = builder.sbom ? sbomSupportFile(builder.manifest, builder.binary.binaryName, builder.binary.packageName, 'cdk-rust-image') : undefined;
    this._renderRuntimeStage(dockerfile, { builder, output, sbom, stageSuffix: '' });
    return { dockerfile, output, images: [builder.toolchain.image, this.baseImage!], sbom };
  }

  /**
   * The image's health check, decided once: the probe, the image's HTTP
   * client or the user's command; port, path and timing.
   */
  private resolveHealthCheck(output: BuilderOutput, builder: RustMuslImage): ImageHealthCheck | undefined {
    const check = this.healthCheck;
    const timing = {
      port: check.portFor(this.port),
      intervalSeconds: check.intervalSeconds,
      timeoutSeconds: check.timeoutSeconds,
      startPeriodSeconds: check.startPeriodSeconds,
      retries: check.retries,
    };
    switch (check.kind) {
      case HealthCheckKind.NONE:
        return undefined;
      case HealthCheckKind.EXEC:
        return { ...timing, command: [...check.command!] };
      case HealthCheckKind.HTTP: {
        const url = check.urlFor(this.port)!;
        const command = output.probePath ? probeCommand(url, check.timeoutSeconds) : this._httpCheckCommand(url, builder)!;
        return { ...timing, command, path: check.path };
      }
    }
  }

  private runtimeWarnings(): BuildWarning[] {
    const warnings: BuildWarning[] = [];
    if (this.user.isRoot) {
      warnings.push({
        id: WARNING_IDS.rootUser,
        message: `The service runs as root (user ${this.user.spec}): a compromised process owns the whole container. Use RuntimeUser.nonRoot() (65532:65532) unless it truly needs root.`,
      });
    }
    const check = this.healthCheck;
    if (check.kind === HealthCheckKind.HTTP && check.portFor(this.port) !== this.port) {
      warnings.push({
        id: WARNING_IDS.healthCheckPort,
        message: `The health check probes port ${check.portFor(this.port)}, but the service listens on (and the image exposes) port ${this.port}: the check fails unless the service also listens there. Remove healthCheck's port option, or set it to ${this.port}.`,
      });
    }
    return warnings;
  }
}
