import { spawnSync } from 'child_process';
import * as fs from 'fs';
import { ENGINE_SCRIPT, SESSION_ENV } from './engine-harness';
import { VERIFIED_PATHS } from './verified-paths';

interface GlobalConfig {
  /** Jest 30: the file patterns of the command line (`patterns` is empty without any). */
  readonly testPathPatterns?: { readonly patterns?: string[] };
  readonly testNamePattern?: string;
  readonly onlyChanged?: boolean;
  readonly findRelatedTests?: boolean;
}

/**
 * Checks the README's claims, then stops the private dockerd when this run
 * started it (the data-root, with the cached base images, stays;
 * CDK_RUST_IMAGE_ENGINE_KEEP=1 leaves it running).
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

  stopEngineIfStarted(session);

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

function stopEngineIfStarted(session: string): void {
  const marker = `${session}.started`;
  if (!fs.existsSync(marker)) return;
  fs.rmSync(marker, { force: true });
  if (process.env.CDK_RUST_IMAGE_ENGINE_KEEP === '1') return;
  const r = spawnSync('bash', [ENGINE_SCRIPT, 'stop'], { stdio: 'inherit', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`engine.sh stop exited with ${r.status}`);
}
