import { str, table, TomlTable } from './cargo-toml';

/** The dependency kinds of a manifest, with cargo's legacy underscore spellings. */
const DEPENDENCY_KEYS = ['dependencies', 'dev-dependencies', 'dev_dependencies', 'build-dependencies', 'build_dependencies'];

/**
 * Every table of a manifest that lists dependencies: each kind, plus their
 * `[target.<cfg>.*]` forms; with `rootOnly`, also the tables only a
 * workspace root uses (`[workspace.dependencies]`, `[patch.<source>]`,
 * `[replace]`). The tables are the document's own objects.
 */
export function dependencyTables(doc: TomlTable, rootOnly: boolean): TomlTable[] {
  const scopes = [doc, ...Object.values(table(doc.target) ?? {}).map(table)];
  return [
    ...scopes.flatMap((scope) => DEPENDENCY_KEYS.map((key) => table(scope?.[key]))),
    ...(rootOnly ? rootOnlyDependencyTables(doc) : []),
  ].filter((t): t is TomlTable => t !== undefined);
}

/** `[workspace.dependencies]`, `[patch.<source>]` and `[replace]`. */
export function rootOnlyDependencyTables(doc: TomlTable): TomlTable[] {
  return [
    table(table(doc.workspace)?.dependencies),
    ...Object.values(table(doc.patch) ?? {}).map(table),
    table(doc.replace),
  ].filter((t): t is TomlTable => t !== undefined);
}

/** `[key, path]` of each dependency given with `path = "..."`. */
export function pathDependencies(tables: TomlTable[]): Array<[string, string]> {
  return tables.flatMap((deps) => Object.entries(deps)
    .map(([name, spec]): [string, string | undefined] => [name, str(table(spec)?.path)])
    .filter((entry): entry is [string, string] => entry[1] !== undefined));
}

/** `[key, path]` of each path crate under `[patch.<source>]` and `[replace]`. */
export function patchedPathCrates(doc: TomlTable): Array<[string, string]> {
  return pathDependencies([...Object.values(table(doc.patch) ?? {}).map(table), table(doc.replace)]
    .filter((t): t is TomlTable => t !== undefined));
}
