package consumer;

import io.github.cdklabs.projen.Project;
import io.github.cdklabs.projen.Task;
import io.github.cdkrustimage.AlpineRuntime;
import io.github.cdkrustimage.Architecture;
import io.github.cdkrustimage.BuildSecret;
import io.github.cdkrustimage.CrossCompilation;
import io.github.cdkrustimage.CustomRuntime;
import io.github.cdkrustimage.DependencyCaching;
import io.github.cdkrustimage.DockerfileVariantOptions;
import io.github.cdkrustimage.HealthCheck;
import io.github.cdkrustimage.HealthCheckOptions;
import io.github.cdkrustimage.HttpCheckClient;
import io.github.cdkrustimage.ReleaseProfile;
import io.github.cdkrustimage.RuntimeOptions;
import io.github.cdkrustimage.RustBuildOptions;
import io.github.cdkrustimage.RustDockerfiles;
import io.github.cdkrustimage.RustServiceDefinition;
import io.github.cdkrustimage.RustServiceProject;
import io.github.cdkrustimage.RustServiceProjectOptions;
import io.github.cdkrustimage.RustToolchain;
import io.github.cdkrustimage.RustWorkspaceDockerfile;
import io.github.cdkrustimage.ScratchRuntime;
import io.github.cdkrustimage.SshAgent;
import io.github.cdkrustimage.UserSetup;
import java.util.List;
import java.util.Map;

/**
 * The projen side from Java: the project type with every builder option
 * (buildOptions) and a JavaScript projenrc, extra Dockerfile variants (one on
 * a CustomRuntime), RustDockerfiles with a health check and builder options in
 * a project of your own, and RustWorkspaceDockerfile for two services.
 */
public final class ProjenConsumer {
    private static final List<String> KNOWN_HOSTS = List.of(
            "github.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl");

    private ProjenConsumer() {
    }

    public static void main(final String[] args) {
        RustServiceProject project = new RustServiceProject(RustServiceProjectOptions.builder()
                .name("task-api")
                .port(9090)
                .architecture("arm64")
                .cdkApp(true)
                .projenrcTs(false)
                .buildOptions(RustBuildOptions.builder()
                        .toolchain(RustToolchain.of("1.85"))
                        .profile(ReleaseProfile.fromCargoToml())
                        .dependencyCaching(DependencyCaching.cargoChef())
                        .crossCompilation(CrossCompilation.gcc())
                        .features(List.of("metrics"))
                        .buildSecrets(List.of(BuildSecret.builder()
                                .id("registry-token")
                                .environmentVariable("CARGO_REGISTRIES_PRIVATE_TOKEN")
                                .sourceFile(".secrets/token")
                                .build()))
                        .sshAgent(SshAgent.builder().knownHosts(KNOWN_HOSTS).build())
                        .imageDigests(Map.of("rust:1.85-trixie", "sha256:" + "2".repeat(64)))
                        .sbom(true)
                        .sourceRevision("main")
                        .buildContextDirectory(".")
                        .build())
                .build());
        project.getDockerfiles().addVariant("distroless");
        project.getDockerfiles().addVariant("edge", DockerfileVariantOptions.builder()
                .fileName("Dockerfile.edge")
                .runtime(new AlpineRuntime(RuntimeOptions.builder().port(9090).healthCheck(HealthCheck.http("/ready")).build()))
                .build());
        project.getDockerfiles().addVariant("ubuntu", DockerfileVariantOptions.builder()
                .fileName("Dockerfile.ubuntu")
                .runtime(CustomRuntime.Builder.create()
                        .baseImage("ubuntu:24.04")
                        .port(9090)
                        .httpCheckClient(HttpCheckClient.CURL)
                        .userSetup(UserSetup.APPEND_WITH_SHELL)
                        .build())
                .build());
        List<String> variants = project.getDockerfiles().getVariants();
        String buildTaskName = project.getDockerfiles().getBuildTask().getName();
        System.out.println(variants + buildTaskName);
        project.synth();

        // The components in a project of your own.
        Project platform = Project.Builder.create().name("platform").build();
        RustDockerfiles.Builder.create(platform)
                .crateDirectory("edge-proxy")
                .imageName("edge-proxy")
                .port(8443)
                .healthCheck(HealthCheck.http("/health", HealthCheckOptions.builder().port(8444).build()))
                .variants(List.of("scratch", "distroless"))
                .ignorePatterns(List.of("fixtures/"))
                .architecture(Architecture.ARM64)
                .sbom(false)
                .sourceRevision("main")
                .imageDigests(Map.of("debian:trixie-slim", "sha256:" + "3".repeat(64)))
                .buildContextDirectory(".")
                .crossCompilation(CrossCompilation.gcc())
                .buildSecrets(List.of(BuildSecret.builder()
                        .id("registry-token")
                        .environmentVariable("CARGO_REGISTRIES_PRIVATE_TOKEN")
                        .sourceFile(".secrets/token")
                        .build()))
                .sshAgent(SshAgent.builder().knownHosts(KNOWN_HOSTS).keys(List.of("~/.ssh/id_ed25519")).build())
                .build();
        RustWorkspaceDockerfile workspace = RustWorkspaceDockerfile.Builder.create(platform)
                .crateDirectory("services")
                .fileName("Dockerfile")
                .imagePrefix("platform/")
                .services(List.of(
                        RustServiceDefinition.builder().binaryName("api").build(),
                        RustServiceDefinition.builder()
                                .binaryName("worker")
                                .runtime(new ScratchRuntime(RuntimeOptions.builder().port(9090).build()))
                                .build()))
                .architecture(Architecture.X86_64)
                .buildSecrets(List.of(BuildSecret.builder().id("netrc").sourceFile(".secrets/netrc").build()))
                .sshAgent(SshAgent.builder().knownHosts(KNOWN_HOSTS).id("github").build())
                .build();
        Task workspaceBuild = workspace.getBuildTask();
        String workspaceDirectory = workspace.getCrateDirectory();
        System.out.println(workspaceBuild.getName() + workspaceDirectory);
        platform.synth();
    }
}
