import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { IgnoreStrategy } from 'aws-cdk-lib';
import { isInside } from '../core/paths';
import { compareStrings } from '../core/versions';
import { SUPPORT_DIR } from '../image/context/support-files';
import { ImageBuild } from '../image/image-build';

/*
 * The build context, staged once: the context directory is walked a single
 * time, each file that the ignore patterns let through is copied into the
 * cloud assembly while it is hashed, and the folder is then renamed to
 * `asset.<hash>`. No second copy, no second read: CDK's own asset staging
 * (which fingerprints the folder, then copies it again) is not involved.
 *
 * Symbolic links are never followed: a link whose target stays inside the
 * context is staged as a link (as Docker sends it); one that leaves the
 * context, dangles or loops is left out and reported. Nothing outside the
 * context can reach the asset, and no link loop can make the walk endless.
 */

/** Bump when what is hashed changes. */
const HASH_VERSION = 'cdk-rust-image context v1';

/** Files larger than this are copied in chunks. */
const CHUNK = 8 * 1024 * 1024;

/** The staged context. */
export interface StagedContext {
  /** Absolute path of the asset directory (`<outdir>/asset.<hash>`). */
  readonly directory: string;
  /** SHA-256 of the staged files, their modes and link targets, and `extraHash`. */
  readonly assetHash: string;
  /** Context-relative paths of the links left out because they lead outside the context. */
  readonly linksLeftOut: string[];
  /** What was hashed, entry by entry, in order: `[path, line]` (for images that use part of the context). */
  readonly entries: Array<[string, string]>;
  /** What the hash started from (the version and the build options). */
  readonly hashSeed: string;
}

/**
 * Stages `build`'s context into `outdir`.
 *
 * @param build the composed image (context, Dockerfile, support files, .dockerignore)
 * @param outdir the directory the asset goes to (the app's asset output directory)
 * @param extraHash build options that change the image without changing a file (build args, target, platform...)
 */
export function stageContext(build: ImageBuild, outdir: string, extraHash: unknown): StagedContext {
  const root = path.resolve(build.contextDirectory);
  const realRoot = fs.realpathSync(root);
  const assetRoot = path.resolve(outdir);
  fs.mkdirSync(assetRoot, { recursive: true });
  const ignore = IgnoreStrategy.docker(root, [...userPatterns(root, realRoot), ...patternsOf(build.dockerignore)]);
  const staging = fs.mkdtempSync(path.join(assetRoot, '.staging-'));
  const hashSeed = `${HASH_VERSION}\n${JSON.stringify(extraHash ?? {})}\n`;
  const hash = crypto.createHash('sha256').update(hashSeed);
  const entries: Array<[string, string]> = [];
  const record = (relPath: string, line: string) => {
    hash.update(line);
    entries.push([relPath, line]);
  };
  const linksLeftOut: string[] = [];
  // A context wider than the workspace: only the paths the build uses, and the folders on the way to them, are walked.
  const includes = build._contextIncludes;
  const wanted = (relPath: string, isDirectory: boolean) => includes === undefined || includes.some((inc) =>
    relPath === inc || relPath.startsWith(inc.endsWith('/') ? inc : `${inc}/`) || (isDirectory && inc.startsWith(`${relPath}/`)));
  try {
    const walk = (dir: string, rel: string) => {
      const children = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => compareStrings(a.name, b.name));
      for (const entry of children) {
        const abs = path.join(dir, entry.name);
        const relPath = rel === '' ? entry.name : `${rel}/${entry.name}`;
        const target = path.join(staging, ...relPath.split('/'));
        // The cloud assembly (with this staging folder) and an earlier render's support files never enter the context.
        if (isInside(assetRoot, abs) || (rel === '' && entry.name === SUPPORT_DIR) || !wanted(relPath, entry.isDirectory())) continue;
        if (entry.isDirectory()) {
          if (ignore.completelyIgnores(abs)) continue;
          fs.mkdirSync(target);
          record(relPath, `d ${relPath}\n`);
          walk(abs, relPath);
        } else if (entry.isSymbolicLink()) {
          if (ignore.ignores(abs)) continue;
          const link = fs.readlinkSync(abs);
          if (!linkStaysInside(abs, link, root, realRoot)) {
            linksLeftOut.push(relPath);
            continue;
          }
          fs.symlinkSync(link, target);
          record(relPath, `l ${relPath} ${link}\n`);
        } else if (entry.isFile()) {
          if (ignore.ignores(abs)) continue;
          const mode = fs.lstatSync(abs).mode % 0o1000;
          record(relPath, `f ${relPath} ${isExecutable(mode) ? 'x' : '-'} ${copyAndHash(abs, target, mode)}\n`);
        }
        // Sockets, fifos and devices are not part of a build context.
      }
    };
    walk(root, '');
    // Empty directories left by ignored contents are still part of the context, as Docker sends them.
    const generated = [
      { path: 'Dockerfile', content: build.dockerfile },
      { path: '.dockerignore', content: build.dockerignore },
      ...build.supportFiles,
    ].sort((a, b) => compareStrings(a.path, b.path));
    for (const file of generated) {
      record(file.path, `g ${file.path} ${crypto.createHash('sha256').update(file.content).digest('hex')}\n`);
    }
    build.writeTo(staging);
    const assetHash = hash.digest('hex');
    const directory = path.join(assetRoot, `asset.${assetHash}`);
    if (fs.existsSync(directory)) {
      fs.rmSync(staging, { recursive: true, force: true });
    } else {
      fs.renameSync(staging, directory);
    }
    return { directory, assetHash, linksLeftOut, entries, hashSeed };
  } catch (e) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw e;
  }
}

/** Whether any execute bit (owner, group, others) is set in permission bits. */
function isExecutable(permissions: number): boolean {
  return [0o100, 0o10, 0o1].some((bit) => Math.floor(permissions / bit) % 2 === 1);
}

/** Copies a regular file, returning the SHA-256 of its content. */
function copyAndHash(source: string, target: string, mode: number): string {
  const digest = crypto.createHash('sha256');
  const size = fs.statSync(source).size;
  if (size <= CHUNK) {
    const content = fs.readFileSync(source);
    fs.writeFileSync(target, content, { mode });
    return digest.update(content).digest('hex');
  }
  const input = fs.openSync(source, 'r');
  const output = fs.openSync(target, 'w', mode);
  try {
    const buffer = Buffer.alloc(CHUNK);
    for (let read = fs.readSync(input, buffer); read > 0; read = fs.readSync(input, buffer)) {
      const chunk = buffer.subarray(0, read);
      digest.update(chunk);
      fs.writeSync(output, chunk);
    }
  } finally {
    fs.closeSync(input);
    fs.closeSync(output);
  }
  return digest.digest('hex');
}

/** Whether a link's target, resolved, exists inside the context (text and real path). */
function linkStaysInside(linkPath: string, link: string, root: string, realRoot: string): boolean {
  const resolved = path.resolve(path.dirname(linkPath), link);
  if (!isInside(root, resolved)) return false;
  try {
    return isInside(realRoot, fs.realpathSync(linkPath));
  } catch {
    return false;
  }
}

/** The context's own `.dockerignore` patterns (a link to it is only read when it stays inside the context). */
function userPatterns(root: string, realRoot: string): string[] {
  const file = path.join(root, '.dockerignore');
  try {
    const real = fs.realpathSync(file);
    if (!isInside(realRoot, real) || !fs.statSync(real).isFile()) return [];
    return patternsOf(fs.readFileSync(real, 'utf8'));
  } catch {
    return [];
  }
}

function patternsOf(dockerignore: string): string[] {
  return dockerignore.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#'));
}

/**
 * The hash of the part of a staged context one image uses: every entry but
 * those `excluded` says it does not need (other services' crates and
 * SBOMs), plus `extraHash` (its build target and options).
 */
export function partialHash(staged: StagedContext, excluded: (path: string) => boolean, extraHash: unknown): string {
  const hash = crypto.createHash('sha256').update(staged.hashSeed).update(`${JSON.stringify(extraHash ?? {})}\n`);
  for (const [relPath, line] of staged.entries) {
    if (!excluded(relPath)) hash.update(line);
  }
  return hash.digest('hex');
}
