package linux.mm.page;

import linux.kernel.KernelBug;

import static linux.mm.page.AddressSpace.PAGECACHE_TAG_DIRTY;
import static linux.mm.page.AddressSpace.PAGECACHE_TAG_WRITEBACK;
import static linux.mm.page.PageFlags.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PageWritebackTest {

    private final AddressSpace swapper = AddressSpace.newSwapperSpace();
    private final List<String> events = new ArrayList<>();
    private final WritebackAccounting counting = new WritebackAccounting() {
        @Override
        public void incNrWriteback(Page page) {
            events.add("inc NR_WRITEBACK " + page.pfn);
        }

        @Override
        public void decNrWriteback(Page page) {
            events.add("dec NR_WRITEBACK " + page.pfn);
        }

        @Override
        public void incNrFileDirty(Page page) {
            events.add("inc NR_FILE_DIRTY " + page.pfn);
        }

        @Override
        public void decNrFileDirty(Page page) {
            events.add("dec NR_FILE_DIRTY " + page.pfn);
        }
    };
    private final PageWriteback wb = new PageWriteback(counting);

    private static final int ENTRY = 0x08000007;

    /** A page put in swap cache the way __add_to_swap_cache does. */
    private Page swapCachePage(int pfn) {
        Page p = new Page(pfn, 1, swapper);
        clearPageReservedRaw(p);
        swapper.treeLock.writeLock().lock();
        try {
            assertEquals(0, swapper.radixTreeInsert(ENTRY, p));
            Page.getPage(p);
            setPageLocked(p);
            setPageSwapCache(p);
            Page.setPagePrivate(p, ENTRY);
            swapper.nrpages++;
        } finally {
            swapper.treeLock.writeLock().unlock();
        }
        return p;
    }

    private boolean tagged(int tag) {
        swapper.treeLock.readLock().lock();
        try {
            return swapper.radixTreeTagGet(ENTRY, tag);
        } finally {
            swapper.treeLock.readLock().unlock();
        }
    }

    @Test
    void setPageDirty_swapCachePageGoesThroughAopsAndTagsDirty() {
        Page p = swapCachePage(1);
        List<Page> viaAops = new ArrayList<>();
        swapper.setAops(new AddressSpaceOperations() {
            @Override
            public int writepage(Page page, WritebackControl wbc) {
                return 0;
            }

            @Override
            public int setPageDirty(Page page) {
                viaAops.add(page);
                return wb.setPageDirtyNobuffers(page);
            }
        });
        assertEquals(1, wb.setPageDirty(p));
        assertTrue(pageDirty(p));
        assertTrue(tagged(PAGECACHE_TAG_DIRTY));
        assertEquals(0, wb.setPageDirty(p), "already dirty");
        assertEquals(List.of(p, p), viaAops);
        assertEquals(List.of(), events, "swapper_space does not account dirty pages");
    }

    @Test
    void setPageDirty_withoutMappingOnlySetsTheFlag() {
        Page p = new Page(2, 1, swapper);
        assertEquals(1, wb.setPageDirty(p));
        assertTrue(pageDirty(p));
        assertEquals(0, wb.setPageDirty(p));
    }

    @Test
    void setPageDirtyNobuffers_accountsForAccountingMapping() {
        AddressSpace file = new AddressSpace("file", 0);
        Page p = new Page(3, 1, swapper);
        p.mapping = file;
        p.index = 5;
        file.treeLock.writeLock().lock();
        try {
            file.radixTreeInsert(5, p);
        } finally {
            file.treeLock.writeLock().unlock();
        }
        assertEquals(1, wb.setPageDirtyNobuffers(p));
        assertEquals(List.of("inc NR_FILE_DIRTY 3"), events);
        assertEquals(1, wb.clearPageDirtyForIo(p));
        assertEquals(0, wb.clearPageDirtyForIo(p));
        assertEquals(List.of("inc NR_FILE_DIRTY 3", "dec NR_FILE_DIRTY 3"), events);
    }

    @Test
    void clearPageDirtyForIo_isTestClearPageDirtyForSwapCache() {
        Page p = swapCachePage(4);
        setPageDirty(p);
        assertEquals(1, wb.clearPageDirtyForIo(p));
        assertFalse(pageDirty(p));
        assertEquals(0, wb.clearPageDirtyForIo(p));
        assertEquals(List.of(), events);
    }

    @Test
    void testSetPageWriteback_tagsWritebackAndDropsDirtyTagOfCleanPage() {
        Page p = swapCachePage(5);
        wb.setPageDirtyNobuffers(p);
        assertTrue(tagged(PAGECACHE_TAG_DIRTY));
        wb.clearPageDirtyForIo(p);
        assertFalse(wb.testSetPageWriteback(p));
        assertTrue(pageWriteback(p));
        assertTrue(tagged(PAGECACHE_TAG_WRITEBACK));
        assertFalse(tagged(PAGECACHE_TAG_DIRTY), "clean page loses its DIRTY tag");
        assertTrue(wb.testSetPageWriteback(p), "second set reports the old bit");
        assertEquals(List.of("inc NR_WRITEBACK 5"), events, "counted once");
    }

    @Test
    void testSetPageWriteback_keepsDirtyTagOfRedirtiedPage() {
        Page p = swapCachePage(6);
        wb.setPageDirtyNobuffers(p);
        wb.setPageWriteback(p);
        assertTrue(tagged(PAGECACHE_TAG_DIRTY));
        assertTrue(tagged(PAGECACHE_TAG_WRITEBACK));
    }

    @Test
    void testClearPageWriteback_dropsTagAndCounts() {
        Page p = swapCachePage(7);
        wb.setPageWriteback(p);
        assertTrue(wb.testClearPageWriteback(p));
        assertFalse(pageWriteback(p));
        assertFalse(tagged(PAGECACHE_TAG_WRITEBACK));
        assertFalse(wb.testClearPageWriteback(p));
        assertEquals(List.of("inc NR_WRITEBACK 7", "dec NR_WRITEBACK 7"), events);
    }

    @Test
    void endPageWriteback_withoutReclaimDoesNotRotate() {
        Page p = swapCachePage(8);
        wb.setPageWriteback(p);
        wb.endPageWriteback(p, page -> {
            throw new AssertionError("rotate_reclaimable_page called without PG_reclaim");
        });
        assertFalse(pageWriteback(p));
    }

    @Test
    void endPageWriteback_withReclaimLetsRotateClearWriteback() {
        Page p = swapCachePage(9);
        wb.setPageWriteback(p);
        setPageReclaim(p);
        List<Page> rotated = new ArrayList<>();
        wb.endPageWriteback(p, page -> {
            rotated.add(page);
            assertTrue(wb.testClearPageWriteback(page));
            return 0;
        });
        assertEquals(List.of(p), rotated);
        assertFalse(pageReclaim(p), "PG_reclaim consumed");
        assertFalse(pageWriteback(p));
        assertEquals(List.of("inc NR_WRITEBACK 9", "dec NR_WRITEBACK 9"), events);
    }

    @Test
    void endPageWriteback_rotateDeclinedClearsWritebackHere() {
        Page p = swapCachePage(10);
        wb.setPageWriteback(p);
        setPageReclaim(p);
        wb.endPageWriteback(p, RotateReclaimable.DECLINE);
        assertFalse(pageReclaim(p));
        assertFalse(pageWriteback(p));
        assertEquals(List.of("inc NR_WRITEBACK 10", "dec NR_WRITEBACK 10"), events);
    }

    @Test
    void endPageWriteback_ofPageNotUnderWritebackIsKernelBug() {
        Page p = swapCachePage(11);
        KernelBug bug = assertThrows(KernelBug.class, () -> wb.endPageWriteback(p, RotateReclaimable.DECLINE));
        assertTrue(bug.getMessage().contains("end_page_writeback"), bug.getMessage());
    }

    @Test
    void redirtyPageForWritepage_countsSkipped() {
        Page p = swapCachePage(12);
        WritebackControl wbc = WritebackControl.forReclaim(32);
        assertEquals(1, wb.redirtyPageForWritepage(wbc, p));
        assertEquals(1, wbc.pagesSkipped);
        assertTrue(pageDirty(p));
        assertSame(WritebackControl.WritebackSyncModes.WB_SYNC_NONE, wbc.syncMode);
        assertTrue(wbc.forReclaim);
        assertTrue(wbc.nonblocking);
        assertEquals(32, wbc.nrToWrite);
        assertEquals(Long.MAX_VALUE, wbc.rangeEnd);
    }
}
