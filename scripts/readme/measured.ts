import * as fs from 'fs';
import * as path from 'path';

/**
 * The README's Measured section, from the committed benchmark results
 * (bench/results/*.json): nothing in it is typed by hand.
 */
export function measuredSection(repo: string): string {
  const parts: string[] = [];
  const engine = readJson(path.join(repo, 'bench', 'results', 'engine.json'));
  const assetHash = readJson(path.join(repo, 'bench', 'results', 'asset-hash.json'));
  parts.push(engine ? engineSection(engine) : '_No engine benchmark results are committed yet (`npx projen bench:engine`)._');
  parts.push('');
  parts.push(assetHash ? assetHashSection(assetHash) : '_No synth benchmark results are committed yet (`npx projen bench:asset-hash`)._');
  return parts.join('\n');
}

function readJson(file: string): any {
  return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : undefined;
}

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const s = (seconds: number) => `${seconds.toFixed(3)} s`;

function assetHashSection(r: any): string {
  const lines = [
    `Synth (\`npx projen bench:asset-hash\`, ${r.date}, Node ${r.environment.node}, ${r.environment.cpus} CPUs; median of ${r.runsPerFigure} synths, spread in brackets):`,
    '',
    '| Tree | `RustServiceImage` synth | `ContainerImage.fromAsset` synth | Ratio | `cdk.out`, ours / theirs | Hash after touching `target/` (ours / theirs) |',
    '| --- | ---: | ---: | ---: | --- | --- |',
  ];
  for (const [tree, t] of Object.entries<any>(r.trees)) {
    const ours = t.variants.RustServiceImage;
    const theirs = t.variants['ContainerImage.fromAsset'];
    const shape = `${tree}: ${t.tree.sourceFiles} source files (${mib(t.tree.sourceBytes)}), target/ ${t.tree.targetFiles} files (${mib(t.tree.targetBytes)})`;
    const touched = ours.hashChangedAfterTouchingTarget === undefined ? '-'
      : `${ours.hashChangedAfterTouchingTarget ? 'changed' : 'unchanged'} / ${theirs.hashChangedAfterTouchingTarget ? 'changed' : 'unchanged'}`;
    lines.push(`| ${shape} | ${s(ours.medianSeconds)} (${s(ours.minSeconds)}-${s(ours.maxSeconds)}) | ${s(theirs.medianSeconds)} (${s(theirs.minSeconds)}-${s(theirs.maxSeconds)}) | ${t.ratios.synthTime.toFixed(2)}x | ${mib(ours.assemblyBytes)} / ${mib(theirs.assemblyBytes)} | ${touched} |`);
  }
  return lines.join('\n');
}

function engineSection(r: any): string {
  return ['```json', JSON.stringify(r, null, 2), '```'].join('\n');
}
