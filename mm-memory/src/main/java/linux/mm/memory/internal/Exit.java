package linux.mm.memory.internal;

/*
 * Mirrors the mm part of linux-2.6.20 kernel/exit.c: exit_mm and do_exit reduced to the
 * address space and the exit state. Owns no state.
 */

import jakarta.inject.Inject;
import linux.kernel.KernelBug;
import linux.kernel.Mirrors;
import linux.kernel.Printk;
import linux.mm.page.ExitOps;
import linux.mm.page.ForkOps;
import linux.mm.page.InitTask;
import linux.mm.page.MmStruct;
import linux.mm.page.Task;
import linux.mm.page.TaskView;

/**
 * Task exit of one emulated kernel: the task lets go of its mm (which the last user tears
 * down) and becomes a zombie.
 *
 * <h2>Locking</h2>
 * exit_mm takes the mm's mmap_sem for reading around clearing tsk->mm (a core dump in
 * progress would hold it); mmput runs with nothing held.
 *
 * <p>Differs from 2.6.20: there is no scheduler to switch away from the exiting task, so
 * its CPU drops the address space at once (no lazy TLB) and the active_mm reference that
 * finish_task_switch would drop goes right after mmput. There is no wait4: the parent
 * reaps the zombie at once (release_task). Files and the parent's notification are not
 * modelled.
 */
public final class Exit implements ExitOps {

    private final ForkOps fork;
    private final InitTask initTask;
    private final Printk printk;

    @Inject
    public Exit(ForkOps fork, InitTask initTask, Printk printk) {
        this.fork = fork;
        this.initTask = initTask;
        this.printk = printk;
    }

    /**
     * release_task(p): the reaped task leaves the task list and its parent's children
     * (REMOVE_LINKS) and is dead.
     */
    @Mirrors("release_task")
    private void releaseTask(Task p) {
        initTask.removeLinks(p);
        p.exitState = Task.EXIT_DEAD;
    }

    /**
     * exit_mm(tsk): the task gives up its mm: a reference to the struct is kept as the
     * CPU's active_mm while tsk->mm is cleared, the CPU stops using the page tables, and
     * mmput drops the task's use (the last one frees the address space). Then the active_mm
     * reference goes, as the scheduler would drop it once another task runs.
     */
    @Mirrors("exit_mm")
    private void exitMm(Task tsk) {
        MmStruct mm = tsk.mm;
        // mm_release: no vfork parent or clear_child_tid to handle.
        if (mm == null) {
            return;
        }
        mm.mmapSem.readLock().lock();
        try {
            mm.mmCount.incrementAndGet();
            KernelBug.bugOn(mm != tsk.activeMm, "exit_mm: mm is not the active mm of " + tsk);
            tsk.mm = null;
        } finally {
            mm.mmapSem.readLock().unlock();
        }
        tsk.enterLazyTlb();
        fork.mmput(mm);
        tsk.activeMm = null;
        fork.mmdrop(mm);
    }

    @Override
    @Mirrors("do_exit")
    public void doExit(Task tsk, int code) {
        if ((tsk.flags & TaskView.PF_EXITING) != 0) {
            printk.printk(Printk.KERN_ALERT, "Fixing recursive fault but reboot is needed!");
            throw new KernelBug("do_exit of " + tsk + " which is already exiting");
        }
        tsk.flags |= TaskView.PF_EXITING;
        exitMm(tsk);
        tsk.exitCode = code;
        // exit_notify: a zombie for the parent to reap; with no wait4 in mmemu it is
        // reaped at once.
        tsk.exitState = Task.EXIT_ZOMBIE;
        releaseTask(tsk);
    }
}
