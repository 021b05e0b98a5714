/**
 * {@link linux.kernel.Mirrors} names the kernel symbol a method, class or field mirrors,
 * so that {@code grep shrink_page_list} finds both the C and the Java side, and the
 * tracer can print kernel names. {@link linux.kernel.Tracer} is the function-graph
 * tracer's interface: {@link linux.kernel.Tracer#OFF} is the default and costs one
 * predictable branch per traced call.
 *
 * <h2>Locking</h2>
 * Tracer implementations must be safe to call from every emulated CPU thread and from
 * block-device completion threads at once; they never call back into the kernel.
 */
package linux.kernel;
