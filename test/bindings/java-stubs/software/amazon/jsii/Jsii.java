// Compile-time stub of the jsii Java runtime (software.amazon.jsii:jsii-runtime), for type-checking
// the generated Java bindings only: see test/bindings/stubs/README.md. Nothing here runs.
package software.amazon.jsii;

import java.lang.annotation.*;

@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Jsii {
    Class<? extends JsiiModule> module();

    String fqn();

    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @interface Proxy {
        Class<? extends JsiiObject> value();
    }
}
