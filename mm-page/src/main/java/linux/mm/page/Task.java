package linux.mm.page;

/*
 * Mirrors linux-2.6.20 include/linux/sched.h struct task_struct (the fields the mm code and
 * the OOM killer read: pid, comm, mm, active_mm, flags, oomkilladj, children, pending
 * signals, exit_state/exit_code, min_flt/maj_flt, thread.cr2/error_code/trap_no), the
 * switch_mm half of kernel/sched.c's context_switch, and the fault-signal delivery of
 * kernel/signal.c (force_sig_info, do_signal's default action). Owns one emulated process
 * and the CPU it runs on.
 */

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import linux.arch.x86.Cpu;
import linux.kernel.Current;
import linux.kernel.Mirrors;

/**
 * {@code struct task_struct}: one emulated process. It owns an {@link MmStruct} (shared
 * with CLONE_VM siblings) and is driven by user code: loads and stores at virtual
 * addresses, and the system calls of mm-memory (mmap, munmap, mprotect, fork, exit).
 *
 * <h2>Running a task</h2>
 * Each emulated CPU is a Java thread. A thread runs a task by calling
 * {@link #contextSwitch(Cpu)} (the scheduler's switch: {@code current} becomes this task on
 * the calling thread and the CPU's CR3 is loaded with the task's page directory); from then
 * on the task's loads and stores execute on that CPU, through its MMU and TLB, and on the
 * calling thread only. A page fault enters the installed {@code do_page_fault} on the same
 * thread.
 *
 * <h2>Signals</h2>
 * A fault the kernel cannot satisfy queues a signal (force_sig_info: SIGSEGV, SIGBUS) and
 * delivers it on the way back to user mode ({@link #doSignal()}): if the program installed a
 * handler ({@link #sigaction(int, boolean)}), the signal is taken off the queue and the
 * access is abandoned with a {@link Siginfo} — the caller's {@code catch} is the handler and
 * the task lives on; otherwise the default action kills the task (do_exit with the signal
 * number) and the {@link Siginfo} still tells the caller why. A SIGKILL sent from elsewhere
 * (the OOM killer's force_sig) is delivered at the task's next user access. The task's
 * other memory and every other task are untouched.
 *
 * <h2>Locking</h2>
 * A task's user accesses come from the one thread running it. {@link #mm} changes at fork
 * and exit only; {@link #children()} and the task list change under tasklist_lock (see
 * {@link InitTask}); the pending mask is atomic. The fault counters are updated by the
 * faulting thread only.
 *
 * <p>Differs from 2.6.20: there is no scheduler, no thread_info stack and no signal frame;
 * the calling Java thread plays the CPU and the user program at once, and signals are
 * delivered at the user accesses and faults of the task rather than on every return from an
 * interrupt.
 */
@Mirrors("task_struct")
public final class Task implements TaskStruct, TaskView {

    /** exit_state once do_exit has run and the parent has not reaped the task. */
    @Mirrors("EXIT_ZOMBIE") public static final int EXIT_ZOMBIE = 16;
    /** exit_state of a reaped task. */
    @Mirrors("EXIT_DEAD") public static final int EXIT_DEAD = 32;

    /** tsk->thread: what the fault path records for a signal handler (cr2, error_code, trap_no). */
    @Mirrors("thread_struct")
    public static final class ThreadStruct {
        /** thread.cr2: the faulting address of the last fault signal. */
        public volatile long cr2;
        /** thread.error_code: its i386 page-fault error code. */
        public volatile int errorCode;
        /** thread.trap_no: 14 (page fault). */
        public volatile int trapNo;
    }

    /** tsk->pid (also its tgid: every task is its own thread group). */
    public final int pid;

    /** tsk->comm: the name kernel messages use ("VM: killing process %s"). */
    public volatile String comm;

    /** tsk->mm: the address space, null once exit_mm has run. */
    public volatile MmStruct mm;

    /** tsk->active_mm: the address space the CPU keeps loaded (equal to mm for user tasks). */
    public volatile MmStruct activeMm;

    /** tsk->parent (null for the first task). */
    public final Task parent;

    /** tsk->flags: PF_* bits (PF_EXITING once do_exit has started). */
    public volatile int flags;

    /** tsk->oomkilladj (/proc/pid/oom_adj): -17 (OOM_DISABLE) .. 15. */
    public volatile int oomkilladj;

    /** tsk->exit_state: 0 while alive, then EXIT_ZOMBIE, EXIT_DEAD once released. */
    public volatile int exitState;

    /** tsk->exit_code: what do_exit was called with (the signal number for a signal death). */
    public volatile int exitCode;

    /** tsk->min_flt / maj_flt: faults satisfied without and with I/O. */
    public volatile long minFlt;
    public volatile long majFlt;

    /** tsk->thread. */
    public final ThreadStruct thread = new ThreadStruct();

    /** tsk->children: forked tasks not yet released. Under tasklist_lock. */
    final List<Task> children = new ArrayList<>();

    /** tsk->pending.signal: bit {@code signo - 1} for each pending signal. */
    private final AtomicInteger pending = new AtomicInteger();
    /** The siginfo queued with each pending signal (one per signal, like a non-RT signal). */
    private final Siginfo[] queued = new Siginfo[32];
    /** Signals whose action is a handler (sighand->action[sig - 1] is not SIG_DFL). */
    private volatile int handled;
    /** TIF_MEMDIE: the OOM killer chose this task. */
    private volatile boolean tifMemdie;

    /** The kernel this task belongs to (its {@code current}). */
    private final Current current;
    /** do_exit, for the default action of a fatal signal. */
    private final ExitOps exit;

    /** The CPU this task runs on, set by {@link #contextSwitch}; null when not running. */
    private volatile Cpu cpu;
    /** The thread_info of the thread running it (for TIF_MEMDIE), or null. */
    private volatile Current.ThreadInfo threadInfo;

    /**
     * A task of the kernel whose {@code current} is {@code current}, as dup_task_struct
     * allocates it for copy_process (fork passes the parent; the first task has none). The
     * mm is set by the caller (copy_mm); {@code exit} carries out fatal signals.
     */
    @Mirrors("dup_task_struct")
    public Task(Current current, ExitOps exit, int pid, String comm, Task parent) {
        this.current = current;
        this.exit = exit;
        this.pid = pid;
        this.comm = comm;
        this.parent = parent;
    }

    // ---- the views other files read ----------------------------------------------------------

    @Override
    public MmStruct mm() {
        return mm;
    }

    @Override
    public int pid() {
        return pid;
    }

    @Override
    public int tgid() {
        return pid;
    }

    @Override
    public String comm() {
        return comm;
    }

    @Override
    public int flags() {
        return flags;
    }

    @Override
    public int oomkilladj() {
        return oomkilladj;
    }

    /** tsk->children. The caller holds tasklist_lock for reading. */
    @Override
    public Iterable<Task> children() {
        return children;
    }

    @Override
    public boolean tifMemdie() {
        return tifMemdie;
    }

    @Override
    public void setTifMemdie() {
        tifMemdie = true;
        Current.ThreadInfo ti = threadInfo;
        if (ti != null) {
            ti.tifMemdie = true;
        }
    }

    // ---- running -------------------------------------------------------------------------

    /**
     * Runs this task on {@code cpu} from the calling thread, as the scheduler's
     * context_switch does: {@code current} on this thread becomes the task (its CPU number,
     * comm, TIF_MEMDIE and task pointer) and switch_mm loads CR3 with the task's page
     * directory, which empties that CPU's TLB. A task that has exited (no mm) leaves CR3
     * unloaded.
     */
    @Mirrors("context_switch")
    public void contextSwitch(Cpu cpu) {
        Current.ThreadInfo ti = current.current();
        if (ti.task instanceof Task prev && prev != this) {
            prev.cpu = null;
            prev.threadInfo = null;
        }
        ti.cpu = cpu.id();
        ti.comm = comm;
        ti.tifMemdie = tifMemdie;
        ti.task = this;
        threadInfo = ti;
        MmStruct m = mm;
        this.cpu = cpu;
        cpu.loadCr3(m != null ? m.pgd : -1);
    }

    /** The CPU this task is running on, or null. */
    public Cpu cpu() {
        return cpu;
    }

    /**
     * exit_mm's step off the address space: the CPU running the task stops using its page
     * tables and {@code current} on the calling thread no longer names it.
     *
     * <p>Differs from 2.6.20: there is no lazy-TLB mode; CR3 is unloaded at once, so the
     * page directory can be freed as soon as the last reference to the mm goes.
     */
    @Mirrors("enter_lazy_tlb")
    public void enterLazyTlb() {
        Cpu c = cpu;
        if (c != null) {
            c.loadCr3(-1);
            cpu = null;
        }
        Current.ThreadInfo ti = current.current();
        if (ti.task == this) {
            ti.task = null;
            ti.comm = "swapper";
            ti.tifMemdie = false;
        }
        threadInfo = null;
    }

    /** The running CPU for a user access, after delivering any signal that is pending. */
    private Cpu running() {
        if (pending.get() != 0) {
            doSignal();
        }
        Cpu c = cpu;
        if (c == null) {
            throw new IllegalStateException(this + " is not running on a CPU"
                    + (exitState != 0 ? " (it has exited)" : " (contextSwitch first)"));
        }
        assert current.current().task == this : this + " accessed from a thread that does not run it";
        return c;
    }

    // ---- user-mode accesses ----------------------------------------------------------------

    /** A user-mode byte load at {@code vaddr}. Throws {@link Siginfo} if the kernel signals the task. */
    public byte loadByte(long vaddr) {
        return running().loadByte(vaddr);
    }

    /** A user-mode byte store at {@code vaddr}. */
    public void storeByte(long vaddr, byte value) {
        running().storeByte(vaddr, value);
    }

    /** A user-mode little-endian 32-bit load. */
    public int loadInt(long vaddr) {
        return running().loadInt(vaddr);
    }

    /** A user-mode little-endian 32-bit store. */
    public void storeInt(long vaddr, int value) {
        running().storeInt(vaddr, value);
    }

    /** A user-mode little-endian 64-bit load (two 32-bit halves where it crosses a page). */
    public long loadLong(long vaddr) {
        return running().loadLong(vaddr);
    }

    /** A user-mode little-endian 64-bit store. */
    public void storeLong(long vaddr, long value) {
        running().storeLong(vaddr, value);
    }

    /**
     * Copies {@code length} bytes from user memory at {@code vaddr} into {@code dst[off..]}
     * (a string instruction: one access per page, each faulting in its page as needed).
     */
    public void read(long vaddr, byte[] dst, int off, int length) {
        running().loadBytes(vaddr, dst, off, length);
    }

    /** Copies {@code src[off..off+length)} into user memory at {@code vaddr}. */
    public void write(long vaddr, byte[] src, int off, int length) {
        running().storeBytes(vaddr, src, off, length);
    }

    // ---- signals -----------------------------------------------------------------------------

    /**
     * sigaction(sig, ...) reduced to whether the program handles {@code sig}: with a handler
     * a fault signal is caught by the caller of the faulting access and the task survives;
     * without one (SIG_DFL, the default) it kills the task. (The emulator's stand-in for the
     * program's sigaction(2) call; there is no handler frame to set up.)
     */
    public void sigaction(int sig, boolean handler) {
        int bit = 1 << (sig - 1);
        handled = handler ? handled | bit : handled & ~bit;
    }

    /**
     * force_sig_info(sig, info, t): queue {@code info}'s signal for this task even if it is
     * blocked or ignored (fault signals cannot be refused). A second one of the same signal
     * while the first is pending is merged into it, as for every non-realtime signal.
     */
    @Mirrors("force_sig_info")
    public void forceSigInfo(Siginfo info) {
        int sig = info.siSigno;
        synchronized (queued) {
            if ((pending.get() & (1 << (sig - 1))) == 0) {
                queued[sig - 1] = info;
                pending.getAndUpdate(p -> p | (1 << (sig - 1)));
            }
        }
    }

    /**
     * do_signal(): the task is returning to user mode with a signal pending (the lowest
     * numbered first). Taken off the queue; a handled signal is thrown to the caller as its
     * {@link Siginfo}; an unhandled one takes its default action first — for SIGSEGV, SIGBUS
     * and SIGKILL that is the task's death, do_exit(sig) — and is then thrown, so the caller's
     * access is abandoned either way. Returns only when nothing is pending.
     */
    @Mirrors("do_signal")
    public void doSignal() {
        Siginfo info;
        synchronized (queued) {
            int p = pending.get();
            if (p == 0) {
                return;
            }
            int sig = Integer.numberOfTrailingZeros(p) + 1;
            info = queued[sig - 1];
            queued[sig - 1] = null;
            pending.getAndUpdate(q -> q & ~(1 << (sig - 1)));
        }
        int sig = info.siSigno;
        if ((handled & (1 << (sig - 1))) == 0 || sig == Siginfo.SIGKILL) {
            // SIG_DFL of every signal the kernel sends mmemu's tasks: terminate. (No core
            // dump: RLIMIT_CORE is 0.)
            if (exitState == 0) {
                exit.doExit(this, sig);
            }
        }
        throw info;
    }

    /** tsk->pending.signal: bit {@code signo - 1} for each pending signal. */
    public int sigpending() {
        return pending.get();
    }

    /** Whether signal {@code sig} is pending (sigismember(&tsk->pending.signal, sig)). */
    @Mirrors("sigismember")
    public boolean sigismember(int sig) {
        return (pending.get() & (1 << (sig - 1))) != 0;
    }

    @Override
    public String toString() {
        return comm + "[" + pid + "]";
    }
}
