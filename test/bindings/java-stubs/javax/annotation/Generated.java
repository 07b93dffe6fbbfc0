// Compile-time stub of javax.annotation.Generated (not in the JDK since Java 11); see
// test/bindings/stubs/README.md. Nothing here runs.
package javax.annotation;

import java.lang.annotation.*;

@Retention(RetentionPolicy.SOURCE)
public @interface Generated {
    String[] value();

    String date() default "";

    String comments() default "";
}
