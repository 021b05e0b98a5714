package linux.testkit;

import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import linux.kernel.KernelBug;
import linux.kernel.Printk;
import linux.mm.page.OomKillOps;
import linux.mm.page.TaskList;
import linux.mm.page.TaskView;
import linux.mm.page.Zonelist;

/**
 * A recording {@link OomKillOps} for kernels without mm/oom_kill.c that still kills the way
 * the real one ends: the victim gets TIF_MEMDIE (so its allocation may dig into the
 * reserves) and SIGKILL, and the log says "Killed process PID (COMM)". The choice is cruder
 * than badness(): the non-init task with the largest total_vm, the first one on a tie.
 * With nobody to kill it panics, as out_of_memory does.
 */
public final class FakeOomKill implements OomKillOps {

    private final TaskList taskList;
    private final Printk printk;
    private final List<String> calls = new ArrayList<>();

    @Inject
    public FakeOomKill(TaskList taskList, Printk printk) {
        this.taskList = taskList;
        this.printk = printk;
    }

    /** The kernel names of the calls so far, oldest first. */
    public synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    @Override
    public synchronized void outOfMemory(Zonelist zonelist, int gfpMask, int order) {
        calls.add("out_of_memory");
        TaskView victim = null;
        taskList.tasklistLock().readLock().lock();
        try {
            for (TaskView p : taskList.threads()) {
                if (p.isInit() || p.mm() == null) {
                    continue;
                }
                if (p.tifMemdie()) {
                    return; // a victim is already on its way out
                }
                if (victim == null || p.mm().totalVm > victim.mm().totalVm) {
                    victim = p;
                }
            }
            if (victim == null) {
                throw new KernelBug("Out of memory and no killable processes...");
            }
            printk.printk(Printk.KERN_ERR, "Killed process " + victim.pid() + " (" + victim.comm() + ")");
            victim.setTifMemdie();
            taskList.forceSig(TaskList.SIGKILL, victim);
        } finally {
            taskList.tasklistLock().readLock().unlock();
        }
    }

    /** badness(): total_vm, nothing else. */
    @Override
    public long badness(TaskView p) {
        return p.mm() == null ? 0 : p.mm().totalVm;
    }
}
