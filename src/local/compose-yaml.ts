import * as YAML from 'yaml';

/*
 * YAML text both Compose implementations read the same way: docker-compose
 * 1.29 parses with PyYAML (YAML 1.1, where `on`, `y` and `1:30` are not
 * strings), Compose v2 with a YAML 1.2 parser. Every string value is double
 * quoted and keys are quoted where YAML 1.1 would read them as something
 * else, so no value changes type in either. Compose interpolates `$` in
 * every value, so each one is written as `$$`: no value a user passes turns
 * into a variable reference.
 */

/** Keys whose lists read best on one line (`test: ["CMD", ...]`). */
const FLOW_KEYS = new Set(['test', 'command']);

/** A compose.yaml (or any YAML a Compose file names) as text, with `header` lines as comments. */
export function composeYaml(content: object, header: string[]): string {
  return yamlText(escapeInterpolation(content), header);
}

/** YAML text without Compose's interpolation escape (prometheus.yml). */
export function yamlText(content: object, header: string[]): string {
  const doc = new YAML.Document(content, { version: '1.1', aliasDuplicateObjects: false });
  YAML.visit(doc, {
    Seq(_key, node, path) {
      const parent = path[path.length - 1];
      if (YAML.isPair(parent) && YAML.isScalar(parent.key) && FLOW_KEYS.has(String(parent.key.value))) node.flow = true;
    },
  });
  const body = doc.toString({ lineWidth: 0, defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN', flowCollectionPadding: false });
  return [...header.map((line) => `# ${line}`), body].join('\n');
}

/** A copy of `value` with `$` written as `$$` in every string value (not in keys, which are validated names). */
export function escapeInterpolation<T>(value: T): T {
  if (typeof value === 'string') return value.replace(/\$/g, '$$$$') as unknown as T;
  if (Array.isArray(value)) return value.map(escapeInterpolation) as unknown as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, escapeInterpolation(v)])) as T;
  }
  return value;
}
