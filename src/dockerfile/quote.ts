/**
 * The one place that turns values into Dockerfile syntax.
 *
 * A value can appear in three contexts, each with its own escaping rules:
 * an exec-form JSON array, a double-quoted Dockerfile word, and a word of a
 * shell-form RUN command (`shellQuote` from the shared layer). Callers name
 * the prop the value came from, so a value that cannot be written safely is
 * rejected with an error that says which prop, which value and what to do.
 */
import { invalidValue } from '../core/errors';
import { assertSingleLine } from '../core/text';

/**
 * An element of an exec-form JSON array (RUN/CMD/ENTRYPOINT/HEALTHCHECK).
 * Line breaks, control characters and NUL are rejected: an argv cannot
 * hold NUL, and the others would not survive every reader of the file.
 */
export function jsonString(value: string, prop: string): string {
  assertSingleLine(value, prop);
  return JSON.stringify(value);
}

/**
 * A double-quoted Dockerfile word (ENV and LABEL values, ARG defaults): the
 * frontend processes backslash escapes and `$` substitution there, so `\`,
 * `"` and `$` are escaped.
 */
export function dockerWord(value: string, prop: string): string {
  assertSingleLine(value, prop);
  return `"${value.replace(/[\\"$]/g, (c) => `\\${c}`)}"`;
}

/** Renders an exec-form JSON array. */
export function execForm(argv: string[], prop: string): string {
  if (!Array.isArray(argv) || argv.length === 0 || argv[0] === '') {
    throw invalidValue(prop, argv, 'an exec-form command needs at least the program to run', 'Pass the program and its arguments, e.g. ["/app/server", "--port", "8080"].');
  }
  return `[${argv.map((arg, i) => jsonString(arg, `${prop}[${i}]`)).join(', ')}]`;
}
