// Compile-time stub of the jsii Java runtime (software.amazon.jsii:jsii-runtime), for type-checking
// the generated Java bindings only: see test/bindings/stubs/README.md. Nothing here runs.
package software.amazon.jsii;

public final class JsiiEngine {
    private JsiiEngine() {
    }

    public static JsiiEngine getInstance() {
        throw new UnsupportedOperationException("type-checking stub");
    }

    public void createNewObject(final JsiiObject uninitializedNativeObject, final Object... args) {
        throw new UnsupportedOperationException("type-checking stub");
    }
}
