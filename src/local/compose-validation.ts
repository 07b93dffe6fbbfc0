import { invalidValue } from '../core/errors';
import { assertPort } from '../core/numbers';
import { assertSingleLine } from '../core/text';

/*
 * The checks of the local stack's own props, in the user's terms. Names and
 * values end up in compose.yaml, in container names (`<project>_<service>_1`),
 * in built image names (`<project>_<service>`, which Docker wants in lower
 * case) and in DNS (the service's host name on the stack's network).
 */

// One DNS label: what Docker's embedded DNS, image names and both Compose versions all accept.
const SERVICE_NAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
// What a POSIX shell, ECS and Compose's `environment` all take as a variable name.
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A compose service name: a DNS label, and not one the stack uses for its other services. */
export function assertServiceName(name: string, prop: string, taken: string[]): void {
  assertSingleLine(name, prop);
  if (!SERVICE_NAME.test(name)) {
    throw invalidValue(prop, name, 'Compose uses it as the container\'s host name on the stack\'s network and in image names, which take 1 to 63 lower-case letters, digits and "-" (not first or last); Docker refuses upper case, "_" breaks the host name and "." a DNS lookup', `Use e.g. "${suggestedServiceName(name)}".`);
  }
  if (taken.includes(name)) {
    throw invalidValue(prop, name, `the stack already has a service "${name}" (its services are ${taken.map((t) => `"${t}"`).join(', ')} and yours)`, 'Choose another name, e.g. "app".');
  }
}

/** A service name derived from `name` (a binary name): lower case, "_" and other characters as "-". */
export function suggestedServiceName(name: string): string {
  const label = name.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 63).replace(/-+$/, '');
  return label || 'app';
}

/** The environment's and the secrets' names and values. */
export function assertVariables(environment: { [name: string]: string }, secrets: string[], localValues: { [name: string]: string }): void {
  for (const [name, value] of Object.entries(environment)) {
    assertVariableName(name, `environment.${name}`);
    assertVariableValue(value, `environment.${name}`);
  }
  secrets.forEach((name, i) => assertVariableName(name, `secrets[${i}]`));
  for (const name of secrets) {
    if (!(name in localValues)) {
      throw invalidValue(`secrets.${name}`, name, 'the local stack has no value for it (on AWS it comes from a secret; compose.yaml needs a value of its own)', `Add localValues: { ${name}: '<a development value>' }.`);
    }
  }
  for (const [name, value] of Object.entries(localValues)) {
    if (!secrets.includes(name)) {
      throw invalidValue(`localValues.${name}`, name, 'it is not one of the secrets, so it would set nothing', `Add "${name}" to secrets, or remove it from localValues (plain values go in environment).`);
    }
    assertVariableValue(value, `localValues.${name}`);
  }
}

function assertVariableName(name: string, prop: string): void {
  assertSingleLine(name, prop);
  if (!VARIABLE_NAME.test(name)) {
    throw invalidValue(prop, name, 'expected a variable name: letters, digits and "_", not starting with a digit', 'Rename the variable, e.g. "LOG_LEVEL".');
  }
}

function assertVariableValue(value: string, prop: string): void {
  assertSingleLine(value, prop);
}

/** A port published on the host, and what publishes it. */
export interface PublishedPort {
  readonly prop: string;
  readonly port: number;
  readonly what: string;
}

/** Every published port is a port, and no two are the same (Docker would fail `up` with "port is already allocated"). */
export function assertDistinctPorts(ports: PublishedPort[]): void {
  const seen = new Map<number, PublishedPort>();
  for (const p of ports) {
    assertPort(p.port, p.prop);
    const other = seen.get(p.port);
    if (other) {
      throw invalidValue(p.prop, p.port, `127.0.0.1:${p.port} already publishes ${other.what} (${other.prop}), and the host has one port of each number`, `Set ${p.prop} or ${other.prop} to a free port.`);
    }
    seen.set(p.port, p);
  }
}
