package linux.kernel;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a public method of an implementation class that has no linux-2.6.20
 * counterpart: the name an implementation is chosen by, a state dump, a hook for tests.
 * The architecture tests require every public method of an {@code internal} class to
 * carry either {@link Mirrors} or this, so that a reader knows which is which.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.CONSTRUCTOR, ElementType.TYPE})
public @interface EmulatorOnly {
    /** Why the emulator needs it. */
    String value();
}
