package consumer;

import io.github.cdkrustimage.RuntimeOptions;
import io.github.cdkrustimage.ScratchRuntime;
import java.util.List;

/**
 * The abstract class `io.github.cdkrustimage.Runtime` has the simple name of
 * `java.lang.Runtime`, which every Java file imports implicitly: without
 * `import io.github.cdkrustimage.Runtime;` (as RenderConsumer has), `Runtime`
 * is `java.lang.Runtime`. (With `import io.github.cdkrustimage.*;` javac
 * reports "reference to Runtime is ambiguous" instead; that variant cannot be
 * checked here, because a wildcard import makes javac attribute aws-cdk-lib's
 * generated `$Module`, which names packages that are not generated.) javac
 * must report each marked line (see test/bindings/consumer-expectations.ts).
 */
public final class WrongRuntimeImportConsumer {
    private WrongRuntimeImportConsumer() {
    }

    public static void wrong() {
        Runtime runtime = new ScratchRuntime(RuntimeOptions.builder().build()); // expect-error[javac]: incompatible types: ScratchRuntime cannot be converted to Runtime
        List<io.github.cdkrustimage.Runtime> runtimes = List.of(new ScratchRuntime(RuntimeOptions.builder().build()));
        System.out.println(runtime + " " + runtimes);
    }
}
