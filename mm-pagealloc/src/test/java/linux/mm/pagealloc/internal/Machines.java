package linux.mm.pagealloc.internal;

import linux.mm.page.*;

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

    /** A machine with real RAM of {@code frames} frames. */
    static PageAlloc boot(int frames, int nrCpus, Printk printk) {
        return new PageAlloc(new PhysicalMemory(frames), nrCpus, AddressSpace.newSwapperSpace(), printk, CURRENT);
    }

    /** A machine whose RAM is never touched (no __GFP_ZERO): for large-memory arithmetic. */
    static PageAlloc bootWithoutRam(int frames, int nrCpus, Printk printk) {
        return new PageAlloc(frames, null, nrCpus, AddressSpace.newSwapperSpace(), printk, CURRENT);
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
