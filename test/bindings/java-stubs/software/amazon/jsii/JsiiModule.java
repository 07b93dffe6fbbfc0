// Compile-time stub of the jsii Java runtime (software.amazon.jsii:jsii-runtime), for type-checking
// the generated Java bindings only: see test/bindings/stubs/README.md. Nothing here runs.
package software.amazon.jsii;

import java.util.List;

public abstract class JsiiModule {
    protected JsiiModule(final String moduleName, final String moduleVersion, final Class<?> moduleClass, final String bundleResourceName) {
    }

    public List<Class<? extends JsiiModule>> getDependencies() {
        return List.of();
    }

    protected Class<?> resolveClass(final String fqn) throws ClassNotFoundException {
        throw new ClassNotFoundException(fqn);
    }
}
