import { awscdk } from 'projen';

/*
 * The layers of src/, one direction each, enforced by eslint's
 * import/no-restricted-paths: an upward import fails the build (the test
 * test/layers.test.ts shows it). See "Architecture" in the README.
 *
 *   core -> (model | dockerfile) -> image -> local -> (cdk | projen)
 *
 * and inside image: build-warning, context -> builder -> invocation -> cross ->
 * stages -> caching -> rust-musl-image -> advice, image-build -> runtimes,
 * workspace. rust-musl-image.ts, the builder, sits above the cross and caching
 * strategies whose checks it runs; the folders below it know it by type only
 * (`import type`, which import/no-cycle lets through, where a value import
 * would make a cycle and fail it).
 */

interface Zone {
  readonly target: string;
  readonly from: string[];
  readonly message: string;
}

const IMAGE_ORDER = ['context', 'builder', 'invocation', 'cross', 'stages', 'caching'];
const BUILDER = './src/image/rust-musl-image.ts';
const IMAGE_TOP = ['./src/image/advice.ts', './src/image/image-build.ts', './src/image/runtimes', './src/image/workspace'];

/** Every (target, forbidden sources) pair of the layer rules. */
export function layerZones(): Zone[] {
  const zones: Zone[] = [
    { target: './src/core', from: ['./src/model', './src/dockerfile', './src/image', './src/local', './src/cdk', './src/projen', './src/index.ts'], message: 'core is the bottom layer: it imports nothing of ours.' },
    { target: './src/model', from: ['./src/dockerfile', './src/image', './src/local', './src/cdk', './src/projen'], message: 'model may import only core.' },
    { target: './src/dockerfile', from: ['./src/model', './src/image', './src/local', './src/cdk', './src/projen'], message: 'dockerfile may import only core.' },
    { target: './src/image', from: ['./src/local', './src/cdk', './src/projen'], message: 'image may not import the local stack or the wiring layers (cdk, projen).' },
    { target: './src/local', from: ['./src/cdk', './src/projen', './src/dockerfile'], message: 'local renders the compose stack from image builds: it needs neither CDK nor projen, and never writes Dockerfile syntax.' },
    { target: './src/cdk', from: ['./src/projen', './src/dockerfile'], message: 'cdk wires images; it never writes Dockerfile syntax and does not know projen.' },
    { target: './src/projen', from: ['./src/cdk', './src/dockerfile'], message: 'projen wires images; it never writes Dockerfile syntax and does not know the CDK constructs.' },
  ];
  IMAGE_ORDER.forEach((folder, i) => {
    const above = [...IMAGE_ORDER.slice(i + 1).map((f) => `./src/image/${f}`), ...IMAGE_TOP];
    zones.push({ target: `./src/image/${folder}`, from: above, message: `image/${folder} may import only the image folders below it (${IMAGE_ORDER.slice(0, i).join(', ') || 'none'}).` });
  });
  zones.push({ target: BUILDER, from: IMAGE_TOP, message: 'the builder (rust-musl-image.ts) may not import what composes images from it.' });
  zones.push({ target: './src/image/build-warning.ts', from: ['./src/image'], message: 'build-warning is a leaf.' });
  return zones;
}

/**
 * Outside src/: the tools around the package. devtools/ holds what tests,
 * benchmarks and the README scripts share (the engine harness, the verified
 * paths, the benchmark's result types); nothing imports test code, and the
 * package imports none of them.
 */
export function toolZones(): Zone[] {
  return [
    { target: './src', from: ['./test', './bench', './scripts', './devtools', './examples'], message: 'src is the package: it imports none of the repository\'s tools.' },
    { target: './devtools', from: ['./test', './bench', './scripts'], message: 'devtools is what tests, benchmarks and scripts share: it imports none of them.' },
    { target: './bench', from: ['./test'], message: 'bench imports what it shares with the tests from devtools/, never test code.' },
    { target: './scripts', from: ['./test', './bench'], message: 'scripts import devtools/ (and src), never test or bench code (bench regenerates the README through scripts: the other way is a cycle).' },
  ];
}

export function configureLayers(project: awscdk.AwsCdkConstructLibrary): void {
  project.eslint?.addRules({
    'import/no-restricted-paths': ['error', { zones: [...layerZones(), ...toolZones()] }],
    // Type-only imports are not followed: the builder's type is known below it (see above).
    'import/no-cycle': ['error', { ignoreExternal: true }],
  });
}
