import { execFile, execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import { AddressInfo } from 'net';
import * as path from 'path';
import { libBinBuilder } from './render-expected';
import { ScratchRuntime } from '../../src';
import { requireHostTool, tempDir } from '../util';

// These tests run the shipped probe and static check for real, with the host's Rust toolchain.
const CARGO = requireHostTool('cargo');
const RUSTC = requireHostTool('rustc');
requireHostTool('cc');
const work = tempDir('probe-');

function writeSupportFiles(): string {
  const context = path.join(work, 'context');
  new ScratchRuntime().compose(libBinBuilder()).writeTo(context);
  return context;
}

describe('the health check probe', () => {
  let probe: string;
  let crate: string;
  let server: http.Server;
  let port: number;
  let silent: net.Server;
  let silentPort: number;
  const requests: http.IncomingMessage[] = [];

  beforeAll(async () => {
    const context = writeSupportFiles();
    crate = path.join(context, '.cdk-rust-image', 'healthcheck');
    execFileSync(CARGO, ['build', '--release', '--locked', '--offline', '--target-dir', path.join(work, 'target')], { cwd: crate, stdio: 'pipe' });
    probe = path.join(work, 'target', 'release', 'healthcheck');
    server = http.createServer((req, res) => {
      requests.push(req);
      res.statusCode = req.url === '/health' ? 200 : req.url === '/moved' ? 302 : 503;
      res.end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    // Accepts and never answers.
    silent = net.createServer((socket) => socket.resume());
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    silentPort = (silent.address() as AddressInfo).port;
  }, 180_000);
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await new Promise((resolve) => silent.close(resolve));
  });

  const run = (...args: string[]) => new Promise<{ status: number | null; stderr: string }>((resolve) => {
    // Async so the in-process servers can answer.
    execFile(probe, args, (error, _stdout, stderr) => {
      resolve({ status: error ? (error.code as number) : 0, stderr });
    });
  });

  test('passes its own unit tests (URL, request and status line parsing)', () => {
    const out = execFileSync(CARGO, ['test', '--locked', '--offline', '--target-dir', path.join(work, 'test-target')], { cwd: crate, encoding: 'utf8', stdio: 'pipe' });
    expect(out).toMatch(/test result: ok\. [1-9]\d* passed; 0 failed/);
  }, 180_000);

  test('is small even before linking the C library in (a regression net for std or core::fmt creeping back)', () => {
    expect(fs.statSync(probe).size).toBeLessThanOrEqual(64 * 1024);
  });

  test('exits 0 on 2xx and 3xx, sending a GET with Host and Connection: close', async () => {
    const before = requests.length;
    expect(await run(`http://127.0.0.1:${port}/health`)).toEqual({ status: 0, stderr: '' });
    expect(await run('--timeout-ms=2000', `http://127.0.0.1:${port}/moved`)).toEqual({ status: 0, stderr: '' });
    const { method, url, httpVersion, headers } = requests[before];
    expect({ method, url, version: httpVersion, host: headers.host, connection: headers.connection })
      .toEqual({ method: 'GET', url: '/health', version: '1.1', host: `127.0.0.1:${port}`, connection: 'close' });
  });

  test('exits 1 on 5xx, naming the URL and status in one line', async () => {
    expect(await run(`http://127.0.0.1:${port}/down`)).toEqual({ status: 1, stderr: `healthcheck: http://127.0.0.1:${port}/down: answered HTTP 503\n` });
  });

  test('exits 1 when nothing listens', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const freePort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    expect(await run(`http://127.0.0.1:${freePort}/health`)).toEqual({ status: 1, stderr: `healthcheck: http://127.0.0.1:${freePort}/health: connect: Connection refused\n` });
  });

  test('exits 1 by its deadline when the service accepts and never answers', async () => {
    expect(await run('--timeout-ms=200', `http://127.0.0.1:${silentPort}/health`))
      .toEqual({ status: 1, stderr: `healthcheck: http://127.0.0.1:${silentPort}/health: no answer within 200 ms (waiting for the status line)\n` });
  });

  test('exits 1 with the fix when the command line is wrong', async () => {
    expect(await run()).toEqual({ status: 1, stderr: 'healthcheck: usage: healthcheck [--timeout-ms=N] http://127.0.0.1:PORT/PATH\n' });
    expect(await run('http://localhost:8080/health')).toEqual({
      status: 1, stderr: 'healthcheck: http://localhost:8080/health: the URL\'s host must be an IPv4 address such as 127.0.0.1 (names are not resolved)\n',
    });
    expect(await run('--timeout-ms=0', 'http://127.0.0.1:8080/health')).toEqual({
      status: 1, stderr: 'healthcheck: http://127.0.0.1:8080/health: --timeout-ms must be a number of milliseconds from 1 to 60000\n',
    });
  });

  test('is a static binary when built with crt-static', () => {
    const out = path.join(work, 'static-target');
    execFileSync(CARGO, ['build', '--release', '--locked', '--offline', '--target', 'x86_64-unknown-linux-gnu', '--target-dir', out], {
      cwd: crate,
      stdio: 'pipe',
      env: { ...process.env, RUSTFLAGS: '-C target-feature=+crt-static' },
    });
    const binary = path.join(out, 'x86_64-unknown-linux-gnu', 'release', 'healthcheck');
    const check = spawnSync('sh', [path.join(work, 'context', '.cdk-rust-image', 'assert-static.sh'), binary], { encoding: 'utf8' });
    expect(check.stdout).toContain('is static');
    expect(check.status).toBe(0);
    // It runs: the C library's start-up and socket calls, linked in.
    const refused = spawnSync(binary, ['http://127.0.0.1:1/'], { encoding: 'utf8' });
    expect({ status: refused.status, stderr: refused.stderr }).toEqual({ status: 1, stderr: 'healthcheck: http://127.0.0.1:1/: connect: Connection refused\n' });
  }, 180_000);
});

describe('the static-binary check', () => {
  const source = path.join(work, 'main.rs');
  beforeAll(() => fs.writeFileSync(source, 'fn main() { println!("hi"); }\n'));

  test('fails a dynamically linked binary with the fix in the message', () => {
    const context = writeSupportFiles();
    const binary = path.join(work, 'dynamic');
    execFileSync(RUSTC, ['-o', binary, source]);
    const check = spawnSync('sh', [path.join(context, '.cdk-rust-image', 'assert-static.sh'), binary], { encoding: 'utf8' });
    expect(check.status).toBe(1);
    expect(check.stderr).toContain(`${binary} is dynamically linked`);
    expect(check.stderr).toContain('Requesting program interpreter');
    expect(check.stderr).toContain('Fix: link it statically (Linkage.MUSL, or Linkage.GLIBC_STATIC');
  });

  test('passes a static binary', () => {
    const context = writeSupportFiles();
    const binary = path.join(work, 'static');
    execFileSync(RUSTC, ['-C', 'target-feature=+crt-static', '-o', binary, source]);
    const check = spawnSync('sh', [path.join(context, '.cdk-rust-image', 'assert-static.sh'), binary], { encoding: 'utf8' });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  });
});
