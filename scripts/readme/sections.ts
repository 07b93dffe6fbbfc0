/*
 * The generated sections of the README, between `<!-- name -->` and
 * `<!-- end name -->` markers: computed from the code, the engine test's
 * list of paths and the committed benchmark results, so they cannot drift.
 * `npx projen readme` rewrites them; test/readme.test.ts fails when the
 * README differs from what this computes.
 */
import * as fs from 'fs';
import * as path from 'path';
import { measuredSection } from './measured';
import { VERIFIED_PATHS } from '../../devtools/verified-paths';
import { RustMuslImage, ScratchRuntime } from '../../src';
import { WARNING_DESCRIPTIONS } from '../../src/image/build-warning';
import * as pins from '../../src/model/pins';

export const REPO = path.resolve(__dirname, '..', '..');
export const README = path.join(REPO, 'README.md');

/** The rendered scratch Dockerfile of the example crate. */
function renderedScratch(): string {
  const build = new ScratchRuntime().compose(new RustMuslImage({ crateDirectory: path.join(REPO, 'examples', 'task-api', 'service') }));
  return ['```dockerfile', build.dockerfile.trimEnd(), '```'].join('\n');
}

function pinsTable(): string {
  const zig = pins.ZIG_VERSION;
  // What, default, how to override, and the day it was checked when that is not PINS_CHECKED.
  const rows: string[][] = [
    ['Rust toolchain', `\`${pins.rustDebianImage(pins.RUST_VERSION)}\` (Rust ${pins.RUST_VERSION}, released ${pins.RUST_RELEASED})`, 'toolchain: `RustToolchain.of(version)`, `.alpine(version)` (`' + pins.rustAlpineImage('<v>') + '`), `.custom({ image })`'],
    ['Debian slim runtime', `\`${pins.DEBIAN_SLIM_IMAGE}\` (Debian ${pins.DEBIAN_POINT_RELEASE})`, '`new DebianSlimRuntime({ baseImage })`'],
    ['Alpine runtime', `\`${pins.ALPINE_IMAGE}\` (${pins.ALPINE_POINT_RELEASE})`, '`new AlpineRuntime({ baseImage })`'],
    ['Distroless runtime', `\`${pins.DISTROLESS_STATIC_IMAGE}\``, '`new DistrolessRuntime({ baseImage })`'],
    ['PostgreSQL (local stack)', `\`${pins.POSTGRES_IMAGE}\` (${pins.POSTGRES_POINT_RELEASE}; PGDATA ${pins.POSTGRES_DATA_DIRECTORY})`, '`ServiceDatabase.postgres({ majorVersion })` (`postgres:<major>-trixie`), `new ComposeStack({ databaseImage })`'],
    ['Prometheus (local stack)', `\`${pins.PROMETHEUS_IMAGE}\``, '`new ComposeStack({ prometheusImage })`'],
    ['Metrics collector on AWS', `\`${pins.ADOT_COLLECTOR_IMAGE}\` (ADOT Collector, released ${pins.ADOT_COLLECTOR_RELEASED}; tag only, no digest)`,
      '`RustFargateService` `metricsCollectorImage` (pin a digest there)', pins.ADOT_COLLECTOR_CHECKED],
    ['zig (`CrossCompilation.zigbuild()`)', `${zig}, tarball SHA-256 pinned for ${Object.keys(pins.ZIG_SHA256[zig]).sort().join(' and ')} build hosts`, '`zigbuild({ zigVersion, zigSha256: { x86_64, aarch64 } })`'],
    ['cargo-zigbuild', `${pins.CARGO_ZIGBUILD_VERSION}: the release archive for ${Object.keys(pins.CARGO_ZIGBUILD_PREBUILT[pins.CARGO_ZIGBUILD_VERSION]).join(', ')} build hosts, SHA-256 pinned; \`cargo install --locked\` on others`, '`zigbuild({ cargoZigbuildVersion })`'],
    ['cargo-chef (`DependencyCaching.cargoChef()`)', `${pins.CARGO_CHEF_VERSION}: the release archive for ${Object.keys(pins.CARGO_CHEF_PREBUILT[pins.CARGO_CHEF_VERSION]).join(', ')} build hosts, SHA-256 pinned; \`cargo install --locked\` on others`, '`cargoChef(version)`'],
    ['Health check probe', 'built with the service\'s own toolchain (no other image)', '-'],
  ];
  return [
    '| What | Default | Checked | How to override |',
    '| --- | --- | --- | --- |',
    ...rows.map(([what, value, override, checked]) => `| ${what} | ${value} | ${checked ?? pins.PINS_CHECKED} | ${override} |`),
  ].join('\n');
}

function warningTable(): string {
  return ['| Id | When |', '| --- | --- |', ...Object.entries(WARNING_DESCRIPTIONS).map(([id, when]) => `| \`${id}\` | ${when} |`)].join('\n');
}

function verifiedTable(): string {
  return [
    '| Path | Status | Where |',
    '| --- | --- | --- |',
    ...VERIFIED_PATHS.map((p) => `| ${p.description} | ${p.status === 'verified' ? '**verified**' : 'rendered only'} | ${p.where} |`),
  ].join('\n');
}

function readJson(file: string): any {
  return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : undefined;
}

/** The committed benchmark results (bench/results/*.json). */
function measured(): string {
  const results = path.join(REPO, 'bench', 'results');
  return measuredSection({
    engine: readJson(path.join(results, 'engine.json')),
    allGroups: readJson(path.join(results, 'engine-all-groups.json')),
    assetHash: readJson(path.join(results, 'asset-hash.json')),
  });
}

/** Every generated section by marker name. */
export function generatedSections(): Record<string, string> {
  return {
    'rendered: scratch': renderedScratch(),
    'pins table': pinsTable(),
    'warning ids': warningTable(),
    'verified paths': verifiedTable(),
    'measured': measured(),
  };
}

/** The README with every generated section replaced by what the code computes now. */
export function applySections(readme: string, sections: Record<string, string> = generatedSections()): string {
  let out = readme;
  for (const [name, content] of Object.entries(sections)) {
    const start = `<!-- ${name} -->\n`;
    const end = `<!-- end ${name.split(':')[0] === 'rendered' ? 'rendered' : name} -->`;
    const i = out.indexOf(start);
    const j = out.indexOf(end, i);
    if (i < 0 || j < 0) throw new Error(`README has no section "${name}" (markers "${start.trim()}" ... "${end}")`);
    out = `${out.slice(0, i + start.length)}${content}\n${out.slice(j)}`;
  }
  return out;
}

if (require.main === module) {
  const before = fs.readFileSync(README, 'utf8');
  const after = applySections(before);
  fs.writeFileSync(README, after);
  console.log(after === before ? 'README generated sections: up to date' : 'README generated sections: rewritten');
}
