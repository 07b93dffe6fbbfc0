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

/** Which statements on `"*"` a role keeps apart, and why they may be there. */
export interface WildcardPolicy {
  /** The actions whose statements on `"*"` (and nothing else) go to the policy. */
  readonly actions: readonly string[];
  /** Construct id of the policy. */
  readonly policyId: string;
  /** Why these actions may name `"*"`: the acknowledgment's reason. */
  readonly reason: string;
}

/** The task roles' policy of actions that take no resource. */
export const TASK_ROLE_WILDCARDS: WildcardPolicy = {
  actions: ACTIONS_WITHOUT_RESOURCE_TYPES,
  policyId: WITHOUT_RESOURCE_TYPES_POLICY_ID,
  reason: `This policy holds only statements of actions that support no resource-level permissions (${ACTIONS_WITHOUT_RESOURCE_TYPES.join(', ')}: pulling the image from ECR, and ECS Exec), which IAM accepts on "*" alone.`,
};

/**
 * A role whose statements of `wildcards.actions` on `"*"` (and nothing else)
 * go to a policy of their own, where cdk-nag's
 * `AwsSolutions-IAM5[Resource::*]` is acknowledged. Every other statement
 * (yours included: `taskRole.addToPrincipalPolicy(...)`) goes to the default
 * policy, where cdk-nag reports its wildcards.
 */
export class WildcardSeparatingRole extends iam.Role {
  private separate?: iam.Policy;

  constructor(scope: Construct, id: string, props: iam.RoleProps, private readonly wildcards: WildcardPolicy) {
    super(scope, id, props);
  }

  public addToPrincipalPolicy(statement: iam.PolicyStatement): iam.AddToPrincipalPolicyResult {
    if (!onlyOnWildcard(statement, this.wildcards.actions)) {
      return super.addToPrincipalPolicy(statement);
    }
    if (!this.separate) {
      this.separate = new iam.Policy(this, this.wildcards.policyId, { roles: [this] });
      acknowledgeNagFindings(this.separate.node.defaultChild as iam.CfnPolicy, { 'AwsSolutions-IAM5[Resource::*]': this.wildcards.reason });
    }
    this.separate.addStatements(statement);
    return { statementAdded: true, policyDependable: this.separate };
  }
}

/** An allow statement of those actions alone, on "*" alone, with no condition or principal. */
function onlyOnWildcard(statement: iam.PolicyStatement, actions: readonly string[]): boolean {
  return statement.effect === iam.Effect.ALLOW
    && statement.actions.length > 0 && statement.actions.every((action) => actions.includes(action))
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
    taskRole: new WildcardSeparatingRole(scope, 'TaskRole', { assumedBy }, TASK_ROLE_WILDCARDS),
    // As ecs.TaskDefinition names its own: a name other stacks can refer to.
    executionRole: new WildcardSeparatingRole(scope, 'ExecutionRole', { assumedBy, roleName: PhysicalName.GENERATE_IF_NEEDED }, TASK_ROLE_WILDCARDS),
  };
}
