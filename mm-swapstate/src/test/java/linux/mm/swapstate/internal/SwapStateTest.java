package linux.mm.swapstate.internal;

import static linux.arch.x86.PageGeometry.PAGE_SIZE;
import static linux.mm.page.Page.pageCount;
import static linux.mm.page.Page.pagePrivate;
import static linux.mm.page.PageFlags.pageDirty;
import static linux.mm.page.PageFlags.pageLocked;
import static linux.mm.page.PageFlags.pageSwapCache;
import static linux.mm.page.PageFlags.pageUptodate;
import static linux.mm.page.PageFlags.testSetPageLocked;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import linux.block.ManualDevice;
import linux.kernel.Errno;
import linux.kernel.KernelBug;
import linux.mm.page.AddressSpace;
import linux.mm.page.Filemap;
import linux.mm.page.Gfp;
import linux.mm.page.Page;
import linux.mm.page.PageFlags;
import linux.mm.page.SwapStateOps.SwapCacheInfo;
import linux.mm.page.VmEventItem;
import linux.mm.page.WritebackControl;
import linux.mm.page.ZoneStatItem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * mm/swap_state.c on a test kernel with the real swapfile and page_io below it, over a swap
 * file on a {@link ManualDevice} so each test decides when reads complete. Race tests boot
 * {@code swapfile=gated} and hold one thread between two steps of read_swap_cache_async.
 * After each test the invariants of kernel-2.6.20.md §4.1–§4.4 hold, then everything is
 * given back and swapoff succeeds.
 */
class SwapStateTest {
    /** Pages of the swap file (last_page 63). */
    private static final int AREA_PAGES = 64;
    /** Its usable slots: 1..62, since the page numbered last_page is never used (quirk 1, §5.12). */
    private static final int SLOTS = AREA_PAGES - 2;

    private SwapMachine m;

    private SwapMachine boot(String cmdline) {
        m = new SwapMachine(cmdline);
        return m;
    }

    @AfterEach
    void finish() {
        if (m != null) {
            m.finish();
        }
    }

    private static long seed() {
        String s = System.getProperty("mmemu.seed");
        long seed = s != null ? Long.parseLong(s) : System.nanoTime();
        System.out.println("SwapStateTest seed " + seed + " (rerun with -Dmmemu.seed=" + seed + ")");
        return seed;
    }

    private static byte[] random(long seed) {
        byte[] b = new byte[PAGE_SIZE];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static void await(CountDownLatch l) throws InterruptedException {
        assertTrue(l.await(30, TimeUnit.SECONDS), "timed out");
    }

    private Page radixLookup(int entry) {
        AddressSpace swapper = m.cache.swapperSpace();
        swapper.treeLock.readLock().lock();
        try {
            return swapper.radixTreeLookup(entry);
        } finally {
            swapper.treeLock.readLock().unlock();
        }
    }

    // ---- add_to_swap, __add_to_swap_cache, __delete_from_swap_cache ----------------------

    /** §4.2.7: the page comes out locked, in the cache, uptodate and dirty, with swap_map 1. */
    @Test
    void addToSwap_leavesThePageLockedSwapcacheUptodateDirtyWithSwapMapOne() {
        boot("mem=16M").manualArea("hda", 0, AREA_PAGES);
        Page p = m.filled(1);
        assertFalse(testSetPageLocked(p));
        assertEquals(1, m.cache.addToSwap(p, Gfp.GFP_ATOMIC));
        int entry = pagePrivate(p);
        assertNotEquals(0, entry);
        assertTrue(pageLocked(p));
        assertTrue(pageSwapCache(p));
        assertTrue(pageUptodate(p));
        assertTrue(pageDirty(p));
        assertEquals(1, m.swapMap(entry));
        assertEquals(2, pageCount(p), "the test's reference and the cache's");
        assertSame(m.cache.swapperSpace(), Page.pageMapping(p));
        assertSame(p, radixLookup(entry));
        assertEquals(1, m.cache.totalSwapcachePages());
        assertEquals(1, m.pa.vmstat().globalPageState(ZoneStatItem.NR_FILE_PAGES));
        assertEquals(SLOTS - 1, m.sf.nrSwapPages());
        SwapCacheInfo info = m.cache.swapCacheInfo();
        assertEquals(1, info.addTotal);
        assertEquals(0, info.existRace);
        Filemap.unlockPage(p);
    }

    @Test
    void addToSwap_withoutFreeSwapReturnsZeroAndLeavesThePageAlone() {
        boot("mem=16M");
        Page p = m.filled(2);
        assertFalse(testSetPageLocked(p));
        assertEquals(0, m.cache.addToSwap(p, Gfp.GFP_ATOMIC));
        assertFalse(pageSwapCache(p));
        assertFalse(pageDirty(p));
        assertEquals(0, pagePrivate(p));
        assertEquals(1, pageCount(p));
        assertEquals(0, m.cache.swapCacheInfo().addTotal);
        Filemap.unlockPage(p);
    }

    @Test
    void addToSwap_unlockedPageIsABug() {
        boot("mem=16M").manualArea("hda", 0, AREA_PAGES);
        Page p = m.filled(3);
        assertThrows(KernelBug.class, () -> m.cache.addToSwap(p, Gfp.GFP_ATOMIC));
        assertEquals(SLOTS, m.sf.nrSwapPages(), "no slot taken");
    }

    /**
     * The -EEXIST retry: get_swap_page hands out a slot whose entry already has a cache page
     * (2.6.20 blames a speculative read_swap_cache_async). add_to_swap gives that slot back,
     * counts exist_race and succeeds with the next slot.
     */
    @Test
    void addToSwap_slotWhoseEntryIsAlreadyCachedIsGivenBackAndAnotherTried() {
        boot("mem=16M swapfile=gated").manualArea("hda", 0, AREA_PAGES);
        Page first = m.filled(4);
        assertFalse(testSetPageLocked(first));
        assertEquals(1, m.cache.addToSwap(first, Gfp.GFP_ATOMIC));
        Filemap.unlockPage(first);
        int taken = pagePrivate(first);
        AtomicBoolean once = new AtomicBoolean();
        m.k.gate().set((method, args) -> {
            if (method.equals("getSwapPage") && once.compareAndSet(false, true)) {
                // as if scan_swap_map had just claimed this slot for us
                assertEquals(1, m.sf.swapDuplicate(taken));
                return taken;
            }
            return null;
        });
        Page second = m.filled(5);
        assertFalse(testSetPageLocked(second));
        assertEquals(1, m.cache.addToSwap(second, Gfp.GFP_ATOMIC));
        m.k.gate().set(null);
        int entry = pagePrivate(second);
        assertNotEquals(taken, entry);
        assertSame(first, radixLookup(taken));
        assertSame(second, radixLookup(entry));
        assertEquals(1, m.swapMap(taken), "the duplicate slot reference was given back");
        assertEquals(1, m.swapMap(entry));
        SwapCacheInfo info = m.cache.swapCacheInfo();
        assertEquals(1, info.existRace);
        assertEquals(2, info.addTotal);
        Filemap.unlockPage(second);
    }

    @Test
    void addToSwapCacheRaw_secondPageAtOneEntryIsEexistAndChangesNothing() {
        boot("mem=16M").manualArea("hda", 0, AREA_PAGES);
        Page p = m.filled(6);
        assertFalse(testSetPageLocked(p));
        assertEquals(1, m.cache.addToSwap(p, Gfp.GFP_ATOMIC));
        Filemap.unlockPage(p);
        Page q = m.filled(7);
        assertEquals(Errno.EEXIST.negative(), m.cache.addToSwapCacheRaw(q, pagePrivate(p), Gfp.GFP_KERNEL));
        assertFalse(pageSwapCache(q));
        assertFalse(pageLocked(q));
        assertEquals(1, pageCount(q));
        assertEquals(1, m.cache.totalSwapcachePages());
        assertThrows(KernelBug.class, () -> m.cache.addToSwapCacheRaw(p, pagePrivate(p) + 1, Gfp.GFP_KERNEL),
                "a page already in the swap cache");
    }

    @Test
    void deleteFromSwapCache_givesBackTheSlotAndTheCachesReference() {
        boot("mem=16M").manualArea("hda", 0, AREA_PAGES);
        Page p = m.filled(8);
        assertFalse(testSetPageLocked(p));
        assertEquals(1, m.cache.addToSwap(p, Gfp.GFP_ATOMIC));
        int entry = pagePrivate(p);
        m.cache.deleteFromSwapCache(p);
        assertFalse(pageSwapCache(p));
        assertEquals(0, pagePrivate(p));
        assertEquals(0, m.swapMap(entry));
        assertEquals(1, pageCount(p));
        assertNull(radixLookup(entry));
        assertEquals(0, m.cache.totalSwapcachePages());
        assertEquals(0, m.pa.vmstat().globalPageState(ZoneStatItem.NR_FILE_PAGES));
        assertEquals(1, m.cache.swapCacheInfo().delTotal);
        assertTrue(pageLocked(p), "the caller's lock stays");
        Filemap.unlockPage(p);
    }

    @Test
    void deleteFromSwapCacheLocked_unlockedOrWritebackPageIsABug() {
        boot("mem=16M").manualArea("hda", 0, AREA_PAGES);
        Page p = m.filled(9);
        assertFalse(testSetPageLocked(p));
        assertEquals(1, m.cache.addToSwap(p, Gfp.GFP_ATOMIC));
        AddressSpace swapper = m.cache.swapperSpace();
        PageFlags.setPageWriteback(p);
        swapper.treeLock.writeLock().lock();
        try {
            assertThrows(KernelBug.class, () -> m.cache.deleteFromSwapCacheLocked(p));
            PageFlags.clearPageWriteback(p);
            Filemap.unlockPage(p);
            assertThrows(KernelBug.class, () -> m.cache.deleteFromSwapCacheLocked(p));
        } finally {
            swapper.treeLock.writeLock().unlock();
        }
        assertTrue(pageSwapCache(p));
    }

    // ---- free_swap_cache, free_page_and_swap_cache, free_pages_and_swap_cache -------------

    @Test
    void freePageAndSwapCache_dropsAPageNobodyElseUsesAndFreesIt() {
        boot("mem=16M").manualArea("hda", 0, AREA_PAGES);
        Page p = m.filled(10);
        assertFalse(testSetPageLocked(p));
        assertEquals(1, m.cache.addToSwap(p, Gfp.GFP_ATOMIC));
        int entry = pagePrivate(p);
        Filemap.unlockPage(p);
        m.held.remove(p);
        m.cache.freePageAndSwapCache(p);
        assertEquals(0, pageCount(p), "freed");
        assertFalse(pageSwapCache(p));
        assertEquals(0, m.swapMap(entry));
        assertEquals(0, m.cache.totalSwapcachePages());
    }

    @Test
    void freePageAndSwapCache_keepsACachePageWhoseSlotHasAPteOrWhoseLockIsBusy() {
        boot("mem=16M").manualArea("hda", 0, AREA_PAGES);
        Page shared = m.filled(11);
        assertFalse(testSetPageLocked(shared));
        assertEquals(1, m.cache.addToSwap(shared, Gfp.GFP_ATOMIC));
        int entry = pagePrivate(shared);
        assertEquals(1, m.sf.swapDuplicate(entry));
        m.pteRefs.addToValue(entry, 1);
        Filemap.unlockPage(shared);
        m.held.remove(shared);
        m.cache.freePageAndSwapCache(shared);
        assertTrue(pageSwapCache(shared), "another user of the slot");
        assertEquals(1, pageCount(shared), "only the cache's reference is left");
        assertEquals(2, m.swapMap(entry));

        Page busy = m.filled(12);
        assertFalse(testSetPageLocked(busy));
        assertEquals(1, m.cache.addToSwap(busy, Gfp.GFP_ATOMIC));
        Page.getPage(busy);
        m.cache.freePageAndSwapCache(busy);
        assertTrue(pageSwapCache(busy), "TestSetPageLocked failed: left alone");
        assertTrue(pageLocked(busy));
        assertEquals(2, pageCount(busy));
        Filemap.unlockPage(busy);
    }

    /** More than PAGEVEC_SIZE pages, their LRU-add pagevec references drained first. */
    @Test
    void freePagesAndSwapCache_freesEveryPageInPagevecBatches() {
        boot("mem=16M").manualArea("hda", 0, AREA_PAGES);
        Page[] pages = new Page[20];
        for (int i = 0; i < pages.length; i++) {
            Page p = m.filled(100 + i);
            assertFalse(testSetPageLocked(p));
            assertEquals(1, m.cache.addToSwap(p, Gfp.GFP_ATOMIC));
            Filemap.unlockPage(p);
            m.swap.lruCacheAdd(p);
            m.held.remove(p);
            pages[i] = p;
        }
        m.cache.freePagesAndSwapCache(pages, pages.length);
        for (Page p : pages) {
            assertEquals(0, pageCount(p), "freed: " + p);
            assertFalse(PageFlags.pageLRU(p));
        }
        assertEquals(0, m.cache.totalSwapcachePages());
        assertEquals(SLOTS, m.sf.nrSwapPages());
        assertEquals(pages.length, m.cache.swapCacheInfo().delTotal);
    }

    // ---- lookup_swap_cache, show_swap_cache_info, swap_aops -----------------------------

    @Test
    void lookupSwapCache_countsEveryLookupAndEveryHitAndShowSwapCacheInfoPrintsThem() {
        boot("mem=16M").manualArea("hda", 0, AREA_PAGES);
        Page p = m.filled(13);
        assertFalse(testSetPageLocked(p));
        assertEquals(1, m.cache.addToSwap(p, Gfp.GFP_ATOMIC));
        Filemap.unlockPage(p);
        int entry = pagePrivate(p);
        Page found = m.cache.lookupSwapCache(entry);
        assertSame(p, found);
        m.held.add(found);
        assertEquals(3, pageCount(p), "lookup takes a reference");
        assertFalse(pageLocked(found), "and no lock");
        assertNull(m.cache.lookupSwapCache(entry + 1));
        SwapCacheInfo info = m.cache.swapCacheInfo();
        assertEquals(1, info.findSuccess);
        assertEquals(2, info.findTotal);
        m.cache.showSwapCacheInfo();
        assertEquals(List.of(
                "<4>Swap cache: add 1, delete 0, find 1/2, race 0+0",
                "<4>Free swap  = " + (SLOTS - 1) * 4 + "kB",
                "<4>Total swap = " + SLOTS * 4 + "kB"), m.log.lines());
    }

    @Test
    void swapAops_writepageIsSwapWritepageSetPageDirtyTagsTheTreeAndSyncPageUnplugs() {
        ManualDevice disk = boot("mem=16M").manualArea("hda", 0, AREA_PAGES);
        Page p = m.filled(14);
        assertFalse(testSetPageLocked(p));
        assertEquals(1, m.cache.addToSwap(p, Gfp.GFP_ATOMIC));
        int entry = pagePrivate(p);
        assertEquals(1, m.sf.swapDuplicate(entry));
        m.pteRefs.addToValue(entry, 1);
        AddressSpace swapper = m.cache.swapperSpace();
        assertEquals(1, m.pw.clearPageDirtyForIo(p));
        assertEquals(0, swapper.aOps().writepage(p, WritebackControl.forReclaim(32)));
        assertEquals(1, disk.pending());
        assertTrue(PageFlags.pageWriteback(p));
        swapper.aOps().syncPage(p);
        disk.completeNext();
        assertFalse(PageFlags.pageWriteback(p));
        byte[] onDisk = new byte[PAGE_SIZE];
        disk.readStore((long) linux.mm.page.Swapops.swpOffset(entry) * PAGE_SIZE, onDisk);
        assertArrayEquals(m.frame(p), onDisk);
        assertEquals(1, m.pw.setPageDirty(p));
        swapper.treeLock.readLock().lock();
        try {
            assertTrue(swapper.radixTreeTagGet(entry, AddressSpace.PAGECACHE_TAG_DIRTY));
        } finally {
            swapper.treeLock.readLock().unlock();
        }
        assertEquals(0, m.pa.vmstat().globalPageState(ZoneStatItem.NR_FILE_DIRTY), "swapper_space accounts no dirty pages");
        assertEquals(List.of(), m.log.messages(), "swap_unplug_io_fn found a referenced swap-cache page");
    }

    // ---- read_swap_cache_async ------------------------------------------------------------

    @Test
    void readSwapCacheAsync_twiceForOneEntryMakesOnePageAndOneRead() {
        ManualDevice disk = boot("mem=16M").manualArea("hda", 0, AREA_PAGES);
        byte[] data = random(15);
        int entry = m.slotHolding(disk, data);
        Page r1 = m.cache.readSwapCacheAsync(entry, null, 0);
        assertNotNull(r1);
        m.held.add(r1);
        assertTrue(pageLocked(r1), "locked until the read completes");
        assertTrue(pageSwapCache(r1));
        assertFalse(pageUptodate(r1));
        assertEquals(entry, pagePrivate(r1));
        assertEquals(2, m.swapMap(entry), "the pte's and the cache's");
        assertEquals(1, disk.pending());
        assertEquals(1, m.pa.vmstat().vmEvent(VmEventItem.PSWPIN));

        Page r2 = m.cache.readSwapCacheAsync(entry, null, 0);
        m.held.add(r2);
        assertSame(r1, r2);
        assertEquals(1, disk.pending(), "one read");
        assertEquals(1, m.pa.vmstat().vmEvent(VmEventItem.PSWPIN));
        assertEquals(2, m.swapMap(entry));
        m.swap.lruAddDrain();
        assertEquals(3, pageCount(r1), "two callers and the cache");
        assertTrue(PageFlags.pageActive(r1), "lru_cache_add_active");

        disk.completeNext();
        assertTrue(pageUptodate(r1));
        assertFalse(pageLocked(r1));
        assertArrayEquals(data, m.frame(r1));
        SwapCacheInfo info = m.cache.swapCacheInfo();
        assertEquals(1, info.addTotal);
        assertEquals(0, info.findTotal, "read_swap_cache_async does not count its lookups");
        assertEquals(0, info.noentRace + info.existRace);
    }

    @Test
    void readSwapCacheAsync_freeEntryReturnsNullCountsNoentRaceAndKeepsNoPage() {
        ManualDevice disk = boot("mem=16M").manualArea("hda", 0, AREA_PAGES);
        int entry = m.sf.getSwapPage();
        m.sf.swapFree(entry);
        long free = m.pa.nrFreePages();
        assertNull(m.cache.readSwapCacheAsync(entry, null, 0));
        assertEquals(1, m.cache.swapCacheInfo().noentRace);
        assertEquals(0, disk.pending());
        assertEquals(free, m.pa.nrFreePages(), "the new page was released");
        assertEquals(0, m.swapMap(entry));
    }

    /** The entry is freed between the reader's cache miss and its swap_duplicate. */
    @Test
    void readSwapCacheAsync_entryFreedUnderARacingReaderCountsNoentRace() throws Exception {
        ManualDevice disk = boot("mem=16M swapfile=gated").manualArea("hda", 0, AREA_PAGES);
        int entry = m.slotHolding(disk, random(16));
        CountDownLatch atGate = new CountDownLatch(1);
        CountDownLatch freed = new CountDownLatch(1);
        AtomicReference<Thread> reader = new AtomicReference<>();
        m.k.gate().set((method, args) -> {
            if (Thread.currentThread() == reader.get() && method.equals("swapDuplicate")) {
                atGate.countDown();
                await(freed);
            }
            return null;
        });
        AtomicReference<Page> got = new AtomicReference<>();
        AtomicBoolean returned = new AtomicBoolean();
        Thread t = new Thread(() -> {
            got.set(m.cache.readSwapCacheAsync(entry, null, 0));
            returned.set(true);
        }, "reader");
        reader.set(t);
        t.start();
        await(atGate);
        m.dropPteRef(entry); // the pte is zapped: the slot is free now
        freed.countDown();
        t.join();
        m.k.gate().set(null);
        assertTrue(returned.get());
        assertNull(got.get());
        assertEquals(1, m.cache.swapCacheInfo().noentRace);
        assertEquals(0, m.cache.swapCacheInfo().addTotal);
        assertEquals(0, disk.pending());
        assertEquals(0, m.swapMap(entry));
    }

    /**
     * Two readers of one entry: the second misses the cache, then is held before its
     * swap_duplicate while the first inserts its page and starts the read. The second's
     * insertion meets -EEXIST (exist_race), it gives back its slot reference, looks again
     * and returns the first reader's page: one page, one read.
     */
    @Test
    void readSwapCacheAsync_twoRacingReadersLoseTheInsertionOnceAndShareOnePage() throws Exception {
        ManualDevice disk = boot("mem=16M swapfile=gated").manualArea("hda", 0, AREA_PAGES);
        byte[] data = random(17);
        int entry = m.slotHolding(disk, data);
        CountDownLatch atGate = new CountDownLatch(1);
        CountDownLatch firstDone = new CountDownLatch(1);
        AtomicReference<Thread> second = new AtomicReference<>();
        AtomicBoolean once = new AtomicBoolean();
        m.k.gate().set((method, args) -> {
            if (Thread.currentThread() == second.get() && method.equals("swapDuplicate") && once.compareAndSet(false, true)) {
                atGate.countDown();
                await(firstDone);
            }
            return null;
        });
        AtomicReference<Page> got = new AtomicReference<>();
        Thread t = new Thread(() -> got.set(m.cache.readSwapCacheAsync(entry, null, 0)), "second reader");
        second.set(t);
        long free = m.pa.nrFreePages();
        t.start();
        await(atGate);
        Page first = m.cache.readSwapCacheAsync(entry, null, 0);
        m.held.add(first);
        assertEquals(1, disk.pending());
        firstDone.countDown();
        t.join();
        m.k.gate().set(null);
        m.held.add(got.get());
        assertSame(first, got.get());
        assertEquals(1, disk.pending(), "one read");
        SwapCacheInfo info = m.cache.swapCacheInfo();
        assertEquals(1, info.existRace);
        assertEquals(0, info.noentRace);
        assertEquals(1, info.addTotal);
        assertEquals(2, m.swapMap(entry), "the loser's reference went back");
        assertEquals(free - 1, m.pa.nrFreePages(), "the loser's page was released");
        disk.completeNext();
        assertTrue(pageUptodate(first));
        assertArrayEquals(data, m.frame(first));
    }

    /**
     * Unscripted: several threads fault on the same entries at once. Each entry ends with one
     * page in the cache and one read, every thread gets that page, and the insertions lost
     * show up as exist_race.
     */
    @Test
    void readSwapCacheAsync_manyConcurrentReadersOfEachEntryStartOneRead() throws Exception {
        long seed = seed();
        ManualDevice disk = boot("mem=16M maxcpus=4").manualArea("hda", 0, AREA_PAGES);
        int threads = 4;
        int entries = 16;
        int[] entry = new int[entries];
        byte[][] data = new byte[entries][];
        for (int i = 0; i < entries; i++) {
            data[i] = random(seed + i);
            entry[i] = m.slotHolding(disk, data[i]);
        }
        Page[][] got = new Page[threads][entries];
        CyclicBarrier barrier = new CyclicBarrier(threads);
        Thread[] ts = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int cpu = t;
            ts[t] = new Thread(() -> {
                m.k.current().current().cpu = cpu;
                try {
                    for (int i = 0; i < entries; i++) {
                        barrier.await(30, TimeUnit.SECONDS);
                        got[cpu][i] = m.cache.readSwapCacheAsync(entry[i], null, 0);
                    }
                    m.swap.lruAddDrain();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }, "fault-" + t);
            ts[t].start();
        }
        for (Thread t : ts) {
            t.join();
        }
        assertEquals(entries, disk.pending(), "one read per entry");
        for (int i = 0; i < entries; i++) {
            for (int t = 0; t < threads; t++) {
                assertNotNull(got[t][i]);
                assertSame(got[0][i], got[t][i], "entry " + i + ": thread " + t);
                m.held.add(got[t][i]);
            }
            assertEquals(2, m.swapMap(entry[i]));
            assertEquals(threads + 1, pageCount(got[0][i]), "every caller and the cache");
        }
        disk.completeAll();
        for (int i = 0; i < entries; i++) {
            assertTrue(pageUptodate(got[0][i]));
            assertArrayEquals(data[i], m.frame(got[0][i]));
        }
        SwapCacheInfo info = m.cache.swapCacheInfo();
        assertEquals(entries, info.addTotal);
        assertEquals(0, info.noentRace);
        System.out.println("SwapStateTest: " + info.existRace + " insertion(s) lost to a racing reader");
    }
}
