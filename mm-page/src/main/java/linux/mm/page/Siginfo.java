package linux.mm.page;

/*
 * Mirrors linux-2.6.20 include/asm-generic/siginfo.h (struct siginfo, SEGV_MAPERR,
 * SEGV_ACCERR, BUS_ADRERR) and the signal numbers of include/asm-i386/signal.h that the
 * fault path sends. Owns one delivered fault signal.
 */

import linux.kernel.Mirrors;

/**
 * The {@code siginfo} of a signal delivered to a task (arch/i386/mm/fault.c's
 * force_sig_info_fault for SIGSEGV and SIGBUS, do_exit(SIGKILL) after an out-of-memory
 * fault, the OOM killer's force_sig), thrown out of the user access it interrupted.
 * Emulated user code is Java code calling {@link Task}'s load and store methods; the kernel
 * delivers a signal by returning to user mode at the handler, and the emulator delivers it
 * by unwinding that call. If the task has a handler for the signal
 * ({@link Task#sigaction(int, boolean)}) the caller's {@code catch} plays it and the task
 * lives on; otherwise the default action has already killed the task
 * ({@link Task#exitState} is set, {@link Task#exitCode} is the signal number) when this
 * reaches the caller. No other task is touched. It has no stack trace: a fault signal is an
 * expected outcome.
 */
@Mirrors("siginfo")
public final class Siginfo extends RuntimeException {
    private static final long serialVersionUID = 1L;

    @Mirrors("SIGBUS") public static final int SIGBUS = 7;
    @Mirrors("SIGKILL") public static final int SIGKILL = 9;
    @Mirrors("SIGSEGV") public static final int SIGSEGV = 11;

    /** si_code of SIGSEGV: no mapping at the address. */
    @Mirrors("SEGV_MAPERR") public static final int SEGV_MAPERR = 1;
    /** si_code of SIGSEGV: the mapping does not allow the access. */
    @Mirrors("SEGV_ACCERR") public static final int SEGV_ACCERR = 2;
    /** si_code of SIGBUS: the address has no backing data (a swap-in read failed). */
    @Mirrors("BUS_ADRERR") public static final int BUS_ADRERR = 2;
    /** si_code of a signal the kernel itself sends (do_exit(SIGKILL) after an OOM fault). */
    @Mirrors("SI_KERNEL") public static final int SI_KERNEL = 0x80;

    /** si_signo. */
    public final int siSigno;
    /** si_code. */
    public final int siCode;
    /** si_addr: the faulting user address (CR2). */
    public final long siAddr;
    /** The task the signal was sent to. */
    public final transient Task task;

    public Siginfo(Task task, int siSigno, int siCode, long siAddr) {
        super(describe(task, siSigno, siCode, siAddr), null, false, false);
        this.task = task;
        this.siSigno = siSigno;
        this.siCode = siCode;
        this.siAddr = siAddr;
    }

    /** The signal's name as strsignal abbreviates it: "SIGSEGV", "SIGBUS", "SIGKILL" or "SIG&lt;n&gt;". */
    public static String name(int signo) {
        switch (signo) {
            case SIGBUS:
                return "SIGBUS";
            case SIGKILL:
                return "SIGKILL";
            case SIGSEGV:
                return "SIGSEGV";
            default:
                return "SIG" + signo;
        }
    }

    private static String describe(Task task, int signo, int code, long addr) {
        String why;
        if (signo == SIGSEGV) {
            why = code == SEGV_MAPERR ? "SEGV_MAPERR" : code == SEGV_ACCERR ? "SEGV_ACCERR" : "si_code " + code;
        } else if (signo == SIGBUS) {
            why = code == BUS_ADRERR ? "BUS_ADRERR" : "si_code " + code;
        } else {
            why = code == SI_KERNEL ? "SI_KERNEL" : "si_code " + code;
        }
        return String.format("%s (%s) at 0x%08x to %s", name(signo), why, addr, task);
    }
}
