/** Transport protocol of an exposed port. */
export enum Protocol {
  /** TCP. */
  TCP = 'tcp',
  /** UDP. */
  UDP = 'udp',
}

/** Kinds of `RUN --mount` supported by the BuildKit frontend of Docker 20.10. */
export enum MountType {
  /** A persistent cache directory (`type=cache`). */
  CACHE = 'cache',
  /** A read-only bind from the context or another stage (`type=bind`). */
  BIND = 'bind',
  /** A temporary file system (`type=tmpfs`). */
  TMPFS = 'tmpfs',
  /** A build secret (`type=secret`). */
  SECRET = 'secret',
}

/** How concurrent builds share a cache mount. */
export enum CacheSharing {
  /** Writers share the directory (`sharing=shared`). */
  SHARED = 'shared',
  /** One writer at a time (`sharing=locked`); the right choice for cargo. */
  LOCKED = 'locked',
  /** Each writer gets a new directory (`sharing=private`). */
  PRIVATE = 'private',
}

/** A `RUN --mount=...` flag. */
export interface RunMount {
  /** Mount type. */
  readonly mountType: MountType;
  /** Where the mount appears in the build container. */
  readonly target: string;
  /**
   * Cache id, shared by every RUN that names it.
   * @default - the target path
   */
  readonly id?: string;
  /**
   * Sharing mode of a cache mount.
   * @default - Docker's default (shared)
   */
  readonly sharing?: CacheSharing;
  /**
   * Stage or image to mount from (bind and cache mounts).
   * @default - the build context
   */
  readonly fromStage?: string;
  /**
   * Path inside `fromStage` or the context.
   * @default - its root
   */
  readonly source?: string;
  /**
   * Mount read-only (bind mounts are read-only unless `readWrite`).
   * @default false
   */
  readonly readWrite?: boolean;
}

/** Options of a RUN instruction. */
export interface RunOptions {
  /**
   * `--mount` flags.
   * @default - none
   */
  readonly mounts?: RunMount[];
}

/** Options of a COPY instruction. */
export interface CopyOptions {
  /**
   * Copy from this stage or image instead of the build context (`--from`).
   * @default - the build context
   */
  readonly fromStage?: string;
  /**
   * Owner of the copied files as `user[:group]` (`--chown`).
   * @default - root
   */
  readonly chown?: string;
  /**
   * Octal permissions of the copied files (`--chmod`). Needs Dockerfile
   * frontend 1.3 or later (Docker 23+), which is why the generated images
   * never use it.
   * @default - the source's permissions
   */
  readonly chmod?: string;
}

/** Options of a HEALTHCHECK instruction. All durations are in seconds. */
export interface HealthCheckInstructionOptions {
  /** The probe, run in exec form. */
  readonly command: string[];
  /**
   * Seconds between probes.
   * @default - Docker's default (30)
   */
  readonly intervalSeconds?: number;
  /**
   * Seconds before a probe counts as failed.
   * @default - Docker's default (30)
   */
  readonly timeoutSeconds?: number;
  /**
   * Seconds after start during which failures do not count.
   * @default - Docker's default (0)
   */
  readonly startPeriodSeconds?: number;
  /**
   * Consecutive failures before the container is unhealthy.
   * @default - Docker's default (3)
   */
  readonly retries?: number;
}

/** Options of a build stage. */
export interface StageOptions {
  /** Base image (or earlier stage) of the stage, e.g. `rust:1.95-bookworm` or `scratch`. */
  readonly image: string;
  /**
   * Stage name (`AS name`), used by `COPY --from`.
   * @default - an unnamed stage
   */
  readonly name?: string;
  /**
   * Platform of the base image (`--platform`), e.g. `$BUILDPLATFORM` or `linux/arm64`.
   * @default - the target platform of the build
   */
  readonly platform?: string;
}
