package linux.mm.page;

/*
 * Mirrors the declaration of rotate_reclaimable_page (include/linux/swap.h, defined in
 * mm/swap.c) as end_page_writeback calls it. Owns no state.
 */

import linux.kernel.Mirrors;

/**
 * The hook through which {@link PageWriteback#endPageWriteback} reaches mm/swap.c's
 * {@code rotate_reclaimable_page}, which the LRU code of this package implements. A
 * parameter rather than a field, so that the LRU code (which itself calls
 * {@link PageWriteback#testClearPageWriteback}) and PageWriteback do not depend on each
 * other at construction time.
 */
@FunctionalInterface
public interface RotateReclaimable {

    /**
     * rotate_reclaimable_page(page): called from end_page_writeback (any thread, often a
     * completion thread; must not sleep) when PG_reclaim was set. If the page is on the
     * LRU, unlocked, clean and inactive, move it to the inactive tail and clear PG_writeback
     * (through {@link PageWriteback#testClearPageWriteback}), returning 0; otherwise change
     * nothing and return 1 (the caller then clears PG_writeback itself).
     */
    @Mirrors("rotate_reclaimable_page")
    int rotateReclaimablePage(Page page);

    /** A hook that always declines (returns 1), for code paths and tests without an LRU. */
    RotateReclaimable DECLINE = page -> 1;
}
