import * as path from 'path';
import { RustServiceImage } from '../../src';
import { cargoCheck, cargoMetadata, dependencyLayer } from '../model/cargo-metadata';
import { MONOREPO_TREES, MonorepoTree } from '../model/monorepo-trees';
import { describeWithCargo, makeTree } from '../util';
import { newStack } from './crate';

/*
 * A synth that passes must build: for every monorepo tree, cargo itself
 * reads the staged build context and the dependency layer the skeleton
 * builds (the rendered builder stage's COPY steps replayed) exactly as it
 * reads the original tree, with full resolution against the tree's
 * Cargo.lock (`--locked`, so the normalized lockfile must still hold). What
 * the comparison leaves out, and why, is in cargo-metadata.ts.
 */

function synth(tree: MonorepoTree): { root: string; image: RustServiceImage } {
  const root = makeTree(tree.files, 'monorepo-');
  const image = new RustServiceImage(newStack(), 'Image', { crateDirectory: path.join(root, tree.crate), buildContextDirectory: root });
  return { root, image };
}

describeWithCargo('cargo metadata agrees on the original tree, the staged context and the dependency layer', () => {
  test.each(MONOREPO_TREES.map((t): [string, MonorepoTree] => [t.name, t]))('%s', (_name, tree) => {
    const { root, image } = synth(tree);
    const original = cargoMetadata(root, tree.workspace);
    // The tree is what it claims to be: cargo runs in the service's workspace, with its lockfile.
    expect(original.workspaceRoot).toBe(tree.workspace);

    expect(cargoMetadata(image.assetDirectory, tree.workspace)).toEqual(original);
    // Every source the build compiles is there (cargo metadata reads none).
    expect(() => cargoCheck(image.assetDirectory, tree.workspace)).not.toThrow();

    const layer = dependencyLayer(image.imageBuild.dockerfile, image.assetDirectory);
    expect(cargoMetadata(layer, tree.workspace, { stubbed: true })).toEqual(cargoMetadata(root, tree.workspace, { stubbed: true }));
  });
});
