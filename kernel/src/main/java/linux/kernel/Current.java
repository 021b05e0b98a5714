package linux.kernel;

/*
 * Mirrors linux-2.6.20 include/asm-i386/current.h (current), include/linux/hardirq.h
 * (in_interrupt, irq_enter, irq_exit), include/linux/smp.h (smp_processor_id) and the task
 * flags of include/linux/sched.h that the allocator, reclaim and swapoff test. Owns, per
 * booted kernel, the per-thread view of "who is running here".
 */

/**
 * What {@code current}, {@code in_interrupt()} and {@code smp_processor_id()} answer for the
 * calling Java thread, in one booted kernel. Every emulated CPU, every kswapd and every
 * block-device completion thread is a Java thread; each has its own {@link ThreadInfo} in
 * each kernel it runs code of. A thread sets {@link ThreadInfo#cpu} once to the CPU it acts
 * as (default 0, the boot CPU); whoever runs a task on it keeps {@link ThreadInfo#flags},
 * {@link ThreadInfo#comm} and {@link ThreadInfo#task} in step with that task. Per-CPU state
 * of the allocator and the LRU (per-CPU page lists, pagevecs) is indexed by
 * {@link #smpProcessorId()}.
 *
 * <p>One object per kernel: boot builds it, and every module that asks these questions gets
 * the same one injected, so two kernels in one JVM never see each other's flags and a
 * completion thread's interrupt context is the one {@code __alloc_pages} reads.
 *
 * <p>Locking: none; a {@link ThreadInfo} belongs to its thread.
 *
 * <p>Differs from 2.6.20: the kernel's per-CPU data is protected by disabling preemption and
 * interrupts; here the per-CPU structures also synchronize on themselves, so two threads that
 * claim the same CPU id stay correct (only slower).
 */
public final class Current {

    /** Set while the task allocates on behalf of reclaim: it may use the reserves below pages_min. */
    @Mirrors("PF_MEMALLOC")
    public static final int PF_MEMALLOC = 0x00000800;
    /** The task is kswapd. */
    @Mirrors("PF_KSWAPD")
    public static final int PF_KSWAPD = 0x00040000;
    /** The task is inside swapoff (try_to_unuse). */
    @Mirrors("PF_SWAPOFF")
    public static final int PF_SWAPOFF = 0x00080000;
    /** The task may write to swap even when the queue is congested. */
    @Mirrors("PF_SWAPWRITE")
    public static final int PF_SWAPWRITE = 0x00800000;

    /**
     * The part of {@code task_struct} and {@code thread_info} the mm code reads through
     * {@code current}: the CPU, the PF_* flags, the name, and the hard-interrupt nesting.
     */
    @Mirrors("thread_info")
    public static final class ThreadInfo {
        /**
         * The CPU this thread runs as ({@code thread_info->cpu}); must be below the CPU
         * count the machine was booted with, since per-CPU arrays are indexed by it.
         */
        public int cpu;
        /** {@code current->flags}: PF_* bits. */
        public int flags;
        /** {@code current->comm}: the task name used in kernel messages. */
        public String comm = "swapper";
        /** {@code rt_task(current)}: the task has a realtime scheduling policy. */
        public boolean rtTask;
        /** {@code test_thread_flag(TIF_MEMDIE)}: the OOM killer chose this task. */
        public boolean tifMemdie;
        /** The emulated task running on this thread, or null (kernel threads, completions). */
        public Object task;
        /** The HARDIRQ part of {@code preempt_count}: nesting of interrupt handlers. */
        int hardirqCount;

        ThreadInfo() {
        }
    }

    private final ThreadLocal<ThreadInfo> threads = ThreadLocal.withInitial(ThreadInfo::new);

    /** A kernel's view of its threads; boot builds one per kernel. */
    public Current() {
    }

    /** The calling thread's {@code current} in this kernel. */
    @Mirrors("current")
    public ThreadInfo current() {
        return threads.get();
    }

    /** The CPU the calling thread runs as. */
    @Mirrors("smp_processor_id")
    public int smpProcessorId() {
        return threads.get().cpu;
    }

    /** Whether the calling thread is kswapd ({@code current->flags & PF_KSWAPD}). */
    @Mirrors("current_is_kswapd")
    public boolean currentIsKswapd() {
        return (threads.get().flags & PF_KSWAPD) != 0;
    }

    /**
     * Whether the calling thread is running an interrupt handler: a block device's
     * completion (bi_end_io) between {@link #irqEnter()} and {@link #irqExit()}.
     */
    @Mirrors("in_interrupt")
    public boolean inInterrupt() {
        return threads.get().hardirqCount > 0;
    }

    /** Entering an interrupt handler on the calling thread (a device's completion context). */
    @Mirrors("irq_enter")
    public void irqEnter() {
        threads.get().hardirqCount++;
    }

    /** Leaving the interrupt handler {@link #irqEnter()} entered. */
    @Mirrors("irq_exit")
    public void irqExit() {
        ThreadInfo ti = threads.get();
        if (ti.hardirqCount <= 0) {
            throw new KernelBug("irq_exit without irq_enter");
        }
        ti.hardirqCount--;
    }
}
