import { CargoManifest, RustMuslImage, ScratchRuntime } from '../../src';
import { makeTree } from '../util';

describe('a virtual manifest without members', () => {
  test.each([
    ['members = []', { 'Cargo.toml': '[workspace]\nmembers = []\n' }],
    ['no members key', { 'Cargo.toml': '[workspace]\nresolver = "2"\n' }],
    ['every member excluded', { 'Cargo.toml': '[workspace]\nmembers = ["crates/*"]\nexclude = ["crates/old"]\n', 'crates/old/Cargo.toml': '[package]\nname = "old"\nversion = "0.1.0"\n', 'crates/old/src/main.rs': 'fn main() {}\n' }],
  ])('says the workspace has no members, not "add src/main.rs": %s', (_name, files) => {
    const root = makeTree(files, 'empty-workspace-');
    const message = `The Cargo workspace at ${root}/Cargo.toml has no members: [workspace].members lists no crate (or [workspace].exclude leaves none), `
      + 'and a virtual manifest has no [package] of its own, so there is nothing to build. '
      + 'Add the service\'s crate to [workspace].members (e.g. members = ["api"]), or point crateDirectory at the crate.';
    expect(CargoManifest.fromDirectory(root).packages).toEqual([]);
    expect(() => new ScratchRuntime().compose(new RustMuslImage({ crateDirectory: root }))).toThrow(new Error(message));
    expect(() => new ScratchRuntime().compose(new RustMuslImage({ crateDirectory: root, binaryName: 'api' }))).toThrow(new Error(message));
  });

  test('a package without a binary still gets the advice to add src/main.rs', () => {
    const root = makeTree({ 'Cargo.toml': '[package]\nname = "lib-only"\nversion = "0.1.0"\n', 'src/lib.rs': '' }, 'lib-only-');
    expect(() => new ScratchRuntime().compose(new RustMuslImage({ crateDirectory: root }))).toThrow(new Error(
      `No binary target found in ${root}/Cargo.toml: add src/main.rs, or a [[bin]] table with name and path, or point crateDirectory at a package that has a binary.`));
  });
});
