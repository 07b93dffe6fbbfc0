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

// Docker Hub's per-architecture namespaces of the official images
// (https://github.com/docker-library/official-images#architectures-other-than-amd64),
// and the tag suffixes of per-architecture images (distroless `nonroot-arm64`,
// `…-amd64` manifests pushed before a manifest list joins them), as Docker
// platform architectures.
const ARCH_NAMESPACES = new Map<string, string>([
  ['amd64', 'amd64'], ['windows-amd64', 'amd64'], ['arm64v8', 'arm64'], ['arm32v5', 'arm'], ['arm32v6', 'arm'], ['arm32v7', 'arm'],
  ['i386', '386'], ['mips64le', 'mips64le'], ['ppc64le', 'ppc64le'], ['riscv64', 'riscv64'], ['s390x', 's390x'],
]);
const ARCH_TAG_SUFFIXES = new Map<string, string>([
  ['amd64', 'amd64'], ['x86_64', 'amd64'], ['arm64', 'arm64'], ['arm64v8', 'arm64'], ['aarch64', 'arm64'],
  ['armhf', 'arm'], ['armv7', 'arm'], ['i386', '386'], ['ppc64le', 'ppc64le'], ['s390x', 's390x'], ['riscv64', 'riscv64'],
]);

/** The one architecture an image reference names, and what in the name says so. */
export interface NamedArchitecture {
  /** Docker platform architecture: `amd64`, `arm64`, `arm`, `386`, ... */
  readonly architecture: string;
  /** The part of the name that says it, e.g. `the "amd64/" namespace`. */
  readonly evidence: string;
  /** The same reference without it (and without a digest), e.g. `alpine:3.24` for `amd64/alpine:3.24`. */
  readonly multiArchitectureName: string;
}

/**
 * The architecture an image reference is limited to by its name: a Docker
 * Hub architecture namespace (`amd64/alpine:3.24`, `arm64v8/debian`) or an
 * architecture tag suffix (`…:nonroot-amd64`). Undefined when the name says
 * nothing (a digest alone cannot tell a manifest list from one image).
 */
export function namedArchitectureOf(reference: string): NamedArchitecture | undefined {
  const parts = parseImageReference(reference);
  if (!parts) return undefined;
  const segments = parts.name.split('/');
  const first = /[.:]/.test(segments[0]) || segments[0] === 'localhost' ? 1 : 0;
  const namespace = segments.length - first >= 2 ? segments[first] : undefined;
  const suffix = parts.tag !== undefined && parts.tag.includes('-') ? parts.tag.slice(parts.tag.lastIndexOf('-') + 1).toLowerCase() : undefined;
  const byNamespace = namespace !== undefined ? ARCH_NAMESPACES.get(namespace) : undefined;
  if (byNamespace !== undefined) {
    const name = [...segments.slice(0, first), ...segments.slice(first + 1)].join('/');
    return { architecture: byNamespace, evidence: `the "${namespace}/" namespace`, multiArchitectureName: `${name}${parts.tag !== undefined ? `:${parts.tag}` : ''}` };
  }
  const bySuffix = suffix !== undefined ? ARCH_TAG_SUFFIXES.get(suffix) : undefined;
  if (bySuffix !== undefined) {
    return { architecture: bySuffix, evidence: `the "-${suffix}" tag suffix`, multiArchitectureName: `${parts.name}:${parts.tag!.slice(0, parts.tag!.lastIndexOf('-'))}` };
  }
  return undefined;
}
