import * as fs from 'fs';
import * as path from 'path';
import { SourceTree } from './source-tree';

// `[workspace].members` globs, as cargo expands them with the `glob` crate.

/**
 * Expands one `members` entry (`*`, `?`, `[...]` within a segment, `**`
 * across segments) to existing directories of the context. `**` does not
 * descend through symbolic links, so a link to a parent cannot make it loop.
 */
export function expandMember(tree: SourceTree, rootDir: string, pattern: string): string[] {
  const segments = pattern.split(/[\\/]+/).filter((s) => s !== '' && s !== '.');
  if (!segments.some(isGlob)) {
    return [path.resolve(rootDir, pattern)];
  }
  let current = [path.isAbsolute(pattern) ? path.parse(path.resolve(pattern)).root : rootDir];
  for (const segment of segments) {
    if (segment === '**') {
      current = current.flatMap((dir) => [dir, ...subdirectories(tree, dir)]);
    } else if (isGlob(segment)) {
      const re = globSegment(segment);
      current = current.flatMap((dir) => tree.list(dir).filter((name) => re.test(name)).map((name) => path.join(dir, name)));
    } else {
      current = current.map((dir) => path.join(dir, segment));
    }
  }
  return [...new Set(current.filter((dir) => tree.isDirectory(dir)))];
}

function isGlob(segment: string): boolean {
  return /[*?[]/.test(segment);
}

/** Every directory below `dir` reached without passing through a symbolic link. */
function subdirectories(tree: SourceTree, dir: string): string[] {
  if (!tree.isDirectory(dir)) return [];
  const out: string[] = [];
  for (const name of tree.list(dir)) {
    const sub = path.join(dir, name);
    let stats: fs.Stats;
    try {
      stats = fs.lstatSync(sub);
    } catch {
      continue;
    }
    if (stats.isDirectory()) {
      out.push(sub, ...subdirectories(tree, sub));
    } else if (stats.isSymbolicLink() && tree.isDirectory(sub)) {
      out.push(sub);
    }
  }
  return out;
}

/** A glob path segment as an anchored regular expression. */
function globSegment(segment: string): RegExp {
  let re = '';
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i];
    const close = c === '[' ? segment.indexOf(']', i + 2) : -1;
    if (c === '*') {
      re += '.*';
    } else if (c === '?') {
      re += '.';
    } else if (close > 0) {
      const body = segment.slice(i + 1, close);
      re += body.startsWith('!')
        ? `[^${body.slice(1).replace(/[\\^[]/g, '\\$&')}]`
        : `[${body.replace(/[\\^[]/g, '\\$&')}]`;
      i = close;
    } else {
      re += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${re}$`);
}
