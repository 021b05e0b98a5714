package linux.mm.page;

import linux.kernel.KernelBug;

import static linux.mm.page.PageFlags.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.function.Consumer;
import java.util.function.Predicate;
import linux.kernel.Mirrors;
import org.junit.jupiter.api.Test;

class PageFlagsTest {

    private final AddressSpace swapper = AddressSpace.newSwapperSpace();

    /** A page as the allocator hands it out: count 1, no flags, zone 1. */
    private Page page(int zone) {
        Page p = new Page(7, zone, swapper);
        clearPageReservedRaw(p);
        return p;
    }

    @Test
    void pageFlags_bitNumbersAreThoseOf2620() {
        int[] bits = {PG_locked, PG_error, PG_referenced, PG_uptodate, PG_dirty, PG_lru, PG_active, PG_slab,
            PG_checked, PG_arch_1, PG_reserved, PG_private, PG_writeback, PG_nosave, PG_compound, PG_swapcache,
            PG_mappedtodisk, PG_reclaim, PG_nosave_free, PG_buddy};
        for (int i = 0; i < bits.length; i++) {
            assertEquals(i, bits[i], "flag number " + i);
        }
        assertEquals(20, NR_PAGEFLAGS);
    }

    private record Acc(String name, int bit, Predicate<Page> test, Consumer<Page> set, Consumer<Page> clear) {
    }

    private static List<Acc> accessors() {
        List<Acc> l = new ArrayList<>();
        l.add(new Acc("Locked", PG_locked, PageFlags::pageLocked, PageFlags::setPageLocked, PageFlags::clearPageLocked));
        l.add(new Acc("Error", PG_error, PageFlags::pageError, PageFlags::setPageError, PageFlags::clearPageError));
        l.add(new Acc("Referenced", PG_referenced, PageFlags::pageReferenced, PageFlags::setPageReferenced,
                PageFlags::clearPageReferenced));
        l.add(new Acc("Uptodate", PG_uptodate, PageFlags::pageUptodate, PageFlags::setPageUptodate,
                PageFlags::clearPageUptodate));
        l.add(new Acc("Dirty", PG_dirty, PageFlags::pageDirty, PageFlags::setPageDirty, PageFlags::clearPageDirty));
        l.add(new Acc("LRU", PG_lru, PageFlags::pageLRU, PageFlags::setPageLRU, PageFlags::clearPageLRU));
        l.add(new Acc("Active", PG_active, PageFlags::pageActive, PageFlags::setPageActive, PageFlags::clearPageActive));
        l.add(new Acc("Slab", PG_slab, PageFlags::pageSlab, PageFlags::setPageSlabRaw, PageFlags::clearPageSlabRaw));
        l.add(new Acc("Checked", PG_checked, PageFlags::pageChecked, PageFlags::setPageChecked,
                PageFlags::clearPageChecked));
        l.add(new Acc("Reserved", PG_reserved, PageFlags::pageReserved, PageFlags::setPageReserved,
                PageFlags::clearPageReserved));
        l.add(new Acc("Private", PG_private, PageFlags::pagePrivate, PageFlags::setPagePrivate,
                PageFlags::clearPagePrivate));
        l.add(new Acc("Writeback", PG_writeback, PageFlags::pageWriteback, PageFlags::setPageWriteback,
                PageFlags::clearPageWriteback));
        l.add(new Acc("Nosave", PG_nosave, PageFlags::pageNosave, PageFlags::setPageNosave, PageFlags::clearPageNosave));
        l.add(new Acc("Compound", PG_compound, PageFlags::pageCompound, PageFlags::setPageCompoundRaw,
                PageFlags::clearPageCompoundRaw));
        l.add(new Acc("SwapCache", PG_swapcache, PageFlags::pageSwapCache, PageFlags::setPageSwapCache,
                PageFlags::clearPageSwapCache));
        l.add(new Acc("MappedToDisk", PG_mappedtodisk, PageFlags::pageMappedToDisk, PageFlags::setPageMappedToDisk,
                PageFlags::clearPageMappedToDisk));
        l.add(new Acc("Reclaim", PG_reclaim, PageFlags::pageReclaim, PageFlags::setPageReclaim,
                PageFlags::clearPageReclaim));
        l.add(new Acc("NosaveFree", PG_nosave_free, PageFlags::pageNosaveFree, PageFlags::setPageNosaveFree,
                PageFlags::clearPageNosaveFree));
        l.add(new Acc("Buddy", PG_buddy, PageFlags::pageBuddy, PageFlags::setPageBuddyRaw, PageFlags::clearPageBuddyRaw));
        return l;
    }

    @Test
    void bitOps_carryTheKernelNamesTheyMirror() throws ReflectiveOperationException {
        String[][] names = {{"test_bit", "testBit"}, {"set_bit", "setBit"}, {"clear_bit", "clearBit"},
            {"test_and_set_bit", "testAndSetBit"}, {"test_and_clear_bit", "testAndClearBit"}};
        for (String[] kernelAndJava : names) {
            String name = kernelAndJava[0];
            Mirrors m = PageFlags.class.getDeclaredMethod(kernelAndJava[1], int.class, Page.class).getAnnotation(Mirrors.class);
            assertNotNull(m, name + " lacks @Mirrors");
            assertEquals(name, m.value());
        }
        Mirrors bugOn = KernelBug.class.getDeclaredMethod("bugOn", boolean.class, String.class)
                .getAnnotation(Mirrors.class);
        assertNotNull(bugOn, "BUG_ON lacks @Mirrors");
        assertEquals("BUG_ON", bugOn.value());
        Mirrors fls = Vmstat.class.getDeclaredMethod("fls", long.class).getAnnotation(Mirrors.class);
        assertNotNull(fls, "Vmstat.fls lacks @Mirrors");
        assertEquals("fls", fls.value());
    }

    @Test
    void setPageX_setsExactlyItsOwnBitAndKeepsTheZone() {
        for (Acc a : accessors()) {
            Page p = page(2);
            assertFalse(a.test().test(p), a.name());
            a.set().accept(p);
            assertTrue(a.test().test(p), a.name());
            assertEquals(1 << a.bit(), pageFlagBits(p), a.name() + " sets only bit " + a.bit());
            assertEquals(2, Page.pageZonenum(p), a.name() + " keeps the zone");
            assertEquals((2 << Page.ZONES_PGSHIFT) | (1 << a.bit()), p.flags(), a.name());
            a.clear().accept(p);
            assertFalse(a.test().test(p), a.name());
            assertEquals(0, pageFlagBits(p), a.name());
            assertEquals(2, Page.pageZonenum(p));
        }
    }

    @Test
    void underscoreVariants_clearTheirBits() {
        Page p = page(1);
        setPageDirty(p);
        setPageLRU(p);
        setPageActive(p);
        setPageReserved(p);
        setPagePrivateRaw(p);
        clearPageDirtyRaw(p);
        clearPageLRURaw(p);
        clearPageActiveRaw(p);
        clearPageReservedRaw(p);
        assertEquals(1 << PG_private, pageFlagBits(p));
        clearPagePrivateRaw(p);
        assertEquals(0, pageFlagBits(p));
    }

    @Test
    void testSetPageLocked_returnsOldBit() {
        Page p = page(1);
        assertFalse(testSetPageLocked(p));
        assertTrue(pageLocked(p));
        assertTrue(testSetPageLocked(p));
        assertTrue(testClearPageLocked(p));
        assertFalse(pageLocked(p));
        assertFalse(testClearPageLocked(p));
    }

    @Test
    void testAndSetVariants_returnOldBit() {
        Page p = page(1);
        assertFalse(testSetPageDirty(p));
        assertTrue(testSetPageDirty(p));
        assertTrue(testClearPageDirty(p));
        assertFalse(testClearPageDirty(p));

        assertFalse(testSetPageWriteback(p));
        assertTrue(testSetPageWriteback(p));
        assertTrue(testClearPageWriteback(p));
        assertFalse(testClearPageWriteback(p));

        setPageReferenced(p);
        assertTrue(testClearPageReferenced(p));
        assertFalse(testClearPageReferenced(p));

        setPageReclaim(p);
        assertTrue(testClearPageReclaim(p));
        assertFalse(testClearPageReclaim(p));

        assertFalse(testSetPageNosave(p));
        assertTrue(testClearPageNosave(p));
        assertEquals(0, pageFlagBits(p));
    }

    @Test
    void pageHighMem_followsZoneNumber() {
        assertFalse(pageHighMem(page(0)));
        assertFalse(pageHighMem(page(1)));
        assertTrue(pageHighMem(page(2)));
    }

    @Test
    void describe_namesSetBits() {
        assertEquals("0", describe(0));
        assertEquals("locked|dirty|lru|swapcache", describe(1 << PG_locked | 1 << PG_dirty | 1 << PG_lru | 1 << PG_swapcache));
        assertEquals("buddy|bit25", describe(1 << PG_buddy | 1 << 25));
    }

    @Test
    void setBit_isAtomicAgainstOtherBitsOnOtherThreads() throws Exception {
        // Each thread toggles its own bit many times; a lost update would leave a bit wrong
        // or disturb another thread's bit or the zone field.
        Page p = page(2);
        int threads = 6;
        int rounds = 20_000;
        CyclicBarrier start = new CyclicBarrier(threads);
        List<Thread> ts = new ArrayList<>();
        int[] bits = {PG_error, PG_referenced, PG_uptodate, PG_dirty, PG_active, PG_reclaim};
        for (int t = 0; t < threads; t++) {
            int bit = bits[t];
            Thread th = new Thread(() -> {
                try {
                    start.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                for (int i = 0; i < rounds; i++) {
                    setBit(bit, p);
                    if (!testBit(bit, p)) {
                        throw new IllegalStateException("bit " + bit + " lost");
                    }
                    clearBit(bit, p);
                }
                setBit(bit, p);
            });
            ts.add(th);
            th.start();
        }
        for (Thread th : ts) {
            th.join();
        }
        int want = 0;
        for (int b : bits) {
            want |= 1 << b;
        }
        assertEquals(want, pageFlagBits(p));
        assertEquals(2, Page.pageZonenum(p));
    }

    @Test
    void testSetPageLocked_excludesOtherThreads() throws Exception {
        // TestSetPageLocked as a trylock: a non-atomic counter updated only while holding the
        // bit must end exact.
        Page p = page(1);
        int threads = 4;
        int rounds = 20_000;
        int[] counter = {0};
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread th = new Thread(() -> {
                for (int i = 0; i < rounds; i++) {
                    while (testSetPageLocked(p)) {
                        Thread.onSpinWait();
                    }
                    counter[0]++;
                    if (!testClearPageLocked(p)) {
                        throw new IllegalStateException("lock bit vanished");
                    }
                }
            });
            ts.add(th);
            th.start();
        }
        for (Thread th : ts) {
            th.join();
        }
        assertEquals(threads * rounds, counter[0]);
        assertFalse(pageLocked(p));
    }

    @Test
    void clearFlags_leavesZoneAlone() {
        Page p = page(2);
        setPageUptodate(p);
        setPageError(p);
        setPageDirty(p);
        clearFlags(p, -1);
        assertEquals(0, pageFlagBits(p));
        assertEquals(2, Page.pageZonenum(p));
    }
}
