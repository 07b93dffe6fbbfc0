"""The README's main example in Python: a Rust service image on ARM64 with a
scratch runtime and an HTTP health check, deployed as a Fargate service behind
a public load balancer. Type-checked with pyright (strict) by `npx projen bindings`.
"""
import os

from aws_cdk import App, CfnOutput, Duration, Environment, Stack, aws_ecr as ecr, aws_ecs as ecs, aws_logs as logs
from constructs import Construct

from cdk_rust_image import (
    Architecture,
    HealthCheck,
    IRustServiceImage,
    LoadBalancerExposure,
    ImageRuntime,
    RustFargateService,
    RustServiceImage,
    ScratchRuntime,
)


class TaskApiStack(Stack):
    def __init__(self, scope: Construct, construct_id: str, *, env: Environment) -> None:
        super().__init__(scope, construct_id, env=env)

        image = RustServiceImage(
            self,
            "TaskApi",
            crate_directory=os.path.join(os.path.dirname(__file__), "service"),
            architecture=Architecture.ARM64,
            runtime=ScratchRuntime(port=8080, health_check=HealthCheck.http("/health")),
        )
        service = RustFargateService(
            self,
            "Service",
            image=image,
            load_balancer=LoadBalancerExposure.PUBLIC,
        )
        if service.load_balancer is not None:
            CfnOutput(self, "Url", value=f"http://{service.load_balancer.load_balancer_dns_name}")

        # What the image decided, typed: the ECS platform, the Docker platform, the port.
        platform: ecs.RuntimePlatform = image.runtime_platform
        docker_platform: str = image.architecture.docker_platform
        port: float = image.port
        print(platform, docker_platform, port)

        # The asset, without an `asset` property: its hash, staged directory, repository and URI.
        asset_hash: str = image.asset_hash
        asset_directory: str = image.asset_directory
        repository: ecr.IRepository = image.repository
        image_uri: str = image.image_uri
        image_tag: str = image.image_tag
        runtime: ImageRuntime = image.runtime
        read_only: bool = image.readonly_root_filesystem
        print(asset_hash, asset_directory, repository.repository_name, image_uri, image_tag, runtime.runtime_name, read_only)
        # A RustServiceImage is an IRustServiceImage, what RustFargateService takes.
        as_interface: IRustServiceImage = image
        print(as_interface.image_build.dockerfile)


class OwnTaskDefinitionStack(Stack):
    """The RustServiceImage example: the image in a task definition of your own."""

    def __init__(self, scope: Construct, construct_id: str) -> None:
        super().__init__(scope, construct_id)
        image = RustServiceImage(
            self,
            "TaskApi",
            crate_directory="service",
            architecture=Architecture.ARM64,
            health_check=HealthCheck.http("/health"),
        )
        task_definition = ecs.FargateTaskDefinition(
            self, "TaskDefinition", runtime_platform=image.runtime_platform
        )
        container: ecs.ContainerDefinition = image.add_to_task_definition(
            task_definition,
            container_name="api",
            environment={"RUST_LOG": "info"},
            log_retention=logs.RetentionDays.ONE_WEEK,
            stream_prefix="api",
            readonly_root_filesystem=True,
            writable_tmp=True,
            stop_timeout=Duration.seconds(20),
        )
        print(container.container_name)


app = App()
TaskApiStack(app, "TaskApi", env=Environment(account="123456789012", region="eu-west-1"))
OwnTaskDefinitionStack(app, "OwnTaskDefinition")
app.synth()
