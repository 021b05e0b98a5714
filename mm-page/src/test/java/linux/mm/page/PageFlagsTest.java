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
        __ClearPageReserved(p);
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
        l.add(new Acc("Locked", PG_locked, PageFlags::PageLocked, PageFlags::SetPageLocked, PageFlags::ClearPageLocked));
        l.add(new Acc("Error", PG_error, PageFlags::PageError, PageFlags::SetPageError, PageFlags::ClearPageError));
        l.add(new Acc("Referenced", PG_referenced, PageFlags::PageReferenced, PageFlags::SetPageReferenced,
                PageFlags::ClearPageReferenced));
        l.add(new Acc("Uptodate", PG_uptodate, PageFlags::PageUptodate, PageFlags::SetPageUptodate,
                PageFlags::ClearPageUptodate));
        l.add(new Acc("Dirty", PG_dirty, PageFlags::PageDirty, PageFlags::SetPageDirty, PageFlags::ClearPageDirty));
        l.add(new Acc("LRU", PG_lru, PageFlags::PageLRU, PageFlags::SetPageLRU, PageFlags::ClearPageLRU));
        l.add(new Acc("Active", PG_active, PageFlags::PageActive, PageFlags::SetPageActive, PageFlags::ClearPageActive));
        l.add(new Acc("Slab", PG_slab, PageFlags::PageSlab, PageFlags::__SetPageSlab, PageFlags::__ClearPageSlab));
        l.add(new Acc("Checked", PG_checked, PageFlags::PageChecked, PageFlags::SetPageChecked,
                PageFlags::ClearPageChecked));
        l.add(new Acc("Reserved", PG_reserved, PageFlags::PageReserved, PageFlags::SetPageReserved,
                PageFlags::ClearPageReserved));
        l.add(new Acc("Private", PG_private, PageFlags::PagePrivate, PageFlags::SetPagePrivate,
                PageFlags::ClearPagePrivate));
        l.add(new Acc("Writeback", PG_writeback, PageFlags::PageWriteback, PageFlags::SetPageWriteback,
                PageFlags::ClearPageWriteback));
        l.add(new Acc("Nosave", PG_nosave, PageFlags::PageNosave, PageFlags::SetPageNosave, PageFlags::ClearPageNosave));
        l.add(new Acc("Compound", PG_compound, PageFlags::PageCompound, PageFlags::__SetPageCompound,
                PageFlags::__ClearPageCompound));
        l.add(new Acc("SwapCache", PG_swapcache, PageFlags::PageSwapCache, PageFlags::SetPageSwapCache,
                PageFlags::ClearPageSwapCache));
        l.add(new Acc("MappedToDisk", PG_mappedtodisk, PageFlags::PageMappedToDisk, PageFlags::SetPageMappedToDisk,
                PageFlags::ClearPageMappedToDisk));
        l.add(new Acc("Reclaim", PG_reclaim, PageFlags::PageReclaim, PageFlags::SetPageReclaim,
                PageFlags::ClearPageReclaim));
        l.add(new Acc("NosaveFree", PG_nosave_free, PageFlags::PageNosaveFree, PageFlags::SetPageNosaveFree,
                PageFlags::ClearPageNosaveFree));
        l.add(new Acc("Buddy", PG_buddy, PageFlags::PageBuddy, PageFlags::__SetPageBuddy, PageFlags::__ClearPageBuddy));
        return l;
    }

    @Test
    void bitOps_carryTheKernelNamesTheyMirror() throws ReflectiveOperationException {
        String[] names = {"test_bit", "set_bit", "clear_bit", "test_and_set_bit", "test_and_clear_bit"};
        for (String name : names) {
            Mirrors m = PageFlags.class.getDeclaredMethod(name, int.class, Page.class).getAnnotation(Mirrors.class);
            assertNotNull(m, name + " lacks @Mirrors");
            assertEquals(name, m.value());
        }
        Mirrors bugOn = KernelBug.class.getDeclaredMethod("BUG_ON", boolean.class, String.class)
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
            assertEquals(1 << a.bit(), page_flag_bits(p), a.name() + " sets only bit " + a.bit());
            assertEquals(2, Page.page_zonenum(p), a.name() + " keeps the zone");
            assertEquals((2 << Page.ZONES_PGSHIFT) | (1 << a.bit()), p.flags(), a.name());
            a.clear().accept(p);
            assertFalse(a.test().test(p), a.name());
            assertEquals(0, page_flag_bits(p), a.name());
            assertEquals(2, Page.page_zonenum(p));
        }
    }

    @Test
    void underscoreVariants_clearTheirBits() {
        Page p = page(1);
        SetPageDirty(p);
        SetPageLRU(p);
        SetPageActive(p);
        SetPageReserved(p);
        __SetPagePrivate(p);
        __ClearPageDirty(p);
        __ClearPageLRU(p);
        __ClearPageActive(p);
        __ClearPageReserved(p);
        assertEquals(1 << PG_private, page_flag_bits(p));
        __ClearPagePrivate(p);
        assertEquals(0, page_flag_bits(p));
    }

    @Test
    void testSetPageLocked_returnsOldBit() {
        Page p = page(1);
        assertFalse(TestSetPageLocked(p));
        assertTrue(PageLocked(p));
        assertTrue(TestSetPageLocked(p));
        assertTrue(TestClearPageLocked(p));
        assertFalse(PageLocked(p));
        assertFalse(TestClearPageLocked(p));
    }

    @Test
    void testAndSetVariants_returnOldBit() {
        Page p = page(1);
        assertFalse(TestSetPageDirty(p));
        assertTrue(TestSetPageDirty(p));
        assertTrue(TestClearPageDirty(p));
        assertFalse(TestClearPageDirty(p));

        assertFalse(TestSetPageWriteback(p));
        assertTrue(TestSetPageWriteback(p));
        assertTrue(TestClearPageWriteback(p));
        assertFalse(TestClearPageWriteback(p));

        SetPageReferenced(p);
        assertTrue(TestClearPageReferenced(p));
        assertFalse(TestClearPageReferenced(p));

        SetPageReclaim(p);
        assertTrue(TestClearPageReclaim(p));
        assertFalse(TestClearPageReclaim(p));

        assertFalse(TestSetPageNosave(p));
        assertTrue(TestClearPageNosave(p));
        assertEquals(0, page_flag_bits(p));
    }

    @Test
    void pageHighMem_followsZoneNumber() {
        assertFalse(PageHighMem(page(0)));
        assertFalse(PageHighMem(page(1)));
        assertTrue(PageHighMem(page(2)));
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
                    set_bit(bit, p);
                    if (!test_bit(bit, p)) {
                        throw new IllegalStateException("bit " + bit + " lost");
                    }
                    clear_bit(bit, p);
                }
                set_bit(bit, p);
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
        assertEquals(want, page_flag_bits(p));
        assertEquals(2, Page.page_zonenum(p));
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
                    while (TestSetPageLocked(p)) {
                        Thread.onSpinWait();
                    }
                    counter[0]++;
                    if (!TestClearPageLocked(p)) {
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
        assertFalse(PageLocked(p));
    }

    @Test
    void clearFlags_leavesZoneAlone() {
        Page p = page(2);
        SetPageUptodate(p);
        SetPageError(p);
        SetPageDirty(p);
        clear_flags(p, -1);
        assertEquals(0, page_flag_bits(p));
        assertEquals(2, Page.page_zonenum(p));
    }
}
