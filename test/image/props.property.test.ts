import * as path from 'path';
import { DockerfileParser } from 'dockerfile-ast';
import * as fc from 'fast-check';
import { FIXTURES } from './render-expected';
import { DependencyCaching, RustMuslImage, RustMuslImageProps, RuntimeOptions, ScratchRuntime } from '../../src';
import { describeValue } from '../../src/core/errors';
import { parseImageReference } from '../../src/core/image-ref';
import { forbiddenCharacter } from '../../src/core/text';
import { anyText, cargoName } from '../arbitraries';

/*
 * Every prop value either renders a Dockerfile with exactly the baseline's
 * instructions (nothing added, dropped or split), or is rejected with the
 * message for its own reason: the prop, the value, why, and the fix. The
 * expected message is spelled out per class of value, so a value rejected
 * for the wrong reason (or a reason that merely mentions the prop) fails.
 */

const BASE_BUILD: Partial<RustMuslImageProps> = { features: ['x'], cargoArgs: ['x'], buildEnvironment: { X: 'x' } };
const BASE_RUNTIME: RuntimeOptions = { labels: { x: 'x' }, environment: { X: 'x' }, command: ['x'] };

function render(builderProps: Partial<RustMuslImageProps>, runtimeProps: RuntimeOptions): string {
  const builder = new RustMuslImage({ crateDirectory: path.join(FIXTURES, 'single'), dependencyCaching: DependencyCaching.none(), ...BASE_BUILD, ...builderProps });
  return new ScratchRuntime({ ...BASE_RUNTIME, ...runtimeProps }).compose(builder).dockerfile;
}

const shape = (text: string) => DockerfileParser.parse(text).getInstructions().map((i) => i.getKeyword());
const BASELINE = shape(render({}, {}));

const SINGLE_LINE = 'a line break, control character or unpaired surrogate that would end or corrupt the generated instruction';

/** The message for a value with a character no line may hold, or undefined. */
function lineBreakError(prop: string, value: string): string | undefined {
  const bad = forbiddenCharacter(value);
  return bad === undefined ? undefined : `Invalid ${prop} ${describeValue(value)}: it contains ${bad}, ${SINGLE_LINE}. Remove ${bad} from ${prop}.`;
}

const FEATURE = /^[\p{XID_Start}\p{N}_][\p{XID_Continue}+.-]*(\??\/[\p{XID_Start}\p{N}_][\p{XID_Continue}+.-]*)?$/u;
const OWNED_CARGO_FLAGS = [
  '--target', '--target-dir', '--release', '-r', '--profile', '--manifest-path', '--package', '-p', '--bin', '--bins',
  '--workspace', '--all', '--lib', '--example', '--examples', '--test', '--tests', '--bench', '--benches', '--all-targets',
  '--features', '-F', '--no-default-features', '--locked', '--out-dir', '--artifact-dir',
];
const VARIABLE = /^[A-Za-z_][A-Za-z0-9_]{0,254}$/;
const CARGO_NAME = /^[\p{XID_Start}_][\p{XID_Continue}-]*$/u;
const LABEL_KEY = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,254}$/;
const STAGE_NAMES = /^(toolchain|sources|builder|runtime|healthcheck|accounts|chef|planner|dev)(-(amd64|arm64))?$/i;

interface PropCase {
  /** Values to try: hostile text mixed with plausible valid values. */
  readonly values: fc.Arbitrary<string>;
  readonly render: (value: string) => string;
  /** The exact message for `value`, or undefined when it must render. */
  readonly expectedError: (value: string) => string | undefined;
}

const CASES: Record<string, PropCase> = {
  'features': {
    values: fc.oneof(anyText(), cargoName(), fc.tuple(cargoName(), cargoName()).map(([a, b]) => `${a}/${b}`),
      fc.tuple(cargoName(), fc.constantFrom('/', '?/'), fc.integer({ min: 120, max: 136 })).map(([dep, sep, n]) => `${dep}${sep}${'f'.repeat(n)}`),
      fc.integer({ min: 120, max: 136 }).map((n) => 'f'.repeat(n))),
    render: (v) => render({ features: [v] }, {}),
    expectedError: (v) => (FEATURE.test(v) && v.split(/\??\//).every((part) => part.length <= 128) ? undefined
      : `Invalid features[0] ${describeValue(v)}: expected a Cargo feature name such as "rustls" or "dep/feature" (each part up to 128 characters). Fix features[0].`),
  },
  'cargoArgs': {
    values: fc.oneof(anyText(), fc.constantFrom(...OWNED_CARGO_FLAGS).chain((f) => fc.constantFrom(f, `${f}=x`))),
    render: (v) => render({ cargoArgs: [v] }, {}),
    expectedError: (v) => {
      const flag = v.split('=')[0];
      return lineBreakError('cargoArgs[0]', v) ?? (OWNED_CARGO_FLAGS.includes(flag) || /^-[pF]./.test(v)
        ? `Invalid cargoArgs[0] ${describeValue(v)}: the builder sets ${flag} itself (target, profile, package, binary, features and --locked come from their own options). `
          + 'Use the matching option (architecture, linkage, profile, binaryName, features, locked) instead.'
        : undefined);
    },
  },
  'buildEnvironment value': {
    values: anyText(),
    render: (v) => render({ buildEnvironment: { X: v } }, {}),
    expectedError: (v) => lineBreakError('buildEnvironment.X', v),
  },
  'buildEnvironment name': {
    values: fc.oneof(anyText(200), fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,40}$/).filter((n) => !/^(RUSTFLAGS|CARGO_)/.test(n))),
    render: (v) => render({ buildEnvironment: { [v]: 'x' } }, {}),
    expectedError: (v) => (VARIABLE.test(v) ? undefined
      : `Invalid buildEnvironment name ${describeValue(v)}: expected a variable name of letters, digits and "_". Change buildEnvironment name to a variable name of letters, digits and "_".`),
  },
  'label value': {
    values: anyText(),
    render: (v) => render({}, { labels: { x: v } }),
    expectedError: (v) => lineBreakError('labels.x', v),
  },
  'label key': {
    values: fc.oneof(anyText(300), fc.stringMatching(/^[a-z0-9][a-z0-9._/-]{0,60}$/)),
    render: (v) => render({}, { labels: { [v]: 'x' } }),
    expectedError: (v) => (LABEL_KEY.test(v) ? undefined
      : `Invalid labels key ${describeValue(v)}: expected a key such as "org.opencontainers.image.source". Change labels key to a key such as "org.opencontainers.image.source".`),
  },
  'environment value': {
    values: anyText(),
    render: (v) => render({}, { environment: { X: v } }),
    expectedError: (v) => lineBreakError('environment.X', v),
  },
  'command': {
    values: anyText(),
    render: (v) => render({}, { command: [v] }),
    expectedError: (v) => lineBreakError('command[0]', v),
  },
  'binaryName': {
    values: fc.oneof(anyText(), cargoName(), fc.constantFrom('single', 'build', 'deps', 'examples', 'incremental')),
    render: (v) => render({ binaryName: v }, {}),
    expectedError: (v) => {
      if (v.length > 64 || !CARGO_NAME.test(v)) {
        return `Invalid binaryName ${describeValue(v)}: cargo accepts only names of letters, digits, "_" and "-" that start with a letter or "_" (at most 64 characters here). `
          + 'Rename it to a Cargo name such as "task-api".';
      }
      if (['build', 'deps', 'examples', 'incremental'].includes(v)) {
        return `Invalid binaryName ${describeValue(v)}: cargo reserves it for a folder of the target directory (build, deps, examples, incremental). Rename the binary.`;
      }
      return v === 'single' ? undefined : `binaryName '${v}' is not a binary target of the Cargo package 'single' (${path.join(FIXTURES, 'single', 'Cargo.toml')}); `
        + 'available binaries: single. Set binaryName to one of them.';
    },
  },
  'baseImage': {
    values: fc.oneof(anyText(300), fc.stringMatching(/^[a-z0-9]+(\/[a-z0-9]+)?(:[a-z0-9.-]{1,10})?$/), fc.constantFrom('builder', 'runtime', 'builder-arm64', 'Toolchain')),
    render: (v) => render({}, { baseImage: v }),
    expectedError: (v) => {
      if (parseImageReference(v) === undefined) {
        return `Invalid baseImage ${describeValue(v)}: expected a Docker image reference: lower-case repository path, optional registry host and port, ":tag" (up to 128 characters) `
          + 'and "@sha256:<64 hex digits>", at most 255 characters before the tag. Set baseImage to e.g. "debian:trixie-slim" or "registry.example.com/team/rust:1.99.0-trixie@sha256:…".';
      }
      return STAGE_NAMES.test(v) ? `Invalid baseImage ${describeValue(v)}: the generated Dockerfile has a stage of that name, so the image would be built from its own stages. `
        + 'Use a registry reference such as "docker.io/library/ubuntu:24.04".' : undefined;
    },
  },
};

describe('no prop value can add, drop or split a Dockerfile instruction; a rejected value is rejected for its own reason', () => {
  test.each(Object.entries(CASES))('%s', (_name, c) => {
    let accepted = 0;
    let rejected = 0;
    fc.assert(fc.property(c.values, (value) => {
      const expected = c.expectedError(value);
      if (expected !== undefined) {
        rejected++;
        expect(() => c.render(value)).toThrow(new Error(expected));
      } else {
        accepted++;
        expect(shape(c.render(value))).toEqual(BASELINE);
      }
    }), { numRuns: 250 });
    // Both outcomes were exercised.
    expect(accepted).toBeGreaterThan(0);
    expect(rejected).toBeGreaterThan(0);
  });
});
