package linux.mm.page;

/*
 * Mirrors the fields of linux-2.6.20 include/linux/sched.h struct task_struct that mm code
 * reads from tasks other than current (mm/oom_kill.c): pid, tgid, comm, mm, flags,
 * oomkilladj, the children list and the TIF_MEMDIE thread flag. Owns no state; the task
 * implementation provides it.
 */

import linux.kernel.Mirrors;

/**
 * A task ({@code struct task_struct}) as the OOM killer sees it. The task implementation
 * (mm-memory's task type) implements this view; the object it hands to
 * {@link linux.kernel.Current.ThreadInfo#task} for the thread running a task is that
 * same object, so {@code p == current} is an identity test.
 *
 * <p>Locking: {@link #mm()} may change to null when the task exits; the kernel reads it
 * under task_lock, the emulator reads it once into a local. The rest is read under
 * tasklist_lock (see {@link TaskList}).
 */
public interface TaskView {

    /** task->flags: the task is exiting (do_exit has started). */
    @Mirrors("PF_EXITING")
    int PF_EXITING = 0x00000004;

    /** task->pid. */
    int pid();

    /** task->tgid: the thread-group (process) id. */
    int tgid();

    /** task->comm: the task's name in kernel messages. */
    String comm();

    /** task->mm: the address space, or null for a kernel thread or a task that released it. */
    MmStruct mm();

    /** task->flags: PF_* bits (PF_EXITING here, PF_SWAPOFF and the others of {@link linux.kernel.Current}). */
    int flags();

    /** task->oomkilladj (/proc/pid/oom_adj): -17 (OOM_DISABLE) .. 15; 0 by default. */
    int oomkilladj();

    /** task->children: the tasks this one forked that have not been reaped. */
    Iterable<? extends TaskView> children();

    /** is_init(p): whether this is the init task (pid 1), which the OOM killer never picks. */
    @Mirrors("is_init")
    default boolean isInit() {
        return pid() == 1;
    }

    /** test_tsk_thread_flag(p, TIF_MEMDIE): the OOM killer already chose this task. */
    boolean tifMemdie();

    /**
     * set_tsk_thread_flag(p, TIF_MEMDIE): give the task access to every free page so it can
     * exit. The implementation also sets {@link linux.kernel.Current.ThreadInfo#tifMemdie}
     * of the thread running the task, which is what __alloc_pages reads.
     */
    void setTifMemdie();
}
