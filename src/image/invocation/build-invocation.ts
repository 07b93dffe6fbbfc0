import { BuildSecret, SshAgent } from '../builder/private-dependencies';

/**
 * A BuildKit cache import or export (`docker build --cache-from` /
 * `--cache-to`), as plain data: `type=<cacheType>,<param>=<value>,...`.
 */
export interface BuildCacheOption {
  /** The cache backend, e.g. `registry`, `local`, `gha`, `s3`. */
  readonly cacheType: string;
  /**
   * The backend's parameters, e.g. `{ ref: '<image>', mode: 'max' }`.
   * @default - none
   */
  readonly params?: { [key: string]: string };
}

/** What the front end that runs a build adds to an image's own build facts. */
export interface BuildInvocationOptions {
  /**
   * Tags of the built image (`-t`).
   * @default - none
   */
  readonly tags?: string[];
  /**
   * File name of the Dockerfile in the build context (`-f`).
   * @default 'Dockerfile'
   */
  readonly dockerfileName?: string;
  /**
   * Build arguments (`--build-arg`).
   * @default - none
   */
  readonly buildArgs?: { [name: string]: string };
  /**
   * Cache sources (`--cache-from`).
   * @default - none
   */
  readonly cacheFrom?: BuildCacheOption[];
  /**
   * Cache destination (`--cache-to`).
   * @default - none
   */
  readonly cacheTo?: BuildCacheOption;
  /**
   * Build without the build cache (`--no-cache`).
   * @default false
   */
  readonly cacheDisabled?: boolean;
  /**
   * Network mode of the `RUN` instructions (`--network`).
   * @default - the engine's default network
   */
  readonly networkMode?: string;
  /**
   * Outputs (`--output`).
   * @default - the image is loaded into the engine
   */
  readonly outputs?: string[];
}

/**
 * How to invoke the build of one image, decided once: every front end (the
 * CDK asset, the projen tasks, a CI build) reads it rather than deriving the
 * flags again. The build runs in `contextDirectory`.
 */
export interface BuildInvocation {
  /** The build context directory, where the Dockerfile and its support files are written. */
  readonly contextDirectory: string;
  /** File name of the Dockerfile in the build context. */
  readonly dockerfileName: string;
  /**
   * The build target (`--target`), in a Dockerfile that holds several images.
   * @default - the last stage
   */
  readonly target?: string;
  /** The platform the image is built for (`--platform`), e.g. `linux/arm64`. */
  readonly platform: string;
  /**
   * Every platform the Dockerfile can build: `platform`, or both for a
   * multi-platform Dockerfile (`docker buildx build --platform` takes them
   * joined by commas).
   */
  readonly platforms: string[];
  /** Build arguments (`--build-arg`). */
  readonly buildArgs: { [name: string]: string };
  /** Secrets of the dependency fetch step (`--secret id=<id>[,src=<file>]`). */
  readonly secrets: BuildSecret[];
  /**
   * The SSH agent of the dependency fetch step (`--ssh <id>[=<key>,...]`).
   * @default - none
   */
  readonly sshAgent?: SshAgent;
  /** Cache sources (`--cache-from`). */
  readonly cacheFrom: BuildCacheOption[];
  /**
   * Cache destination (`--cache-to`).
   * @default - none
   */
  readonly cacheTo?: BuildCacheOption;
  /** Whether the build cache is off (`--no-cache`). */
  readonly cacheDisabled: boolean;
  /**
   * Network mode of the `RUN` instructions (`--network`).
   * @default - the engine's default network
   */
  readonly networkMode?: string;
  /**
   * Outputs (`--output`).
   * @default - the image is loaded into the engine
   */
  readonly outputs?: string[];
  /** Tags of the built image (`-t`). */
  readonly tags: string[];
}

/** What an image build knows about its own invocation (the rest comes from the front end). @internal */
export interface InvocationFacts {
  readonly contextDirectory: string;
  readonly target?: string;
  readonly platform: string;
  readonly platforms: string[];
  readonly secrets: BuildSecret[];
  readonly sshAgent?: SshAgent;
}

/** The invocation of a build: its own facts and the front end's options. */
export function buildInvocationOf(facts: InvocationFacts, options: BuildInvocationOptions = {}): BuildInvocation {
  return {
    contextDirectory: facts.contextDirectory,
    dockerfileName: options.dockerfileName ?? 'Dockerfile',
    ...(facts.target !== undefined ? { target: facts.target } : {}),
    platform: facts.platform,
    platforms: [...facts.platforms],
    buildArgs: { ...(options.buildArgs ?? {}) },
    secrets: facts.secrets.map((secret) => ({ ...secret })),
    ...(facts.sshAgent ? { sshAgent: facts.sshAgent } : {}),
    cacheFrom: [...(options.cacheFrom ?? [])],
    ...(options.cacheTo ? { cacheTo: options.cacheTo } : {}),
    cacheDisabled: options.cacheDisabled ?? false,
    ...(options.networkMode !== undefined ? { networkMode: options.networkMode } : {}),
    ...(options.outputs !== undefined ? { outputs: [...options.outputs] } : {}),
    tags: [...(options.tags ?? [])],
  };
}

/** The `--secret` value of a secret: `id=<id>,src=<file>`, or `id=<id>` when the build gets it another way. */
export function secretFlagValue(secret: BuildSecret): string {
  return secret.sourceFile !== undefined ? `id=${secret.id},${secretSourceValue(secret.sourceFile)}` : `id=${secret.id}`;
}

/** The part of a `--secret` value that names its file (what cdk-assets' `dockerBuildSecrets` maps an id to). */
export function secretSourceValue(sourceFile: string): string {
  return `src=${sourceFile}`;
}

/** The `--ssh` value of an agent: `<id>`, or `<id>=<key>,<key>`. */
export function sshFlagValue(ssh: SshAgent): string {
  const id = ssh.id ?? 'default';
  return ssh.keys && ssh.keys.length > 0 ? `${id}=${ssh.keys.join(',')}` : id;
}

/** The `--cache-from`/`--cache-to` value of a cache option: `type=<type>,<key>=<value>,...`. */
export function cacheFlagValue(option: BuildCacheOption): string {
  return [`type=${option.cacheType}`, ...Object.entries(option.params ?? {}).map(([key, value]) => `${key}=${value}`)].join(',');
}
