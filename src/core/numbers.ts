import { invalidValue } from './errors';

/** Checks that `value` is a whole number from `min` to `max`, failing in the user's terms. */
export function assertInteger(value: number, min: number, max: number, prop: string, fix: string): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalidValue(prop, value, `expected a whole number from ${min} to ${max}`, fix);
  }
}

/** A TCP port, 1 to 65535. */
export function assertPort(value: number, prop: string): void {
  assertInteger(value, 1, 65535, prop, `Set ${prop} to the port your service listens on, e.g. 8080.`);
}

/** Checks a duration in seconds against a range: `Invalid <prop> "<n> s": <reason>. <fix>` */
export function assertSeconds(seconds: number, min: number, max: number, prop: string, fix: string, reason: string = `expected ${min} to ${max} seconds`): void {
  if (!(seconds >= min && seconds <= max)) {
    throw invalidValue(prop, `${seconds} s`, reason, fix);
  }
}
