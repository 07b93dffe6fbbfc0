import * as path from 'path';
import { BuildWarning } from './build-warning';
import { BuildSecret, SshAgent } from './builder/private-dependencies';
import { SupportFile, writeSupportFiles } from './context/support-files';
import { BuildInvocation, buildInvocationOf, BuildInvocationOptions, InvocationFacts } from './invocation/build-invocation';
import { dockerBuildCommand } from './invocation/docker-build-command';
import { Architecture } from '../model/architecture';
import { RuntimeUser } from '../model/runtime-user';

/**
 * The health check of an image, resolved once: the command the image's
 * `HEALTHCHECK` runs (the static probe, the base image's HTTP client, or
 * your own command), the port and path it probes, and its timing. The ECS
 * container check and the load balancer's target group read it.
 */
export interface ImageHealthCheck {
  /** The exec-form command (without `CMD`), e.g. `['/usr/local/bin/healthcheck', '--timeout-ms=2500', 'http://127.0.0.1:8080/health']`. */
  readonly command: string[];
  /**
   * The HTTP path probed.
   * @default - none: the check runs a command of your own
   */
  readonly path?: string;
  /** The port probed. */
  readonly port: number;
  /** Seconds between probes. */
  readonly intervalSeconds: number;
  /** Seconds before a probe counts as failed. */
  readonly timeoutSeconds: number;
  /** Seconds after start during which failures do not count. */
  readonly startPeriodSeconds: number;
  /** Consecutive failures before the container is unhealthy. */
  readonly retries: number;
}

/** Everything an image build consists of. */
export interface ImageBuildParts {
  readonly dockerfile: string;
  readonly supportFiles: SupportFile[];
  readonly dockerignore: string;
  readonly contextDirectory: string;
  readonly architecture: Architecture;
  readonly port: number;
  readonly user: RuntimeUser;
  readonly healthCheck?: ImageHealthCheck;
  readonly readonlyRootFilesystem: boolean;
  readonly hasShell: boolean;
  readonly binaryName: string;
  readonly packageName: string;
  readonly runtimeName: string;
  readonly baseImage: string;
  readonly warnings: BuildWarning[];
  readonly contextIncludes?: string[];
  readonly target?: string;
  /** The stage that holds the compiled dependencies (the builder), whose layers a registry cache carries. */
  readonly dependencyStage: string;
  /** Every platform the Dockerfile builds (both for a multi-platform Dockerfile). */
  readonly platforms: string[];
  /** The secrets and SSH agent of the dependency fetch step, which the build must be given. */
  readonly secrets: BuildSecret[];
  readonly sshAgent?: SshAgent;
  /** The cross-compilation whose stages run on the build host (`FROM --platform=$BUILDPLATFORM`), if any. */
  readonly crossOnBuildHost?: string;
}

/**
 * One composed image: the Dockerfile text, the support files it needs in the
 * build context, and the facts the CDK and projen layers wire up (platform,
 * port, user, health check). Nothing else writes Dockerfile syntax.
 */
export class ImageBuild {
  /** Made by `ImageRuntime.compose()`, never directly. @internal */
  public static _of(parts: ImageBuildParts): ImageBuild {
    return new ImageBuild(parts);
  }

  /** The Dockerfile text. */
  public readonly dockerfile: string;
  /** Files the Dockerfile needs in the build context, relative to it. */
  public readonly supportFiles: SupportFile[];
  /** The `.dockerignore` that belongs next to the Dockerfile. */
  public readonly dockerignore: string;
  /** The build context: the Cargo workspace root, or `buildContextDirectory`. */
  public readonly contextDirectory: string;
  /** CPU architecture of the image. */
  public readonly architecture: Architecture;
  /** Docker platform of the image, e.g. `linux/arm64`. */
  public readonly platform: string;
  /** Port the service listens on. */
  public readonly port: number;
  /** User the service runs as. */
  public readonly user: RuntimeUser;
  /**
   * The image's health check, resolved: command, port, path and timing.
   * ECS ignores the image's own check, so the CDK layer repeats this one.
   *
   * @default - undefined for `HealthCheck.none()`
   */
  public readonly healthCheck?: ImageHealthCheck;
  /** Whether the container can run with a read-only root file system. */
  public readonly readonlyRootFilesystem: boolean;
  /**
   * Whether the runtime image has a shell: false for scratch and distroless
   * (but true for distroless's `:debug` images, which carry busybox), true
   * for the other runtimes and for CustomRuntime (its base is yours). ECS
   * Exec's interactive sessions (`--command /bin/sh`) need one.
   */
  public readonly hasShell: boolean;
  /** The binary that runs. */
  public readonly binaryName: string;
  /** The Cargo package of the binary. */
  public readonly packageName: string;
  /** Runtime kind, e.g. `scratch` or `debian-slim`, or a custom runtime's name. */
  public readonly runtimeName: string;
  /** The base image of the final stage, as the Dockerfile names it (with its digest when pinned). */
  public readonly baseImage: string;
  /** Advice found while composing, each with a fixed id (e.g. `cdk-rust-image:noCargoLock`). */
  public readonly warnings: BuildWarning[];
  /**
   * The Docker build target of this image (`docker build --target`), in a
   * Dockerfile that holds several images.
   * @default - the last stage
   */
  public readonly target?: string;
  /**
   * The context-relative paths the build uses when the context is wider
   * than the workspace (directories end with "/"); undefined: all of it.
   * @internal
   */
  public readonly _contextIncludes?: string[];
  /**
   * The cross-compilation kind (`gcc`, `clang`, `zigbuild`) whose builder
   * stages start `FROM --platform=$BUILDPLATFORM`, which the engine must
   * set; undefined when every stage runs on the image's platform.
   * @internal
   */
  public readonly _crossOnBuildHost?: string;
  /**
   * The stage that holds the compiled dependencies (`docker build --target`
   * of the builder), whose layers a registry cache carries to an empty build
   * machine.
   * @internal
   */
  public readonly _dependencyStage: string;
  private readonly invocationFacts: InvocationFacts;

  private constructor(parts: ImageBuildParts) {
    this.dockerfile = parts.dockerfile;
    this.supportFiles = parts.supportFiles;
    this.dockerignore = parts.dockerignore;
    this.contextDirectory = parts.contextDirectory;
    this.architecture = parts.architecture;
    this.platform = parts.architecture.dockerPlatform;
    this.port = parts.port;
    this.user = parts.user;
    this.healthCheck = parts.healthCheck;
    this.readonlyRootFilesystem = parts.readonlyRootFilesystem;
    this.hasShell = parts.hasShell;
    this.binaryName = parts.binaryName;
    this.packageName = parts.packageName;
    this.runtimeName = parts.runtimeName;
    this.baseImage = parts.baseImage;
    this.warnings = parts.warnings;
    this._contextIncludes = parts.contextIncludes;
    this._crossOnBuildHost = parts.crossOnBuildHost;
    this.target = parts.target;
    this._dependencyStage = parts.dependencyStage;
    this.invocationFacts = {
      contextDirectory: parts.contextDirectory,
      target: parts.target,
      platform: this.platform,
      platforms: parts.platforms,
      secrets: parts.secrets,
      sshAgent: parts.sshAgent,
    };
  }

  /**
   * How to invoke this image's build: context, Dockerfile, target, platform,
   * the secrets and SSH agent the fetch step needs, and what `options` add
   * (tags, build arguments, caches, network, outputs). The CDK asset and the
   * projen tasks are made from it.
   */
  public buildInvocation(options: BuildInvocationOptions = {}): BuildInvocation {
    return buildInvocationOf(this.invocationFacts, options);
  }

  /**
   * The `docker build` command of `buildInvocation(options)`, as an argument
   * vector (unquoted), to run in `contextDirectory`, e.g. `['docker', 'build',
   * '--platform', 'linux/arm64', '-f', 'Dockerfile', '-t', 'task-api:latest', '.']`.
   */
  public dockerBuildCommand(options: BuildInvocationOptions = {}): string[] {
    return dockerBuildCommand(this.buildInvocation(options));
  }

  /**
   * Writes the Dockerfile (as `dockerfileName`), the support files and the
   * `.dockerignore` into `directory`, which must be the build context. No
   * path leaves `directory`, and no existing link is written through.
   *
   * @returns the paths written, relative to `directory`
   */
  public writeTo(directory: string, dockerfileName?: string): string[] {
    const written = writeSupportFiles(directory, [
      { path: dockerfileName ?? 'Dockerfile', content: this.dockerfile },
      { path: '.dockerignore', content: this.dockerignore },
      ...this.supportFiles,
    ]);
    return written.map((p) => path.relative(directory, p).split(path.sep).join('/'));
  }
}
