package consumer;

import io.github.cdkrustimage.AlpineRuntime;
import io.github.cdkrustimage.Architecture;
import io.github.cdkrustimage.HealthCheck;
import io.github.cdkrustimage.HealthCheckOptions;
import io.github.cdkrustimage.ImageBuild;
import io.github.cdkrustimage.RuntimeOptions;
import io.github.cdkrustimage.RustMuslImage;
import io.github.cdkrustimage.RustMuslImageProps;
import io.github.cdkrustimage.RustToolchain;

/** Renderer-only use of the Java binding: Dockerfile text without CDK. */
public final class RenderConsumer {
    private RenderConsumer() {
    }

    public static String render() {
        RustMuslImage builder = new RustMuslImage(RustMuslImageProps.builder()
                .crateDirectory("service")
                .binaryName("task-api")
                .architecture(Architecture.ARM64)
                .toolchain(RustToolchain.of("1.85"))
                .build());
        AlpineRuntime runtime = new AlpineRuntime(RuntimeOptions.builder()
                .port(8080)
                .healthCheck(HealthCheck.http("/health", HealthCheckOptions.builder().intervalSeconds(10).build()))
                .build());
        ImageBuild build = runtime.compose(builder);
        String platform = build.getPlatform();
        return build.getDockerfile() + platform + runtime.dockerfile(builder).render();
    }
}
