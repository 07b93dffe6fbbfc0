/** A Rust release as toolchain images name it: `1.99` or `1.99.0`. */
export const RUST_VERSION_PATTERN = /^\d{1,3}\.\d{1,3}(\.\d{1,3})?$/;

/** An exact semantic version without pre-release or build parts, e.g. `0.23.4`. */
export const EXACT_VERSION_PATTERN = /^\d{1,4}\.\d{1,4}\.\d{1,4}$/;

/** Locale-independent string order, so outputs are the same on every machine. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
