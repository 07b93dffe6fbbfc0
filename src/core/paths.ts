import * as path from 'path';
import { invalidValue } from './errors';
import { assertSingleLine } from './text';

/** Posix relative path from `from` to `to`; `.` when they are the same. */
export function posixRelative(from: string, to: string): string {
  const rel = path.relative(from, to);
  return rel === '' ? '.' : rel.split(path.sep).join('/');
}

/** Whether `child` is `parent` or lies below it (compared component by component, no file system access). */
export function isInside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

/** The nearest directory that holds both `a` and `b` (absolute paths). */
export function commonAncestor(a: string, b: string): string {
  let dir = a;
  while (!isInside(dir, b)) dir = path.dirname(dir);
  return dir;
}

/**
 * A relative path inside a directory, with `/` separators: not absolute, no
 * `..`, `.` or empty segments, no backslashes. Whatever is joined to a
 * directory with it stays inside that directory.
 */
export function assertContainedPath(value: string, prop: string): void {
  assertSingleLine(value, prop);
  const segments = value.split('/');
  if (value === '' || value.startsWith('/') || value.includes('\\') || /^[A-Za-z]:/.test(value)
    || segments.some((s) => s === '' || s === '.' || s === '..')) {
    throw invalidValue(prop, value, 'expected a relative path inside the directory, with "/" separators and no "..", "." or empty segments', `Use a path such as "src/main.rs" for ${prop}.`);
  }
}
