"""Deliberately wrong uses of the renderer API: pyright must report each marked line.

Every marked line carries `# expect-error[rule]: text` (see
test/bindings/consumer-expectations.ts); any other diagnostic fails the check.
"""
from cdk_rust_image import (
    AlpineRuntime,
    Architecture,
    BuildSecret,
    CustomRuntime,
    HealthCheck,
    HttpCheckClient,
    Linkage,
    ImageRuntime,
    RuntimeOptions,
    RustMuslImage,
    RustMuslImageProps,
    RustServiceDefinition,
    RustWorkspaceImages,
    ScratchRuntime,
    SshAgent,
)

# A wrong prop name: TypeScript's camelCase, or a guessed name.
RustMuslImageProps(crate_directory="service", binaryName="task-api")  # expect-error[reportCallIssue]: No parameter named "binaryName"
RustMuslImageProps(crate_directory="service", binary="task-api")  # expect-error[reportCallIssue]: No parameter named "binary"

# A missing required prop.
RustMuslImageProps(binary_name="task-api")  # expect-error[reportCallIssue]: Argument missing for parameter "crate_directory"
SshAgent(keys=["/home/ci/.ssh/id_ed25519"])  # expect-error[reportCallIssue]: Argument missing for parameter "known_hosts"
BuildSecret(environment_variable="CARGO_REGISTRIES_PRIVATE_TOKEN")  # expect-error[reportCallIssue]: Argument missing for parameter "id"
RustWorkspaceImages(crate_directory="services")  # expect-error[reportCallIssue]: Argument missing for parameter "services"

# The builder's props are keyword arguments: a struct in their place, or a workspace's binary_name, is wrong.
RustMuslImage(RustMuslImageProps(crate_directory="service"))  # expect-error[reportCallIssue]: Expected 0 positional arguments
RustWorkspaceImages(crate_directory="services", services=[], binary_name="api")  # expect-error[reportCallIssue]: No parameter named "binary_name"

# Wrong types: a str where a number, an enum-like class, an enum, a ImageRuntime or a struct is expected.
# (Not caught: a str where a list of strings is expected, e.g. setup_commands="apt-get update",
# since a str is a Sequence[str].)
AlpineRuntime(port="8080")  # expect-error[reportArgumentType]: "Literal['8080']" is not assignable to "int"
RustMuslImageProps(crate_directory="service", architecture="arm64")  # expect-error[reportArgumentType]: "Literal['arm64']" is not assignable to "Architecture"
ScratchRuntime(health_check="/health")  # expect-error[reportArgumentType]: "Literal['/health']" is not assignable to "HealthCheck"
RustMuslImageProps(crate_directory="service", linkage="musl")  # expect-error[reportArgumentType]: "Literal['musl']" is not assignable to "Linkage"
RustServiceDefinition(binary_name="api", runtime="alpine")  # expect-error[reportArgumentType]: "Literal['alpine']" is not assignable to "ImageRuntime"
CustomRuntime(base_image="ubuntu:24.04", http_check_client="curl")  # expect-error[reportArgumentType]: "Literal['curl']" is not assignable to "HttpCheckClient"
RustMuslImageProps(crate_directory="service", ssh_agent="default")  # expect-error[reportArgumentType]: "Literal['default']" is not assignable to "SshAgent"
RustMuslImageProps(crate_directory="service", build_secrets=BuildSecret(id="token"))  # expect-error[reportArgumentType]: "BuildSecret" is not assignable to "Sequence[BuildSecret | Dict[str, Any]]"
RustMuslImageProps(crate_directory="service", image_digests=["sha256:0"])  # expect-error[reportArgumentType]: "list[str]" is not assignable to "Mapping[str, str]"
RustMuslImageProps(crate_directory="service", sbom="cyclonedx")  # expect-error[reportArgumentType]: "Literal['cyclonedx']" is not assignable to "bool"

# Positional props: jsii props are keyword-only in Python.
HealthCheck.http("/health", 10)  # expect-error[reportCallIssue]: Expected 1 positional argument

# The closed runtime model: ImageRuntime is abstract (use CustomRuntime).
ImageRuntime(RuntimeOptions(port=8080))  # expect-error[reportAbstractUsage]: Cannot instantiate abstract class "ImageRuntime"

# Members that do not exist.
Architecture.ARM  # expect-error[reportAttributeAccessIssue]: Cannot access attribute "ARM" for class "type[Architecture]"  # expect-error[reportUnknownMemberType]: Type of "ARM" is unknown
Linkage.GLIBC  # expect-error[reportAttributeAccessIssue]: Cannot access attribute "GLIBC" for class "type[Linkage]"  # expect-error[reportUnknownMemberType]: Type of "GLIBC" is unknown
HttpCheckClient.HTTPIE  # expect-error[reportAttributeAccessIssue]: Cannot access attribute "HTTPIE" for class "type[HttpCheckClient]"  # expect-error[reportUnknownMemberType]: Type of "HTTPIE" is unknown

# The removed runtime.dockerfile(builder): compose() replaces it.
builder = RustMuslImage(crate_directory="service")
AlpineRuntime().dockerfile(builder)  # expect-error[reportAttributeAccessIssue]: Cannot access attribute "dockerfile" for class "AlpineRuntime"  # expect-error[reportUnknownMemberType]: Type of "dockerfile" is unknown

# Results used as the wrong type: compose() gives an ImageBuild, warnings are structs, the health check is optional.
build = AlpineRuntime().compose(builder)
text: str = build  # expect-error[reportAssignmentType]: "ImageBuild" is not assignable to declared type "str"
first_warning: str = build.warnings[0]  # expect-error[reportAssignmentType]: "BuildWarning" is not assignable to declared type "str"
check_port = build.health_check.port  # expect-error[reportOptionalMemberAccess]: "port" is not a known attribute of "None"
