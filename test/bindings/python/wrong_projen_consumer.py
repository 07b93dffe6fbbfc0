"""Deliberately wrong uses of the projen project type: pyright must report each marked line.

Every marked line carries `# expect-error[rule]: text` (see
test/bindings/consumer-expectations.ts); any other diagnostic fails the check.
"""
from cdk_rust_image import RustServiceProject

RustServiceProject(port=9090)  # expect-error[reportCallIssue]: Argument missing for parameter "name"
RustServiceProject(name="task-api", port="9090")  # expect-error[reportArgumentType]: "Literal['9090']" is not assignable to "int"
project = RustServiceProject(name="task-api")
project.dockerfiles.add_variant("edge", runtime="alpine")  # expect-error[reportArgumentType]: cannot be assigned to parameter "runtime" of type "IRuntime | None"
project.dockerfiles.add_variant("edge", fileName="Dockerfile.edge")  # expect-error[reportCallIssue]: No parameter named "fileName"
