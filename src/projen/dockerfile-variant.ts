import { invalidValue } from '../core/errors';
import { RUNTIMES } from '../image/runtimes/registry';
import { ImageRuntime, RuntimeOptions } from '../image/runtimes/runtime';

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

const VARIANTS = RUNTIMES.flatMap((entry) => (entry.variant ? [entry.variant] : []));

/** Names of the built-in variants, one per runtime that the registry gives a variant. */
export const BUILT_IN_VARIANT_NAMES = VARIANTS.map((variant) => variant.name);

/** The variants written when none are configured. */
export const DEFAULT_VARIANT_NAMES = VARIANTS.filter((variant) => variant.byDefault).map((variant) => variant.name);

// A variant name becomes an image tag and part of a file and task name.
const VARIANT_NAME = /^[a-z0-9][a-z0-9_.-]{0,63}$/;
const FILE_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/** Resolves a variant's runtime and file name, failing in the user's terms. @internal */
export function resolveVariant(name: string, options: DockerfileVariantOptions, runtimeOptions: RuntimeOptions): DockerfileVariant {
  if (!VARIANT_NAME.test(name)) {
    throw invalidValue('variant name', name, 'it becomes an image tag, a file name and a task name, so it may hold lower-case letters, digits, ".", "_" and "-" (up to 64)', `Use a name such as "scratch" or one of ${BUILT_IN_VARIANT_NAMES.join(', ')}.`);
  }
  const factory = VARIANTS.find((variant) => variant.name === name)?.create;
  if (!options.runtime && !factory) {
    throw invalidValue('variant name', name, `it is not a built-in variant (${BUILT_IN_VARIANT_NAMES.join(', ')}) and no runtime was given`, 'Use a built-in name, or pass `runtime` (e.g. new ScratchRuntime({ ... })) with a name of your own.');
  }
  const fileName = options.fileName ?? (name === PRODUCTION_VARIANT ? 'Dockerfile' : `Dockerfile.${name}`);
  if (!FILE_NAME.test(fileName)) {
    throw invalidValue('fileName', fileName, 'expected a plain file name in the crate directory (letters, digits, ".", "_", "-")', 'Use a name such as "Dockerfile.scratch".');
  }
  return { name, fileName, runtime: options.runtime ?? factory!(runtimeOptions) };
}
