package linux.mm.page;

/*
 * Mirrors the mm/page_io.c part of linux-2.6.20 include/linux/swap.h: swap_writepage and
 * swap_readpage. Owns no state; mm-pageio implements it.
 */

import linux.kernel.Mirrors;

/**
 * Swap-cache page I/O (mm/page_io.c): one bio per page to the swap area holding the page's
 * entry, completing asynchronously on the block device's completion thread.
 */
public interface PageIoOps {

    /**
     * swap_writepage(page, wbc): swapper_space's ->writepage. The page is locked, in swap
     * cache, its dirty bit already cleared by clear_page_dirty_for_io. If nobody else uses
     * the slot (remove_exclusive_swap_page) the page just leaves the swap cache, is unlocked
     * and 0 returned without I/O. Otherwise set_page_writeback, unlock_page and submit a
     * WRITE bio (BIO_RW_SYNC when wbc is WB_SYNC_ALL); the completion (end_swap_bio_write)
     * calls end_page_writeback. Returns 0, or -ENOMEM (page re-dirtied and unlocked) when no
     * bio could be allocated. The page is always unlocked on return.
     */
    @Mirrors("swap_writepage")
    int swapWritepage(Page page, WritebackControl wbc);

    /**
     * swap_readpage(page): the page is locked, in swap cache and not uptodate; clear
     * PG_uptodate, submit a READ bio. The completion (end_swap_bio_read, on the completion
     * thread) sets PG_uptodate (or PG_error) and unlocks the page. Returns 0, or -ENOMEM
     * (page unlocked) when no bio could be allocated.
     */
    @Mirrors("swap_readpage")
    int swapReadpage(Page page);
}
