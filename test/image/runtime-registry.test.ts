import * as path from 'path';
import * as lib from '../../src';
import { DevImage, ImageRuntime, RustDockerfiles, RustServiceImage, RustWorkspaceImages, ScratchRuntime } from '../../src';
import { RUNTIMES } from '../../src/image/runtimes/registry';
import { newStack } from '../cdk/crate';
import { makeTree, pkg } from '../util';

/*
 * One list of runtimes (src/image/runtimes/registry.ts): the projen
 * variants, the messages that list runtimes and the workspace build's check
 * read it, and every runtime class the package exports is on it.
 */

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'cargo');

test('every runtime class the package exports is in the registry, once', () => {
  const exported = Object.values(lib).filter((value): value is typeof ImageRuntime => typeof value === 'function' && value.prototype instanceof ImageRuntime);
  expect(exported.map((c) => c.name).sort()).toEqual(RUNTIMES.map((entry) => entry.runtimeClass.name).sort());
  expect(new Set(RUNTIMES.map((entry) => entry.runtimeClass)).size).toBe(RUNTIMES.length);
});

test('the built-in variants and the default ones come from the registry, in its order', () => {
  expect(RustDockerfiles.BUILT_IN_VARIANTS).toEqual(['prod', 'scratch', 'alpine', 'distroless', 'dev']);
  expect(RUNTIMES.filter((e) => e.variant?.byDefault).map((e) => e.variant!.name)).toEqual(['prod', 'scratch', 'alpine', 'dev']);
});

test('a workspace service on a single-stage runtime is refused, naming the runtimes that fit', () => {
  const workspace = makeTree({ 'Cargo.toml': '[workspace]\nmembers = ["api"]\n', 'api/Cargo.toml': pkg('api'), 'api/src/main.rs': 'fn main() {}\n' });
  expect(() => new RustWorkspaceImages({ crateDirectory: workspace, services: [{ binaryName: 'api', runtime: new DevImage() }] })).toThrow(new Error(
    'Invalid services[0].runtime "DevImage": it is a single-stage build of its own. '
    + 'Use a multi-stage runtime (DebianSlimRuntime, ScratchRuntime, AlpineRuntime, DistrolessRuntime or CustomRuntime).'));
});

test('a RustServiceImage runtime that is not one of the library\'s is refused, naming them all', () => {
  const notARuntime = { port: 8080 } as unknown as ScratchRuntime;
  expect(() => new RustServiceImage(newStack(), 'Image', { crateDirectory: path.join(FIXTURES, 'single'), runtime: notARuntime })).toThrow(new Error(
    'RustServiceImage Stack/Image: Invalid runtime "[object Object]": expected a runtime of this library '
    + '(DebianSlimRuntime, ScratchRuntime, AlpineRuntime, DistrolessRuntime, DevImage or CustomRuntime). Pass one of them; CustomRuntime takes a base image of your own.'));
});
