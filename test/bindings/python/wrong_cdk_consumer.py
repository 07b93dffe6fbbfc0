"""Deliberately wrong uses of the CDK constructs: pyright must report each marked line.

Every marked line carries `# expect-error[rule]: text` (see
test/bindings/consumer-expectations.ts); any other diagnostic fails the check.
"""
from aws_cdk import App, Stack, aws_ecs as ecs

from cdk_rust_image import Architecture, LoadBalancerExposure, RustFargateService, RustServiceImage

stack = Stack(App(), "Wrong")
image = RustServiceImage(stack, "Image", crate_directory="service", architecture=Architecture.ARM64)

# A wrong prop name (the one of an early design sketch).
RustFargateService(stack, "A", image=image, public_load_balancer=True)  # expect-error[reportCallIssue]: No parameter named "public_load_balancer"

# A missing required prop.
RustFargateService(stack, "B")  # expect-error[reportCallIssue]: Argument missing for parameter "image"

# Wrong types: a str for an enum and for a number, another library's value, the wrong image object.
RustFargateService(stack, "C", image=image, load_balancer="public")  # expect-error[reportArgumentType]: "Literal['public']" is not assignable to "LoadBalancerExposure"
RustFargateService(stack, "D", image=image, cpu="256")  # expect-error[reportArgumentType]: "Literal['256']" is not assignable to "int"
RustServiceImage(stack, "E", crate_directory="service", architecture=ecs.CpuArchitecture.ARM64)  # expect-error[reportArgumentType]: "CpuArchitecture" is not assignable to "Architecture"
RustFargateService(stack, "F", image=image.container_image)  # expect-error[reportArgumentType]: "ContainerImage" is not assignable to "RustServiceImage"

# An optional output used without a check: no load balancer unless one is asked for.
service = RustFargateService(stack, "G", image=image, load_balancer=LoadBalancerExposure.PUBLIC)
print(service.load_balancer.load_balancer_dns_name)  # expect-error[reportOptionalMemberAccess]: "load_balancer_dns_name" is not a known attribute of "None"
