/*
 * A `docker build` argument vector read back as the flags it sets, so the
 * command a projen task runs and the one cdk-assets runs for a CDK asset can
 * be compared whatever their order and spelling (`-f` or `--file`, `-t` or
 * `--tag`). An option this reader does not know fails it: a flag added to one
 * front end cannot slip past the comparison.
 */

/** What a `docker build` invocation asks for; tags are kept apart (each front end names its images). */
export interface BuildFlags {
  readonly file?: string;
  readonly target?: string;
  readonly platform?: string;
  readonly buildArgs: string[];
  readonly secrets: string[];
  readonly ssh: string[];
  readonly network?: string;
  readonly outputs: string[];
  readonly cacheFrom: string[];
  readonly cacheTo?: string;
  readonly noCache: boolean;
  readonly context: string;
}

const WITH_VALUE: Record<string, string> = {
  '--file': 'file',
  '-f': 'file',
  '--tag': 'tag',
  '-t': 'tag',
  '--target': 'target',
  '--platform': 'platform',
  '--build-arg': 'buildArgs',
  '--secret': 'secrets',
  '--ssh': 'ssh',
  '--network': 'network',
  '--output': 'outputs',
  '--cache-from': 'cacheFrom',
  '--cache-to': 'cacheTo',
};
const REPEATED = new Set(['buildArgs', 'secrets', 'ssh', 'outputs', 'cacheFrom', 'tag']);

/** The flags of `build ...` (with or without the leading `docker`), and the tags apart. */
export function buildFlags(argv: string[]): { flags: BuildFlags; tags: string[] } {
  const args = argv[0] === 'docker' ? argv.slice(1) : [...argv];
  if (args[0] !== 'build') throw new Error(`not a docker build: ${JSON.stringify(argv)}`);
  const values: Record<string, string[]> = {};
  let noCache = false;
  const positional: string[] = [];
  for (let i = 1; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--no-cache') {
      noCache = true;
      continue;
    }
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const key = WITH_VALUE[name];
    if (key === undefined) {
      if (arg.startsWith('-')) throw new Error(`unknown docker build option ${arg} in ${JSON.stringify(argv)}`);
      positional.push(arg);
      continue;
    }
    const value = eq > 0 ? arg.slice(eq + 1) : args[++i];
    if (value === undefined) throw new Error(`${name} without a value in ${JSON.stringify(argv)}`);
    if (!REPEATED.has(key) && values[key] !== undefined) throw new Error(`${name} given twice in ${JSON.stringify(argv)}`);
    (values[key] ??= []).push(value);
  }
  if (positional.length !== 1) throw new Error(`expected one build context, got ${JSON.stringify(positional)}`);
  const one = (key: string) => values[key]?.[0];
  const sorted = (key: string) => [...(values[key] ?? [])].sort();
  return {
    flags: {
      file: one('file'),
      target: one('target'),
      platform: one('platform'),
      buildArgs: sorted('buildArgs'),
      secrets: sorted('secrets'),
      ssh: sorted('ssh'),
      network: one('network'),
      outputs: values.outputs ?? [],
      cacheFrom: values.cacheFrom ?? [],
      cacheTo: one('cacheTo'),
      noCache,
      context: positional[0],
    },
    tags: values.tag ?? [],
  };
}
