/**
 * The base of mmemu (no 2.6.20 counterpart: 2.6.20 had no ftrace). Holds the
 * {@code @Mirrors} annotation that ties each Java method to the kernel function it
 * mirrors, and the tracer interface every module reports through.
 */
module linux.trace {
    exports linux.trace;
}
