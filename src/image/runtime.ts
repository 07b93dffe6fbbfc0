import { BuilderOutput, renderToolchainStage } from './builder-stages';
import { renderBuilderStages } from './caching';
import { describeTargets } from './cross/platforms';
import { ImageBuild } from './image-build';
import { RustMuslImage } from './rust-musl-image';
import { Dockerfile, DockerfileStage } from '../dockerfile/dockerfile';
import { assertMatches, assertPort, PATTERNS } from '../dockerfile/validate';
import { HealthCheck, HealthCheckKind } from '../model/health-check';
import { RuntimeUser } from '../model/runtime-user';

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
   * Base image of the runtime stage; pin it by digest for reproducible builds.
   * @default - the runtime's default (see each runtime)
   */
  readonly baseImage?: string;
  /**
   * Extra image labels (merged over the generated `org.opencontainers.image.*` labels).
   * @default - none
   */
  readonly labels?: { [key: string]: string };
  /**
   * Environment variables of the running container.
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

/**
 * A runtime image for a Rust service: renders the complete Dockerfile for a
 * builder and composes the image build.
 */
export interface IRuntime {
  /** Runtime kind: scratch, distroless, alpine, debian-slim or dev. */
  readonly runtimeName: string;
  /** Port the service listens on. */
  readonly port: number;
  /** User the service runs as. */
  readonly user: RuntimeUser;
  /** Health check. */
  readonly healthCheck: HealthCheck;
  /** Whether the container can run with a read-only root file system. */
  readonly readOnlyRootFilesystem: boolean;
  /** The Dockerfile model for `builder`. */
  dockerfile(builder: RustMuslImage): Dockerfile;
  /** The Dockerfile text, support files and runtime facts for `builder`. */
  compose(builder: RustMuslImage): ImageBuild;
}

/** Facts a runtime stage needs. @internal */
export interface RuntimeContext {
  readonly builder: RustMuslImage;
  readonly output: BuilderOutput;
}

/**
 * Shared behaviour of the multi-stage runtimes: builder stages, then one
 * runtime stage that subclasses fill in.
 */
export abstract class RuntimeBase implements IRuntime {
  public abstract readonly runtimeName: string;
  public readonly port: number;
  public readonly user: RuntimeUser;
  public readonly healthCheck: HealthCheck;
  public readonly readOnlyRootFilesystem: boolean = true;
  /** The base image of the runtime stage. */
  public readonly baseImage: string;
  private readonly options: RuntimeOptions;

  protected constructor(options: RuntimeOptions, defaultBaseImage: string) {
    this.options = options;
    this.port = options.port ?? 8080;
    assertPort(this.port, 'port');
    this.user = options.user ?? RuntimeUser.nonRoot();
    this.healthCheck = options.healthCheck ?? HealthCheck.http('/health');
    this.baseImage = options.baseImage ?? defaultBaseImage;
    assertMatches(this.baseImage, PATTERNS.image, 'baseImage', 'an image reference such as "debian:bookworm-slim@sha256:..."');
  }

  public dockerfile(builder: RustMuslImage): Dockerfile {
    return this._render(builder).dockerfile;
  }

  public compose(builder: RustMuslImage): ImageBuild {
    const { dockerfile, output } = this._render(builder);
    return ImageBuild._of({
      dockerfile: dockerfile.render(),
      healthCheckCommand: this._healthCheckCommand(output, builder),
      supportFiles: output.supportFiles,
      contextDirectory: builder.manifest.rootDirectory,
      architecture: builder.architecture,
      port: this.port,
      user: this.user,
      healthCheck: this.healthCheck,
      binaryName: builder.binary.binaryName,
      packageName: builder.binary.packageName,
      runtimeName: this.runtimeName,
      warnings: output.warnings,
    });
  }

  /** Whether the runtime image lacks an HTTP client, so HTTP checks need the probe. @internal */
  protected abstract _needsProbe(): boolean;

  /** Adds the runtime stage. @internal */
  protected abstract _renderRuntimeStage(dockerfile: Dockerfile, context: RuntimeContext): void;

  /** The in-image health check command of an HTTP check, when the image has a client. @internal */
  protected _httpCheckCommand(_url: string, _builder: RustMuslImage): string[] | undefined {
    return undefined;
  }

  /** The base image of the final stage, for labels. @internal */
  protected _baseImageOf(_builder: RustMuslImage): string {
    return this.baseImage;
  }

  /** Path of the binary in the runtime image. @internal */
  protected _binaryPath(builder: RustMuslImage): string {
    return `/app/${builder.binary.binaryName}`;
  }

  /** Path of the probe in the runtime image. @internal */
  protected _probePath(): string {
    return '/usr/local/bin/healthcheck';
  }

  /**
   * Copies the probe (when built) and the binary from the builder stages,
   * root-owned so the service cannot rewrite them. @internal
   */
  protected _copyArtifacts(stage: DockerfileStage, context: RuntimeContext): void {
    const { builder, output } = context;
    if (output.probePath) {
      stage.copy([output.probePath], this._probePath(), { fromStage: output.probeStage });
    }
    stage.copy([output.binaryPath], this._binaryPath(builder), { fromStage: output.builderStage })
      .workdir('/app');
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
      ...(this.options.labels ?? {}),
    };
    for (const [key, value] of Object.entries(labels)) stage.label(key, value);
    const env: Record<string, string> = { PORT: String(this.port), ...(this.options.environment ?? {}) };
    for (const [name, value] of Object.entries(env)) stage.env(name, value);
    stage.expose(this.port);
    if (!userAlreadySet) stage.user(this.user.spec);
    this.renderHealthcheck(stage, context);
    if (this.options.stopSignal) stage.stopSignal(this.options.stopSignal);
    stage.entrypoint([this._binaryPath(builder)]);
    if (this.options.command && this.options.command.length > 0) stage.cmd(this.options.command);
  }

  /**
   * The exec-form command of the image's HEALTHCHECK (what ECS must run too,
   * since it ignores the image's own), or undefined for `HealthCheck.none()`.
   * @internal
   */
  protected _healthCheckCommand(output: BuilderOutput, builder: RustMuslImage): string[] | undefined {
    const check = this.healthCheck;
    switch (check.kind) {
      case HealthCheckKind.NONE:
        return undefined;
      case HealthCheckKind.EXEC:
        return [...check.command!];
      case HealthCheckKind.HTTP: {
        const url = check.urlFor(this.port)!;
        return output.probePath ? [this._probePath(), url] : this._httpCheckCommand(url, builder)!;
      }
    }
  }

  private renderHealthcheck(stage: DockerfileStage, context: RuntimeContext): void {
    const check = this.healthCheck;
    const command = this._healthCheckCommand(context.output, context.builder);
    if (command === undefined) {
      stage.healthcheckNone();
      return;
    }
    stage.healthcheck({
      intervalSeconds: check.intervalSeconds,
      timeoutSeconds: check.timeoutSeconds,
      startPeriodSeconds: check.startPeriodSeconds,
      retries: check.retries,
      command,
    });
  }

  /** A new Dockerfile with the generated-file header. @internal */
  protected _newDockerfile(builder: RustMuslImage, target: string): Dockerfile {
    return new Dockerfile()
      .addHeaderComment(`Generated by cdk-rust-image: ${this.runtimeName} image of ${builder.binary.binaryName} for ${builder.architecture.dockerPlatform} (${target}).`)
      .addHeaderComment('Do not edit: change the cdk-rust-image options (CDK construct or projen project) and regenerate.');
  }

  /** Renders the Dockerfile model. @internal */
  protected _render(builder: RustMuslImage): { dockerfile: Dockerfile; output: BuilderOutput } {
    const dockerfile = this._newDockerfile(builder, describeTargets(builder));
    renderToolchainStage(dockerfile, builder);
    const withProbe = this.healthCheck.kind === HealthCheckKind.HTTP && this._needsProbe();
    // The dependency caching strategy and, for multi-platform builds, one builder chain per architecture.
    const output = renderBuilderStages(dockerfile, builder, withProbe);
    this._renderRuntimeStage(dockerfile, { builder, output });
    return { dockerfile, output };
  }
}
