import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ENGINE_SCRIPT, SESSION_ENV, STARTED_FILE_ENV } from '../../devtools/engine-harness';
import { VERIFIED_PATHS } from '../../devtools/verified-paths';

interface GlobalConfig {
  /** Jest 30: the file patterns of the command line (`patterns` is empty without any). */
  readonly testPathPatterns?: { readonly patterns?: string[] };
  readonly testNamePattern?: string;
  readonly onlyChanged?: boolean;
  readonly findRelatedTests?: boolean;
}

const STOP_STARTED_SCRIPT = path.join(path.dirname(ENGINE_SCRIPT), 'stop-started.sh');

/**
 * Checks the README's claims, then stops the registries and the private
 * dockerd when this run launched them (the data-root, with the cached base
 * images, stays; CDK_RUST_IMAGE_ENGINE_KEEP=1 leaves them running).
 *
 * On a full run (no file or name filter), every path verified-paths.ts marks
 * "verified" must have been recorded by a passing test (markVerified), or the
 * run fails: the README's table of verified paths is generated from that list.
 */
export default function globalTeardown(globalConfig: GlobalConfig = {}): void {
  const session = process.env[SESSION_ENV];
  if (!session) return;
  const verifiedFile = `${session}.verified`;
  const recorded = new Set(fs.existsSync(verifiedFile) ? fs.readFileSync(verifiedFile, 'utf-8').split('\n').filter(Boolean) : []);
  fs.rmSync(verifiedFile, { force: true });
  const filtered = Boolean(
    (globalConfig.testPathPatterns?.patterns ?? []).length > 0
    || globalConfig.testNamePattern
    || globalConfig.onlyChanged
    || globalConfig.findRelatedTests,
  );
  const missing = VERIFIED_PATHS.filter((p) => p.status === 'verified' && !recorded.has(p.id)).map((p) => p.id);

  stopWhatThisRunStarted();

  if (filtered) {
    // eslint-disable-next-line no-console
    console.log(`engine run with a filter: verified paths recorded: ${[...recorded].sort().join(', ') || 'none'}`);
    return;
  }
  if (missing.length > 0) {
    throw new Error(`the README calls these paths verified, but no passing test of this run recorded them (markVerified): ${missing.join(', ')}`);
  }
  // eslint-disable-next-line no-console
  console.log(`every verified path was built and run: ${[...recorded].sort().join(', ')}`);
}

/** Stops the registries and the engine this run launched (the engine scripts recorded them), unless CDK_RUST_IMAGE_ENGINE_KEEP=1. */
function stopWhatThisRunStarted(): void {
  const file = process.env[STARTED_FILE_ENV];
  if (!file || !fs.existsSync(file)) return;
  try {
    if (process.env.CDK_RUST_IMAGE_ENGINE_KEEP === '1') return;
    const r = spawnSync('bash', [STOP_STARTED_SCRIPT, file], { stdio: 'inherit', timeout: 180_000 });
    if (r.status !== 0) throw new Error(`stop-started.sh exited with ${r.status}`);
  } finally {
    fs.rmSync(file, { force: true });
  }
}
