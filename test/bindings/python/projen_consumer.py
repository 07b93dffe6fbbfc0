"""The projen side from a Python projenrc: the project type with every builder
option (build_options) and a JavaScript projenrc, an extra Dockerfile
variant on a CustomRuntime, RustDockerfiles with a health check and builder
options in a project of your own, and RustWorkspaceDockerfile for two
services of one workspace. Type-checked with pyright (strict) by
`npx projen bindings`.
"""
from projen import Project, Task

from cdk_rust_image import (
    AlpineRuntime,
    Architecture,
    BuildSecret,
    CrossCompilation,
    CustomRuntime,
    DependencyCaching,
    HealthCheck,
    HttpCheckClient,
    ReleaseProfile,
    RustBuildOptions,
    RustDockerfiles,
    RustServiceDefinition,
    RustServiceProject,
    RustToolchain,
    RustWorkspaceDockerfile,
    ScratchRuntime,
    SshAgent,
    UserSetup,
)

KNOWN_HOSTS = ["github.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl"]

project = RustServiceProject(
    name="task-api",
    port=9090,
    architecture="arm64",
    cdk_app=True,
    projenrc_ts=False,
    build_options=RustBuildOptions(
        toolchain=RustToolchain.of("1.85"),
        profile=ReleaseProfile.from_cargo_toml(),
        dependency_caching=DependencyCaching.cargo_chef(),
        cross_compilation=CrossCompilation.gcc(),
        features=["metrics"],
        build_secrets=[BuildSecret(id="registry-token", environment_variable="CARGO_REGISTRIES_PRIVATE_TOKEN", source_file=".secrets/token")],
        ssh_agent=SshAgent(known_hosts=KNOWN_HOSTS),
        image_digests={"rust:1.85-trixie": "sha256:" + "2" * 64},
        sbom=True,
        source_revision="main",
        build_context_directory=".",
    ),
)
project.dockerfiles.add_variant("distroless")
project.dockerfiles.add_variant(
    "edge",
    file_name="Dockerfile.edge",
    runtime=AlpineRuntime(port=9090, health_check=HealthCheck.http("/ready")),
)
project.dockerfiles.add_variant(
    "ubuntu",
    file_name="Dockerfile.ubuntu",
    runtime=CustomRuntime(base_image="ubuntu:24.04", port=9090, http_check_client=HttpCheckClient.CURL, user_setup=UserSetup.APPEND_WITH_SHELL),
)
variants: list[str] = project.dockerfiles.variants
build_task_name: str = project.dockerfiles.build_task.name
project.synth()

# The components in a project of your own.
platform = Project(name="platform")
RustDockerfiles(
    platform,
    crate_directory="edge-proxy",
    image_name="edge-proxy",
    port=8443,
    health_check=HealthCheck.http("/health", port=8444),
    variants=["scratch", "distroless"],
    ignore_patterns=["fixtures/"],
    architecture=Architecture.ARM64,
    sbom=False,
    source_revision="main",
    image_digests={"debian:trixie-slim": "sha256:" + "3" * 64},
    build_context_directory=".",
    cross_compilation=CrossCompilation.gcc(),
    build_secrets=[BuildSecret(id="registry-token", environment_variable="CARGO_REGISTRIES_PRIVATE_TOKEN", source_file=".secrets/token")],
    ssh_agent=SshAgent(known_hosts=KNOWN_HOSTS, keys=["~/.ssh/id_ed25519"]),
)
workspace = RustWorkspaceDockerfile(
    platform,
    crate_directory="services",
    file_name="Dockerfile",
    image_prefix="platform/",
    services=[
        RustServiceDefinition(binary_name="api"),
        RustServiceDefinition(binary_name="worker", runtime=ScratchRuntime(port=9090)),
    ],
    architecture=Architecture.X86_64,
    build_secrets=[BuildSecret(id="netrc", source_file=".secrets/netrc")],
    ssh_agent=SshAgent(known_hosts=KNOWN_HOSTS, id="github"),
)
workspace_build: Task = workspace.build_task
workspace_directory: str = workspace.crate_directory
print(workspace_build.name, workspace_directory)
platform.synth()
