package consumer;

import io.github.cdkrustimage.Architecture;
import io.github.cdkrustimage.HealthCheck;
import io.github.cdkrustimage.IRustServiceImage;
import io.github.cdkrustimage.LoadBalancerExposure;
import io.github.cdkrustimage.ImageRuntime;
import io.github.cdkrustimage.RuntimeOptions;
import io.github.cdkrustimage.RustContainerOptions;
import io.github.cdkrustimage.RustFargateService;
import io.github.cdkrustimage.RustServiceImage;
import io.github.cdkrustimage.ScratchRuntime;
import software.amazon.awscdk.App;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ecr.IRepository;
import software.amazon.awscdk.services.ecs.ContainerDefinition;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.RuntimePlatform;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;
import java.util.Map;

/** The README's main example in Java: ARM64, scratch runtime, HTTP health check, public load balancer. */
public final class CdkAppConsumer extends Stack {
    public CdkAppConsumer(final Construct scope, final String id, final StackProps props) {
        super(scope, id, props);

        RustServiceImage image = RustServiceImage.Builder.create(this, "TaskApi")
                .crateDirectory("service")
                .architecture(Architecture.ARM64)
                .runtime(new ScratchRuntime(RuntimeOptions.builder()
                        .port(8080)
                        .healthCheck(HealthCheck.http("/health"))
                        .build()))
                .build();
        RustFargateService service = RustFargateService.Builder.create(this, "Service")
                .image(image)
                .loadBalancer(LoadBalancerExposure.PUBLIC)
                .build();
        if (service.getLoadBalancer() != null) {
            CfnOutput.Builder.create(this, "Url")
                    .value("http://" + service.getLoadBalancer().getLoadBalancerDnsName())
                    .build();
        }
        RuntimePlatform platform = image.getRuntimePlatform();
        Number port = image.getPort();
        System.out.println(platform + " " + port);

        // The asset, without getAsset(): its hash, staged directory, repository and URI.
        String assetHash = image.getAssetHash();
        String assetDirectory = image.getAssetDirectory();
        IRepository repository = image.getRepository();
        String imageUri = image.getImageUri();
        String imageTag = image.getImageTag();
        ImageRuntime runtime = image.getRuntime();
        boolean readOnly = image.getReadonlyRootFilesystem();
        System.out.println(assetHash + assetDirectory + repository.getRepositoryName() + imageUri + imageTag + runtime.getRuntimeName() + readOnly);
        // A RustServiceImage is an IRustServiceImage, what RustFargateService takes.
        IRustServiceImage asInterface = image;
        System.out.println(asInterface.getImageBuild().getDockerfile());
    }

    /** The RustServiceImage example: the image in a task definition of your own. */
    public static final class OwnTaskDefinition extends Stack {
        public OwnTaskDefinition(final Construct scope, final String id) {
            super(scope, id);
            RustServiceImage image = RustServiceImage.Builder.create(this, "TaskApi")
                    .crateDirectory("service")
                    .architecture(Architecture.ARM64)
                    .healthCheck(HealthCheck.http("/health"))
                    .build();
            FargateTaskDefinition taskDefinition = FargateTaskDefinition.Builder.create(this, "TaskDefinition")
                    .runtimePlatform(image.getRuntimePlatform())
                    .build();
            ContainerDefinition container = image.addToTaskDefinition(taskDefinition, RustContainerOptions.builder()
                    .containerName("api")
                    .environment(Map.of("RUST_LOG", "info"))
                    .logRetention(RetentionDays.ONE_WEEK)
                    .streamPrefix("api")
                    .readonlyRootFilesystem(true)
                    .writableTmp(true)
                    .stopTimeout(Duration.seconds(20))
                    .build());
            System.out.println(container.getContainerName());
        }
    }

    public static void main(final String[] args) {
        App app = new App();
        new CdkAppConsumer(app, "TaskApi", StackProps.builder()
                .env(Environment.builder().account("123456789012").region("eu-west-1").build())
                .build());
        new OwnTaskDefinition(app, "OwnTaskDefinition");
        app.synth();
    }
}
