import {
  Architecture, HealthCheck, HealthCheckKind, Linkage, LtoMode, OptLevel, OsPackageManager, PanicStrategy, ReleaseProfile, RuntimeUser, RustToolchain,
} from '../../src';

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
    expect(debian.image).toBe('rust:1.95-bookworm');
    expect(debian.packageManager).toBe(OsPackageManager.APT);
    expect(debian.needsTargetInstall('x86_64-unknown-linux-gnu')).toBe(false);
    expect(debian.needsTargetInstall('x86_64-unknown-linux-musl')).toBe(true);
    expect(debian.needsTargetInstall('aarch64-unknown-linux-gnu', true)).toBe(true);
    expect(RustToolchain.latest().image).toBe(`rust:${RustToolchain.DEFAULT_VERSION}-bookworm`);
    const alpine = RustToolchain.alpine('1.95.0');
    expect(alpine.image).toBe('rust:1.95.0-alpine');
    expect(alpine.needsTargetInstall('x86_64-unknown-linux-musl')).toBe(false);
  });

  test('custom images declare their targets', () => {
    const custom = RustToolchain.custom({ image: 'registry.internal/rust@sha256:abcdef0123', installedTargets: ['aarch64-unknown-linux-musl'] });
    expect(custom.needsTargetInstall('aarch64-unknown-linux-musl')).toBe(false);
    expect(custom.needsTargetInstall('x86_64-unknown-linux-musl')).toBe(true);
    expect(custom.packageManager).toBe(OsPackageManager.NONE);
  });

  test.each([
    [() => RustToolchain.of('latest'), /Invalid Rust version "latest": expected a version such as "1.95"/],
    [() => RustToolchain.of('1.95\nRUN x'), /Invalid Rust version/],
    [() => RustToolchain.custom({ image: 'rust latest' }), /Invalid toolchain image "rust latest"/],
    [() => RustToolchain.custom({ image: 'rust', installedTargets: ['musl'] }), /Invalid toolchain installedTargets "musl": expected a Rust target triple\. Use triples such as/],
  ])('rejects bad input %#', (make, message) => {
    expect(make).toThrow(message);
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

  test.each([
    [() => HealthCheck.http('health'), 'Invalid healthCheck path "health": expected an absolute URL path without spaces or quotes. Use a path such as "/health".'],
    [() => HealthCheck.http('/a b'), /Invalid healthCheck path "\/a b"/],
    [() => HealthCheck.http('/"x'), /Invalid healthCheck path/],
    [() => HealthCheck.http('/h', { retries: 11 }), /Invalid healthCheck retries 11: expected a whole number from 1 to 10/],
    [() => HealthCheck.http('/h', { port: 0 }), /Invalid healthCheck port 0/],
    [() => HealthCheck.http('/h', { timeoutSeconds: 1.5 }), /Invalid healthCheck timeoutSeconds 1.5/],
    [() => HealthCheck.exec([]), /Invalid healthCheck command \[\]/],
  ])('rejects bad input %#', (make, message) => {
    expect(make).toThrow(message);
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

  test.each([
    [() => RuntimeUser.of({ uid: 0 }), 'Invalid user uid 0: expected a whole number from 1 to 2147483647 (0 is root). Pick an unused id such as 10001, or use RuntimeUser.root() to run as root deliberately.'],
    [() => RuntimeUser.of({ uid: 1000, name: 'Bad Name' }), /Invalid user name "Bad Name"/],
    [() => RuntimeUser.of({ uid: 1000, name: 'x:0:0' }), /Invalid user name "x:0:0"/],
    [() => RuntimeUser.of({ uid: 1.5 }), /Invalid user uid 1.5/],
  ])('rejects bad input %#', (make, message) => {
    expect(make).toThrow(message);
  });
});
