/**
 * The contract between the Python consumers in test/bindings/python and the
 * pyright run of `npx projen bindings`: a line of a consumer that must fail
 * to type-check carries `# expect-error[rule]: text`, where `rule` is the
 * pyright rule (`report...`) and `text` a part of its message; a line that
 * must produce two errors carries two markers. A consumer passes when its
 * errors are exactly the ones its markers name: a good consumer (no marker)
 * has no diagnostic at all, and a wrong consumer cannot pass because of an
 * unrelated error such as an unresolved import.
 */

/** An error that a consumer line must produce. */
export interface ExpectedError {
  readonly file: string;
  /** 1-based line number. */
  readonly line: number;
  readonly rule: string;
  readonly text: string;
}

/** A pyright diagnostic, as in `pyright --outputjson`'s `generalDiagnostics`. */
export interface PyrightDiagnostic {
  readonly file: string;
  readonly severity: 'error' | 'warning' | 'information';
  readonly message: string;
  readonly rule?: string;
  readonly range: { readonly start: { readonly line: number; readonly character: number } };
}

const MARKER = /#\s*expect-error\[(report[A-Za-z]+)\]:\s*(.+?)\s*(?=#\s*expect-error\[|$)/g;

/** The expected errors that the markers of one consumer file name. */
export function parseExpectations(file: string, text: string): ExpectedError[] {
  return text.split('\n').flatMap((content, index) =>
    [...content.matchAll(MARKER)].map(match => ({ file, line: index + 1, rule: match[1], text: match[2] })));
}

/** 1-based line of a diagnostic. */
export function lineOf(diagnostic: PyrightDiagnostic): number {
  return diagnostic.range.start.line + 1;
}

function matches(expected: ExpectedError, diagnostic: PyrightDiagnostic): boolean {
  return diagnostic.file === expected.file
    && diagnostic.severity === 'error'
    && lineOf(diagnostic) === expected.line
    && diagnostic.rule === expected.rule
    && diagnostic.message.includes(expected.text);
}

/**
 * What is wrong with a pyright run over the consumers: expected errors it did
 * not report, and diagnostics (of any severity) that no marker expects.
 * An empty list means the check passes.
 */
export function compareDiagnostics(expected: readonly ExpectedError[], diagnostics: readonly PyrightDiagnostic[]): string[] {
  const missing = expected
    .filter(e => !diagnostics.some(d => matches(e, d)))
    .map(e => `${e.file}:${e.line}: expected ${e.rule} containing '${e.text}', pyright reported none`);
  const unexpected = diagnostics
    .filter(d => !expected.some(e => matches(e, d)))
    .map(d => `${d.file}:${lineOf(d)}: unexpected ${d.severity} ${d.rule ?? '(no rule)'}: ${d.message.split('\n')[0]}`);
  return [...missing, ...unexpected];
}
