import { compareDiagnostics, Diagnostic, fromPyright, parseExpectations, parseJavacOutput } from './consumer-expectations';

function diagnostic(line: number, rule: string, message: string, severity: Diagnostic['severity'] = 'error'): Diagnostic {
  return { file: 'wrong.py', line, severity, rule, message };
}

const WRONG = [
  '"""Docstring that mentions # expect-error[rule]: text without being a marker."""',
  'RustMuslImage(binary="x")  # expect-error[reportCallIssue]: No parameter named "binary"',
  'Architecture.ARM  # expect-error[reportAttributeAccessIssue]: Cannot access attribute "ARM"  # expect-error[reportUnknownMemberType]: is unknown',
].join('\n');

describe('parseExpectations', () => {
  test('reads one or more markers per line, with 1-based lines, and ignores prose', () => {
    expect(parseExpectations('wrong.py', WRONG)).toEqual([
      { file: 'wrong.py', line: 2, rule: 'reportCallIssue', text: 'No parameter named "binary"' },
      { file: 'wrong.py', line: 3, rule: 'reportAttributeAccessIssue', text: 'Cannot access attribute "ARM"' },
      { file: 'wrong.py', line: 3, rule: 'reportUnknownMemberType', text: 'is unknown' },
    ]);
  });
});

describe('parseExpectations of a stub-only error', () => {
  test('reads the stub-only flag, and leaves it out of ordinary markers', () => {
    const text = [
      'f(architecture=ecs.CpuArchitecture.ARM64)  # expect-error[reportArgumentType; stub-only]: "CpuArchitecture" is not assignable to "Architecture"',
      'f(port="1")  # expect-error[reportArgumentType]: "Literal[\'1\']"',
    ].join('\n');
    expect(parseExpectations('wrong.py', text)).toEqual([
      { file: 'wrong.py', line: 1, rule: 'reportArgumentType', text: '"CpuArchitecture" is not assignable to "Architecture"', stubOnly: true },
      { file: 'wrong.py', line: 2, rule: 'reportArgumentType', text: '"Literal[\'1\']"' },
    ]);
    expect(parseExpectations('wrong.py', text)[1]).not.toHaveProperty('stubOnly');
  });
});

describe('parseExpectations in Java', () => {
  test('reads // markers with the javac rule', () => {
    const java = 'Architecture a = Architecture.ARM; // expect-error[javac]: cannot find symbol symbol: variable ARM';
    expect(parseExpectations('Wrong.java', java)).toEqual([
      { file: 'Wrong.java', line: 1, rule: 'javac', text: 'cannot find symbol symbol: variable ARM' },
    ]);
  });
});

describe('fromPyright', () => {
  test('turns the 0-based range of pyright --outputjson into a 1-based line', () => {
    expect(fromPyright({ file: 'a.py', severity: 'error', rule: 'reportCallIssue', message: 'm', range: { start: { line: 4, character: 2 } } }))
      .toEqual({ file: 'a.py', line: 5, severity: 'error', rule: 'reportCallIssue', message: 'm' });
  });
});

describe('parseJavacOutput', () => {
  test('reads errors and folds the symbol and location lines into the message', () => {
    const output = [
      'consumer/Wrong.java:39: error: cannot find symbol',
      '        Architecture arm = Architecture.ARM;',
      '                                       ^',
      '  symbol:   variable ARM',
      '  location: class Architecture',
      'consumer/Wrong.java:32: error: incompatible types: String cannot be converted to Number',
      '        RuntimeOptions.builder().port("8080").build();',
      '                                      ^',
      'Note: Some messages have been simplified',
      '2 errors',
    ].join('\n');
    expect(parseJavacOutput(output)).toEqual([
      { file: 'consumer/Wrong.java', line: 39, severity: 'error', rule: 'javac', message: 'cannot find symbol symbol: variable ARM location: class Architecture' },
      { file: 'consumer/Wrong.java', line: 32, severity: 'error', rule: 'javac', message: 'incompatible types: String cannot be converted to Number' },
    ]);
  });
});

describe('compareDiagnostics', () => {
  const expected = parseExpectations('wrong.py', WRONG);
  const reported = [
    diagnostic(2, 'reportCallIssue', 'No parameter named "binary"'),
    diagnostic(3, 'reportAttributeAccessIssue', 'Cannot access attribute "ARM" for class "type[Architecture]"'),
    diagnostic(3, 'reportUnknownMemberType', 'Type of "ARM" is unknown'),
  ];

  test('passes when the errors are exactly the expected ones', () => {
    expect(compareDiagnostics(expected, reported)).toEqual([]);
  });

  test('fails when an expected error is missing', () => {
    expect(compareDiagnostics(expected, reported.slice(1))).toEqual([
      "wrong.py:2: expected reportCallIssue error containing 'No parameter named \"binary\"', none reported",
    ]);
  });

  test('fails on an error with the right line but another rule', () => {
    const otherRule = [diagnostic(2, 'reportArgumentType', 'No parameter named "binary"'), ...reported.slice(1)];
    expect(compareDiagnostics(expected, otherRule)).toHaveLength(2);
  });

  test('fails on a diagnostic no marker expects, e.g. an unresolved import, whatever its severity', () => {
    const extra = [...reported, diagnostic(1, 'reportMissingImports', 'Import "cdk_rust_image" could not be resolved', 'warning')];
    expect(compareDiagnostics(expected, extra)).toEqual([
      'wrong.py:1: unexpected warning reportMissingImports: Import "cdk_rust_image" could not be resolved',
    ]);
  });

  test('a good consumer passes only with no diagnostic at all', () => {
    expect(compareDiagnostics([], [])).toEqual([]);
    expect(compareDiagnostics([], [diagnostic(5, 'reportUnknownVariableType', 'Type of "x" is unknown')])).toHaveLength(1);
  });
});
