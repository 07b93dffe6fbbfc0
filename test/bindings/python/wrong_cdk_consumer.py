"""Deliberately wrong uses of the CDK constructs: pyright must report each marked line.

Every marked line carries `# expect-error[rule]: text` (see
test/bindings/consumer-expectations.ts); any other diagnostic fails the check.
A `stub-only` marker names an error that only the type-checking stubs produce
(test/bindings/stubs/README.md): with the real jsii runtime, a static
constant such as `ecs.CpuArchitecture.ARM64` is `Any`, and a user's pyright
reports nothing there.
"""
from aws_cdk import App, Duration, Stack, aws_ec2 as ec2, aws_ecs as ecs

from cdk_rust_image import (
    Architecture,
    LoadBalancerExposure,
    RustDatabaseOptions,
    RustFargateService,
    RustServiceAlarmOptions,
    RustServiceConnectOptions,
    RustServiceDefinition,
    RustServiceImage,
    RustWorkspaceServices,
    ServiceDatabase,
)

stack = Stack(App(), "Wrong")
image = RustServiceImage(stack, "Image", crate_directory="service", architecture=Architecture.ARM64)

# A wrong prop name: one of an early design sketch, the old name of task_subnets, CloudFormation's singular.
RustFargateService(stack, "A", image=image, public_load_balancer=True)  # expect-error[reportCallIssue]: No parameter named "public_load_balancer"
RustFargateService(stack, "A2", image=image, vpc_subnets=ec2.SubnetSelection(subnet_type=ec2.SubnetType.PRIVATE_WITH_EGRESS))  # expect-error[reportCallIssue]: No parameter named "vpc_subnets"
RustFargateService(stack, "A3", image=image, capacity_provider_strategy=[])  # expect-error[reportCallIssue]: No parameter named "capacity_provider_strategy"
# readonly_root_filesystem, as aws_ecs spells it, everywhere; read_only_root_filesystem does not exist.
RustFargateService(stack, "A4", image=image, read_only_root_filesystem=True)  # expect-error[reportCallIssue]: No parameter named "read_only_root_filesystem"

# A missing required prop.
RustFargateService(stack, "B")  # expect-error[reportCallIssue]: Argument missing for parameter "image"
RustWorkspaceServices(stack, "B2", crate_directory="services")  # expect-error[reportCallIssue]: Argument missing for parameter "services"
RustServiceDefinition(runtime=None)  # expect-error[reportCallIssue]: Argument missing for parameter "binary_name"

# Wrong types: a str for an enum and for a number, another library's value, the wrong image object.
RustFargateService(stack, "C", image=image, load_balancer="public")  # expect-error[reportArgumentType]: "Literal['public']" is not assignable to "LoadBalancerExposure"
RustFargateService(stack, "D", image=image, cpu="256")  # expect-error[reportArgumentType]: "Literal['256']" is not assignable to "int"
RustServiceImage(stack, "E", crate_directory="service", architecture=ecs.CpuArchitecture.ARM64)  # expect-error[reportArgumentType; stub-only]: "CpuArchitecture" is not assignable to "Architecture"
RustFargateService(stack, "F", image=image.container_image)  # expect-error[reportArgumentType]: "ContainerImage" is incompatible with protocol "IRustServiceImage"
RustFargateService(stack, "F2", image=image, certificate="arn:aws:acm:eu-west-1:123456789012:certificate/abc")  # expect-error[reportArgumentType]: "Literal['arn:aws:acm:eu-west-1:123456789012:certificate/abc']" is incompatible with protocol "ICertificate"
RustFargateService(stack, "F3", image=image, idle_timeout=120)  # expect-error[reportArgumentType]: "Literal[120]" is not assignable to "Duration"
RustFargateService(stack, "F4", image=image, service_connect=True)  # expect-error[reportArgumentType]: "Literal[True]" is not assignable to "RustServiceConnectOptions"
RustFargateService(stack, "F5", image=image, service_connect=RustServiceConnectOptions(namespace="internal", port=8080))  # expect-error[reportCallIssue]: No parameter named "port"
RustServiceImage(stack, "G", crate_directory="service", registry_cache="ecr/cache:main")  # expect-error[reportArgumentType]: "Literal['ecr/cache:main']" is not assignable to "RegistryCache"
# Not caught: RegistryCache.inline("ecr/cache:builder"), a str where a list of strings is expected (a str is a Sequence[str]).
RustWorkspaceServices(stack, "H", crate_directory="services", services=["api", "worker"])  # expect-error[reportArgumentType]: "Literal['api']" is not assignable to "RustServiceDefinition"

# Removed members: the asset is described by asset_hash, asset_directory, repository, image_uri.
print(image.asset)  # expect-error[reportAttributeAccessIssue]: Cannot access attribute "asset" for class "RustServiceImage"  # expect-error[reportUnknownMemberType]: Type of "asset" is unknown  # expect-error[reportUnknownArgumentType]: Argument type is unknown

# A workspace service's image is not a RustServiceImage.
services = RustWorkspaceServices(stack, "I", crate_directory="services", services=[RustServiceDefinition(binary_name="api")])
single: RustServiceImage = services.image("api")  # expect-error[reportAssignmentType]: "RustWorkspaceServiceImage" is not assignable to declared type "RustServiceImage"

# An optional output used without a check: no load balancer unless one is asked for.
service = RustFargateService(stack, "J", image=image, load_balancer=LoadBalancerExposure.PUBLIC, stop_timeout=Duration.seconds(30))
print(service.load_balancer.load_balancer_dns_name)  # expect-error[reportOptionalMemberAccess]: "load_balancer_dns_name" is not a known attribute of "None"

# The service stack: the model where a construct is expected, and the reverse; a new database's options of the wrong type.
RustFargateService(stack, "K", image=image, database="postgres")  # expect-error[reportArgumentType]: "Literal['postgres']" is not assignable to "ServiceDatabase"
RustFargateService(stack, "K2", image=image, existing_database=ServiceDatabase.postgres())  # expect-error[reportArgumentType]: "ServiceDatabase" is incompatible with protocol "IRustServiceDatabase"
RustFargateService(stack, "K3", image=image, database=ServiceDatabase.postgres(), new_database=RustDatabaseOptions(deletion_protection="off"))  # expect-error[reportArgumentType]: "Literal['off']" is not assignable to "bool"
RustFargateService(stack, "K4", image=image, alarms=RustServiceAlarmOptions(alarm_topic=None))  # expect-error[reportCallIssue]: No parameter named "alarm_topic"
ServiceDatabase.postgres(major_version=17)  # expect-error[reportArgumentType]: "Literal[17]" is not assignable to "str"
