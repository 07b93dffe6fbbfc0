import * as path from 'path';
import { DockerfileParser } from 'dockerfile-ast';
import * as fc from 'fast-check';
import {
  AlpineRuntime, DebianSlimRuntime, DependencyCaching, DevImage, DistrolessRuntime, RustMuslImage, RustMuslImageProps, RustToolchain,
  ImageRuntime, RuntimeUser, ScratchRuntime,
} from '../../src';
import { cargoName, singleLineText } from '../arbitraries';
import { callsOf, runInstructions, shellQuoteCommands, stubbedCalls, StubbedCall } from '../shell-check';
import { makeTree, pkg } from '../util';

/*
 * Every value that lands in a RUN line comes back, after Docker joins the
 * continuation lines and /bin/sh reads the command, as exactly one
 * unchanged argument of the program it is meant for. Each command runs with
 * stub programs that record their argv (see shell-check.ts); the
 * shell-quote package parses the same commands as a second opinion.
 */

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'cargo');
const TRIPLE = 'x86_64-unknown-linux-musl';
const CACHING = [DependencyCaching.skeleton(), DependencyCaching.none(), DependencyCaching.cacheMounts()];

/** The RUN commands of a Dockerfile, and the calls /bin/sh makes for each. */
function runAndRecord(dockerfile: string): { commands: string[]; calls: StubbedCall[] } {
  const commands = runInstructions(dockerfile).map((r) => r.command);
  return { commands, calls: stubbedCalls(commands).flat() };
}

/** The simple commands of the RUN lines, as shell-quote reads them. */
function parsedCommands(commands: string[]): string[][] {
  return commands.flatMap(shellQuoteCommands);
}

/** A builder, or undefined when the props are rejected (such values are checked by props.property.test.ts). */
function tryBuilder(props: RustMuslImageProps): RustMuslImage | undefined {
  try {
    return new RustMuslImage(props);
  } catch {
    return undefined;
  }
}

/** The service's `cargo build` calls (the dependency layer's and the final one). */
function serviceBuilds(calls: StubbedCall[]): string[][] {
  return callsOf(calls, 'cargo').filter((args) => args[0] === 'build' && args.includes('--bin'));
}

describe('the checking harness', () => {
  test('sees what a missing quote does: a split word, a command after ";", an expansion, a comment', () => {
    const [calls] = stubbedCalls(['cargo build a b;rm -rf /x && cargo $(echo sub) `echo tick` # dropped']);
    expect(calls).toEqual([
      { program: 'cargo', args: ['build', 'a', 'b'] },
      { program: 'rm', args: ['-rf', '/x'] },
      { program: 'echo', args: ['sub'] },
      { program: 'echo', args: ['tick'] },
      { program: 'cargo', args: [] },
    ]);
    expect(shellQuoteCommands('cargo build a b;rm -rf /x # dropped')).toEqual([['cargo', 'build', 'a', 'b'], ['rm', '-rf', '/x', '«{"comment":" dropped"}»']]);
  });
});

describe('cargo arguments', () => {
  test('each cargoArgs element reaches cargo build as one unchanged argument, after the builder\'s own', () => {
    fc.assert(fc.property(fc.array(singleLineText(400), { maxLength: 4, size: 'max' }), fc.constantFrom(...CACHING), (cargoArgs, caching) => {
      const builder = tryBuilder({ crateDirectory: path.join(FIXTURES, 'single'), cargoArgs, dependencyCaching: caching });
      fc.pre(builder !== undefined);
      const expected = ['build', '--release', '--locked', '--target', TRIPLE, '--bin', 'single', ...cargoArgs];
      const { commands, calls } = runAndRecord(new ScratchRuntime().compose(builder!).dockerfile);
      const builds = serviceBuilds(calls);
      expect(builds.length).toBe(caching.kind === 'skeleton' ? 2 : 1);
      for (const args of builds) expect(args).toEqual(expected);
      const parsed = parsedCommands(commands).filter((c) => c[0] === 'cargo' && c[1] === 'build' && c.includes('--bin'));
      expect(parsed).toEqual(builds.map(() => ['cargo', ...expected]));
    }), { numRuns: 100 });
  });

  test('cargo features, "dep?/feature" included, reach --features as one comma-joined argument', () => {
    const feature = fc.oneof(
      cargoName(),
      fc.tuple(cargoName(), cargoName()).map(([dep, f]) => `${dep}/${f}`),
      fc.tuple(cargoName(), cargoName()).map(([dep, f]) => `${dep}?/${f}`),
      fc.tuple(cargoName(), fc.constantFrom('+', '.', '-')).map(([f, c]) => `${f}${c}x`),
      fc.integer({ min: 0, max: 99 }).map((n) => `${n}x`),
    );
    fc.assert(fc.property(fc.array(feature, { minLength: 1, maxLength: 5 }), fc.boolean(), (features, noDefaultFeatures) => {
      const builder = new RustMuslImage({ crateDirectory: path.join(FIXTURES, 'single'), features, noDefaultFeatures, dependencyCaching: DependencyCaching.none() });
      const { commands, calls } = runAndRecord(new ScratchRuntime().compose(builder).dockerfile);
      const expected = ['build', '--release', '--locked', '--target', TRIPLE, '--bin', 'single', ...(noDefaultFeatures ? ['--no-default-features'] : []), '--features', features.join(',')];
      expect(serviceBuilds(calls)).toEqual([expected]);
      expect(parsedCommands(commands).filter((c) => c[0] === 'cargo' && c.includes('--bin'))).toEqual([['cargo', ...expected]]);
    }), { numRuns: 60 });
  });
});

describe('package and binary names read from Cargo.toml', () => {
  /** A workspace whose member has an unusual (valid) package name and binary name. */
  function workspace(packageName: string, binaryName: string): string {
    return makeTree({
      'Cargo.toml': '[workspace]\nmembers = ["member"]\n',
      'Cargo.lock': `version = 4\n[[package]]\nname = ${JSON.stringify(packageName)}\nversion = "0.1.0"\n`,
      'member/Cargo.toml': `[package]\nname = ${JSON.stringify(packageName)}\nversion = "0.1.0"\nedition = "2021"\n[[bin]]\nname = ${JSON.stringify(binaryName)}\npath = "src/main.rs"\n`,
      'member/src/main.rs': 'fn main() {}\n',
    }, 'names-');
  }

  test('reach cargo (--package, --bin), the clean-up of local crates, cp and the static check as single unchanged arguments', () => {
    fc.assert(fc.property(cargoName(), cargoName(), (packageName, binaryName) => {
      const builder = new RustMuslImage({ crateDirectory: path.join(workspace(packageName, binaryName), 'member') });
      const { commands, calls } = runAndRecord(new ScratchRuntime().compose(builder).dockerfile);
      const expected = ['build', '--release', '--locked', '--target', TRIPLE, '--package', packageName, '--bin', binaryName];
      expect(serviceBuilds(calls)).toEqual([expected, expected]);
      expect(parsedCommands(commands).filter((c) => c[0] === 'cargo' && c.includes('--bin'))).toEqual([['cargo', ...expected], ['cargo', ...expected]]);

      const artifact = `/build/target/${TRIPLE}/release/${binaryName}`;
      const hash = '?'.repeat(16);
      // The globs match nothing here, so the shell passes each pattern on as it is: one word per pattern.
      expect(callsOf(calls, 'rm').filter((args) => args.some((a) => a.startsWith('/build/')))).toEqual([
        ...['/build/target/release', `/build/target/${TRIPLE}/release`].map((dir) => ['-rf',
          `${dir}/.fingerprint/${packageName}-${hash}`, `${dir}/build/${packageName}-${hash}`,
          `${dir}/deps/${binaryName.replace(/-/g, '_')}-${hash}`, `${dir}/deps/${binaryName.replace(/-/g, '_')}-${hash}.*`, `${dir}/deps/lib${binaryName.replace(/-/g, '_')}-${hash}.*`]),
        ['-f', artifact, `${artifact}.d`],
      ]);
      expect(callsOf(calls, 'cp')).toEqual([
        [`/build/target/${TRIPLE}/release/healthcheck`, '/out/healthcheck'],
        [artifact, `/out/${binaryName}`],
      ]);
      expect(callsOf(calls, 'sh')).toEqual([
        ['/usr/local/bin/cdk-rust-image-assert-static', '/out/healthcheck'],
        ['/usr/local/bin/cdk-rust-image-assert-static', `/out/${binaryName}`],
      ]);
    }), { numRuns: 40 });
  });

  test('binaryName given as a prop reaches cargo and the dev image\'s build as one argument', () => {
    fc.assert(fc.property(cargoName(), (binaryName) => {
      const crate = workspace('svc', binaryName);
      const builder = new RustMuslImage({ crateDirectory: path.join(crate, 'member'), binaryName, dependencyCaching: DependencyCaching.none() });
      const { calls } = runAndRecord(new DevImage().compose(builder).dockerfile);
      expect(serviceBuilds(calls)).toEqual([['build', '--release', '--locked', '--package', 'svc', '--bin', binaryName]]);
    }), { numRuns: 40 });
  });
});

describe('OS packages and users', () => {
  const packageName = fc.stringMatching(/^[a-z0-9][a-z0-9.+_-]{0,40}(:[a-z0-9-]{1,10})?$/);

  test('buildPackages reach apt-get install and apk add as one argument each', () => {
    fc.assert(fc.property(fc.array(packageName, { minLength: 1, maxLength: 5 }), fc.boolean(), (buildPackages, alpine) => {
      const builder = new RustMuslImage({
        crateDirectory: path.join(FIXTURES, 'single'),
        buildPackages,
        dependencyCaching: DependencyCaching.none(),
        ...(alpine ? { toolchain: RustToolchain.alpine('1.99.0') } : {}),
      });
      const { calls } = runAndRecord(new ScratchRuntime().compose(builder).dockerfile);
      if (alpine) {
        expect(callsOf(calls, 'apk')).toEqual([['add', '--no-cache', 'musl-dev', ...buildPackages]]);
      } else {
        expect(callsOf(calls, 'apt-get').filter((a) => a[0] === 'install')).toEqual([['install', '-y', '--no-install-recommends', 'musl-tools', ...buildPackages]]);
      }
    }), { numRuns: 40 });
  });

  const userName = fc.stringMatching(/^[a-z_][a-z0-9_-]{0,31}$/).filter((n) => !['root', 'nobody', 'nonroot'].includes(n));
  const RUNTIMES: Record<string, (user: RuntimeUser) => ImageRuntime> = {
    scratch: (user) => new ScratchRuntime({ user }),
    distroless: (user) => new DistrolessRuntime({ user }),
    alpine: (user) => new AlpineRuntime({ user }),
    debianSlim: (user) => new DebianSlimRuntime({ user }),
    dev: (user) => new DevImage({ user }),
  };

  test.each(Object.keys(RUNTIMES))('user names and their passwd/group lines reach the %s image\'s commands as single arguments', (runtime) => {
    const builder = new RustMuslImage({ crateDirectory: path.join(FIXTURES, 'single'), dependencyCaching: DependencyCaching.none() });
    fc.assert(fc.property(userName, fc.integer({ min: 1000, max: 60000 }), (name, uid) => {
      const user = RuntimeUser.of({ uid, gid: uid + 1, name });
      const { calls } = runAndRecord(RUNTIMES[runtime](user).compose(builder).dockerfile);
      const printed = callsOf(calls, 'printf').map((args) => args.slice(1));
      switch (runtime) {
        case 'scratch':
          expect(printed).toEqual([['root:x:0:0:root:/root:/sbin/nologin', user.passwdLine()], ['root:x:0:', user.groupLine()]]);
          break;
        case 'distroless':
          expect(printed.map((lines) => lines[lines.length - 1])).toEqual([user.passwdLine(), user.groupLine()]);
          break;
        case 'alpine':
          expect(printed).toEqual([[user.passwdLine()], [user.groupLine()]]);
          expect(callsOf(calls, 'grep').map((args) => args[1])).toEqual([`^(${name}:|[^:]*:[^:]*:${uid}:)`, `^(${name}:|[^:]*:[^:]*:${uid + 1}:)`]);
          break;
        case 'debianSlim':
          expect(callsOf(calls, 'groupadd')).toEqual([['--system', '--gid', String(uid + 1), name]]);
          expect(callsOf(calls, 'useradd')).toEqual([['--system', '--uid', String(uid), '--gid', String(uid + 1), '--no-create-home', '--home-dir', '/nonexistent',
            '--shell', '/usr/sbin/nologin', name]]);
          break;
        case 'dev':
          expect(callsOf(calls, 'groupadd')).toEqual([['--gid', String(uid + 1), name]]);
          expect(callsOf(calls, 'useradd')).toEqual([['--uid', String(uid), '--gid', String(uid + 1), '--create-home', '--home-dir', `/home/${name}`, '--shell', '/bin/sh', name]]);
          break;
      }
    }), { numRuns: 20 });
  });
});

describe('buildEnvironment values', () => {
  test('reach their ENV line unchanged and never a RUN command', () => {
    const commandsOf = (value: string) => runInstructions(new ScratchRuntime().compose(new RustMuslImage({
      crateDirectory: path.join(FIXTURES, 'single'), buildEnvironment: { MY_SETTING: value }, dependencyCaching: DependencyCaching.none(),
    })).dockerfile).map((r) => r.command);
    const baseline = commandsOf('x');
    fc.assert(fc.property(singleLineText(), (value) => {
      const dockerfile = new ScratchRuntime().compose(new RustMuslImage({
        crateDirectory: path.join(FIXTURES, 'single'), buildEnvironment: { MY_SETTING: value }, dependencyCaching: DependencyCaching.none(),
      })).dockerfile;
      expect(runInstructions(dockerfile).map((r) => r.command)).toEqual(baseline);
      const env = DockerfileParser.parse(dockerfile).getInstructions().filter((i) => i.getKeyword() === 'ENV')
        .map((i) => (i as unknown as { getProperties(): Array<{ getName(): string; getValue(): string }> }).getProperties()[0])
        .find((p) => p.getName() === 'MY_SETTING')!;
      // dockerfile-ast keeps the escape of `$` (variable syntax); Docker drops it.
      expect(env.getValue().replace(/\\\$/g, '$')).toBe(value);
    }), { numRuns: 200 });
  });
});

describe('paths of the workspace inside a wider context', () => {
  test('a workspace folder with spaces and other scripts lands in WORKDIR and COPY as one path, never in a RUN line', () => {
    const folder = fc.string({ unit: fc.constantFrom('a', 'Z', '0', ' ', '-', '_', '.', 'é', 'Ж', '字', '(', ')', '#', '&', ';', '|'), minLength: 1, maxLength: 30, size: 'max' })
      .filter((f) => f.trim() === f && !/^\.+$/.test(f) && !f.startsWith('-'));
    fc.assert(fc.property(folder, (name) => {
      const context = makeTree({
        [`${name}/Cargo.toml`]: pkg('svc'),
        [`${name}/Cargo.lock`]: 'version = 4\n[[package]]\nname = "svc"\nversion = "0.1.0"\n',
        [`${name}/src/main.rs`]: 'fn main() {}\n',
      }, 'wide-');
      const builder = new RustMuslImage({ crateDirectory: path.join(context, name), buildContextDirectory: context });
      const dockerfile = new ScratchRuntime().compose(builder).dockerfile;
      const instructions = DockerfileParser.parse(dockerfile).getInstructions();
      const workdirs = instructions.filter((i) => i.getKeyword() === 'WORKDIR').map((i) => i.getArgumentsContent());
      expect(workdirs).toContain(/\s/.test(name) ? JSON.stringify(`/build/${name}`) : `/build/${name}`);
      const copies = instructions.filter((i) => i.getKeyword() === 'COPY').map((i) => i.getArgumentsContent());
      const skeleton = `.cdk-rust-image/skeleton/${name}/Cargo.toml`;
      expect(copies).toContain('.cdk-rust-image/skeleton/ ./');
      expect(runInstructions(dockerfile).filter((r) => r.command.includes(`/build/${name}/`))).toEqual([]);
      expect(builder.manifest._skeletonFiles().map((f) => f.path)).toContain(skeleton.slice('.cdk-rust-image/skeleton/'.length));
    }), { numRuns: 40 });
  });
});
