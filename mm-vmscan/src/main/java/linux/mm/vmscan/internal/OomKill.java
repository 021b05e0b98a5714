package linux.mm.vmscan.internal;

/*
 * Mirrors linux-2.6.20 mm/oom_kill.c (badness, constrained_alloc, select_bad_process,
 * __oom_kill_task, oom_kill_task, oom_kill_process, out_of_memory) with the show_mem report
 * of arch/i386/mm/pgtable.c it prints. Owns sysctl_panic_on_oom; the tasks belong to the
 * task list it is given.
 */

import static linux.mm.page.TaskList.SIGKILL;
import static linux.mm.page.TaskView.PF_EXITING;

import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.util.concurrent.locks.LockSupport;
import linux.arch.x86.PageGeometry;
import linux.kernel.Current;
import linux.kernel.KernelBug;
import linux.kernel.Mirrors;
import linux.kernel.Printk;
import linux.mm.page.BackingDev;
import linux.mm.page.MmStruct;
import linux.mm.page.OomKillOps;
import linux.mm.page.Page;
import linux.mm.page.PageAllocOps;
import linux.mm.page.PageFlags;
import linux.mm.page.Pglist;
import linux.mm.page.SwapfileOps;
import linux.mm.page.TaskList;
import linux.mm.page.TaskView;
import linux.mm.page.Vmstat;
import linux.mm.page.ZoneStatItem;
import linux.mm.page.Zonelist;

/**
 * The OOM killer of one kernel (mm/oom_kill.c). {@code __alloc_pages} calls
 * {@link #outOfMemory} when direct reclaim freed nothing for an allocation that may enter
 * the file system; it logs the report, picks the task with the highest badness (never
 * init, never a task with OOM_DISABLE), prefers one of that task's children that has an
 * mm of its own, and kills the victim with SIGKILL plus TIF_MEMDIE, which lets the victim
 * allocate from the reserves while it exits. The victim's memory comes back when it
 * exits (do_exit, exit_mm, mmput), which the task implementation does on receiving
 * SIGKILL. While a chosen victim is still dying, later calls kill nobody else.
 *
 * <p>The log lines, as 2.6.20 prints them:
 * <pre>
 * &lt;comm&gt; invoked oom-killer: gfp_mask=0x&lt;hex&gt;, order=&lt;n&gt;, oomkilladj=&lt;n&gt;
 * Mem-info: ... (show_mem)
 * Out of memory: kill process &lt;pid&gt; (&lt;comm&gt;) score &lt;points&gt; or a child
 * Killed process &lt;pid&gt; (&lt;comm&gt;)
 * </pre>
 *
 * <p>Locking: tasklist_lock for reading around the choice and the kill; no other lock.
 *
 * <p>Differs from 2.6.20: no OOM notifier chain (nothing registers one), no
 * printk_ratelimit (every report is printed), no dump_stack (no stack to show), no cpusets
 * or NUMA memory policies (the allocation is never constrained), no scheduler time slice to
 * raise for the victim.
 */
public final class OomKill implements OomKillOps {

    /** unsigned long's largest value on i386: the score of a task that must go first. */
    private static final long ULONG_MAX = 0xFFFFFFFFL;

    /** No NUMA restriction on the failed allocation. */
    @Mirrors("CONSTRAINT_NONE")
    private static final int CONSTRAINT_NONE = 1;
    /** The allocation was bound to some nodes by a memory policy. */
    @Mirrors("CONSTRAINT_MEMORY_POLICY")
    private static final int CONSTRAINT_MEMORY_POLICY = 2;
    /** The allocation was bound to some nodes by a cpuset. */
    @Mirrors("CONSTRAINT_CPUSET")
    private static final int CONSTRAINT_CPUSET = 3;

    /** sysctl vm.panic_on_oom: 0, so the OOM killer kills rather than panics. */
    @Mirrors("sysctl_panic_on_oom")
    private static final int SYSCTL_PANIC_ON_OOM = 0;

    /** What select_bad_process found: a task and its score, or ERR_PTR(-1) ("wait, someone is dying"). */
    private static final class BadProcess {
        final TaskView chosen;
        final long points;
        final boolean errPtr;

        BadProcess(TaskView chosen, long points, boolean errPtr) {
            this.chosen = chosen;
            this.points = points;
            this.errPtr = errPtr;
        }
    }

    private static final BadProcess ERR_PTR = new BadProcess(null, 0, true);

    private final Printk printk;
    private final Current current;
    private final TaskList taskList;
    private final PageAllocOps pageAlloc;
    private final Provider<SwapfileOps> swapfile;
    private final BackingDev backingDev;

    /** The kernel's wiring: tasks through the task list, swap for the report. */
    @Inject
    public OomKill(Printk printk, Current current, TaskList taskList, PageAllocOps pageAlloc,
            Provider<SwapfileOps> swapfile, BackingDev backingDev) {
        this.printk = printk;
        this.current = current;
        this.taskList = taskList;
        this.pageAlloc = pageAlloc;
        this.swapfile = swapfile;
        this.backingDev = backingDev;
    }

    /**
     * How good a victim {@code p} is, meant to kill as few tasks as possible, losing
     * little work, freeing much memory, sparing the innocent: the size of its address
     * space (total_vm) is the base; a task in swapoff, which can eat all of memory, gets
     * ULONG_MAX; each child with an mm of its own adds half its total_vm plus one, so a
     * server that forks many children becomes the target while one child that alone eats
     * most of memory still scores above its parent; oom_adj shifts the result left
     * (positive) or right (negative). The arithmetic wraps at 32 bits, as unsigned long
     * does on i386. Caller holds tasklist_lock for reading.
     *
     * <p>Left out of 2.6.20's formula, for want of the task state they read: the division
     * by the square root of the CPU time and by the fourth root of the run time (no
     * utime/stime/start_time), doubling for niced tasks (no nice values), the quartering
     * for CAP_SYS_ADMIN or uid/euid 0 and again for CAP_SYS_RAWIO (no credentials), and
     * the division by 8 for a task whose cpuset does not overlap ours (no cpusets).
     */
    @Mirrors("badness")
    @Override
    public long badness(TaskView p) {
        // task_lock(p): read the mm once
        MmStruct mm = p.mm();
        if (mm == null) {
            return 0;
        }
        long points = mm.totalVm & ULONG_MAX;

        if ((p.flags() & Current.PF_SWAPOFF) != 0) {
            return ULONG_MAX;
        }

        for (TaskView child : p.children()) {
            MmStruct childMm = child.mm();
            if (childMm != mm && childMm != null) {
                points = (points + childMm.totalVm / 2 + 1) & ULONG_MAX;
            }
        }

        int adj = p.oomkilladj();
        if (adj != 0) {
            if (adj > 0) {
                points = (points << adj) & ULONG_MAX;
            } else {
                points >>= -adj;
            }
        }
        return points;
    }

    /**
     * Whether the failed allocation was confined to some nodes. Without NUMA it never is:
     * CONSTRAINT_NONE.
     */
    @Mirrors("constrained_alloc")
    private static int constrainedAlloc(Zonelist zonelist, int gfpMask) {
        return CONSTRAINT_NONE;
    }

    /**
     * The task with the highest badness, walking every thread: kernel threads and tasks
     * that released their mm are skipped, init too. If some task already has TIF_MEMDIE
     * it is dying with the reserves at its disposal, and no other task may have them:
     * ERR_PTR, meaning "kill nobody now". An exiting task other than current means memory
     * is about to come back: ERR_PTR as well; an exiting current is chosen with ULONG_MAX
     * (it only gets TIF_MEMDIE, to finish exiting), which avoids a deadlock on itself.
     * OOM_DISABLE tasks are never chosen. Caller holds tasklist_lock for reading.
     */
    @Mirrors("select_bad_process")
    private BadProcess selectBadProcess() {
        TaskView chosen = null;
        long ppoints = 0;
        Object self = current.current().task;

        for (TaskView p : taskList.threads()) {
            if (p.mm() == null) {
                continue;
            }
            if (p.isInit()) {
                continue;
            }
            // a victim chosen earlier is still dying: it alone may use the reserves
            if (p.tifMemdie()) {
                return ERR_PTR;
            }
            // memory is on its way back: wait for it rather than kill someone else
            if ((p.flags() & PF_EXITING) != 0) {
                if (p != self) {
                    return ERR_PTR;
                }
                chosen = p;
                ppoints = ULONG_MAX;
            }
            if (p.oomkilladj() == OOM_DISABLE) {
                continue;
            }
            long points = badness(p);
            if (points > ppoints || chosen == null) {
                chosen = p;
                ppoints = points;
            }
        }
        return new BadProcess(chosen, ppoints, false);
    }

    /**
     * Kills {@code p}: refuses init and mm-less tasks (warning as WARN_ON does), logs
     * "Killed process" when {@code verbose}, gives the victim TIF_MEMDIE so its exit can
     * allocate what it needs, and forces SIGKILL on it.
     */
    @Mirrors("__oom_kill_task")
    private void oomKillTaskRaw(TaskView p, boolean verbose) {
        if (p.isInit()) {
            warnOn(275);
            printk.printk(Printk.KERN_WARNING, "tried to kill init!");
            return;
        }

        if (p.mm() == null) {
            warnOn(281);
            printk.printk(Printk.KERN_WARNING, "tried to kill an mm-less task!");
            return;
        }

        if (verbose) {
            printk.printk(Printk.KERN_ERR, "Killed process " + p.pid() + " (" + p.comm() + ")");
        }

        // the victim may take any free page on its way out (p->time_slice = HZ: no scheduler)
        p.setTifMemdie();

        taskList.forceSig(SIGKILL, p);
    }

    /**
     * Kills {@code p} unless it has no mm (returns 1) or a task sharing its mm is
     * OOM_DISABLE (returns 1); then every task of another thread group sharing the mm gets
     * SIGKILL too (without the reserves, which it could exhaust). Returns 0 when killed.
     *
     * <p>As in 2.6.20, the OOM_DISABLE test reads {@code p}'s oomkilladj for each sharer
     * rather than the sharer's, and the sharers' SIGKILL is sent to {@code p} again; both
     * are kept as the kernel has them.
     */
    @Mirrors("oom_kill_task")
    private int oomKillTask(TaskView p) {
        MmStruct mm = p.mm();
        if (mm == null) {
            return 1;
        }

        for (TaskView q : taskList.threads()) {
            if (q.mm() == mm && p.oomkilladj() == OOM_DISABLE) {
                return 1;
            }
        }

        oomKillTaskRaw(p, true);

        for (TaskView q : taskList.threads()) {
            if (q.mm() == mm && q.tgid() != p.tgid()) {
                taskList.forceSig(SIGKILL, p);
            }
        }
        return 0;
    }

    /**
     * Kills the chosen task or, better, one of its children with an mm of its own (the
     * first that can be killed), after logging "&lt;message&gt;: kill process ... or a
     * child". A task already exiting only gets TIF_MEMDIE, silently. Returns 0 when some
     * task was killed, 1 when none could be (the caller chooses again).
     */
    @Mirrors("oom_kill_process")
    private int oomKillProcess(TaskView p, long points, String message) {
        // already on its way out: no alarm, no children, just let it use the reserves
        if ((p.flags() & PF_EXITING) != 0) {
            oomKillTaskRaw(p, false);
            return 0;
        }

        // %li prints the unsigned long score as a signed long: ULONG_MAX shows as -1
        printk.printk(Printk.KERN_ERR, message + ": kill process " + p.pid() + " (" + p.comm() + ") score "
                + (int) points + " or a child");

        // a child with its own memory goes first
        for (TaskView c : p.children()) {
            if (c.mm() == p.mm()) {
                continue;
            }
            if (oomKillTask(c) == 0) {
                return 0;
            }
        }
        return oomKillTask(p);
    }

    /**
     * Memory is exhausted: see {@link OomKillOps#outOfMemory}. Logs the report (the
     * "invoked oom-killer" line and show_mem), chooses under tasklist_lock and kills;
     * panics if no task can be killed at all. Afterwards, unless the caller itself was
     * chosen, sleeps one jiffy to give the victim a chance to exit.
     *
     * @throws KernelBug for the kernel's panic "Out of memory and no killable processes..."
     */
    @Mirrors("out_of_memory")
    @Override
    public void outOfMemory(Zonelist zonelist, int gfpMask, int order) {
        long points = 0;
        long freed = 0;

        // blocking_notifier_call_chain(&oom_notify_list): no notifier is registered
        if (freed > 0) {
            return; // memory came back in the last second
        }

        Current.ThreadInfo self = current.current();
        int adj = self.task instanceof TaskView ? ((TaskView) self.task).oomkilladj() : 0;
        printk.printk(Printk.KERN_WARNING, self.comm + " invoked oom-killer: gfp_mask=0x" + Integer.toHexString(gfpMask)
                + ", order=" + order + ", oomkilladj=" + adj);
        showMem();

        taskList.tasklistLock().readLock().lock();
        try {
            switch (constrainedAlloc(zonelist, gfpMask)) {
                case CONSTRAINT_MEMORY_POLICY:
                    oomKillProcess((TaskView) self.task, points, "No available memory (MPOL_BIND)");
                    break;
                case CONSTRAINT_CPUSET:
                    oomKillProcess((TaskView) self.task, points, "No available memory in cpuset");
                    break;
                case CONSTRAINT_NONE:
                default:
                    if (SYSCTL_PANIC_ON_OOM != 0) {
                        panic("out of memory. panic_on_oom is selected");
                    }
                    for (;;) { // retry
                        // shoot one task and hope that solves it
                        BadProcess bad = selectBadProcess();
                        if (bad.errPtr) {
                            break;
                        }
                        if (bad.chosen == null) {
                            panic("Out of memory and no killable processes...");
                        }
                        if (oomKillProcess(bad.chosen, bad.points, "Out of memory") != 0) {
                            continue;
                        }
                        break;
                    }
                    break;
            }
        } finally {
            taskList.tasklistLock().readLock().unlock();
        }

        // let the victim run first, unless it is us
        if (!self.tifMemdie) {
            scheduleTimeoutUninterruptible(1);
        }
    }

    // ---- helpers from other kernel files ----------------------------------------------

    /**
     * show_mem() of arch/i386/mm/pgtable.c: the memory report of an OOM kill: show_free_areas,
     * free swap, then a census of mem_map (RAM, HighMem, reserved, shared references, swap
     * cache) and the page-state totals.
     */
    @Mirrors("show_mem")
    private void showMem() {
        int total = 0;
        int reserved = 0;
        int shared = 0;
        int cached = 0;
        int highmem = 0;
        Pglist pgdat = pageAlloc.pgdat();
        Vmstat vmstat = pageAlloc.vmstat();
        int k = PageGeometry.PAGE_SHIFT - 10;

        printk.printk(Printk.KERN_INFO, "Mem-info:");
        pageAlloc.showFreeAreas();
        printk.printk(Printk.KERN_INFO, String.format("Free swap:       %6dkB", swapfile.get().nrSwapPages() << k));
        for (long i = 0; i < pgdat.nodeSpannedPages; i++) {
            Page page = pgdat.pfnToPage(i);
            total++;
            if (PageFlags.pageHighMem(page)) {
                highmem++;
            }
            if (PageFlags.pageReserved(page)) {
                reserved++;
            } else if (PageFlags.pageSwapCache(page)) {
                cached++;
            } else if (Page.pageCount(page) != 0) {
                shared += Page.pageCount(page) - 1;
            }
        }
        printk.printk(Printk.KERN_INFO, total + " pages of RAM");
        printk.printk(Printk.KERN_INFO, highmem + " pages of HIGHMEM");
        printk.printk(Printk.KERN_INFO, reserved + " reserved pages");
        printk.printk(Printk.KERN_INFO, shared + " pages shared");
        printk.printk(Printk.KERN_INFO, cached + " pages swap cached");
        printk.printk(Printk.KERN_INFO, vmstat.globalPageState(ZoneStatItem.NR_FILE_DIRTY) + " pages dirty");
        printk.printk(Printk.KERN_INFO, vmstat.globalPageState(ZoneStatItem.NR_WRITEBACK) + " pages writeback");
        printk.printk(Printk.KERN_INFO, vmstat.globalPageState(ZoneStatItem.NR_FILE_MAPPED) + " pages mapped");
        printk.printk(Printk.KERN_INFO, (vmstat.globalPageState(ZoneStatItem.NR_SLAB_RECLAIMABLE)
                + vmstat.globalPageState(ZoneStatItem.NR_SLAB_UNRECLAIMABLE)) + " pages slab");
        printk.printk(Printk.KERN_INFO, vmstat.globalPageState(ZoneStatItem.NR_PAGETABLE) + " pages pagetables");
    }

    /**
     * WARN_ON(1) of include/asm-generic/bug.h at oom_kill.c line {@code line}: the warning
     * line (no stack to dump).
     */
    @Mirrors("WARN_ON")
    private void warnOn(int line) {
        printk.printk(Printk.KERN_WARNING, "BUG: at mm/oom_kill.c:" + line + " __oom_kill_task()");
    }

    /** panic(fmt) of kernel/panic.c: the machine stops. */
    @Mirrors("panic")
    private void panic(String message) {
        printk.printk(Printk.KERN_EMERG, "Kernel panic - not syncing: " + message);
        throw new KernelBug("panic: " + message);
    }

    /** schedule_timeout_uninterruptible(timeout) of kernel/timer.c: sleep {@code timeout} jiffies. */
    @Mirrors("schedule_timeout_uninterruptible")
    private void scheduleTimeoutUninterruptible(long timeout) {
        long nanos = timeout * backingDev.nanosPerJiffy();
        long deadline = System.nanoTime() + nanos;
        while (nanos > 0) {
            LockSupport.parkNanos(nanos);
            nanos = deadline - System.nanoTime();
        }
    }
}
