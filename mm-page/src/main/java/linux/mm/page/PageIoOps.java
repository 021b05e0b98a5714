package linux.mm.page;

/*
 * Mirrors the mm/page_io.c part of linux-2.6.20 include/linux/swap.h: end_swap_bio_read,
 * swap_writepage and swap_readpage. Owns no state; mm-pageio implements it.
 */

import linux.block.Bio;
import linux.kernel.Mirrors;

/**
 * Swap-cache page I/O (mm/page_io.c): one bio per page to the swap area holding the page's
 * entry, completing on the block device's completion thread (interrupt context), or in the
 * submitter's context for a disk opened to complete there (the RAM-disk shape). Methods
 * come in the kernel file's order.
 *
 * <h2>Locking</h2>
 * The callers hold the page lock and no spinlock-like lock (swap_lock, tree_lock, pte
 * locks, lru_lock): the completion may run inside the submit on a submitter-completing
 * disk, and it takes lru_lock, tree_lock and the page wait queue.
 */
public interface PageIoOps {

    /**
     * end_swap_bio_read(bio, bytes_done, err): the bi_end_io of a swap read. Returns 1 while
     * part of the bio is still outstanding. Then: PG_uptodate on success, or PG_error with
     * PG_uptodate cleared and the kernel's "Read-error on swap-device (major:minor:sector)"
     * alert; in both cases unlock_page (waking the faulting task) and bio_put. Runs in the
     * device's completion context and never sleeps. (2.6.20 exports it for swsusp.)
     */
    @Mirrors("end_swap_bio_read")
    int endSwapBioRead(Bio bio, int bytesDone, int err);

    /**
     * swap_writepage(page, wbc): swapper_space's ->writepage. The page is locked, in swap
     * cache, its dirty bit already cleared by clear_page_dirty_for_io. If nobody else uses
     * the slot (remove_exclusive_swap_page) the page just leaves the swap cache, is unlocked
     * and 0 returned without I/O. Otherwise count PSWPOUT, set_page_writeback, unlock_page
     * and submit a WRITE bio (BIO_RW_SYNC when wbc is WB_SYNC_ALL); the completion
     * (end_swap_bio_write) calls end_page_writeback, and on a write error re-dirties the page
     * and sets PG_error so its data stays in memory. Returns 0, or -ENOMEM (page re-dirtied
     * and unlocked) when no bio could be allocated. The page is always unlocked on return.
     */
    @Mirrors("swap_writepage")
    int swapWritepage(Page page, WritebackControl wbc);

    /**
     * swap_readpage(file, page): the page is locked and in swap cache; clear PG_uptodate,
     * count PSWPIN and submit a READ bio. The completion ({@link #endSwapBioRead}) sets
     * PG_uptodate (or PG_error) and unlocks the page. Returns 0, or -ENOMEM (page unlocked)
     * when no bio could be allocated. BUG if the page is not locked.
     */
    @Mirrors("swap_readpage")
    int swapReadpage(Page page);
}
