/*
 * Benchmark: compose() time with and without the SBOM, on the largest
 * workspaces made offline: generated Cargo workspaces of --members library
 * crates (each inheriting from the root, depending on two others by path
 * and on registry crates; one workspace per value, 30 like qdrant's, whose
 * figures the issue gives, and 200) and --services binaries, and a
 * Cargo.lock of --registry registry packages (some in two versions, each
 * depending on a few others) plus the local ones. The task-service
 * fixture's Cargo.lock has 116 packages; the defaults make ones of about
 * 900 and 1,100.
 *
 *   npx projen bench:compose [--members 30,200] [--registry 800] [--services 4] [--runs 15]
 *
 * Each figure is the median (and the spread, min-max) of --runs rounds, after
 * two warm-up rounds (module loading): a fresh RustMuslImage (so the
 * workspace is read again, as a synth does) composed by ScratchRuntime
 * (one service), and RustWorkspaceImages composing --services services of
 * the workspace; each with `sbom: false` (what compose() cost before the
 * SBOM) and the default `sbom: true`, the latter twice: with the SBOM
 * documents forgotten first (the first compose of a workspace in a process,
 * as in a one-service `cdk synth`) and with them kept (a lockfile seen
 * before: more services, projen's variants, a second synth). It prints the
 * figures (wall time, and the process's CPU time, which a busy machine
 * disturbs less) and the ratios; the generated workspaces are removed at
 * the end.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type * as Library from '../src';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
/** One workspace per value: a few members like qdrant's (the issue's figures), and many. */
const MEMBERS_LIST = (args.includes('--members') ? args[args.indexOf('--members') + 1] : '30,200').split(',').map(Number);
const REGISTRY = option('registry', 800);
const SERVICES = option('services', 4);
const RUNS = option('runs', 15);

/** A small deterministic generator (Park-Miller), so every run reads the same workspace. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 16807) % 2147483647;
    return (state - 1) / 2147483646;
  };
}

interface Generated {
  readonly root: string;
  readonly services: string[];
  readonly lockedPackages: number;
}

function generateWorkspace(root: string, memberCount: number): Generated {
  const next = random(23);
  const pick = (n: number) => Math.floor(next() * n);
  const hex = () => Array.from({ length: 64 }, () => '0123456789abcdef'[pick(16)]).join('');
  const write = (file: string, content: string) => {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), content);
  };
  // Registry packages: every tenth in two versions (named "name version" where a lockfile must); each depends on a few earlier ones.
  const twoVersions = (i: number) => i % 10 === 0;
  const registry: Array<{ name: string; version: string; deps: string[] }> = [];
  for (let i = 0; i < REGISTRY; i++) {
    for (const version of twoVersions(i) ? ['1.0.0', '2.1.3'] : [`0.${i % 7}.${i % 13}`]) {
      const deps = i === 0 ? [] : [...new Set(Array.from({ length: 2 + pick(5) }, () => pick(i)))];
      registry.push({ name: `reg-${i}`, version, deps: deps.map((d) => (twoVersions(d) ? `reg-${d} 2.1.3` : `reg-${d}`)) });
    }
  }
  const uniqueRegistry = registry.filter((r) => !twoVersions(Number(r.name.slice(4))));
  const members: Array<{ name: string; deps: string[]; registryDeps: string[] }> = [];
  for (let i = 0; i < memberCount; i++) {
    const local = i < 2 ? [] : [`member-${pick(i)}`, `member-${pick(i)}`];
    const reg = Array.from({ length: 3 }, () => uniqueRegistry[pick(uniqueRegistry.length)].name);
    members.push({ name: `member-${i}`, deps: [...new Set(local)], registryDeps: [...new Set(reg)] });
  }
  const services = Array.from({ length: SERVICES }, (_, i) => `svc-${i}`);
  write('Cargo.toml', '[workspace]\nresolver = "2"\nmembers = ["crates/*"]\n\n[workspace.package]\nversion = "0.1.0"\nedition = "2021"\n');
  for (const m of members) {
    write(`crates/${m.name}/Cargo.toml`, `[package]\nname = "${m.name}"\nversion.workspace = true\nedition.workspace = true\n\n[dependencies]\n`
      + m.deps.map((d) => `${d} = { path = "../${d}" }\n`).join('')
      + m.registryDeps.map((d) => `${d} = "*"\n`).join(''));
    write(`crates/${m.name}/src/lib.rs`, 'pub fn f() {}\n');
  }
  for (const [i, s] of services.entries()) {
    write(`crates/${s}/Cargo.toml`, `[package]\nname = "${s}"\nversion.workspace = true\nedition.workspace = true\n\n[dependencies]\nmember-${i} = { path = "../member-${i}" }\n`);
    write(`crates/${s}/src/main.rs`, 'fn main() {}\n');
  }
  const registrySource = 'source = "registry+https://github.com/rust-lang/crates.io-index"\n';
  const entries: Array<{ name: string; version: string; origin: string; deps: string[] }> = [
    ...registry.map((r) => ({ name: r.name, version: r.version, origin: `${registrySource}checksum = "${hex()}"\n`, deps: r.deps })),
    ...members.map((m) => ({ name: m.name, version: '0.1.0', origin: '', deps: [...m.deps, ...m.registryDeps] })),
    ...services.map((s, i) => ({ name: s, version: '0.1.0', origin: '', deps: [`member-${i}`] })),
  ].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  write('Cargo.lock', '# This file is automatically @generated by Cargo.\nversion = 4\n' + entries.map((e) => `\n[[package]]\nname = "${e.name}"\nversion = "${e.version}"\n${e.origin}`
    + (e.deps.length > 0 ? `dependencies = [\n${[...e.deps].sort().map((d) => ` "${d}",\n`).join('')}]\n` : '')).join(''));
  return { root, services, lockedPackages: entries.length };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function main(): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-compose-'));
  try {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const library: typeof Library = require('../src');
    // Absent before the SBOM was cached (a run on an older checkout): every SBOM is then built from scratch.
    const sbomModule: { clearSbomDocuments?: () => void } = require('../src/image/context/sbom');
    /* eslint-enable @typescript-eslint/no-require-imports */
    for (const members of MEMBERS_LIST) {
      measure(library, sbomModule.clearSbomDocuments ?? (() => undefined), generateWorkspace(path.join(dir, `members-${members}`), members), members);
    }
    console.log(`load average at the end (not controlled): ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} (1, 5, 15 min)`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function measure(library: typeof Library, clear: () => void, workspace: Generated, members: number): void {
  const { RustMuslImage, RustWorkspaceImages, ScratchRuntime } = library;
  const cases: Array<[string, (sbom: boolean) => void]> = [
    ['one service (ScratchRuntime.compose)', (sbom) => {
      new ScratchRuntime().compose(new RustMuslImage({ crateDirectory: path.join(workspace.root, 'crates', workspace.services[0]), sbom }));
    }],
    [`${workspace.services.length} services (RustWorkspaceImages.compose)`, (sbom) => {
      const services = workspace.services.map((binaryName) => ({ binaryName }));
      new RustWorkspaceImages({ crateDirectory: workspace.root, services, sbom }).compose();
    }],
  ];
  const variants: Array<[string, boolean, boolean]> = [['sbom: false', false, false], ['sbom: true, first in the process', true, true], ['sbom: true, lockfile seen before', true, false]];
  console.log(`compose() on a generated workspace: ${members + workspace.services.length} members, Cargo.lock with ${workspace.lockedPackages} packages; ${RUNS} rounds after 2 warm-up rounds, median (min-max)`);
  for (const [name, compose] of cases) {
    const wall = new Map<string, number[]>(variants.map(([label]) => [label, []]));
    const cpu = new Map<string, number[]>(variants.map(([label]) => [label, []]));
    for (let round = 0; round < RUNS + 2; round++) {
      for (const [label, sbom, cold] of variants) {
        if (cold) clear();
        const start = process.hrtime.bigint();
        const startCpu = process.cpuUsage();
        compose(sbom);
        const used = process.cpuUsage(startCpu);
        const ms = Number(process.hrtime.bigint() - start) / 1e6;
        if (round >= 2) {
          wall.get(label)!.push(ms);
          cpu.get(label)!.push((used.user + used.system) / 1000);
        }
      }
    }
    const base = { wall: median(wall.get('sbom: false')!), cpu: median(cpu.get('sbom: false')!) };
    console.log(`  ${name}: wall time, and CPU time (the process's, steadier on a busy machine)`);
    for (const [label] of variants) {
      const figure = (values: number[], reference: number) => {
        const ratio = label === 'sbom: false' ? '' : ` ${(median(values) / reference).toFixed(2)}x`;
        return `${median(values).toFixed(1)} ms (${Math.min(...values).toFixed(1)}-${Math.max(...values).toFixed(1)})${ratio}`;
      };
      console.log(`    ${label.padEnd(34)} wall ${figure(wall.get(label)!, base.wall).padEnd(32)} cpu ${figure(cpu.get(label)!, base.cpu)}`);
    }
  }
}

main();
