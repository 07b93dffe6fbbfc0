/**
 * Helpers of the engine tests for teams (issue 13): a workspace with several
 * services, private dependencies, CI runners with a cold cache.
 *
 * - BuildKit's plain log: which steps were CACHED, which ran.
 * - The CDK path: the asset manifest of a synthesized stack and the
 *   `docker build` argv cdk-assets runs for it, in the asset directory.
 * - Secrets: every byte of an image (`docker save`, member by member, every
 *   layer tar included), its history and its configuration, searched for the
 *   byte sequences of a secret.
 * - A private git server over SSH (Debian's openssh-server and git) and a
 *   private sparse cargo registry that requires a token, both on 127.0.0.1.
 * - A checkout's mtimes for a fixture copy (as task-api.ts does; kept here
 *   so these files do not depend on that one while it is being rewritten).
 */
import { ChildProcess, spawn, spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { DockerImageSource } from 'aws-cdk-lib/cloud-assembly-schema';
import { AssetManifestArtifact, CloudAssembly } from 'aws-cdk-lib/cx-api';
import { DOCKER_CLI, freePort, getEngine, run } from '../../devtools/engine-harness';

// --- fixtures ------------------------------------------------------------------------

/** The JSON body of a 200 answer, or throws with the answer. */
export function json200(response: { status: number; body: string }): Record<string, string> {
  if (response.status !== 200) throw new Error(`expected 200, got ${response.status}: ${response.body.slice(0, 200)}`);
  return JSON.parse(response.body);
}

// --- BuildKit's plain progress log ---------------------------------------------------

/** Numbers of the steps whose title (`#12 [builder 4/7] RUN cargo build ...`) matches `title`. */
export function stepsMatching(log: string, title: RegExp): string[] {
  const steps = new Set<string>();
  for (const m of log.matchAll(/^#(\d+) (\[[^\]]*\] .*)$/gm)) {
    if (title.test(m[2])) steps.add(m[1]);
  }
  return [...steps];
}

/**
 * Whether the step titled `title` came from the cache: `CACHED` when every
 * step with that title printed `#<n> CACHED`, `RAN` when one ran, `MISSING`
 * when no step has that title.
 */
export function stepStatus(log: string, title: RegExp): 'CACHED' | 'RAN' | 'MISSING' {
  const steps = stepsMatching(log, title);
  if (steps.length === 0) return 'MISSING';
  return steps.every((n) => new RegExp(`^#${n} CACHED$`, 'm').test(log)) ? 'CACHED' : 'RAN';
}

/** Every step of a log with how it ended (`CACHED`, `DONE 12.3s`, `ERROR`), for messages when an assertion fails. */
export function stepSummary(log: string): string[] {
  const titles = new Map<string, string>();
  for (const m of log.matchAll(/^#(\d+) (\[[^\]]*\] .*)$/gm)) titles.set(m[1], m[2].slice(0, 100));
  return [...titles].map(([n, title]) => {
    const end = [...log.matchAll(new RegExp(`^#${n} (CACHED|DONE [0-9.]+s|ERROR.*)$`, 'gm'))].pop()?.[1] ?? 'unfinished';
    return `#${n} ${end}: ${title}`;
  });
}

/** The lines of a log that mention `text` (for messages when an assertion fails). */
export function linesWith(log: string, text: string | RegExp, max = 20): string[] {
  return log.split('\n').filter((l) => (typeof text === 'string' ? l.includes(text) : text.test(l))).slice(0, max);
}

// --- the CDK path --------------------------------------------------------------------

export interface CliRun {
  readonly exitCode: number;
  /** stdout and stderr (BuildKit writes its progress to stderr). */
  readonly log: string;
  readonly durationMs: number;
}

/**
 * Runs the docker CLI in `cwd` with BuildKit, as cdk-assets does (the
 * harness's runner has no working directory). `--progress plain` comes from
 * BUILDKIT_PROGRESS, so the argv stays exactly the one cdk-assets runs.
 */
export function dockerIn(cwd: string, args: string[]): Promise<CliRun> {
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(DOCKER_CLI, args, {
      cwd,
      env: {
        ...process.env,
        DOCKER_HOST: getEngine().dockerHost,
        DOCKER_BUILDKIT: '1',
        BUILDKIT_PROGRESS: 'plain',
        // cdk-assets sets this for every build.
        BUILDX_NO_DEFAULT_ATTESTATIONS: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => out.push(b));
    child.on('error', reject);
    child.on('close', (code) => resolve({ exitCode: code ?? 1, log: Buffer.concat(out).toString('utf-8'), durationMs: Date.now() - t0 }));
  });
}

/** argv with `--target <stage>` and another tag: the same build, stopped at a stage. */
export function withTarget(argv: string[], stage: string, tag: string): string[] {
  const out = [...argv];
  const t = out.indexOf('--tag');
  out[t + 1] = tag;
  out.splice(t + 2, 0, '--target', stage);
  return out;
}

export interface StackAsset {
  readonly assetId: string;
  readonly source: DockerImageSource;
  /** The asset directory: the build context cdk-assets builds in. */
  readonly directory: string;
  /** The asset manifest it was read from. */
  readonly manifestFile: string;
}

/** The asset manifest the CLI publishes for a stack: the stack artifact's asset-manifest dependency. */
export function assetManifestOf(assembly: CloudAssembly, stackName: string): AssetManifestArtifact {
  const manifests = assembly.getStackByName(stackName).dependencies.filter(AssetManifestArtifact.isAssetManifestArtifact);
  if (manifests.length !== 1) throw new Error(`expected one asset manifest for ${stackName}, found ${manifests.length}`);
  return manifests[0];
}

/** The one Docker image asset of a stack, from its asset manifest, as the CLI reads it. */
export function stackAsset(assembly: CloudAssembly, stackName: string): StackAsset {
  const manifest = assetManifestOf(assembly, stackName);
  const images = Object.entries(manifest.contents.dockerImages ?? {});
  if (images.length !== 1) throw new Error(`expected one dockerImages entry in ${manifest.file}, found ${images.length}`);
  const [assetId, { source }] = images[0];
  if (!source.directory) throw new Error(`dockerImages.${assetId}.source has no directory: ${JSON.stringify(source)}`);
  // cdk-assets: the directory is relative to the manifest's own directory.
  return { assetId, source, directory: path.resolve(path.dirname(manifest.file), source.directory), manifestFile: manifest.file };
}

// --- secrets in images ------------------------------------------------------------------

/** A byte sequence that must not appear anywhere, and what it is. */
export interface Needle {
  readonly name: string;
  readonly bytes: Buffer;
}

/** Where a needle was found: a member of the `docker save` archive, the history, the configuration. */
export interface Finding {
  readonly needle: string;
  readonly where: string;
}

/**
 * The byte sequences of a token: the text, its bytes in base64 and hex (as
 * an HTTP Basic header or a dump would carry them).
 */
export function tokenNeedles(name: string, token: string): Needle[] {
  const bytes = Buffer.from(token, 'utf-8');
  return [
    { name, bytes },
    { name: `${name} (base64)`, bytes: Buffer.from(bytes.toString('base64').replace(/=+$/, '')) },
    { name: `${name} (hex)`, bytes: Buffer.from(bytes.toString('hex')) },
  ];
}

/**
 * The byte sequences of an OpenSSH private key file: the whole file, each
 * line of its base64 body, and the key material itself (the ed25519 seed and
 * the private section, raw, base64 and hex), whichever form a leak took.
 */
export function privateKeyNeedles(name: string, keyFile: string): Needle[] {
  const text = fs.readFileSync(keyFile, 'utf-8');
  const body = text.split('\n').filter((l) => l && !l.startsWith('-----'));
  const { seed, privateSection } = parseOpenSshEd25519(Buffer.from(body.join(''), 'base64'));
  const forms = (label: string, b: Buffer): Needle[] => [
    { name: `${name}: ${label}`, bytes: b },
    { name: `${name}: ${label} (hex)`, bytes: Buffer.from(b.toString('hex')) },
  ];
  return [
    { name: `${name}: the key file`, bytes: Buffer.from(text) },
    ...body.map((line, i) => ({ name: `${name}: line ${i + 2} of the key file`, bytes: Buffer.from(line) })),
    ...forms('ed25519 seed', seed),
    ...forms('private section', privateSection),
  ];
}

/** The seed and the (unencrypted) private section of an `openssh-key-v1` ed25519 key. */
function parseOpenSshEd25519(blob: Buffer): { seed: Buffer; privateSection: Buffer } {
  const magic = Buffer.from('openssh-key-v1\0');
  if (!blob.subarray(0, magic.length).equals(magic)) throw new Error('not an openssh-key-v1 private key');
  let at = magic.length;
  const str = (): Buffer => {
    const n = blob.readUInt32BE(at);
    const s = blob.subarray(at + 4, at + 4 + n);
    at += 4 + n;
    return s;
  };
  const cipher = str().toString();
  if (cipher !== 'none') throw new Error(`the key is encrypted (${cipher}); docker build --ssh needs an unencrypted key`);
  str(); // kdf name
  str(); // kdf options
  at += 4; // number of keys (1)
  str(); // public key
  const privateSection = str();
  // check1, check2, key type, public key, then the private key: seed (32) || public (32).
  let p = 8;
  const field = (): Buffer => {
    const n = privateSection.readUInt32BE(p);
    const s = privateSection.subarray(p + 4, p + 4 + n);
    p += 4 + n;
    return s;
  };
  if (field().toString() !== 'ssh-ed25519') throw new Error('not an ed25519 key');
  field();
  const priv = field();
  return { seed: priv.subarray(0, 32), privateSection };
}

export interface ImageScan {
  /** Where any needle was found; empty when none was. */
  readonly findings: Finding[];
  /** Members of the `docker save` archive searched (layer tars, configuration, manifests). */
  readonly members: number;
  /** Of those, layer tars. */
  readonly layers: number;
  /** Bytes searched. */
  readonly bytes: number;
}

/**
 * Searches every byte of an image for the needles: `docker save` to a file,
 * then each member of that archive (each layer's uncompressed tar, the image
 * configuration with its history, the manifests) on its own. What it cannot
 * see: a secret inside a compressed file of a layer (a gzip or a git pack).
 */
export async function scanImage(tag: string, needles: Needle[]): Promise<ImageScan> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-rust-image-save-'));
  const archive = path.join(dir, 'image.tar');
  try {
    await getEngine().docker(['save', '-o', archive, tag]);
    return scanTar(archive, needles);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Walks a tar archive member by member, searching each member's data for the needles. */
export function scanTar(archive: string, needles: Needle[]): ImageScan {
  const fd = fs.openSync(archive, 'r');
  const findings: Finding[] = [];
  let members = 0;
  let layers = 0;
  let bytes = 0;
  try {
    const size = fs.fstatSync(fd).size;
    const header = Buffer.alloc(512);
    let offset = 0;
    while (offset + 512 <= size) {
      fs.readSync(fd, header, 0, 512, offset);
      if (header.every((b) => b === 0)) break;
      const name = cString(header.subarray(0, 100));
      const prefix = cString(header.subarray(345, 500));
      const length = parseInt(cString(header.subarray(124, 136)).trim() || '0', 8);
      const member = prefix ? `${prefix}/${name}` : name;
      if (length > 0) {
        members += 1;
        if (member.endsWith('layer.tar')) layers += 1;
        for (const needle of searchRange(fd, offset + 512, length, needles)) findings.push({ needle, where: `docker save: ${member}` });
        bytes += length;
      }
      offset += 512 + Math.ceil(length / 512) * 512;
    }
  } finally {
    fs.closeSync(fd);
  }
  return { findings, members, layers, bytes };
}

function cString(b: Buffer): string {
  const end = b.indexOf(0);
  return b.subarray(0, end === -1 ? b.length : end).toString('utf-8');
}

/** The names of the needles found in [start, start + length) of a file, read in chunks that overlap by the longest needle. */
function searchRange(fd: number, start: number, length: number, needles: Needle[]): string[] {
  const longest = Math.max(...needles.map((n) => n.bytes.length));
  const chunk = 16 * 1024 * 1024;
  const buffer = Buffer.alloc(chunk + longest);
  const found = new Set<string>();
  for (let at = 0; at < length; at += chunk) {
    const n = fs.readSync(fd, buffer, 0, Math.min(chunk + longest, length - at), start + at);
    const view = buffer.subarray(0, n);
    for (const needle of needles) {
      if (!found.has(needle.name) && view.indexOf(needle.bytes) !== -1) found.add(needle.name);
    }
  }
  return [...found];
}

/** Searches `docker history --no-trunc` and `docker inspect` of an image (text) for the needles. */
export async function scanImageMetadata(tag: string, needles: Needle[]): Promise<Finding[]> {
  const docker = getEngine().docker;
  const sources: Array<[string, string]> = [
    ['docker history --no-trunc', (await docker(['history', '--no-trunc', '--format', '{{.CreatedBy}}\t{{.Comment}}', tag])).stdout],
    ['docker inspect', (await docker(['image', 'inspect', tag])).stdout],
  ];
  const findings: Finding[] = [];
  for (const [where, text] of sources) {
    const b = Buffer.from(text, 'utf-8');
    for (const needle of needles) if (b.indexOf(needle.bytes) !== -1) findings.push({ needle: needle.name, where });
  }
  return findings;
}

// --- a private git server over SSH ---------------------------------------------------------

const SSHD = '/usr/sbin/sshd';

/** The host packages the private-dependency test needs, and what is missing of them. */
export function missingSshServerTools(): string[] {
  const missing: string[] = [];
  if (!fs.existsSync(SSHD)) missing.push('openssh-server');
  for (const [tool, pkg] of [['git', 'git'], ['ssh-keygen', 'openssh-client'], ['ssh-keyscan', 'openssh-client'], ['unshare', 'util-linux']]) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0 && !missing.includes(pkg)) missing.push(pkg);
  }
  return missing;
}

export interface GitSshServer {
  readonly port: number;
  /** The directory with the bare repositories, the keys and the log. */
  readonly directory: string;
  /** A client key the server accepts (`git` user), unencrypted OpenSSH ed25519. */
  readonly clientKey: string;
  /** A key the server does not accept. */
  readonly strangerKey: string;
  /** `ssh-keyscan -p <port> 127.0.0.1` of the server's host key: a known_hosts line. */
  readonly knownHostsLine: string;
  /** SHA256 fingerprint of clientKey, as sshd logs it. */
  readonly clientFingerprint: string;
  /** Creates a bare repository with one commit of `sourceDir`; returns its ssh:// URL and the commit. */
  addRepository(name: string, sourceDir: string): { url: string; commit: string };
  /** What sshd logged so far. */
  log(): string;
  stop(): Promise<void>;
}

/** An unprivileged uid for the server's `git` account (only in sshd's own view of /etc/passwd). */
const GIT_UID = 64123;

/**
 * Starts a private sshd on 127.0.0.1:<free port> serving git to user `git`.
 * Nothing of the system's ssh setup is used or changed: its own config file,
 * host key, authorized_keys and log under a temporary directory. The `git`
 * account exists only for this sshd: it runs in a mount namespace of its own
 * (`unshare --mount`) whose /etc/passwd and /etc/group are copies with that
 * account added, and whose /run is a fresh tmpfs (for sshd's privilege
 * separation directory).
 */
export async function startGitSshServer(): Promise<GitSshServer> {
  const missing = missingSshServerTools();
  if (missing.length > 0) throw new Error(`the SSH git server needs Debian's ${missing.join(', ')} on the host (apt-get install -y ${missing.join(' ')})`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-rust-image-sshd-'));
  // sshd reads authorized_keys and git reads the repositories as the git account.
  fs.chmodSync(dir, 0o755);
  const keygen = (file: string, comment: string) => run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', file]);
  const hostKey = path.join(dir, 'host_ed25519');
  const clientKey = path.join(dir, 'client_ed25519');
  const strangerKey = path.join(dir, 'stranger_ed25519');
  await keygen(hostKey, 'cdk-rust-image engine test host');
  await keygen(clientKey, 'cdk-rust-image engine test deploy key');
  await keygen(strangerKey, 'cdk-rust-image engine test key the server does not know');
  fs.copyFileSync(`${clientKey}.pub`, path.join(dir, 'authorized_keys'));
  fs.chmodSync(path.join(dir, 'authorized_keys'), 0o644);
  const repos = path.join(dir, 'repos');
  fs.mkdirSync(repos);
  fs.chownSync(repos, GIT_UID, GIT_UID);
  fs.writeFileSync(path.join(dir, 'passwd'), `${fs.readFileSync('/etc/passwd', 'utf-8').trimEnd()}\ngit:x:${GIT_UID}:${GIT_UID}:git:${repos}:/bin/sh\n`);
  fs.writeFileSync(path.join(dir, 'group'), `${fs.readFileSync('/etc/group', 'utf-8').trimEnd()}\ngit:x:${GIT_UID}:\n`);
  const port = await freePort();
  const logFile = path.join(dir, 'sshd.log');
  fs.writeFileSync(path.join(dir, 'sshd_config'), [
    `Port ${port}`,
    'ListenAddress 127.0.0.1',
    `HostKey ${hostKey}`,
    `PidFile ${path.join(dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${path.join(dir, 'authorized_keys')}`,
    // The temporary directory is not root-owned all the way up as StrictModes wants.
    'StrictModes no',
    'AllowUsers git',
    'PubkeyAuthentication yes',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'UsePAM no',
    'PermitRootLogin no',
    'AllowTcpForwarding no',
    'AllowAgentForwarding no',
    'X11Forwarding no',
    'PermitTTY no',
    'PrintMotd no',
    'LogLevel VERBOSE',
    '',
  ].join('\n'));
  const script = [
    'set -e',
    'mount -t tmpfs -o mode=755 tmpfs /run',
    'mkdir -m 755 /run/sshd',
    `mount --bind ${dir}/passwd /etc/passwd`,
    `mount --bind ${dir}/group /etc/group`,
    `exec ${SSHD} -D -f ${dir}/sshd_config -E ${logFile}`,
  ].join('\n');
  const child: ChildProcess = spawn('unshare', ['--mount', '--propagation', 'private', 'sh', '-c', script], { stdio: ['ignore', 'ignore', 'pipe'] });
  const stderr: Buffer[] = [];
  child.stderr!.on('data', (b: Buffer) => stderr.push(b));
  let exited = false;
  child.on('exit', () => { exited = true; });
  const readLog = () => (fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf-8') : '');
  const stop = async () => {
    if (!exited) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  };
  try {
    await waitForPort(port, 15_000, () => (exited ? `sshd exited: ${Buffer.concat(stderr).toString()}${readLog()}` : undefined));
    const scan = await run('ssh-keyscan', ['-p', String(port), '-t', 'ed25519', '127.0.0.1']);
    const knownHostsLine = scan.stdout.split('\n').find((l) => l.startsWith(`[127.0.0.1]:${port} ssh-ed25519 `));
    if (!knownHostsLine) throw new Error(`ssh-keyscan gave no ed25519 key: ${scan.stdout}${scan.stderr}`);
    const fingerprint = (await run('ssh-keygen', ['-l', '-E', 'sha256', '-f', `${clientKey}.pub`])).stdout.split(/\s+/)[1];
    return {
      port,
      directory: dir,
      clientKey,
      strangerKey,
      knownHostsLine,
      clientFingerprint: fingerprint,
      addRepository: (name, sourceDir) => addRepository(repos, port, name, sourceDir),
      log: readLog,
      stop: async () => {
        await stop();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await stop();
    throw e;
  }
}

function addRepository(repos: string, port: number, name: string, sourceDir: string): { url: string; commit: string } {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-rust-image-git-work-'));
  try {
    fs.cpSync(sourceDir, work, { recursive: true });
    const git = (cwd: string, ...args: string[]) => {
      const r = spawnSync('git', ['-c', 'user.name=cdk-rust-image', '-c', 'user.email=engine-test@cdk-rust-image.invalid', '-c', 'init.defaultBranch=main', ...args],
        { cwd, encoding: 'utf-8' });
      if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${r.stderr}`);
      return r.stdout.trim();
    };
    git(work, 'init', '-q');
    git(work, 'add', '-A');
    git(work, 'commit', '-q', '-m', `${name}: the private crate of the engine test`);
    const bare = path.join(repos, `${name}.git`);
    git(repos, 'clone', '-q', '--bare', work, bare);
    spawnSync('chown', ['-R', `${GIT_UID}:${GIT_UID}`, bare]);
    return { url: `ssh://git@127.0.0.1:${port}${bare}`, commit: git(work, 'rev-parse', 'HEAD') };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

async function waitForPort(port: number, timeoutMs: number, failure: () => string | undefined): Promise<void> {
  const t0 = Date.now();
  for (;;) {
    const why = failure();
    if (why) throw new Error(why);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => { socket.destroy(); resolve(true); });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() - t0 > timeoutMs) throw new Error(`nothing listens on 127.0.0.1:${port} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

// --- a private cargo registry that requires a token ----------------------------------------

/** A crate the registry serves: its `.crate` archive and index entry. */
export interface RegistryCrate {
  readonly name: string;
  readonly version: string;
  /** The `.crate` file (a gzipped tar of `<name>-<version>/`). */
  readonly archive: Buffer;
}

export interface RegistryRequest {
  readonly method: string;
  readonly path: string;
  /** Whether the request carried the registry's token in `Authorization`. */
  readonly withToken: boolean;
  /** Whether it carried an `Authorization` header at all. */
  readonly withAuthorization: boolean;
  readonly status: number;
}

export interface PrivateRegistry {
  readonly port: number;
  /** The index URL for `.cargo/config.toml` and Cargo.lock: `sparse+http://127.0.0.1:<port>/index/`. */
  readonly index: string;
  /** Every request, in order. */
  readonly requests: RegistryRequest[];
  close(): Promise<void>;
}

/**
 * A sparse cargo registry on 127.0.0.1 (cargo's documented protocol) with
 * `auth-required`: every request without the token gets 401, as a private
 * registry (Artifactory, CloudSmith, a company's own) answers.
 */
export async function startPrivateRegistry(token: string, crates: RegistryCrate[]): Promise<PrivateRegistry> {
  const requests: RegistryRequest[] = [];
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = http.createServer((req, res) => {
    const url = req.url ?? '/';
    const withToken = req.headers.authorization === token;
    const answer = (status: number, body: string | Buffer, type = 'application/json') => {
      requests.push({ method: req.method ?? '', path: url, withToken, withAuthorization: req.headers.authorization !== undefined, status });
      res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
      res.end(body);
    };
    if (!withToken) {
      answer(401, JSON.stringify({ errors: [{ detail: 'this registry requires a token' }] }));
      return;
    }
    if (url === '/index/config.json') {
      answer(200, JSON.stringify({ 'dl': `${base}/dl`, 'api': base, 'auth-required': true }));
      return;
    }
    for (const c of crates) {
      if (url === `/index/${indexPath(c.name)}`) {
        answer(200, `${JSON.stringify({ name: c.name, vers: c.version, deps: [], cksum: sha256(c.archive), features: {}, yanked: false })}\n`);
        return;
      }
      if (url === `/dl/${c.name}/${c.version}/download`) {
        answer(200, c.archive, 'application/octet-stream');
        return;
      }
    }
    answer(404, JSON.stringify({ errors: [{ detail: 'not found' }] }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    port,
    index: `sparse+${base}/index/`,
    requests,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** The sparse index path of a crate name (cargo's layout: 1/, 2/, 3/<c>/, <ab>/<cd>/). */
export function indexPath(name: string): string {
  const n = name.toLowerCase();
  if (n.length <= 2) return `${n.length}/${n}`;
  if (n.length === 3) return `3/${n[0]}/${n}`;
  return `${n.slice(0, 2)}/${n.slice(2, 4)}/${n}`;
}

export function sha256(data: Buffer): string {
  return crypto.createHash('sha256').update(data).digest('hex');
}

/** A `.crate` archive of a crate directory: `<name>-<version>/...`, gzipped, as `cargo package` makes it. */
export async function packCrate(crateDir: string, name: string, version: string): Promise<Buffer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-rust-image-crate-'));
  try {
    const root = `${name}-${version}`;
    fs.cpSync(crateDir, path.join(dir, root), { recursive: true });
    const file = path.join(dir, `${root}.crate`);
    await run('tar', ['-C', dir, '--sort=name', '--owner=0', '--group=0', '--numeric-owner', '--mtime=2024-01-01 00:00:00Z', '-czf', file, root]);
    return fs.readFileSync(file);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
