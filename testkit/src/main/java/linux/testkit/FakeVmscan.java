package linux.testkit;

import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import linux.mm.page.AddressSpace;
import linux.mm.page.Page;
import linux.mm.page.VmscanOps;
import linux.mm.page.Zone;

/**
 * A recording {@link VmscanOps} for kernels without mm/vmscan.c: reclaim never frees
 * anything (try_to_free_pages reports no progress, so the allocator goes on to the OOM
 * killer), kswapd is never started and its wake-ups are only recorded. Every call is
 * recorded by kernel name, thread-safely.
 */
public final class FakeVmscan implements VmscanOps {

    private final List<String> calls = new ArrayList<>();
    private int swappiness = DEFAULT_SWAPPINESS;

    @Inject
    public FakeVmscan() {
    }

    /** The kernel names of the calls so far, oldest first. */
    public synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    @Override
    public synchronized int tryToFreePages(Zone[] zones, int gfpMask) {
        calls.add("try_to_free_pages");
        return 0;
    }

    @Override
    public synchronized void wakeupKswapd(Zone zone, int order) {
        calls.add("wakeup_kswapd");
    }

    /** remove_mapping: the page stays in its mapping (0), as if someone else held a reference. */
    @Override
    public synchronized int removeMapping(AddressSpace mapping, Page page) {
        calls.add("remove_mapping");
        return 0;
    }

    @Override
    public synchronized long shrinkSlab(long scanned, int gfpMask, long lruPages) {
        calls.add("shrink_slab");
        return 0;
    }

    @Override
    public synchronized long shrinkAllMemory(long nrPages) {
        calls.add("shrink_all_memory");
        return 0;
    }

    @Override
    public synchronized int kswapdRun(int nid) {
        calls.add("kswapd_run");
        return 0;
    }

    @Override
    public synchronized int kswapdInit() {
        calls.add("kswapd_init");
        return 0;
    }

    @Override
    public synchronized void kswapdStop(int nid) {
        calls.add("kswapd_stop");
    }

    @Override
    public synchronized void kswapdInitDeferred() {
        calls.add("kswapd_init_deferred");
    }

    @Override
    public synchronized boolean kswapdRunPending(int nid) {
        calls.add("kswapd_run_pending");
        return false;
    }

    @Override
    public synchronized int vmSwappiness() {
        return swappiness;
    }

    @Override
    public synchronized void setVmSwappiness(int value) {
        swappiness = value;
    }
}
