package linux.mm.page;

/*
 * Mirrors the mm part of linux-2.6.20 kernel/exit.c as include/linux/sched.h declares it:
 * do_exit and the exit_mm step. Owns no state; mm-memory implements it.
 */

import linux.kernel.Mirrors;

/**
 * Task exit (kernel/exit.c), reduced to what the memory side of exit does: the task lets go
 * of its address space (exit_mm → mmput, which tears the mm down with the last user:
 * exit_mmap, the mmlist, the swap token) and becomes a zombie.
 */
public interface ExitOps {

    /**
     * do_exit(code) for {@code tsk}: exit_mm (the CPU stops using the task's page tables,
     * tsk->mm = NULL, mmput), then exit_state = EXIT_ZOMBIE and exit_code = {@code code}.
     * Called by the thread running the task (or, for a task that is not running, by any
     * thread), with no kernel lock held. Exiting twice is a BUG ("Fixing recursive fault").
     *
     * <p>Differs from 2.6.20: do_exit does not return in the kernel; here it returns to the
     * caller, which must not run the task again.
     */
    @Mirrors("do_exit")
    void doExit(Task tsk, int code);
}
