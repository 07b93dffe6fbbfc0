/*
 * Benchmark (issue 5): synth time and asset hash stability of RustServiceImage
 * against a plain `ecs.ContainerImage.fromAsset(crateDir)` on the same crate
 * with a ~1 GB target/ folder in ~10,000 files, side by side in one run.
 *
 *   npx projen bench:asset-hash [--files 10000] [--file-kib 100]
 *
 * Each synth gets a fresh App and cloud assembly directory. CDK keeps a
 * fingerprint cache in ~/.cdk/cache (keyed by inode, mtime and size), so the
 * benchmark points HOME at a temporary folder: the first synth of each
 * variant is cold, the second warm. Everything it creates is removed at the end.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type * as CdkLib from 'aws-cdk-lib';
import type * as EcsLib from 'aws-cdk-lib/aws-ecs';
import type * as Library from '../src';

interface Run {
  readonly variant: string;
  readonly phase: string;
  readonly seconds: number;
  readonly assetHash: string;
}

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const FILES = option('files', 10_000);
const FILE_KIB = option('file-kib', 100);
const DIRS = 100;

function main(): void {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-asset-hash-'));
  // Before aws-cdk-lib loads: its fingerprint cache lives under the home directory.
  process.env.HOME = path.join(root, 'home');
  try {
    let crate = path.join(root, 'crate');
    const generated = generateCrate(crate);
    // Loaded only now, after HOME points at an empty cache (a static import would load them first).
    /* eslint-disable @typescript-eslint/no-require-imports */
    const cdk: typeof CdkLib = require('aws-cdk-lib');
    const ecs: typeof EcsLib = require('aws-cdk-lib/aws-ecs');
    const { RustServiceImage }: typeof Library = require('../src');
    /* eslint-enable @typescript-eslint/no-require-imports */

    let outdirs = 0;
    const synth = (variant: string, phase: string): Run => {
      const outdir = path.join(root, `cdk.out-${outdirs++}`);
      const start = process.hrtime.bigint();
      const app = new cdk.App({ outdir });
      const stack = new cdk.Stack(app, 'Bench');
      const taskDefinition = new ecs.FargateTaskDefinition(stack, 'TaskDefinition');
      if (variant === 'RustServiceImage') {
        new RustServiceImage(stack, 'Image', { crateDirectory: crate }).addToTaskDefinition(taskDefinition);
      } else {
        taskDefinition.addContainer('app', { image: ecs.ContainerImage.fromAsset(crate) });
      }
      const assembly = app.synth();
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      const manifest = JSON.parse(fs.readFileSync(path.join(assembly.directory, 'Bench.assets.json'), 'utf8'));
      const assetHash = Object.keys(manifest.dockerImages)[0];
      fs.rmSync(outdir, { recursive: true, force: true });
      return { variant, phase, seconds, assetHash };
    };

    const variants = ['RustServiceImage', 'ContainerImage.fromAsset'];
    // Warm up the code (aws-cdk-lib loads its modules lazily) on a small crate
    // elsewhere, so "cold" measures an empty fingerprint cache, not module loading.
    const big = crate;
    crate = path.join(root, 'warm-up');
    fs.cpSync(path.join(big, 'src'), path.join(crate, 'src'), { recursive: true });
    for (const file of ['Cargo.toml', 'Cargo.lock', 'Dockerfile']) fs.copyFileSync(path.join(big, file), path.join(crate, file));
    variants.forEach((variant) => synth(variant, 'warm-up'));
    crate = big;

    const runs: Run[] = [];
    for (const phase of ['cold', 'warm']) {
      for (const variant of variants) runs.push(synth(variant, phase));
    }
    // A rebuild rewrites artifacts in target/: new content, new mtime.
    fs.writeFileSync(generated.sampleFile, Buffer.alloc(FILE_KIB * 1024, 7));
    for (const variant of variants) runs.push(synth(variant, 'after touching target/'));

    report(runs, generated);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

/** A binary crate with a Dockerfile (for the plain asset) and a big target/. */
function generateCrate(crate: string): { files: number; bytes: number; sampleFile: string } {
  const write = (file: string, content: string | Buffer) => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  };
  write(path.join(crate, 'Cargo.toml'), '[package]\nname = "bench"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\n');
  write(path.join(crate, 'Cargo.lock'), 'version = 4\n\n[[package]]\nname = "bench"\nversion = "0.1.0"\n');
  write(path.join(crate, 'src', 'main.rs'), 'fn main() {\n    println!("bench");\n}\n');
  write(path.join(crate, 'Dockerfile'), 'FROM rust:1.95-bookworm\nWORKDIR /app\nCOPY . .\nRUN cargo build --release\nCMD ["/app/target/release/bench"]\n');
  const block = Buffer.alloc(FILE_KIB * 1024);
  for (let i = 0; i < block.length; i++) block[i] = (i * 31) % 256;
  let bytes = 0;
  for (let i = 0; i < FILES; i++) {
    // Binary content (a NUL byte) as in real build output; each file differs.
    block.writeUInt32LE(i, 0);
    const file = path.join(crate, 'target', 'release', 'deps', `d${i % DIRS}`, `lib${i}.rlib`);
    if (i < DIRS) fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, block);
    bytes += block.length;
  }
  return { files: FILES, bytes, sampleFile: path.join(crate, 'target', 'release', 'deps', 'd0', 'lib0.rlib') };
}

function report(runs: Run[], generated: { files: number; bytes: number }): void {
  const find = (variant: string, phase: string) => runs.find((r) => r.variant === variant && r.phase === phase)!;
  const rows = runs.map((r) => {
    const baseline = find(r.variant, 'cold').assetHash;
    return [r.variant, r.phase, `${r.seconds.toFixed(3)} s`, r.assetHash.slice(0, 12), r.phase === 'cold' ? '' : (r.assetHash === baseline ? 'no' : 'YES')];
  });
  const header = ['variant', 'synth', 'time', 'asset hash', 'hash changed'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
  const ratio = (phase: string) => find('ContainerImage.fromAsset', phase).seconds / find('RustServiceImage', phase).seconds;
  const ratios = { cold: ratio('cold'), warm: ratio('warm'), afterTouch: ratio('after touching target/') };
  const hashChanged = {
    rustServiceImage: find('RustServiceImage', 'after touching target/').assetHash !== find('RustServiceImage', 'cold').assetHash,
    fromAsset: find('ContainerImage.fromAsset', 'after touching target/').assetHash !== find('ContainerImage.fromAsset', 'cold').assetHash,
  };

  console.log(`Crate with target/: ${generated.files} files, ${(generated.bytes / 2 ** 30).toFixed(2)} GiB; Node ${process.version}, ${os.cpus().length} CPUs`);
  console.log(line(header));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  rows.forEach((row) => console.log(line(row)));
  console.log(`fromAsset / RustServiceImage synth time: cold ${ratios.cold.toFixed(1)}x, warm ${ratios.warm.toFixed(1)}x, after touching target/ ${ratios.afterTouch.toFixed(1)}x (target: >= 20x)`);
  console.log(`Hash changed after touching a file in target/: RustServiceImage ${hashChanged.rustServiceImage ? 'YES' : 'no'}, fromAsset ${hashChanged.fromAsset ? 'YES' : 'no'}`);

  const out = path.join(__dirname, '..', 'bench-results', 'asset-hash.json');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify({
    crate: { targetFiles: generated.files, targetBytes: generated.bytes },
    environment: { node: process.version, cpus: os.cpus().length, platform: process.platform },
    runs,
    ratios,
    hashChanged,
  }, null, 2) + '\n');
  console.log(`Wrote ${path.relative(process.cwd(), out)}`);
}

main();
