package linux.kernel;

/**
 * The function-graph tracer as the kernel modules see it: a pair of calls around a
 * traced kernel function, keyed by its kernel name.
 *
 * <p>Callers guard every use with {@link #enabled()}, so that a disabled tracer costs a
 * single branch and allocates nothing:
 * <pre>{@code
 * if (tracer.enabled()) tracer.enter("scan_swap_map");
 * }</pre>
 */
public interface Tracer {

    /** The tracer that records nothing; the default everywhere. */
    Tracer OFF = new Tracer() {
        @Override
        public boolean enabled() {
            return false;
        }

        @Override
        public void enter(String kernelFunction) {
        }

        @Override
        public void exit(String kernelFunction) {
        }

        @Override
        public String toString() {
            return "Tracer.OFF";
        }
    };

    /** Whether calls to {@link #enter} and {@link #exit} record anything. */
    boolean enabled();

    /** Called on entry to the kernel function named {@code kernelFunction}. */
    void enter(String kernelFunction);

    /** Called on return from the kernel function named {@code kernelFunction}. */
    void exit(String kernelFunction);
}
