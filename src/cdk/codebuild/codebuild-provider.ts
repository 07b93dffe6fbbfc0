import { Duration, Stack } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { acknowledgeNagFindings } from '../nag-acknowledgments';
import { IsCompleteFunction } from './handler/is-complete-function';
import { OnEventFunction } from './handler/on-event-function';

/** Construct id of the stack's one provider. */
const PROVIDER_ID = 'CdkRustImageCodeBuildProvider';

/** How often the provider asks whether the builds are done, and for how long: CloudFormation's hour for a custom resource. */
const QUERY_INTERVAL = Duration.seconds(30);
const TOTAL_TIMEOUT = Duration.hours(1);

/**
 * The custom resource provider of every CodeBuild build location in a stack
 * (one per stack, like aws-cdk-lib's singleton providers): the handler's
 * two functions (start the builds; wait for them and answer the digests) on
 * the CDK Provider framework, whose waiter polls `isComplete` every 30
 * seconds for up to an hour. Each build location grants it its own projects
 * and repository, and nothing else.
 */
export class CodeBuildImageProvider extends Construct {
  /** The stack's provider, made on first use. */
  public static of(scope: Construct): CodeBuildImageProvider {
    const stack = Stack.of(scope);
    return (stack.node.tryFindChild(PROVIDER_ID) as CodeBuildImageProvider | undefined) ?? new CodeBuildImageProvider(stack, PROVIDER_ID);
  }

  /** The service token of the custom resources. */
  public readonly serviceToken: string;
  /** The role of the two handler functions. */
  public readonly handlerRole: iam.Role;
  /** The policy that holds what each build location grants the handler. */
  private readonly grants: iam.Policy;
  private readonly provider: cr.Provider;

  private constructor(scope: Construct, id: string) {
    super(scope, id);
    const logGroup = new logs.LogGroup(this, 'Logs', { retention: logs.RetentionDays.ONE_MONTH });
    const lambdaRole = (roleId: string) => {
      const role = new iam.Role(this, roleId, { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
      logGroup.grantWrite(role);
      return role;
    };
    this.handlerRole = lambdaRole('HandlerRole');
    this.grants = new iam.Policy(this, 'BuildLocations', { roles: [this.handlerRole] });
    const functionProps = { role: this.handlerRole, logGroup, timeout: Duration.minutes(1), loggingFormat: lambda.LoggingFormat.JSON };
    const onEvent = new OnEventFunction(this, 'OnEvent', { ...functionProps, description: 'cdk-rust-image: starts the CodeBuild builds of images the repository lacks' });
    const isComplete = new IsCompleteFunction(this, 'IsComplete', { ...functionProps, description: 'cdk-rust-image: waits for the CodeBuild builds, joins manifest lists, answers the digests' });
    this.provider = new cr.Provider(this, 'Provider', {
      onEventHandler: onEvent,
      isCompleteHandler: isComplete,
      queryInterval: QUERY_INTERVAL,
      totalTimeout: TOTAL_TIMEOUT,
      logGroup,
      frameworkOnEventRole: lambdaRole('FrameworkOnEventRole'),
      frameworkCompleteAndTimeoutRole: lambdaRole('FrameworkWaiterRole'),
      disableWaiterStateMachineLogging: false,
      waiterStateMachineLogOptions: { destination: logGroup, level: sfn.LogLevel.ALL },
    });
    this.serviceToken = this.provider.serviceToken;
    this.acknowledgeFrameworkFindings([onEvent, isComplete]);
  }

  /** Lets the handler start and follow `projects`' builds and read and complete `repository`'s images. */
  public grantBuildLocation(projects: codebuild.IProject[], repository: ecr.IRepository): void {
    this.grants.addStatements(
      new iam.PolicyStatement({ actions: ['codebuild:StartBuild', 'codebuild:BatchGetBuilds', 'codebuild:StopBuild'], resources: projects.map((p) => p.projectArn) }),
      // Reading images tells which exist and their digests; PutImage stores a multi-platform image's manifest list.
      new iam.PolicyStatement({ actions: ['ecr:BatchGetImage', 'ecr:PutImage'], resources: [repository.repositoryArn] }),
    );
  }

  /** The policy whose statements a custom resource must wait for. */
  public get grantsPolicy(): iam.Policy {
    return this.grants;
  }

  /**
   * The Provider framework's own resources, on which the framework decides
   * what is granted and how: each finding is acknowledged on the one
   * resource it is about, and the reason says why it cannot be narrowed.
   */
  private acknowledgeFrameworkFindings(handlers: lambda.Function[]): void {
    const stack = Stack.of(this);
    const versionsOf = (fn: lambda.Function) => `AwsSolutions-IAM5[Resource::<${stack.resolve((fn.node.defaultChild as lambda.CfnFunction).logicalId)}.Arn>:*]`;
    const invokeReason = 'The CDK Provider framework grants lambda:InvokeFunction on the handler function and its versions (<function ARN>:*); the function is this provider\'s own and nothing else is granted.';
    const frameworkFunctions = ['framework-onEvent', 'framework-isComplete', 'framework-onTimeout'].map((id) => this.provider.node.findChild(id) as lambda.Function);
    for (const fn of frameworkFunctions) {
      acknowledgeNagFindings(fn.node.defaultChild as lambda.CfnFunction, {
        'AwsSolutions-L1': 'A CDK Provider framework function: aws-cdk-lib picks its runtime (the newest Node.js runtime it knows for the region), not this library.',
      });
    }
    for (const roleId of ['FrameworkOnEventRole', 'FrameworkWaiterRole']) {
      const role = this.node.findChild(roleId) as iam.Role;
      acknowledgeNagFindings(role.node.findChild('DefaultPolicy').node.defaultChild as iam.CfnPolicy,
        Object.fromEntries(handlers.map((fn) => [versionsOf(fn), invokeReason])));
    }
    const waiter = this.provider.node.findChild('waiter-state-machine');
    const waiterRole = waiter.node.findChild('Role') as iam.Role;
    acknowledgeNagFindings(waiterRole.node.findChild('DefaultPolicy').node.defaultChild as iam.CfnPolicy, {
      ...Object.fromEntries(frameworkFunctions.filter((fn) => fn.node.id !== 'framework-onEvent').map((fn) => [versionsOf(fn), invokeReason])),
      'AwsSolutions-IAM5[Resource::*]': 'Step Functions logs to CloudWatch Logs through log deliveries (logs:CreateLogDelivery and the like), which support no resource-level permissions: the CDK grants them on "*" to the waiter state machine of the Provider framework, whose logging AwsSolutions-SF1 asks for.',
    });
    acknowledgeNagFindings(waiter.node.findChild('Resource') as sfn.CfnStateMachine, {
      'AwsSolutions-SF2': 'The Provider framework\'s waiter state machine, which only calls isComplete every 30 seconds: aws-cdk-lib offers no X-Ray tracing for it; its executions are logged (level ALL).',
    });
  }
}
