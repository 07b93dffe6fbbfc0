import * as fs from 'fs';
import * as path from 'path';
import { FileSystem, IgnoreMode, SymlinkFollowMode } from 'aws-cdk-lib';
import { ImageBuild } from '../image/image-build';
import { SUPPORT_DIR } from '../image/support-files';

/*
 * The staged build context: a copy of the Cargo workspace without build
 * output, VCS data and tool caches, with the generated Dockerfile, support
 * files and .dockerignore written into it. The DockerImageAsset hashes this
 * folder, so its hash follows the sources, Cargo.lock and the rendered
 * Dockerfile, and nothing else.
 */

/** Folder under the cloud assembly that holds the staged contexts. */
export const STAGING_FOLDER = 'rust-image-staging';

/**
 * The `.dockerignore` patterns that filter the copy, in order: the context's
 * own `.dockerignore` (what Docker would apply to this context), then the
 * generated patterns (target/, .git, node_modules, cdk.out), which come last
 * so a user's `!` exception cannot bring them back.
 *
 * @param build the composed image
 * @param outdir the cloud assembly directory; excluded when it lies inside the context
 */
export function contextExcludes(build: ImageBuild, outdir: string): string[] {
  const context = build.contextDirectory;
  const userIgnore = path.join(context, '.dockerignore');
  const user = fs.existsSync(userIgnore) ? patternsOf(fs.readFileSync(userIgnore, 'utf8')) : [];
  const inside = path.relative(context, path.resolve(outdir));
  const outdirPattern = inside !== '' && !inside.startsWith('..') && !path.isAbsolute(inside)
    ? [inside.split(path.sep).join('/')]
    : [];
  return [
    ...user,
    ...patternsOf(build.dockerignore),
    // Generated files from a previous run (e.g. a projen-rendered Dockerfile's
    // support folder) would otherwise leak into the hash; writeTo recreates ours.
    `${SUPPORT_DIR}/`,
    ...outdirPattern,
  ];
}

/**
 * Replaces `stagingDirectory` with the filtered context plus the generated
 * Dockerfile, support files and `.dockerignore`.
 *
 * Ignored directories are pruned, not walked: CDK's copy skips a directory
 * that a pattern excludes completely (no `!` exception below it), so a
 * multi-gigabyte `target/` costs one `stat`.
 *
 * @returns the paths written by the image layer, relative to the staging directory
 */
export function stageBuildContext(build: ImageBuild, stagingDirectory: string, excludes: string[]): string[] {
  fs.rmSync(stagingDirectory, { recursive: true, force: true });
  fs.mkdirSync(stagingDirectory, { recursive: true });
  FileSystem.copyDirectory(build.contextDirectory, stagingDirectory, {
    exclude: excludes,
    ignoreMode: IgnoreMode.DOCKER,
    // Docker sends symlinks as links; following them would stage (and hash) files the build never sees.
    follow: SymlinkFollowMode.NEVER,
  });
  return build.writeTo(stagingDirectory);
}

function patternsOf(dockerignore: string): string[] {
  return dockerignore.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#'));
}
