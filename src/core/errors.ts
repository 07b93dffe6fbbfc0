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

/** An error for a value that cannot be used: `Invalid <prop> <value>: <reason>. <fix>` */
export function invalidValue(prop: string, value: unknown, reason: string, fix: string): Error {
  return new Error(`Invalid ${prop} ${describeValue(value)}: ${reason}. ${fix}`);
}
