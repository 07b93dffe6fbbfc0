"""The service stack on AWS with every option, type-checked with pyright
(strict) by `npx projen bindings`:

- the model both renderings take: ServiceDatabase.postgres(), Migrations.service_binary()
  and ServiceMetrics.prometheus() with all their options;
- "Api": a RustFargateService with a new database (every RustDatabaseOptions field),
  migrations, metrics (namespace, collector image) and alarms (every threshold, a topic,
  the dashboard);
- a RustServiceDatabase two services share ("Worker" and "Billing"), and databases of an
  existing instance and cluster;
- what a RustFargateService and a RustServiceDatabase tell about what they made.
"""
import os

from aws_cdk import (
    App,
    Duration,
    Environment,
    RemovalPolicy,
    Stack,
    aws_cloudwatch as cloudwatch,
    aws_ec2 as ec2,
    aws_ecs as ecs,
    aws_logs as logs,
    aws_rds as rds,
    aws_secretsmanager as secretsmanager,
    aws_sns as sns,
)
from constructs import Construct

from cdk_rust_image import (
    DatabaseEngine,
    DatabaseVariables,
    IRustServiceDatabase,
    LoadBalancerExposure,
    Migrations,
    RustDatabaseOptions,
    RustFargateService,
    RustServiceAlarmOptions,
    RustServiceDatabase,
    RustServiceImage,
    ServiceDatabase,
    ServiceMetrics,
)


class ServiceStack(Stack):
    def __init__(self, scope: Construct, construct_id: str, *, env: Environment) -> None:
        super().__init__(scope, construct_id, env=env)
        image = RustServiceImage(self, "TaskApi", crate_directory=os.path.join(os.path.dirname(__file__), "service"))

        # The model: the same values render the local stack.
        database = ServiceDatabase.postgres(database_name="tasks", username="tasks", major_version="17", port=5432)
        migrations = Migrations.service_binary(["migrate"], timeout_seconds=120)
        metrics = ServiceMetrics.prometheus(path="/metrics", port=9464, scrape_interval_seconds=30)
        variables: DatabaseVariables = ServiceDatabase.VARIABLES
        engine: DatabaseEngine = database.engine
        command: list[str] = migrations.command
        print(variables.host, variables.password, variables.ssl_mode, engine, database.major_version, command,
              migrations.timeout_seconds, Migrations.CONTAINER_NAME, metrics.path, metrics.port_for(8080))

        # An imported topic: pyright (strict) does not take aws-cdk-lib's own sns.Topic as an sns.ITopic
        # (Topic.add_subscription names its parameter topic_subscription, ITopic subscription), for any library.
        topic = sns.Topic.from_topic_arn(self, "Alarms", "arn:aws:sns:eu-west-1:123456789012:alarms")
        api = RustFargateService(
            self,
            "Api",
            image=image,
            load_balancer=LoadBalancerExposure.PUBLIC,
            database=database,
            migrations=migrations,
            metrics=metrics,
            new_database=RustDatabaseOptions(
                instance_type=ec2.InstanceType.of(ec2.InstanceClass.BURSTABLE4_GRAVITON, ec2.InstanceSize.SMALL),
                multi_az=True,
                allocated_storage_gib=50,
                max_allocated_storage_gib=200,
                backup_retention=Duration.days(14),
                deletion_protection=False,
                removal_policy=RemovalPolicy.SNAPSHOT,
                iam_authentication=True,
                log_retention=logs.RetentionDays.THREE_MONTHS,
            ),
            metrics_namespace="TaskApi/api",
            metrics_collector_image=ecs.ContainerImage.from_registry("public.ecr.aws/aws-observability/aws-otel-collector:v0.49.0"),
            alarms=RustServiceAlarmOptions(
                topic=topic,
                server_error_percent=2,
                latency_p99=Duration.millis(500),
                unhealthy_tasks=1,
                cpu_percent=75,
                memory_percent=85,
                dashboard=True,
                dashboard_name="task-api",
            ),
        )
        made: IRustServiceDatabase | None = api.database
        migrations_container: ecs.ContainerDefinition | None = api.migrations_container
        collector: ecs.ContainerDefinition | None = api.metrics_collector
        alarms: list[cloudwatch.Alarm] = api.alarms
        dashboard: cloudwatch.Dashboard | None = api.dashboard
        if made is not None and migrations_container is not None and collector is not None and dashboard is not None:
            print(made.secret.secret_arn, made.database.database_name, migrations_container.container_name,
                  collector.container_name, dashboard.dashboard_name, [a.alarm_arn for a in alarms], api.metrics_namespace)

        # One database that several services share.
        vpc = ec2.Vpc(
            self,
            "Vpc",
            max_azs=2,
            subnet_configuration=[
                ec2.SubnetConfiguration(name="Public", subnet_type=ec2.SubnetType.PUBLIC),
                ec2.SubnetConfiguration(name="Private", subnet_type=ec2.SubnetType.PRIVATE_WITH_EGRESS),
                ec2.SubnetConfiguration(name="Database", subnet_type=ec2.SubnetType.PRIVATE_ISOLATED),
            ],
        )
        shared = RustServiceDatabase(
            self,
            "Shared",
            vpc=vpc,
            database=ServiceDatabase.postgres(database_name="platform"),
            multi_az=False,
            deletion_protection=True,
            backup_retention=Duration.days(7),
        )
        instance: rds.DatabaseInstance = shared.instance
        security_group: ec2.SecurityGroup = shared.security_group
        parameter_group: rds.ParameterGroup = shared.parameter_group
        print(instance.db_instance_endpoint_address, security_group.security_group_id, parameter_group, shared.iam_authentication,
              shared.connections.security_groups)
        for name in ["Worker", "Billing"]:
            RustFargateService(self, name, image=image, vpc=vpc, existing_database=shared, migrations=Migrations.service_binary())

        # Databases you already have: an instance, a cluster, each with the secret the services log in with.
        secret = secretsmanager.Secret.from_secret_name_v2(self, "Secret", "platform/db")
        groups = [ec2.SecurityGroup.from_security_group_id(self, "DbGroup", "sg-0123456789abcdef0")]
        existing_instance = RustServiceDatabase.from_instance(
            self,
            "ExistingInstance",
            instance=rds.DatabaseInstance.from_database_instance_attributes(
                self, "Instance", instance_identifier="db", instance_endpoint_address="db.example", port=5432, security_groups=groups
            ),
            secret=secret,
            database=ServiceDatabase.postgres(),
        )
        existing_cluster = RustServiceDatabase.from_cluster(
            self,
            "ExistingCluster",
            cluster=rds.DatabaseCluster.from_database_cluster_attributes(self, "Cluster", cluster_identifier="db", port=5432, security_groups=groups),
            secret=secret,
        )
        RustFargateService(self, "Reports", image=image, vpc=vpc, existing_database=existing_instance)
        RustFargateService(self, "Search", image=image, vpc=vpc, existing_database=existing_cluster)


app = App()
ServiceStack(app, "Service", env=Environment(account="123456789012", region="eu-west-1"))
app.synth()
