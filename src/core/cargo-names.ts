import { invalidValue } from './errors';

/*
 * Cargo's rules for names, checked wherever a name enters a command or a
 * path, whether a prop gave it or a Cargo.toml did. Cargo accepts a package
 * or target name whose first character is a Unicode identifier start or "_",
 * and whose other characters are identifier characters or "-"; the names it
 * reserves for the target directory's own folders are refused for binaries.
 */
const NAME = /^[\p{XID_Start}_][\p{XID_Continue}-]*$/u;
const RESERVED_BINARY_NAMES = ['build', 'deps', 'examples', 'incremental'];
const MAX_NAME = 64;

// `feature`, `dep:feature`-free forms cargo accepts on the command line: `name`, `dep/feature`, `dep?/feature`.
const FEATURE = /^[\p{XID_Start}\p{N}_][\p{XID_Continue}+.-]*(\??\/[\p{XID_Start}\p{N}_][\p{XID_Continue}+.-]*)?$/u;

/** Whether `name` is a package or target name cargo accepts. */
export function isCargoName(name: unknown): name is string {
  return typeof name === 'string' && name.length <= MAX_NAME && NAME.test(name);
}

/**
 * Checks a package or binary name.
 *
 * @param where what the name is and where it came from, e.g. `binaryName`
 *   or `package.name in /src/Cargo.toml`
 */
export function assertCargoName(name: unknown, where: string, binary: boolean = false): asserts name is string {
  if (!isCargoName(name)) {
    throw invalidValue(where, name, `cargo accepts only names of letters, digits, "_" and "-" that start with a letter or "_" (at most ${MAX_NAME} characters here)`,
      'Rename it to a Cargo name such as "task-api".');
  }
  if (binary && RESERVED_BINARY_NAMES.includes(name)) {
    throw invalidValue(where, name, `cargo reserves it for a folder of the target directory (${RESERVED_BINARY_NAMES.join(', ')})`, 'Rename the binary.');
  }
}

// Cargo sets no length; ours keeps generated files bounded. It applies to each part, so that any
// dependency name cargo accepts (up to 64 characters here) can prefix any feature name.
const MAX_FEATURE_PART = 128;

/** Checks a feature as `cargo build --features` takes it (`name`, `dep/feature`, `dep?/feature`). */
export function assertFeatureName(feature: unknown, prop: string): asserts feature is string {
  if (typeof feature !== 'string' || !FEATURE.test(feature) || feature.split(/\??\//).some((part) => part.length > MAX_FEATURE_PART)) {
    throw invalidValue(prop, feature, `expected a Cargo feature name such as "rustls" or "dep/feature" (each part up to ${MAX_FEATURE_PART} characters)`, `Fix ${prop}.`);
  }
}
