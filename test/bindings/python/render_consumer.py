"""Renderer-only use of the Python binding: Dockerfile text without CDK."""
from cdk_rust_image import (
    AlpineRuntime,
    Architecture,
    HealthCheck,
    ImageBuild,
    RustMuslImage,
    RustToolchain,
)

builder = RustMuslImage(
    crate_directory="service",
    binary_name="task-api",
    architecture=Architecture.ARM64,
    toolchain=RustToolchain.of("1.85"),
)
runtime = AlpineRuntime(port=8080, health_check=HealthCheck.http("/health", interval_seconds=10))
build: ImageBuild = runtime.compose(builder)
text: str = build.dockerfile
platform: str = build.platform
same: str = runtime.dockerfile(builder).render()
print(text, platform, same)
