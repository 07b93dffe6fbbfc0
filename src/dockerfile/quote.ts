/**
 * The one place that turns user-controlled values into Dockerfile text.
 *
 * Dockerfile syntax has three contexts where a value can appear, each with its
 * own escaping rules. Callers name the context and the prop the value came
 * from, so a value that cannot be represented safely is rejected with an error
 * that says which prop, which value and what to do instead.
 */

/** Where a quoted value ends up. */
export enum QuoteContext {
  /** An element of an exec-form JSON array (RUN/CMD/ENTRYPOINT/HEALTHCHECK). */
  JSON = 'json',
  /**
   * A double-quoted Dockerfile word (ENV and LABEL values, ARG defaults): the
   * frontend processes backslash escapes and `$` substitution there.
   */
  WORD = 'word',
  /** A word inside a shell-form RUN command, interpreted by /bin/sh. */
  SHELL = 'shell',
}

// Control characters other than TAB: a newline would end the instruction and
// start a new one; the others have no portable escape in Dockerfile words.
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f]/;
const SHELL_SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** Raised when a user-supplied value cannot be represented in a Dockerfile. */
export function invalidValue(prop: string, value: unknown, reason: string, fix: string): Error {
  return new Error(`Invalid ${prop} ${JSON.stringify(value)}: ${reason}. ${fix}`);
}

/** Rejects control characters (newlines above all), which no context can hold. */
export function assertNoControlCharacters(value: string, prop: string): void {
  if (CONTROL.test(value)) {
    throw invalidValue(prop, value, 'it contains a newline or another control character, which would end the Dockerfile instruction', 'Remove the control characters from the value.');
  }
}

/**
 * Quotes `value` for `context`.
 *
 * - JSON: any string is representable (JSON escapes control characters);
 * - WORD: `"..."` with `\`, `"` and `$` escaped; control characters rejected;
 * - SHELL: left bare when it only holds shell-inert characters, otherwise
 *   single-quoted with embedded `'` written as `'\''`; control characters
 *   rejected.
 */
export function quote(value: string, context: QuoteContext, prop: string): string {
  switch (context) {
    case QuoteContext.JSON:
      return JSON.stringify(value);
    case QuoteContext.WORD:
      assertNoControlCharacters(value, prop);
      return `"${value.replace(/[\\"$]/g, (c) => `\\${c}`)}"`;
    case QuoteContext.SHELL:
      assertNoControlCharacters(value, prop);
      if (value !== '' && SHELL_SAFE.test(value)) {
        return value;
      }
      return `'${value.replace(/'/g, '\'\\\'\'')}'`;
  }
}

/** Renders an exec-form JSON array. */
export function execForm(argv: string[], prop: string): string {
  if (argv.length === 0) {
    throw invalidValue(prop, argv, 'an exec-form command needs at least the program to run', 'Pass the program and its arguments, e.g. ["/app/server", "--port", "8080"].');
  }
  return `[${argv.map((arg) => quote(arg, QuoteContext.JSON, prop)).join(', ')}]`;
}

/** Checks `value` against `pattern`, failing with the prop, the value and the fix. */
export function assertMatches(value: string, pattern: RegExp, prop: string, expected: string): void {
  if (!pattern.test(value)) {
    throw invalidValue(prop, value, `expected ${expected}`, `Change ${prop} to ${expected}.`);
  }
}
