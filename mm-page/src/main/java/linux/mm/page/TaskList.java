package linux.mm.page;

/*
 * Mirrors the task-list part of linux-2.6.20 include/linux/sched.h (tasklist_lock,
 * do_each_thread / while_each_thread) and force_sig of kernel/signal.c, as the OOM killer
 * uses them. Owns no state; the task implementation provides it.
 */

import java.util.concurrent.locks.ReentrantReadWriteLock;
import linux.kernel.Mirrors;

/**
 * Every task of one kernel and the way to signal one: what mm/oom_kill.c needs from the
 * scheduler side. The task implementation (mm-memory) provides it; delivering SIGKILL makes
 * the task exit at its next return to user mode (do_exit, exit_mm, mmput), which frees its
 * memory.
 *
 * <p>Locking: {@link #tasklistLock()} is the kernel's rwlock {@code tasklist_lock}; fork
 * and exit take it for writing, {@link #threads()} must be walked holding it for reading.
 * {@link #forceSig} may be called holding it.
 */
public interface TaskList {

    /** The kill signal: cannot be caught or ignored. */
    @Mirrors("SIGKILL")
    int SIGKILL = 9;

    /** tasklist_lock. */
    @Mirrors("tasklist_lock")
    ReentrantReadWriteLock tasklistLock();

    /**
     * do_each_thread(g, p) ... while_each_thread(g, p): every thread of every process, in
     * task-list order (oldest first). The caller holds tasklist_lock for reading.
     */
    Iterable<? extends TaskView> threads();

    /**
     * force_sig(sig, p): deliver {@code sig} to {@code p} even if it blocks or ignores it
     * and wake it. Never sleeps.
     */
    @Mirrors("force_sig")
    void forceSig(int sig, TaskView p);
}
