import * as fs from 'fs';
import * as path from 'path';
import { App, IgnoreStrategy, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as fc from 'fast-check';
import { makeCrate, newStack } from './crate';
import { RustMuslImage, RustServiceImage, RustWorkspaceServices, ScratchRuntime } from '../../src';
import { writeSupportFiles } from '../../src/image/context/support-files';
import { listFiles, makeTree, pkg, symlink, tempDir, walkTree, writeTree } from '../util';

/*
 * The staged build context (cloud assembly asset.<hash>) holds what the
 * context holds and nothing from outside it, whatever links the crate has;
 * writing a build never writes outside the directory it is given.
 */

const SECRET = 'OUTSIDE-THE-CONTEXT-7d21';

function outsideTree(): string {
  return makeTree({ 'secret.txt': `${SECRET}\n`, 'dir/inner.txt': `${SECRET} inner\n`, 'dir/sub/deep.rs': `// ${SECRET}\n` }, 'outside-');
}

/** Every file below the cloud assembly whose bytes hold the secret. */
function filesWithSecret(dir: string): string[] {
  return walkTree(dir).filter((e) => e.kind === 'file' && fs.readFileSync(path.join(dir, e.path), 'utf8').includes(SECRET)).map((e) => e.path);
}

/** The warnings of a stack as `[path, text]` pairs. */
function warnings(stack: Stack): Array<[string, string]> {
  return Annotations.fromStack(stack).findWarning('*', Match.anyValue()).map((w) => [w.id, String(w.entry.data)]);
}

const linkWarning = (context: string, links: string[]) => `Symbolic links that lead outside the build context ${context} (or dangle, or loop) were left out of the image's build context: `
  + `${links.join(', ')}. Nothing outside the context is ever staged. Replace a link with the file it points to if the build needs it. [ack: cdk-rust-image:symlinkOutsideContext]`;

describe('symbolic links that leave the crate never bring outside content into the staged asset', () => {
  test('a file link and a directory link at the root, absolute and relative, and a dangling link', () => {
    const outside = outsideTree();
    const crate = makeCrate({
      'secret-link': symlink(path.join(outside, 'secret.txt')),
      'dir-link': symlink(path.join(outside, 'dir')),
      'src/relative-link': symlink(`../../${path.basename(outside)}/dir`),
      'src/climb': symlink(`../../${path.basename(outside)}/secret.txt`),
      'dangling': symlink('no-such-file'),
    });
    const stack = newStack();
    const image = new RustServiceImage(stack, 'Image', { crateDirectory: crate });
    const outdir = path.dirname(image.assetDirectory);
    expect(filesWithSecret(outdir)).toEqual([]);
    expect(walkTree(image.assetDirectory).filter((e) => e.kind === 'symlink')).toEqual([]);
    expect(warnings(stack)).toEqual([['/Stack/Image', linkWarning(crate, ['dangling', 'dir-link', 'secret-link', 'src/climb', 'src/relative-link'])]]);
  });

  test('a link inside a workspace member, and a member folder linked to outside, stay out', () => {
    const outside = outsideTree();
    const crate = makeTree({
      'Cargo.toml': '[workspace]\nmembers = ["crates/*"]\n',
      'Cargo.lock': 'version = 4\n[[package]]\nname = "api"\nversion = "0.1.0"\n',
      'crates/api/Cargo.toml': pkg('api'),
      'crates/api/src/main.rs': 'fn main() {}\n',
      'crates/api/src/data': symlink(path.join(outside, 'dir')),
      'crates/api/assets/logo.txt': symlink(path.join(outside, 'secret.txt')),
      'crates/evil': symlink(path.join(outside, 'dir')),
    }, 'workspace-');
    const stack = newStack();
    const image = new RustServiceImage(stack, 'Image', { crateDirectory: crate });
    expect(filesWithSecret(path.dirname(image.assetDirectory))).toEqual([]);
    expect(image.imageBuild.supportFiles.some((f) => f.content.includes(SECRET))).toBe(false);
    expect(warnings(stack)).toEqual([['/Stack/Image', linkWarning(crate, ['crates/api/assets/logo.txt', 'crates/api/src/data', 'crates/evil'])]]);
  });

  test('RustWorkspaceServices reports its links with the same warning', () => {
    const outside = outsideTree();
    const crate = makeTree({
      'Cargo.toml': '[workspace]\nmembers = ["crates/*"]\n',
      'Cargo.lock': 'version = 4\n[[package]]\nname = "api"\nversion = "0.1.0"\n',
      'crates/api/Cargo.toml': pkg('api'),
      'crates/api/src/main.rs': 'fn main() {}\n',
      'crates/api/src/data': symlink(path.join(outside, 'dir')),
    }, 'workspace-');
    const stack = newStack();
    const services = new RustWorkspaceServices(stack, 'Services', { crateDirectory: crate, services: [{ binaryName: 'api' }] });
    expect(filesWithSecret(path.dirname(services.assetDirectory))).toEqual([]);
    expect(warnings(stack)).toEqual([['/Stack/Services', linkWarning(crate, ['crates/api/src/data'])]]);
  });

  test('any tree of links to outside, at any depth', () => {
    const outside = outsideTree();
    const segment = fc.constantFrom('src', 'a', 'b', 'assets', 'node_modules', 'target');
    const link = fc.tuple(fc.array(segment, { maxLength: 3 }), fc.constantFrom('l1', 'l2.rs', 'lib'), fc.constantFrom('secret.txt', 'dir', 'dir/sub', 'dir/sub/deep.rs'));
    fc.assert(fc.property(fc.uniqueArray(link, { minLength: 1, maxLength: 6, selector: ([dirs, name]) => [...dirs, name].join('/') }), (links) => {
      const extra = Object.fromEntries(links.map(([dirs, name, target]) => [[...dirs, name].join('/'), symlink(path.join(outside, target))]));
      const image = new RustServiceImage(newStack(), 'Image', { crateDirectory: makeCrate(extra) });
      expect(filesWithSecret(path.dirname(image.assetDirectory))).toEqual([]);
      expect(walkTree(image.assetDirectory).filter((e) => e.kind === 'symlink')).toEqual([]);
    }), { numRuns: 25 });
  });
});

describe('symbolic link loops', () => {
  test('a link to the parent inside the crate is staged as a link, without recursion; one at the root leaves the context', () => {
    const crate = makeCrate({ 'src/up': symlink('..'), 'src/self': symlink('.'), 'up': symlink('..') });
    const stack = newStack();
    const image = new RustServiceImage(stack, 'Image', { crateDirectory: crate });
    const links = walkTree(image.assetDirectory).filter((e) => e.kind === 'symlink');
    expect(links).toEqual([{ path: 'src/self', kind: 'symlink', target: '.' }, { path: 'src/up', kind: 'symlink', target: '..' }]);
    expect(warnings(stack)).toEqual([['/Stack/Image', linkWarning(crate, ['up'])]]);
  }, 20_000);

  test('members = ["crates/**"] with two folders linking to their parent: synthesis finishes, the links are staged as links', () => {
    const crate = makeTree({
      'Cargo.toml': '[workspace]\nmembers = ["crates/**"]\nexclude = ["crates/a/up", "crates/b/up"]\n',
      'Cargo.lock': 'version = 4\n',
      'crates/Cargo.toml': pkg('crates-root', '[[bin]]\nname = "svc"\npath = "main.rs"\n'),
      'crates/main.rs': 'fn main() {}\n',
      'crates/a/Cargo.toml': pkg('a', '[lib]\npath = "lib.rs"\n'),
      'crates/a/lib.rs': '',
      'crates/a/up': symlink('..'),
      'crates/b/Cargo.toml': pkg('b', '[lib]\npath = "lib.rs"\n'),
      'crates/b/lib.rs': '',
      'crates/b/up': symlink('..'),
    }, 'loops-');
    const image = new RustServiceImage(newStack(), 'Image', { crateDirectory: crate });
    expect(image.imageBuild.binaryName).toBe('svc');
    expect(walkTree(image.assetDirectory).filter((e) => e.kind === 'symlink')).toEqual([
      { path: 'crates/a/up', kind: 'symlink', target: '..' },
      { path: 'crates/b/up', kind: 'symlink', target: '..' },
    ]);
    expect(listFiles(image.assetDirectory).filter((f) => !f.startsWith('.cdk-rust-image/'))).toEqual([
      '.dockerignore', 'Cargo.lock', 'Cargo.toml', 'Dockerfile',
      'crates/Cargo.toml', 'crates/a/Cargo.toml', 'crates/a/lib.rs', 'crates/a/up', 'crates/b/Cargo.toml', 'crates/b/lib.rs', 'crates/b/up', 'crates/main.rs',
    ]);
  }, 20_000);
});

describe('.dockerignore: build output and tool folders stay out, Rust modules of any name stay in', () => {
  const EXTRA = {
    'src/target/mod.rs': 'pub fn t() {}\n',
    'src/node_modules/mod.rs': 'pub fn n() {}\n',
    'src/cdk.out/mod.rs': 'pub fn c() {}\n',
    'tools/node_modules/x.js': 'x\n',
  };

  test('the staged asset', () => {
    const image = new RustServiceImage(newStack(), 'Image', { crateDirectory: makeCrate(EXTRA) });
    const files = listFiles(image.assetDirectory);
    expect(files).toEqual(expect.arrayContaining(['src/target/mod.rs', 'src/node_modules/mod.rs', 'src/cdk.out/mod.rs']));
    expect(files.filter((f) => /^(target|node_modules|\.git)\//.test(f) || f.startsWith('tools/node_modules/'))).toEqual([]);
  });

  test('the rules Docker applies to the context (CDK\'s Docker ignore strategy, the rendered .dockerignore)', () => {
    const crate = makeCrate(EXTRA);
    const build = new ScratchRuntime().compose(new RustMuslImage({ crateDirectory: crate }));
    const patterns = build.dockerignore.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#'));
    const docker = IgnoreStrategy.docker(crate, patterns);
    const sent = (file: string) => !docker.ignores(path.join(crate, file));
    expect(['src/target/mod.rs', 'src/node_modules/mod.rs', 'src/cdk.out/mod.rs', 'src/main.rs', 'Cargo.toml', 'Cargo.lock'].filter((f) => !sent(f))).toEqual([]);
    expect(['target/release/task-api', 'node_modules/left-pad/index.js', 'tools/node_modules/x.js', '.git/HEAD', 'Dockerfile', '.dockerignore'].filter(sent)).toEqual([]);
  });

  test('in a workspace: a member\'s src/target module stays, the workspace target/ goes', () => {
    const crate = makeTree({
      'Cargo.toml': '[workspace]\nmembers = ["crates/api"]\n',
      'crates/api/Cargo.toml': pkg('api'),
      'crates/api/src/main.rs': 'mod target;\nfn main() {}\n',
      'crates/api/src/target/mod.rs': '',
      'crates/api/target/debug/stale': 'x',
      'target/release/api': 'ELF',
    }, 'ws-');
    const image = new RustServiceImage(newStack(), 'Image', { crateDirectory: path.join(crate, 'crates', 'api') });
    const files = listFiles(image.assetDirectory);
    expect(files).toContain('crates/api/src/target/mod.rs');
    expect(files.filter((f) => f.startsWith('target/'))).toEqual([]);
    // Not the workspace's target directory: cargo never writes there in a workspace, so it is the user's folder.
    expect(files).toContain('crates/api/target/debug/stale');
  });
});

describe('the cloud assembly inside the crate', () => {
  test('an outdir whose name has glob characters (cdk.out[1]) is never copied into itself', () => {
    const crate = makeCrate();
    const outdir = path.join(crate, 'cdk.out[1]');
    const first = new RustServiceImage(new Stack(new App({ outdir }), 'Stack'), 'Image', { crateDirectory: crate });
    const second = new RustServiceImage(new Stack(new App({ outdir }), 'Stack'), 'Image', { crateDirectory: crate });
    expect(second.assetHash).toBe(first.assetHash);
    expect(listFiles(second.assetDirectory).filter((f) => f.includes('cdk.out') || f.includes('asset.'))).toEqual([]);
    expect(fs.readdirSync(outdir)).toEqual([`asset.${first.assetHash}`]);
  });
});

describe('writing a build never writes outside its directory', () => {
  const build = () => new ScratchRuntime().compose(new RustMuslImage({ crateDirectory: makeCrate() }));
  const INVALID = 'expected a relative path inside the directory, with "/" separators and no "..", "." or empty segments';

  test.each([['../escaped.txt'], ['a/../../escaped.txt'], ['/tmp/escaped.txt'], ['a\\..\\..\\escaped.txt'], ['C:/escaped.txt'], ['./x'], ['a//b'], ['']])(
    'support file path %j is refused', (file) => {
      const dir = tempDir('write-');
      expect(() => writeSupportFiles(path.join(dir, 'out'), [{ path: file, content: SECRET }])).toThrow(new Error(
        `Invalid support file path ${JSON.stringify(file)}: ${INVALID}. Use a path such as "src/main.rs" for support file path.`));
      expect(filesWithSecret(dir)).toEqual([]);
    });

  test('any support file path is written inside the directory or refused', () => {
    const segment = fc.constantFrom('..', '.', '', 'a', 'b', 'c\\..', '~', '$HOME', 'é');
    fc.assert(fc.property(fc.array(segment, { minLength: 1, maxLength: 6 }), fc.boolean(), (segments, absolute) => {
      const dir = tempDir('write-');
      const out = path.join(dir, 'nested', 'out');
      const file = `${absolute ? '/' : ''}${segments.join('/')}`;
      try {
        writeSupportFiles(out, [{ path: file, content: SECRET }]);
      } catch (e) {
        expect((e as Error).message).toContain(INVALID);
      }
      expect(filesWithSecret(dir).every((f) => f.startsWith('nested/out/'))).toBe(true);
    }), { numRuns: 200 });
  });

  test('a folder of the output directory that links outside is refused, and nothing is written through it', () => {
    const outside = outsideTree();
    const dir = writeTree(tempDir('write-'), { '.cdk-rust-image': symlink(outside) });
    expect(() => build().writeTo(dir)).toThrow(new Error(
      `Invalid support file path ".cdk-rust-image/assert-static.sh": its folder is a symbolic link that leads outside ${dir}. Remove the link from the output directory.`));
    expect(listFiles(outside)).toEqual(['dir/inner.txt', 'dir/sub/deep.rs', 'secret.txt']);
  });

  test('a file of the output directory that links outside is replaced, never written through', () => {
    const outside = outsideTree();
    const dir = writeTree(tempDir('write-'), { Dockerfile: symlink(path.join(outside, 'secret.txt')) });
    const b = build();
    b.writeTo(dir);
    expect(fs.readFileSync(path.join(outside, 'secret.txt'), 'utf8')).toBe(`${SECRET}\n`);
    expect(fs.lstatSync(path.join(dir, 'Dockerfile')).isSymbolicLink()).toBe(false);
    expect(fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8')).toBe(b.dockerfile);
  });
});
