import * as path from 'path';
import { DockerfileParser } from 'dockerfile-ast';
import * as fc from 'fast-check';
import { FIXTURES } from './render-expected';
import { DependencyCaching, RustMuslImage, RustMuslImageProps, RuntimeOptions, ScratchRuntime } from '../../src';

// Arbitrary user input, biased towards what breaks Dockerfiles and shells.
const nasty = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ unit: fc.constantFrom('"', "'", '\\', '$', '\n', '\r', ' ', '#', '&', ';', '`', 'a', '-', '=', '/', ','), maxLength: 16 }),
);

function render(builderProps: Partial<RustMuslImageProps>, runtimeProps: RuntimeOptions = {}): string {
  const builder = new RustMuslImage({ crateDirectory: path.join(FIXTURES, 'single'), dependencyCaching: DependencyCaching.none(), ...builderProps });
  return new ScratchRuntime(runtimeProps).compose(builder).dockerfile;
}

const shape = (text: string) => DockerfileParser.parse(text).getInstructions().map((i) => i.getKeyword());
const BASELINE = shape(render({ features: ['x'], cargoArgs: ['x'], buildEnvironment: { X: 'x' } }, { labels: { x: 'x' }, environment: { X: 'x' }, command: ['x'] }));

function check(make: () => string, prop: RegExp): void {
  let text: string;
  try {
    text = make();
  } catch (error) {
    // Rejected: the message names the prop, shows the value and says what to do.
    expect((error as Error).message).toMatch(prop);
    return;
  }
  expect(shape(text)).toEqual(BASELINE);
}

const cases: Array<[string, (v: string) => () => string, RegExp]> = [
  ['features', (v) => () => render({ features: [v], cargoArgs: ['x'], buildEnvironment: { X: 'x' } }, { labels: { x: 'x' }, environment: { X: 'x' }, command: ['x'] }), /^Invalid features .*\. Change features to /],
  ['cargoArgs', (v) => () => render({ features: ['x'], cargoArgs: [v], buildEnvironment: { X: 'x' } }, { labels: { x: 'x' }, environment: { X: 'x' }, command: ['x'] }), /^Invalid cargo argument .*Remove the control characters/],
  ['buildEnvironment value', (v) => () => render({ features: ['x'], cargoArgs: ['x'], buildEnvironment: { X: v } }, { labels: { x: 'x' }, environment: { X: 'x' }, command: ['x'] }), /^Invalid environment variable X /],
  ['buildEnvironment name', (v) => () => render({ features: ['x'], cargoArgs: ['x'], buildEnvironment: { [v]: 'x' } }, { labels: { x: 'x' }, environment: { X: 'x' }, command: ['x'] }), /^Invalid environment variable name /],
  ['label value', (v) => () => render({ features: ['x'], cargoArgs: ['x'], buildEnvironment: { X: 'x' } }, { labels: { x: v }, environment: { X: 'x' }, command: ['x'] }), /^Invalid label x /],
  ['label key', (v) => () => render({ features: ['x'], cargoArgs: ['x'], buildEnvironment: { X: 'x' } }, { labels: { [v]: 'x' }, environment: { X: 'x' }, command: ['x'] }), /^Invalid label key /],
  ['environment value', (v) => () => render({ features: ['x'], cargoArgs: ['x'], buildEnvironment: { X: 'x' } }, { labels: { x: 'x' }, environment: { X: v }, command: ['x'] }), /^Invalid environment variable X /],
  ['command', (v) => () => render({ features: ['x'], cargoArgs: ['x'], buildEnvironment: { X: 'x' } }, { labels: { x: 'x' }, environment: { X: 'x' }, command: [v] }), /^$/],
  ['binaryName', (v) => () => render({ binaryName: v, features: ['x'], cargoArgs: ['x'], buildEnvironment: { X: 'x' } }, { labels: { x: 'x' }, environment: { X: 'x' }, command: ['x'] }), /^Invalid binaryName |binaryName/],
  ['baseImage', (v) => () => render({ features: ['x'], cargoArgs: ['x'], buildEnvironment: { X: 'x' } }, { baseImage: v, labels: { x: 'x' }, environment: { X: 'x' }, command: ['x'] }), /^Invalid baseImage /],
];

describe('no prop value can add, drop or split a Dockerfile instruction', () => {
  test.each(cases)('%s', (_name, make, prop) => {
    fc.assert(fc.property(nasty, (value) => check(make(value), prop)), { numRuns: 1000 });
  });
});
