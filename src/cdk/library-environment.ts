import { Aspects, IAspect, Stack, Validations } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { IConstruct } from 'constructs';

/*
 * cdk-nag's AwsSolutions-ECS2 reports any plain environment variable of a
 * task definition, since one may hold a secret. The library sets two that
 * hold none: PGSSLMODE=require and the collector's configuration (which
 * must change the task definition when it changes, so that a deployment
 * rolls it out). The finding is acknowledged on the task definition only
 * when, as synthesized, its containers' plain variables are exactly those:
 * a variable you add (`environment`, `container.addEnvironment()`, at any
 * time before synth) leaves it reported.
 */

const REASON = 'The only plain environment variables of this task definition are the ones cdk-rust-image sets, which hold no secret: PGSSLMODE=require (the database connection\'s TLS mode; the credentials are ECS secrets) and the metrics collector\'s configuration (AOT_CONFIG_CONTENT, so that a change of it is a new task definition revision and a deployment).';

/**
 * Acknowledges AwsSolutions-ECS2 on `taskDefinition` at synth, if the plain
 * variables of its containers are then exactly `expected` (container name
 * to variables).
 */
export function acknowledgeLibraryEnvironment(taskDefinition: ecs.TaskDefinition, expected: EnvironmentByContainer): void {
  const resource = taskDefinition.node.defaultChild as ecs.CfnTaskDefinition;
  Aspects.of(resource).add(new LibraryEnvironmentCheck(resource, expected));
}

/** Plain variables by container name. */
export type EnvironmentByContainer = { [container: string]: { [name: string]: string } };

class LibraryEnvironmentCheck implements IAspect {
  constructor(private readonly resource: ecs.CfnTaskDefinition, private readonly expected: EnvironmentByContainer) {}

  public visit(node: IConstruct): void {
    if (node !== this.resource) return;
    const stack = Stack.of(node);
    // The L1 property, as its TypeScript names spell it.
    type Definition = { name: string; environment?: Array<{ name: string; value: unknown }> };
    const definitions = stack.resolve(this.resource.containerDefinitions) as Definition[] | undefined;
    if (!Array.isArray(definitions)) return;
    const actual = withVariables(Object.fromEntries(definitions.map((d) => [d.name, environmentOf(d.environment ?? [])])));
    const wanted = withVariables(stack.resolve(this.expected));
    if (Object.keys(actual).length > 0 && JSON.stringify(actual) === JSON.stringify(wanted)) {
      Validations.of(this.resource).acknowledge({ id: 'AwsSolutions-ECS2', reason: REASON });
    }
  }
}

/** The containers that have plain variables, sorted by name, each with its variables sorted. */
function withVariables(byContainer: { [container: string]: { [name: string]: unknown } }): { [container: string]: { [name: string]: unknown } } {
  return sorted(Object.fromEntries(Object.entries(byContainer).filter(([, v]) => Object.keys(v).length > 0).map(([c, v]) => [c, sorted(v)])));
}

function environmentOf(variables: Array<{ name: string; value: unknown }>): { [name: string]: unknown } {
  return Object.fromEntries(variables.map((v) => [v.name, v.value]));
}

function sorted<T>(record: { [name: string]: T }): { [name: string]: T } {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}
