package linux.mm.page;

/*
 * Mirrors linux-2.6.20 init_task's task list (include/linux/sched.h: the tasks list,
 * for_each_process, SET_LINKS / REMOVE_LINKS), tasklist_lock (kernel/fork.c),
 * find_task_by_pid (kernel/pid.c) and force_sig (kernel/signal.c). Owns one kernel's list
 * of tasks.
 */

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import linux.kernel.Mirrors;

/**
 * The list of every task of one kernel, oldest first, headed by init_task: fork links the
 * child at the tail and under its parent (SET_LINKS), release_task takes it off
 * (REMOVE_LINKS). The OOM killer walks it through {@link TaskList}.
 *
 * <p>One instance per emulated kernel (the kernel's globals init_task and tasklist_lock);
 * boot creates it and injects it where needed.
 *
 * <h2>Locking</h2>
 * {@link #tasklistLock}: written by {@link #setLinks} and {@link #removeLinks} (which take
 * it themselves), read by the walkers of {@link #threads()} and {@link Task#children()}
 * (who take it). {@link #forceSig} needs no lock.
 */
@Mirrors("init_task")
public final class InitTask implements TaskList {

    /** tasklist_lock (a rwlock). */
    private final ReentrantReadWriteLock tasklistLock = new ReentrantReadWriteLock();

    /** init_task.tasks: every live task, in fork order. Under tasklist_lock. */
    private final List<Task> tasks = new ArrayList<>();

    @Override
    @Mirrors("tasklist_lock")
    public ReentrantReadWriteLock tasklistLock() {
        return tasklistLock;
    }

    /** for_each_process: every task, oldest first. The caller holds tasklist_lock for reading. */
    @Override
    public Iterable<Task> threads() {
        assert tasklistLock.getReadHoldCount() > 0 || tasklistLock.isWriteLockedByCurrentThread()
                : "task list walked without tasklist_lock";
        return tasks;
    }

    /**
     * force_sig(sig, p): queue {@code sig} for the task with a kernel siginfo (SI_KERNEL); it
     * is delivered at the task's next user access (and kills it: SIGKILL has no handler).
     */
    @Override
    @Mirrors("force_sig")
    public void forceSig(int sig, TaskView p) {
        Task t = (Task) p;
        t.forceSigInfo(new Siginfo(t, sig, Siginfo.SI_KERNEL, 0));
    }

    /** SET_LINKS(p): link a new task at the tail of the list and into its parent's children. */
    @Mirrors("SET_LINKS")
    public void setLinks(Task p) {
        tasklistLock.writeLock().lock();
        try {
            tasks.add(p);
            if (p.parent != null) {
                p.parent.children.add(p);
            }
        } finally {
            tasklistLock.writeLock().unlock();
        }
    }

    /**
     * REMOVE_LINKS(p): take a released task off the list and off its parent's children.
     * Its own children stay as they are (nobody reparents them to init in mmemu).
     */
    @Mirrors("REMOVE_LINKS")
    public void removeLinks(Task p) {
        tasklistLock.writeLock().lock();
        try {
            tasks.remove(p);
            if (p.parent != null) {
                p.parent.children.remove(p);
            }
        } finally {
            tasklistLock.writeLock().unlock();
        }
    }

    /** find_task_by_pid(nr): the live task with that pid, or null. Takes tasklist_lock. */
    @Mirrors("find_task_by_pid")
    public Task findTaskByPid(int nr) {
        tasklistLock.readLock().lock();
        try {
            for (Task t : tasks) {
                if (t.pid == nr) {
                    return t;
                }
            }
            return null;
        } finally {
            tasklistLock.readLock().unlock();
        }
    }

    /** A snapshot of the live tasks, oldest first, taken under tasklist_lock. */
    public List<Task> snapshot() {
        tasklistLock.readLock().lock();
        try {
            return List.copyOf(tasks);
        } finally {
            tasklistLock.readLock().unlock();
        }
    }
}
