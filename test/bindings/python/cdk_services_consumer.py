"""The CDK layer with every option of the new API, type-checked with pyright
(strict) by `npx projen bindings`:

- a RustServiceImage with private dependencies (build secrets, an SSH agent),
  pinned base images, an SBOM, a source revision, a build context of its own
  and a BuildKit registry cache, plus every ImageAssetOptions field;
- RustWorkspaceServices: two services of one Cargo workspace (inline cache);
- two RustFargateServices fed by the workspace: "Api" with every option at
  once (Fargate Spot and Service Connect), "Worker" with the options those
  exclude (capacity provider strategies and Cloud Map);
- a third RustFargateService on the single image, in an existing cluster.
"""
import os

from aws_cdk import (
    App,
    Duration,
    Environment,
    Stack,
    aws_certificatemanager as acm,
    aws_ec2 as ec2,
    aws_ecr_assets as ecr_assets,
    aws_ecs as ecs,
    aws_logs as logs,
    aws_route53 as route53,
    aws_s3 as s3,
    aws_secretsmanager as secretsmanager,
    aws_servicediscovery as servicediscovery,
)
from constructs import Construct

from cdk_rust_image import (
    Architecture,
    BuildLocation,
    BuildLocationKind,
    BuildSecret,
    CodeBuildComputeType,
    CrossCompilation,
    CustomRuntime,
    DistrolessRuntime,
    HealthCheck,
    HttpCheckClient,
    ImageAssetOptions,
    IRustServiceImage,
    LoadBalancerExposure,
    RegistryCache,
    RustFargateService,
    RustServiceConnectOptions,
    RustServiceDefinition,
    RustServiceImage,
    RustWorkspaceImages,
    RustWorkspaceServiceImage,
    RustWorkspaceServices,
    ScratchRuntime,
    SshAgent,
    UserSetup,
)

KNOWN_HOSTS = ["github.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl"]
CACHE_REPOSITORY = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/platform-cache"


class PlatformStack(Stack):
    def __init__(self, scope: Construct, construct_id: str, *, env: Environment) -> None:
        super().__init__(scope, construct_id, env=env)
        here = os.path.dirname(__file__)

        # One service, private dependencies, pinned bases, SBOM, registry cache (buildx).
        image = RustServiceImage(
            self,
            "Billing",
            crate_directory=os.path.join(here, "services", "billing"),
            build_context_directory=os.path.join(here, "services"),
            architecture=Architecture.ARM64,
            cross_compilation=CrossCompilation.gcc(),
            runtime=ScratchRuntime(port=8080, health_check=HealthCheck.http("/health")),
            build_secrets=[
                BuildSecret(id="registry-token", environment_variable="CARGO_REGISTRIES_PRIVATE_TOKEN", source_file="/run/ci/token"),
            ],
            ssh_agent=SshAgent(known_hosts=KNOWN_HOSTS, keys=["/home/ci/.ssh/id_ed25519"]),
            image_digests={"rust:1.85-trixie": "sha256:" + "1" * 64},
            sbom=True,
            source_revision=os.environ.get("GIT_COMMIT", "unknown"),
            registry_cache=RegistryCache.registry(f"{CACHE_REPOSITORY}:billing"),
            build_args={"RUST_BACKTRACE": "1"},
            cache_disabled=False,
            outputs=["type=docker"],
            network_mode=ecr_assets.NetworkMode.DEFAULT,
            asset_name="billing",
        )
        # The same cache without the preset: cache_from / cache_to (mutually exclusive with registry_cache).
        preset = RegistryCache.registry(f"{CACHE_REPOSITORY}:billing")
        cache_from: list[ecr_assets.DockerCacheOption] = preset.cache_from
        cache_to: ecr_assets.DockerCacheOption | None = preset.cache_to
        RustServiceImage(
            self,
            "BillingExplicitCache",
            crate_directory=os.path.join(here, "services", "billing"),
            cache_from=cache_from,
            cache_to=cache_to,
            build_args=preset.build_args,
        )
        asset_options = ImageAssetOptions(
            registry_cache=RegistryCache.inline([f"{CACHE_REPOSITORY}:builder", f"{CACHE_REPOSITORY}:latest"]),
            build_args={"BUILDKIT_INLINE_CACHE": "1"},
        )
        print(asset_options.registry_cache, image.asset_hash)

        # Two services of one workspace: one Dockerfile, one image asset each.
        services = RustWorkspaceServices(
            self,
            "Services",
            crate_directory=os.path.join(here, "services"),
            services=[
                RustServiceDefinition(binary_name="api", runtime=DistrolessRuntime(port=8080)),
                RustServiceDefinition(
                    binary_name="worker",
                    runtime=CustomRuntime(
                        base_image="ubuntu:24.04",
                        runtime_name="ubuntu",
                        setup_commands=["apt-get update", "apt-get install -y --no-install-recommends curl"],
                        http_check_client=HttpCheckClient.CURL,
                        user_setup=UserSetup.APPEND_WITH_SHELL,
                        copy_ca_certificates=True,
                        port=9090,
                    ),
                ),
            ],
            architecture=Architecture.ARM64,
            registry_cache=asset_options.registry_cache,
            ssh_agent=SshAgent(known_hosts=KNOWN_HOSTS),
        )
        api_image: RustWorkspaceServiceImage = services.image("api")
        worker_image: IRustServiceImage = services.image("worker")
        all_images: list[RustWorkspaceServiceImage] = services.images
        workspace: RustWorkspaceImages = services.workspace
        print(services.asset_directory, [i.asset_hash for i in all_images], [i.image_uri for i in all_images],
              api_image.repository.repository_uri, workspace.builder.binaries)

        # The same workspace built in AWS CodeBuild at deploy time: a native machine per architecture, no Docker to deploy.
        remote = RustWorkspaceServices(
            self,
            "RemoteServices",
            crate_directory=os.path.join(here, "services"),
            services=[RustServiceDefinition(binary_name="api"), RustServiceDefinition(binary_name="worker")],
            multi_platform=True,
            build_location=BuildLocation.code_build(
                compute_type=CodeBuildComputeType.LARGE, timeout_minutes=20, repository_name="platform/services", max_image_count=10,
            ),
        )
        location: BuildLocation = BuildLocation.local()
        kind: BuildLocationKind = location.kind
        print(kind, location.is_code_build, remote.image("api").image_uri)

        vpc = ec2.Vpc(self, "Vpc", max_azs=2)
        zone = route53.HostedZone.from_hosted_zone_attributes(self, "Zone", hosted_zone_id="Z123456789", zone_name="example.com")
        certificate: acm.ICertificate = acm.Certificate(
            self, "Certificate", domain_name="api.example.com", validation=acm.CertificateValidation.from_dns(zone)
        )
        access_logs = s3.Bucket(self, "AccessLogs", enforce_ssl=True, encryption=s3.BucketEncryption.S3_MANAGED)
        security_group = ec2.SecurityGroup(self, "ApiTasks", vpc=vpc)
        log_group = logs.LogGroup(self, "ApiLogs", retention=logs.RetentionDays.ONE_MONTH)
        database_url = secretsmanager.Secret.from_secret_name_v2(self, "DatabaseUrl", "platform/database-url")

        # Every option at once: Fargate Spot and Service Connect.
        api = RustFargateService(
            self,
            "Api",
            image=api_image,
            vpc=vpc,
            task_subnets=ec2.SubnetSelection(subnet_type=ec2.SubnetType.PRIVATE_WITH_EGRESS),
            security_groups=[security_group],
            assign_public_ip=False,
            cpu=512,
            memory_limit_mib=1024,
            ephemeral_storage_gib=30,
            platform_version=ecs.FargatePlatformVersion.VERSION1_4,
            spot=True,
            desired_count=3,
            min_healthy_percent=100,
            max_healthy_percent=200,
            health_check_grace_period=Duration.seconds(60),
            enable_execute_command=False,
            min_capacity=3,
            max_capacity=12,
            target_cpu_utilization_percent=60,
            requests_per_target=1000,
            load_balancer=LoadBalancerExposure.PUBLIC,
            certificate=certificate,
            domain_name="api.example.com",
            domain_zone=zone,
            redirect_http=True,
            idle_timeout=Duration.seconds(120),
            deregistration_delay=Duration.seconds(30),
            access_logs_bucket=access_logs,
            service_connect=RustServiceConnectOptions(namespace="internal", discovery_name="api"),
            service_name="api",
            # RustContainerOptions
            container_name="api",
            log_group=log_group,
            stream_prefix="api",
            environment={"RUST_LOG": "info"},
            secrets={"DATABASE_URL": ecs.Secret.from_secrets_manager(database_url)},
            readonly_root_filesystem=True,
            writable_tmp=True,
            stop_timeout=Duration.seconds(30),
        )
        dns_record = api.dns_record
        if dns_record is not None:
            print(dns_record.domain_name)
        print(api.service.service_name, api.cluster.cluster_name, api.container.container_name, api.scaling)

        # The options Spot and Service Connect exclude: capacity providers and Cloud Map, in an existing cluster.
        cluster = ecs.Cluster(
            self,
            "Cluster",
            vpc=vpc,
            enable_fargate_capacity_providers=True,
            default_cloud_map_namespace=ecs.CloudMapNamespaceOptions(
                name="platform.local", type=servicediscovery.NamespaceType.DNS_PRIVATE, vpc=vpc
            ),
        )
        RustFargateService(
            self,
            "Worker",
            image=worker_image,
            cluster=cluster,
            capacity_provider_strategies=[
                ecs.CapacityProviderStrategy(capacity_provider="FARGATE", base=1, weight=1),
                ecs.CapacityProviderStrategy(capacity_provider="FARGATE_SPOT", weight=3),
            ],
            cloud_map_options=ecs.CloudMapOptions(name="worker", dns_ttl=Duration.seconds(10)),
            log_retention=logs.RetentionDays.TWO_WEEKS,
            enable_execute_command=True,
        )

        # The single image in the same cluster, behind an internal load balancer.
        RustFargateService(self, "BillingService", image=image, cluster=cluster, load_balancer=LoadBalancerExposure.INTERNAL)


app = App()
PlatformStack(app, "Platform", env=Environment(account="123456789012", region="eu-west-1"))
app.synth()
