package linux.kernel;

/*
 * Mirrors linux-2.6.20 include/asm-generic/bug.h (BUG, BUG_ON) as used by the mm/ files.
 * Owns no state.
 */

import linux.kernel.Mirrors;

/**
 * A kernel assertion that failed: the Java form of {@code BUG()} / {@code BUG_ON(cond)}.
 * The kernel would print "kernel BUG at file:line" and kill the task; the emulator throws
 * this unchecked exception with a message naming the broken rule, so a test sees exactly
 * which check fired. {@code VM_BUG_ON} becomes a Java {@code assert} instead.
 */
public final class KernelBug extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A failed {@code BUG_ON}; the message says what was wrong, e.g. "unlock_page: page not locked". */
    public KernelBug(String message) {
        super("kernel BUG: " + message);
    }

    /**
     * {@code BUG_ON(condition)}: throws when {@code condition} holds.
     *
     * @param condition the state the kernel forbids
     * @param message what went wrong, used only when thrown
     */
    @Mirrors("BUG_ON")
    public static void bugOn(boolean condition, String message) {
        if (condition) {
            throw new KernelBug(message);
        }
    }
}
