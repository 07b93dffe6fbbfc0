/**
 * The contract between the consumers in test/bindings (Python, Java) and the
 * type-checkers of `npx projen bindings` (pyright, javac): a line of a
 * consumer that must fail to type-check carries a marker,
 * `# expect-error[rule]: text` in Python or `// expect-error[javac]: text`
 * in Java, where `rule` is the pyright rule (`report...`) or `javac`, and
 * `text` a part of the message; a line that must produce two errors carries
 * two markers. A consumer passes when its errors are exactly the ones its
 * markers name: a good consumer (no marker) has no diagnostic at all, and a
 * wrong consumer cannot pass because of an unrelated error such as an
 * unresolved import.
 *
 * `# expect-error[rule; stub-only]: text` marks an error that only the
 * type-checking stubs produce (test/bindings/stubs: `classproperty` is
 * generic there, `Any` in the real jsii runtime), so a user's pyright would
 * not report it. It is checked like any other and counted apart.
 */

/** An error that a consumer line must produce. */
export interface ExpectedError {
  readonly file: string;
  /** 1-based line number. */
  readonly line: number;
  readonly rule: string;
  readonly text: string;
  /** Set (true) when only the stricter type-checking stubs produce the error, not the real jsii runtime. */
  readonly stubOnly?: boolean;
}

/** A type-checker diagnostic. */
export interface Diagnostic {
  readonly file: string;
  /** 1-based line number. */
  readonly line: number;
  readonly severity: 'error' | 'warning' | 'information';
  /** The pyright rule, or `javac`. */
  readonly rule?: string;
  readonly message: string;
}

/** A diagnostic of `pyright --outputjson` (`generalDiagnostics`). */
export interface PyrightDiagnostic {
  readonly file: string;
  readonly severity: 'error' | 'warning' | 'information';
  readonly message: string;
  readonly rule?: string;
  readonly range: { readonly start: { readonly line: number; readonly character: number } };
}

const MARKER = /(?:#|\/\/)\s*expect-error\[(report[A-Za-z]+|javac)(;\s*stub-only)?\]:\s*(.+?)\s*(?=(?:#|\/\/)\s*expect-error\[|$)/g;

/** The expected errors that the markers of one consumer file name. */
export function parseExpectations(file: string, text: string): ExpectedError[] {
  return text.split('\n').flatMap((content, index) =>
    [...content.matchAll(MARKER)].map(match => ({
      file,
      line: index + 1,
      rule: match[1],
      text: match[3],
      ...(match[2] ? { stubOnly: true } : {}),
    })));
}

/** A pyright diagnostic with a 1-based line. */
export function fromPyright(d: PyrightDiagnostic): Diagnostic {
  return { file: d.file, line: d.range.start.line + 1, severity: d.severity, rule: d.rule, message: d.message };
}

/**
 * The diagnostics of javac's output (`path:line: error: message`, then the
 * source line and a caret; `symbol:`/`location:` lines are folded into the
 * message). Errors only: javac runs with `-Xlint:none`.
 */
export function parseJavacOutput(output: string): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const line of output.split('\n')) {
    const match = /^(.+\.java):(\d+): (error|warning): (.*)$/.exec(line);
    if (match) {
      diagnostics.push({ file: match[1], line: Number(match[2]), severity: match[3] as 'error' | 'warning', rule: 'javac', message: match[4] });
    } else if (diagnostics.length > 0 && /^\s+(symbol|location|required|found|reason):/.test(line)) {
      const last = diagnostics.pop()!;
      diagnostics.push({ ...last, message: `${last.message} ${line.trim().replace(/\s+/g, ' ')}` });
    }
  }
  return diagnostics;
}

function matches(expected: ExpectedError, diagnostic: Diagnostic): boolean {
  return diagnostic.file === expected.file
    && diagnostic.severity === 'error'
    && diagnostic.line === expected.line
    && diagnostic.rule === expected.rule
    && diagnostic.message.includes(expected.text);
}

/**
 * What is wrong with a type-checker run over the consumers: expected errors
 * it did not report, and diagnostics (of any severity) that no marker
 * expects. An empty list means the check passes.
 */
export function compareDiagnostics(expected: readonly ExpectedError[], diagnostics: readonly Diagnostic[]): string[] {
  const missing = expected
    .filter(e => !diagnostics.some(d => matches(e, d)))
    .map(e => `${e.file}:${e.line}: expected ${e.rule} error containing '${e.text}', none reported`);
  const unexpected = diagnostics
    .filter(d => !expected.some(e => matches(e, d)))
    .map(d => `${d.file}:${d.line}: unexpected ${d.severity} ${d.rule ?? '(no rule)'}: ${d.message.split('\n')[0]}`);
  return [...missing, ...unexpected];
}
