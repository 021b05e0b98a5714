package linux.mm.page;

/*
 * Mirrors linux-2.6.20 include/asm-i386/current.h (current), smp_processor_id() and the
 * task flags of include/linux/sched.h that the allocator and reclaim test. Owns the
 * per-thread emulation context: which CPU the thread runs as and the running task's flags.
 */

import linux.kernel.Mirrors;

/**
 * What {@code current} and {@code smp_processor_id()} answer for the calling Java
 * thread. Every emulated CPU, kswapd and block-completion thread is a Java thread; it
 * sets {@link #cpu} once to the CPU it acts as (default 0, the boot CPU), and whoever
 * runs a task on it keeps {@link #flags} and {@link #comm} in step with that task.
 * Per-CPU state of the allocator and the LRU (per-CPU page lists, pagevecs) is indexed
 * by {@link #smpProcessorId()}.
 *
 * <p>Locking: none; the object belongs to its thread.
 *
 * <p>Differs from 2.6.20: the kernel's per-CPU data is protected by preemption and
 * interrupt disabling; here the per-CPU structures also synchronize on themselves, so
 * two threads that claim the same CPU id stay correct (only slower).
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

    private static final ThreadLocal<Current> CURRENT = ThreadLocal.withInitial(Current::new);

    /**
     * The CPU this thread runs as ({@code smp_processor_id()}); must be below the CPU
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
    /** {@code in_interrupt()}: the thread delivers an interrupt (e.g. a bio completion). */
    public boolean inInterrupt;

    private Current() {
    }

    /** The calling thread's context ({@code current}). */
    @Mirrors("current")
    public static Current get() {
        return CURRENT.get();
    }

    /** The CPU the calling thread runs as. */
    @Mirrors("smp_processor_id")
    public static int smpProcessorId() {
        return CURRENT.get().cpu;
    }

    /** Whether the calling thread is kswapd ({@code current_is_kswapd()}). */
    @Mirrors("current_is_kswapd")
    public static boolean currentIsKswapd() {
        return (CURRENT.get().flags & PF_KSWAPD) != 0;
    }
}
