package linux.mm.vmscan.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BiConsumer;
import linux.kernel.Current;
import linux.mm.page.MmStruct;
import linux.mm.page.TaskList;
import linux.mm.page.TaskStruct;
import linux.mm.page.TaskView;

/**
 * A recording task list for the OOM killer's tests: tasks are plain records of the fields
 * oom_kill.c reads, and force_sig only records which signal went to whom.
 */
final class FakeTasks implements TaskList {

    /** One task: pid, tgid, comm, mm (total_vm set by the test), flags, oom_adj, children. */
    static final class Task implements TaskView, TaskStruct {
        final int pid;
        int tgid;
        final String comm;
        MmStruct mm;
        int flags;
        int oomkilladj;
        boolean tifMemdie;
        /** The thread running this task, whose TIF_MEMDIE follows the task's (or null). */
        Current.ThreadInfo thread;
        final List<Task> children = new ArrayList<>();

        Task(int pid, String comm, long totalVm) {
            this.pid = pid;
            this.tgid = pid;
            this.comm = comm;
            if (totalVm >= 0) {
                this.mm = new MmStruct("mm of pid " + pid);
                this.mm.totalVm = totalVm;
            }
        }

        @Override
        public int pid() {
            return pid;
        }

        @Override
        public int tgid() {
            return tgid;
        }

        @Override
        public String comm() {
            return comm;
        }

        @Override
        public MmStruct mm() {
            return mm;
        }

        @Override
        public int flags() {
            return flags;
        }

        @Override
        public int oomkilladj() {
            return oomkilladj;
        }

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
            if (thread != null) {
                thread.tifMemdie = true;
            }
        }

        @Override
        public String toString() {
            return comm + "[" + pid + "]";
        }
    }

    final List<Task> tasks = new ArrayList<>();
    final List<String> signals = new ArrayList<>();
    /** What a signalled task does (a test makes SIGKILL's victim exit and free its memory). */
    volatile BiConsumer<Integer, Task> onSignal = (sig, t) -> { };
    private final ReentrantReadWriteLock tasklistLock = new ReentrantReadWriteLock();

    /** A task with its own mm of {@code totalVm} pages ({@code -1}: a kernel thread, no mm). */
    Task add(int pid, String comm, long totalVm) {
        Task t = new Task(pid, comm, totalVm);
        tasks.add(t);
        return t;
    }

    /** A forked child of {@code parent} with its own mm (or {@code sharesMm}: the parent's). */
    Task fork(Task parent, int pid, String comm, long totalVm, boolean sharesMm) {
        Task t = add(pid, comm, sharesMm ? -1 : totalVm);
        if (sharesMm) {
            t.mm = parent.mm;
        }
        parent.children.add(t);
        return t;
    }

    @Override
    public ReentrantReadWriteLock tasklistLock() {
        return tasklistLock;
    }

    @Override
    public Iterable<Task> threads() {
        if (tasklistLock.getReadHoldCount() == 0 && !tasklistLock.isWriteLockedByCurrentThread()) {
            throw new AssertionError("task list walked without tasklist_lock");
        }
        return tasks;
    }

    @Override
    public synchronized void forceSig(int sig, TaskView p) {
        signals.add(sig + " " + p.pid());
        onSignal.accept(sig, (Task) p);
    }
}
