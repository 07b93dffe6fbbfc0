"""The projen project type from a Python projenrc: a Rust service with an extra
Dockerfile variant. Type-checked with pyright (strict) by `npx projen bindings`.
"""
from cdk_rust_image import AlpineRuntime, HealthCheck, RustServiceProject

project = RustServiceProject(name="task-api", port=9090, architecture="arm64", cdk_app=True)
project.dockerfiles.add_variant("distroless")
project.dockerfiles.add_variant(
    "edge",
    file_name="Dockerfile.edge",
    runtime=AlpineRuntime(port=9090, health_check=HealthCheck.http("/ready")),
)
variants: list[str] = project.dockerfiles.variants
build_task_name: str = project.dockerfiles.build_task.name
project.synth()
