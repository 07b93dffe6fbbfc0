import * as path from 'path';
import { cargoMetadataError } from './cargo-metadata';
import { AXUM, EXCLUDES, MonorepoTree, NESTED, NO_ROOT, NOT_INHERITING, PATCHED_FORK } from './monorepo-trees';
import { CargoManifest, RustMuslImage, ScratchRuntime } from '../../src';
import { describeWithCargo, makeTree } from '../util';

/*
 * Path crates that belong to another workspace, as cargo sees them: each
 * inherits from its own workspace root (cargo's find_workspace_root), that
 * root is staged with the build, and the refusal without a wide enough
 * context names the route of the package being built.
 */

function read(tree: MonorepoTree, files: Record<string, string> = tree.files) {
  const root = makeTree(files, 'monorepo-');
  return { root, manifest: CargoManifest.fromDirectory(path.join(root, tree.crate), { buildContextDirectory: root }) };
}

const versions = (manifest: CargoManifest) => manifest.packages.map((p) => [p.directory, p.version]);

/** The files below `folder`. */
const prefixed = (folder: string, files: Record<string, string>) => Object.fromEntries(Object.entries(files).map(([file, content]) => [`${folder}/${file}`, content]));

describe('each path crate inherits from its own workspace root', () => {
  test('axum-shaped: the root crates take version, edition and the dependency from the root, not from examples/', () => {
    const { manifest } = read(AXUM);
    expect(versions(manifest)).toEqual([
      ['axum', '0.8.4'], ['axum-core', '0.5.2'], ['axum-macros', '0.5.0'],
      ['examples/anyhow-error-response', '0.1.0'], ['examples/todos', '0.1.0'],
    ]);
    expect(manifest.packages.find((p) => p.name === 'axum')?.localDependencies).toEqual(['axum-core', 'axum-macros']);
    expect(manifest._inheritedRoots()).toEqual([{ manifestPath: 'Cargo.toml', inheritors: ['axum', 'axum-core', 'axum-macros'], verbatim: false }]);
  });

  test('axum-shaped: the root manifest is normalized into the skeleton like the others', () => {
    const root = read(AXUM).manifest._skeletonFiles().find((f) => f.path === 'Cargo.toml');
    expect(root?.content).toBe([
      '[workspace]', 'members = [ "axum", "axum-*" ]', 'exclude = [ "examples" ]', 'resolver = "2"', '',
      '[workspace.package]', 'version = "0.0.0"', 'rust-version = "1.78"', 'edition = "2021"', '',
      '[workspace.dependencies.axum-core]', 'path = "axum-core"', '',
      '[workspace.lints.rust]', 'unsafe_code = "forbid"', '',
    ].join('\n'));
  });

  test('axum-shaped: the root Cargo.toml enters the context, the rest of the root does not', () => {
    const { root } = read(AXUM);
    const build = new ScratchRuntime().compose(new RustMuslImage({ crateDirectory: path.join(root, AXUM.crate), buildContextDirectory: root }));
    expect(build._contextIncludes).toEqual(['.cdk-rust-image/', 'Cargo.toml', 'axum-core/', 'axum-macros/', 'axum/', 'examples/']);
    expect(build.dockerignore).toContain('\n*\n!/.cdk-rust-image/\n!/Cargo.toml\n!/axum-core/\n');
  });

  test('nested workspaces: the nearest root, a package.workspace pointer, and a root package whose targets enter the context', () => {
    const { root, manifest } = read(NESTED);
    expect(versions(manifest)).toEqual([['crates/util', '5.0.0'], ['extras/pointed', '3.0.0'], ['platform/core', '3.0.0'], ['services/gateway', '0.1.0']]);
    // platform/'s [workspace.dependencies] path is relative to platform/.
    expect(manifest.packages.find((p) => p.name === 'core-lib')?.localDependencies).toEqual(['crates/util']);
    expect(manifest._inheritedRoots().map((r) => [r.manifestPath, r.inheritors, r.rootPackage?.targets])).toEqual([
      ['Cargo.toml', ['crates/util'], [{ name: 'monorepo', kind: 'lib', path: 'src/lib.rs' }]],
      ['platform/Cargo.toml', ['extras/pointed', 'platform/core'], undefined],
    ]);
    const skeleton = manifest._skeletonFiles().map((f) => f.path);
    expect(skeleton).toEqual(expect.arrayContaining(['Cargo.toml', 'src/lib.rs', 'platform/Cargo.toml']));
    const build = new ScratchRuntime().compose(new RustMuslImage({ crateDirectory: path.join(root, NESTED.crate), buildContextDirectory: root }));
    expect(build._contextIncludes).toEqual(['.cdk-rust-image/', 'Cargo.toml', 'crates/util/', 'extras/pointed/', 'platform/Cargo.toml', 'platform/core/', 'services/', 'src/lib.rs']);
  });

  test('a root with exclude: an excluded crate is in no workspace and inherits nothing; the service is its own root', () => {
    const { manifest } = read(EXCLUDES);
    expect(manifest.workspacePath).toBe('services/api');
    expect(versions(manifest)).toEqual([['libs/legacy', '0.3.0'], ['libs/shared', '2.1.0'], ['libs/util', '2.1.0'], ['services/api', '0.1.0']]);
    expect(manifest._inheritedRoots().map((r) => [r.manifestPath, r.inheritors])).toEqual([['Cargo.toml', ['libs/shared', 'libs/util']]]);
  });

  test('no workspace at the root: nothing to stage but the crates', () => {
    const { manifest } = read(NO_ROOT);
    expect(versions(manifest)).toEqual([['libs/fmt', '0.9.0'], ['libs/money', '1.0.0'], ['services/billing/api', '0.1.0']]);
    expect(manifest._inheritedRoots()).toEqual([]);
  });

  test('a crate of the root workspace that inherits nothing: the root is not staged', () => {
    expect(read(NOT_INHERITING).manifest._inheritedRoots()).toEqual([]);
  });

  test('a path crate that inherits nothing needs no root: none is looked for, so a broken Cargo.toml above the context is never read', () => {
    const outer = makeTree({ 'Cargo.toml': 'this is [not toml\n', ...prefixed('repo', NO_ROOT.files) }, 'monorepo-');
    const root = path.join(outer, 'repo');
    const manifest = CargoManifest.fromDirectory(path.join(root, NO_ROOT.crate), { buildContextDirectory: root });
    expect(versions(manifest)).toEqual([['libs/fmt', '0.9.0'], ['libs/money', '1.0.0'], ['services/billing/api', '0.1.0']]);
  });

  test('a patched fork\'s root is staged as it is, and the versions taken from it stay in Cargo.lock', () => {
    const { manifest } = read(PATCHED_FORK);
    expect(manifest._inheritedRoots()).toEqual([{ manifestPath: 'forks/itoa-repo/Cargo.toml', inheritors: ['forks/itoa-repo/itoa', 'forks/itoa-repo/itoa-fmt'], verbatim: true }]);
    const skeleton = Object.fromEntries(manifest._skeletonFiles().map((f) => [f.path, f.content]));
    expect(skeleton['forks/itoa-repo/Cargo.toml']).toBe(PATCHED_FORK.files['forks/itoa-repo/Cargo.toml']);
    expect(skeleton['services/Cargo.lock']).toContain('name = "itoa-fmt"\nversion = "1.0.99"\n');
    expect(skeleton['services/Cargo.lock']).toContain('name = "api"\nversion = "0.0.0"\n');
  });
});

/** Trees cargo refuses too: the library says why, and what to do, at synth. */
const REFUSED: Array<[string, MonorepoTree, (root: string) => string, string]> = [
  ['an excluded crate that inherits', {
    ...EXCLUDES,
    files: { ...EXCLUDES.files, 'libs/legacy/Cargo.toml': '[package]\nname = "legacy"\nversion = "0.3.0"\nedition.workspace = true\n' },
  }, (root) => `${root}/libs/legacy/Cargo.toml inherits package.edition from its workspace (workspace = true), but no Cargo.toml with [workspace] above ${root}/libs/legacy includes it, `
    + 'so cargo fails with "failed to find a workspace root". Give package.edition a value of its own in '
    + `${root}/libs/legacy/Cargo.toml, or make the crate part of a workspace (set package.workspace, or move it below the workspace root and out of its exclude list).`,
  'failed to find a workspace root'],
  ['a crate in no workspace that inherits a dependency', {
    ...NO_ROOT,
    files: { ...NO_ROOT.files, 'libs/money/Cargo.toml': '[package]\nname = "money"\nversion = "1.0.0"\nedition = "2021"\n\n[dependencies]\nfmt = { workspace = true }\n' },
  }, (root) => `${root}/libs/money/Cargo.toml inherits the dependency 'fmt' from its workspace (workspace = true), but no Cargo.toml with [workspace] above ${root}/libs/money includes it, `
    + 'so cargo fails with "failed to find a workspace root". Give the dependency \'fmt\' a value of its own in '
    + `${root}/libs/money/Cargo.toml, or make the crate part of a workspace (set package.workspace, or move it below the workspace root and out of its exclude list).`,
  'failed to find a workspace root'],
];

describe('trees cargo refuses are refused at synth, naming the crate, what it inherits and the fix', () => {
  test.each(REFUSED)('%s', (_name, tree, message) => {
    const root = makeTree(tree.files, 'monorepo-');
    expect(() => CargoManifest.fromDirectory(path.join(root, tree.crate), { buildContextDirectory: root })).toThrow(new Error(message(root)));
  });

  test('a root outside the build context: widen the context (only the root\'s Cargo.toml is added)', () => {
    // The service and the crates under sub/, the root they inherit from above it.
    const narrow = makeTree({
      ...Object.fromEntries(Object.entries(EXCLUDES.files).filter(([file]) => file !== 'Cargo.toml').map(([file, content]) => [`sub/${file}`, content])),
      'Cargo.toml': EXCLUDES.files['Cargo.toml'].replace('members = ["libs/*"]', 'members = ["sub/libs/*"]').replace('"libs/legacy", "services"', '"sub/libs/legacy", "sub/services"').replace('path = "libs/util"', 'path = "sub/libs/util"'),
    }, 'monorepo-');
    const sub = path.join(narrow, 'sub');
    expect(() => CargoManifest.fromDirectory(path.join(sub, 'services', 'api'), { buildContextDirectory: sub })).toThrow(new Error(
      `${sub}/libs/shared/Cargo.toml inherits package.version from the workspace root ${narrow}/Cargo.toml, which is outside the build context ${sub}: cargo reads that manifest to load the crate. `
      + `Set buildContextDirectory to ${narrow} or a directory above it (only the root's Cargo.toml is added to the context).`));
  });
});

describeWithCargo('cargo refuses those trees too', () => {
  test.each(REFUSED)('%s', (_name, tree, _message, cargoSays) => {
    const root = makeTree(tree.files, 'monorepo-');
    expect(cargoMetadataError(root, tree.workspace)).toContain(cargoSays);
  });
});

describe('without a wide enough context, the refusal names the route of the package being built', () => {
  test('axum-shaped, todos: its own dependency on axum, not another example\'s', () => {
    const root = makeTree(AXUM.files, 'monorepo-');
    const todos = path.join(root, 'examples', 'todos');
    expect(() => CargoManifest.fromDirectory(todos)).toThrow(new Error(
      `Cannot build package 'todos' (${todos}/Cargo.toml): it depends on 'axum' by path '../../axum' (${root}/axum), which is outside the build context ${root}/examples. `
      + `cargo needs every path dependency inside the context: set buildContextDirectory to ${root} (it may be a monorepo root; only the crates the build needs are staged), or depend on 'axum' by version from a registry.`));
  });

  test('through a crate of its workspace: the route, and the manifest that names the path', () => {
    const root = makeTree({
      ...AXUM.files,
      'examples/todos/Cargo.toml': '[package]\nname = "todos"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\nhelpers = { path = "../helpers" }\n',
      'examples/helpers/Cargo.toml': '[package]\nname = "helpers"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\naxum = { path = "../../axum" }\n',
      'examples/helpers/src/lib.rs': '',
    }, 'monorepo-');
    const todos = path.join(root, 'examples', 'todos');
    expect(() => CargoManifest.fromDirectory(todos)).toThrow(new Error(
      `Cannot build package 'todos' (${todos}/Cargo.toml): it depends through todos -> helpers on 'axum' by path '../../axum' in ${root}/examples/helpers/Cargo.toml (${root}/axum), which is outside the build context ${root}/examples. `
      + `cargo needs every path dependency inside the context: set buildContextDirectory to ${root} (it may be a monorepo root; only the crates the build needs are staged), or depend on 'axum' by version from a registry.`));
  });

  test('a package that does not need it: the member that does (cargo loads every member)', () => {
    const root = makeTree({
      ...AXUM.files,
      'examples/todos/Cargo.toml': '[package]\nname = "todos"\nversion = "0.1.0"\nedition = "2021"\n',
    }, 'monorepo-');
    const todos = path.join(root, 'examples', 'todos');
    expect(() => CargoManifest.fromDirectory(todos)).toThrow(new Error(
      `Cannot build package 'todos' (${todos}/Cargo.toml): its workspace depends through ${root}/examples/anyhow-error-response/Cargo.toml on 'axum' by path '../../axum' (${root}/axum), which is outside the build context ${root}/examples. `
      + `cargo needs every path dependency inside the context: set buildContextDirectory to ${root} (it may be a monorepo root; only the crates the build needs are staged), or depend on 'axum' by version from a registry.`));
  });
});
