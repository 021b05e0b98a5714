package linux.testkit;

import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import linux.mm.page.ForkOps;
import linux.mm.page.MmStruct;

/**
 * A recording {@link ForkOps} for kernels without kernel/fork.c: mmput and mmdrop only drop
 * the mm's user and struct counts (no mm is torn down), dup_mm copies nothing and answers
 * null (the -ENOMEM outcome). Every call is recorded by kernel name, thread-safely.
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
}
