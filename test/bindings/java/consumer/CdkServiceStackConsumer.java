package consumer;

import io.github.cdkrustimage.DatabaseVariables;
import io.github.cdkrustimage.ExistingDatabaseClusterProps;
import io.github.cdkrustimage.ExistingDatabaseInstanceProps;
import io.github.cdkrustimage.IRustServiceDatabase;
import io.github.cdkrustimage.LoadBalancerExposure;
import io.github.cdkrustimage.Migrations;
import io.github.cdkrustimage.MigrationsOptions;
import io.github.cdkrustimage.PostgresDatabaseOptions;
import io.github.cdkrustimage.PrometheusMetricsOptions;
import io.github.cdkrustimage.RustDatabaseOptions;
import io.github.cdkrustimage.RustFargateService;
import io.github.cdkrustimage.RustServiceAlarmOptions;
import io.github.cdkrustimage.RustServiceDatabase;
import io.github.cdkrustimage.RustServiceImage;
import io.github.cdkrustimage.ServiceDatabase;
import io.github.cdkrustimage.ServiceMetrics;
import java.util.List;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.InstanceClass;
import software.amazon.awscdk.services.ec2.InstanceSize;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.rds.DatabaseCluster;
import software.amazon.awscdk.services.rds.DatabaseClusterAttributes;
import software.amazon.awscdk.services.rds.DatabaseInstance;
import software.amazon.awscdk.services.rds.DatabaseInstanceAttributes;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.sns.Topic;
import software.constructs.Construct;

/**
 * The service stack on AWS with every option, from Java: the model both
 * renderings take (ServiceDatabase, Migrations, ServiceMetrics), a service
 * with a new database, migrations, metrics and alarms, a RustServiceDatabase
 * two services share, and databases of an existing instance and cluster.
 */
public final class CdkServiceStackConsumer extends Stack {
    public CdkServiceStackConsumer(final Construct scope, final String id, final StackProps props) {
        super(scope, id, props);
        RustServiceImage image = RustServiceImage.Builder.create(this, "TaskApi").crateDirectory("service").build();

        ServiceDatabase database = ServiceDatabase.postgres(PostgresDatabaseOptions.builder()
                .databaseName("tasks").username("tasks").majorVersion("17").port(5432).build());
        Migrations migrations = Migrations.serviceBinary(List.of("migrate"), MigrationsOptions.builder().timeoutSeconds(120).build());
        ServiceMetrics metrics = ServiceMetrics.prometheus(PrometheusMetricsOptions.builder()
                .path("/metrics").port(9464).scrapeIntervalSeconds(30).build());
        DatabaseVariables variables = ServiceDatabase.VARIABLES;
        System.out.println(variables.getHost() + variables.getSslMode() + database.getEngine() + migrations.getCommand() + metrics.portFor(8080));

        RustFargateService api = RustFargateService.Builder.create(this, "Api")
                .image(image)
                .loadBalancer(LoadBalancerExposure.PUBLIC)
                .database(database)
                .migrations(migrations)
                .metrics(metrics)
                .newDatabase(RustDatabaseOptions.builder()
                        .instanceType(InstanceType.of(InstanceClass.BURSTABLE4_GRAVITON, InstanceSize.SMALL))
                        .multiAz(true)
                        .allocatedStorageGiB(50)
                        .maxAllocatedStorageGiB(200)
                        .backupRetention(Duration.days(14))
                        .deletionProtection(false)
                        .removalPolicy(RemovalPolicy.SNAPSHOT)
                        .iamAuthentication(true)
                        .logRetention(RetentionDays.THREE_MONTHS)
                        .build())
                .metricsNamespace("TaskApi/api")
                .metricsCollectorImage(ContainerImage.fromRegistry("public.ecr.aws/aws-observability/aws-otel-collector:v0.49.0"))
                .alarms(RustServiceAlarmOptions.builder()
                        .topic(new Topic(this, "Alarms"))
                        .serverErrorPercent(2)
                        .latencyP99(Duration.millis(500))
                        .unhealthyTasks(1)
                        .cpuPercent(75)
                        .memoryPercent(85)
                        .dashboard(true)
                        .dashboardName("task-api")
                        .build())
                .build();
        IRustServiceDatabase made = api.getDatabase();
        List<Alarm> alarms = api.getAlarms();
        System.out.println(made.getSecret().getSecretArn() + api.getMigrationsContainer().getContainerName()
                + api.getMetricsCollector().getContainerName() + api.getDashboard().getDashboardName() + alarms.size() + api.getMetricsNamespace());

        Vpc vpc = Vpc.Builder.create(this, "Vpc").maxAzs(2).subnetConfiguration(List.of(
                SubnetConfiguration.builder().name("Public").subnetType(SubnetType.PUBLIC).build(),
                SubnetConfiguration.builder().name("Private").subnetType(SubnetType.PRIVATE_WITH_EGRESS).build(),
                SubnetConfiguration.builder().name("Database").subnetType(SubnetType.PRIVATE_ISOLATED).build())).build();
        RustServiceDatabase shared = RustServiceDatabase.Builder.create(this, "Shared")
                .vpc(vpc)
                .database(ServiceDatabase.postgres(PostgresDatabaseOptions.builder().databaseName("platform").build()))
                .multiAz(false)
                .build();
        System.out.println(shared.getInstance().getDbInstanceEndpointAddress() + shared.getSecurityGroup().getSecurityGroupId()
                + shared.getParameterGroup() + shared.getIamAuthentication());
        for (String name : List.of("Worker", "Billing")) {
            RustFargateService.Builder.create(this, name).image(image).vpc(vpc).existingDatabase(shared).migrations(Migrations.serviceBinary()).build();
        }

        ISecret secret = Secret.fromSecretNameV2(this, "Secret", "platform/db");
        List<ISecurityGroup> groups = List.of(SecurityGroup.fromSecurityGroupId(this, "DbGroup", "sg-0123456789abcdef0"));
        IRustServiceDatabase existingInstance = RustServiceDatabase.fromInstance(this, "ExistingInstance", ExistingDatabaseInstanceProps.builder()
                .instance(DatabaseInstance.fromDatabaseInstanceAttributes(this, "Instance", DatabaseInstanceAttributes.builder()
                        .instanceIdentifier("db").instanceEndpointAddress("db.example").port(5432).securityGroups(groups).build()))
                .secret(secret)
                .database(ServiceDatabase.postgres())
                .build());
        IRustServiceDatabase existingCluster = RustServiceDatabase.fromCluster(this, "ExistingCluster", ExistingDatabaseClusterProps.builder()
                .cluster(DatabaseCluster.fromDatabaseClusterAttributes(this, "Cluster", DatabaseClusterAttributes.builder()
                        .clusterIdentifier("db").port(5432).securityGroups(groups).build()))
                .secret(secret)
                .build());
        RustFargateService.Builder.create(this, "Reports").image(image).vpc(vpc).existingDatabase(existingInstance).build();
        RustFargateService.Builder.create(this, "Search").image(image).vpc(vpc).existingDatabase(existingCluster).build();
    }

    public static void main(final String[] args) {
        App app = new App();
        new CdkServiceStackConsumer(app, "Service", StackProps.builder()
                .env(Environment.builder().account("123456789012").region("eu-west-1").build()).build());
        app.synth();
    }
}
