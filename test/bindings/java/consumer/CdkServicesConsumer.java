package consumer;

import io.github.cdkrustimage.Architecture;
import io.github.cdkrustimage.BuildLocation;
import io.github.cdkrustimage.BuildLocationKind;
import io.github.cdkrustimage.CodeBuildComputeType;
import io.github.cdkrustimage.CodeBuildOptions;
import io.github.cdkrustimage.BuildSecret;
import io.github.cdkrustimage.CrossCompilation;
import io.github.cdkrustimage.CustomRuntime;
import io.github.cdkrustimage.DistrolessRuntime;
import io.github.cdkrustimage.HealthCheck;
import io.github.cdkrustimage.HttpCheckClient;
import io.github.cdkrustimage.IRustServiceImage;
import io.github.cdkrustimage.ImageAssetOptions;
import io.github.cdkrustimage.LoadBalancerExposure;
import io.github.cdkrustimage.RegistryCache;
import io.github.cdkrustimage.RuntimeOptions;
import io.github.cdkrustimage.RustFargateService;
import io.github.cdkrustimage.RustServiceConnectOptions;
import io.github.cdkrustimage.RustServiceDefinition;
import io.github.cdkrustimage.RustServiceImage;
import io.github.cdkrustimage.RustWorkspaceImages;
import io.github.cdkrustimage.RustWorkspaceServiceImage;
import io.github.cdkrustimage.RustWorkspaceServices;
import io.github.cdkrustimage.ScratchRuntime;
import io.github.cdkrustimage.SshAgent;
import io.github.cdkrustimage.UserSetup;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.certificatemanager.Certificate;
import software.amazon.awscdk.services.certificatemanager.CertificateValidation;
import software.amazon.awscdk.services.certificatemanager.ICertificate;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ecr.assets.DockerCacheOption;
import software.amazon.awscdk.services.ecr.assets.NetworkMode;
import software.amazon.awscdk.services.ecs.CapacityProviderStrategy;
import software.amazon.awscdk.services.ecs.CloudMapNamespaceOptions;
import software.amazon.awscdk.services.ecs.CloudMapOptions;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.FargatePlatformVersion;
import software.amazon.awscdk.services.ecs.Secret;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.route53.HostedZone;
import software.amazon.awscdk.services.route53.HostedZoneAttributes;
import software.amazon.awscdk.services.route53.IHostedZone;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.servicediscovery.NamespaceType;
import software.constructs.Construct;

/**
 * The CDK layer with every option of the new API: a RustServiceImage with
 * private dependencies, pinned bases, SBOM, source revision, build context
 * and a registry cache; RustWorkspaceServices with two services feeding two
 * RustFargateServices, "Api" with every option at once (Spot, Service
 * Connect) and "Worker" with the options those exclude (capacity provider
 * strategies, Cloud Map); the single image in the same cluster.
 */
public final class CdkServicesConsumer extends Stack {
    private static final List<String> KNOWN_HOSTS = List.of(
            "github.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl");
    private static final String CACHE_REPOSITORY = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/platform-cache";

    public CdkServicesConsumer(final Construct scope, final String id, final StackProps props) {
        super(scope, id, props);

        // One service, private dependencies, pinned bases, SBOM, registry cache (buildx).
        RustServiceImage image = RustServiceImage.Builder.create(this, "Billing")
                .crateDirectory("services/billing")
                .buildContextDirectory("services")
                .architecture(Architecture.ARM64)
                .crossCompilation(CrossCompilation.gcc())
                .runtime(new ScratchRuntime(RuntimeOptions.builder().port(8080).healthCheck(HealthCheck.http("/health")).build()))
                .buildSecrets(List.of(BuildSecret.builder()
                        .id("registry-token")
                        .environmentVariable("CARGO_REGISTRIES_PRIVATE_TOKEN")
                        .sourceFile("/run/ci/token")
                        .build()))
                .sshAgent(SshAgent.builder().knownHosts(KNOWN_HOSTS).keys(List.of("/home/ci/.ssh/id_ed25519")).build())
                .imageDigests(Map.of("rust:1.85-trixie", "sha256:" + "1".repeat(64)))
                .sbom(true)
                .sourceRevision(System.getenv().getOrDefault("GIT_COMMIT", "unknown"))
                .registryCache(RegistryCache.registry(CACHE_REPOSITORY + ":billing"))
                .buildArgs(Map.of("RUST_BACKTRACE", "1"))
                .cacheDisabled(false)
                .outputs(List.of("type=docker"))
                .networkMode(NetworkMode.DEFAULT)
                .assetName("billing")
                .build();
        // The same cache without the preset: cacheFrom / cacheTo (mutually exclusive with registryCache).
        RegistryCache preset = RegistryCache.registry(CACHE_REPOSITORY + ":billing");
        List<DockerCacheOption> cacheFrom = preset.getCacheFrom();
        DockerCacheOption cacheTo = preset.getCacheTo();
        RustServiceImage.Builder.create(this, "BillingExplicitCache")
                .crateDirectory("services/billing")
                .cacheFrom(cacheFrom)
                .cacheTo(cacheTo)
                .buildArgs(preset.getBuildArgs())
                .build();
        ImageAssetOptions assetOptions = ImageAssetOptions.builder()
                .registryCache(RegistryCache.inline(List.of(CACHE_REPOSITORY + ":builder", CACHE_REPOSITORY + ":latest")))
                .buildArgs(Map.of("BUILDKIT_INLINE_CACHE", "1"))
                .build();

        // Two services of one workspace: one Dockerfile, one image asset each.
        RustWorkspaceServices services = RustWorkspaceServices.Builder.create(this, "Services")
                .crateDirectory("services")
                .services(List.of(
                        RustServiceDefinition.builder()
                                .binaryName("api")
                                .runtime(new DistrolessRuntime(RuntimeOptions.builder().port(8080).build()))
                                .build(),
                        RustServiceDefinition.builder()
                                .binaryName("worker")
                                .runtime(CustomRuntime.Builder.create()
                                        .baseImage("ubuntu:24.04")
                                        .runtimeName("ubuntu")
                                        .setupCommands(List.of("apt-get update", "apt-get install -y --no-install-recommends curl"))
                                        .httpCheckClient(HttpCheckClient.CURL)
                                        .userSetup(UserSetup.APPEND_WITH_SHELL)
                                        .copyCaCertificates(true)
                                        .port(9090)
                                        .build())
                                .build()))
                .architecture(Architecture.ARM64)
                .registryCache(assetOptions.getRegistryCache())
                .sshAgent(SshAgent.builder().knownHosts(KNOWN_HOSTS).build())
                .build();
        // The same workspace built in AWS CodeBuild at deploy time: a native machine per architecture, no Docker to deploy.
        RustWorkspaceServices remote = RustWorkspaceServices.Builder.create(this, "RemoteServices")
                .crateDirectory("services")
                .services(List.of(RustServiceDefinition.builder().binaryName("api").build(), RustServiceDefinition.builder().binaryName("worker").build()))
                .multiPlatform(true)
                .buildLocation(BuildLocation.codeBuild(CodeBuildOptions.builder()
                        .computeType(CodeBuildComputeType.LARGE)
                        .timeoutMinutes(20)
                        .repositoryName("platform/services")
                        .maxImageCount(10)
                        .build()))
                .build();
        BuildLocation location = BuildLocation.local();
        BuildLocationKind kind = location.getKind();
        System.out.println(kind + " " + location.getIsCodeBuild() + " " + remote.image("api").getImageUri());
        RustWorkspaceServiceImage apiImage = services.image("api");
        IRustServiceImage workerImage = services.image("worker");
        List<RustWorkspaceServiceImage> allImages = services.getImages();
        RustWorkspaceImages workspace = services.getWorkspace();
        for (RustWorkspaceServiceImage serviceImage : allImages) {
            System.out.println(serviceImage.getAssetHash() + " " + serviceImage.getImageUri());
        }
        System.out.println(services.getAssetDirectory() + apiImage.getRepository().getRepositoryUri() + workspace.getBuilder().getBinaries());

        Vpc vpc = Vpc.Builder.create(this, "Vpc").maxAzs(2).build();
        IHostedZone zone = HostedZone.fromHostedZoneAttributes(this, "Zone", HostedZoneAttributes.builder()
                .hostedZoneId("Z123456789").zoneName("example.com").build());
        ICertificate certificate = Certificate.Builder.create(this, "Certificate")
                .domainName("api.example.com")
                .validation(CertificateValidation.fromDns(zone))
                .build();
        Bucket accessLogs = Bucket.Builder.create(this, "AccessLogs").enforceSsl(true).encryption(BucketEncryption.S3_MANAGED).build();
        SecurityGroup securityGroup = SecurityGroup.Builder.create(this, "ApiTasks").vpc(vpc).build();
        LogGroup logGroup = LogGroup.Builder.create(this, "ApiLogs").retention(RetentionDays.ONE_MONTH).build();
        ISecret databaseUrl = software.amazon.awscdk.services.secretsmanager.Secret.fromSecretNameV2(this, "DatabaseUrl", "platform/database-url");

        // Every option at once: Fargate Spot and Service Connect.
        RustFargateService api = RustFargateService.Builder.create(this, "Api")
                .image(apiImage)
                .vpc(vpc)
                .taskSubnets(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build())
                .securityGroups(List.of(securityGroup))
                .assignPublicIp(false)
                .cpu(512)
                .memoryLimitMiB(1024)
                .ephemeralStorageGiB(30)
                .platformVersion(FargatePlatformVersion.VERSION1_4)
                .spot(true)
                .desiredCount(3)
                .minHealthyPercent(100)
                .maxHealthyPercent(200)
                .healthCheckGracePeriod(Duration.seconds(60))
                .enableExecuteCommand(false)
                .minCapacity(3)
                .maxCapacity(12)
                .targetCpuUtilizationPercent(60)
                .requestsPerTarget(1000)
                .loadBalancer(LoadBalancerExposure.PUBLIC)
                .certificate(certificate)
                .domainName("api.example.com")
                .domainZone(zone)
                .redirectHttp(true)
                .idleTimeout(Duration.seconds(120))
                .deregistrationDelay(Duration.seconds(30))
                .accessLogsBucket(accessLogs)
                .serviceConnect(RustServiceConnectOptions.builder().namespace("internal").discoveryName("api").build())
                .serviceName("api")
                // RustContainerOptions
                .containerName("api")
                .logGroup(logGroup)
                .streamPrefix("api")
                .environment(Map.of("RUST_LOG", "info"))
                .secrets(Map.of("DATABASE_URL", Secret.fromSecretsManager(databaseUrl)))
                .readonlyRootFilesystem(true)
                .writableTmp(true)
                .stopTimeout(Duration.seconds(30))
                .build();
        if (api.getDnsRecord() != null) {
            System.out.println(api.getDnsRecord().getDomainName());
        }
        System.out.println(api.getService().getServiceName() + api.getCluster().getClusterName() + api.getContainer().getContainerName());

        // The options Spot and Service Connect exclude: capacity providers and Cloud Map, in an existing cluster.
        Cluster cluster = Cluster.Builder.create(this, "Cluster")
                .vpc(vpc)
                .enableFargateCapacityProviders(true)
                .defaultCloudMapNamespace(CloudMapNamespaceOptions.builder()
                        .name("platform.local").type(NamespaceType.DNS_PRIVATE).vpc(vpc).build())
                .build();
        RustFargateService.Builder.create(this, "Worker")
                .image(workerImage)
                .cluster(cluster)
                .capacityProviderStrategies(List.of(
                        CapacityProviderStrategy.builder().capacityProvider("FARGATE").base(1).weight(1).build(),
                        CapacityProviderStrategy.builder().capacityProvider("FARGATE_SPOT").weight(3).build()))
                .cloudMapOptions(CloudMapOptions.builder().name("worker").dnsTtl(Duration.seconds(10)).build())
                .logRetention(RetentionDays.TWO_WEEKS)
                .enableExecuteCommand(true)
                .build();

        // The single image in the same cluster, behind an internal load balancer.
        RustFargateService.Builder.create(this, "BillingService")
                .image(image)
                .cluster(cluster)
                .loadBalancer(LoadBalancerExposure.INTERNAL)
                .build();
    }

    public static void main(final String[] args) {
        App app = new App();
        new CdkServicesConsumer(app, "Platform", StackProps.builder()
                .env(Environment.builder().account("123456789012").region("eu-west-1").build())
                .build());
        app.synth();
    }
}
