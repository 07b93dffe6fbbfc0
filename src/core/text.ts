import { invalidValue } from './errors';

/*
 * Characters no generated file may hold in a user's value: they end a line
 * (and so an instruction) for Docker's parser, for a shell, or for the tools
 * that read these files (JSON, JavaScript-based linters and editors treat
 * U+2028 and U+2029 as line breaks), or they cannot survive a round trip
 * (NUL in an argv, unpaired UTF-16 surrogates).
 */
// C0 controls except TAB, DEL, C1 controls (U+0085 NEL among them), line and paragraph separators.
const LINE_BREAKING = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The first character of `value` that no generated line may hold, as `U+XXXX`, if any. */
export function forbiddenCharacter(value: string): string | undefined {
  const found = LINE_BREAKING.exec(value) ?? LONE_SURROGATE.exec(value);
  return found ? `U+${found[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}` : undefined;
}

/**
 * Rejects newlines, other control characters, Unicode line separators and
 * unpaired surrogates, which no context of a Dockerfile, a shell command or
 * an exec-form argument can hold unchanged.
 */
export function assertSingleLine(value: string, prop: string): void {
  if (typeof value !== 'string') {
    throw invalidValue(prop, value, `expected a string, got ${typeof value}`, `Pass ${prop} as a string.`);
  }
  const bad = forbiddenCharacter(value);
  if (bad !== undefined) {
    throw invalidValue(prop, value, `it contains ${bad}, a line break, control character or unpaired surrogate that would end or corrupt the generated instruction`, `Remove ${bad} from ${prop}.`);
  }
}

/** Checks `value` against `pattern`, failing with the prop, the value and what is expected. */
export function assertMatches(value: string, pattern: RegExp, prop: string, expected: string): void {
  if (typeof value !== 'string' || !pattern.test(value)) {
    throw invalidValue(prop, value, `expected ${expected}`, `Change ${prop} to ${expected}.`);
  }
}
