package linux.mm.vmscan.internal;

import static linux.mm.page.Gfp.GFP_HIGHUSER;
import static linux.mm.vmscan.internal.VmscanMachine.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import linux.kernel.Current;
import linux.kernel.KernelError;
import linux.mm.page.AnonVma;
import linux.mm.page.Filemap;
import linux.mm.page.Page;
import linux.mm.page.PageFlags;
import linux.mm.page.VmEventItem;
import linux.mm.page.Zone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Reclaim in a kernel built by Dagger the way boot builds one: the real allocator reaches
 * the real vmscan and oom_kill through their headers, chosen by name.
 */
class VmscanKernelTest {

    private VmscanTestKernel k = VmscanTestKernel.boot("mem=4M");
    private final AnonVma anonVma = new AnonVma();

    @AfterEach
    void stopKswapd() {
        k.vmscan().kswapdStop(0);
        assertEquals(List.of(), k.swap().checkLruLists());
        assertEquals(List.of(), k.pageAlloc().checkFreeLists());
        Current.ThreadInfo ti = k.current().current();
        ti.task = null;
        ti.tifMemdie = false;
    }

    private Zone zone() {
        return k.pageAlloc().pgdat().dmaZone();
    }

    private long event(VmEventItem item) {
        return k.pageAlloc().vmstat().vmEvent(item);
    }

    /** {@code n} clean, unmapped swap-cache pages on the inactive list: reclaim frees each on sight. */
    private void freeable(int n) {
        for (int i = 0; i < n; i++) {
            Page page = k.pageAlloc().allocPage(GFP_HIGHUSER);
            page.mapping = anonVma;
            assertFalse(PageFlags.testSetPageLocked(page));
            assertEquals(1, k.fakeSwapState().addToSwap(page, 0));
            Filemap.unlockPage(page);
            PageFlags.clearPageDirty(page);
            assertFalse(Page.putPageTestzero(page));
            k.swap().lruCacheAdd(page);
        }
        k.swap().lruAddDrain();
    }

    @Test
    void selection_vmscanAndOomKillByTheirFileNames() {
        assertTrue(k.vmscan() instanceof Vmscan);
        assertTrue(k.oomKill() instanceof OomKill);
        VmscanTestKernel other = VmscanTestKernel.boot("mem=4M vmscan=clockpro");
        KernelError e = assertThrows(KernelError.class, other::vmscan);
        assertTrue(e.getMessage().contains("unknown implementation of vmscan 'clockpro' (known: vmscan)"), e.getMessage());
    }

    @Test
    void allocPages_belowPagesMinIsServedByDirectReclaim() {
        freeable(300);
        long free = zone().freePages;
        List<Page> held = new ArrayList<>();

        for (long i = 0; i < free + 100; i++) {
            Page p = k.pageAlloc().allocPage(GFP_HIGHUSER);
            assertNotNull(p, "an order-0 GFP_HIGHUSER allocation never fails");
            held.add(p);
        }

        assertTrue(event(VmEventItem.ALLOCSTALL) >= 1, "direct reclaim ran");
        assertTrue(event(VmEventItem.PGSCAN_DIRECT_DMA) > 0);
        assertTrue(event(VmEventItem.PGSTEAL_DMA) >= 100, "pgsteal " + event(VmEventItem.PGSTEAL_DMA));
        assertEquals(0, event(VmEventItem.PGSCAN_KSWAPD_DMA), "no kswapd in this kernel");
        for (Page p : held) {
            k.pageAlloc().freePageRaw(p);
        }
    }

    @Test
    void kswapd_isWokenByTheAllocatorBelowPagesLow() throws InterruptedException {
        freeable(300);
        k.vmscan().kswapdInit();
        await(() -> ((Vmscan) k.vmscan()).kswapdSleeping(), "kswapd to sleep");
        List<Page> held = new ArrayList<>();

        while (zone().freePages >= zone().pagesLow) {
            held.add(k.pageAlloc().allocPage(GFP_HIGHUSER));
        }
        await(() -> event(VmEventItem.PAGEOUTRUN) >= 1 && ((Vmscan) k.vmscan()).kswapdSleeping()
                && k.pageAlloc().zoneWatermarkOk(zone(), 0, zone().pagesHigh, 0, 0), "kswapd to balance the zone");

        assertTrue(event(VmEventItem.KSWAPD_STEAL) > 0);
        assertEquals(event(VmEventItem.KSWAPD_STEAL), event(VmEventItem.PGSTEAL_DMA));
        assertEquals(0, event(VmEventItem.ALLOCSTALL), "nobody had to reclaim for itself");
        for (Page p : held) {
            k.pageAlloc().freePageRaw(p);
        }
    }

    @Test
    void outOfMemory_killsTheLargestTaskAndTheAllocationGoesOn() throws InterruptedException {
        FakeTasks tasks = k.fakeTasks();
        tasks.add(1, "init", 10);
        FakeTasks.Task self = tasks.add(10, "A", 50);
        FakeTasks.Task hog = tasks.add(11, "B", 500);
        Current.ThreadInfo ti = k.current().current();
        ti.task = self;
        ti.comm = "A";
        self.thread = ti;
        List<Page> hogPages = new ArrayList<>();
        List<Page> ours = new ArrayList<>();
        // B's exit on SIGKILL gives its memory back
        tasks.onSignal = (sig, t) -> {
            if (t == hog) {
                hog.mm = null;
                tasks.tasks.remove(hog);
                for (Page p : hogPages) {
                    k.pageAlloc().freePageRaw(p);
                }
                hogPages.clear();
            }
        };
        // nothing on the LRU: every page of RAM is held by B and then by us
        for (int i = 0; i < 400; i++) {
            hogPages.add(k.pageAlloc().allocPage(GFP_HIGHUSER));
        }
        k.vmscan().kswapdInit(); // it is kswapd that finds the zone all_unreclaimable
        // wakeup_kswapd wakes only a kswapd already waiting on kswapd_wait
        await(((Vmscan) k.vmscan())::kswapdSleeping, "kswapd to go to sleep");

        // The allocation that meets pages_low wakes kswapd, which finds nothing on the LRU
        // and marks the zone. Wait for that before going lower: __alloc_pages wakes kswapd
        // once per allocation, before its reclaim loop, so a looping direct reclaimer
        // never wakes it again and a zone still unmarked would be retried for ever.
        Page p;
        while (zone().freePages >= zone().pagesLow) {
            p = k.pageAlloc().allocPage(GFP_HIGHUSER);
            assertNotNull(p);
            ours.add(p);
        }
        await(() -> zone().allUnreclaimable != 0, "kswapd to mark the pinned zone all_unreclaimable");
        assertEquals(0, event(VmEventItem.ALLOCSTALL), "kswapd's wake-up alone, no direct reclaim yet");
        while (event(VmEventItem.ALLOCSTALL) == 0 || !hogPages.isEmpty()) {
            p = k.pageAlloc().allocPage(GFP_HIGHUSER);
            assertNotNull(p);
            ours.add(p);
        }

        assertEquals(List.of("9 11"), tasks.signals);
        assertTrue(k.printk().messages().contains("Out of memory: kill process 11 (B) score 500 or a child"),
                k.printk().messages()::toString);
        assertTrue(k.printk().messages().contains("Killed process 11 (B)"));
        assertTrue(k.printk().messages().contains("A invoked oom-killer: gfp_mask=0x200d2, order=0, oomkilladj=0"));
        assertFalse(self.tifMemdie);
        for (Page q : ours) {
            k.pageAlloc().freePageRaw(q);
        }
    }
}
