package linux.testkit;

import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import linux.kernel.Errno;
import linux.kernel.KernelError;
import linux.mm.page.ForkOps;
import linux.mm.page.MmStruct;
import linux.mm.page.Task;

/**
 * A recording {@link ForkOps} for kernels without kernel/fork.c: mmput and mmdrop only drop
 * the mm's user and struct counts (no mm is torn down), dup_mm and mm_alloc copy or build
 * nothing and answer null (the -ENOMEM outcome), and so do_fork and createTask throw the
 * KernelError(ENOMEM) of a failed fork. Every call is recorded by kernel name, thread-safely.
 */
public final class FakeFork implements ForkOps {

    private final List<String> calls = new ArrayList<>();

    @Inject
    public FakeFork() {
    }

    /** The kernel names of the calls so far, oldest first. */
    public synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    @Override
    public synchronized MmStruct dupMm(MmStruct oldmm) {
        calls.add("dup_mm");
        return null;
    }

    @Override
    public synchronized void mmput(MmStruct mm) {
        calls.add("mmput");
        mm.mmUsers.decrementAndGet();
    }

    @Override
    public synchronized void mmdrop(MmStruct mm) {
        calls.add("mmdrop");
        mm.mmCount.decrementAndGet();
    }

    @Override
    public synchronized MmStruct mmAlloc(String name) {
        calls.add("mm_alloc");
        return null;
    }

    @Override
    public synchronized Task doFork(Task parent, int cloneFlags) {
        calls.add("do_fork");
        throw new KernelError(Errno.ENOMEM, "fork of " + parent + ": the fake kernel/fork.c copies no mm");
    }

    @Override
    public synchronized Task createTask(String comm) {
        calls.add("create_task");
        throw new KernelError(Errno.ENOMEM, "the fake kernel/fork.c builds no mm for " + comm);
    }
}
