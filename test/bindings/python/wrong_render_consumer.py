"""Deliberately wrong uses of the renderer API: pyright must report each marked line.

Every marked line carries `# expect-error[rule]: text` (see
test/bindings/consumer-expectations.ts); any other diagnostic fails the check.
"""
from cdk_rust_image import (
    AlpineRuntime,
    Architecture,
    HealthCheck,
    Linkage,
    RustMuslImage,
    ScratchRuntime,
)

# A wrong prop name: TypeScript's camelCase, or a guessed name.
RustMuslImage(crate_directory="service", binaryName="task-api")  # expect-error[reportCallIssue]: No parameter named "binaryName"
RustMuslImage(crate_directory="service", binary="task-api")  # expect-error[reportCallIssue]: No parameter named "binary"

# A missing required prop.
RustMuslImage(binary_name="task-api")  # expect-error[reportCallIssue]: Argument missing for parameter "crate_directory"

# Wrong types: a str where a number, an enum-like class or an enum is expected.
AlpineRuntime(port="8080")  # expect-error[reportArgumentType]: "Literal['8080']" is not assignable to "int"
RustMuslImage(crate_directory="service", architecture="arm64")  # expect-error[reportArgumentType]: "Literal['arm64']" is not assignable to "Architecture"
ScratchRuntime(health_check="/health")  # expect-error[reportArgumentType]: "Literal['/health']" is not assignable to "HealthCheck"
RustMuslImage(crate_directory="service", linkage="musl")  # expect-error[reportArgumentType]: "Literal['musl']" is not assignable to "Linkage"

# Positional props: jsii props are keyword-only in Python.
HealthCheck.http("/health", 10)  # expect-error[reportCallIssue]: Expected 1 positional argument

# Members that do not exist.
Architecture.ARM  # expect-error[reportAttributeAccessIssue]: Cannot access attribute "ARM" for class "type[Architecture]"  # expect-error[reportUnknownMemberType]: Type of "ARM" is unknown
Linkage.GLIBC  # expect-error[reportAttributeAccessIssue]: Cannot access attribute "GLIBC" for class "type[Linkage]"  # expect-error[reportUnknownMemberType]: Type of "GLIBC" is unknown

# A result used as the wrong type: the Dockerfile text is a str, not a Dockerfile.
text: str = AlpineRuntime().dockerfile(RustMuslImage(crate_directory="service"))  # expect-error[reportAssignmentType]: "Dockerfile" is not assignable to declared type "str"
