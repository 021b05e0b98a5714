package linux.cli;

/**
 * A user-facing failure: printed by {@link Mmemu} as {@code mmemu: <message>} on stderr,
 * and the process exits with {@link #exitCode()}. Commands throw it for bad input,
 * missing files and kernel errors (carrying the kernel's errno name in the message).
 */
public final class CliError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    public CliError(String message) {
        this(message, 1);
    }

    public CliError(String message, int exitCode) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
