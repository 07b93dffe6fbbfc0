import * as fs from 'fs';
import * as path from 'path';
import {
  AlpineRuntime, Architecture, CrossCompilation, DebianSlimRuntime, DependencyCaching, DevImage,
  DistrolessRuntime, RustMuslImage, RustToolchain, ScratchRuntime,
} from '../../src';
import * as pins from '../../src/model/pins';

const CRATE = path.join(__dirname, '..', 'engine', 'fixtures', 'task-api', 'crates', 'task-api');

/** Every FROM reference of a Dockerfile that is an image (not a stage of the same file). */
function externalImages(dockerfile: string): string[] {
  const stages = new Set<string>();
  const images: string[] = [];
  for (const line of dockerfile.split('\n')) {
    const m = /^FROM (?:--platform=\S+ )?(\S+)(?: AS (\S+))?$/.exec(line);
    if (!m) continue;
    if (!stages.has(m[1]) && !m[1].includes('${')) images.push(m[1]);
    if (m[2]) stages.add(m[2]);
  }
  return images;
}

describe('the default pins', () => {
  test('every runtime with default options renders only the pinned images', () => {
    const builder = new RustMuslImage({ crateDirectory: CRATE });
    const expected: Array<[string, string[]]> = [
      ['scratch', [pins.rustDebianImage(pins.RUST_VERSION), 'scratch']],
      ['distroless', [pins.rustDebianImage(pins.RUST_VERSION), pins.DISTROLESS_STATIC_IMAGE]],
      ['alpine', [pins.rustDebianImage(pins.RUST_VERSION), pins.ALPINE_IMAGE]],
      ['debian-slim', [pins.rustDebianImage(pins.RUST_VERSION), pins.DEBIAN_SLIM_IMAGE]],
      ['dev', [pins.rustDebianImage(pins.RUST_VERSION)]],
    ];
    const runtimes = { 'scratch': new ScratchRuntime(), 'distroless': new DistrolessRuntime(), 'alpine': new AlpineRuntime(), 'debian-slim': new DebianSlimRuntime(), 'dev': new DevImage() };
    for (const [name, images] of expected) {
      expect([name, externalImages(runtimes[name as keyof typeof runtimes].compose(builder).dockerfile)]).toEqual([name, images]);
    }
  });

  test('the pins are the ones checked on the day the module names', () => {
    expect(pins.PINS_CHECKED).toBe('2026-12-01');
    expect(pins.rustDebianImage(pins.RUST_VERSION)).toBe('rust:1.99.0-trixie');
    expect(pins.rustAlpineImage(pins.RUST_VERSION)).toBe('rust:1.99.0-alpine3.24');
    expect(pins.DEBIAN_SLIM_IMAGE).toBe('debian:trixie-slim');
    expect(pins.ALPINE_IMAGE).toBe('alpine:3.24');
    expect(pins.DISTROLESS_STATIC_IMAGE).toBe('gcr.io/distroless/static-debian13:nonroot');
    expect(pins.POSTGRES_IMAGE).toBe('postgres:17-trixie');
    expect(pins.PROMETHEUS_IMAGE).toBe('prom/prometheus:v3.14.0');
    expect(pins.ADOT_COLLECTOR_IMAGE).toBe('public.ecr.aws/aws-observability/aws-otel-collector:v0.49.0');
    expect(RustToolchain.DEFAULT_VERSION).toBe(pins.RUST_VERSION);
    expect(CrossCompilation.DEFAULT_ZIG_VERSION).toBe(pins.ZIG_VERSION);
    expect(CrossCompilation.DEFAULT_CARGO_ZIGBUILD_VERSION).toBe(pins.CARGO_ZIGBUILD_VERSION);
    expect(DependencyCaching.DEFAULT_CARGO_CHEF_VERSION).toBe(pins.CARGO_CHEF_VERSION);
  });

  test('every default download has a SHA-256 for both build host architectures, or falls back to cargo install', () => {
    const sha = /^[a-f0-9]{64}$/;
    expect(Object.keys(pins.ZIG_SHA256[pins.ZIG_VERSION]).sort()).toEqual(['aarch64', 'x86_64']);
    for (const sum of Object.values(pins.ZIG_SHA256[pins.ZIG_VERSION])) expect(sum).toMatch(sha);
    for (const table of [pins.CARGO_ZIGBUILD_PREBUILT[pins.CARGO_ZIGBUILD_VERSION], pins.CARGO_CHEF_PREBUILT[pins.CARGO_CHEF_VERSION]]) {
      expect(Object.keys(table)).toContain('x86_64');
      for (const download of Object.values(table)) {
        expect(download.sha256).toMatch(sha);
        expect(download.url).toMatch(/^https:\/\/github\.com\/[^ ]+\.tar\.xz$/);
      }
    }
  });

  test('every rendered download is checked against its pinned SHA-256 before it is used', () => {
    const zig = new ScratchRuntime().compose(new RustMuslImage({
      crateDirectory: CRATE, architecture: Architecture.ARM64, crossCompilation: CrossCompilation.zigbuild(),
    })).dockerfile;
    const chefBuilder = new RustMuslImage({ crateDirectory: CRATE, dependencyCaching: DependencyCaching.cargoChef() });
    const chef = new ScratchRuntime().compose(chefBuilder).dockerfile;
    for (const dockerfile of [zig, chef]) {
      const downloads = dockerfile.split('\n').filter((line) => !line.startsWith('#') && /curl /.test(line));
      expect(downloads.length).toBeGreaterThan(0);
      for (const line of downloads) {
        // Every curl writes to a file that sha256sum checks in the same command chain before tar reads it.
        const file = /-o (\S+)/.exec(line)?.[1];
        expect(file).toMatch(/^\/tmp\/[\w.-]+\.tar\.xz$/);
        const after = dockerfile.slice(dockerfile.indexOf(line));
        expect(after.indexOf('sha256sum -c -')).toBeGreaterThan(-1);
        expect(after.indexOf('sha256sum -c -')).toBeLessThan(after.indexOf(`tar -xJf ${file}`));
      }
      expect(dockerfile).not.toMatch(/curl [^\n|]*\|\s*tar/);
    }
    expect(zig).toContain(pins.ZIG_SHA256[pins.ZIG_VERSION].x86_64);
    expect(zig).toContain(pins.ZIG_SHA256[pins.ZIG_VERSION].aarch64);
    expect(chef).toContain(pins.CARGO_CHEF_PREBUILT[pins.CARGO_CHEF_VERSION].x86_64.sha256);
  });
});

describe('the engine stand-ins carry the pinned names', () => {
  // scripts/engine/lib.sh names the stand-in images when it runs on its own
  // (`engine.sh standins`); the engine harness passes the pins explicitly. Both
  // must be the names the library renders, or the engine tests would build
  // against images the library never asks for.
  const libSh = fs.readFileSync(path.join(__dirname, '..', '..', 'scripts', 'engine', 'lib.sh'), 'utf-8') as string;
  const defaultOf = (variable: string) => new RegExp(`^[A-Z_]+="\\$\\{${variable}:-([^}]*)\\}"$`, 'm').exec(libSh)?.[1];

  test.each([
    ['CDK_RUST_IMAGE_RUST_TAG', pins.rustDebianImage(pins.RUST_VERSION)],
    ['CDK_RUST_IMAGE_DEBIAN_TAG', pins.DEBIAN_SLIM_IMAGE],
    ['CDK_RUST_IMAGE_ALPINE_TAG', pins.ALPINE_IMAGE],
    ['CDK_RUST_IMAGE_DISTROLESS_REPO', pins.DISTROLESS_STATIC_IMAGE.replace(/:nonroot$/, '')],
    ['CDK_RUST_IMAGE_POSTGRES_TAG', pins.POSTGRES_IMAGE],
    ['CDK_RUST_IMAGE_PROMETHEUS_TAG', pins.PROMETHEUS_IMAGE],
  ])('%s defaults to %s', (variable, expected) => {
    expect(defaultOf(variable)).toBe(expected);
  });
});
