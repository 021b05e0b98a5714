package linux.mm.pagealloc.internal;

import linux.mm.page.*;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import linux.arch.x86.PhysicalMemory;
import linux.kernel.Current;
import linux.kernel.Printk;

/** Boots small emulated machines for the allocator and LRU tests. */
final class Machines {
    private Machines() {
    }

    /**
     * The {@code current} of the machines these tests boot. The tests of this package run
     * one at a time on one thread, so they share it and reset it after each test.
     */
    static final Current CURRENT = new Current();

    /** Frames in {@code mib} MiB. */
    static int mib(int mib) {
        return mib << 8;
    }

    /**
     * mm/vmscan.c and mm/oom_kill.c as the allocator sees them, recording what it asked: the
     * kswapd wake-ups, each direct reclaim (with its zones and gfp mask) and each OOM call.
     * Direct reclaim reports {@link #progress} after running {@link #onTryToFreePages}; the
     * OOM killer runs {@link #onOutOfMemory}, which by default fails the test (a test that
     * drives the allocator that far says what the victim frees). A test whose allocation
     * would loop for ever (as 2.6.20's does) fails after {@link #LOOP_LIMIT} reclaims.
     */
    static final class RecordingReclaim implements VmscanOps, OomKillOps {
        static final int LOOP_LIMIT = 1000;
        final List<String> wakeups = new ArrayList<>();
        final List<String> directReclaims = new ArrayList<>();
        int oomCalls;
        Runnable onTryToFreePages = () -> { };
        Runnable onOutOfMemory = () -> {
            throw new AssertionError("out_of_memory was not expected here");
        };
        int progress;
        /** The congestion waits of the machine this reclaim side belongs to (never sleeping). */
        final BackingDev backingDev = new BackingDev(0);
        private int swappiness = DEFAULT_SWAPPINESS;

        @Override
        public void wakeupKswapd(Zone zone, int order) {
            wakeups.add(zone.name + "/" + order);
        }

        @Override
        public int tryToFreePages(Zone[] zones, int gfpMask) {
            assertTrue((CURRENT.current().flags & Current.PF_MEMALLOC) != 0, "direct reclaim runs with PF_MEMALLOC");
            StringBuilder sb = new StringBuilder();
            for (Zone z : zones) {
                sb.append(z.name).append(',');
            }
            directReclaims.add(sb + "0x" + Integer.toHexString(gfpMask));
            if (directReclaims.size() > LOOP_LIMIT) {
                throw new AssertionError("the allocation keeps looping: " + directReclaims.get(0));
            }
            onTryToFreePages.run();
            return progress;
        }

        @Override
        public int removeMapping(AddressSpace mapping, Page page) {
            return 0;
        }

        @Override
        public long shrinkSlab(long scanned, int gfpMask, long lruPages) {
            return 0;
        }

        @Override
        public long shrinkAllMemory(long nrPages) {
            return 0;
        }

        @Override
        public int kswapdRun(int nid) {
            return 0;
        }

        @Override
        public int kswapdInit() {
            return 0;
        }

        @Override
        public void kswapdStop(int nid) {
        }

        @Override
        public void kswapdInitDeferred() {
        }

        @Override
        public boolean kswapdRunPending(int nid) {
            return false;
        }

        @Override
        public int vmSwappiness() {
            return swappiness;
        }

        @Override
        public void setVmSwappiness(int value) {
            swappiness = value;
        }

        @Override
        public void outOfMemory(Zonelist zonelist, int gfpMask, int order) {
            oomCalls++;
            onOutOfMemory.run();
        }

        @Override
        public long badness(TaskView p) {
            MmStruct mm = p.mm();
            return mm == null ? 0 : mm.totalVm;
        }
    }

    /** A machine with real RAM of {@code frames} frames and reclaim recorded by {@code r}. */
    static PageAlloc boot(int frames, int nrCpus, Printk printk, RecordingReclaim r) {
        return new PageAlloc(new PhysicalMemory(frames), nrCpus, AddressSpace.newSwapperSpace(), printk, CURRENT,
                () -> r, () -> r, r.backingDev);
    }

    /** A machine with real RAM of {@code frames} frames. */
    static PageAlloc boot(int frames, int nrCpus, Printk printk) {
        return boot(frames, nrCpus, printk, new RecordingReclaim());
    }

    /** A machine whose RAM is never touched (no __GFP_ZERO): for large-memory arithmetic. */
    static PageAlloc bootWithoutRam(int frames, int nrCpus, Printk printk, RecordingReclaim r) {
        return new PageAlloc(frames, null, nrCpus, AddressSpace.newSwapperSpace(), printk, CURRENT,
                () -> r, () -> r, r.backingDev);
    }

    /** The same with a reclaim side nobody looks at. */
    static PageAlloc bootWithoutRam(int frames, int nrCpus, Printk printk) {
        return bootWithoutRam(frames, nrCpus, printk, new RecordingReclaim());
    }

    /** Free-block counts of every order of {@code zone}. */
    static long[] nrFree(Zone zone) {
        long[] n = new long[Zone.MAX_ORDER];
        for (int o = 0; o < Zone.MAX_ORDER; o++) {
            n[o] = zone.freeArea[o].nrFree;
        }
        return n;
    }
}
