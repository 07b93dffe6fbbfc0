import * as path from 'path';
import { invalidValue } from '../core/errors';
import { assertSingleLine } from '../core/text';

/**
 * A directory of the project as projen components take it: relative, with
 * "/" separators, normalized (`./service/` is `service`, `` is `.`), and
 * never outside the project.
 */
export function normalizeProjectPath(dir: string, prop: string): string {
  assertSingleLine(dir, prop);
  const normalized = path.posix.normalize(dir.split(path.sep).join('/')).replace(/\/+$/, '') || '.';
  if (path.posix.isAbsolute(normalized) || normalized === '..' || normalized.startsWith('../')) {
    throw invalidValue(prop, dir, 'it must lie inside the project (a relative path)', 'Use a path relative to the project directory, such as "." or "service".');
  }
  return normalized;
}
