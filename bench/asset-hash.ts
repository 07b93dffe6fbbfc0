/*
 * Benchmark: synth time, cloud assembly size and asset hash stability of
 * RustServiceImage against a plain `ecs.ContainerImage.fromAsset(crateDir)`
 * on the same crate, side by side in one run, for two trees:
 *
 *  - "big target/": a crate with a ~1 GB target/ folder in ~10,000 files
 *    (what a developer's checkout looks like after a few builds);
 *  - "sources only": a crate with ~40 MB of sources in ~2,000 files and no
 *    target/ (a fresh CI checkout).
 *
 *   npx projen bench:asset-hash [--runs 3] [--files 10000] [--file-kib 100] [--src-files 2000] [--src-kib 20]
 *
 * Each synth gets a fresh App and cloud assembly directory; each figure is
 * the median of --runs synths, with the spread (min-max). CDK keeps a
 * fingerprint cache in ~/.cdk/cache (keyed by inode, mtime and size), so the
 * benchmark points HOME at a temporary folder: the first round of each
 * variant is cold, the others warm. It writes bench/results/asset-hash.json;
 * everything it creates is removed at the end.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type * as CdkLib from 'aws-cdk-lib';
import type * as EcsLib from 'aws-cdk-lib/aws-ecs';
import type * as Library from '../src';

interface Run {
  readonly tree: string;
  readonly variant: string;
  readonly phase: string;
  readonly seconds: number;
  readonly assemblyBytes: number;
  readonly assetHash: string;
}

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const RUNS = option('runs', 3);
const FILES = option('files', 10_000);
const FILE_KIB = option('file-kib', 100);
const SRC_FILES = option('src-files', 2_000);
const SRC_KIB = option('src-kib', 20);
const VARIANTS = ['RustServiceImage', 'ContainerImage.fromAsset'];

function main(): void {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-asset-hash-'));
  // Before aws-cdk-lib loads: its fingerprint cache lives under the home directory.
  process.env.HOME = path.join(root, 'home');
  try {
    const trees = {
      'big target/': generateCrate(path.join(root, 'big-target'), { targetFiles: FILES, targetKib: FILE_KIB, srcFiles: 1, srcKib: 1 }),
      'sources only': generateCrate(path.join(root, 'sources-only'), { targetFiles: 0, targetKib: 0, srcFiles: SRC_FILES, srcKib: SRC_KIB }),
    };
    /* eslint-disable @typescript-eslint/no-require-imports */
    const cdk: typeof CdkLib = require('aws-cdk-lib');
    const ecs: typeof EcsLib = require('aws-cdk-lib/aws-ecs');
    const { RustServiceImage }: typeof Library = require('../src');
    /* eslint-enable @typescript-eslint/no-require-imports */

    let outdirs = 0;
    const synth = (tree: string, crate: string, variant: string, phase: string): Run => {
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
      const assemblyBytes = sizeOf(outdir);
      fs.rmSync(outdir, { recursive: true, force: true });
      return { tree, variant, phase, seconds, assemblyBytes, assetHash };
    };

    // Warm up the code (aws-cdk-lib loads its modules lazily) on a small crate, so "cold" measures the trees, not module loading.
    const warmUp = generateCrate(path.join(root, 'warm-up'), { targetFiles: 0, targetKib: 0, srcFiles: 1, srcKib: 1 });
    VARIANTS.forEach((variant) => synth('warm-up', warmUp.crate, variant, 'warm-up'));

    const runs: Run[] = [];
    for (const [tree, generated] of Object.entries(trees)) {
      for (let round = 0; round < RUNS; round++) {
        for (const variant of VARIANTS) runs.push(synth(tree, generated.crate, variant, round === 0 ? 'cold' : 'warm'));
      }
      if (generated.sampleTargetFile) {
        // A rebuild rewrites artifacts in target/: new content, new mtime.
        fs.writeFileSync(generated.sampleTargetFile, Buffer.alloc(FILE_KIB * 1024, 7));
        for (const variant of VARIANTS) runs.push(synth(tree, generated.crate, variant, 'after touching target/'));
      }
    }
    report(runs, trees);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

interface Generated {
  readonly crate: string;
  readonly sourceFiles: number;
  readonly sourceBytes: number;
  readonly targetFiles: number;
  readonly targetBytes: number;
  readonly sampleTargetFile?: string;
}

/** A binary crate with a Dockerfile (for the plain asset), sources and, optionally, a big target/. */
function generateCrate(crate: string, shape: { targetFiles: number; targetKib: number; srcFiles: number; srcKib: number }): Generated {
  const write = (file: string, content: string | Buffer) => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  };
  write(path.join(crate, 'Cargo.toml'), '[package]\nname = "bench"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\n');
  write(path.join(crate, 'Cargo.lock'), 'version = 4\n\n[[package]]\nname = "bench"\nversion = "0.1.0"\n');
  write(path.join(crate, 'src', 'main.rs'), 'fn main() {\n    println!("bench");\n}\n');
  write(path.join(crate, 'Dockerfile'), 'FROM rust:1.99.0-trixie\nWORKDIR /app\nCOPY . .\nRUN cargo build --release\nCMD ["/app/target/release/bench"]\n');
  let sourceBytes = 0;
  const line = '// generated source line for the synth benchmark, about eighty bytes long ......\n';
  const text = line.repeat(Math.ceil((shape.srcKib * 1024) / line.length)).slice(0, shape.srcKib * 1024);
  for (let i = 0; i < shape.srcFiles; i++) {
    const file = path.join(crate, 'src', `module_${i % 40}`, `part_${i}.rs`);
    write(file, `// ${i}\n${text}`);
    sourceBytes += text.length + `// ${i}\n`.length;
  }
  const block = Buffer.alloc(shape.targetKib * 1024);
  for (let i = 0; i < block.length; i++) block[i] = (i * 31) % 256;
  let targetBytes = 0;
  for (let i = 0; i < shape.targetFiles; i++) {
    // Binary content (a NUL byte) as in real build output; each file differs.
    block.writeUInt32LE(i, 0);
    const file = path.join(crate, 'target', 'release', 'deps', `d${i % 100}`, `lib${i}.rlib`);
    if (i < 100) fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, block);
    targetBytes += block.length;
  }
  return {
    crate,
    sourceFiles: shape.srcFiles,
    sourceBytes,
    targetFiles: shape.targetFiles,
    targetBytes,
    ...(shape.targetFiles > 0 ? { sampleTargetFile: path.join(crate, 'target', 'release', 'deps', 'd0', 'lib0.rlib') } : {}),
  };
}

function sizeOf(dir: string): number {
  let bytes = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) bytes += sizeOf(full);
    else if (entry.isFile()) bytes += fs.statSync(full).size;
  }
  return bytes;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function report(runs: Run[], trees: Record<string, Generated>): void {
  const summary: Record<string, unknown> = {};
  for (const [tree, generated] of Object.entries(trees)) {
    console.log(`\n${tree}: sources ${generated.sourceFiles} files, ${(generated.sourceBytes / 2 ** 20).toFixed(1)} MiB; target/ ${generated.targetFiles} files, ${(generated.targetBytes / 2 ** 30).toFixed(2)} GiB`);
    const perVariant: Record<string, unknown> = {};
    for (const variant of VARIANTS) {
      const of = (phase: string) => runs.filter((r) => r.tree === tree && r.variant === variant && r.phase === phase);
      const all = runs.filter((r) => r.tree === tree && r.variant === variant && r.phase !== 'after touching target/');
      const seconds = all.map((r) => r.seconds);
      const touched = of('after touching target/')[0];
      const entry = {
        coldSeconds: of('cold')[0].seconds,
        medianSeconds: median(seconds),
        minSeconds: Math.min(...seconds),
        maxSeconds: Math.max(...seconds),
        assemblyBytes: median(all.map((r) => r.assemblyBytes)),
        hashStable: new Set(all.map((r) => r.assetHash)).size === 1,
        ...(touched ? { secondsAfterTouchingTarget: touched.seconds, hashChangedAfterTouchingTarget: touched.assetHash !== all[0].assetHash } : {}),
      };
      perVariant[variant] = entry;
      console.log(`  ${variant.padEnd(26)} synth median ${entry.medianSeconds.toFixed(3)} s (${entry.minSeconds.toFixed(3)}-${entry.maxSeconds.toFixed(3)}, n=${seconds.length}), `
        + `cdk.out ${(entry.assemblyBytes / 2 ** 20).toFixed(1)} MiB, hash stable ${entry.hashStable ? 'yes' : 'NO'}`
        + (touched ? `; after touching target/: ${touched.seconds.toFixed(3)} s, hash changed ${entry.hashChangedAfterTouchingTarget ? 'YES' : 'no'}` : ''));
    }
    const ours = perVariant.RustServiceImage as { medianSeconds: number; assemblyBytes: number };
    const theirs = perVariant['ContainerImage.fromAsset'] as { medianSeconds: number; assemblyBytes: number };
    const ratios = { synthTime: ours.medianSeconds / theirs.medianSeconds, assemblyBytes: ours.assemblyBytes / theirs.assemblyBytes };
    console.log(`  RustServiceImage / fromAsset: synth time ${ratios.synthTime.toFixed(2)}x, cdk.out size ${ratios.assemblyBytes.toFixed(2)}x`);
    const { sourceFiles, sourceBytes, targetFiles, targetBytes } = generated;
    summary[tree] = { tree: { sourceFiles, sourceBytes, targetFiles, targetBytes }, variants: perVariant, ratios };
  }
  const out = path.join(__dirname, 'results', 'asset-hash.json');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify({
    date: new Date().toISOString().slice(0, 10),
    environment: { node: process.version, cpus: os.cpus().length, cpu: os.cpus()[0]?.model, platform: process.platform },
    runsPerFigure: RUNS,
    trees: summary,
  }, null, 2) + '\n');
  console.log(`\nWrote ${path.relative(process.cwd(), out)}`);
}

main();
