package linux.mm.swap.internal;

import linux.mm.page.*;

import linux.kernel.KernelBug;

import static linux.mm.page.Gfp.GFP_KERNEL;
import static linux.mm.page.Page.pageCount;
import static linux.mm.page.PageFlags.pageActive;
import static linux.mm.page.PageFlags.pageLRU;
import static linux.mm.page.PageFlags.pageReferenced;
import static linux.mm.page.PageFlags.pageWriteback;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import linux.kernel.Printk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** mm/swap.c: LRU insertion through per-CPU pagevecs, promotion, release, rotation. */
class SwapTest {

    private final SwapTestKernel k = SwapTestKernel.boot("mem=16M maxcpus=2");
    private final Printk.Buffer log = k.printk();
    // 16 MiB: one zone (DMA) whose per-CPU lists pass every page straight to the buddy lists
    private final PageAllocOps pa = k.pageAlloc();
    private final Zone zone = pa.pgdat().dmaZone();
    private final PageWriteback pw = k.pageWriteback();
    private final SwapOps swap = k.swap();

    @AfterEach
    void checkInvariantsAndResetCpu() {
        k.current().current().cpu = 0;
        swap.lruAddDrainAll();
        assertEquals(List.of(), swap.checkLruLists());
        assertEquals(List.of(), pa.checkFreeLists());
    }

    @Test
    void checkLruLists_findsACounterOutOfStep() {
        onInactive(2);
        zone.lruLock.lock();
        zone.nrInactive++;
        zone.lruLock.unlock();
        assertEquals(List.of("DMA: nr_inactive 3 but 2 on the list"), swap.checkLruLists());
        zone.lruLock.lock();
        zone.nrInactive--;
        zone.lruLock.unlock();
        Page stray = alloc(1)[0];
        PageFlags.setPageLRU(stray);
        assertEquals(1, swap.checkLruLists().size());
        assertTrue(swap.checkLruLists().get(0).startsWith("DMA: PG_lru page on no LRU list: "));
        PageFlags.clearPageLRU(stray);
    }

    private Page[] alloc(int n) {
        Page[] p = new Page[n];
        for (int i = 0; i < n; i++) {
            p[i] = pa.allocPage(GFP_KERNEL);
        }
        return p;
    }

    /** The list from HEAD to TAIL. */
    private static List<Page> order(ListHead list) {
        List<Page> l = new ArrayList<>();
        for (Page p = list.first(); p != null; p = list.next(p)) {
            l.add(p);
        }
        return l;
    }

    /** Pages on the inactive LRU, as lru_cache_add + drain would leave them. */
    private Page[] onInactive(int n) {
        Page[] p = alloc(n);
        for (Page q : p) {
            swap.lruCacheAdd(q);
        }
        swap.lruAddDrain();
        return p;
    }

    @Test
    void lruCacheAdd_thirteenWaitInThePagevecTheFourteenthFlushesAll() {
        Page[] p = alloc(Pagevec.PAGEVEC_SIZE);
        for (int i = 0; i < 13; i++) {
            swap.lruCacheAdd(p[i]);
            assertEquals(2, pageCount(p[i]), "the pagevec holds a reference");
            assertFalse(pageLRU(p[i]));
            assertTrue(ListHead.notListed(p[i]));
        }
        assertEquals(13, swap.pendingLruAdd(0));
        assertEquals(0, zone.nrInactive);
        assertTrue(zone.inactiveList.listEmpty());

        swap.lruCacheAdd(p[13]);
        assertEquals(0, swap.pendingLruAdd(0));
        assertEquals(14, zone.nrInactive);
        List<Page> lru = order(zone.inactiveList);
        for (int i = 0; i < 14; i++) {
            assertTrue(pageLRU(p[i]));
            assertFalse(pageActive(p[i]));
            assertEquals(1, pageCount(p[i]), "the flush drops the pagevec's reference");
            // each insertion went to the HEAD: the last queued is first, the first queued is the tail
            assertSame(p[13 - i], lru.get(i));
        }
        assertSame(p[0], zone.inactiveList.lruToPage());
    }

    @Test
    void lruAddDrain_flushesBothQueues() {
        Page[] p = alloc(5);
        swap.lruCacheAdd(p[0]);
        swap.lruCacheAdd(p[1]);
        swap.lruCacheAddActive(p[2]);
        swap.lruCacheAddActive(p[3]);
        swap.lruCacheAddActive(p[4]);
        assertEquals(2, swap.pendingLruAdd(0));
        assertEquals(3, swap.pendingLruAddActive(0));
        swap.lruAddDrain();
        assertEquals(List.of(p[1], p[0]), order(zone.inactiveList));
        assertEquals(List.of(p[4], p[3], p[2]), order(zone.activeList));
        assertEquals(2, zone.nrInactive);
        assertEquals(3, zone.nrActive);
        assertTrue(pageActive(p[2]) && pageLRU(p[2]));
        for (Page q : p) {
            assertEquals(1, pageCount(q));
        }
    }

    @Test
    void lruCacheAdd_queuesArePerCpu() {
        Page[] p = alloc(3);
        k.current().current().cpu = 1;
        swap.lruCacheAdd(p[0]);
        swap.lruCacheAdd(p[1]);
        k.current().current().cpu = 0;
        swap.lruCacheAdd(p[2]);
        swap.lruAddDrain();
        assertEquals(List.of(p[2]), order(zone.inactiveList));
        assertEquals(2, swap.pendingLruAdd(1));
        swap.lruAddDrainRaw(1);
        assertEquals(List.of(p[1], p[0], p[2]), order(zone.inactiveList));
        Page[] q = alloc(1);
        k.current().current().cpu = 1;
        swap.lruCacheAddActive(q[0]);
        k.current().current().cpu = 0;
        assertEquals(0, swap.lruAddDrainAll());
        assertEquals(List.of(q[0]), order(zone.activeList));
    }

    @Test
    void markPageAccessed_twoTouchPromotion() {
        Page[] p = onInactive(3);
        Page page = p[1];
        // inactive, unreferenced -> inactive, referenced
        swap.markPageAccessed(page);
        assertTrue(pageReferenced(page));
        assertFalse(pageActive(page));
        assertTrue(zone.inactiveList.contains(page));
        assertEquals(0, pa.vmstat().vmEvent(VmEventItem.PGACTIVATE));
        // inactive, referenced -> active, unreferenced, at the HEAD of the active list
        swap.markPageAccessed(page);
        assertTrue(pageActive(page));
        assertFalse(pageReferenced(page));
        assertSame(page, zone.activeList.first());
        assertEquals(1, zone.nrActive);
        assertEquals(2, zone.nrInactive);
        assertEquals(1, pa.vmstat().vmEvent(VmEventItem.PGACTIVATE));
        // active, unreferenced -> active, referenced
        swap.markPageAccessed(page);
        assertTrue(pageActive(page));
        assertTrue(pageReferenced(page));
        // active, referenced stays so
        swap.markPageAccessed(page);
        assertTrue(pageActive(page) && pageReferenced(page));
        assertEquals(1, pa.vmstat().vmEvent(VmEventItem.PGACTIVATE));
    }

    @Test
    void markPageAccessed_pageNotYetOnLruStaysInactive() {
        Page page = alloc(1)[0];
        swap.lruCacheAdd(page);
        swap.markPageAccessed(page);
        swap.markPageAccessed(page);
        assertTrue(pageReferenced(page));
        assertFalse(pageActive(page));
        swap.lruAddDrain();
        assertTrue(zone.inactiveList.contains(page));
        swap.markPageAccessed(page);
        assertTrue(pageActive(page));
    }

    @Test
    void activatePage_movesToActiveHeadOnlyFromInactiveLru() {
        Page[] p = onInactive(3);
        swap.activatePage(p[0]);
        swap.activatePage(p[2]);
        assertEquals(List.of(p[2], p[0]), order(zone.activeList));
        assertEquals(List.of(p[1]), order(zone.inactiveList));
        swap.activatePage(p[0]); // already active: nothing
        assertEquals(List.of(p[2], p[0]), order(zone.activeList));
        assertEquals(2, pa.vmstat().vmEvent(VmEventItem.PGACTIVATE));
        Page off = alloc(1)[0];
        swap.activatePage(off); // not on the LRU: nothing
        assertFalse(pageActive(off));
        assertEquals(2, pa.vmstat().vmEvent(VmEventItem.PGACTIVATE));
    }

    @Test
    void releasePages_freesLastReferencesAndTakesThemOffTheLru() {
        Page[] p = onInactive(4);
        swap.activatePage(p[3]);
        Page.getPage(p[1]); // someone else still holds p[1]
        long free = zone.freePages;
        long pgfree = pa.vmstat().vmEvent(VmEventItem.PGFREE);
        swap.releasePages(p, 4, false);
        for (int i : new int[] {0, 2, 3}) {
            assertFalse(pageLRU(p[i]));
            assertFalse(pageActive(p[i]));
            assertEquals(0, pageCount(p[i]));
        }
        assertEquals(1, pageCount(p[1]));
        assertEquals(List.of(p[1]), order(zone.inactiveList));
        assertTrue(zone.activeList.listEmpty());
        assertEquals(1, zone.nrInactive);
        assertEquals(0, zone.nrActive);
        assertEquals(free + 3, zone.freePages);
        assertEquals(pgfree + 3, pa.vmstat().vmEvent(VmEventItem.PGFREE));
    }

    @Test
    void releasePages_batchesFreesByFourteen() {
        Page[] p = alloc(30);
        long free = zone.freePages;
        swap.releasePages(p, 30, true);
        assertEquals(free + 30, zone.freePages);
        for (Page q : p) {
            assertEquals(0, pageCount(q));
        }
    }

    @Test
    void putPage_lastReferenceTakesPageOffItsList() {
        Page page = alloc(1)[0];
        swap.lruCacheAddActive(page);
        swap.lruAddDrain();
        Page.getPage(page);
        swap.putPage(page);
        assertTrue(pageLRU(page));
        long free = zone.freePages;
        swap.putPage(page);
        assertFalse(pageLRU(page));
        assertFalse(pageActive(page));
        assertEquals(0, zone.nrActive);
        assertTrue(zone.activeList.listEmpty());
        assertEquals(free + 1, zone.freePages);
    }

    @Test
    void pagevecRelease_drainsLruAddQueueFirst() {
        Page page = alloc(1)[0];
        swap.lruCacheAdd(page); // count 2: ours and the queue's
        Pagevec pvec = new Pagevec();
        pvec.pagevecAdd(page);
        long free = zone.freePages;
        swap.pagevecRelease(pvec);
        assertEquals(0, pvec.pagevecCount());
        assertEquals(0, pageCount(page));
        assertFalse(pageLRU(page));
        assertEquals(0, zone.nrInactive);
        assertEquals(free + 1, zone.freePages);
    }

    @Test
    void pagevecReleaseNonlru_freesOnlyPagesReachingZero() {
        Page[] p = alloc(2);
        Page.getPage(p[1]);
        Pagevec pvec = new Pagevec();
        pvec.pagevecAdd(p[0]);
        pvec.pagevecAdd(p[1]);
        long free = zone.freePages;
        swap.pagevecReleaseNonlruRaw(pvec);
        assertEquals(0, pvec.pagevecCount());
        assertEquals(0, pageCount(p[0]));
        assertEquals(1, pageCount(p[1]));
        assertEquals(free + 1, zone.freePages);
    }

    @Test
    void rotateReclaimablePage_movesToInactiveTailAndClearsWriteback() {
        Page[] p = onInactive(3); // HEAD p2, p1, p0 TAIL
        Page page = p[1];
        pw.testSetPageWriteback(page);
        assertEquals(1, pa.vmstat().globalPageState(ZoneStatItem.NR_WRITEBACK));
        assertEquals(0, swap.rotateReclaimablePage(page));
        assertEquals(List.of(p[2], p[0], p[1]), order(zone.inactiveList));
        assertSame(page, zone.inactiveList.lruToPage(), "next to be scanned");
        assertFalse(pageWriteback(page));
        assertEquals(0, pa.vmstat().globalPageState(ZoneStatItem.NR_WRITEBACK));
        assertEquals(0, pa.vmstat().zonePageState(zone, ZoneStatItem.NR_WRITEBACK));
        assertEquals(1, pa.vmstat().vmEvent(VmEventItem.PGROTATED));
    }

    @Test
    void rotateReclaimablePage_declinesLockedDirtyActiveOrOffLruPages() {
        Page[] p = onInactive(3);
        List<Page> before = order(zone.inactiveList);
        Page page = p[1];
        pw.testSetPageWriteback(page);

        PageFlags.setPageLocked(page);
        assertEquals(1, swap.rotateReclaimablePage(page));
        PageFlags.clearPageLocked(page);

        PageFlags.setPageDirty(page);
        assertEquals(1, swap.rotateReclaimablePage(page));
        PageFlags.clearPageDirty(page);

        assertEquals(before, order(zone.inactiveList));
        assertTrue(pageWriteback(page), "a declined rotation leaves PG_writeback to the caller");
        assertEquals(0, pa.vmstat().vmEvent(VmEventItem.PGROTATED));

        swap.activatePage(page);
        assertEquals(1, swap.rotateReclaimablePage(page));
        assertSame(page, zone.activeList.first());

        Page off = alloc(1)[0];
        pw.testSetPageWriteback(off);
        assertEquals(1, swap.rotateReclaimablePage(off));
        assertTrue(pageWriteback(off));
        assertEquals(0, pa.vmstat().vmEvent(VmEventItem.PGROTATED));
    }

    @Test
    void rotateReclaimablePage_pageNotUnderWritebackIsABug() {
        Page[] p = onInactive(1);
        assertThrows(KernelBug.class, () -> swap.rotateReclaimablePage(p[0]));
    }

    @Test
    void endPageWriteback_rotatesReclaimPages() {
        Page[] p = onInactive(3);
        Page page = p[2]; // at the HEAD
        pw.testSetPageWriteback(page);
        PageFlags.setPageReclaim(page);
        pw.endPageWriteback(page, swap);
        assertSame(page, zone.inactiveList.lruToPage());
        assertFalse(PageFlags.pageReclaim(page));
        assertFalse(pageWriteback(page));
        // without PG_reclaim the page stays where it is
        Page other = p[1];
        pw.testSetPageWriteback(other);
        pw.endPageWriteback(other, swap);
        assertEquals(List.of(p[1], p[0], p[2]), order(zone.inactiveList));
        assertEquals(1, pa.vmstat().vmEvent(VmEventItem.PGROTATED));
    }

    @Test
    void swapSetup_pageClusterBySize() {
        SwapOps small = SwapTestKernel.boot("mem=8M").swap();
        assertEquals(2, small.pageCluster());
        swap.swapSetup();
        assertEquals(3, swap.pageCluster());
    }

    @Test
    void lruCacheAdd_concurrentCpusKeepListsAndCountsConsistent() throws Exception {
        long seed = Long.getLong("mmemu.seed", System.nanoTime());
        System.out.println("lruCacheAdd_concurrentCpusKeepListsAndCountsConsistent seed=" + seed
                + " (-Dmmemu.seed=" + seed + ")");
        SwapTestKernel k4 = SwapTestKernel.boot("mem=64M maxcpus=4");
        PageAllocOps pa4 = k4.pageAlloc();
        SwapOps swap4 = k4.swap();
        long total = pa4.nrFreePages() + pa4.pcpPages(pa4.pgdat().dmaZone()) + pa4.pcpPages(pa4.pgdat().normalZone());
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            final int cpu = t;
            threads[t] = new Thread(() -> {
                k4.current().current().cpu = cpu;
                java.util.Random rnd = new java.util.Random(seed + cpu);
                List<Page> mine = new ArrayList<>();
                try {
                    for (int i = 0; i < 3000; i++) {
                        int op = rnd.nextInt(10);
                        if (op < 5) {
                            Page p = pa4.allocPage(GFP_KERNEL | Gfp.__GFP_NOWARN);
                            if (p == null) {
                                continue;
                            }
                            if (rnd.nextBoolean()) {
                                swap4.lruCacheAdd(p);
                            } else {
                                swap4.lruCacheAddActive(p);
                            }
                            mine.add(p);
                        } else if (op < 7 && !mine.isEmpty()) {
                            swap4.markPageAccessed(mine.get(rnd.nextInt(mine.size())));
                        } else if (op < 8) {
                            swap4.lruAddDrain();
                        } else if (!mine.isEmpty()) {
                            int n = Math.min(mine.size(), 1 + rnd.nextInt(20));
                            Page[] batch = new Page[n];
                            for (int k = 0; k < n; k++) {
                                batch[k] = mine.remove(mine.size() - 1);
                            }
                            swap4.releasePages(batch, n, rnd.nextBoolean());
                        }
                    }
                    swap4.lruAddDrain();
                    swap4.releasePages(mine.toArray(new Page[0]), mine.size(), false);
                    pa4.drainLocalPages();
                } catch (Throwable e) {
                    failures.add(e);
                }
            }, "cpu" + cpu);
            threads[t].start();
        }
        for (Thread th : threads) {
            th.join();
        }
        assertEquals(List.of(), failures, "seed " + seed);
        assertEquals(List.of(), swap4.checkLruLists(), "seed " + seed);
        assertEquals(List.of(), pa4.checkFreeLists(), "seed " + seed);
        assertEquals(0, pa4.pgdat().normalZone().nrActive + pa4.pgdat().normalZone().nrInactive, "seed " + seed);
        assertEquals(total, pa4.nrFreePages(), "seed " + seed + ": every page came back to the buddy lists");
    }

    @Test
    void vmAcctMemory_foldsEachCpusShareBeyondTheThreshold() {
        // 2 CPUs: ACCT_THRESHOLD = max(16, 2 * 2) = 16
        swap.vmAcctMemory(10);
        swap.vmAcctMemory(6);
        assertEquals(0, swap.vmCommittedSpace(), "16 is not beyond the threshold");
        swap.vmAcctMemory(1);
        assertEquals(17, swap.vmCommittedSpace());
        k.current().current().cpu = 1;
        swap.vmAcctMemory(5);
        assertEquals(17, swap.vmCommittedSpace());
        swap.vmUnacctMemory(30); // cpu 1's share: 5 - 30 = -25
        assertEquals(-8, swap.vmCommittedSpace());
    }

    @Test
    void putPagesList_releasesFromTheTail() {
        Page[] p = alloc(3);
        ListHead list = new ListHead();
        for (Page q : p) {
            ListHead.listAdd(q, list);
        }
        Page.getPage(p[1]);
        long free = zone.freePages;
        swap.putPagesList(list);
        assertTrue(list.listEmpty());
        assertEquals(free + 2, zone.freePages);
        assertEquals(1, pageCount(p[1]));
        assertTrue(ListHead.notListed(p[1]));
    }

    @Test
    void lruToPage_isTheTail() {
        assertNull(zone.inactiveList.lruToPage());
        Page[] p = onInactive(2);
        assertSame(p[0], zone.inactiveList.lruToPage());
        assertSame(p[1], zone.inactiveList.first());
    }
}
