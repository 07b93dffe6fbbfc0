import * as fs from 'fs';
import * as path from 'path';
import { AssetManifestArtifact, CloudAssembly } from 'aws-cdk-lib/cx-api';

/*
 * Prints what `npx projen example` synthesized, read back from the cloud
 * assembly (not from the constructs): stacks, image assets with their
 * platform and Dockerfile, and the container's user, health check and CPU
 * architecture as CloudFormation will see them.
 */

const directory = path.resolve(process.argv[2] ?? 'cdk.out');
const assembly = new CloudAssembly(directory);
const lines: string[] = [`Cloud assembly: ${path.relative(process.cwd(), directory)}`];

for (const stack of assembly.stacksRecursively) {
  const resources = Object.values<any>(stack.template.Resources ?? {});
  lines.push(`Stack ${stack.stackName} (${stack.environment.region}): ${resources.length} resources`);

  const manifests = stack.dependencies.filter((d): d is AssetManifestArtifact => d instanceof AssetManifestArtifact);
  for (const manifest of manifests) {
    const images = JSON.parse(fs.readFileSync(manifest.file, 'utf8')).dockerImages ?? {};
    for (const [hash, entry] of Object.entries<any>(images)) {
      const dockerfile = path.join(entry.source.directory, entry.source.dockerFile ?? 'Dockerfile');
      const present = fs.existsSync(path.join(assembly.directory, dockerfile)) ? 'inside the asset directory' : 'MISSING';
      lines.push(`  Image asset ${entry.displayName ?? hash.slice(0, 12)}: platform ${entry.source.platform ?? '(engine default)'}`);
      lines.push(`    Dockerfile: ${dockerfile} (${present})`);
    }
  }

  for (const taskDefinition of resources.filter((r) => r.Type === 'AWS::ECS::TaskDefinition')) {
    const props = taskDefinition.Properties;
    lines.push(`  Task definition: ${props.Cpu} CPU units, ${props.Memory} MiB, architecture ${props.RuntimePlatform?.CpuArchitecture ?? 'X86_64 (Fargate default)'}`);
    for (const container of props.ContainerDefinitions ?? []) {
      const check = container.HealthCheck;
      lines.push(`    Container ${container.Name}: user ${container.User ?? 'image default'}, port ${(container.PortMappings ?? []).map((p: any) => p.ContainerPort).join(', ')}, read-only root ${container.ReadonlyRootFilesystem === true}`);
      lines.push(`    Health check: ${check ? `${JSON.stringify(check.Command)} every ${check.Interval}s, timeout ${check.Timeout}s, ${check.Retries} retries` : 'none'}`);
    }
  }
  for (const group of resources.filter((r) => r.Type === 'AWS::ElasticLoadBalancingV2::TargetGroup')) {
    const p = group.Properties;
    lines.push(`  Load balancer target group: ${p.HealthCheckProtocol ?? 'HTTP'} ${p.HealthCheckPath} on port ${p.HealthCheckPort}, every ${p.HealthCheckIntervalSeconds}s`);
  }
  // What the CDK CLI would print as warnings at synth time.
  for (const message of stack.messages.filter((m) => m.level === 'warning' || m.level === 'error')) {
    lines.push(`  ${message.level === 'error' ? 'Error' : 'Warning'} at ${message.id}: ${message.entry.data}`);
  }
}

console.log(lines.join('\n'));
