import * as path from 'path';
import * as fc from 'fast-check';
import { CargoManifest, RustMuslImage, ScratchRuntime } from '../../src';
import { cargoName } from '../arbitraries';
import { makeTree, pkg, symlink, TreeContent } from '../util';

/*
 * The Cargo model reads only inside the build context: paths in manifests
 * that resolve outside it, and symbolic links that lead outside it, are
 * errors that name the manifest, the key and the path (or the link), and no
 * byte from outside the context reaches what the library produces.
 */

const MAIN = 'fn main() {}\n';
const SECRET = 'OUTSIDE-THE-CONTEXT-0f5c';

/** A directory outside every crate, full of files a crate might link to. */
function outsideTree(): string {
  return makeTree({
    'ESCAPED.rs': `// ${SECRET}\nfn main() {}\n`,
    'Cargo.lock': `# ${SECRET}\nversion = 4\n[[package]]\nname = "svc"\nversion = "0.1.0"\n`,
    'config.toml': `# ${SECRET}\n[build]\ntarget-dir = "elsewhere"\n`,
    'api/Cargo.toml': `${pkg('api')}# ${SECRET}\n`,
    'api/src/main.rs': `// ${SECRET}\nfn main() {}\n`,
  }, 'outside-');
}

const escapeMessage = (root: string, key: string, value: string, resolved: string) =>
  `${root}/Cargo.toml: ${key} '${value}' resolves to ${resolved}, outside the build context ${root}. `
  + `Every source cargo compiles must be inside the context: move the file inside ${root}, or widen the context with buildContextDirectory.`;

/** A relative path that leaves its directory: `..` segments that outnumber the folders before them. */
const escapingPath = fc.tuple(
  fc.array(fc.constantFrom('src', 'a', 'b-c', 'ü'), { maxLength: 4 }),
  fc.integer({ min: 1, max: 6 }),
  fc.array(fc.constantFrom('x', 'ESCAPED.rs', 'y', 'main.rs'), { minLength: 1, maxLength: 3 }),
).map(([down, extraUp, tail]) => [...down, ...Array(down.length + extraUp).fill('..'), ...tail].join('/'));

describe('manifest paths that resolve outside the build context are errors naming the manifest, the key and the path', () => {
  const KEYS: Array<[string, (value: string) => string, (value: string) => string]> = [
    ['[[bin]] path', (v) => pkg('svc', `[[bin]]\nname = "svc"\npath = ${JSON.stringify(v)}\n`), () => '[[bin]] \'svc\' path'],
    ['[lib] path', (v) => pkg('svc', `[lib]\npath = ${JSON.stringify(v)}\n`), () => '[lib] path'],
    ['[[example]] path', (v) => pkg('svc', `[[example]]\nname = "demo"\npath = ${JSON.stringify(v)}\n`), () => '[[example]] \'demo\' path'],
    ['[[bench]] path', (v) => pkg('svc', `[[bench]]\nname = "speed"\npath = ${JSON.stringify(v)}\n`), () => '[[bench]] \'speed\' path'],
    ['[[test]] path', (v) => pkg('svc', `[[test]]\nname = "api"\npath = ${JSON.stringify(v)}\n`), () => '[[test]] \'api\' path'],
    ['package.build', (v) => pkg('svc', `build = ${JSON.stringify(v)}\n`), () => 'package.build'],
  ];

  test.each(KEYS)('%s "../../../../ESCAPED.rs"', (_key, manifest, key) => {
    const root = makeTree({ 'Cargo.toml': manifest('../../../../ESCAPED.rs'), 'src/main.rs': MAIN });
    expect(() => CargoManifest.fromDirectory(root)).toThrow(new Error(escapeMessage(root, key('../../../../ESCAPED.rs'), '../../../../ESCAPED.rs', path.resolve(root, '../../../../ESCAPED.rs'))));
  });

  test.each(KEYS)('%s: any path that climbs out, or an absolute path outside', (_key, manifest, key) => {
    const outside = outsideTree();
    fc.assert(fc.property(fc.oneof(escapingPath, fc.constant(path.join(outside, 'ESCAPED.rs'))), (value) => {
      const root = makeTree({ 'Cargo.toml': manifest(value), 'src/main.rs': MAIN });
      expect(() => CargoManifest.fromDirectory(root)).toThrow(new Error(escapeMessage(root, key(value), value, path.resolve(root, value))));
    }), { numRuns: 40 });
  });

  test('a path that climbs and comes back stays inside, normalized', () => {
    const root = makeTree({ 'Cargo.toml': pkg('svc', '[[bin]]\nname = "svc"\npath = "src/../app/./server.rs"\n'), 'app/server.rs': MAIN });
    expect(CargoManifest.fromDirectory(root).selectedPackage?.targets).toEqual([{ name: 'svc', kind: 'bin', path: 'app/server.rs' }]);
  });

  test('with a wider buildContextDirectory, a path outside the crate but inside the context is accepted', () => {
    const context = makeTree({ 'svc/Cargo.toml': pkg('svc', '[[bin]]\nname = "svc"\npath = "../shared/main.rs"\n'), 'shared/main.rs': MAIN });
    const manifest = CargoManifest.fromDirectory(path.join(context, 'svc'), { buildContextDirectory: context });
    expect(manifest.contextDirectory).toBe(context);
    expect(manifest.workspacePath).toBe('svc');
    expect(manifest.selectedPackage).toMatchObject({ directory: 'svc', manifestPath: 'svc/Cargo.toml', targets: [{ name: 'svc', kind: 'bin', path: '../shared/main.rs' }] });
  });

  test('a workspace member outside the context', () => {
    const outer = makeTree({ 'ws/Cargo.toml': '[workspace]\nmembers = ["../../elsewhere"]\n' });
    const root = path.join(outer, 'ws');
    expect(() => CargoManifest.fromDirectory(root)).toThrow(new Error(
      `${root}/Cargo.toml: workspace member '../../elsewhere' (${path.resolve(root, '../../elsewhere')}) is outside the build context ${root}; `
      + 'move the member below it, or widen the context with buildContextDirectory.'));
  });

  test('a path dependency outside the context, reached through a member', () => {
    const outer = makeTree({
      'ws/Cargo.toml': '[workspace]\nmembers = ["app"]\n',
      'ws/app/Cargo.toml': pkg('app', '[dependencies]\nshared = { path = "../../shared" }\n'),
      'ws/app/src/main.rs': MAIN,
      'shared/Cargo.toml': pkg('shared'),
    });
    const root = path.join(outer, 'ws');
    expect(() => CargoManifest.fromDirectory(root)).toThrow(new Error(
      `Cannot build the crate at ${root}/Cargo.toml: its workspace depends through ${root}/app/Cargo.toml on 'shared' by path '../../shared' (${outer}/shared), `
      + `which is outside the build context ${root}. cargo needs every path dependency inside the context: set buildContextDirectory to ${outer} `
      + '(it may be a monorepo root; only the crates the build needs are staged), or depend on \'shared\' by version from a registry.'));
  });
});

describe('symbolic links that leave the context', () => {
  /** Everything the library produced for a crate, as one text: the Dockerfile, the .dockerignore and every support file. */
  function producedText(crate: string): string {
    const build = new ScratchRuntime().compose(new RustMuslImage({ crateDirectory: crate }));
    return [build.dockerfile, build.dockerignore, ...build.supportFiles.map((f) => `${f.path}\n${f.content}`)].join('\n');
  }

  test('Cargo.lock linked to outside is an error naming the link, not an absent lockfile', () => {
    const outside = outsideTree();
    const root = makeTree({ 'Cargo.toml': pkg('svc'), 'src/main.rs': MAIN, 'Cargo.lock': symlink(path.join(outside, 'Cargo.lock')) });
    expect(() => CargoManifest.fromDirectory(root)).toThrow(new Error(
      `Cargo.lock (${root}/Cargo.lock) is reached through the symbolic link ${root}/Cargo.lock -> ${outside}/Cargo.lock, which leads outside the build context ${root}. `
      + 'The library never reads or stages files outside the context: replace the link with the file itself, or move the target inside the context.'));
  });

  test('a cargo config linked to outside is an error naming the link', () => {
    const outside = outsideTree();
    const root = makeTree({ 'Cargo.toml': pkg('svc'), 'Cargo.lock': 'version = 4\n', 'src/main.rs': MAIN, '.cargo/config.toml': symlink(path.join(outside, 'config.toml')) });
    expect(() => CargoManifest.fromDirectory(root)).toThrow(new Error(
      `.cargo/config.toml (${root}/.cargo/config.toml) is reached through the symbolic link ${root}/.cargo/config.toml -> ${outside}/config.toml, which leads outside the build context ${root}. `
      + 'The library never reads or stages files outside the context: replace the link with the file itself, or move the target inside the context.'));
  });

  test('the root Cargo.toml linked to outside is an error naming the link', () => {
    const outside = outsideTree();
    const root = makeTree({ 'Cargo.toml': symlink(path.join(outside, 'api', 'Cargo.toml')), 'src/main.rs': MAIN });
    expect(() => CargoManifest.fromDirectory(root)).toThrow(new Error(
      `Cargo.toml (${root}/Cargo.toml) is reached through the symbolic link ${root}/Cargo.toml -> ${outside}/api/Cargo.toml, which leads outside the build context ${root}. `
      + 'The library never reads or stages files outside the context: replace the link with the file itself, or move the target inside the context.'));
  });

  test.each<[string, (outside: string) => Record<string, TreeContent>]>([
    ['a member directory', (o) => ({ 'Cargo.toml': '[workspace]\nmembers = ["crates/api"]\n', 'crates/api': symlink(path.join(o, 'api')) })],
    ['a member\'s Cargo.toml', (o) => ({ 'Cargo.toml': '[workspace]\nmembers = ["crates/api"]\n', 'crates/api/Cargo.toml': symlink(path.join(o, 'api', 'Cargo.toml')), 'crates/api/src/main.rs': MAIN })],
  ])('%s linked to outside is an error naming the member', (_what, files) => {
    const root = makeTree(files(outsideTree()));
    expect(() => CargoManifest.fromDirectory(root)).toThrow(new Error(
      `${root}/Cargo.toml: workspace member 'crates/api' (from members entry 'crates/api') has no Cargo.toml `
      + `(or it is a symbolic link that leaves the build context ${root}); create it, or add the directory to [workspace].exclude.`));
  });

  test('a path dependency linked to outside is an error naming the dependency', () => {
    const root = makeTree({ 'Cargo.toml': pkg('svc', '[dependencies]\napi = { path = "api" }\n'), 'src/main.rs': MAIN, 'api': symlink(path.join(outsideTree(), 'api')) });
    expect(() => CargoManifest.fromDirectory(root)).toThrow(new Error(
      `Cannot build package 'svc' (${root}/Cargo.toml): ${root}/Cargo.toml depends on 'api' by path 'api', but ${root}/api has no Cargo.toml `
      + '(or it is a symbolic link that leaves the build context): fix the path of \'api\'.'));
  });

  test('a member matched by a glob but linked to outside is no member, and nothing of it reaches the Dockerfile or the support files', () => {
    const outside = outsideTree();
    const root = makeTree({
      'Cargo.toml': '[workspace]\nmembers = ["crates/*"]\n',
      'Cargo.lock': 'version = 4\n[[package]]\nname = "ok"\nversion = "0.1.0"\n',
      'crates/api': symlink(path.join(outside, 'api')),
      'crates/ok/Cargo.toml': pkg('ok'),
      'crates/ok/src/main.rs': MAIN,
      'crates/ok/src/evil.rs': symlink(path.join(outside, 'ESCAPED.rs')),
    });
    expect(CargoManifest.fromDirectory(root).packages.map((p) => p.directory)).toEqual(['crates/ok']);
    expect(producedText(root)).not.toContain(SECRET);
    expect(producedText(root)).not.toContain(outside);
  });

  test('a [[bin]] source linked to outside is not read: the skeleton holds a stub, never the linked content', () => {
    const outside = outsideTree();
    const root = makeTree({
      'Cargo.toml': pkg('svc', '[[bin]]\nname = "svc"\npath = "src/evil.rs"\n'),
      'Cargo.lock': 'version = 4\n[[package]]\nname = "svc"\nversion = "0.1.0"\n',
      'src/evil.rs': symlink(path.join(outside, 'ESCAPED.rs')),
    });
    expect(producedText(root)).not.toContain(SECRET);
  });
});

describe('names read from Cargo.toml follow cargo\'s rules', () => {
  const RULE = 'cargo accepts only names of letters, digits, "_" and "-" that start with a letter or "_" (at most 64 characters here). Rename it to a Cargo name such as "task-api".';

  test('a package name with U+2028 and a Dockerfile instruction after it', () => {
    const name = 'svc\u2028RUN touch /pwned';
    const root = makeTree({ 'Cargo.toml': pkg(name), 'src/main.rs': MAIN });
    expect(() => CargoManifest.fromDirectory(root)).toThrow(new Error(`Invalid package.name in ${root}/Cargo.toml ${JSON.stringify(name)}: ${RULE}`));
  });

  test('a [[bin]] name that starts with "--"', () => {
    const root = makeTree({ 'Cargo.toml': pkg('svc', '[[bin]]\nname = "--config=build.rustc-wrapper=/tmp/x"\npath = "src/main.rs"\n'), 'src/main.rs': MAIN });
    expect(() => CargoManifest.fromDirectory(root)).toThrow(new Error(`Invalid [[bin]] name in ${root}/Cargo.toml "--config=build.rustc-wrapper=/tmp/x": ${RULE}`));
  });

  test('a binary discovered from a file name that is no Cargo name', () => {
    const root = makeTree({ 'Cargo.toml': pkg('svc'), 'src/main.rs': MAIN, 'src/bin/-rf.rs': MAIN });
    expect(() => CargoManifest.fromDirectory(root)).toThrow(new Error(`Invalid [[bin]] name in ${root}/Cargo.toml (source src/bin/-rf.rs) "-rf": ${RULE}`));
  });

  test('a binary named like a folder of the target directory', () => {
    const root = makeTree({ 'Cargo.toml': pkg('svc', '[[bin]]\nname = "deps"\npath = "src/main.rs"\n'), 'src/main.rs': MAIN });
    expect(() => CargoManifest.fromDirectory(root)).toThrow(new Error(
      `Invalid [[bin]] name in ${root}/Cargo.toml "deps": cargo reserves it for a folder of the target directory (build, deps, examples, incremental). Rename the binary.`));
  });

  test('any package name either follows the rules and is read as it is, or is rejected with the rule', () => {
    fc.assert(fc.property(fc.oneof(cargoName(), fc.string({ maxLength: 80, size: 'max' })), (name) => {
      const root = makeTree({ 'Cargo.toml': pkg('x').replace('name = "x"', () => `name = ${JSON.stringify(name)}`), 'src/main.rs': MAIN });
      if (name.length <= 64 && /^[\p{XID_Start}_][\p{XID_Continue}-]*$/u.test(name)) {
        expect(CargoManifest.fromDirectory(root).resolveBinary()).toEqual({ packageName: name, binaryName: name, packageDirectory: '.' });
      } else {
        expect(() => CargoManifest.fromDirectory(root)).toThrow(new Error(`Invalid package.name in ${root}/Cargo.toml ${JSON.stringify(name)}: ${RULE}`));
      }
    }), { numRuns: 100 });
  });
});

describe('symbolic link loops', () => {
  test('links to a parent inside the crate: reading finishes, and a link is followed once, as cargo follows it', () => {
    // src/bin/again/main.rs is src/main.rs seen through the link: cargo discovers a binary "again" there too.
    const root = makeTree({ 'Cargo.toml': pkg('svc'), 'src/main.rs': MAIN, 'up': symlink('..'), 'src/bin/again': symlink('..') });
    expect(CargoManifest.fromDirectory(root).selectedPackage?.targets).toEqual([
      { name: 'again', kind: 'bin', path: 'src/bin/again/main.rs' },
      { name: 'svc', kind: 'bin', path: 'src/main.rs' },
    ]);
  }, 10_000);

  test('members = ["crates/**"] with two folders linking to their parent: "**" does not descend through the links', () => {
    const root = makeTree({
      'Cargo.toml': '[workspace]\nmembers = ["crates/**"]\nexclude = ["crates/a/up", "crates/b/up"]\n',
      'crates/Cargo.toml': pkg('crates-root', '[[bin]]\nname = "svc"\npath = "main.rs"\n'),
      'crates/main.rs': MAIN,
      'crates/a/Cargo.toml': pkg('a', '[lib]\npath = "lib.rs"\n'),
      'crates/a/lib.rs': '',
      'crates/a/up': symlink('..'),
      'crates/b/Cargo.toml': pkg('b', '[lib]\npath = "lib.rs"\n'),
      'crates/b/lib.rs': '',
      'crates/b/up': symlink('..'),
    });
    expect(CargoManifest.fromDirectory(root).packages.map((p) => p.directory)).toEqual(['crates', 'crates/a', 'crates/b']);
  }, 10_000);

  test('without the exclude, the links are members in their own right, once each, and reading still finishes', () => {
    const root = makeTree({
      'Cargo.toml': '[workspace]\nmembers = ["crates/**"]\n',
      'crates/Cargo.toml': pkg('crates-root', '[[bin]]\nname = "svc"\npath = "main.rs"\n'),
      'crates/main.rs': MAIN,
      'crates/a/Cargo.toml': pkg('a', '[lib]\npath = "lib.rs"\n'),
      'crates/a/lib.rs': '',
      'crates/a/up': symlink('..'),
      'crates/b/Cargo.toml': pkg('b', '[lib]\npath = "lib.rs"\n'),
      'crates/b/lib.rs': '',
      'crates/b/up': symlink('..'),
    });
    expect(CargoManifest.fromDirectory(root).packages.map((p) => p.directory)).toEqual(['crates', 'crates/a', 'crates/a/up', 'crates/b', 'crates/b/up']);
  }, 10_000);
});
