import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { DockerfileParser } from 'dockerfile-ast';
import * as fc from 'fast-check';
import { parse as shellQuoteParse } from 'shell-quote';
import { describeValue } from '../../src/core/errors';
import { shellQuote } from '../../src/core/shell';
import { forbiddenCharacter } from '../../src/core/text';
import { Dockerfile, DockerfileStage } from '../../src/dockerfile/dockerfile';
import { anyText } from '../arbitraries';
import { tempDir } from '../util';

const RUNS = 1000;
const LINE_BREAKING = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function keywords(text: string): string[] {
  return DockerfileParser.parse(text).getInstructions().map((i) => i.getKeyword());
}

/** Renders a stage holding exactly one instruction made with `value`, or returns the rejection. */
function renderOne(add: (stage: DockerfileStage) => void): string | Error {
  const dockerfile = new Dockerfile();
  const stage = dockerfile.addStage({ image: 'debian:trixie-slim' });
  try {
    add(stage);
  } catch (error) {
    return error as Error;
  }
  stage.user('65532');
  return dockerfile.render();
}

/** The rejection of a value with a character no line may hold: the prop, the value, the character and the fix. */
function expectRejectedForCharacter(result: string | Error, prop: string, value: string): void {
  expect(result).toBeInstanceOf(Error);
  const bad = forbiddenCharacter(value)!;
  expect(bad).toMatch(/^U\+[0-9A-F]{4}$/);
  expect((result as Error).message).toBe(`Invalid ${prop} ${describeValue(value)}: it contains ${bad}, a line break, control character or unpaired surrogate `
    + `that would end or corrupt the generated instruction. Remove ${bad} from ${prop}.`);
}

test('the generators produce long values (fast-check would cap them at about ten characters by default)', () => {
  const lengths = fc.sample(anyText(), 300).map((s) => s.length);
  expect(Math.max(...lengths)).toBeGreaterThan(1000);
});

test('ENV and LABEL values either round-trip exactly or are rejected for a line-breaking character', () => {
  fc.assert(fc.property(anyText(), (value) => {
    for (const keyword of ['ENV', 'LABEL'] as const) {
      const result = renderOne((s) => (keyword === 'ENV' ? s.env('VALUE', value) : s.label('value', value)));
      if (LINE_BREAKING.test(value)) {
        expectRejectedForCharacter(result, keyword === 'ENV' ? 'environment variable VALUE' : 'label value', value);
        continue;
      }
      // Exactly FROM, the instruction, USER: nothing added, nothing swallowed.
      expect(keywords(result as string)).toEqual(['FROM', keyword, 'USER']);
      const instruction = DockerfileParser.parse(result as string).getInstructions()[1] as any;
      const parsed: string = instruction.getProperties()[0].getValue();
      // dockerfile-ast keeps the escape of `$` (variable syntax); Docker drops it.
      expect(parsed.replace(/\\\$/g, '$')).toBe(value);
    }
  }), { numRuns: RUNS });
});

test('build argument defaults never add an instruction', () => {
  fc.assert(fc.property(anyText(), (value) => {
    const result = renderOne((s) => s.arg('VALUE', value));
    if (LINE_BREAKING.test(value)) {
      expectRejectedForCharacter(result, 'build argument VALUE', value);
      return;
    }
    expect(keywords(result as string)).toEqual(['FROM', 'ARG', 'USER']);
  }), { numRuns: RUNS });
});

test('exec-form arguments round-trip through JSON, or are rejected for a line-breaking character', () => {
  fc.assert(fc.property(fc.array(anyText(300), { minLength: 1, maxLength: 8, size: 'max' }), (argv) => {
    const result = renderOne((s) => s.entrypoint(argv));
    const bad = argv.findIndex((arg) => LINE_BREAKING.test(arg));
    if (argv[0] === '') {
      expect((result as Error).message).toMatch(/^Invalid entrypoint .*: an exec-form command needs at least the program to run\./s);
    } else if (bad >= 0) {
      expectRejectedForCharacter(result, `entrypoint[${bad}]`, argv[bad]);
    } else {
      expect(keywords(result as string)).toEqual(['FROM', 'ENTRYPOINT', 'USER']);
      const line = (result as string).split('\n').find((l) => l.startsWith('ENTRYPOINT '))!;
      expect(JSON.parse(line.slice('ENTRYPOINT '.length))).toEqual(argv);
    }
  }), { numRuns: RUNS });
});

test('COPY paths either stay inside their instruction, never read as a flag, or are rejected for their characters', () => {
  fc.assert(fc.property(anyText(), (value) => {
    const result = renderOne((s) => s.copy([value], '/app/'));
    if (value === '' || LINE_BREAKING.test(value) || /[$"'\\`]/.test(value)) {
      expect(result).toBeInstanceOf(Error);
      expect((result as Error).message).toMatch(/^Invalid copy source /);
      expect((result as Error).message).toMatch(value === '' ? /a path cannot be empty/ : LINE_BREAKING.test(value) ? /it contains U\+/ : /paths may not contain `\$`, quotes, backslashes or backticks/);
      return;
    }
    expect(keywords(result as string)).toEqual(['FROM', 'COPY', 'USER']);
    const copy = DockerfileParser.parse(result as string).getInstructions()[1] as any;
    expect(copy.getFlags()).toEqual([]);
  }), { numRuns: RUNS });
});

describe('shellQuote', () => {
  const values = fc.sample(anyText(), { numRuns: RUNS, seed: 4242 });
  const accepted = values.filter((v) => !LINE_BREAKING.test(v));

  test('rejects exactly the values with a line-breaking character, saying which', () => {
    for (const value of values.filter((v) => LINE_BREAKING.test(v))) {
      const bad = forbiddenCharacter(value)!;
      expect(() => shellQuote(value, 'feature')).toThrow(new Error(`Invalid feature ${describeValue(value)}: it contains ${bad}, a line break, control character `
        + `or unpaired surrogate that would end or corrupt the generated instruction. Remove ${bad} from feature.`));
    }
    expect(accepted.length).toBeGreaterThan(RUNS / 4);
  });

  test('every accepted value is one word that /bin/sh reads back unchanged', () => {
    // One shell run for all words: printf prints each argument followed by NUL.
    const cwd = tempDir('quote-');
    // A script file: one -c argument of this size would exceed the kernel's limit for a single argument.
    fs.writeFileSync(path.join(cwd, 'words.sh'), `printf '%s\\0' ${accepted.map((v) => shellQuote(v, 'feature')).join(' ')}\n`);
    const output = execFileSync('/bin/sh', ['words.sh'], { cwd, env: { PATH: '/usr/bin:/bin' }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    expect(output.split('\0').slice(0, -1)).toEqual(accepted);
  });

  test('shell-quote, a second parser, reads every accepted value back as one word', () => {
    for (const value of accepted) {
      expect(shellQuoteParse(`cargo ${shellQuote(value, 'feature')} end`)).toEqual(['cargo', value, 'end']);
    }
  });

  test('a value that starts with "-" stays one word that starts with "-"', () => {
    for (const value of accepted.filter((v) => v.startsWith('-'))) {
      expect(shellQuoteParse(shellQuote(value, 'feature'))).toEqual([value]);
    }
  });

  test('words inside a RUN instruction never add or drop an instruction', () => {
    for (const value of accepted) {
      const result = renderOne((s) => s.run([`echo ${shellQuote(value, 'feature')}`, 'true']));
      expect(keywords(result as string)).toEqual(['FROM', 'RUN', 'USER']);
    }
  });
});
