package linux.mm.page;

import static linux.mm.page.Page.*;
import static linux.mm.page.PageFlags.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PageTest {

    private final AddressSpace swapper = AddressSpace.newSwapperSpace();

    private Page allocated(int pfn) {
        Page p = new Page(pfn, 1, swapper);
        __ClearPageReserved(p);
        return p;
    }

    @Test
    void memmapInitZone_leavesPageReservedWithOneReference() {
        Page p = new Page(0x1234, 2, swapper);
        assertEquals(0x1234, p.pfn);
        assertEquals(2, page_zonenum(p));
        assertEquals(1, page_count(p));
        assertEquals(0, page_mapcount(p));
        assertEquals(-1, raw_mapcount(p));
        assertFalse(page_mapped(p));
        assertEquals(1 << PG_reserved, page_flag_bits(p));
        assertEquals(2 << 30 | 1 << PG_reserved, p.flags());
        assertNull(p.mapping);
        assertEquals(0, page_private(p));
        assertSame(swapper, p.swapperSpace());
    }

    @Test
    void memmapInitZone_rejectsUnknownZone() {
        assertThrows(IllegalArgumentException.class, () -> new Page(1, 3, swapper));
        assertThrows(IllegalArgumentException.class, () -> new Page(1, -1, swapper));
        assertThrows(IllegalArgumentException.class, () -> new Page(1, 0, null));
    }

    @Test
    void getPage_and_putPageTestzero_countReferences() {
        Page p = allocated(1);
        get_page(p);
        page_cache_get(p);
        assertEquals(3, page_count(p));
        assertFalse(put_page_testzero(p));
        assertFalse(put_page_testzero(p));
        assertTrue(put_page_testzero(p), "last reference");
        assertEquals(0, page_count(p));
    }

    @Test
    void putPageTestzero_onFreePageIsVmBug() {
        Page p = allocated(1);
        set_page_count(p, 0);
        assertThrows(AssertionError.class, () -> put_page_testzero(p));
    }

    @Test
    void getPageUnlessZero_refusesFreePage() {
        Page p = allocated(1);
        assertTrue(get_page_unless_zero(p));
        assertEquals(2, page_count(p));
        set_page_count(p, 0);
        assertFalse(get_page_unless_zero(p));
        assertEquals(0, page_count(p));
        init_page_count(p);
        assertEquals(1, page_count(p));
    }

    @Test
    void mapcount_helpersFollowTheKernelsTransitions() {
        Page p = allocated(1);
        assertTrue(atomic_inc_and_test_mapcount(p), "-1 -> 0 is the first mapping");
        assertTrue(page_mapped(p));
        assertEquals(1, page_mapcount(p));
        assertFalse(atomic_inc_and_test_mapcount(p));
        RmapOps.page_dup_rmap(p);
        assertEquals(3, page_mapcount(p));
        assertFalse(atomic_add_negative_mapcount(p, -1));
        assertFalse(atomic_add_negative_mapcount(p, -1));
        assertTrue(atomic_add_negative_mapcount(p, -1), "0 -> -1 is the last unmapping");
        assertFalse(page_mapped(p));
        atomic_set_mapcount(p, 0);
        assertEquals(1, page_mapcount(p));
        reset_page_mapcount(p);
        assertEquals(0, page_mapcount(p));
        assertEquals(-1, raw_mapcount(p));
    }

    @Test
    void getPage_isAtomicAcrossThreads() throws Exception {
        Page p = allocated(1);
        int threads = 4;
        int rounds = 50_000;
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread th = new Thread(() -> {
                for (int i = 0; i < rounds; i++) {
                    get_page(p);
                    atomic_inc_mapcount(p);
                }
                for (int i = 0; i < rounds; i++) {
                    put_page_testzero(p);
                }
            });
            ts.add(th);
            th.start();
        }
        for (Thread th : ts) {
            th.join();
        }
        assertEquals(1, page_count(p));
        assertEquals(threads * rounds, page_mapcount(p));
    }

    @Test
    void pageAnon_isTheAnonVmaMapping() {
        Page p = allocated(1);
        assertFalse(PageAnon(p));
        AnonVma av = new AnonVma();
        p.mapping = av;
        assertTrue(PageAnon(p));
        assertSame(av, page_anon_vma(p));
        AddressSpace file = new AddressSpace("file", 0);
        p.mapping = file;
        assertFalse(PageAnon(p));
        assertNull(page_anon_vma(p));
    }

    @Test
    void pageMapping_anonIsNullFileIsMappingSwapCacheIsSwapper() {
        Page p = allocated(1);
        assertNull(page_mapping(p), "no mapping");
        p.mapping = new AnonVma();
        assertNull(page_mapping(p), "anon page not in swap cache");
        SetPageSwapCache(p);
        set_page_private(p, 0x08000005);
        assertSame(swapper, page_mapping(p), "anon page in swap cache");
        p.mapping = null;
        assertSame(swapper, page_mapping(p), "readahead page never mapped");
        ClearPageSwapCache(p);
        AddressSpace file = new AddressSpace("file", 0);
        p.mapping = file;
        assertSame(file, page_mapping(p));
    }

    @Test
    void pageIndex_isPrivateForSwapCacheElseIndex() {
        Page p = allocated(1);
        p.index = 0x42;
        set_page_private(p, 0xF8000001);
        assertEquals(0x42, page_index(p));
        SetPageSwapCache(p);
        assertEquals(0xF8000001, page_index(p), "swp_entry with the top bit set stays intact");
        assertEquals(0xF8000001, page_private(p));
    }

    @Test
    void setPageZone_rewritesOnlyTheZoneField() {
        Page p = allocated(1);
        SetPageDirty(p);
        set_page_zone(p, 2);
        assertEquals(2, page_zonenum(p));
        assertTrue(PageDirty(p));
        assertEquals(1 << PG_dirty, page_flag_bits(p));
    }

    @Test
    void listAdd_and_listAddTail_keepHeadAndTailOrder() {
        Page head = listHead();
        assertTrue(listEmpty(head));
        Page a = allocated(1);
        Page b = allocated(2);
        Page c = allocated(3);
        listAdd(a, head);
        listAdd(b, head);
        listAddTail(c, head);
        assertEquals(List.of(2, 1, 3), pfns(head));
        listMoveTail(b, head);
        assertEquals(List.of(1, 3, 2), pfns(head));
        listMove(c, head);
        assertEquals(List.of(3, 1, 2), pfns(head));
        listDel(a);
        assertEquals(List.of(3, 2), pfns(head));
        assertSame(a, a.lruNext);
        assertTrue(head.isListHead());
        assertFalse(a.isListHead());
    }

    private static List<Integer> pfns(Page head) {
        List<Integer> out = new ArrayList<>();
        for (Page p = head.lruNext; p != head; p = p.lruNext) {
            assertSame(p, p.lruNext.lruPrev);
            out.add(p.pfn);
        }
        return out;
    }

    @Test
    void toString_showsKernelFields() {
        Page p = allocated(0x10);
        SetPageLocked(p);
        assertEquals("page(pfn=16, flags=locked, zone=1, _count=1, _mapcount=-1)", p.toString());
    }
}
