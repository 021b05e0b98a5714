package linux.kernel;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a Java element as the mirror of a linux-2.6.20 symbol (a function, macro,
 * struct or global). The value is the kernel's own spelling, e.g.
 * {@code @Mirrors("scan_swap_map")}. Retained at run time so that the tracer and the
 * architecture tests can read it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.CONSTRUCTOR, ElementType.TYPE, ElementType.FIELD})
public @interface Mirrors {
    /** The kernel symbol, spelled as in the 2.6.20 source. */
    String value();
}
