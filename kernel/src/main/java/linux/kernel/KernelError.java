package linux.kernel;

/**
 * A kernel function's failure, carried as an exception where the Java signature cannot
 * return {@code -errno} (constructors, functions returning objects). The message is what a
 * user sees: for system calls, the same sentence the kernel printed or the tool reports.
 * It has no stack trace: it is an expected outcome, not a bug.
 */
public final class KernelError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Errno errno;

    public KernelError(Errno errno, String message) {
        super(message, null, false, false);
        this.errno = errno;
    }

    public Errno errno() {
        return errno;
    }

    /** The kernel's return value, {@code -errno}. */
    public int negative() {
        return errno.negative();
    }

    /** {@code "<message>: <strerror text>"} unless the message already says it. */
    @Override
    public String toString() {
        String m = getMessage();
        return m == null || m.isEmpty() ? errno.name() + ": " + errno.text : m + " (" + errno.name() + ")";
    }
}
