import { assertMatches, assertNoControlCharacters, invalidValue } from './quote';

/** Patterns for the tokens of the Dockerfile grammar that are never quoted. */
export const PATTERNS = {
  variableName: /^[A-Za-z_][A-Za-z0-9_]*$/,
  labelKey: /^[A-Za-z0-9][A-Za-z0-9._/-]*$/,
  stageName: /^[A-Za-z][A-Za-z0-9_.-]*$/,
  // A registry/repository[:tag][@digest] reference, or `scratch`; the
  // repository may use `${ARG}` (e.g. `builder-${TARGETARCH}`).
  image: /^([A-Za-z0-9]|\$\{[A-Z_]+\})([A-Za-z0-9._/-]|\$\{[A-Z_]+\})*(:[A-Za-z0-9_][A-Za-z0-9._-]*)?(@[A-Za-z0-9]+:[A-Fa-f0-9]+)?$/,
  platform: /^(\$[A-Z_]+|\$\{[A-Z_]+\}|[a-z0-9]+\/[a-z0-9_]+(\/[a-z0-9]+)?)$/,
  userSpec: /^[A-Za-z0-9_][A-Za-z0-9_.-]*(:[A-Za-z0-9_][A-Za-z0-9_.-]*)?$/,
  signal: /^(SIG[A-Z0-9+-]+|[0-9]+)$/,
  chmod: /^[0-7]{3,4}$/,
  mountValue: /^[^\s,"'=]+$/,
};

/**
 * A path in COPY/WORKDIR/mount instructions. The frontend substitutes `$`
 * there and has no escape for quotes in JSON-form COPY, so those characters
 * are rejected rather than escaped.
 */
export function assertPath(value: string, prop: string): void {
  assertNoControlCharacters(value, prop);
  if (value === '') {
    throw invalidValue(prop, value, 'a path cannot be empty', `Set ${prop} to a path such as "/app".`);
  }
  if (/[$"\\`]/.test(value)) {
    throw invalidValue(prop, value, 'paths may not contain `$`, `"`, backslashes or backticks, which the Dockerfile frontend would interpret', `Rename the file or directory, or choose another ${prop}.`);
  }
}

export function assertSeconds(value: number | undefined, prop: string): void {
  if (value !== undefined && !(Number.isInteger(value) && value > 0)) {
    throw invalidValue(prop, value, 'expected a whole number of seconds greater than 0', `Set ${prop} to e.g. 30.`);
  }
}

export function assertPort(value: number, prop: string): void {
  if (!(Number.isInteger(value) && value >= 1 && value <= 65535)) {
    throw invalidValue(prop, value, 'expected a TCP port from 1 to 65535', `Set ${prop} to the port your service listens on, e.g. 8080.`);
  }
}

export { assertMatches };
