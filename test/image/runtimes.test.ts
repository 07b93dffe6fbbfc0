import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DockerfileParser } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';
import { FIXTURES, libBinBuilder, runtimesUnderTest } from './render-expected';
import {
  AlpineRuntime, Architecture, DebianSlimRuntime, DependencyCaching, DevImage, DistrolessRuntime, HealthCheck,
  Linkage, RustMuslImage, RuntimeUser, RustToolchain, ScratchRuntime,
} from '../../src';

describe('exact render of every runtime (lib-bin fixture, musl, x86_64)', () => {
  test.each(Object.keys(runtimesUnderTest()))('%s', (name) => {
    const expected = fs.readFileSync(path.join(__dirname, 'expected', `${name}.Dockerfile`), 'utf8');
    expect(runtimesUnderTest()[name].compose(libBinBuilder()).dockerfile).toBe(expected);
  });
});

test('rendering is deterministic', () => {
  for (const runtime of Object.values(runtimesUnderTest())) {
    expect(runtime.compose(libBinBuilder()).dockerfile).toBe(runtime.compose(libBinBuilder()).dockerfile);
  }
});

function finalStage(text: string) {
  const stages = DockerfileParser.parse(text).getFROMs().length;
  const instructions = DockerfileParser.parse(text).getInstructions();
  const lastFrom = instructions.map((i) => i.getKeyword()).lastIndexOf('FROM');
  return { stages, instructions: instructions.slice(lastFrom) };
}

describe('every runtime ends non-root, exposed, health-checked, with an exec-form entrypoint', () => {
  test.each(Object.keys(runtimesUnderTest()))('%s', (name) => {
    const build = runtimesUnderTest()[name].compose(libBinBuilder());
    const { instructions } = finalStage(build.dockerfile);
    const keywords = instructions.map((i) => i.getKeyword());
    const args = (keyword: string) => instructions.filter((i) => i.getKeyword() === keyword).map((i) => i.getArgumentsContent());
    expect(args('USER')).toEqual([build.user.spec]);
    expect(build.user.isRoot).toBe(false);
    expect(args('EXPOSE')).toEqual([`${build.port}/tcp`]);
    expect(args('HEALTHCHECK')[0]).toContain(`http://127.0.0.1:${build.port}/health`);
    expect(args('ENTRYPOINT')[0]).toMatch(/^\["\/app\/.*lib-bin"\]$/);
    expect(keywords.indexOf('USER')).toBeLessThan(keywords.indexOf('ENTRYPOINT'));
    expect(args('LABEL')).toContain('org.opencontainers.image.title="lib-bin"');
  });
});

test('scratch carries the probe, CA certificates and the user database', () => {
  const build = new ScratchRuntime({ user: RuntimeUser.of({ uid: 10001, gid: 10002, name: 'svc' }) }).compose(libBinBuilder());
  expect(build.supportFiles.map((f) => f.path).sort()).toEqual([
    '.cdk-rust-image/assert-static.sh',
    '.cdk-rust-image/healthcheck/Cargo.lock',
    '.cdk-rust-image/healthcheck/Cargo.toml',
    '.cdk-rust-image/healthcheck/src/main.rs',
  ]);
  // The user database comes from a stage of its own, not from the build context.
  expect(build.dockerfile).toContain([
    'FROM toolchain AS accounts',
    '# The user database scratch lacks, for the runtime user',
    'RUN \\',
    '    mkdir -p /accounts/etc \\',
    "    && printf '%s\\n' root:x:0:0:root:/root:/sbin/nologin svc:x:10001:10002:svc:/nonexistent:/sbin/nologin > /accounts/etc/passwd \\",
    "    && printf '%s\\n' root:x:0: svc:x:10002: > /accounts/etc/group",
  ].join('\n'));
  expect(build.dockerfile).toContain('COPY --from=accounts /accounts/etc/ /etc/\n');
  expect(build.dockerfile).toContain('COPY --from=builder /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt\n');
  expect(build.dockerfile).toContain('USER 10001:10002\n');
});

test('the .dockerignore keeps Dockerfiles out of COPY, so runtime-only changes leave the compile step cached', () => {
  const ignore = new ScratchRuntime().compose(libBinBuilder()).dockerignore.split('\n');
  expect(ignore).toEqual(expect.arrayContaining(['target/', '**/target/', '.git/', 'node_modules/', 'cdk.out/', 'Dockerfile', 'Dockerfile.*', '.dockerignore']));
});

test('exec health checks run the app\'s own command and need no probe', () => {
  const build = new ScratchRuntime({ healthCheck: HealthCheck.exec(['/app/lib-bin', 'healthcheck'], { retries: 5 }) }).compose(libBinBuilder());
  expect(build.dockerfile).toContain('HEALTHCHECK --interval=30s --timeout=3s --start-period=5s --retries=5 CMD ["/app/lib-bin", "healthcheck"]\n');
  expect(build.dockerfile).not.toContain('AS healthcheck');
  expect(build.supportFiles.map((f) => f.path)).not.toContain('.cdk-rust-image/healthcheck/src/main.rs');
});

test('HealthCheck.none() disables the check', () => {
  const build = new DebianSlimRuntime({ healthCheck: HealthCheck.none() }).compose(libBinBuilder());
  expect(build.dockerfile).toContain('HEALTHCHECK NONE\n');
  expect(build.dockerfile).not.toContain('AS healthcheck');
});

test('a health check on its own port probes that port', () => {
  const build = new ScratchRuntime({ port: 8080, healthCheck: HealthCheck.http('/ready', { port: 9090 }) }).compose(libBinBuilder());
  expect(build.dockerfile).toContain('CMD ["/usr/local/bin/healthcheck", "http://127.0.0.1:9090/ready"]');
});

test('static glibc adds crt-static to RUSTFLAGS and needs no musl tools', () => {
  const builder = new RustMuslImage({ crateDirectory: path.join(FIXTURES, 'single'), linkage: Linkage.GLIBC_STATIC, dependencyCaching: DependencyCaching.none() });
  const text = new ScratchRuntime().compose(builder).dockerfile;
  expect(text).toContain('ENV RUSTFLAGS="-C target-feature=+crt-static"\n');
  expect(text).toContain('--target x86_64-unknown-linux-gnu');
  expect(text).not.toContain('musl-tools');
  expect(text).not.toContain('rustup target add');
});

test('a custom toolchain that declares its targets gets no rustup or apt step', () => {
  const builder = new RustMuslImage({
    crateDirectory: path.join(FIXTURES, 'single'),
    toolchain: RustToolchain.custom({ image: 'registry.internal/rust:1.95', installedTargets: ['x86_64-unknown-linux-musl'] }),
    dependencyCaching: DependencyCaching.none(),
  });
  const text = new ScratchRuntime().compose(builder).dockerfile;
  expect(text).toContain('FROM registry.internal/rust:1.95 AS toolchain\n');
  expect(text).not.toContain('rustup');
  expect(text).not.toContain('apt-get');
});

test('the alpine toolchain installs musl-dev with apk', () => {
  const builder = new RustMuslImage({ crateDirectory: path.join(FIXTURES, 'single'), toolchain: RustToolchain.alpine('1.95'), dependencyCaching: DependencyCaching.none(), buildPackages: ['pkgconf'] });
  const text = new AlpineRuntime().compose(builder).dockerfile;
  expect(text).toContain('FROM rust:1.95-alpine AS toolchain\n');
  expect(text).toContain('RUN apk add --no-cache musl-dev pkgconf\n');
  expect(text).not.toContain('rustup target add');
});

test('features, no-default-features and cargo args reach cargo build, quoted', () => {
  const builder = new RustMuslImage({
    crateDirectory: path.join(FIXTURES, 'single'),
    features: ['rustls', 'tokio/full'],
    noDefaultFeatures: true,
    cargoArgs: ['--config', 'net.git-fetch-with-cli=true', 'it\'s'],
    dependencyCaching: DependencyCaching.none(),
  });
  expect(new ScratchRuntime().compose(builder).dockerfile).toContain(
    "cargo build --release --locked --target x86_64-unknown-linux-musl --bin single --no-default-features --features rustls,tokio/full --config net.git-fetch-with-cli=true 'it'\\''s'",
  );
});

test('a workspace member is built from the workspace root with --package', () => {
  const builder = new RustMuslImage({ crateDirectory: path.join(FIXTURES, 'workspace-member', 'crates', 'api'), dependencyCaching: DependencyCaching.none() });
  const build = new ScratchRuntime().compose(builder);
  expect(build.contextDirectory).toBe(path.join(FIXTURES, 'workspace-member'));
  expect(build.dockerfile).toContain(`--package ${build.packageName} --bin ${build.binaryName}`);
});

describe('every runtime x architecture x linkage passes dockerfile-utils validation', () => {
  const runtimes = () => [new ScratchRuntime(), new DistrolessRuntime(), new AlpineRuntime(), new DebianSlimRuntime(), new DevImage()];
  for (const architecture of Architecture.all()) {
    for (const linkage of [Linkage.MUSL, Linkage.GLIBC_STATIC]) {
      test(`${architecture.name} ${linkage}`, () => {
        for (const runtime of runtimes()) {
          const builder = new RustMuslImage({ crateDirectory: path.join(FIXTURES, 'lib-bin'), architecture, linkage });
          const build = runtime.compose(builder);
          expect({ runtime: runtime.runtimeName, problems: validate(build.dockerfile) }).toEqual({ runtime: runtime.runtimeName, problems: [] });
          expect(build.platform).toBe(architecture.dockerPlatform);
          // Only what Docker 20.10's built-in frontend understands.
          expect(build.dockerfile).not.toMatch(/^# syntax=|<<|COPY --link|--chmod/m);
        }
      });
    }
  }
});

test('writeTo writes the Dockerfile, the .dockerignore and the support files', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'write-to-'));
  const build = new ScratchRuntime().compose(libBinBuilder());
  const written = build.writeTo(dir, 'Dockerfile.scratch');
  expect(written).toEqual(['Dockerfile.scratch', '.dockerignore', ...build.supportFiles.map((f) => f.path)]);
  expect(fs.readFileSync(path.join(dir, 'Dockerfile.scratch'), 'utf8')).toBe(build.dockerfile);
  expect(fs.readFileSync(path.join(dir, '.dockerignore'), 'utf8')).toMatch(/^target\/$/m);
  fs.rmSync(dir, { recursive: true });
});

test('a crate without Cargo.lock builds without --locked and gets a warning with the fix', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'no-lock-'));
  fs.cpSync(path.join(FIXTURES, 'single'), dir, { recursive: true });
  fs.rmSync(path.join(dir, 'Cargo.lock'));
  const build = new ScratchRuntime().compose(new RustMuslImage({ crateDirectory: dir }));
  expect(build.dockerfile).not.toContain('--locked --target x86_64-unknown-linux-musl --bin');
  expect(build.warnings).toEqual([expect.stringMatching(/^There is no Cargo\.lock in .*Fix: run `cargo generate-lockfile`.*commit Cargo\.lock/)]);
  expect(new ScratchRuntime().compose(libBinBuilder()).warnings).toEqual([]);
  fs.rmSync(dir, { recursive: true });
});

test.each(['RUSTFLAGS', 'CARGO_ENCODED_RUSTFLAGS', 'CARGO_TARGET_DIR', 'CARGO_BUILD_TARGET'])('buildEnvironment may not override %s', (name) => {
  expect(() => new RustMuslImage({ crateDirectory: path.join(FIXTURES, 'single'), buildEnvironment: { [name]: '-C target-feature=-crt-static' } }))
    .toThrow(new RegExp(`^Invalid buildEnvironment\\.${name} "-C target-feature=-crt-static": the builder sets this variable itself`));
});
