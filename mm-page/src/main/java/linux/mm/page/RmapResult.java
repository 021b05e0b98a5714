package linux.mm.page;

/*
 * Mirrors linux-2.6.20 include/linux/rmap.h SWAP_SUCCESS, SWAP_AGAIN, SWAP_FAIL: the outcome
 * of try_to_unmap. Owns no state.
 */

import linux.kernel.Mirrors;

/**
 * What {@link RmapOps#tryToUnmap} achieved. In every case the page is still locked (the
 * caller, shrink_page_list, holds the page lock throughout) and the caller's reference is
 * unchanged; only ptes, mapcount, rss counters and swap_map references moved.
 */
public enum RmapResult {
    /** SWAP_SUCCESS (0): no pte maps the page any more; reclaim may proceed to pageout. */
    @Mirrors("SWAP_SUCCESS")
    SWAP_SUCCESS,
    /** SWAP_AGAIN (1): some mappings remain (a pte lock or anon_vma could not be had, or more to do); keep the page and retry later. */
    @Mirrors("SWAP_AGAIN")
    SWAP_AGAIN,
    /** SWAP_FAIL (2): a mapping must stay (VM_LOCKED vma or a young pte); reclaim activates the page. */
    @Mirrors("SWAP_FAIL")
    SWAP_FAIL;

    /** The kernel's numeric value (0, 1, 2). */
    public int value() {
        return ordinal();
    }
}
