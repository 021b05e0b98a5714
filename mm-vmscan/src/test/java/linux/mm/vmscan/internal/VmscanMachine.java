package linux.mm.vmscan.internal;

import static linux.mm.page.Gfp.GFP_HIGHUSER;

import linux.arch.x86.PhysicalMemory;
import linux.kernel.Current;
import linux.kernel.Printk;
import linux.mm.page.AddressSpace;
import linux.mm.page.AnonVma;
import linux.mm.page.BackingDev;
import linux.mm.page.Filemap;
import linux.mm.page.ListHead;
import linux.mm.page.Page;
import linux.mm.page.PageFlags;
import linux.mm.pagealloc.internal.PageAlloc;
import linux.mm.swap.internal.Swap;
import linux.mm.page.PageWriteback;
import linux.mm.page.Vmstat;
import linux.mm.page.Zone;
import linux.mm.page.ZoneStatItem;

/**
 * A small test kernel for reclaim: the real allocator, LRU and writeback helpers of mm-page
 * over {@code mib} MiB of RAM (one CPU, ZONE_DMA only below 16 MiB), a {@link Vmscan} on
 * top, and recording fakes for the files reclaim calls (swapfile, swap_state, rmap, thrash,
 * swapper_space's writepage). Congestion waits return at once.
 */
final class VmscanMachine {
    final Printk.Buffer log = new Printk.Buffer();
    final Current current = new Current();
    final AddressSpace swapperSpace = AddressSpace.newSwapperSpace();
    final PageAlloc pageAlloc;
    final Vmstat vmstat;
    final PageWriteback pageWriteback;
    final Swap swap;
    final BackingDev backingDev = new BackingDev(0);
    final FakeSwapfile swapfile;
    final FakeSwapState swapState;
    final FakeRmap rmap;
    final FakeThrash thrash = new FakeThrash();
    final FakeWritepage writepage;
    final Vmscan vmscan;
    final Zone zone;
    final AnonVma anonVma = new AnonVma();
    private int nextIndex;

    VmscanMachine(int mib, int swapSlots) {
        VmscanMachine machine = this; // the allocator reaches reclaim once it is built
        pageAlloc = new PageAlloc(new PhysicalMemory(mib << 8), 1, swapperSpace, log, current, () -> machine.vmscan,
                machine::oomKill, backingDev);
        vmstat = pageAlloc.vmstat();
        pageWriteback = new PageWriteback(vmstat);
        swap = new Swap(pageAlloc, pageWriteback, current);
        swap.swapSetup();
        swapfile = new FakeSwapfile(swapSlots);
        swapState = new FakeSwapState(swapperSpace, swapfile, swap, vmstat, log);
        rmap = new FakeRmap(swapfile, pageWriteback, vmstat);
        writepage = new FakeWritepage(pageWriteback);
        swapperSpace.setAops(writepage);
        vmscan = new Vmscan(log, current, pageAlloc, swap, pageWriteback, backingDev, () -> swapState,
                () -> swapfile, () -> rmap, () -> thrash);
        zone = pageAlloc.pgdat().dmaZone();
    }

    /**
     * A fresh anonymous page of {@link #anonVma}: mapped by one pte (count 1 for the pte,
     * mapcount 1, NR_ANON_PAGES) or, if not {@code mapped}, held by the caller (count 1).
     * Not on the LRU yet.
     */
    Page anonPage(boolean mapped) {
        Page page = pageAlloc.allocPage(GFP_HIGHUSER);
        if (page == null) {
            throw new AssertionError("test machine out of memory");
        }
        page.mapping = anonVma;
        page.index = nextIndex++;
        if (mapped) {
            Page.atomicSetMapcount(page, 0);
            vmstat.incZonePageState(page, ZoneStatItem.NR_ANON_PAGES);
        }
        return page;
    }

    /** Puts the page at the inactive head through the LRU-add pagevec, as lru_cache_add does. */
    Page inactive(Page page) {
        swap.lruCacheAdd(page);
        swap.lruAddDrain();
        return page;
    }

    /** Puts the page at the active head through the active LRU-add pagevec. */
    Page active(Page page) {
        swap.lruCacheAddActive(page);
        swap.lruAddDrain();
        return page;
    }

    /** Gives a locked page a swap slot as add_to_swap does (dirty, in swap cache, +1 reference), then unlocks it. */
    Page inSwapCache(Page page) {
        if (PageFlags.testSetPageLocked(page)) {
            throw new AssertionError("page already locked");
        }
        if (swapState.addToSwap(page, 0) == 0) {
            throw new AssertionError("no swap slot");
        }
        swapState.calls.clear();
        Filemap.unlockPage(page);
        return page;
    }

    /** A scan_control as try_to_free_pages builds it for {@code gfpMask}. */
    ScanControl directSc(int gfpMask) {
        ScanControl sc = new ScanControl();
        sc.gfpMask = gfpMask;
        sc.mayWritepage = true;
        sc.swapClusterMax = 32;
        sc.maySwap = true;
        sc.swappiness = vmscan.vmSwappiness();
        return sc;
    }

    /** Where the allocator's OOM calls go: no task list in these tests, so such a call fails the test. */
    linux.mm.page.OomKillOps oomKill() {
        throw new AssertionError("the reclaim test machine ran out of memory");
    }

    /** The event counter's value. */
    long event(linux.mm.page.VmEventItem item) {
        return vmstat.vmEvent(item);
    }

    /** Position of the page on {@code list} counted from the HEAD (0), or -1. */
    static int position(ListHead list, Page page) {
        int i = 0;
        for (Page p = list.first(); p != null; p = list.next(p)) {
            if (p == page) {
                return i;
            }
            i++;
        }
        return -1;
    }

    /** Runs {@code body} as kswapd would: PF_MEMALLOC | PF_SWAPWRITE | PF_KSWAPD in this kernel's current. */
    void asKswapd(Runnable body) {
        Current.ThreadInfo ti = current.current();
        int flags = ti.flags;
        ti.flags |= Current.PF_MEMALLOC | Current.PF_SWAPWRITE | Current.PF_KSWAPD;
        try {
            body.run();
        } finally {
            ti.flags = flags;
        }
    }

    /** Waits (up to a minute) for kswapd's thread to reach a state. */
    static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(1);
        }
    }
}
