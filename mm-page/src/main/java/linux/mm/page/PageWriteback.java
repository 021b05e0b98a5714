package linux.mm.page;

import linux.kernel.KernelBug;

/*
 * Mirrors linux-2.6.20 mm/page-writeback.c (set_page_dirty, __set_page_dirty_nobuffers,
 * redirty_page_for_writepage, clear_page_dirty_for_io, test_set_page_writeback,
 * test_clear_page_writeback, set_page_writeback) and end_page_writeback of mm/filemap.c.
 * Owns no state of its own; reports NR_WRITEBACK / NR_FILE_DIRTY changes to its
 * WritebackAccounting.
 */

import linux.kernel.Mirrors;

/**
 * The dirty and writeback state transitions of a page, with the radix-tree tags of its
 * mapping kept in step, as page-writeback.c does them. One instance per emulated kernel
 * (it carries that kernel's zone accounting); all methods are safe from any thread,
 * including block-device completion threads, and none sleeps.
 *
 * <h2>Locking</h2>
 * Each method takes the mapping's {@code tree_lock} for writing where the kernel does, so
 * callers must not hold that tree_lock. {@link #setPageDirty} needs no lock (the kernel calls
 * it from try_to_unmap_one under the pte lock and from end_swap_bio_write in interrupt
 * context). {@link #testSetPageWriteback} is called with the page locked;
 * {@link #endPageWriteback} usually runs on a completion thread without the page lock.
 */
public final class PageWriteback {

    private final WritebackAccounting accounting;

    /**
     * @param accounting where PG_writeback transitions are counted (NR_WRITEBACK)
     */
    public PageWriteback(WritebackAccounting accounting) {
        this.accounting = accounting;
    }

    /**
     * set_page_dirty(page): mark the page dirty through its mapping's {@code ->set_page_dirty}
     * (swapper_space: {@link #setPageDirtyNobuffers}); a page without a mapping just gets
     * PG_dirty. Returns 1 if the page became dirty now, 0 if it already was.
     *
     * <p>Differs from 2.6.20: a mapping without a_ops falls back to
     * __set_page_dirty_nobuffers instead of __set_page_dirty_buffers (no buffer heads here).
     */
    @Mirrors("set_page_dirty")
    public int setPageDirty(Page page) {
        AddressSpace mapping = Page.pageMapping(page);
        if (mapping != null) {
            AddressSpaceOperations ops = mapping.aOps();
            if (ops != null) {
                return ops.setPageDirty(page);
            }
            return setPageDirtyNobuffers(page);
        }
        if (!PageFlags.pageDirty(page)) {
            if (!PageFlags.testSetPageDirty(page)) {
                return 1;
            }
        }
        return 0;
    }

    /**
     * __set_page_dirty_nobuffers(page): set PG_dirty; if it was clean and the page has a
     * mapping, tag its slot DIRTY under tree_lock (counting NR_FILE_DIRTY only for mappings
     * that account dirty pages, which swapper_space does not). Returns 1 if newly dirty.
     * swapper_space's {@code ->set_page_dirty}.
     */
    @Mirrors("__set_page_dirty_nobuffers")
    public int setPageDirtyNobuffers(Page page) {
        if (!PageFlags.testSetPageDirty(page)) {
            AddressSpace mapping = Page.pageMapping(page);
            if (mapping == null) {
                return 1;
            }
            mapping.treeLock.writeLock().lock();
            try {
                AddressSpace mapping2 = Page.pageMapping(page);
                if (mapping2 != null) {
                    KernelBug.bugOn(mapping2 != mapping, "__set_page_dirty_nobuffers: mapping changed under us");
                    if (AddressSpace.mappingCapAccountDirty(mapping)) {
                        accounting.incNrFileDirty(page);
                    }
                    mapping.radixTreeTagSet(Page.pageIndex(page), AddressSpace.PAGECACHE_TAG_DIRTY);
                }
            } finally {
                mapping.treeLock.writeLock().unlock();
            }
            return 1;
        }
        return 0;
    }

    /** redirty_page_for_writepage(wbc, page): a writepage that gives up re-dirties the page. */
    @Mirrors("redirty_page_for_writepage")
    public int redirtyPageForWritepage(WritebackControl wbc, Page page) {
        wbc.pagesSkipped++;
        return setPageDirtyNobuffers(page);
    }

    /**
     * clear_page_dirty_for_io(page): called by pageout with the page locked just before
     * ->writepage; clears PG_dirty and returns whether it was set. For swapper_space (no
     * dirty accounting) this is exactly TestClearPageDirty.
     *
     * <p>Differs from 2.6.20: for a mapping that accounts dirty pages the kernel first write-
     * protects every pte (page_mkclean) and re-dirties; shared file mappings are not
     * modelled, so only the flag and the NR_FILE_DIRTY count change here.
     */
    @Mirrors("clear_page_dirty_for_io")
    public int clearPageDirtyForIo(Page page) {
        AddressSpace mapping = Page.pageMapping(page);
        if (mapping != null && AddressSpace.mappingCapAccountDirty(mapping)) {
            if (PageFlags.testClearPageDirty(page)) {
                accounting.decNrFileDirty(page);
                return 1;
            }
            return 0;
        }
        return PageFlags.testClearPageDirty(page) ? 1 : 0;
    }

    /**
     * test_set_page_writeback(page): set PG_writeback (counting NR_WRITEBACK when newly set)
     * and, under tree_lock, tag the slot WRITEBACK and drop its DIRTY tag if the page is
     * clean. The page is locked by the caller (swap_writepage). Returns the old bit.
     */
    @Mirrors("test_set_page_writeback")
    public boolean testSetPageWriteback(Page page) {
        AddressSpace mapping = Page.pageMapping(page);
        boolean ret;
        if (mapping != null) {
            mapping.treeLock.writeLock().lock();
            try {
                ret = PageFlags.testSetPageWriteback(page);
                int index = Page.pageIndex(page);
                if (!ret) {
                    mapping.radixTreeTagSet(index, AddressSpace.PAGECACHE_TAG_WRITEBACK);
                }
                if (!PageFlags.pageDirty(page)) {
                    mapping.radixTreeTagClear(index, AddressSpace.PAGECACHE_TAG_DIRTY);
                }
            } finally {
                mapping.treeLock.writeLock().unlock();
            }
        } else {
            ret = PageFlags.testSetPageWriteback(page);
        }
        if (!ret) {
            accounting.incNrWriteback(page);
        }
        return ret;
    }

    /** set_page_writeback(page): test_set_page_writeback ignoring the result. */
    @Mirrors("set_page_writeback")
    public void setPageWriteback(Page page) {
        testSetPageWriteback(page);
    }

    /**
     * test_clear_page_writeback(page): clear PG_writeback (counting NR_WRITEBACK down when it
     * was set) and, under tree_lock, drop the slot's WRITEBACK tag. Returns the old bit.
     * Called by end_page_writeback and by rotate_reclaimable_page; does not wake sleepers
     * (end_page_writeback does).
     */
    @Mirrors("test_clear_page_writeback")
    public boolean testClearPageWriteback(Page page) {
        AddressSpace mapping = Page.pageMapping(page);
        boolean ret;
        if (mapping != null) {
            mapping.treeLock.writeLock().lock();
            try {
                ret = PageFlags.testClearPageWriteback(page);
                if (ret) {
                    mapping.radixTreeTagClear(Page.pageIndex(page), AddressSpace.PAGECACHE_TAG_WRITEBACK);
                }
            } finally {
                mapping.treeLock.writeLock().unlock();
            }
        } else {
            ret = PageFlags.testClearPageWriteback(page);
        }
        if (ret) {
            accounting.decNrWriteback(page);
        }
        return ret;
    }

    /**
     * end_page_writeback(page) (mm/filemap.c): writeback I/O on the page finished. If
     * PG_reclaim was set, reclaim wants the page soon: {@code rotate} (mm/swap.c's
     * rotate_reclaimable_page) may move it to the inactive tail and clear PG_writeback
     * itself. Otherwise, or if rotate declined, PG_writeback is cleared here and must have
     * been set. Then the sleepers of wait_on_page_writeback are woken. Runs on the block
     * device's completion thread (end_swap_bio_write) and never sleeps.
     *
     * @throws KernelBug if PG_writeback was not set
     */
    @Mirrors("end_page_writeback")
    public void endPageWriteback(Page page, RotateReclaimable rotate) {
        if (!PageFlags.testClearPageReclaim(page) || rotate.rotateReclaimablePage(page) != 0) {
            if (!testClearPageWriteback(page)) {
                throw new KernelBug("end_page_writeback: page not under writeback: " + page);
            }
        }
        Filemap.wakeUpPage(page, PageFlags.PG_writeback);
    }
}
