import { PhysicalName } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { acknowledgeNagFindings } from './nag-acknowledgments';

/**
 * Actions IAM accepts on `"*"` only (the Service Authorization Reference
 * lists no resource type for them) that the constructs a service uses grant:
 * pulling from ECR (`ecr:GetAuthorizationToken`) and ECS Exec's channels.
 */
export const ACTIONS_WITHOUT_RESOURCE_TYPES: readonly string[] = [
  'ecr:GetAuthorizationToken',
  'ssmmessages:CreateControlChannel',
  'ssmmessages:CreateDataChannel',
  'ssmmessages:OpenControlChannel',
  'ssmmessages:OpenDataChannel',
];

/** Name of the policy that holds them, on each role of the task. */
export const WITHOUT_RESOURCE_TYPES_POLICY_ID = 'ActionsWithoutResourceTypes';

/**
 * A task's role whose statements of `ACTIONS_WITHOUT_RESOURCE_TYPES` on `"*"`
 * (and nothing else) go to a policy of their own, where cdk-nag's
 * `AwsSolutions-IAM5[Resource::*]` is acknowledged. Every other statement
 * (yours included: `taskRole.addToPrincipalPolicy(...)`) goes to the default
 * policy, where cdk-nag reports its wildcards.
 */
class TaskRole extends iam.Role {
  private withoutResourceTypes?: iam.Policy;

  public addToPrincipalPolicy(statement: iam.PolicyStatement): iam.AddToPrincipalPolicyResult {
    if (!needsNoResourceType(statement)) {
      return super.addToPrincipalPolicy(statement);
    }
    if (!this.withoutResourceTypes) {
      this.withoutResourceTypes = new iam.Policy(this, WITHOUT_RESOURCE_TYPES_POLICY_ID, { roles: [this] });
      acknowledgeNagFindings(this.withoutResourceTypes.node.defaultChild as iam.CfnPolicy, {
        'AwsSolutions-IAM5[Resource::*]': `This policy holds only statements of actions that support no resource-level permissions (${ACTIONS_WITHOUT_RESOURCE_TYPES.join(', ')}: pulling the image from ECR, and ECS Exec), which IAM accepts on "*" alone.`,
      });
    }
    this.withoutResourceTypes.addStatements(statement);
    return { statementAdded: true, policyDependable: this.withoutResourceTypes };
  }
}

/** An allow statement of those actions alone, on "*" alone, with no condition or principal. */
function needsNoResourceType(statement: iam.PolicyStatement): boolean {
  return statement.effect === iam.Effect.ALLOW
    && statement.actions.length > 0 && statement.actions.every((action) => ACTIONS_WITHOUT_RESOURCE_TYPES.includes(action))
    && statement.resources.length === 1 && statement.resources[0] === '*'
    && statement.notActions.length === 0 && statement.notResources.length === 0
    && !statement.hasPrincipal && Object.keys(statement.conditions ?? {}).length === 0;
}

/** The task role and execution role of a service's task definition. */
export interface TaskRoles {
  readonly taskRole: iam.Role;
  readonly executionRole: iam.Role;
}

/** The roles a Fargate task definition would create, made so that cdk-nag sees every wildcard but the necessary ones. */
export function newTaskRoles(scope: Construct): TaskRoles {
  const assumedBy = new iam.ServicePrincipal('ecs-tasks.amazonaws.com');
  return {
    taskRole: new TaskRole(scope, 'TaskRole', { assumedBy }),
    // As ecs.TaskDefinition names its own: a name other stacks can refer to.
    executionRole: new TaskRole(scope, 'ExecutionRole', { assumedBy, roleName: PhysicalName.GENERATE_IF_NEEDED }),
  };
}
