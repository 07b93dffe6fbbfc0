import * as path from 'path';
import { dockerignoreContent, SupportFile, writeSupportFiles } from './support-files';
import { Architecture } from '../model/architecture';
import { HealthCheck } from '../model/health-check';
import { RuntimeUser } from '../model/runtime-user';

/** Everything an image build consists of. @internal */
export interface ImageBuildParts {
  /** The Dockerfile text. */
  readonly dockerfile: string;
  /** Files the Dockerfile needs in the build context. */
  readonly supportFiles: SupportFile[];
  /** The build context directory. */
  readonly contextDirectory: string;
  /** CPU architecture of the image. */
  readonly architecture: Architecture;
  /** Port the service listens on. */
  readonly port: number;
  /** User the service runs as. */
  readonly user: RuntimeUser;
  /** Health check of the image. */
  readonly healthCheck: HealthCheck;
  /**
   * The command the image's HEALTHCHECK runs (exec form).
   * @default - no health check command
   */
  readonly healthCheckCommand?: string[];
  /** The binary that runs. */
  readonly binaryName: string;
  /** The Cargo package of the binary. */
  readonly packageName: string;
  /** Runtime kind. */
  readonly runtimeName: string;
  /** Advice found while composing. */
  readonly warnings: string[];
}

/**
 * One composed image: the Dockerfile text, the support files it needs in the
 * build context, and the facts the CDK and projen layers wire up (platform,
 * port, user, health check). Nothing else writes Dockerfile syntax.
 */
export class ImageBuild {
  /** Made by `IRuntime.compose()`, never directly. @internal */
  public static _of(parts: ImageBuildParts): ImageBuild {
    return new ImageBuild(parts);
  }

  /** The Dockerfile text. */
  public readonly dockerfile: string;
  /** Files the Dockerfile needs in the build context, relative to it. */
  public readonly supportFiles: SupportFile[];
  /** The `.dockerignore` that belongs next to the Dockerfile. */
  public readonly dockerignore: string;
  /** The build context: the Cargo workspace root (or the crate directory). */
  public readonly contextDirectory: string;
  /** CPU architecture of the image. */
  public readonly architecture: Architecture;
  /** Docker platform of the image, e.g. `linux/arm64`. */
  public readonly platform: string;
  /** Port the service listens on. */
  public readonly port: number;
  /** User the service runs as. */
  public readonly user: RuntimeUser;
  /** Health check of the image (and of ECS and the load balancer). */
  public readonly healthCheck: HealthCheck;
  /**
   * The exec-form command the image's `HEALTHCHECK` runs (without `CMD`),
   * e.g. `['/usr/local/bin/healthcheck', 'http://127.0.0.1:8080/health']`;
   * ECS ignores the image's own check, so the CDK layer reuses this one.
   *
   * @default - undefined for `HealthCheck.none()`
   */
  public readonly healthCheckCommand?: string[];
  /** The binary that runs. */
  public readonly binaryName: string;
  /** The Cargo package of the binary. */
  public readonly packageName: string;
  /** Runtime kind: scratch, distroless, alpine, debian-slim or dev. */
  public readonly runtimeName: string;
  /** Advice found while composing (e.g. openssl-sys with musl). */
  public readonly warnings: string[];

  private constructor(parts: ImageBuildParts) {
    this.dockerfile = parts.dockerfile;
    this.supportFiles = parts.supportFiles;
    this.dockerignore = dockerignoreContent();
    this.contextDirectory = parts.contextDirectory;
    this.architecture = parts.architecture;
    this.platform = parts.architecture.dockerPlatform;
    this.port = parts.port;
    this.user = parts.user;
    this.healthCheck = parts.healthCheck;
    this.healthCheckCommand = parts.healthCheckCommand;
    this.binaryName = parts.binaryName;
    this.packageName = parts.packageName;
    this.runtimeName = parts.runtimeName;
    this.warnings = parts.warnings;
  }

  /**
   * Writes the Dockerfile (as `dockerfileName`), the support files and the
   * `.dockerignore` into `directory`, which must be the build context.
   *
   * @returns the paths written
   */
  public writeTo(directory: string, dockerfileName?: string): string[] {
    const name = dockerfileName ?? 'Dockerfile';
    const written = writeSupportFiles(directory, [
      { path: name, content: this.dockerfile },
      { path: '.dockerignore', content: this.dockerignore },
      ...this.supportFiles,
    ]);
    return written.map((p) => path.relative(directory, p).split(path.sep).join('/'));
  }
}

