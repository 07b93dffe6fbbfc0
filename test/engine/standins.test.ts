/**
 * The stand-in base images (scripts/engine/standins.sh): each has the layout
 * and behaviour of the image it replaces that the library's Dockerfiles rely
 * on, the toolchain builds the fixtures offline, and a `--platform
 * linux/arm64` build of a Dockerfile naming a runtime base gets its arm64
 * variant while an amd64 build keeps getting amd64 (through the local
 * registries, with no per-build step).
 */
import * as fs from 'fs';
import * as path from 'path';
import {
  ALPINE_IMAGE, buildImage, copyFixture, copyFromImage, DEBIAN_IMAGE, describeWithEngine, DISTROLESS_REPO, FIXTURES_DIR, getEngine,
  imageFiles, RUST_IMAGE, suiteTempDir,
} from '../../devtools/engine-harness';

/** Runs a shell script in an image (network host, for apt), optionally with a directory at /src. */
async function sh(image: string, script: string, opts: { mount?: string; platform?: string; allowFailure?: boolean } = {}) {
  return getEngine().docker([
    'run', '--rm', '--network', 'host',
    ...(opts.platform ? ['--platform', opts.platform] : []),
    ...(opts.mount ? ['-v', `${opts.mount}:/src`, '-w', '/src'] : []),
    image, 'sh', '-ec', script,
  ], { allowFailure: opts.allowFailure });
}

async function inspect(image: string, format: string): Promise<string> {
  return (await getEngine().docker(['image', 'inspect', '--format', format, image])).stdout.trim();
}

/** The apt packages every fixture's debian-crates.txt names. */
function fixtureCratePackages(): string[] {
  return fs.readdirSync(FIXTURES_DIR)
    .map((d) => path.join(FIXTURES_DIR, d, 'debian-crates.txt'))
    .filter((f) => fs.existsSync(f))
    .flatMap((f) => fs.readFileSync(f, 'utf-8').split('\n').map((l) => l.replace(/#.*/, '').trim()).filter(Boolean));
}

describeWithEngine('stand-in base images', () => {
  describe(`${DEBIAN_IMAGE}`, () => {
    test('is a Debian 13 minbase with the official image\'s apt sources and slim settings', async () => {
      const r = await sh(DEBIAN_IMAGE, 'cat /etc/debian_version; cat /etc/apt/sources.list.d/debian.sources; ls /etc/dpkg/dpkg.cfg.d /etc/apt/apt.conf.d; test ! -e /etc/apt/sources.list; ls /usr/share/man | wc -l');
      const lines = r.stdout.trim().split('\n');
      expect(lines[0]).toMatch(/^13\./);
      expect(r.stdout).toMatch(/^Suites: trixie trixie-updates$/m);
      expect(r.stdout).toMatch(/^Suites: trixie-security$/m);
      expect(r.stdout).toMatch(/^docker$/m);
      expect(r.stdout).toMatch(/^docker-clean$/m);
      expect(lines[lines.length - 1]).toBe('0');
    });
  });

  describe(`${RUST_IMAGE}`, () => {
    test('has the official image\'s environment and build tools (git\'s SSH client included)', async () => {
      const r = await sh(RUST_IMAGE, 'echo "$CARGO_HOME $RUSTUP_HOME $PATH"; for c in cargo rustc rustup gcc make git ssh curl pkg-config; do command -v $c; done; test -f /etc/ssl/certs/ca-certificates.crt; echo certs');
      const [env, ...rest] = r.stdout.trim().split('\n');
      expect(env).toBe('/usr/local/cargo /usr/local/rustup /usr/local/cargo/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin');
      expect(rest).toEqual([
        '/usr/local/cargo/bin/cargo', '/usr/local/cargo/bin/rustc', '/usr/local/cargo/bin/rustup',
        '/usr/bin/gcc', '/usr/bin/make', '/usr/bin/git', '/usr/bin/ssh', '/usr/bin/curl', '/usr/bin/pkg-config', 'certs',
      ]);
    });

    test('rustup target add succeeds for the installed targets and fails, with the reason, for others', async () => {
      const ok = await sh(RUST_IMAGE, 'rustup target add x86_64-unknown-linux-musl aarch64-unknown-linux-musl aarch64-unknown-linux-gnu 2>&1');
      expect(ok.stdout).toMatch(/component 'rust-std' for target 'aarch64-unknown-linux-gnu' is up to date/);
      const bad = await sh(RUST_IMAGE, 'rustup target add riscv64gc-unknown-linux-gnu', { allowFailure: true });
      expect(bad.exitCode).not.toBe(0);
      expect(bad.stderr).toMatch(/target 'riscv64gc-unknown-linux-gnu' is not installed in this image and cannot be downloaded here/);
    });

    test('carries the crates every fixture lists in debian-crates.txt, without the system packages Debian attaches to them', async () => {
      const packages = fixtureCratePackages();
      expect(packages).toEqual(expect.arrayContaining(['librust-tiny-http-dev', 'librust-cc-dev']));
      const r = await sh(RUST_IMAGE, 'cat /usr/local/share/cdk-rust-image-standin/crate-packages; ls /usr/share/cargo/registry; command -v clang || echo "no clang"');
      const lines = r.stdout.trim().split('\n');
      expect(lines).toEqual(expect.arrayContaining([...packages.filter((p) => p.startsWith('librust-')), 'no clang']));
      for (const prefix of ['tiny_http-0.12.', 'serde-1.', 'serde_json-1.', 'cc-1.', 'shlex-1.']) {
        expect(lines.some((l) => l.startsWith(prefix)) ? prefix : `no ${prefix}*`).toBe(prefix);
      }
    });

    // As in the official image: musl-tools (musl-gcc for the cc crate) comes from apt; nothing else.
    test('after apt-get install musl-tools, a plain cargo build for x86_64 musl is static and compiles C with musl\'s headers', async () => {
      const dir = copyFixture('cc-probe');
      const bin = 'target/x86_64-unknown-linux-musl/release/cc-probe';
      const r = await sh(RUST_IMAGE, [
        'apt-get update -qq && apt-get install -y -qq --no-install-recommends musl-tools >/dev/null',
        'cargo build --offline --locked --release --target x86_64-unknown-linux-musl 2>&1',
        `./${bin}`,
        `readelf -lW ${bin} | grep -c INTERP || true`,
        `readelf -dW ${bin} | grep -c NEEDED || true`,
      ].join('\n'), { mount: dir });
      const lines = r.stdout.trim().split('\n');
      expect(lines.slice(-3)).toEqual([
        'cc-probe c-headers=non-glibc machine=x86_64 strlen=6 threads=30 tcp=gnip panic=unwind-ok',
        '0',
        '0',
      ]);
    });
  });

  describe(`${ALPINE_IMAGE}`, () => {
    test('has Alpine\'s release files, busybox sh and wget, the CA bundle, and no apk or adduser', async () => {
      const r = await sh(ALPINE_IMAGE, [
        'cat /etc/alpine-release',
        'grep ^ID= /etc/os-release',
        'readlink /bin/sh',
        'wget --help 2>&1 | grep -q -- "-T SEC" && echo "wget -T"',
        'grep -c "BEGIN CERTIFICATE" /etc/ssl/certs/ca-certificates.crt',
        'grep -E "^(root|nobody):" /etc/passwd',
        'for c in apk adduser addgroup; do command -v $c || echo "no $c"; done',
      ].join('\n'));
      const lines = r.stdout.trim().split('\n');
      expect(lines[0]).toBe(`${ALPINE_IMAGE.split(':')[1]}.0`);
      expect(lines[1]).toBe('ID=alpine');
      expect(lines[2]).toBe('/bin/busybox');
      expect(lines[3]).toBe('wget -T');
      expect(Number(lines[4])).toBeGreaterThan(100);
      expect(lines.slice(5)).toEqual([
        'root:x:0:0:root:/root:/bin/sh', 'nobody:x:65534:65534:nobody:/:/sbin/nologin', 'no apk', 'no adduser', 'no addgroup',
      ]);
    });
  });

  describe(`${DISTROLESS_REPO}`, () => {
    test('has distroless static\'s files and no shell', async () => {
      const files = new Map((await imageFiles(`${DISTROLESS_REPO}:latest`)).map((f) => [f.path, f]));
      for (const p of ['/etc/passwd', '/etc/group', '/etc/nsswitch.conf', '/etc/os-release', '/etc/ssl/certs/ca-certificates.crt', '/usr/share/zoneinfo/UTC', '/home/nonroot', '/tmp']) {
        expect(files.has(p) ? p : `missing ${p}`).toBe(p);
      }
      for (const shell of ['/bin/sh', '/usr/bin/sh', '/bin/busybox']) expect(files.has(shell)).toBe(false);
    });

    test('the user database, modes and the nonroot tag\'s configuration', async () => {
      const dir = suiteTempDir('distroless');
      // No shell inside: copy the files out.
      await copyFromImage(`${DISTROLESS_REPO}:nonroot`, '/etc/passwd', path.join(dir, 'passwd'));
      await copyFromImage(`${DISTROLESS_REPO}:nonroot`, '/etc/os-release', path.join(dir, 'os-release'));
      expect(fs.readFileSync(path.join(dir, 'passwd'), 'utf-8')).toBe([
        'root:x:0:0:root:/root:/sbin/nologin',
        'nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin',
        'nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin',
        '',
      ].join('\n'));
      expect(fs.readFileSync(path.join(dir, 'os-release'), 'utf-8')).toMatch(/^VERSION="Debian GNU\/Linux 13 \(trixie\)"$/m);
      expect(await inspect(`${DISTROLESS_REPO}:nonroot`, '{{.Config.User}} {{.Config.WorkingDir}}')).toBe('65532 /home/nonroot');
      expect(await inspect(`${DISTROLESS_REPO}:latest`, '{{.Config.User}}|{{.Config.WorkingDir}}')).toBe('|/');
      const dirsOf = (await imageFiles(`${DISTROLESS_REPO}:latest`)).filter((f) => ['/tmp', '/home/nonroot', '/root'].includes(f.path));
      expect(dirsOf.map((f) => `${f.mode} ${f.owner} ${f.path}`).sort()).toEqual([
        'drwx------ 0/0 /root', 'drwx------ 65532/65532 /home/nonroot', 'drwxrwxrwt 0/0 /tmp',
      ]);
    });
  });

  describe('FROM resolution by platform', () => {
    /** Builds `FROM <base>` (plus `extra`) for a platform; returns the tag. */
    async function buildOn(base: string, platform: string, extra = 'LABEL io.cdk-rust-image.engine.test=from'): Promise<string> {
      const dir = suiteTempDir('from');
      fs.writeFileSync(path.join(dir, 'Dockerfile'), `FROM ${base}\n${extra}\n`);
      const tag = `cdk-rust-image-engine-test/from:${platform.replace('/', '-')}-${base.replace(/[^a-z0-9]+/g, '-')}`;
      await buildImage(dir, 'Dockerfile', tag, { platform });
      return tag;
    }

    const firstLayer = async (image: string) => JSON.parse(await inspect(image, '{{json .RootFS.Layers}}'))[0];

    // Each base is named with its tag; the stand-in's per-architecture image is <name>:<tag>-<arch>.
    test.each([DEBIAN_IMAGE, ALPINE_IMAGE, `${DISTROLESS_REPO}:latest`, `${DISTROLESS_REPO}:nonroot`])(
      '%s: arm64 and amd64 builds each get their own variant', async (base) => {
        for (const arch of ['arm64', 'amd64', 'arm64']) {
          const tag = await buildOn(base, `linux/${arch}`);
          expect({ arch: await inspect(tag, '{{.Architecture}}'), sameBase: await firstLayer(tag) === await firstLayer(`${base}-${arch}`) })
            .toEqual({ arch, sameBase: true });
        }
      });

    test('RUN steps of an arm64 build run arm64 programs (binfmt), and so does the image', async () => {
      const tag = await buildOn(DEBIAN_IMAGE, 'linux/arm64', 'RUN uname -m > /built-on');
      const r = await getEngine().docker(['run', '--rm', '--network', 'none', '--platform', 'linux/arm64', tag, 'sh', '-c', 'cat /built-on; uname -m']);
      expect(r.stdout.trim().split('\n')).toEqual(['aarch64', 'aarch64']);
    });
  });
});
