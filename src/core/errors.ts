/*
 * Errors in the user's terms: which prop, which value, why, and what to do.
 * This module is the bottom of the library: it imports nothing of ours.
 */

const MAX_SHOWN = 160;

/**
 * A value as an error message shows it: JSON for strings, arrays and plain
 * objects (so control characters are visible), and a readable form for what
 * JSON cannot say (NaN, Infinity, -0, BigInt, undefined, functions). Long
 * values are shortened, with their length.
 */
export function describeValue(value: unknown): string {
  const text = describe(value);
  if (text.length <= MAX_SHOWN) return text;
  const length = typeof value === 'string' ? `${value.length} characters` : `${text.length} characters as JSON`;
  return `${text.slice(0, MAX_SHOWN)}… (${length})`;
}

function describe(value: unknown): string {
  switch (typeof value) {
    case 'number':
      return Object.is(value, -0) ? '-0' : String(value);
    case 'bigint':
      return `${value}n`;
    case 'undefined':
      return 'undefined';
    case 'function':
      return `[function ${value.name || 'anonymous'}]`;
    case 'symbol':
      return value.toString();
    default:
      try {
        return JSON.stringify(value, (_key, v: unknown) => {
          if (typeof v === 'bigint') return `${v}n`;
          if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
          return v;
        }) ?? String(value);
      } catch {
        return String(value);
      }
  }
}

/** An error in the user's terms. Raised in a construct, it names the construct's path (see `withinConstruct`). */
export class UsageError extends Error {
  /**
   * The path of the construct the error was raised in, as aws-cdk-lib's
   * ValidationError carries it; undefined outside a construct.
   */
  public constructPath?: string;
}

/** An error for a value that cannot be used: `Invalid <prop> <value>: <reason>. <fix>` */
export function invalidValue(prop: string, value: unknown, reason: string, fix: string): Error {
  return new UsageError(`Invalid ${prop} ${describeValue(value)}: ${reason}. ${fix}`);
}

/** An error for props that contradict each other or the situation: `Invalid props: <reason>. <fix>` */
export function invalidProps(reason: string, fix: string): Error {
  return new UsageError(`Invalid props: ${reason}. ${fix}`);
}

/** A construct, as far as an error needs it (this module imports no CDK). */
export interface ConstructScope {
  readonly node: { readonly path: string };
}

/**
 * An error thrown while the construct `scope` (a `kind`, e.g.
 * `RustServiceImage`) was being made or used, from its own checks or from
 * the image model below, made to name the construct: `<kind> <path>:
 * <message>`, with `constructPath` set. An error that already names a
 * construct (an inner one) is returned as it is.
 *
 * Constructors rethrow through it from a `try` around their body
 * (`catch (e) { throw inConstruct(e, this, 'Kind'); }`).
 */
export function inConstruct(error: unknown, scope: ConstructScope, kind: string): unknown {
  if (!(error instanceof Error) || (error as UsageError).constructPath !== undefined) return error;
  const path = scope.node.path;
  const original = error.message;
  error.message = `${kind} ${path}: ${original}`;
  if (typeof error.stack === 'string' && error.stack.includes(original)) error.stack = error.stack.replace(original, error.message);
  Object.defineProperty(error, 'constructPath', { value: path, enumerable: false, writable: true, configurable: true });
  return error;
}

/** Runs `body` for the construct `scope`; what it throws names the construct (see `inConstruct`). */
export function withinConstruct<T>(scope: ConstructScope, kind: string, body: () => T): T {
  try {
    return body();
  } catch (e) {
    throw inConstruct(e, scope, kind);
  }
}
