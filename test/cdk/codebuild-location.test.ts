import * as fs from 'fs';
import * as path from 'path';
import { App, CfnResource, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { NetworkMode } from 'aws-cdk-lib/aws-ecr-assets';
import { AwsSolutionsChecks } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { makeCrate } from './crate';
import { ENV } from './stacks';
import {
  Architecture, BuildLocation, CodeBuildComputeType, CrossCompilation, LoadBalancerExposure, RegistryCache, RustFargateService, RustServiceImage,
  RustServiceImageProps, RustWorkspaceServices,
} from '../../src';
import { makeTree, pkg, tempDir } from '../util';

/*
 * BuildLocation.codeBuild() in the synthesized template: the staged context
 * as a file asset, the repository, one project per architecture, the IAM
 * they get, the custom resource and the task definition's digest reference.
 * What CodeBuild does with it is simulated in the engine test
 * (test/engine/codebuild-buildspec.test.ts) and the handler's unit test.
 */

const R = '"${IMAGE_REPOSITORY}"';

function app(context: Record<string, unknown> = {}) {
  const a = new App({ outdir: tempDir('cdk-out-'), context });
  return { app: a, stack: new Stack(a, 'Stack', { env: ENV }) };
}

function imageStack(props: Partial<RustServiceImageProps> = {}, crate: string = makeCrate()) {
  const { app: a, stack } = app();
  const image = new RustServiceImage(stack, 'Image', { crateDirectory: crate, buildLocation: BuildLocation.codeBuild(), ...props });
  return { app: a, stack, image };
}

const resources = (stack: Stack, type: string) =>
  Object.values(Template.fromStack(stack).findResources(type)) as Array<{ Properties: any; DependsOn?: string[] }>;

function assetManifest(a: App): { files: Record<string, any>; dockerImages: Record<string, any> } {
  const assembly = a.synth();
  return JSON.parse(fs.readFileSync(path.join(assembly.directory, 'Stack.assets.json'), 'utf8'));
}

describe('an image built in CodeBuild', () => {
  test('the staged context is a zipped file asset, no Docker image asset: synth and deploy need no Docker; same staging and hash as the local build', () => {
    const crate = makeCrate();
    const { app: a, image } = imageStack({}, crate);
    const manifest = assetManifest(a);
    expect(manifest.dockerImages ?? {}).toEqual({});
    const [file] = Object.entries<any>(manifest.files).filter(([, f]) => f.source.packaging === 'zip');
    expect(file[0]).toBe(image.assetHash);
    expect(file[1].source).toEqual({ path: path.basename(image.assetDirectory), packaging: 'zip' });
    expect(path.basename(image.assetDirectory)).toBe(`asset.${image.assetHash}`);
    const local = new RustServiceImage(new Stack(new App({ outdir: tempDir('cdk-out-') }), 'Stack', { env: ENV }), 'Image', { crateDirectory: crate });
    expect(local.assetHash).toBe(image.assetHash);
  });

  test('one project per architecture, on the native machine of each, privileged for Docker, with the timeout, compute type and the asset as its S3 source', () => {
    const buildLocation = BuildLocation.codeBuild({ computeType: CodeBuildComputeType.LARGE, timeoutMinutes: 20 });
    const { stack } = imageStack({ multiPlatform: true, buildLocation });
    const projects = resources(stack, 'AWS::CodeBuild::Project').map((p) => p.Properties);
    const env = projects.map((p) => {
      const { Type, Image, ComputeType, PrivilegedMode } = p.Environment;
      return [Type, Image, ComputeType, PrivilegedMode, p.TimeoutInMinutes];
    });
    expect(projects.map((p) => p.QueuedTimeoutInMinutes)).toEqual([5, 5]);
    expect(env).toEqual([
      ['LINUX_CONTAINER', 'aws/codebuild/standard:7.0', 'BUILD_GENERAL1_LARGE', true, 20],
      ['ARM_CONTAINER', 'aws/codebuild/amazonlinux-aarch64-standard:3.0', 'BUILD_GENERAL1_LARGE', true, 20],
    ]);
    for (const p of projects) {
      expect(p.Source.Type).toBe('S3');
      expect(p.Source.Location).toMatch(/^cdk-hnb659fds-assets-123456789012-eu-west-1\/[0-9a-f]{64}\.zip$/);
      expect(p.Artifacts).toEqual({ Type: 'NO_ARTIFACTS' });
      expect(p.Environment.EnvironmentVariables).toEqual([{ Name: 'IMAGE_REPOSITORY', Type: 'PLAINTEXT', Value: expect.objectContaining({ 'Fn::Join': expect.anything() }) }]);
      expect(p.LogsConfig.CloudWatchLogs).toEqual({ Status: 'ENABLED', GroupName: { Ref: expect.stringMatching(/^ImageCodeBuildLogs/) } });
    }
    const [amd64, arm64] = projects.map((p) => JSON.parse(p.Source.BuildSpec));
    expect(amd64.phases.build.commands[1]).toMatch(new RegExp(`^docker build --platform linux/amd64 -f Dockerfile --target builder -t ${R.replace(/[${}]/g, '\\$&')}:builder-cache-amd64 `));
    expect(arm64.phases.build.commands[1]).toMatch(/^docker build --platform linux\/arm64 /);
  });

  test('a single-platform image builds on its own architecture\'s machine only', () => {
    const { stack } = imageStack({ architecture: Architecture.ARM64 });
    expect(resources(stack, 'AWS::CodeBuild::Project').map((p) => p.Properties.Environment.Type)).toEqual(['ARM_CONTAINER']);
  });

  test('an ECR repository of its own: scanned on push; each service keeps its newest images, earlier builder caches expire', () => {
    const { stack } = imageStack({ buildLocation: BuildLocation.codeBuild({ repositoryName: 'team/task-api', maxImageCount: 12 }) });
    const [repo] = resources(stack, 'AWS::ECR::Repository');
    expect(repo.Properties.RepositoryName).toBe('team/task-api');
    expect(repo.Properties.ImageScanningConfiguration).toEqual({ ScanOnPush: true });
    expect(JSON.parse(repo.Properties.LifecyclePolicy.LifecyclePolicyText).rules).toEqual([
      { rulePriority: 1, description: 'The newest images of task-api', selection: { tagStatus: 'tagged', tagPrefixList: ['task-api.'], countType: 'imageCountMoreThan', countNumber: 12 }, action: { type: 'expire' } },
      { rulePriority: 2, description: 'Untagged images (earlier builder caches)', selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countNumber: 7, countUnit: 'days' }, action: { type: 'expire' } },
    ]);
  });

  test('least privilege: the build pushes to its repository only, reads the source object only, writes its log group; login to ECR alone on "*"', () => {
    const { stack } = imageStack();
    const policies = Object.fromEntries(Object.entries(Template.fromStack(stack).findResources('AWS::IAM::Policy'))
      .filter(([id]) => id.startsWith('ImageCodeBuild')).map(([id, r]) => [id.replace(/[0-9A-F]{8}$/, ''), r.Properties.PolicyDocument.Statement]));
    const repoArn = { 'Fn::GetAtt': [expect.stringMatching(/^ImageCodeBuildRepository/), 'Arn'] };
    expect(policies).toEqual({
      ImageCodeBuildBuildPolicy: [
        { Effect: 'Allow', Resource: repoArn, Action: ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage', 'ecr:InitiateLayerUpload', 'ecr:UploadLayerPart', 'ecr:CompleteLayerUpload', 'ecr:PutImage'] },
        { Effect: 'Allow', Action: ['s3:GetObject', 's3:GetObjectVersion'], Resource: expect.objectContaining({ 'Fn::Join': ['', expect.arrayContaining([expect.stringMatching(/^:s3:::cdk-hnb659fds-assets-123456789012-eu-west-1\/[0-9a-f]{64}\.zip$/)])] }) },
        { Effect: 'Allow', Action: ['s3:GetBucketLocation', 's3:GetBucketAcl'], Resource: expect.objectContaining({ 'Fn::Join': ['', expect.arrayContaining([':s3:::cdk-hnb659fds-assets-123456789012-eu-west-1'])] }) },
        { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: { 'Fn::GetAtt': [expect.stringMatching(/^ImageCodeBuildLogs/), 'Arn'] } },
      ],
      ImageCodeBuildRegistryLogin: [{ Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' }],
    });
    // The projects add nothing to their role (CDK's report-group and log grants would be wider).
    const roles = Object.keys(Template.fromStack(stack).findResources('AWS::IAM::Role')).filter((id) => id.startsWith('ImageCodeBuild'));
    expect(roles).toEqual([expect.stringMatching(/^ImageCodeBuildBuildRole/)]);
  });

  test('the custom resource: what to build, on the stack\'s one provider, after the permissions; the handler may start only these projects and complete only this repository', () => {
    const { stack } = imageStack({ multiPlatform: true });
    const [resource] = resources(stack, 'Custom::CdkRustImageBuild');
    const tag = expect.stringMatching(/^task-api\.[0-9a-f]{32}$/);
    expect(resource.Properties).toEqual({
      ServiceToken: { 'Fn::GetAtt': [expect.stringMatching(/^CdkRustImageCodeBuildProviderframeworkonEvent/), 'Arn'] },
      RepositoryName: { Ref: expect.stringMatching(/^ImageCodeBuildRepository/) },
      Projects: [{ Ref: expect.stringMatching(/^ImageCodeBuildBuildamd64/) }, { Ref: expect.stringMatching(/^ImageCodeBuildBuildarm64/) }],
      TagsVariable: 'CDK_RUST_IMAGE_TAGS',
      Images: [{ Tag: tag, PlatformTags: { amd64: expect.stringMatching(/^task-api\.[0-9a-f]{32}-amd64$/), arm64: expect.stringMatching(/^task-api\.[0-9a-f]{32}-arm64$/) } }],
    });
    expect(resource.DependsOn).toEqual([
      expect.stringMatching(/^CdkRustImageCodeBuildProviderBuildLocations/), expect.stringMatching(/^ImageCodeBuildBuildPolicy/), expect.stringMatching(/^ImageCodeBuildRegistryLogin/),
    ]);
    const grants = Object.entries(Template.fromStack(stack).findResources('AWS::IAM::Policy')).find(([id]) => id.startsWith('CdkRustImageCodeBuildProviderBuildLocations'))![1];
    expect(grants.Properties.PolicyDocument.Statement).toEqual([
      { Effect: 'Allow', Action: ['codebuild:StartBuild', 'codebuild:BatchGetBuilds', 'codebuild:StopBuild'], Resource: [{ 'Fn::GetAtt': [expect.stringMatching(/^ImageCodeBuildBuildamd64/), 'Arn'] }, { 'Fn::GetAtt': [expect.stringMatching(/^ImageCodeBuildBuildarm64/), 'Arn'] }] },
      { Effect: 'Allow', Action: ['ecr:BatchGetImage', 'ecr:PutImage'], Resource: { 'Fn::GetAtt': [expect.stringMatching(/^ImageCodeBuildRepository/), 'Arn'] } },
    ]);
  });

  test('the provider polls every 30 seconds for an hour (CloudFormation\'s limit) with the handlers on Node.js 24', () => {
    const { stack } = imageStack();
    const functions = Object.entries(Template.fromStack(stack).findResources('AWS::Lambda::Function'));
    expect(functions.filter(([id]) => /Provider(OnEvent|IsComplete)/.test(id)).map(([, f]) => [f.Properties.Handler, f.Properties.Runtime, f.Properties.Timeout])).toEqual([
      ['index.handler', 'nodejs24.x', 60], ['index.handler', 'nodejs24.x', 60],
    ]);
    const [machine] = resources(stack, 'AWS::StepFunctions::StateMachine');
    const definition = JSON.stringify(machine.Properties.DefinitionString);
    expect(definition).toContain('\\"IntervalSeconds\\":30');
    expect(definition).toContain('\\"MaxAttempts\\":120');
    expect(machine.Properties.LoggingConfiguration.Level).toBe('ALL');
  });

  test('the task definition refers to the image by the digest the custom resource answers; the execution role may pull from the repository', () => {
    const { stack, image } = imageStack();
    new RustFargateService(stack, 'Service', { image });
    const [taskDefinition] = resources(stack, 'AWS::ECS::TaskDefinition');
    const imageRef = JSON.stringify(taskDefinition.Properties.ContainerDefinitions[0].Image);
    expect(imageRef).toMatch(/"@",\{"Fn::GetAtt":\["ImageCodeBuildImages[0-9A-F]{8}","Digest0"\]\}\]\]\}$/);
    expect(imageRef).toContain('{"Ref":"ImageCodeBuildRepository');
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'], Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ImageCodeBuildRepository'), 'Arn'] } })]) },
    });
    expect(image.imageTag).toMatch(/^task-api\.[0-9a-f]{32}$/);
  });

  test('an unchanged context synthesizes the same resource properties (no update, nothing built); a changed source changes the tag (a new build, a rollout)', () => {
    const crate = makeCrate();
    const props = (stack: Stack) => resources(stack, 'Custom::CdkRustImageBuild')[0].Properties.Images;
    const first = props(imageStack({}, crate).stack);
    expect(props(imageStack({}, crate).stack)).toEqual(first);
    fs.writeFileSync(path.join(crate, 'src/main.rs'), 'fn main() { println!("v2"); }\n');
    expect(props(imageStack({}, crate).stack)[0].Tag).not.toBe(first[0].Tag);
  });

  test('two images in a stack share its provider; each grants it its own projects and repository', () => {
    const { stack } = imageStack();
    new RustServiceImage(stack, 'Other', { crateDirectory: makeCrate(), buildLocation: BuildLocation.codeBuild() });
    expect(resources(stack, 'AWS::StepFunctions::StateMachine')).toHaveLength(1);
    expect(resources(stack, 'Custom::CdkRustImageBuild')).toHaveLength(2);
    const grants = Object.entries(Template.fromStack(stack).findResources('AWS::IAM::Policy')).find(([id]) => id.startsWith('CdkRustImageCodeBuildProviderBuildLocations'))![1];
    expect(grants.Properties.PolicyDocument.Statement).toHaveLength(4);
  });

  test('builds on native machines: the warnings about emulated builders are dropped; locally they stay', () => {
    const warnings = (location: BuildLocation) => {
      const { stack } = imageStack({ multiPlatform: true, crossCompilation: CrossCompilation.none(), buildLocation: location });
      return Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('multiPlatform')).length;
    };
    expect(warnings(BuildLocation.local())).toBe(1);
    expect(warnings(BuildLocation.codeBuild())).toBe(0);
  });
});

describe('RustWorkspaceServices built in CodeBuild: one dependency build per architecture for every service', () => {
  const workspace = () => makeTree({
    'Cargo.toml': '[workspace]\nmembers = ["api", "worker", "shared"]\nresolver = "2"\n',
    'Cargo.lock': 'version = 4\n\n[[package]]\nname = "api"\nversion = "0.1.0"\ndependencies = ["shared"]\n\n[[package]]\nname = "shared"\nversion = "0.1.0"\n\n[[package]]\nname = "worker"\nversion = "0.1.0"\n',
    'api/Cargo.toml': pkg('api', '[dependencies]\nshared = { path = "../shared" }\n'),
    'api/src/main.rs': 'fn main() { shared::hi(); }\n',
    'worker/Cargo.toml': pkg('worker'),
    'worker/src/main.rs': 'fn main() {}\n',
    'shared/Cargo.toml': pkg('shared'),
    'shared/src/lib.rs': 'pub fn hi() {}\n',
  }, 'workspace-');

  function servicesStack(root: string) {
    const { app: a, stack } = app();
    const services = new RustWorkspaceServices(stack, 'Services', {
      crateDirectory: root, services: [{ binaryName: 'api' }, { binaryName: 'worker' }], buildLocation: BuildLocation.codeBuild(), architecture: Architecture.ARM64,
    });
    new RustFargateService(stack, 'Api', { image: services.image('api'), loadBalancer: LoadBalancerExposure.PUBLIC });
    new RustFargateService(stack, 'Worker', { image: services.image('worker') });
    return { app: a, stack, services };
  }

  test('one project builds the builder stage once, then each service\'s target; one repository, a lifecycle rule per service, a digest per service', () => {
    const { stack, services } = servicesStack(workspace());
    const [project] = resources(stack, 'AWS::CodeBuild::Project');
    expect(resources(stack, 'AWS::CodeBuild::Project')).toHaveLength(1);
    const commands: string[] = JSON.parse(project.Properties.Source.BuildSpec).phases.build.commands;
    expect(commands.filter((c) => c.includes('--target builder'))).toHaveLength(1);
    expect(commands.map((c) => /--target (runtime-\S+)/.exec(c)?.[1]).filter(Boolean)).toEqual(['runtime-api', 'runtime-worker']);
    expect(resources(stack, 'AWS::ECR::Repository')).toHaveLength(1);
    expect(JSON.parse(resources(stack, 'AWS::ECR::Repository')[0].Properties.LifecyclePolicy.LifecyclePolicyText).rules.map((r: any) => r.selection.tagPrefixList))
      .toEqual([['api.'], ['worker.'], undefined]);
    const images = resources(stack, 'AWS::ECS::TaskDefinition').map((t) => JSON.stringify(t.Properties.ContainerDefinitions[0].Image).match(/"(Digest\d)"/)![1]);
    expect(images).toEqual(['Digest0', 'Digest1']);
    expect(services.images.map((i) => i.assetHash.slice(0, 32))).toEqual(resources(stack, 'Custom::CdkRustImageBuild')[0].Properties.Images.map((i: any) => i.Tag.split('.')[1]));
  });

  test('a change to one service\'s crate changes only its tag: the other service is neither built nor rolled out', () => {
    const root = workspace();
    const tags = () => resources(servicesStack(root).stack, 'Custom::CdkRustImageBuild')[0].Properties.Images.map((i: any) => i.Tag);
    const [api, worker] = tags();
    fs.writeFileSync(path.join(root, 'worker/src/main.rs'), 'fn main() { println!("v2"); }\n');
    const [api2, worker2] = tags();
    expect(api2).toBe(api);
    expect(worker2).not.toBe(worker);
  });

  test('cdk-nag: no errors; every acknowledgment sits on the one resource it is about', () => {
    const { app: a } = servicesStack(workspace());
    const violations = new AwsSolutionsChecks().validateScope(a).violations.filter((v) => v.severity === 'error');
    expect(violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} at ${r.constructPath}`))).toEqual([]);
    const acks = acknowledgments(a).filter((ack) => /CodeBuild/.test(ack));
    expect(acks).toEqual([
      'AwsSolutions-CB4 at Stack/Services/CodeBuild/Build-arm64/Resource',
      'AwsSolutions-IAM5[Resource::*] at Stack/CdkRustImageCodeBuildProvider/Provider/waiter-state-machine/Role/DefaultPolicy/Resource',
      'AwsSolutions-IAM5[Resource::*] at Stack/Services/CodeBuild/RegistryLogin/Resource',
      expect.stringMatching(/^AwsSolutions-IAM5\[Resource::<CdkRustImageCodeBuildProviderIsComplete[0-9A-F]{8}\.Arn>:\*\] at Stack\/CdkRustImageCodeBuildProvider\/FrameworkOnEventRole\/DefaultPolicy\/Resource$/),
      expect.stringMatching(/^AwsSolutions-IAM5\[Resource::<CdkRustImageCodeBuildProviderIsComplete[0-9A-F]{8}\.Arn>:\*\] at Stack\/CdkRustImageCodeBuildProvider\/FrameworkWaiterRole\/DefaultPolicy\/Resource$/),
      expect.stringMatching(/^AwsSolutions-IAM5\[Resource::<CdkRustImageCodeBuildProviderOnEvent[0-9A-F]{8}\.Arn>:\*\] at Stack\/CdkRustImageCodeBuildProvider\/FrameworkOnEventRole\/DefaultPolicy\/Resource$/),
      expect.stringMatching(/^AwsSolutions-IAM5\[Resource::<CdkRustImageCodeBuildProviderOnEvent[0-9A-F]{8}\.Arn>:\*\] at Stack\/CdkRustImageCodeBuildProvider\/FrameworkWaiterRole\/DefaultPolicy\/Resource$/),
      expect.stringMatching(/^AwsSolutions-IAM5\[Resource::<CdkRustImageCodeBuildProviderframeworkisComplete[0-9A-F]{8}\.Arn>:\*\] at Stack\/CdkRustImageCodeBuildProvider\/Provider\/waiter-state-machine\/Role\/DefaultPolicy\/Resource$/),
      expect.stringMatching(/^AwsSolutions-IAM5\[Resource::<CdkRustImageCodeBuildProviderframeworkonTimeout[0-9A-F]{8}\.Arn>:\*\] at Stack\/CdkRustImageCodeBuildProvider\/Provider\/waiter-state-machine\/Role\/DefaultPolicy\/Resource$/),
      'AwsSolutions-L1 at Stack/CdkRustImageCodeBuildProvider/Provider/framework-isComplete/Resource',
      'AwsSolutions-L1 at Stack/CdkRustImageCodeBuildProvider/Provider/framework-onEvent/Resource',
      'AwsSolutions-L1 at Stack/CdkRustImageCodeBuildProvider/Provider/framework-onTimeout/Resource',
      'AwsSolutions-SF2 at Stack/CdkRustImageCodeBuildProvider/Provider/waiter-state-machine/Resource',
    ]);
    for (const ack of acks) {
      const resource = a.node.findAll().find((c) => c.node.path === ack.split(' at ')[1]);
      const single = resource !== undefined && CfnResource.isCfnResource(resource) && resource.node.children.length === 0;
      expect({ ack, single }).toEqual({ ack, single: true });
    }
  });
});

/** Every acknowledgment in the tree, as "id at path" (each acknowledgment's metadata entry repeats the ones before it on the resource). */
function acknowledgments(scope: IConstruct): string[] {
  return [...new Set(scope.node.findAll().flatMap((c) => c.node.metadata
    .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
    .flatMap((m) => Object.keys(m.data as object).map((id) => `${id.replace(/^annotation::/i, '')} at ${c.node.path}`))))]
    .sort();
}

describe('what a CodeBuild build cannot take, refused at synth naming the prop and the fix', () => {
  test.each([
    ['registryCache', { registryCache: RegistryCache.registry('123456789012.dkr.ecr.eu-west-1.amazonaws.com/cache:main') }],
    ['cacheFrom', { cacheFrom: [{ type: 'registry', params: { ref: 'x/y:z' } }] }],
    ['cacheTo', { cacheTo: { type: 'registry', params: { ref: 'x/y:z' } } }],
    ['outputs', { outputs: ['type=tar,dest=/tmp/x.tar'] }],
  ] as const)('%s', (prop, props) => {
    expect(() => imageStack(props as Partial<RustServiceImageProps>)).toThrow(
      `RustServiceImage Stack/Image: Invalid props: buildLocation is BuildLocation.codeBuild(), and ${prop} is set. Leave them out: a CodeBuild build pushes to its own ECR repository and keeps the builder stage there as its registry cache (or build locally to use them).`);
  });

  test('build secrets and an SSH agent, before anything is staged', () => {
    expect(() => imageStack({ buildSecrets: [{ id: 'token', sourceFile: '/run/token', environmentVariable: 'TOKEN' }] })).toThrow(/^RustServiceImage Stack\/Image: Invalid buildSecrets \["token"\]: a CodeBuild build has no files/);
    expect(() => imageStack({ sshAgent: { knownHosts: ['github.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl'] } })).toThrow(/^RustServiceImage Stack\/Image: Invalid sshAgent "default": a CodeBuild build has no SSH agent/);
  });

  test('a compute type the ARM fleet of the stack\'s region lacks', () => {
    const a = new App({ outdir: tempDir('cdk-out-') });
    const stack = new Stack(a, 'Stack', { env: { account: '123456789012', region: 'cn-north-1' } });
    const buildLocation = BuildLocation.codeBuild({ computeType: CodeBuildComputeType.XLARGE });
    const props = { crateDirectory: makeCrate(), architecture: Architecture.ARM64, buildLocation };
    expect(() => new RustServiceImage(stack, 'Image', props)).toThrow(/^RustServiceImage Stack\/Image: Invalid computeType "BUILD_GENERAL1_XLARGE": CodeBuild's ARM fleet in cn-north-1 offers BUILD_GENERAL1_SMALL and BUILD_GENERAL1_LARGE only/);
    expect(() => new RustServiceImage(stack, 'X86', { ...props, architecture: Architecture.X86_64 })).not.toThrow();
  });

  test('with CodeBuild, the network mode still reaches the build (the same invocation)', () => {
    const { stack } = imageStack({ networkMode: NetworkMode.HOST });
    expect(JSON.parse(resources(stack, 'AWS::CodeBuild::Project')[0].Properties.Source.BuildSpec).phases.build.commands[1]).toMatch(/ --network host \.$/);
  });
});
