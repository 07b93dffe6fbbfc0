"""Deliberately wrong uses of the projen project type and components: pyright must report each marked line.

Every marked line carries `# expect-error[rule]: text` (see
test/bindings/consumer-expectations.ts); any other diagnostic fails the check.
"""
from projen import Project

from cdk_rust_image import (
    HealthCheck,
    RustBuildOptions,
    RustDockerfiles,
    RustServiceDefinition,
    RustServiceProject,
    RustWorkspaceDockerfile,
)

RustServiceProject(port=9090)  # expect-error[reportCallIssue]: Argument missing for parameter "name"
RustServiceProject(name="task-api", port="9090")  # expect-error[reportArgumentType]: "Literal['9090']" is not assignable to "int"
RustServiceProject(name="task-api", projenrcTs=False)  # expect-error[reportCallIssue]: No parameter named "projenrcTs"
RustServiceProject(name="task-api", projenrc_ts="false")  # expect-error[reportArgumentType]: "Literal['false']" is not assignable to "bool"
RustServiceProject(name="task-api", build_options=RustBuildOptions(crate_directory="service"))  # expect-error[reportCallIssue]: No parameter named "crate_directory"
RustServiceProject(name="task-api", build_options="--features metrics")  # expect-error[reportArgumentType]: "Literal['--features metrics']" is not assignable to "RustBuildOptions"
project = RustServiceProject(name="task-api")
project.dockerfiles.add_variant("edge", runtime="alpine")  # expect-error[reportArgumentType]: cannot be assigned to parameter "runtime" of type "ImageRuntime | None"
project.dockerfiles.add_variant("edge", fileName="Dockerfile.edge")  # expect-error[reportCallIssue]: No parameter named "fileName"

platform = Project(name="platform")
# The removed health_check_path: the health check is a HealthCheck.
RustDockerfiles(platform, health_check_path="/health")  # expect-error[reportCallIssue]: No parameter named "health_check_path"
RustDockerfiles(platform, health_check="/health")  # expect-error[reportArgumentType]: "Literal['/health']" is not assignable to "HealthCheck"
RustWorkspaceDockerfile(platform, crate_directory="services")  # expect-error[reportCallIssue]: Argument missing for parameter "services"
RustWorkspaceDockerfile(platform, services=[RustServiceDefinition(binary_name="api")], health_check=HealthCheck.http("/health"))  # expect-error[reportCallIssue]: No parameter named "health_check"
RustWorkspaceDockerfile(services=[RustServiceDefinition(binary_name="api")])  # expect-error[reportCallIssue]: Argument missing for parameter "project"
