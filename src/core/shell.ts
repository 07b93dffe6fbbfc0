import { assertSingleLine } from './text';

// Words a POSIX shell reads back unchanged without quotes: no globbing,
// expansion, separators, or a leading `~` or `#` that changes their meaning.
const BARE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/**
 * One word for a POSIX shell (`/bin/sh -c`): left bare when it only holds
 * inert characters, otherwise single-quoted (an embedded `'` is written as
 * `'\''`). Line breaks and control characters are rejected: no quoting
 * keeps them inside one instruction of a Dockerfile.
 *
 * Quoting never turns an argument into an option: a value that starts with
 * `-` stays one word starting with `-`. Callers that place values after a
 * command's options check that themselves.
 */
export function shellQuote(value: string, prop: string): string {
  assertSingleLine(value, prop);
  if (value !== '' && BARE.test(value)) {
    return value;
  }
  return `'${value.replace(/'/g, '\'\\\'\'')}'`;
}

/** A command line: every argument quoted as one word. */
export function shellCommand(argv: string[], prop: string): string {
  return argv.map((arg) => shellQuote(arg, prop)).join(' ');
}

const VARIABLE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * One word in which each occurrence of `placeholder` becomes the value of
 * the shell variable `variable` when the shell runs it (`"${VAR}"`, double
 * quoted, so it stays one word whatever it holds); the rest is quoted as
 * `shellQuote` quotes a word. For values only known where the command runs,
 * such as the repository a CodeBuild project pushes to.
 */
export function shellWordWithVariable(value: string, placeholder: string, variable: string, prop: string): string {
  if (!VARIABLE.test(variable) || placeholder === '') {
    throw new Error(`shellWordWithVariable: ${JSON.stringify(variable)} is not a shell variable name, or the placeholder is empty`);
  }
  const parts = value.split(placeholder);
  if (parts.length === 1) return shellQuote(value, prop);
  return parts.map((part) => (part === '' ? '' : shellQuote(part, prop))).join(`"\${${variable}}"`);
}
