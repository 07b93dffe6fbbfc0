import * as fc from 'fast-check';

/*
 * Generators of hostile input for the property tests, with real sizes:
 * fast-check caps a string at about ten characters unless it is told
 * `size: 'max'`, so every generator here says so and gives its own
 * `maxLength`.
 */

/** Characters that end or change Dockerfile instructions and shell words, line breaks and controls among them. */
export const HOSTILE_CHARACTERS = [
  '(', ')', '$', '`', '"', '\'', '\\', '#', ';', '&', '|', ' ', '\t', '-', '{', '}', '*', '?', '[', ']', '~', '=', '!', '%', '<', '>', '^', ',', '.', '/', ':', '@', '+',
  '\n', '\r', '\0', '\u0001', '\u001b', '\u007f', '\u0085', '\u009b', '\u2028', '\u2029', '\ud800', '\udfff',
  'a', 'Z', '0', '9', '_', 'é', 'ß', 'Ж', 'ξ', '字', '\u00a0', '😀',
];

/** Characters of valid Cargo names that are not ASCII: identifier letters of other scripts. */
export const UNICODE_LETTERS = ['é', 'ß', 'Ж', 'ж', 'ξ', 'Ω', '字', 'ñ', 'ø', 'ł'];

/** Strings of hostile characters, up to `maxLength` (2000 by default) long. */
export function hostileString(maxLength: number = 2000): fc.Arbitrary<string> {
  return fc.string({ unit: fc.constantFrom(...HOSTILE_CHARACTERS), maxLength, size: 'max' });
}

/**
 * Any text: hostile characters, any UTF-16 code unit (lone surrogates
 * included), whole graphemes, and each of them behind a leading `-`.
 */
export function anyText(maxLength: number = 2000): fc.Arbitrary<string> {
  const base = fc.oneof(
    { weight: 4, arbitrary: hostileString(maxLength) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength, size: 'max' }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength, size: 'max' }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary-ascii', maxLength, size: 'max' }) },
  );
  return fc.oneof({ weight: 5, arbitrary: base }, { weight: 1, arbitrary: base.map((s) => `-${s}`) }, { weight: 1, arbitrary: base.map((s) => `--${s}`) });
}

/**
 * Text that a single-line value may hold (no controls, line separators or
 * lone surrogates), still full of shell and Dockerfile syntax.
 */
export function singleLineText(maxLength: number = 2000): fc.Arbitrary<string> {
  return anyText(maxLength).map((s) => s.replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, ''));
}

/** Cargo package or target names: a letter or "_" first, then letters, digits, "_" and "-" of any script. */
export function cargoName(): fc.Arbitrary<string> {
  const first = fc.constantFrom('a', 'z', 'A', '_', ...UNICODE_LETTERS);
  const rest = fc.string({ unit: fc.constantFrom('a', 'q', 'Z', '0', '9', '_', '-', ...UNICODE_LETTERS), maxLength: 63, size: 'max' });
  return fc.tuple(first, rest).map(([a, b]) => `${a}${b}`)
    .filter((name) => !['build', 'deps', 'examples', 'incremental'].includes(name));
}
