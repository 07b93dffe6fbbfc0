import * as path from 'path';
import { CargoManifest, CargoTargetKind } from '../../src/model/cargo/cargo-manifest';
import { makeTree, pkg } from '../util';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'cargo');

function fixture(name: string): string {
  return path.join(FIXTURES, ...name.split('/'));
}

/** Writes files (posix relative path -> content) below a fresh temporary directory. */
const tree = (files: Record<string, string>): string => makeTree(files, 'cargo-manifest-');

const MAIN = 'fn main() {}\n';

describe('fixtures', () => {
  test('single: one package with src/main.rs', () => {
    const manifest = CargoManifest.fromDirectory(fixture('single'));
    expect(manifest.rootDirectory).toBe(fixture('single'));
    expect(manifest.crateDirectory).toBe(fixture('single'));
    expect(manifest.isWorkspace).toBe(false);
    expect(manifest.isVirtual).toBe(false);
    expect(manifest.hasLockfile).toBe(true);
    expect(manifest.lockedPackageNames).toEqual(['single']);
    expect(manifest.hasLockedPackage('single')).toBe(true);
    expect(manifest.hasLockedPackage('serde')).toBe(false);
    expect(manifest.configFiles).toEqual([]);
    expect(manifest.packages).toEqual([{
      name: 'single',
      version: '0.1.0',
      directory: '.',
      manifestPath: 'Cargo.toml',
      targets: [{ name: 'single', kind: CargoTargetKind.BIN, path: 'src/main.rs' }],
      workspaceMember: true,
      patched: false,
      localDependencies: [],
    }]);
    expect(manifest.selectedPackage).toBe(manifest.packages[0]);
    expect(manifest.binaries()).toEqual([{ packageName: 'single', binaryName: 'single', packageDirectory: '.' }]);
    expect(manifest.resolveBinary()).toEqual({ packageName: 'single', binaryName: 'single', packageDirectory: '.' });
  });

  test('a Cargo.toml path selects its directory', () => {
    const manifest = CargoManifest.fromDirectory(path.join(fixture('single'), 'Cargo.toml'));
    expect(manifest.crateDirectory).toBe(fixture('single'));
    expect(manifest.selectedPackage?.name).toBe('single');
  });

  test('lib-bin: library named with underscores, and the binary', () => {
    const manifest = CargoManifest.fromDirectory(fixture('lib-bin'));
    expect(manifest.selectedPackage?.targets).toEqual([
      { name: 'lib_bin', kind: CargoTargetKind.LIB, path: 'src/lib.rs' },
      { name: 'lib-bin', kind: CargoTargetKind.BIN, path: 'src/main.rs' },
    ]);
    expect(manifest.resolveBinary().binaryName).toBe('lib-bin');
    expect(manifest.lockedPackageNames).toEqual(['lib-bin']);
  });

  test('multi-bin: src/main.rs, src/bin/*.rs and src/bin/*/main.rs', () => {
    const manifest = CargoManifest.fromDirectory(fixture('multi-bin'));
    expect(manifest.selectedPackage?.targets).toEqual([
      { name: 'admin', kind: CargoTargetKind.BIN, path: 'src/bin/admin.rs' },
      { name: 'multi-bin', kind: CargoTargetKind.BIN, path: 'src/main.rs' },
      { name: 'worker', kind: CargoTargetKind.BIN, path: 'src/bin/worker/main.rs' },
    ]);
    expect(manifest.selectedPackage?.defaultRun).toBeUndefined();
    expect(manifest.binaries().map((b) => b.binaryName)).toEqual(['admin', 'multi-bin', 'worker']);
    expect(manifest.resolveBinary('worker')).toEqual({ packageName: 'multi-bin', binaryName: 'worker', packageDirectory: '.' });
  });

  test('multi-bin: no binaryName and no default-run is ambiguous', () => {
    const manifest = CargoManifest.fromDirectory(fixture('multi-bin'));
    expect(() => manifest.resolveBinary()).toThrow(new Error(
      "Cargo package 'multi-bin' has several binaries (admin, multi-bin, worker); set binaryName to one of them or set `default-run` in Cargo.toml"));
  });

  test('multi-bin: an unknown binaryName lists the candidates', () => {
    const manifest = CargoManifest.fromDirectory(fixture('multi-bin'));
    expect(() => manifest.resolveBinary('server')).toThrow(new Error(
      `binaryName 'server' is not a binary target of the Cargo package 'multi-bin' (${fixture('multi-bin')}/Cargo.toml); `
      + 'available binaries: admin, multi-bin, worker. Set binaryName to one of them.'));
  });

  test('multi-bin-default-run: default-run picks the binary unless binaryName is set', () => {
    const manifest = CargoManifest.fromDirectory(fixture('multi-bin-default-run'));
    expect(manifest.selectedPackage?.defaultRun).toBe('worker');
    expect(manifest.resolveBinary()).toEqual({ packageName: 'multi-bin-default-run', binaryName: 'worker', packageDirectory: '.' });
    expect(manifest.resolveBinary('admin').binaryName).toBe('admin');
  });

  test('custom-bin-path: [[bin]] with an explicit path', () => {
    const manifest = CargoManifest.fromDirectory(fixture('custom-bin-path'));
    expect(manifest.selectedPackage?.targets).toEqual([{ name: 'server', kind: CargoTargetKind.BIN, path: 'app/server.rs' }]);
    expect(manifest.resolveBinary()).toEqual({ packageName: 'custom-bin-path', binaryName: 'server', packageDirectory: '.' });
  });

  test('build-script: build.rs is a target', () => {
    const manifest = CargoManifest.fromDirectory(fixture('build-script'));
    expect(manifest.selectedPackage?.targets).toEqual([
      { name: 'build-script', kind: CargoTargetKind.BIN, path: 'src/main.rs' },
      { name: 'build-script-build', kind: CargoTargetKind.BUILD_SCRIPT, path: 'build.rs' },
    ]);
  });

  test('workspace-member: root package plus crates/* members, excluded crate left out, versions inherited', () => {
    const manifest = CargoManifest.fromDirectory(fixture('workspace-member'));
    expect(manifest.rootDirectory).toBe(fixture('workspace-member'));
    expect(manifest.isWorkspace).toBe(true);
    expect(manifest.isVirtual).toBe(false);
    expect(manifest.lockedPackageNames).toEqual(['member-api', 'member-core', 'member-root']);
    expect(manifest.packages).toEqual([
      {
        name: 'member-root',
        version: '0.1.0',
        directory: '.',
        manifestPath: 'Cargo.toml',
        targets: [{ name: 'member-root', kind: CargoTargetKind.BIN, path: 'src/main.rs' }],
        workspaceMember: true,
        patched: false,
        localDependencies: [],
      },
      {
        name: 'member-api',
        version: '0.1.0',
        directory: 'crates/api',
        manifestPath: 'crates/api/Cargo.toml',
        targets: [{ name: 'member-api', kind: CargoTargetKind.BIN, path: 'src/main.rs' }],
        workspaceMember: true,
        patched: false,
        localDependencies: ['crates/core'],
      },
      {
        name: 'member-core',
        version: '0.1.0',
        directory: 'crates/core',
        manifestPath: 'crates/core/Cargo.toml',
        targets: [{ name: 'member_core', kind: CargoTargetKind.LIB, path: 'src/lib.rs' }],
        workspaceMember: true,
        patched: false,
        localDependencies: [],
      },
    ]);
    expect(manifest.selectedPackage?.name).toBe('member-root');
    expect(manifest.resolveBinary().binaryName).toBe('member-root');
  });

  test('workspace-member: pointing at a member finds the workspace root', () => {
    const manifest = CargoManifest.fromDirectory(fixture('workspace-member/crates/api'));
    expect(manifest.rootDirectory).toBe(fixture('workspace-member'));
    expect(manifest.crateDirectory).toBe(fixture('workspace-member/crates/api'));
    expect(manifest.isWorkspace).toBe(true);
    expect(manifest.hasLockfile).toBe(true);
    expect(manifest.packages.map((p) => p.directory)).toEqual(['.', 'crates/api', 'crates/core']);
    expect(manifest.selectedPackage?.name).toBe('member-api');
    expect(manifest.binaries()).toEqual([
      { packageName: 'member-api', binaryName: 'member-api', packageDirectory: 'crates/api' },
      { packageName: 'member-root', binaryName: 'member-root', packageDirectory: '.' },
    ]);
    expect(manifest.resolveBinary()).toEqual({ packageName: 'member-api', binaryName: 'member-api', packageDirectory: 'crates/api' });
    expect(manifest.resolveBinary('member-root').packageDirectory).toBe('.');
  });

  test('workspace-member: an excluded crate is its own root', () => {
    const manifest = CargoManifest.fromDirectory(fixture('workspace-member/crates/experimental'));
    expect(manifest.rootDirectory).toBe(fixture('workspace-member/crates/experimental'));
    expect(manifest.isWorkspace).toBe(false);
    expect(manifest.hasLockfile).toBe(false);
    expect(manifest.lockedPackageNames).toEqual([]);
    expect(manifest.packages.map((p) => [p.name, p.directory, p.workspaceMember])).toEqual([['member-experimental', '.', true]]);
  });

  test('virtual-workspace: members, example, bench and build script', () => {
    const manifest = CargoManifest.fromDirectory(fixture('virtual-workspace'));
    expect(manifest.isWorkspace).toBe(true);
    expect(manifest.isVirtual).toBe(true);
    expect(manifest.selectedPackage).toBeUndefined();
    expect(manifest.lockedPackageNames).toEqual(['virtual-core', 'virtual-server']);
    expect(manifest.packages).toEqual([
      {
        name: 'virtual-core',
        version: '0.1.0',
        directory: 'crates/core',
        manifestPath: 'crates/core/Cargo.toml',
        targets: [
          { name: 'virtual_core', kind: CargoTargetKind.LIB, path: 'src/lib.rs' },
          { name: 'demo', kind: CargoTargetKind.EXAMPLE, path: 'examples/demo.rs' },
          { name: 'speed', kind: CargoTargetKind.BENCH, path: 'benches/speed.rs' },
        ],
        workspaceMember: true,
        patched: false,
        localDependencies: [],
      },
      {
        name: 'virtual-server',
        version: '0.1.0',
        directory: 'crates/server',
        manifestPath: 'crates/server/Cargo.toml',
        targets: [
          { name: 'virtual-server', kind: CargoTargetKind.BIN, path: 'src/main.rs' },
          { name: 'build-script-build', kind: CargoTargetKind.BUILD_SCRIPT, path: 'build.rs' },
        ],
        workspaceMember: true,
        patched: false,
        localDependencies: ['crates/core'],
      },
    ]);
    expect(manifest.resolveBinary()).toEqual({ packageName: 'virtual-server', binaryName: 'virtual-server', packageDirectory: 'crates/server' });
  });

  test('virtual-workspace: a library member has no binary of its own', () => {
    const manifest = CargoManifest.fromDirectory(fixture('virtual-workspace/crates/core'));
    expect(manifest.rootDirectory).toBe(fixture('virtual-workspace'));
    expect(manifest.selectedPackage?.name).toBe('virtual-core');
    expect(() => manifest.resolveBinary()).toThrow(new Error(
      `No binary target found in ${fixture('virtual-workspace/crates/core')}/Cargo.toml: add src/main.rs, or a [[bin]] table with name and path, `
      + 'or point crateDirectory at a package that has a binary.'));
    expect(manifest.resolveBinary('virtual-server').packageDirectory).toBe('crates/server');
  });

  test('missing: names the path it looked for and what to pass', () => {
    expect(() => CargoManifest.fromDirectory(fixture('missing'))).toThrow(new Error(
      `crateDirectory '${fixture('missing')}' has no Cargo.toml: looked for ${fixture('missing')}/Cargo.toml. `
      + 'Set crateDirectory to a directory that contains Cargo.toml, or to the path of a Cargo.toml file.'));
  });

  test('a directory that does not exist', () => {
    expect(() => CargoManifest.fromDirectory(fixture('no-such-crate'))).toThrow(
      `crateDirectory '${fixture('no-such-crate')}' does not exist (looked for ${fixture('no-such-crate')}). Set crateDirectory to a directory that contains Cargo.toml`);
  });

  test('a file that is not Cargo.toml', () => {
    expect(() => CargoManifest.fromDirectory(fixture('single/src/main.rs'))).toThrow(
      `crateDirectory '${fixture('single/src/main.rs')}' is a file, not Cargo.toml or a directory.`);
  });

  test('malformed: names the file, line and column', () => {
    const file = `${fixture('malformed')}/Cargo.toml`;
    expect(() => CargoManifest.fromDirectory(fixture('malformed'))).toThrow(
      `Invalid TOML in ${file} at line 3, column 17: control characters are not allowed in strings`);
    expect(() => CargoManifest.fromDirectory(fixture('malformed'))).toThrow(`Fix the syntax of ${file}; cargo cannot read it either.`);
  });
});

describe('workspaces', () => {
  test('glob members minus exclude; files and dot-directories are not members', () => {
    const root = tree({
      'Cargo.toml': '[workspace]\nmembers = ["crates/*", "tools/cli"]\nexclude = ["crates/old"]\n',
      'crates/a/Cargo.toml': pkg('a'),
      'crates/a/src/lib.rs': '',
      'crates/b/Cargo.toml': pkg('b'),
      'crates/b/src/main.rs': MAIN,
      'crates/old/Cargo.toml': 'not toml at all [',
      'crates/.cache/README': '',
      'crates/notes.txt': '',
      'tools/cli/Cargo.toml': pkg('cli'),
      'tools/cli/src/main.rs': MAIN,
    });
    const manifest = CargoManifest.fromDirectory(root);
    expect(manifest.packages.map((p) => [p.directory, p.name, p.workspaceMember])).toEqual([
      ['crates/a', 'a', true],
      ['crates/b', 'b', true],
      ['tools/cli', 'cli', true],
    ]);
  });

  test('glob segments with ? and [...]', () => {
    const root = tree({
      'Cargo.toml': '[workspace]\nmembers = ["svc-?", "lib-[ab]"]\n',
      'svc-1/Cargo.toml': pkg('svc-1'),
      'svc-22/Cargo.toml': pkg('svc-22'),
      'lib-a/Cargo.toml': pkg('lib-a'),
      'lib-c/Cargo.toml': pkg('lib-c'),
    });
    expect(CargoManifest.fromDirectory(root).packages.map((p) => p.directory)).toEqual(['lib-a', 'svc-1']);
  });

  test('a members pattern that matches nothing', () => {
    const root = tree({ 'Cargo.toml': '[workspace]\nmembers = ["crates/*"]\n' });
    expect(() => CargoManifest.fromDirectory(root)).toThrow(
      `${root}/Cargo.toml: [workspace].members entry 'crates/*' matches no directory; fix the pattern or create the member crate.`);
  });

  test('a member directory without Cargo.toml', () => {
    const root = tree({ 'Cargo.toml': '[workspace]\nmembers = ["crates/*"]\n', 'crates/empty/README': '' });
    expect(() => CargoManifest.fromDirectory(root)).toThrow(
      `${root}/Cargo.toml: workspace member 'crates/empty' (from members entry 'crates/*') has no Cargo.toml `
      + `(or it is a symbolic link that leaves the build context ${root}); create it, or add the directory to [workspace].exclude.`);
  });

  test('a member outside the build context', () => {
    const outer = tree({ 'ws/Cargo.toml': '[workspace]\nmembers = ["../elsewhere"]\n', 'elsewhere/Cargo.toml': pkg('elsewhere') });
    const root = path.join(outer, 'ws');
    expect(() => CargoManifest.fromDirectory(root)).toThrow(new Error(
      `${root}/Cargo.toml: workspace member '../elsewhere' (${outer}/elsewhere) is outside the build context ${root}; `
      + 'move the member below it, or widen the context with buildContextDirectory.'));
  });

  test('version and edition inherited from [workspace.package], or undefined', () => {
    const root = tree({
      'Cargo.toml': '[workspace]\nmembers = ["a", "b", "c"]\n[workspace.package]\nversion = "2.3.4"\nedition = "2015"\n',
      'a/Cargo.toml': '[package]\nname = "a"\nversion.workspace = true\nedition.workspace = true\n[[bin]]\nname = "tool"\npath = "src/tool.rs"\n',
      'a/src/main.rs': MAIN,
      'b/Cargo.toml': '[package]\nname = "b"\nversion = { workspace = true }\nedition = "2021"\n[[bin]]\nname = "tool"\npath = "src/tool.rs"\n',
      'b/src/main.rs': MAIN,
      'c/Cargo.toml': '[package]\nname = "c"\n',
    });
    const manifest = CargoManifest.fromDirectory(root);
    expect(manifest.packages.map((p) => [p.name, p.version])).toEqual([['a', '2.3.4'], ['b', '2.3.4'], ['c', undefined]]);
    // Edition 2015 (inherited here) stops discovering binaries once one is declared.
    expect(manifest.packages.map((p) => p.targets.map((t) => t.name))).toEqual([['tool'], ['b', 'tool'], []]);
  });

  test('an inherited version the workspace does not define is undefined', () => {
    const root = tree({ 'Cargo.toml': '[workspace]\nmembers = ["a"]\n', 'a/Cargo.toml': '[package]\nname = "a"\nversion.workspace = true\n' });
    expect(CargoManifest.fromDirectory(path.join(root, 'a')).selectedPackage?.version).toBeUndefined();
  });

  test('an ancestor workspace that does not contain the crate is refused, as cargo refuses it', () => {
    const root = tree({
      'Cargo.toml': '[workspace]\nmembers = ["other"]\n',
      'other/Cargo.toml': pkg('other'),
      'svc/Cargo.toml': pkg('svc'),
      'svc/src/main.rs': MAIN,
    });
    expect(() => CargoManifest.fromDirectory(path.join(root, 'svc'))).toThrow(new Error(
      `${root}/svc/Cargo.toml lies below the workspace root ${root}/Cargo.toml, which does not include it, so cargo refuses to build it ("current package believes it's in a workspace when it's not"). `
      + `Add 'svc' to [workspace].members there, add it to [workspace].exclude, or give ${root}/svc/Cargo.toml an empty [workspace] table of its own.`));
  });

  test('walking up passes an ancestor workspace that excludes the crate: the crate is its own root', () => {
    const root = tree({
      'Cargo.toml': '[workspace]\nmembers = ["other"]\nexclude = ["svc"]\n',
      'other/Cargo.toml': pkg('other'),
      'svc/Cargo.toml': pkg('svc'),
      'svc/src/main.rs': MAIN,
    });
    const manifest = CargoManifest.fromDirectory(path.join(root, 'svc'));
    expect(manifest.rootDirectory).toBe(path.join(root, 'svc'));
    expect(manifest.isWorkspace).toBe(false);
  });

  test('walking up passes non-workspace manifests and finds the root', () => {
    const root = tree({
      'Cargo.toml': '[workspace]\nmembers = ["apps/outer/inner"]\n',
      'apps/outer/Cargo.toml': pkg('outer'),
      'apps/outer/inner/Cargo.toml': pkg('inner'),
      'apps/outer/inner/src/main.rs': MAIN,
    });
    const manifest = CargoManifest.fromDirectory(path.join(root, 'apps/outer/inner'));
    expect(manifest.rootDirectory).toBe(root);
    expect(manifest.isVirtual).toBe(true);
    expect(manifest.selectedPackage?.directory).toBe('apps/outer/inner');
  });

  test('package.workspace points at the root', () => {
    const root = tree({
      'Cargo.toml': '[workspace]\nmembers = ["svc"]\n',
      'svc/Cargo.toml': pkg('svc', 'workspace = ".."\n'),
      'svc/src/main.rs': MAIN,
    });
    expect(CargoManifest.fromDirectory(path.join(root, 'svc')).rootDirectory).toBe(root);
  });

  test('package.workspace pointing at a manifest without [workspace]', () => {
    const root = tree({ 'Cargo.toml': pkg('top'), 'svc/Cargo.toml': pkg('svc', 'workspace = ".."\n') });
    expect(() => CargoManifest.fromDirectory(path.join(root, 'svc'))).toThrow(
      `${root}/svc/Cargo.toml sets package.workspace = '..', but ${root}/Cargo.toml is not a workspace manifest`);
  });

  test('package.workspace pointing at a workspace that does not list the crate', () => {
    const root = tree({ 'Cargo.toml': '[workspace]\nmembers = []\n', 'svc/Cargo.toml': pkg('svc', 'workspace = ".."\n') });
    expect(() => CargoManifest.fromDirectory(path.join(root, 'svc'))).toThrow(
      `${root}/svc/Cargo.toml sets package.workspace = '..', but the workspace at ${root}/Cargo.toml does not include ${root}/svc: add 'svc' to its [workspace].members.`);
  });

  test('a member without package.name', () => {
    const root = tree({ 'Cargo.toml': '[workspace]\nmembers = ["a"]\n', 'a/Cargo.toml': '[package]\nversion = "0.1.0"\n' });
    expect(() => CargoManifest.fromDirectory(root)).toThrow(
      `${root}/a/Cargo.toml has no package.name: every crate in the build context needs a [package] table with name = "...".`);
  });

  test('config files at the root, and a lockfile with repeated names', () => {
    const root = tree({
      'Cargo.toml': pkg('svc'),
      'Cargo.lock': 'version = 4\n[[package]]\nname = "zeta"\nversion = "1.0.0"\n[[package]]\nname = "alpha"\nversion = "1.0.0"\n'
        + '[[package]]\nname = "zeta"\nversion = "2.0.0"\n',
      '.cargo/config.toml': '',
      'rust-toolchain.toml': '[toolchain]\nchannel = "1.85"\n',
    });
    const manifest = CargoManifest.fromDirectory(root);
    expect(manifest.configFiles).toEqual(['.cargo/config.toml', 'rust-toolchain.toml']);
    expect(manifest.lockedPackageNames).toEqual(['alpha', 'zeta']);
    expect(manifest.hasLockedPackage('zeta')).toBe(true);
  });

  test('legacy config file names', () => {
    const root = tree({ 'Cargo.toml': pkg('svc'), '.cargo/config': '', 'rust-toolchain': '1.85\n' });
    expect(CargoManifest.fromDirectory(root).configFiles).toEqual(['.cargo/config', 'rust-toolchain']);
  });

  test('a malformed Cargo.lock names the file', () => {
    const root = tree({ 'Cargo.toml': pkg('svc'), 'Cargo.lock': '[[package]\n' });
    expect(() => CargoManifest.fromDirectory(root)).toThrow(`Invalid TOML in ${root}/Cargo.lock at line 1`);
  });
});

describe('path dependencies', () => {
  test('found in every dependency table, transitively, and marked as non-members', () => {
    const root = tree({
      'Cargo.toml': '[workspace]\nmembers = ["app"]\n[workspace.dependencies]\nshared = { path = "libs/shared" }\n'
        + '[patch.crates-io]\nforked = { path = "vendor/forked" }\n',
      'app/Cargo.toml': pkg('app', '[dependencies]\nshared = { workspace = true }\nutil = { path = "../libs/util", version = "0.1" }\n'
        + '[dev-dependencies]\nfixtures = { path = "../libs/fixtures" }\n'
        + '[build-dependencies]\ncodegen = { path = "../libs/codegen" }\n'
        + '[target.\'cfg(unix)\'.dependencies]\nunixy = { path = "../libs/unixy" }\n'),
      'app/src/main.rs': MAIN,
      'libs/shared/Cargo.toml': pkg('shared'),
      'libs/util/Cargo.toml': pkg('util', '[dependencies]\ndeep = { path = "../deep" }\n'),
      'libs/deep/Cargo.toml': pkg('deep'),
      'libs/fixtures/Cargo.toml': pkg('fixtures'),
      'libs/codegen/Cargo.toml': pkg('codegen'),
      'libs/unixy/Cargo.toml': pkg('unixy'),
      'vendor/forked/Cargo.toml': pkg('forked'),
    });
    const manifest = CargoManifest.fromDirectory(path.join(root, 'app'));
    expect(manifest.rootDirectory).toBe(root);
    expect(manifest.packages.map((p) => [p.directory, p.workspaceMember])).toEqual([
      ['app', true],
      ['libs/codegen', false],
      ['libs/deep', false],
      ['libs/fixtures', false],
      ['libs/shared', false],
      ['libs/unixy', false],
      ['libs/util', false],
      ['vendor/forked', false],
    ]);
  });

  test('a single crate keeps path dependencies below its directory', () => {
    const root = tree({
      'Cargo.toml': pkg('svc', '[dependencies]\nhelper = { path = "helper" }\n'),
      'src/main.rs': MAIN,
      'helper/Cargo.toml': pkg('helper'),
      'helper/src/lib.rs': '',
    });
    const manifest = CargoManifest.fromDirectory(root);
    expect(manifest.isWorkspace).toBe(false);
    expect(manifest.packages.map((p) => [p.name, p.directory, p.workspaceMember])).toEqual([['svc', '.', true], ['helper', 'helper', false]]);
    expect(manifest.selectedPackage?.name).toBe('svc');
  });

  test('a crate reached only through a path dependency belongs to the enclosing workspace', () => {
    const root = tree({
      'Cargo.toml': '[workspace]\nmembers = ["app"]\n',
      'app/Cargo.toml': pkg('app', '[dependencies]\nhelper = { path = "../helper" }\n'),
      'helper/Cargo.toml': pkg('helper'),
      'helper/src/main.rs': MAIN,
    });
    const manifest = CargoManifest.fromDirectory(path.join(root, 'helper'));
    expect(manifest.rootDirectory).toBe(root);
    expect(manifest.selectedPackage).toEqual({
      name: 'helper',
      version: '0.1.0',
      directory: 'helper',
      manifestPath: 'helper/Cargo.toml',
      targets: [{ name: 'helper', kind: CargoTargetKind.BIN, path: 'src/main.rs' }],
      workspaceMember: false,
      patched: false,
      localDependencies: [],
    });
  });

  test('a path dependency outside the build context is an error that names the context to use', () => {
    const outer = tree({
      'svc/Cargo.toml': pkg('svc', '[dependencies]\nshared = { path = "../shared" }\n'),
      'svc/src/main.rs': MAIN,
      'shared/Cargo.toml': pkg('shared'),
    });
    const svc = path.join(outer, 'svc');
    expect(() => CargoManifest.fromDirectory(svc)).toThrow(new Error(
      `Cannot build package 'svc' (${svc}/Cargo.toml): it depends on 'shared' by path '../shared' (${outer}/shared), `
      + `which is outside the build context ${svc}. cargo needs every path dependency inside the context: set buildContextDirectory to ${outer} `
      + '(it may be a monorepo root; only the crates the build needs are staged), or depend on \'shared\' by version from a registry.'));
  });

  test('a path dependency without Cargo.toml is an error', () => {
    const root = tree({ 'Cargo.toml': pkg('svc', '[dependencies]\nhelper = { path = "helper" }\n') });
    expect(() => CargoManifest.fromDirectory(root)).toThrow(new Error(
      `Cannot build package 'svc' (${root}/Cargo.toml): ${root}/Cargo.toml depends on 'helper' by path 'helper', but ${root}/helper has no Cargo.toml `
      + '(or it is a symbolic link that leaves the build context): fix the path of \'helper\'.'));
  });
});

describe('targets', () => {
  test('[[bin]] entries replace discovered binaries by name or by path', () => {
    const root = tree({
      'Cargo.toml': pkg('svc', '[[bin]]\nname = "server"\npath = "src/main.rs"\n[[bin]]\nname = "admin"\npath = "tools/admin.rs"\n[[bin]]\nname = "worker"\n'),
      'src/main.rs': MAIN,
      'src/bin/admin.rs': MAIN,
      'src/bin/worker/main.rs': MAIN,
      'src/bin/notes.txt': '',
      'src/bin/empty/README': '',
      'tools/admin.rs': MAIN,
    });
    expect(CargoManifest.fromDirectory(root).selectedPackage?.targets).toEqual([
      { name: 'admin', kind: CargoTargetKind.BIN, path: 'tools/admin.rs' },
      { name: 'server', kind: CargoTargetKind.BIN, path: 'src/main.rs' },
      { name: 'worker', kind: CargoTargetKind.BIN, path: 'src/bin/worker/main.rs' },
    ]);
  });

  test('autobins, autoexamples, autotests, autobenches and autolib = false', () => {
    const root = tree({
      'Cargo.toml': pkg('svc', 'autobins = false\nautoexamples = false\nautotests = false\nautobenches = false\nautolib = false\n'
        + '[[bin]]\nname = "svc"\n[[test]]\nname = "api"\n'),
      'src/lib.rs': '',
      'src/main.rs': MAIN,
      'src/bin/extra.rs': MAIN,
      'examples/demo.rs': MAIN,
      'tests/api.rs': '',
      'tests/other.rs': '',
      'benches/speed.rs': MAIN,
    });
    expect(CargoManifest.fromDirectory(root).selectedPackage?.targets).toEqual([
      { name: 'svc', kind: CargoTargetKind.BIN, path: 'src/main.rs' },
      { name: 'api', kind: CargoTargetKind.TEST, path: 'tests/api.rs' },
    ]);
  });

  test('discovered examples, benches and tests, files and directories', () => {
    const root = tree({
      'Cargo.toml': pkg('svc', '[lib]\nname = "core_api"\npath = "lib/core.rs"\n'),
      'lib/core.rs': '',
      'examples/demo.rs': MAIN,
      'examples/tour/main.rs': MAIN,
      'benches/speed.rs': MAIN,
      'benches/load/main.rs': MAIN,
      'tests/api.rs': '',
      'tests/it/main.rs': '',
    });
    expect(CargoManifest.fromDirectory(root).selectedPackage?.targets).toEqual([
      { name: 'core_api', kind: CargoTargetKind.LIB, path: 'lib/core.rs' },
      { name: 'demo', kind: CargoTargetKind.EXAMPLE, path: 'examples/demo.rs' },
      { name: 'tour', kind: CargoTargetKind.EXAMPLE, path: 'examples/tour/main.rs' },
      { name: 'load', kind: CargoTargetKind.BENCH, path: 'benches/load/main.rs' },
      { name: 'speed', kind: CargoTargetKind.BENCH, path: 'benches/speed.rs' },
      { name: 'api', kind: CargoTargetKind.TEST, path: 'tests/api.rs' },
      { name: 'it', kind: CargoTargetKind.TEST, path: 'tests/it/main.rs' },
    ]);
  });

  test('package.build names the script; false turns build.rs off', () => {
    const custom = tree({ 'Cargo.toml': pkg('svc', 'build = "tools/gen.rs"\n'), 'tools/gen.rs': MAIN, 'build.rs': MAIN });
    expect(CargoManifest.fromDirectory(custom).selectedPackage?.targets).toEqual([
      { name: 'build-script-gen', kind: CargoTargetKind.BUILD_SCRIPT, path: 'tools/gen.rs' },
    ]);
    const off = tree({ 'Cargo.toml': pkg('svc', 'build = false\n'), 'build.rs': MAIN });
    expect(CargoManifest.fromDirectory(off).selectedPackage?.targets).toEqual([]);
  });

  test('[[bin]] without name', () => {
    const root = tree({ 'Cargo.toml': pkg('svc', '[[bin]]\npath = "src/main.rs"\n'), 'src/main.rs': MAIN });
    expect(() => CargoManifest.fromDirectory(root)).toThrow(`${root}/Cargo.toml: [[bin]] entry 1 has no name; add name = "..." to it.`);
  });

  test('[[bin]] whose source cannot be found', () => {
    const root = tree({ 'Cargo.toml': pkg('svc', '[[bin]]\nname = "tool"\n'), 'src/main.rs': MAIN });
    expect(() => CargoManifest.fromDirectory(root)).toThrow(
      `${root}/Cargo.toml: cannot find the source of [[bin]] 'tool' at src/bin/tool.rs or src/bin/tool/main.rs; create one of them or set path = "..." in the [[bin]] table.`);
  });

  test('[lib] without path and without src/lib.rs', () => {
    const root = tree({ 'Cargo.toml': pkg('svc', '[lib]\ncrate-type = ["rlib"]\n'), 'src/main.rs': MAIN });
    expect(() => CargoManifest.fromDirectory(root)).toThrow(`${root}/Cargo.toml has a [lib] table without path, and src/lib.rs does not exist`);
  });

  test('two binaries with the same name', () => {
    const root = tree({ 'Cargo.toml': pkg('svc'), 'src/bin/tool.rs': MAIN, 'src/bin/tool/main.rs': MAIN });
    expect(() => CargoManifest.fromDirectory(root)).toThrow(
      `${root}/Cargo.toml has several bin targets named 'tool' (src/bin/tool/main.rs, src/bin/tool.rs): give each [[bin]] a unique name, or remove one of the files.`);
  });
});

describe('resolveBinary', () => {
  test('a virtual workspace with several binaries lists package/bin candidates', () => {
    const root = tree({
      'Cargo.toml': '[workspace]\nmembers = ["api", "jobs"]\n',
      'api/Cargo.toml': pkg('api'),
      'api/src/main.rs': MAIN,
      'jobs/Cargo.toml': pkg('jobs'),
      'jobs/src/main.rs': MAIN,
      'jobs/src/bin/cleanup.rs': MAIN,
    });
    const manifest = CargoManifest.fromDirectory(root);
    expect(() => manifest.resolveBinary()).toThrow(new Error(
      `Cargo workspace at ${root} has several binaries (api/api, jobs/cleanup, jobs/jobs); `
      + 'set binaryName to one of the binary names, or point crateDirectory at the directory of the package that builds it.'));
    expect(manifest.resolveBinary('cleanup')).toEqual({ packageName: 'jobs', binaryName: 'cleanup', packageDirectory: 'jobs' });
    expect(() => manifest.resolveBinary('web')).toThrow(new Error(
      `binaryName 'web' is not a binary target of the Cargo workspace at ${root}; available binaries: api, cleanup, jobs. Set binaryName to one of them.`));
  });

  test('a package in a workspace names its siblings as candidates', () => {
    const manifest = CargoManifest.fromDirectory(fixture('workspace-member/crates/api'));
    expect(() => manifest.resolveBinary('nope')).toThrow(new Error(
      `binaryName 'nope' is not a binary target of the Cargo package 'member-api' or the other packages in ${fixture('workspace-member')}; `
      + 'available binaries: member-api, member-root. Set binaryName to one of them.'));
  });

  test('no binary anywhere', () => {
    const root = tree({ 'Cargo.toml': '[workspace]\nmembers = ["core"]\n', 'core/Cargo.toml': pkg('core-lib'), 'core/src/lib.rs': '' });
    const manifest = CargoManifest.fromDirectory(root);
    expect(manifest.binaries()).toEqual([]);
    const message = `No package of the Cargo workspace at ${root}/Cargo.toml has a binary target ('core-lib' in core): `
      + 'add src/main.rs or a [[bin]] table to the service\'s package, add the service\'s crate to [workspace].members, or point crateDirectory at it.';
    expect(() => manifest.resolveBinary()).toThrow(new Error(message));
    expect(() => manifest.resolveBinary('svc')).toThrow(new Error(message));
  });

  test('default-run naming a binary that does not exist', () => {
    const root = tree({ 'Cargo.toml': pkg('svc', 'default-run = "web"\n'), 'src/main.rs': MAIN, 'src/bin/admin.rs': MAIN });
    expect(() => CargoManifest.fromDirectory(root).resolveBinary()).toThrow(new Error(
      `default-run 'web' in ${root}/Cargo.toml names no binary of package 'svc' (binaries: admin, svc); fix default-run or set binaryName.`));
  });
});
