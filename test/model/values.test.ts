import {
  Architecture, HealthCheck, HealthCheckKind, Linkage, LtoMode, OptLevel, OsPackageManager, PanicStrategy, ReleaseProfile, RuntimeUser, RustToolchain,
} from '../../src';
import { describeValue } from '../../src/core/errors';

describe('Architecture decides platform and target triple together', () => {
  test.each([
    [Architecture.X86_64, 'linux/amd64', 'amd64', 'x86_64-unknown-linux-musl', 'x86_64-unknown-linux-gnu'],
    [Architecture.ARM64, 'linux/arm64', 'arm64', 'aarch64-unknown-linux-musl', 'aarch64-unknown-linux-gnu'],
  ])('%p', (arch, platform, dockerArch, musl, gnu) => {
    expect(arch.dockerPlatform).toBe(platform);
    expect(arch.dockerArch).toBe(dockerArch);
    expect(arch.rustTarget(Linkage.MUSL)).toBe(musl);
    expect(arch.rustTarget(Linkage.GLIBC_STATIC)).toBe(gnu);
    expect(Architecture.fromDockerPlatform(platform)).toBe(arch);
  });

  test('unknown platforms are rejected with the supported ones', () => {
    expect(() => Architecture.fromDockerPlatform('linux/s390x')).toThrow('Invalid platform "linux/s390x": cdk-rust-image builds linux/amd64 and linux/arm64. Use Architecture.X86_64 or Architecture.ARM64.');
  });
});

describe('RustToolchain', () => {
  test('official images are pinned and need rustup only for foreign targets', () => {
    const debian = RustToolchain.of('1.95');
    expect(debian.image).toBe('rust:1.95-trixie');
    expect(debian.packageManager).toBe(OsPackageManager.APT);
    expect(debian.needsTargetInstall('x86_64-unknown-linux-gnu')).toBe(false);
    expect(debian.needsTargetInstall('x86_64-unknown-linux-musl')).toBe(true);
    expect(debian.needsTargetInstall('aarch64-unknown-linux-gnu', true)).toBe(true);
    expect(RustToolchain.DEFAULT_VERSION).toBe('1.99.0');
    expect(RustToolchain.latest().image).toBe('rust:1.99.0-trixie');
    const alpine = RustToolchain.alpine('1.95.0');
    expect(alpine.image).toBe('rust:1.95.0-alpine3.24');
    expect(alpine.needsTargetInstall('x86_64-unknown-linux-musl')).toBe(false);
  });

  test('custom images declare their targets', () => {
    const custom = RustToolchain.custom({ image: `registry.internal/rust@sha256:${'ab'.repeat(32)}`, installedTargets: ['aarch64-unknown-linux-musl'] });
    expect(custom.needsTargetInstall('aarch64-unknown-linux-musl')).toBe(false);
    expect(custom.needsTargetInstall('x86_64-unknown-linux-musl')).toBe(true);
    expect(custom.packageManager).toBe(OsPackageManager.NONE);
  });

  const IMAGE_REFERENCE = 'expected a Docker image reference: lower-case repository path, optional registry host and port, ":tag" (up to 128 characters) '
    + 'and "@sha256:<64 hex digits>", at most 255 characters before the tag';
  test.each<[() => unknown, string]>([
    [() => RustToolchain.of('latest'), 'Invalid Rust version "latest": expected a version such as "1.99.0". Change Rust version to a version such as "1.99.0".'],
    [() => RustToolchain.of('1.95\nRUN x'), 'Invalid Rust version "1.95\\nRUN x": expected a version such as "1.99.0". Change Rust version to a version such as "1.99.0".'],
    [() => RustToolchain.custom({ image: 'rust latest' }),
      `Invalid toolchain image "rust latest": ${IMAGE_REFERENCE}. Set toolchain image to e.g. "debian:trixie-slim" or "registry.example.com/team/rust:1.99.0-trixie@sha256:…".`],
    [() => RustToolchain.custom({ image: 'registry.internal/rust@sha256:abcdef0123' }),
      `Invalid toolchain image "registry.internal/rust@sha256:abcdef0123": ${IMAGE_REFERENCE}. Set toolchain image to e.g. "debian:trixie-slim" or "registry.example.com/team/rust:1.99.0-trixie@sha256:…".`],
    [() => RustToolchain.custom({ image: 'rust', installedTargets: ['musl'] }), 'Invalid toolchain installedTargets "musl": expected a Rust target triple. Use triples such as "x86_64-unknown-linux-musl".'],
  ])('rejects bad input %#', (make, message) => {
    expect(make).toThrow(new Error(message));
  });

  test('an image reference of 255 characters before the tag is accepted, 256 are not, with the length shown', () => {
    const name = (n: number) => `registry.example.com/${'a'.repeat(n - 'registry.example.com/'.length)}`;
    expect(RustToolchain.custom({ image: `${name(255)}:1.99` }).image).toBe(`${name(255)}:1.99`);
    const long = `${name(256)}:1.99`;
    expect(() => RustToolchain.custom({ image: long })).toThrow(new Error(
      `Invalid toolchain image ${JSON.stringify(long).slice(0, 160)}… (261 characters): ${IMAGE_REFERENCE}. `
      + 'Set toolchain image to e.g. "debian:trixie-slim" or "registry.example.com/team/rust:1.99.0-trixie@sha256:…".'));
  });
});

describe('ReleaseProfile', () => {
  test('optimized is the guide\'s profile, as CARGO_PROFILE_RELEASE_* variables', () => {
    expect(ReleaseProfile.optimized().environment()).toEqual({
      CARGO_PROFILE_RELEASE_OPT_LEVEL: '3',
      CARGO_PROFILE_RELEASE_LTO: 'fat',
      CARGO_PROFILE_RELEASE_CODEGEN_UNITS: '1',
      CARGO_PROFILE_RELEASE_PANIC: 'abort',
      CARGO_PROFILE_RELEASE_STRIP: 'symbols',
    });
  });

  test('overrides and Cargo.toml-only profiles', () => {
    expect(ReleaseProfile.optimized({ optLevel: OptLevel.MIN_SIZE, panic: PanicStrategy.UNWIND }).environment()).toMatchObject({ CARGO_PROFILE_RELEASE_OPT_LEVEL: 'z', CARGO_PROFILE_RELEASE_PANIC: 'unwind' });
    expect(ReleaseProfile.fromCargoToml().environment()).toEqual({});
    expect(ReleaseProfile.custom({ lto: LtoMode.THIN }).environment()).toEqual({ CARGO_PROFILE_RELEASE_LTO: 'thin' });
  });

  test.each([
    [() => ReleaseProfile.optimized({ optLevel: '4' as OptLevel }), 'Invalid profile optLevel "4": expected one of 0, 1, 2, 3, s, z. Set optLevel to one of 0, 1, 2, 3, s, z.'],
    [() => ReleaseProfile.optimized({ lto: 'yes' as LtoMode }), /Invalid profile lto "yes"/],
    [() => ReleaseProfile.optimized({ codegenUnits: 0 }), /Invalid profile codegenUnits 0: expected a whole number from 1 to 256/],
  ])('rejects bad settings %#', (make, message) => {
    expect(make).toThrow(message);
  });
});

describe('HealthCheck', () => {
  test('http checks carry path, timing and the probed URL', () => {
    const check = HealthCheck.http('/health');
    expect(check.kind).toBe(HealthCheckKind.HTTP);
    expect([check.intervalSeconds, check.timeoutSeconds, check.startPeriodSeconds, check.retries]).toEqual([30, 3, 5, 3]);
    expect(check.urlFor(8080)).toBe('http://127.0.0.1:8080/health');
    expect(HealthCheck.http('/ready?deep=1', { port: 9000 }).urlFor(8080)).toBe('http://127.0.0.1:9000/ready?deep=1');
  });

  test('exec and none', () => {
    expect(HealthCheck.exec(['/app/x', 'healthcheck']).command).toEqual(['/app/x', 'healthcheck']);
    expect(HealthCheck.none().kind).toBe(HealthCheckKind.NONE);
    expect(HealthCheck.none().urlFor(8080)).toBeUndefined();
  });

  const range = (prop: string, value: string, min: number, max: number, example: number) =>
    `Invalid healthCheck ${prop} ${value}: expected a whole number from ${min} to ${max}. Set ${prop} to a value ECS accepts (${min} to ${max}), e.g. ${example}.`;
  const NUL = 'it contains U+0000, a line break, control character or unpaired surrogate that would end or corrupt the generated instruction';
  test.each<[() => unknown, string]>([
    [() => HealthCheck.http('health'), 'Invalid healthCheck path "health": expected an absolute URL path without spaces or quotes. Use a path such as "/health".'],
    [() => HealthCheck.http('/a b'), 'Invalid healthCheck path "/a b": expected an absolute URL path without spaces or quotes. Use a path such as "/health".'],
    [() => HealthCheck.http('/"x'), 'Invalid healthCheck path "/\\"x": expected an absolute URL path without spaces or quotes. Use a path such as "/health".'],
    [() => HealthCheck.http('/h', { port: 0 }), 'Invalid healthCheck port 0: expected a whole number from 1 to 65535. Set healthCheck port to the port your service listens on, e.g. 8080.'],
    [() => HealthCheck.http('/h', { intervalSeconds: 4 }), range('intervalSeconds', '4', 5, 300, 30)],
    [() => HealthCheck.http('/h', { intervalSeconds: 301 }), range('intervalSeconds', '301', 5, 300, 30)],
    [() => HealthCheck.http('/h', { intervalSeconds: NaN }), range('intervalSeconds', 'NaN', 5, 300, 30)],
    [() => HealthCheck.http('/h', { timeoutSeconds: 1 }), range('timeoutSeconds', '1', 2, 60, 3)],
    [() => HealthCheck.http('/h', { timeoutSeconds: 61 }), range('timeoutSeconds', '61', 2, 60, 3)],
    [() => HealthCheck.http('/h', { timeoutSeconds: 1.5 }), range('timeoutSeconds', '1.5', 2, 60, 3)],
    [() => HealthCheck.http('/h', { timeoutSeconds: Infinity }), range('timeoutSeconds', 'Infinity', 2, 60, 3)],
    [() => HealthCheck.http('/h', { startPeriodSeconds: -1 }), range('startPeriodSeconds', '-1', 0, 300, 5)],
    [() => HealthCheck.http('/h', { startPeriodSeconds: 301 }), range('startPeriodSeconds', '301', 0, 300, 5)],
    [() => HealthCheck.http('/h', { retries: 0 }), range('retries', '0', 1, 10, 3)],
    [() => HealthCheck.http('/h', { retries: 11 }), range('retries', '11', 1, 10, 3)],
    [() => HealthCheck.http('/h', { retries: 3n as unknown as number }), range('retries', '3n', 1, 10, 3)],
    [() => HealthCheck.exec([]), 'Invalid healthCheck command []: a command needs at least the program to run. Pass e.g. ["/app/task-api", "healthcheck"].'],
    [() => HealthCheck.exec(['/app/x', 'a\0b']), `Invalid healthCheck command[1] "a\\u0000b": ${NUL}. Remove U+0000 from healthCheck command[1].`],
  ])('rejects bad input %#', (make, message) => {
    expect(make).toThrow(new Error(message));
  });

  test('the ranges ECS accepts are accepted at both ends; a start period of 0 is allowed', () => {
    const low = HealthCheck.http('/h', { intervalSeconds: 5, timeoutSeconds: 2, startPeriodSeconds: 0, retries: 1 });
    expect([low.intervalSeconds, low.timeoutSeconds, low.startPeriodSeconds, low.retries]).toEqual([5, 2, 0, 1]);
    const high = HealthCheck.exec(['/app/x'], { intervalSeconds: 300, timeoutSeconds: 60, startPeriodSeconds: 300, retries: 10 });
    expect([high.intervalSeconds, high.timeoutSeconds, high.startPeriodSeconds, high.retries]).toEqual([300, 60, 300, 10]);
  });
});

describe('values in error messages', () => {
  test.each<[unknown, string]>([
    [NaN, 'NaN'],
    [Infinity, 'Infinity'],
    [-Infinity, '-Infinity'],
    [-0, '-0'],
    [0, '0'],
    [10n, '10n'],
    [undefined, 'undefined'],
    ['a\u2028b\u0085c\0', '"a\u2028b\u0085c\\u0000"'],
    [['x', 2], '["x",2]'],
  ])('case %#', (value, shown) => {
    expect(describeValue(value)).toBe(shown);
  });

  test('a long value is cut after 160 characters, with its length', () => {
    expect(describeValue('x'.repeat(500))).toBe(`"${'x'.repeat(159)}… (500 characters)`);
  });

  test('NaN, Infinity, -0 and BigInt reach the message of a prop as themselves', () => {
    expect(() => HealthCheck.http('/h', { port: -0 })).toThrow(new Error('Invalid healthCheck port -0: expected a whole number from 1 to 65535. Set healthCheck port to the port your service listens on, e.g. 8080.'));
    expect(() => RuntimeUser.of({ uid: NaN })).toThrow(new Error('Invalid user uid NaN: expected a whole number from 1 to 2147483647 (0 is root). Pick an unused id such as 10001, or use RuntimeUser.root() to run as root deliberately.'));
    expect(() => RuntimeUser.of({ uid: 5n as unknown as number })).toThrow(new Error('Invalid user uid 5n: expected a whole number from 1 to 2147483647 (0 is root). Pick an unused id such as 10001, or use RuntimeUser.root() to run as root deliberately.'));
  });
});

describe('RuntimeUser', () => {
  test('non-root by default, with passwd and group lines', () => {
    const user = RuntimeUser.nonRoot();
    expect([user.uid, user.gid, user.name, user.spec, user.isRoot]).toEqual([65532, 65532, 'nonroot', '65532:65532', false]);
    expect(user.passwdLine()).toBe('nonroot:x:65532:65532:nonroot:/nonexistent:/sbin/nologin');
    expect(user.groupLine()).toBe('nonroot:x:65532:');
  });

  test('custom users and explicit root', () => {
    expect(RuntimeUser.of({ uid: 10001 }).spec).toBe('10001:10001');
    expect(RuntimeUser.of({ uid: 10001, gid: 20002, name: 'svc' }).passwdLine()).toBe('svc:x:10001:20002:svc:/nonexistent:/sbin/nologin');
    expect(RuntimeUser.root().isRoot).toBe(true);
  });

  const NAME_RULE = 'expected a POSIX user name: lower-case letters, digits, "_" and "-", starting with a letter or "_", at most 32 characters. Choose a name such as "app".';
  const UID_RULE = 'expected a whole number from 1 to 2147483647 (0 is root). Pick an unused id such as 10001, or use RuntimeUser.root() to run as root deliberately.';
  test.each<[() => unknown, string]>([
    [() => RuntimeUser.of({ uid: 0 }), `Invalid user uid 0: ${UID_RULE}`],
    [() => RuntimeUser.of({ uid: 1000, gid: 0 }), `Invalid user gid 0: ${UID_RULE}`],
    [() => RuntimeUser.of({ uid: 1.5 }), `Invalid user uid 1.5: ${UID_RULE}`],
    [() => RuntimeUser.of({ uid: 1000, name: 'Bad Name' }), `Invalid user name "Bad Name": ${NAME_RULE}`],
    [() => RuntimeUser.of({ uid: 1000, name: 'x:0:0' }), `Invalid user name "x:0:0": ${NAME_RULE}`],
    [() => RuntimeUser.of({ uid: 1000, name: 'app\u2028' }), `Invalid user name "app\u2028": ${NAME_RULE}`],
    [() => RuntimeUser.of({ uid: 1000, name: 'root' }), 'Invalid user name "root": "root" is uid 0 in every user database, and a second "root" with uid 1000 would make names and ids disagree. '
      + 'Choose another name such as "app", or use RuntimeUser.root() to run as root deliberately.'],
  ])('rejects bad input %#', (make, message) => {
    expect(make).toThrow(new Error(message));
  });
});
