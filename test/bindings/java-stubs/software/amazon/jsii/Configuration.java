// Compile-time stub of the jsii Java runtime (software.amazon.jsii:jsii-runtime), for type-checking
// the generated Java bindings only: see test/bindings/stubs/README.md. Nothing here runs.
package software.amazon.jsii;

public final class Configuration {
    private Configuration() {
    }

    public static boolean getRuntimeTypeChecking() {
        return true;
    }
}
