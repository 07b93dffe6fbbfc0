// Compile-time stub of the jsii Java runtime (software.amazon.jsii:jsii-runtime), for type-checking
// the generated Java bindings only: see test/bindings/stubs/README.md. Nothing here runs.
package software.amazon.jsii;

import java.util.List;
import java.util.Map;

public abstract class NativeType<T> {
    public static final NativeType<Void> VOID = forClass(Void.class);

    private NativeType() {
    }

    public static <T> NativeType<T> forClass(final Class<T> simpleType) {
        return null;
    }

    public static <T> NativeType<List<T>> listOf(final NativeType<T> elementType) {
        return null;
    }

    public static <T> NativeType<Map<String, T>> mapOf(final NativeType<T> elementType) {
        return null;
    }
}
