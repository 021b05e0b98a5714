package linux.mm.page;

/*
 * Mirrors linux-2.6.20 include/linux/oom.h and the mm/oom_kill.c part of
 * include/linux/swap.h / mm.h: out_of_memory, badness and OOM_DISABLE. Owns no state;
 * mm-vmscan implements it (its oom_kill binding).
 */

import linux.kernel.Mirrors;

/**
 * The OOM killer (mm/oom_kill.c): when direct reclaim made no progress for an allocation
 * that may enter the file system, __alloc_pages calls {@link #outOfMemory}, which chooses
 * the task whose death frees the most memory for the least loss, sends it SIGKILL and
 * gives it access to the memory reserves (TIF_MEMDIE) so it can exit; the allocator then
 * starts over. Tasks are reached through {@link TaskList}.
 *
 * <p>Locking: out_of_memory takes tasklist_lock for reading; the caller (the allocator)
 * holds no lock and may sleep.
 */
public interface OomKillOps {

    /** oom_adj value that exempts a task from the OOM killer (/proc/pid/oom_adj). */
    @Mirrors("OOM_DISABLE")
    int OOM_DISABLE = -17;

    /** The smallest oom_adj that still lets a task be chosen. */
    @Mirrors("OOM_ADJUST_MIN")
    int OOM_ADJUST_MIN = -16;

    /** The largest oom_adj. */
    @Mirrors("OOM_ADJUST_MAX")
    int OOM_ADJUST_MAX = 15;

    /**
     * out_of_memory(zonelist, gfp_mask, order): log the "invoked oom-killer" report, pick the
     * worst task (select_bad_process) and kill it (or one of its children with an mm of its
     * own) with SIGKILL, unless a task chosen earlier is still dying. Then, unless the
     * caller itself was chosen, sleep one jiffy so the victim can run. Called by
     * __alloc_pages without locks; it restarts the allocation afterwards.
     */
    @Mirrors("out_of_memory")
    void outOfMemory(Zonelist zonelist, int gfpMask, int order);

    /**
     * badness(p, uptime): the OOM score of {@code p}, an unsigned long value (0 ..
     * 0xFFFFFFFF): its total_vm plus half of each child's own mm, adjusted by oom_adj;
     * 0xFFFFFFFF (ULONG_MAX) for a task in swapoff; 0 for a task without an mm. Caller holds
     * tasklist_lock for reading.
     *
     * <p>Differs from 2.6.20: no {@code uptime} argument; the run-time part of the score is
     * not computed (the implementation says what else it leaves out).
     */
    @Mirrors("badness")
    long badness(TaskView p);
}
