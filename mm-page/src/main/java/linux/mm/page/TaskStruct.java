package linux.mm.page;

/*
 * Mirrors the part of linux-2.6.20 include/linux/sched.h struct task_struct the mm files
 * read through current: current->mm. Owns no state.
 */

import linux.kernel.Current;
import linux.kernel.Mirrors;

/**
 * {@code struct task_struct} as far as layer-2 code reads it: the task's address space. A
 * thread running an emulated task keeps that task in {@code current.current().task}; the
 * task type implements this interface so that {@code current->mm} can be answered below it.
 */
@Mirrors("task_struct")
public interface TaskStruct {

    /** task->mm: the task's address space, null for a kernel thread. */
    @Mirrors("mm")
    MmStruct mm();

    /**
     * {@code current->mm} in kernel {@code current}: the mm of the task the calling thread
     * runs, or null when it runs none (kswapd, block-device completions, threads of tests
     * that run no task), as for a kernel thread.
     */
    static MmStruct currentMm(Current current) {
        Object task = current.current().task;
        return task instanceof TaskStruct t ? t.mm() : null;
    }
}
