import * as fs from 'fs';
import { createRequire } from 'module';
import * as path from 'path';

// smol-toml's typings are ES-module only, so under `module: node16` this
// CommonJS file may not `import` it (TS1479); its CommonJS build, which the
// package's `require` export condition points at, loads fine.
type SmolToml = typeof import('smol-toml', { with: { 'resolution-mode': 'import' } });
const { parse, TomlError } = createRequire(__filename)('smol-toml') as SmolToml;

// Internal helpers for reading Cargo files; not part of the public API.

/** A parsed TOML table. */
export type TomlTable = { readonly [key: string]: unknown };

/** A parsed `Cargo.toml` and where it lives (absolute paths). */
export interface ManifestFile {
  readonly file: string;
  readonly dir: string;
  readonly doc: TomlTable;
}

/** Parses a TOML file; errors name the file and the parser's line and column. */
export function readToml(file: string): TomlTable {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`Cannot read ${file}: ${(e as Error).message}`);
  }
  try {
    return parse(text) as TomlTable;
  } catch (e) {
    if (e instanceof TomlError) {
      const reason = e.message.replace(/^Invalid TOML document: /, '');
      throw new Error(`Invalid TOML in ${file} at line ${e.line}, column ${e.column}: ${reason}\nFix the syntax of ${file}; cargo cannot read it either.`);
    }
    throw new Error(`Invalid TOML in ${file}: ${(e as Error).message}`);
  }
}

/** Reads a `Cargo.toml` file. */
export function readManifest(file: string): ManifestFile {
  const abs = path.resolve(file);
  return { file: abs, dir: path.dirname(abs), doc: readToml(abs) };
}

export function table(value: unknown): TomlTable | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date)
    ? value as TomlTable
    : undefined;
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function tables(value: unknown): TomlTable[] {
  return Array.isArray(value) ? value.map(table).filter((t): t is TomlTable => t !== undefined) : [];
}

export function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** `[package]`, or the legacy `[project]` alias. */
export function packageTable(doc: TomlTable): TomlTable | undefined {
  return table(doc.package) ?? table(doc.project);
}

/** Posix relative path from `from` to `to`; `.` when they are the same. */
export function posixRelative(from: string, to: string): string {
  const rel = path.relative(from, to);
  return rel === '' ? '.' : rel.split(path.sep).join('/');
}

/** Whether `child` is `parent` or lies below it (compared path component by component). */
export function isInside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

export function isFile(file: string): boolean {
  return stat(file)?.isFile() ?? false;
}

export function isDirectory(dir: string): boolean {
  return stat(dir)?.isDirectory() ?? false;
}

/** `fs.statSync` that follows links and returns undefined for any path that cannot be reached (ENOENT, ENOTDIR...). */
export function stat(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file);
  } catch {
    return undefined;
  }
}

/** Names in a directory sorted by code unit, dot-files left out; [] when it does not exist. */
export function listDirectory(dir: string): string[] {
  if (!isDirectory(dir)) {
    return [];
  }
  return fs.readdirSync(dir).filter((name) => !name.startsWith('.')).sort(compareStrings);
}

/** Locale-independent string order, so outputs are the same on every machine. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
