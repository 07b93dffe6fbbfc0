import { invalidValue } from './errors';

/*
 * Docker image references (distribution/reference's grammar):
 * `[registry[:port]/]path[:tag][@algorithm:hex]`, at most 255 characters for
 * the name. `scratch` is Docker's empty base.
 */
const DOMAIN = String.raw`(?:[A-Za-z0-9]|[A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9])(?:\.(?:[A-Za-z0-9]|[A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9]))*(?::[0-9]+)?`;
const COMPONENT = String.raw`[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*`;
const NAME = new RegExp(String.raw`^(?:${DOMAIN}/)?${COMPONENT}(?:/${COMPONENT})*$`);
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^sha256:[a-f0-9]{64}$|^sha512:[a-f0-9]{128}$/;
const MAX_NAME = 255;

/** The parts of an image reference. */
export interface ImageReferenceParts {
  readonly name: string;
  readonly tag?: string;
  readonly digest?: string;
}

/** Splits a reference into name, tag and digest; undefined when it is not a valid reference. */
export function parseImageReference(reference: string): ImageReferenceParts | undefined {
  if (typeof reference !== 'string') return undefined;
  const at = reference.indexOf('@');
  const digest = at >= 0 ? reference.slice(at + 1) : undefined;
  const rest = at >= 0 ? reference.slice(0, at) : reference;
  // A tag follows the last ":" that comes after the last "/" (a registry port comes before it).
  const colon = rest.lastIndexOf(':');
  const tag = colon > rest.lastIndexOf('/') ? rest.slice(colon + 1) : undefined;
  const name = tag !== undefined ? rest.slice(0, colon) : rest;
  if (name.length === 0 || name.length > MAX_NAME || !NAME.test(name)) return undefined;
  if (tag !== undefined && !TAG.test(tag)) return undefined;
  if (digest !== undefined && !DIGEST.test(digest)) return undefined;
  return { name, ...(tag !== undefined ? { tag } : {}), ...(digest !== undefined ? { digest } : {}) };
}

/** Checks an image reference a user gives (`debian:trixie-slim`, `registry.internal:5000/rust:1.99@sha256:...`). */
export function assertImageReference(reference: string, prop: string): void {
  if (parseImageReference(reference) === undefined) {
    throw invalidValue(prop, reference, 'expected a Docker image reference: lower-case repository path, optional registry host and port, ":tag" (up to 128 characters) and "@sha256:<64 hex digits>", at most 255 characters before the tag',
      `Set ${prop} to e.g. "debian:trixie-slim" or "registry.example.com/team/rust:1.99.0-trixie@sha256:…".`);
  }
}

/** Whether a reference carries a digest. */
export function isPinnedByDigest(reference: string): boolean {
  return parseImageReference(reference)?.digest !== undefined;
}
