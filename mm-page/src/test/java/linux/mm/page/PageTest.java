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
        clearPageReservedRaw(p);
        return p;
    }

    @Test
    void memmapInitZone_leavesPageReservedWithOneReference() {
        Page p = new Page(0x1234, 2, swapper);
        assertEquals(0x1234, p.pfn);
        assertEquals(2, pageZonenum(p));
        assertEquals(1, pageCount(p));
        assertEquals(0, pageMapcount(p));
        assertEquals(-1, rawMapcount(p));
        assertFalse(pageMapped(p));
        assertEquals(1 << PG_reserved, pageFlagBits(p));
        assertEquals(2 << 30 | 1 << PG_reserved, p.flags());
        assertNull(p.mapping);
        assertEquals(0, Page.pagePrivate(p));
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
        getPage(p);
        pageCacheGet(p);
        assertEquals(3, pageCount(p));
        assertFalse(putPageTestzero(p));
        assertFalse(putPageTestzero(p));
        assertTrue(putPageTestzero(p), "last reference");
        assertEquals(0, pageCount(p));
    }

    @Test
    void putPageTestzero_onFreePageIsVmBug() {
        Page p = allocated(1);
        setPageCount(p, 0);
        assertThrows(AssertionError.class, () -> putPageTestzero(p));
        assertEquals(0, pageCount(p), "the VM_BUG_ON fires before the count is dropped");
    }

    @Test
    void getPage_onFreePageIsVmBug() {
        Page p = allocated(1);
        setPageCount(p, 0);
        assertThrows(AssertionError.class, () -> getPage(p));
        assertEquals(0, pageCount(p), "the VM_BUG_ON fires before the count is raised");
    }

    @Test
    void getPageUnlessZero_refusesFreePage() {
        Page p = allocated(1);
        assertTrue(getPageUnlessZero(p));
        assertEquals(2, pageCount(p));
        setPageCount(p, 0);
        assertFalse(getPageUnlessZero(p));
        assertEquals(0, pageCount(p));
        initPageCount(p);
        assertEquals(1, pageCount(p));
    }

    @Test
    void mapcount_helpersFollowTheKernelsTransitions() {
        Page p = allocated(1);
        assertTrue(atomicIncAndTestMapcount(p), "-1 -> 0 is the first mapping");
        assertTrue(pageMapped(p));
        assertEquals(1, pageMapcount(p));
        assertFalse(atomicIncAndTestMapcount(p));
        RmapOps.pageDupRmap(p);
        assertEquals(3, pageMapcount(p));
        assertFalse(atomicAddNegativeMapcount(p, -1));
        assertFalse(atomicAddNegativeMapcount(p, -1));
        assertTrue(atomicAddNegativeMapcount(p, -1), "0 -> -1 is the last unmapping");
        assertFalse(pageMapped(p));
        atomicSetMapcount(p, 0);
        assertEquals(1, pageMapcount(p));
        resetPageMapcount(p);
        assertEquals(0, pageMapcount(p));
        assertEquals(-1, rawMapcount(p));
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
                    getPage(p);
                    atomicIncMapcount(p);
                }
                for (int i = 0; i < rounds; i++) {
                    putPageTestzero(p);
                }
            });
            ts.add(th);
            th.start();
        }
        for (Thread th : ts) {
            th.join();
        }
        assertEquals(1, pageCount(p));
        assertEquals(threads * rounds, pageMapcount(p));
    }

    @Test
    void pageAnon_isTheAnonVmaMapping() {
        Page p = allocated(1);
        assertFalse(pageAnon(p));
        AnonVma av = new AnonVma();
        p.mapping = av;
        assertTrue(pageAnon(p));
        assertSame(av, pageAnonVma(p));
        AddressSpace file = new AddressSpace("file", 0);
        p.mapping = file;
        assertFalse(pageAnon(p));
        assertNull(pageAnonVma(p));
    }

    @Test
    void pageMapping_anonIsNullFileIsMappingSwapCacheIsSwapper() {
        Page p = allocated(1);
        assertNull(pageMapping(p), "no mapping");
        p.mapping = new AnonVma();
        assertNull(pageMapping(p), "anon page not in swap cache");
        setPageSwapCache(p);
        setPagePrivate(p, 0x08000005);
        assertSame(swapper, pageMapping(p), "anon page in swap cache");
        p.mapping = null;
        assertSame(swapper, pageMapping(p), "readahead page never mapped");
        clearPageSwapCache(p);
        AddressSpace file = new AddressSpace("file", 0);
        p.mapping = file;
        assertSame(file, pageMapping(p));
    }

    @Test
    void pageIndex_isPrivateForSwapCacheElseIndex() {
        Page p = allocated(1);
        p.index = 0x42;
        setPagePrivate(p, 0xF8000001);
        assertEquals(0x42, pageIndex(p));
        setPageSwapCache(p);
        assertEquals(0xF8000001, pageIndex(p), "swp_entry with the top bit set stays intact");
        assertEquals(0xF8000001, Page.pagePrivate(p));
    }

    @Test
    void setPageZone_rewritesOnlyTheZoneField() {
        Page p = allocated(1);
        setPageDirty(p);
        setPageZone(p, 2);
        assertEquals(2, pageZonenum(p));
        assertTrue(pageDirty(p));
        assertEquals(1 << PG_dirty, pageFlagBits(p));
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
        setPageLocked(p);
        assertEquals("page(pfn=16, flags=locked, zone=1, _count=1, _mapcount=-1)", p.toString());
    }
}
