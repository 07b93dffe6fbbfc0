import { invalidValue } from '../core/errors';
import { assertSingleLine } from '../core/text';

/** Patterns for the tokens of the Dockerfile grammar that are never quoted. */
export const PATTERNS = {
  variableName: /^[A-Za-z_][A-Za-z0-9_]{0,254}$/,
  labelKey: /^[A-Za-z0-9][A-Za-z0-9._/-]{0,254}$/,
  stageName: /^[A-Za-z][A-Za-z0-9_.-]{0,127}$/,
  // A stage built from another stage, possibly picked by a platform argument (`builder-${TARGETARCH}`).
  stageReference: /^[A-Za-z]([A-Za-z0-9_.-]|\$\{[A-Z_]+\})*$/,
  platform: /^(\$[A-Z_]+|\$\{[A-Z_]+\}|[a-z0-9]+\/[a-z0-9_]+(\/[a-z0-9]+)?)$/,
  userSpec: /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,31}(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,31})?$/,
  signal: /^(SIG[A-Z0-9+-]{1,16}|[0-9]{1,2})$/,
  mountValue: /^[^\s,"'=]+$/,
};

/**
 * A path in COPY/WORKDIR/mount instructions. The frontend substitutes `$`
 * and processes quotes and backslashes there, with no escape that works in
 * every form, so those characters are rejected rather than escaped.
 */
export function assertPath(value: string, prop: string): void {
  assertSingleLine(value, prop);
  if (value === '') {
    throw invalidValue(prop, value, 'a path cannot be empty', `Set ${prop} to a path such as "/app".`);
  }
  if (/[$"'\\`]/.test(value)) {
    throw invalidValue(prop, value, 'paths may not contain `$`, quotes, backslashes or backticks, which the Dockerfile frontend would interpret', `Rename the file or directory, or choose another ${prop}.`);
  }
}

/** Durations of HEALTHCHECK flags, in whole seconds Docker and ECS both accept. */
export function assertSeconds(value: number | undefined, prop: string, min: number = 1): void {
  if (value !== undefined && !(typeof value === 'number' && Number.isInteger(value) && value >= min && value <= 86400)) {
    throw invalidValue(prop, value, `expected a whole number of seconds from ${min} to 86400`, `Set ${prop} to e.g. 30.`);
  }
}

/**
 * Shell text of a RUN command may not start a comment outside quotes: the
 * frontend joins continuation lines into one line, so a `#` that begins a
 * word would silently turn every later command into a comment, and a
 * command that begins with `#` is dropped by the Dockerfile parser itself.
 */
export function assertNoShellComment(command: string, prop: string): void {
  let quote: string | undefined;
  for (let i = 0; i < command.length; i++) {
    const c = command[i];
    if (quote !== undefined) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"') i++;
      continue;
    }
    if (c === '\\') {
      i++;
    } else if (c === '\'' || c === '"') {
      quote = c;
    } else if (c === '#' && (i === 0 || /[\s;&|()<>]/.test(command[i - 1]))) {
      throw invalidValue(prop, command, 'a "#" that begins a shell word starts a comment, which would swallow the commands after it once Docker joins the RUN lines', 'Quote the "#" (e.g. \'#\'), or remove the comment.');
    }
  }
  if (quote !== undefined) {
    throw invalidValue(prop, command, `it has an unterminated ${quote} quote, which would join it with the commands after it`, 'Close the quote.');
  }
}
