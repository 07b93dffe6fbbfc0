package consumer;

import io.github.cdkrustimage.AlpineRuntime;
import io.github.cdkrustimage.Architecture;
import io.github.cdkrustimage.BuildSecret;
import io.github.cdkrustimage.BuildWarning;
import io.github.cdkrustimage.CrossCompilation;
import io.github.cdkrustimage.CustomRuntime;
import io.github.cdkrustimage.CustomRuntimeOptions;
import io.github.cdkrustimage.DependencyCaching;
import io.github.cdkrustimage.DistrolessRuntime;
import io.github.cdkrustimage.HealthCheck;
import io.github.cdkrustimage.HealthCheckOptions;
import io.github.cdkrustimage.HttpCheckClient;
import io.github.cdkrustimage.ImageBuild;
import io.github.cdkrustimage.ImageHealthCheck;
import io.github.cdkrustimage.Linkage;
import io.github.cdkrustimage.ReleaseProfile;
import io.github.cdkrustimage.ImageRuntime;
import io.github.cdkrustimage.RuntimeOptions;
import io.github.cdkrustimage.RuntimeUser;
import io.github.cdkrustimage.RuntimeUserOptions;
import io.github.cdkrustimage.RustMuslImage;
import io.github.cdkrustimage.RustMuslImageProps;
import io.github.cdkrustimage.RustServiceDefinition;
import io.github.cdkrustimage.RustToolchain;
import io.github.cdkrustimage.RustWorkspaceImages;
import io.github.cdkrustimage.ScratchRuntime;
import io.github.cdkrustimage.SshAgent;
import io.github.cdkrustimage.UserSetup;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Renderer-only use of the Java binding: the builder with every
 * RustBuildOptions field, a CustomRuntime for each HttpCheckClient and
 * UserSetup value, what an ImageBuild tells (warnings, health check, target,
 * base image, read-only root), and a workspace build of two services.
 * The runtimes' base class is `ImageRuntime` (a class named `Runtime` would
 * clash with `java.lang.Runtime`, which every Java file imports).
 */
public final class RenderConsumer {
    private static final List<String> KNOWN_HOSTS = List.of(
            "github.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl");

    private RenderConsumer() {
    }

    public static String render() {
        RustMuslImage builder = new RustMuslImage(RustMuslImageProps.builder()
                .crateDirectory("services/task-api")
                .buildContextDirectory("services")
                .binaryName("task-api")
                .architecture(Architecture.ARM64)
                .linkage(Linkage.MUSL)
                .toolchain(RustToolchain.of("1.85"))
                .profile(ReleaseProfile.fromCargoToml())
                .dependencyCaching(DependencyCaching.skeleton())
                .crossCompilation(CrossCompilation.gcc())
                .multiPlatform(false)
                .features(List.of("metrics"))
                .noDefaultFeatures(true)
                .locked(true)
                .cargoArgs(List.of("--timings"))
                .rustFlags(List.of("-C", "force-frame-pointers=yes"))
                .buildPackages(List.of("protobuf-compiler"))
                .buildEnvironment(Map.of("PROTOC", "/usr/bin/protoc"))
                .imageDigests(Map.of("rust:1.85-trixie", "sha256:" + "0".repeat(64)))
                .buildSecrets(List.of(
                        BuildSecret.builder().id("registry-token")
                                .environmentVariable("CARGO_REGISTRIES_PRIVATE_TOKEN")
                                .sourceFile("secrets/token")
                                .build(),
                        BuildSecret.builder().id("netrc").build()))
                .sshAgent(SshAgent.builder()
                        .knownHosts(KNOWN_HOSTS)
                        .id("default")
                        .keys(List.of("/home/ci/.ssh/id_ed25519"))
                        .build())
                .sbom(true)
                .sourceRevision("4f2c1e9")
                .build());

        List<ImageRuntime> runtimes = new ArrayList<>();
        runtimes.add(new CustomRuntime(CustomRuntimeOptions.builder()
                .baseImage("ubuntu:24.04")
                .runtimeName("ubuntu")
                .setupCommands(List.of("apt-get update", "apt-get install -y --no-install-recommends curl"))
                .httpCheckClient(HttpCheckClient.CURL)
                .userSetup(UserSetup.APPEND_WITH_SHELL)
                .copyCaCertificates(true)
                .readonlyRootFilesystem(true)
                .port(8080)
                .healthCheck(HealthCheck.http("/health", HealthCheckOptions.builder()
                        .intervalSeconds(10).timeoutSeconds(2).retries(3).startPeriodSeconds(5).build()))
                .user(RuntimeUser.of(RuntimeUserOptions.builder().uid(10001).gid(10001).name("app").build()))
                .labels(Map.of("org.opencontainers.image.vendor", "example"))
                .environment(Map.of("RUST_LOG", "info"))
                .command(List.of("--serve"))
                .stopSignal("SIGINT")
                .build()));
        // The class Builder is the other way to write the same.
        runtimes.add(CustomRuntime.Builder.create()
                .baseImage("busybox:1.37")
                .runtimeName("busybox")
                .httpCheckClient(HttpCheckClient.WGET)
                .userSetup(UserSetup.REPLACE_FILES)
                .build());
        runtimes.add(CustomRuntime.Builder.create()
                .baseImage("cgr.dev/chainguard/static:latest")
                .httpCheckClient(HttpCheckClient.PROBE)
                .userSetup(UserSetup.FROM_BASE)
                .readonlyRootFilesystem(false)
                .build());
        runtimes.add(new ScratchRuntime(RuntimeOptions.builder().port(8080).build()));
        runtimes.add(new AlpineRuntime(RuntimeOptions.builder()
                .healthCheck(HealthCheck.exec(List.of("/usr/local/bin/task-api", "--check")))
                .build()));
        runtimes.add(new DistrolessRuntime(RuntimeOptions.builder().healthCheck(HealthCheck.none()).build()));

        StringBuilder out = new StringBuilder();
        for (ImageRuntime runtime : runtimes) {
            // runtime.dockerfile(builder) is gone: compose() gives the text and what goes with it.
            ImageBuild build = runtime.compose(builder);
            String baseImage = build.getBaseImage();
            boolean readOnly = build.getReadonlyRootFilesystem();
            String target = build.getTarget();
            for (BuildWarning warning : build.getWarnings()) {
                out.append(warning.getId()).append(": ").append(warning.getMessage()).append('\n');
            }
            ImageHealthCheck check = build.getHealthCheck();
            if (check != null) {
                List<String> command = check.getCommand();
                Number interval = check.getIntervalSeconds();
                Number timeout = check.getTimeoutSeconds();
                Number retries = check.getRetries();
                Number startPeriod = check.getStartPeriodSeconds();
                Number port = check.getPort();
                String path = check.getPath();
                out.append(command).append(interval).append(timeout).append(retries).append(startPeriod).append(port).append(path);
            }
            out.append(runtime.getRuntimeName()).append(build.getPlatform()).append(baseImage).append(readOnly).append(target)
                    .append(build.getDockerfile());
        }

        // Several services of one Cargo workspace in one Dockerfile.
        RustWorkspaceImages workspace = RustWorkspaceImages.Builder.create()
                .crateDirectory("services")
                .services(List.of(
                        RustServiceDefinition.builder().binaryName("api").build(),
                        RustServiceDefinition.builder().binaryName("worker")
                                .runtime(CustomRuntime.Builder.create().baseImage("ubuntu:24.04").httpCheckClient(HttpCheckClient.CURL).build())
                                .build()))
                .architecture(Architecture.X86_64)
                .sbom(false)
                .build();
        for (ImageBuild serviceBuild : workspace.compose()) {
            out.append(serviceBuild.getBinaryName()).append(serviceBuild.getTarget()).append(serviceBuild.getDockerfile());
        }
        return out.append(workspace.getBuilder().getBinaries()).toString();
    }
}
