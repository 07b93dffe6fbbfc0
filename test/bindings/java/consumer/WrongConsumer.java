package consumer;

import io.github.cdkrustimage.AlpineRuntime;
import io.github.cdkrustimage.Architecture;
import io.github.cdkrustimage.BuildWarning;
import io.github.cdkrustimage.CustomRuntime;
import io.github.cdkrustimage.HttpCheckClient;
import io.github.cdkrustimage.ImageBuild;
import io.github.cdkrustimage.LoadBalancerExposure;
import io.github.cdkrustimage.RegistryCache;
import io.github.cdkrustimage.RuntimeOptions;
import io.github.cdkrustimage.RustFargateService;
import io.github.cdkrustimage.RustMuslImage;
import io.github.cdkrustimage.RustMuslImageProps;
import io.github.cdkrustimage.RustServiceConnectOptions;
import io.github.cdkrustimage.RustServiceDefinition;
import io.github.cdkrustimage.RustServiceImage;
import io.github.cdkrustimage.RustDatabaseOptions;
import io.github.cdkrustimage.RustServiceProjectOptions;
import io.github.cdkrustimage.RustWorkspaceServices;
import io.github.cdkrustimage.ServiceDatabase;
import io.github.cdkrustimage.SshAgent;
import java.util.List;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ecs.CpuArchitecture;

/**
 * Deliberately wrong uses of the Java binding: javac must report each line
 * that carries an expect-error marker (see test/bindings/consumer-expectations.ts);
 * any other error fails the check. Java cannot catch a missing required prop
 * at compile time (a RustWorkspaceServices without services, an SshAgent
 * without knownHosts): the builders check it when build() runs. One mistake
 * per statement: javac reports only the first error of a builder chain.
 */
public final class WrongConsumer {
    private WrongConsumer() {
    }

    public static void wrong() {
        Stack stack = new Stack(new App(), "Wrong");
        RustServiceImage image = RustServiceImage.Builder.create(stack, "Image").crateDirectory("service").build();

        // A wrong prop name (one of an early design sketch; the TypeScript spelling; the old name of taskSubnets).
        RustFargateService.Builder.create(stack, "A").image(image).publicLoadBalancer(true).build(); // expect-error[javac]: cannot find symbol symbol: method publicLoadBalancer(boolean)
        RustMuslImageProps.builder().crate_directory("service").build(); // expect-error[javac]: cannot find symbol symbol: method crate_directory(String)
        RustFargateService.Builder.create(stack, "A2").image(image).vpcSubnets(SubnetSelection.builder().build()).build(); // expect-error[javac]: cannot find symbol symbol: method vpcSubnets(SubnetSelection)
        RustFargateService.Builder.create(stack, "A3").image(image).redirectHTTP(true).build(); // expect-error[javac]: cannot find symbol symbol: method redirectHTTP(boolean)
        // readonlyRootFilesystem, as aws-ecs spells it, everywhere; readOnlyRootFilesystem does not exist.
        RustFargateService.Builder.create(stack, "A4").image(image).readOnlyRootFilesystem(true).build(); // expect-error[javac]: cannot find symbol symbol: method readOnlyRootFilesystem(boolean)
        RustServiceProjectOptions.builder().name("task-api").projenrc(false).build(); // expect-error[javac]: cannot find symbol symbol: method projenrc(boolean)

        // Wrong types: a String for a number, for an enum, for an enum-like class and for a ImageRuntime; another library's value.
        RuntimeOptions.builder().port("8080").build(); // expect-error[javac]: incompatible types: String cannot be converted to Number
        RustFargateService.Builder.create(stack, "B").image(image).loadBalancer("public").build(); // expect-error[javac]: incompatible types: String cannot be converted to LoadBalancerExposure
        RustMuslImageProps.builder().crateDirectory("service").architecture("arm64").build(); // expect-error[javac]: incompatible types: String cannot be converted to Architecture
        RustMuslImageProps.builder().crateDirectory("service").architecture(CpuArchitecture.ARM64).build(); // expect-error[javac]: incompatible types: CpuArchitecture cannot be converted to Architecture
        RustFargateService.Builder.create(stack, "C").image(image.getContainerImage()).build(); // expect-error[javac]: incompatible types: ContainerImage cannot be converted to IRustServiceImage
        RustServiceDefinition.builder().binaryName("api").runtime("alpine").build(); // expect-error[javac]: incompatible types: String cannot be converted to ImageRuntime
        CustomRuntime.Builder.create().baseImage("ubuntu:24.04").httpCheckClient("curl").build(); // expect-error[javac]: incompatible types: String cannot be converted to HttpCheckClient
        RustFargateService.Builder.create(stack, "D").image(image).certificate("arn:aws:acm:eu-west-1:123456789012:certificate/abc").build(); // expect-error[javac]: incompatible types: String cannot be converted to ICertificate
        RustFargateService.Builder.create(stack, "E").image(image).serviceConnect(true).build(); // expect-error[javac]: incompatible types: boolean cannot be converted to RustServiceConnectOptions
        RustServiceImage.Builder.create(stack, "F").crateDirectory("service").registryCache("ecr/cache:main").build(); // expect-error[javac]: incompatible types: String cannot be converted to RegistryCache
        List<String> binaryNames = List.of("api", "worker");
        RustWorkspaceServices.Builder.create(stack, "G").crateDirectory("services").services(binaryNames).build(); // expect-error[javac]: incompatible types: List<String> cannot be converted to List<? extends RustServiceDefinition>
        SshAgent.builder().knownHosts("github.com ssh-ed25519 AAAA").build(); // expect-error[javac]: incompatible types: String cannot be converted to List<String>
        RustServiceConnectOptions.builder().namespace("internal").port(8080).build(); // expect-error[javac]: cannot find symbol symbol: method port(int)

        // The service stack: the model where a construct is expected, a string for the model, a new database's option of the wrong type.
        RustFargateService.Builder.create(stack, "H").image(image).existingDatabase(ServiceDatabase.postgres()).build(); // expect-error[javac]: incompatible types: ServiceDatabase cannot be converted to IRustServiceDatabase
        RustFargateService.Builder.create(stack, "I").image(image).database("postgres").build(); // expect-error[javac]: incompatible types: String cannot be converted to ServiceDatabase
        RustDatabaseOptions.builder().deletionProtection("off").build(); // expect-error[javac]: incompatible types: String cannot be converted to Boolean

        // Members that do not exist or were removed.
        Architecture arm = Architecture.ARM; // expect-error[javac]: cannot find symbol symbol: variable ARM
        HttpCheckClient httpie = HttpCheckClient.HTTPIE; // expect-error[javac]: cannot find symbol symbol: variable HTTPIE
        System.out.println(image.getAsset()); // expect-error[javac]: cannot find symbol symbol: method getAsset()
        RustMuslImage builder = new RustMuslImage(RustMuslImageProps.builder().crateDirectory("service").build());
        new AlpineRuntime(RuntimeOptions.builder().build()).dockerfile(builder); // expect-error[javac]: cannot find symbol symbol: method dockerfile(RustMuslImage)

        // The closed runtime model and the RegistryCache presets: no public constructor.
        new io.github.cdkrustimage.ImageRuntime(RuntimeOptions.builder().build()); // expect-error[javac]: ImageRuntime is abstract; cannot be instantiated
        new RegistryCache(); // expect-error[javac]: no suitable constructor found for RegistryCache(no arguments)

        // Results used as the wrong type: compose() gives an ImageBuild, warnings are structs.
        ImageBuild build = new AlpineRuntime(RuntimeOptions.builder().build()).compose(builder);
        String text = build; // expect-error[javac]: incompatible types: ImageBuild cannot be converted to String
        List<String> warnings = build.getWarnings(); // expect-error[javac]: incompatible types: List<BuildWarning> cannot be converted to List<String>
        BuildWarning first = build.getWarnings().get(0);
        System.out.println(arm + " " + httpie + " " + text + warnings + first + LoadBalancerExposure.PUBLIC);
    }
}
