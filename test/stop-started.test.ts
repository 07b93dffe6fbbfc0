import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { tempDir } from './util';

const ROOT = path.join(__dirname, '..');
const STOP_STARTED = path.join(ROOT, 'scripts', 'engine', 'stop-started.sh');

/**
 * A process whose command line is what registry.sh's pid check expects of a
 * registry instance, with its pid file; detached from this process (as
 * registry.sh's setsid makes them), so it is reaped as soon as it ends.
 */
function fakeRegistry(engineRoot: string, runDir: string, name: string): number {
  const pid = Number(execFileSync('bash', ['-c', `(exec -a "/usr/bin/docker-registry serve ${engineRoot}/registry/${name}/config.yml" sleep 300) >/dev/null 2>&1 & echo $!`], { encoding: 'utf8' }));
  fs.writeFileSync(path.join(runDir, `registry-${name}.pid`), `${pid}\n`);
  return pid;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('stop-started.sh (what .ci/run and the engine tests\' teardown call when they end)', () => {
  test('stops the registries the run recorded, and leaves a registry it did not start', () => {
    const engineRoot = tempDir('engine-root-');
    const runDir = tempDir('engine-run-');
    const hub = fakeRegistry(engineRoot, runDir, 'hub');
    const gcr = fakeRegistry(engineRoot, runDir, 'gcr');
    try {
      const started = path.join(tempDir('started-'), 'started');
      fs.writeFileSync(started, 'registry hub\n');
      const r = spawnSync('bash', [STOP_STARTED, started], {
        encoding: 'utf8',
        env: { ...process.env, CDK_RUST_IMAGE_ENGINE_ROOT: engineRoot, CDK_RUST_IMAGE_ENGINE_RUN: runDir },
      });
      expect({ status: r.status, stderr: r.stderr.trim() }).toEqual({ status: 0, stderr: `engine: stopping docker-registry 'hub' (pid ${hub})` });
      expect([alive(hub), alive(gcr)]).toEqual([false, true]);
      expect(fs.existsSync(path.join(runDir, 'registry-hub.pid'))).toBe(false);
    } finally {
      for (const pid of [hub, gcr].filter(alive)) process.kill(pid);
    }
  });

  test('a run that recorded nothing stops nothing', () => {
    const r = spawnSync('bash', [STOP_STARTED, path.join(tempDir('started-'), 'missing')], { encoding: 'utf8' });
    expect({ status: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual({ status: 0, stdout: '', stderr: '' });
  });

  test('.ci/run stops what .ci/prepare-engine recorded when it ends, and the engine scripts record what they launch', () => {
    const run = fs.readFileSync(path.join(ROOT, '.ci', 'run'), 'utf8');
    const prepare = fs.readFileSync(path.join(ROOT, '.ci', 'prepare-engine'), 'utf8');
    expect(run).toMatch(/^trap 'stop_engine; summary' EXIT$/m);
    expect(run.slice(run.indexOf('stop_engine() {'), run.indexOf('\n}', run.indexOf('stop_engine() {')))).toContain('scripts/engine/stop-started.sh "$PREP_DIR/started"');
    expect(prepare).toMatch(/^export CDK_RUST_IMAGE_STARTED_FILE="\$DIR\/started"$/m);
    for (const [script, record] of [['registry.sh', 'record_started registry "$name"'], ['engine.sh', 'record_started engine']]) {
      expect(fs.readFileSync(path.join(ROOT, 'scripts', 'engine', script), 'utf8')).toContain(record);
    }
  });
});
