/**
 * Mirrors linux-2.6.20 {@code mm/swap.c}: the LRU lists' front door (per-CPU LRU-add
 * pagevecs, put_page, release_pages, activate_page, mark_page_accessed,
 * rotate_reclaimable_page), swap_setup and the committed-memory counter, behind
 * {@code linux.mm.page.SwapOps}.
 */
@SuppressWarnings("module") // linux.boot and linux.testkit are not on this module's path
module linux.mm.swap {
    requires linux.kernel;
    requires transitive linux.mm.page;
    requires static dagger;
    requires jakarta.inject;

    exports linux.mm.swap.internal to linux.boot, linux.testkit;
}
