import { createRequire } from 'module';
import * as path from 'path';
import type { SourceTree } from './source-tree';

// smol-toml's typings are ES-module only, so under `module: node16` this
// CommonJS file may not `import` it (TS1479); its CommonJS build, which the
// package's `require` export condition points at, loads fine.
type SmolToml = typeof import('smol-toml', { with: { 'resolution-mode': 'import' } });
const { parse, stringify, TomlError } = createRequire(__filename)('smol-toml') as SmolToml;

// Helpers for reading Cargo files, internal to the model.

/** A parsed TOML table. */
export type TomlTable = { readonly [key: string]: unknown };

/** A parsed `Cargo.toml` and where it lives (absolute paths). */
export interface ManifestFile {
  readonly file: string;
  readonly dir: string;
  readonly doc: TomlTable;
}

/** Parses TOML text; errors name the file and the parser's line and column. */
export function parseToml(text: string, file: string): TomlTable {
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

/** Writes TOML text (keys in the order given). */
export function stringifyToml(doc: TomlTable): string {
  return stringify(doc);
}

/** Reads and parses a TOML file of the context. */
export function readToml(tree: SourceTree, file: string): TomlTable {
  return parseToml(tree.readText(file, tree.relative(file)), file);
}

/** Reads a `Cargo.toml` file of the context. */
export function readManifest(tree: SourceTree, file: string): ManifestFile {
  const abs = path.resolve(file);
  return { file: abs, dir: path.dirname(abs), doc: readToml(tree, abs) };
}

/** */
export function table(value: unknown): TomlTable | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date)
    ? value as TomlTable
    : undefined;
}

/** */
export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** */
export function tables(value: unknown): TomlTable[] {
  return Array.isArray(value) ? value.map(table).filter((t): t is TomlTable => t !== undefined) : [];
}

/** */
export function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** `[package]`, or the legacy `[project]` alias. */
export function packageTable(doc: TomlTable): TomlTable | undefined {
  return table(doc.package) ?? table(doc.project);
}
