package linux.mm.page;

/*
 * Mirrors linux-2.6.20 include/linux/sched.h struct task_struct (the fields the mm code
 * reads: pid, comm, mm, active_mm, pending signals, exit_state/exit_code, min_flt/maj_flt,
 * thread.cr2/error_code/trap_no), EXIT_ZOMBIE/EXIT_DEAD, and the switch_mm half of
 * kernel/sched.c's context_switch. Owns one emulated process and the CPU it runs on.
 */

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
 * thread; a fault the kernel cannot satisfy ends as a {@link Siginfo} thrown out of the
 * access (SIGSEGV, SIGBUS, or SIGKILL after an out-of-memory fault), the signal left
 * pending in {@link #sigpending()}. Nothing else changes: the task's other memory and every
 * other task are untouched.
 *
 * <h2>Locking</h2>
 * A task's user accesses come from the one thread running it. {@link #mm} changes under
 * the kernel's task_lock (here: only at fork and exit, by the thread running the task);
 * the signal mask is atomic. The fault counters are updated by the faulting thread only.
 *
 * <p>Differs from 2.6.20: there is no scheduler, no thread_info stack and no signal
 * handler frame; the calling Java thread plays the CPU and the user program at once.
 */
@Mirrors("task_struct")
public final class Task {

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

    /** tsk->pid. */
    public final int pid;

    /** tsk->comm: the name kernel messages use ("VM: killing process %s"). */
    public volatile String comm;

    /** tsk->mm: the address space, null once exit_mm has run. */
    public volatile MmStruct mm;

    /** tsk->active_mm: the address space the CPU keeps loaded (equal to mm for user tasks). */
    public volatile MmStruct activeMm;

    /** tsk->parent (null for the first task). */
    public final Task parent;

    /** tsk->exit_state: 0 while alive, then EXIT_ZOMBIE. */
    public volatile int exitState;

    /** tsk->exit_code: what do_exit was called with. */
    public volatile int exitCode;

    /** tsk->min_flt / maj_flt: faults satisfied without and with I/O. */
    public volatile long minFlt;
    public volatile long majFlt;

    /** tsk->thread. */
    public final ThreadStruct thread = new ThreadStruct();

    /** tsk->pending.signal: bit {@code signo - 1} set for each pending signal. */
    private final AtomicInteger pending = new AtomicInteger();

    /** The kernel this task belongs to (its {@code current}). */
    private final Current current;

    /** The CPU this task runs on, set by {@link #contextSwitch}; null when not running. */
    private volatile Cpu cpu;

    /**
     * A task of the kernel whose {@code current} is {@code current}: what copy_process
     * builds (fork passes the parent; the first task has none). The mm is set by the
     * caller (copy_mm).
     */
    @Mirrors("copy_process")
    public Task(Current current, int pid, String comm, Task parent) {
        this.current = current;
        this.pid = pid;
        this.comm = comm;
        this.parent = parent;
    }

    // ---- running -------------------------------------------------------------------------

    /**
     * Runs this task on {@code cpu} from the calling thread, as the scheduler's
     * context_switch does: {@code current} on this thread becomes the task (its CPU number,
     * comm and task pointer) and switch_mm loads CR3 with the task's page directory, which
     * empties that CPU's TLB. A task that has exited (no mm) leaves CR3 unloaded.
     */
    @Mirrors("context_switch")
    public void contextSwitch(Cpu cpu) {
        Current.ThreadInfo ti = current.current();
        if (ti.task instanceof Task prev && prev != this) {
            prev.cpu = null;
        }
        ti.cpu = cpu.id();
        ti.comm = comm;
        ti.task = this;
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
        }
    }

    private Cpu running() {
        Cpu c = cpu;
        if (c == null) {
            throw new IllegalStateException(this + " is not running on a CPU (contextSwitch first)");
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
     * sigaddset(&tsk->pending.signal, sig) as force_sig_info does for a fault: the signal
     * becomes pending (it cannot be blocked or ignored away).
     */
    @Mirrors("force_sig_info")
    public void forceSig(int sig) {
        pending.getAndUpdate(p -> p | (1 << (sig - 1)));
    }

    /** tsk->pending.signal: bit {@code signo - 1} for each pending signal. */
    public int sigpending() {
        return pending.get();
    }

    /** Whether signal {@code sig} is pending (sigismember). */
    @Mirrors("sigismember")
    public boolean sigismember(int sig) {
        return (pending.get() & (1 << (sig - 1))) != 0;
    }

    /** Clears a pending signal, as dequeue_signal does when a handler takes it. */
    @Mirrors("sigdelset")
    public void sigdelset(int sig) {
        pending.getAndUpdate(p -> p & ~(1 << (sig - 1)));
    }

    @Override
    public String toString() {
        return comm + "[" + pid + "]";
    }
}
