// Compile-time stub of the jsii Java runtime (software.amazon.jsii:jsii-runtime), for type-checking
// the generated Java bindings only: see test/bindings/stubs/README.md. Nothing here runs.
package software.amazon.jsii;

import org.jetbrains.annotations.Nullable;

public class JsiiObject implements JsiiSerializable {
    public enum InitializationMode { JSII }

    protected JsiiObject(final InitializationMode initializationMode) {
    }

    protected JsiiObject(final JsiiObjectRef objRef) {
    }

    protected static <T> T jsiiStaticCall(final Class<?> nativeClass, final String method, final NativeType<T> nativeType, @Nullable final Object... args) {
        throw new UnsupportedOperationException("type-checking stub");
    }

    protected static <T> T jsiiStaticGet(final Class<?> nativeClass, final String property, final NativeType<T> type) {
        throw new UnsupportedOperationException("type-checking stub");
    }

    protected static void jsiiStaticSet(final Class<?> nativeClass, final String property, @Nullable final Object value) {
        throw new UnsupportedOperationException("type-checking stub");
    }
}
