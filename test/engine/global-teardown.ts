import { spawnSync } from 'child_process';
import * as fs from 'fs';
import { ENGINE_SCRIPT, SESSION_ENV } from './engine-harness';

/**
 * Stops the private dockerd when this run started it (the data-root, with the
 * cached base images, stays). CDK_RUST_IMAGE_ENGINE_KEEP=1 leaves it running.
 */
export default function globalTeardown(): void {
  const session = process.env[SESSION_ENV];
  if (!session) return;
  const marker = `${session}.started`;
  if (!fs.existsSync(marker)) return;
  fs.rmSync(marker, { force: true });
  if (process.env.CDK_RUST_IMAGE_ENGINE_KEEP === '1') return;
  const r = spawnSync('bash', [ENGINE_SCRIPT, 'stop'], { stdio: 'inherit', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`engine.sh stop exited with ${r.status}`);
}
