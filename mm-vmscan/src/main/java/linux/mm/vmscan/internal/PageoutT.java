package linux.mm.vmscan.internal;

/*
 * Mirrors linux-2.6.20 mm/vmscan.c pageout_t: what pageout() did with a dirty page. Owns no
 * state.
 */

import linux.kernel.Mirrors;

/**
 * The outcome of {@code pageout(page, mapping)}, each with the state of the page lock it
 * leaves for shrink_page_list. The caller's reference is unchanged in every case.
 */
@Mirrors("pageout_t")
enum PageoutT {
    /** The page could not be written now (still referenced elsewhere, queue congested); it is still locked. */
    @Mirrors("PAGE_KEEP")
    PAGE_KEEP,
    /** The page cannot be written at all (no writepage, or writepage asked for it); still locked: move it to the active list. */
    @Mirrors("PAGE_ACTIVATE")
    PAGE_ACTIVATE,
    /** The page went to writepage, which unlocked it; it may be under writeback or already clean. */
    @Mirrors("PAGE_SUCCESS")
    PAGE_SUCCESS,
    /** The page was not dirty after all; still locked and may be freed right away. */
    @Mirrors("PAGE_CLEAN")
    PAGE_CLEAN
}
