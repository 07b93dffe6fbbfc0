import * as fs from 'fs';
import * as path from 'path';
import {
  BUILDER_IMAGE, BASE_IMAGE, cleanup, copyFixture, describeWithEngine, ensureBaseImages, getEngine,
} from './engine-harness';

/** Runs a shell script in the builder with the fixture copy mounted at /src. */
async function inBuilder(script: string, mount?: string) {
  const engine = getEngine();
  return engine.docker([
    'run', '--rm', '--network', 'host',
    ...(mount ? ['-v', `${mount}:/src`, '-w', '/src'] : []),
    BUILDER_IMAGE, 'sh', '-ec', script,
  ]);
}

describeWithEngine('local base images', () => {
  let fixture: string;

  beforeAll(async () => {
    await ensureBaseImages();
    fixture = copyFixture('task-api');
  });

  afterAll(async () => {
    await cleanup();
    if (fixture) fs.rmSync(fixture, { recursive: true, force: true });
  });

  test('debian:bookworm-slim is a Debian 12 minbase', async () => {
    const r = await getEngine().docker(['run', '--rm', '--network', 'host', BASE_IMAGE, 'cat', '/etc/debian_version']);
    expect(r.stdout.trim()).toMatch(/^12\./);
  });

  test('the builder has Rust 1.96, cargo, gcc and readelf', async () => {
    const r = await inBuilder('rustc --version; cargo --version; gcc --version | head -n 1; readelf --version | head -n 1');
    const [rustc, cargo, gcc, readelf] = r.stdout.trim().split('\n');
    expect(rustc).toMatch(/^rustc 1\.96\./);
    expect(cargo).toMatch(/^cargo 1\.96\./);
    expect(gcc).toMatch(/^gcc /);
    expect(readelf).toMatch(/readelf/);
  });

  test('the builder offers the crates the fixture needs under /usr/share/cargo/registry', async () => {
    const r = await inBuilder('ls /usr/share/cargo/registry');
    const crates = r.stdout.split('\n');
    for (const prefix of ['tiny_http-0.12.', 'serde-1.', 'serde_derive-1.', 'serde_json-1.']) {
      expect(crates.some((c) => c.startsWith(prefix))).toBe(true);
    }
  });

  test('the fixture workspace builds offline with its committed Cargo.lock', async () => {
    const lockBefore = fs.readFileSync(path.join(fixture, 'Cargo.lock'), 'utf-8');
    const r = await inBuilder('cargo build --offline --locked 2>&1; cargo test --offline --locked -p tasks 2>&1', fixture);
    expect(r.stdout).toMatch(/Compiling tasks v0\.1\.0/);
    expect(r.stdout).toMatch(/Compiling task-api v0\.1\.0/);
    expect(r.stdout).toMatch(/test result: ok\. 1 passed/);
    expect(fs.readFileSync(path.join(fixture, 'Cargo.lock'), 'utf-8')).toBe(lockBefore);
  });

  test('static glibc linkage yields a binary without a program interpreter', async () => {
    const r = await inBuilder([
      "RUSTFLAGS='-C target-feature=+crt-static' cargo build --offline --locked --release --target x86_64-unknown-linux-gnu 2>&1",
      'readelf -l target/x86_64-unknown-linux-gnu/release/task-api',
      'readelf -d target/x86_64-unknown-linux-gnu/release/task-api || true',
    ].join('\n'), fixture);
    expect(r.stdout).toMatch(/Finished `release` profile/);
    expect(r.stdout).not.toMatch(/Requesting program interpreter/);
    expect(r.stdout).not.toMatch(/\(NEEDED\)/);
  });
});
