"""Renderer-only use of the Python binding: Dockerfile text without CDK.

The builder with every RustBuildOptions field, a CustomRuntime for each
HttpCheckClient and UserSetup value, what an ImageBuild tells (warnings,
health check, target, base image, read-only root), and a workspace build of
two services. Type-checked with pyright (strict) by `npx projen bindings`.
"""
from cdk_rust_image import (
    AlpineRuntime,
    Architecture,
    BuildSecret,
    BuildWarning,
    CrossCompilation,
    CustomRuntime,
    CustomRuntimeOptions,
    DependencyCaching,
    DistrolessRuntime,
    HealthCheck,
    HttpCheckClient,
    ImageBuild,
    ImageHealthCheck,
    Linkage,
    ReleaseProfile,
    ImageRuntime,
    RuntimeUser,
    RustMuslImage,
    RustServiceDefinition,
    RustToolchain,
    RustWorkspaceImages,
    ScratchRuntime,
    SshAgent,
    UserSetup,
)

# The builder's props are keyword arguments.
builder = RustMuslImage(
    crate_directory="services/task-api",
    build_context_directory="services",
    binary_name="task-api",
    architecture=Architecture.ARM64,
    linkage=Linkage.MUSL,
    toolchain=RustToolchain.of("1.85"),
    profile=ReleaseProfile.from_cargo_toml(),
    dependency_caching=DependencyCaching.skeleton(),
    cross_compilation=CrossCompilation.gcc(),
    multi_platform=False,
    features=["metrics"],
    no_default_features=True,
    locked=True,
    cargo_args=["--timings"],
    rust_flags=["-C", "force-frame-pointers=yes"],
    build_packages=["protobuf-compiler"],
    build_environment={"PROTOC": "/usr/bin/protoc"},
    image_digests={"rust:1.85-trixie": "sha256:" + "0" * 64},
    build_secrets=[
        BuildSecret(id="registry-token", environment_variable="CARGO_REGISTRIES_PRIVATE_TOKEN", source_file="secrets/token"),
        BuildSecret(id="netrc"),
    ],
    ssh_agent=SshAgent(
        known_hosts=["github.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl"],
        id="default",
        keys=["/home/ci/.ssh/id_ed25519"],
    ),
    sbom=True,
    source_revision="4f2c1e9",
)
# The same props as a struct (RustBuildOptions fields and the crate) are accepted by the workspace build.
glibc_builder = RustMuslImage(crate_directory="service", linkage=Linkage.GLIBC_STATIC)

# The extension point for base images of your own: every enum value.
runtimes: list[ImageRuntime] = [
    CustomRuntime(
        base_image="ubuntu:24.04",
        runtime_name="ubuntu",
        setup_commands=["apt-get update", "apt-get install -y --no-install-recommends curl", "rm -rf /var/lib/apt/lists/*"],
        http_check_client=HttpCheckClient.CURL,
        user_setup=UserSetup.APPEND_WITH_SHELL,
        copy_ca_certificates=True,
        readonly_root_filesystem=True,
        port=8080,
        health_check=HealthCheck.http("/health", interval_seconds=10, timeout_seconds=2, retries=3, start_period_seconds=5),
        user=RuntimeUser.of(uid=10001, gid=10001, name="app"),
        labels={"org.opencontainers.image.vendor": "example"},
        environment={"RUST_LOG": "info"},
        command=["--serve"],
        stop_signal="SIGINT",
    ),
    CustomRuntime(base_image="busybox:1.37", runtime_name="busybox", http_check_client=HttpCheckClient.WGET, user_setup=UserSetup.REPLACE_FILES),
    CustomRuntime(
        base_image="cgr.dev/chainguard/static:latest",
        http_check_client=HttpCheckClient.PROBE,
        user_setup=UserSetup.FROM_BASE,
        readonly_root_filesystem=False,
    ),
    ScratchRuntime(port=8080),
    AlpineRuntime(port=8080, health_check=HealthCheck.exec(["/usr/local/bin/task-api", "--check"])),
    DistrolessRuntime(health_check=HealthCheck.none()),
]

for runtime in runtimes:
    # runtime.dockerfile(builder) is gone: compose() gives the text and what goes with it.
    build: ImageBuild = runtime.compose(builder)
    text: str = build.dockerfile
    platform: str = build.platform
    base_image: str = build.base_image
    read_only: bool = build.readonly_root_filesystem
    target: str | None = build.target
    name: str = runtime.runtime_name
    warnings: list[BuildWarning] = build.warnings
    warning_ids: list[str] = [w.id for w in warnings]
    messages: list[str] = [w.message for w in warnings]
    check: ImageHealthCheck | None = build.health_check
    if check is not None:
        command: list[str] = check.command
        seconds: float = check.interval_seconds + check.timeout_seconds + check.start_period_seconds
        retries: float = check.retries
        port: float = check.port
        path: str | None = check.path
        print(command, seconds, retries, port, path)
    print(text, platform, base_image, read_only, target, name, warning_ids, messages)

print(AlpineRuntime().compose(glibc_builder).dockerfile)

# CustomRuntimeOptions as a value (the constructor takes the same fields as keywords).
options = CustomRuntimeOptions(base_image="ubuntu:24.04", runtime_name="ubuntu", user_setup=UserSetup.FROM_BASE)
print(options.base_image, options.runtime_name, options.user_setup)

# Several services of one Cargo workspace in one Dockerfile.
workspace = RustWorkspaceImages(
    crate_directory="services",
    services=[
        RustServiceDefinition(binary_name="api"),
        RustServiceDefinition(binary_name="worker", runtime=CustomRuntime(base_image="ubuntu:24.04", http_check_client=HttpCheckClient.CURL)),
    ],
    architecture=Architecture.X86_64,
    sbom=False,
)
for service_build in workspace.compose():
    print(service_build.binary_name, service_build.target, service_build.dockerfile)
shared_builder: RustMuslImage = workspace.builder
print([s.binary_name for s in workspace.services], shared_builder.binaries)
