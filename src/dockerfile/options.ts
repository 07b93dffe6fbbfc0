// The options of the Dockerfile model's instructions (internal to the library).

/** Kinds of `RUN --mount` the BuildKit frontend of Docker 20.10 supports that the library uses. */
export enum MountType {
  /** A persistent cache directory (`type=cache`). */
  CACHE = 'cache',
  /** A read-only bind from the context or another stage (`type=bind`). */
  BIND = 'bind',
  /** A build secret, as a file (`type=secret`). */
  SECRET = 'secret',
  /** The build's SSH agent socket (`type=ssh`). */
  SSH = 'ssh',
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
  /** Where the mount appears in the build container (for SSH mounts, where the agent socket appears). */
  readonly target?: string;
  /** Cache id, secret id or SSH id. */
  readonly id?: string;
  /** Sharing mode of a cache mount. */
  readonly sharing?: CacheSharing;
  /** Stage or image to mount from (bind and cache mounts). */
  readonly fromStage?: string;
  /** Path inside `fromStage` or the context. */
  readonly source?: string;
  /** Mount read-write (bind mounts are read-only otherwise). */
  readonly readWrite?: boolean;
  /** Whether the build fails when the secret or SSH agent is not given (`required=true`). */
  readonly required?: boolean;
}

/** Options of a RUN instruction. */
export interface RunOptions {
  /** `--mount` flags. */
  readonly mounts?: RunMount[];
}

/** Options of a COPY instruction. */
export interface CopyOptions {
  /** Copy from this stage or image instead of the build context (`--from`). */
  readonly fromStage?: string;
  /** Owner of the copied files as `user[:group]` (`--chown`). */
  readonly chown?: string;
}

/** Options of a HEALTHCHECK instruction. All durations are in seconds. */
export interface HealthCheckInstructionOptions {
  /** The probe, run in exec form. */
  readonly command: string[];
  /** Seconds between probes. */
  readonly intervalSeconds?: number;
  /** Seconds before a probe counts as failed. */
  readonly timeoutSeconds?: number;
  /** Seconds after start during which failures do not count (0: Docker's default). */
  readonly startPeriodSeconds?: number;
  /** Consecutive failures before the container is unhealthy. */
  readonly retries?: number;
}

/** Options of a build stage. */
export interface StageOptions {
  /** Base image (or earlier stage) of the stage, e.g. `rust:1.99.0-trixie` or `scratch`. */
  readonly image: string;
  /** Stage name (`AS name`), used by `COPY --from`. */
  readonly name?: string;
  /** Platform of the base image (`--platform`), e.g. `$BUILDPLATFORM` or `linux/arm64`. */
  readonly platform?: string;
}
