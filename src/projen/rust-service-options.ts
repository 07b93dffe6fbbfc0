import { BUILT_IN_VARIANT_NAMES, DEFAULT_VARIANT_NAMES } from './dockerfile-variant';
import { invalidValue } from '../core/errors';
import { assertInteger } from '../core/numbers';
import { RUST_VERSION_PATTERN } from '../core/versions';
import { RustBuildOptions } from '../image/builder/rust-build-options';
import { DEFAULT_PORT } from '../image/runtimes/runtime';
import { Architecture } from '../model/architecture';
import { RustToolchain } from '../model/rust-toolchain';

/**
 * Options of `RustServiceProject`. The first ones are strings, numbers,
 * booleans and string lists, so `projen new --from cdk-rust-image
 * rust-service` can pass them on the command line (`--binary-name`,
 * `--rust-version`...); `buildOptions` takes every builder option in `.projenrc`.
 */
export interface RustServiceProjectOptions {
  /**
   * Name of the service: the Cargo package, the image repository and the project.
   * @default $BASEDIR
   */
  readonly name: string;
  /**
   * Name of the binary the crate builds and the images run.
   * @default - the service name
   */
  readonly binaryName?: string;
  /**
   * Port the service listens on (the `PORT` default, EXPOSE, health check, `docker:run`).
   * @default 8080
   */
  readonly port?: number;
  /**
   * Dockerfile variants to write: `prod` (Debian slim, `Dockerfile`), `scratch`, `alpine`, `distroless`, `dev`.
   * @default ['prod', 'scratch', 'alpine', 'dev']
   */
  readonly runtimes?: string[];
  /**
   * CPU architecture of the images: `x86_64` or `arm64`.
   * @default 'x86_64'
   */
  readonly architecture?: string;
  /**
   * Rust version of the builder image (`rust:<version>-trixie`), e.g. `1.99.0`.
   * @default - RustToolchain.DEFAULT_VERSION
   */
  readonly rustVersion?: string;
  /**
   * Global allocator of static musl builds, written into the sample crate: `mimalloc`, `jemalloc` or `system`
   * (musl's own allocator is slow under concurrent load).
   * @default 'mimalloc'
   */
  readonly allocator?: string;
  /**
   * The service's database: `none` (tasks in memory), or `postgres`: tasks
   * in PostgreSQL through libpq's PG* variables, migrations (`<binary>
   * migrate`), Prometheus metrics on `/metrics`, and the local stack
   * (compose.yaml with PostgreSQL and Prometheus, `stack:*` tasks).
   * @default 'none'
   */
  readonly database?: string;
  /**
   * Also add a TypeScript CDK app (`infra/main.ts`, `cdk.json`, `cdk:*` tasks)
   * that deploys the service on Fargate with `RustFargateService`.
   * @default false
   */
  readonly cdkApp?: boolean;
  /**
   * Write the project definition as `.projenrc.ts` (type-checked, run with
   * ts-node), the language CDK apps are written in; false writes `.projenrc.js`.
   * @default true
   */
  readonly projenrcTs?: boolean;
  /**
   * Every builder option (toolchain, profile, features, caching,
   * cross-compilation, image digests...), for `.projenrc`; `architecture`,
   * `binaryName` and `rustVersion` above take precedence where both are set.
   * @default - the defaults of each option
   */
  readonly buildOptions?: RustBuildOptions;
  /**
   * npm dev dependencies of the project's projen setup. `projen new --from`
   * records the package it was created from here; a tarball or folder path
   * is kept as `cdk-rust-image@file:<path>`.
   * @default - `cdk-rust-image` and projen
   */
  readonly devDeps?: string[];
  /**
   * Directory of the project, relative to the parent project or absolute for a root project.
   * @default '.'
   */
  readonly outdir?: string;
}

/** The global allocators the sample crate can use. @internal */
export enum ServiceAllocator {
  MIMALLOC = 'mimalloc',
  JEMALLOC = 'jemalloc',
  SYSTEM = 'system',
}

/** The sample's databases. @internal */
export enum ServiceDatabaseKind {
  NONE = 'none',
  POSTGRES = 'postgres',
}

/** Options with defaults applied and every value checked. @internal */
export interface ResolvedServiceOptions {
  readonly name: string;
  readonly binaryName: string;
  /** The library crate's Rust identifier (`my-svc` -> `my_svc`). */
  readonly libraryName: string;
  readonly port: number;
  readonly runtimes: string[];
  readonly architecture: Architecture;
  readonly toolchain: RustToolchain;
  readonly allocator: ServiceAllocator;
  readonly database: ServiceDatabaseKind;
  readonly cdkApp: boolean;
  /** The project definition file: `.projenrc.ts`, or `.projenrc.js` with `projenrcTs: false`. */
  readonly projenrcFile: string;
}

// Valid as a Cargo package, a Docker repository and an npm package name at once.
const SERVICE_NAME = /^[a-z][a-z0-9]*([_-][a-z0-9]+)*$/;

function oneOf<T extends string>(option: string, value: string, allowed: T[]): T {
  if (!(allowed as string[]).includes(value)) {
    const list = allowed.map((a) => `'${a}'`).join(', ');
    throw invalidValue(option, value, `expected one of ${list}`, `Set ${option} to one of ${list} (on the command line: --${kebab(option)} ${allowed[0]}).`);
  }
  return value as T;
}

function kebab(option: string): string {
  return option.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** Applies defaults and validates, naming the option, the value and the fix. @internal */
export function resolveServiceOptions(options: RustServiceProjectOptions): ResolvedServiceOptions {
  const nameRule = 'lower-case letters and digits, with single "-" or "_" between them, starting with a letter';
  if (!SERVICE_NAME.test(options.name ?? '')) {
    throw invalidValue('name', options.name, `expected ${nameRule}`, 'Pass e.g. --name task-api (it names the Cargo package, the image and the npm project; projen new takes the folder name by default).');
  }
  const binaryName = options.binaryName ?? options.name;
  if (!SERVICE_NAME.test(binaryName)) {
    throw invalidValue('binaryName', binaryName, `expected ${nameRule}`, 'Pass e.g. --binary-name task-api.');
  }
  const port = options.port ?? DEFAULT_PORT;
  assertInteger(port, 1, 65535, 'port', 'Pass e.g. --port 8080.');
  const runtimes = [...(options.runtimes ?? DEFAULT_VARIANT_NAMES)];
  if (runtimes.length === 0) {
    throw invalidValue('runtimes', runtimes, 'expected at least one runtime', `Pass some of ${BUILT_IN_VARIANT_NAMES.join(', ')}, or leave runtimes unset for ${DEFAULT_VARIANT_NAMES.join(', ')}.`);
  }
  runtimes.forEach((r) => oneOf('runtimes', r, BUILT_IN_VARIANT_NAMES));
  const architectureName = oneOf('architecture', options.architecture ?? options.buildOptions?.architecture?.name ?? 'x86_64', Architecture.all().map((a) => a.name));
  const rustVersion = options.rustVersion ?? RustToolchain.DEFAULT_VERSION;
  if (!RUST_VERSION_PATTERN.test(rustVersion)) {
    throw invalidValue('rustVersion', rustVersion, `expected a Rust release such as "${RustToolchain.DEFAULT_VERSION}"`, `Pass e.g. --rust-version ${RustToolchain.DEFAULT_VERSION}.`);
  }
  return {
    name: options.name,
    binaryName,
    libraryName: options.name.replace(/-/g, '_'),
    port,
    runtimes,
    architecture: Architecture.all().find((a) => a.name === architectureName)!,
    toolchain: options.rustVersion === undefined && options.buildOptions?.toolchain !== undefined
      ? options.buildOptions.toolchain
      : RustToolchain.of(rustVersion),
    allocator: oneOf('allocator', options.allocator ?? ServiceAllocator.MIMALLOC, Object.values(ServiceAllocator)),
    database: oneOf('database', options.database ?? ServiceDatabaseKind.NONE, Object.values(ServiceDatabaseKind)),
    cdkApp: options.cdkApp ?? false,
    projenrcFile: (options.projenrcTs ?? true) ? '.projenrc.ts' : '.projenrc.js',
  };
}
