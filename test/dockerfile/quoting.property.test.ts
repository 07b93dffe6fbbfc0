import { execFileSync } from 'child_process';
import { DockerfileParser } from 'dockerfile-ast';
import * as fc from 'fast-check';
import { Dockerfile } from '../../src';
import { quote, QuoteContext } from '../../src/dockerfile/quote';

const RUNS = 3000;
// Any UTF-16 text, control characters, quotes, `$`, backslashes and lone surrogates included.
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: fc.constantFrom('"', "'", '\\', '$', '{', '}', '\n', '\r', '\t', ' ', '#', '&', ';', '`', 'a', '=', '['), maxLength: 20 }),
);

function keywords(text: string): string[] {
  return DockerfileParser.parse(text).getInstructions().map((i) => i.getKeyword());
}

/** Renders a stage holding exactly one instruction made with `value`, or returns the rejection. */
function renderOne(add: (stage: ReturnType<Dockerfile['addStage']>) => void): string | Error {
  const dockerfile = new Dockerfile();
  const stage = dockerfile.addStage({ image: 'debian:bookworm-slim' });
  try {
    add(stage);
  } catch (error) {
    return error as Error;
  }
  stage.user('65532');
  return dockerfile.render();
}

function expectRejectedWithProp(result: string | Error, prop: string): void {
  expect(result).toBeInstanceOf(Error);
  expect((result as Error).message).toMatch(new RegExp(`^Invalid ${prop} .*\\. .+`));
}

test('ENV and LABEL values either round-trip exactly or are rejected', () => {
  fc.assert(fc.property(anyText, (value) => {
    for (const keyword of ['ENV', 'LABEL'] as const) {
      const result = renderOne((s) => (keyword === 'ENV' ? s.env('VALUE', value) : s.label('value', value)));
      if (result instanceof Error) {
        expectRejectedWithProp(result, keyword === 'ENV' ? 'environment variable VALUE' : 'label value');
        expect(value).toMatch(/[\u0000-\u0008\u000a-\u001f\u007f]/);
        continue;
      }
      // Exactly FROM, the instruction, USER: nothing added, nothing swallowed.
      expect(keywords(result)).toEqual(['FROM', keyword, 'USER']);
      const instruction = DockerfileParser.parse(result).getInstructions()[1] as any;
      const parsed: string = instruction.getProperties()[0].getValue();
      // dockerfile-ast keeps the escape of `$` (variable syntax); Docker drops it.
      expect(parsed.replace(/\\\$/g, '$')).toBe(value);
    }
  }), { numRuns: RUNS });
});

test('build argument defaults never add an instruction', () => {
  fc.assert(fc.property(anyText, (value) => {
    const result = renderOne((s) => s.arg('VALUE', value));
    if (result instanceof Error) {
      expectRejectedWithProp(result, 'build argument VALUE');
      return;
    }
    expect(keywords(result)).toEqual(['FROM', 'ARG', 'USER']);
  }), { numRuns: RUNS });
});

test('exec-form arguments are always representable and round-trip through JSON', () => {
  fc.assert(fc.property(fc.array(anyText, { minLength: 1, maxLength: 4 }), (argv) => {
    const result = renderOne((s) => s.entrypoint(argv));
    expect(typeof result).toBe('string');
    expect(keywords(result as string)).toEqual(['FROM', 'ENTRYPOINT', 'USER']);
    const line = (result as string).split('\n').find((l) => l.startsWith('ENTRYPOINT '))!;
    expect(JSON.parse(line.slice('ENTRYPOINT '.length))).toEqual(argv);
  }), { numRuns: RUNS });
});

test('paths either stay inside their COPY instruction or are rejected', () => {
  fc.assert(fc.property(anyText, (value) => {
    const result = renderOne((s) => s.copy([value], '/app/'));
    if (result instanceof Error) {
      expectRejectedWithProp(result, 'copy source');
      return;
    }
    expect(keywords(result)).toEqual(['FROM', 'COPY', 'USER']);
  }), { numRuns: RUNS });
});

test('shell words either survive /bin/sh unchanged or are rejected', () => {
  const values = fc.sample(anyText, RUNS);
  const accepted: string[] = [];
  const quoted: string[] = [];
  for (const value of values) {
    try {
      quoted.push(quote(value, QuoteContext.SHELL, 'feature'));
      accepted.push(value);
    } catch (error) {
      expect((error as Error).message).toMatch(/^Invalid feature .*control character/);
    }
  }
  // One shell run for all words: printf prints each argument followed by NUL.
  const output = execFileSync('/bin/sh', ['-c', `printf '%s\\0' ${quoted.join(' ')}`], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  expect(output.split('\0').slice(0, -1)).toEqual(accepted);
  expect(accepted.length).toBeGreaterThan(RUNS / 2);
});

test('shell words inside a RUN instruction never add an instruction', () => {
  fc.assert(fc.property(anyText, (value) => {
    const result = renderOne((s) => s.run([`echo ${quote(value, QuoteContext.SHELL, 'feature')}`, 'true']));
    if (result instanceof Error) {
      expectRejectedWithProp(result, 'feature');
      return;
    }
    expect(keywords(result)).toEqual(['FROM', 'RUN', 'USER']);
  }), { numRuns: RUNS });
});
