import { invalidValue } from '../core/errors';
import { AlpineRuntime } from '../image/runtimes/alpine-runtime';
import { DebianSlimRuntime } from '../image/runtimes/debian-slim-runtime';
import { DevImage } from '../image/runtimes/dev-image';
import { DistrolessRuntime } from '../image/runtimes/distroless-runtime';
import { ImageRuntime, RuntimeOptions } from '../image/runtimes/runtime';
import { ScratchRuntime } from '../image/runtimes/scratch-runtime';

/** Options of one Dockerfile variant. */
export interface DockerfileVariantOptions {
  /**
   * The runtime the variant renders.
   * @default - the built-in runtime of a built-in variant name (see `RustDockerfiles.BUILT_IN_VARIANTS`); required for any other name
   */
  readonly runtime?: ImageRuntime;
  /**
   * File name of the Dockerfile, relative to the crate directory.
   * @default - `Dockerfile` for `prod`, else `Dockerfile.<name>`
   */
  readonly fileName?: string;
}

/** A resolved variant: its name, file and runtime. @internal */
export interface DockerfileVariant {
  readonly name: string;
  readonly fileName: string;
  readonly runtime: ImageRuntime;
}

/** The variant that the guide calls "prod": the image `docker:run` starts when present. */
export const PRODUCTION_VARIANT = 'prod';

/**
 * The guide's four images, plus distroless. `prod` is Debian slim, like the
 * guide's production image: a glibc userland with apt for debugging, for
 * teams that want a shell in production; `scratch` is the smallest image.
 */
const BUILT_IN: { [name: string]: (options: RuntimeOptions) => ImageRuntime } = {
  prod: (o) => new DebianSlimRuntime(o),
  scratch: (o) => new ScratchRuntime(o),
  alpine: (o) => new AlpineRuntime(o),
  distroless: (o) => new DistrolessRuntime(o),
  dev: (o) => new DevImage(o),
};

/** Names of the built-in variants. */
export const BUILT_IN_VARIANT_NAMES = Object.keys(BUILT_IN);

/** The variants written when none are configured. */
export const DEFAULT_VARIANT_NAMES = ['prod', 'scratch', 'alpine', 'dev'];

// A variant name becomes an image tag and part of a file and task name.
const VARIANT_NAME = /^[a-z0-9][a-z0-9_.-]{0,63}$/;
const FILE_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/** Resolves a variant's runtime and file name, failing in the user's terms. @internal */
export function resolveVariant(name: string, options: DockerfileVariantOptions, runtimeOptions: RuntimeOptions): DockerfileVariant {
  if (!VARIANT_NAME.test(name)) {
    throw invalidValue('variant name', name, 'it becomes an image tag, a file name and a task name, so it may hold lower-case letters, digits, ".", "_" and "-" (up to 64)', `Use a name such as "scratch" or one of ${BUILT_IN_VARIANT_NAMES.join(', ')}.`);
  }
  const factory = BUILT_IN[name];
  if (!options.runtime && !factory) {
    throw invalidValue('variant name', name, `it is not a built-in variant (${BUILT_IN_VARIANT_NAMES.join(', ')}) and no runtime was given`, 'Use a built-in name, or pass `runtime` (e.g. new ScratchRuntime({ ... })) with a name of your own.');
  }
  const fileName = options.fileName ?? (name === PRODUCTION_VARIANT ? 'Dockerfile' : `Dockerfile.${name}`);
  if (!FILE_NAME.test(fileName)) {
    throw invalidValue('fileName', fileName, 'expected a plain file name in the crate directory (letters, digits, ".", "_", "-")', 'Use a name such as "Dockerfile.scratch".');
  }
  return { name, fileName, runtime: options.runtime ?? factory(runtimeOptions) };
}
