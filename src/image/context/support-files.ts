import * as fs from 'fs';
import * as path from 'path';
import { invalidValue } from '../../core/errors';
import { assertContainedPath, isInside } from '../../core/paths';

/** A file the Dockerfile needs next to it in the build context. */
export interface SupportFile {
  /** Path relative to the build context, with `/` separators. */
  readonly path: string;
  /** File content. */
  readonly content: string;
}

/** Folder in the build context that holds the generated support files. */
export const SUPPORT_DIR = '.cdk-rust-image';

/** Where the probe's crate sits in the build context. */
export const PROBE_DIR = `${SUPPORT_DIR}/healthcheck`;

/** Folder of the dependency skeleton in the build context. */
export const SKELETON_DIR = `${SUPPORT_DIR}/skeleton`;

// The probe's sources and the static check ship in the package (assets/), next to lib/ and src/.
const ASSETS_DIR = path.join(__dirname, '..', '..', '..', 'assets');
const PROBE_SOURCE_DIR = path.join(ASSETS_DIR, 'healthcheck-probe');

/** The script that fails the build when a binary is not static. */
export const ASSERT_STATIC_FILE: SupportFile = {
  path: `${SUPPORT_DIR}/assert-static.sh`,
  content: fs.readFileSync(path.join(ASSETS_DIR, 'assert-static.sh'), 'utf8'),
};

/** The health check probe crate, as support files. */
export function probeSupportFiles(): SupportFile[] {
  return ['Cargo.toml', 'Cargo.lock', 'build.rs', 'src/main.rs', 'src/http.rs', 'src/sys.rs'].map((file) => ({
    path: `${PROBE_DIR}/${file}`,
    content: fs.readFileSync(path.join(PROBE_SOURCE_DIR, file), 'utf8'),
  }));
}

/**
 * Writes files under `directory`, creating folders as needed. Every path
 * must be a plain relative path that stays inside `directory`; an existing
 * symbolic link on the way is never followed out of it.
 */
export function writeSupportFiles(directory: string, files: SupportFile[]): string[] {
  const root = path.resolve(directory);
  fs.mkdirSync(root, { recursive: true });
  const realRoot = fs.realpathSync(root);
  return files.map((file) => {
    assertContainedPath(file.path, 'support file path');
    const target = path.join(root, ...file.path.split('/'));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const realParent = fs.realpathSync(path.dirname(target));
    if (!isInside(realRoot, realParent)) {
      throw invalidValue('support file path', file.path, `its folder is a symbolic link that leads outside ${root}`, 'Remove the link from the output directory.');
    }
    // Replace, never write through, whatever is there (a link would redirect the write).
    fs.rmSync(target, { force: true });
    fs.writeFileSync(target, file.content);
    return target;
  });
}
