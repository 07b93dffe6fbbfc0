package consumer;

import io.github.cdkrustimage.Architecture;
import io.github.cdkrustimage.LoadBalancerExposure;
import io.github.cdkrustimage.RuntimeOptions;
import io.github.cdkrustimage.RustFargateService;
import io.github.cdkrustimage.RustMuslImageProps;
import io.github.cdkrustimage.RustServiceImage;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ecs.CpuArchitecture;

/**
 * Deliberately wrong uses of the Java binding: javac must report each line
 * that carries an expect-error marker (see test/bindings/consumer-expectations.ts);
 * any other error fails the check. Java cannot catch a missing required prop
 * at compile time: the builders check it when build() runs. One mistake per statement: javac reports
 * only the first error of a builder chain.
 */
public final class WrongConsumer {
    private WrongConsumer() {
    }

    public static void wrong() {
        Stack stack = new Stack(new App(), "Wrong");
        RustServiceImage image = RustServiceImage.Builder.create(stack, "Image").crateDirectory("service").build();

        // A wrong prop name (the one of an early design sketch; the TypeScript spelling).
        RustFargateService.Builder.create(stack, "A").image(image).publicLoadBalancer(true).build(); // expect-error[javac]: cannot find symbol symbol: method publicLoadBalancer(boolean)
        RustMuslImageProps.builder().crate_directory("service").build(); // expect-error[javac]: cannot find symbol symbol: method crate_directory(String)

        // Wrong types: a String for a number, for an enum and for an enum-like class; another library's value.
        RuntimeOptions.builder().port("8080").build(); // expect-error[javac]: incompatible types: String cannot be converted to Number
        RustFargateService.Builder.create(stack, "B").image(image).loadBalancer("public").build(); // expect-error[javac]: incompatible types: String cannot be converted to LoadBalancerExposure
        RustMuslImageProps.builder().crateDirectory("service").architecture("arm64").build(); // expect-error[javac]: incompatible types: String cannot be converted to Architecture
        RustMuslImageProps.builder().crateDirectory("service").architecture(CpuArchitecture.ARM64).build(); // expect-error[javac]: incompatible types: CpuArchitecture cannot be converted to Architecture
        RustFargateService.Builder.create(stack, "C").image(image.getContainerImage()).build(); // expect-error[javac]: incompatible types: ContainerImage cannot be converted to RustServiceImage

        // A member that does not exist.
        Architecture arm = Architecture.ARM; // expect-error[javac]: cannot find symbol symbol: variable ARM
        System.out.println(arm + " " + LoadBalancerExposure.PUBLIC);
    }
}
