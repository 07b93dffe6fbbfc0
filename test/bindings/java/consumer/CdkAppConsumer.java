package consumer;

import io.github.cdkrustimage.Architecture;
import io.github.cdkrustimage.HealthCheck;
import io.github.cdkrustimage.LoadBalancerExposure;
import io.github.cdkrustimage.RuntimeOptions;
import io.github.cdkrustimage.RustFargateService;
import io.github.cdkrustimage.RustServiceImage;
import io.github.cdkrustimage.ScratchRuntime;
import software.amazon.awscdk.App;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ecs.RuntimePlatform;
import software.constructs.Construct;

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
    }

    public static void main(final String[] args) {
        App app = new App();
        new CdkAppConsumer(app, "TaskApi", StackProps.builder()
                .env(Environment.builder().account("123456789012").region("eu-west-1").build())
                .build());
        app.synth();
    }
}
