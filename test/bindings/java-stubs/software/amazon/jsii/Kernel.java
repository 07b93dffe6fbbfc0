// Compile-time stub of the jsii Java runtime (software.amazon.jsii:jsii-runtime), for type-checking
// the generated Java bindings only: see test/bindings/stubs/README.md. Nothing here runs.
package software.amazon.jsii;

import org.jetbrains.annotations.Nullable;

public final class Kernel {
    private Kernel() {
    }

    public static <T> T asyncCall(final Object receiver, final String method, final NativeType<T> nativeType, @Nullable final Object... args) {
        throw new UnsupportedOperationException("type-checking stub");
    }

    public static <T> T call(final Object receiver, final String method, final NativeType<T> nativeType, @Nullable final Object... args) {
        throw new UnsupportedOperationException("type-checking stub");
    }

    public static <T> T get(final Object receiver, final String property, final NativeType<T> type) {
        throw new UnsupportedOperationException("type-checking stub");
    }

    public static void set(final Object receiver, final String property, @Nullable final Object value) {
        throw new UnsupportedOperationException("type-checking stub");
    }
}
