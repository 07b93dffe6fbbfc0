import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Project } from 'projen';
import { synthSnapshot } from 'projen/lib/util/synth';
import { writeCrate } from './helpers';
import { HealthCheck } from '../../src';
import { dockerEngineGuard } from '../../src/projen/docker-commands';
import { RustDockerfiles } from '../../src/projen/rust-dockerfiles';
import { RustServiceProject } from '../../src/projen/rust-service-project';
import { RustWorkspaceDockerfile } from '../../src/projen/rust-workspace-dockerfile';
import { makeTree, tempDir, writeTree } from '../util';

// synth() would otherwise run `npm install` after synthesis.
beforeAll(() => { process.env.PROJEN_DISABLE_POST = 'true'; });
afterAll(() => { delete process.env.PROJEN_DISABLE_POST; });

const message = (task: string) => `${task} needs a running Docker engine, and none answers: start Docker Desktop or the Docker service (e.g. sudo systemctl start docker), `
  + 'or set DOCKER_HOST to an engine that runs (install Docker first if there is no docker command).\n';

interface TaskJson { readonly description?: string; readonly shell?: string[]; readonly steps?: Array<{ exec?: string; spawn?: string }> }

function dockerTasks(snapshot: Record<string, any>): Array<[string, TaskJson]> {
  return Object.entries(snapshot['.projen/tasks.json'].tasks as Record<string, TaskJson>).filter(([name]) => name.startsWith('docker:'));
}

/** A folder holding a `docker` that appends its arguments to `log` and exits with `status` (`inspect` prints "healthy"), for PATH. */
function fakeDocker(status: number, log: string = '/dev/null'): string {
  return writeTree(tempDir('fake-docker-'), {
    docker: ['#!/bin/sh', `printf '%s\\n' "$*" >> '${log}'`, '[ "$1" = inspect ] && echo healthy', `[ ${status} = 0 ] || echo 'Cannot connect to the Docker daemon (fake)' >&2`, `exit ${status}`, ''].join('\n'),
  });
}

/** Runs a task of the synthesized project the way `npx projen <task>` does. */
function runTask(project: Project, task: string, pathPrefix: string) {
  project.synth();
  fs.readdirSync(pathPrefix).forEach((f) => fs.chmodSync(path.join(pathPrefix, f), 0o755));
  const runner = require.resolve('projen/lib/run-task.cjs');
  return spawnSync(process.execPath, [runner, task], { cwd: project.outdir, encoding: 'utf8', env: { PATH: `${pathPrefix}:${path.dirname(process.execPath)}:/usr/bin:/bin` } });
}

describe('docker tasks need a Docker engine, and say so', () => {
  test.each([
    ['RustServiceProject (RustDockerfiles)', () => new RustServiceProject({ name: 'my-svc', outdir: tempDir('service-') })],
    ['RustWorkspaceDockerfile', () => {
      const project = new Project({ name: 'ws', outdir: makeTree({ 'Cargo.toml': '[workspace]\nmembers = ["api"]\n' }, 'ws-') });
      writeCrate(path.join(project.outdir, 'api'), 'api');
      new RustWorkspaceDockerfile(project, { services: [{ binaryName: 'api' }] });
      return project;
    }],
  ])('every docker:* task of %s says it in its description and checks for an engine first', (_name, make) => {
    const tasks = dockerTasks(synthSnapshot(make()));
    expect(tasks.length).toBeGreaterThanOrEqual(2);
    for (const [name, task] of tasks) {
      expect(task.description).toMatch(/ \(needs a running Docker engine\)$/);
      expect(task.steps![0]).toEqual({ exec: dockerEngineGuard(name) });
      expect(task.shell).toEqual(['sh', '-c']);
    }
  });

  test.each([
    ['a docker CLI whose engine does not answer', () => fakeDocker(1)],
    ['no docker CLI at all', () => tempDir('empty-path-')],
  ])('the check fails once, with one line naming the task and what to start: %s', (_name, dir) => {
    const r = spawnSync('/bin/sh', ['-c', dockerEngineGuard('docker:build:prod')], { encoding: 'utf8', env: { PATH: `${makeExecutable(dir())}:/usr/bin:/bin` } });
    expect({ status: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual({ status: 1, stdout: '', stderr: message('docker:build:prod') });
  });

  test('the check passes silently when the engine answers', () => {
    const r = spawnSync('/bin/sh', ['-c', dockerEngineGuard('docker:build:prod')], { encoding: 'utf8', env: { PATH: `${makeExecutable(fakeDocker(0))}:/usr/bin:/bin` } });
    expect({ status: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual({ status: 0, stdout: '', stderr: '' });
  });

  test('npx projen docker:build without an engine stops at the check, before any docker build', () => {
    const log = path.join(tempDir('docker-log-'), 'calls');
    const r = runTask(new RustServiceProject({ name: 'my-svc', outdir: tempDir('service-') }), 'docker:build', fakeDocker(1, log));
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(message('docker:build'));
    expect(r.stderr).not.toContain('Cannot connect to the Docker daemon');
    expect(fs.readFileSync(log, 'utf8')).toBe('info\n');
  });

  test('with an engine, npx projen docker:build runs every variant\'s build through sh', () => {
    const log = path.join(tempDir('docker-log-'), 'calls');
    const r = runTask(new RustServiceProject({ name: 'my-svc', outdir: tempDir('service-') }), 'docker:build', fakeDocker(0, log));
    expect(r.status).toBe(0);
    const builds = fs.readFileSync(log, 'utf8').split('\n').filter((l) => l.startsWith('build '));
    expect(builds).toEqual(['prod', 'scratch', 'alpine', 'dev'].map((v) => `build --platform linux/amd64 -f ${v === 'prod' ? 'Dockerfile' : `Dockerfile.${v}`} -t my-svc:${v} .`));
  });

  test('docker:smoke of a command health check (a shell loop projen\'s own task shell rejects) runs', () => {
    const project = new Project({ name: 'svc', outdir: tempDir('exec-check-') });
    writeCrate(project.outdir, 'svc');
    new RustDockerfiles(project, { binaryName: 'svc', healthCheck: HealthCheck.exec(['/app/svc', 'health']) });
    const r = runTask(project, 'docker:smoke', fakeDocker(0));
    expect({ status: r.status, stderr: r.stderr.split('\n').filter((l) => /error|unsupported/i.test(l)) }).toEqual({ status: 0, stderr: [] });
  });
});

function makeExecutable(dir: string): string {
  fs.readdirSync(dir).forEach((f) => fs.chmodSync(path.join(dir, f), 0o755));
  return dir;
}
