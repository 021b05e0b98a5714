package linux.mm.page;

/*
 * Mirrors the mm/swap_state.c part of linux-2.6.20 include/linux/swap.h: the swap-cache
 * functions other kernel files call. Owns no state; mm-swapstate implements it.
 */

import linux.kernel.Mirrors;

/**
 * The swap cache (mm/swap_state.c) as the rest of mm sees it: a page cache keyed by swap
 * entry in {@code swapper_space}. Swap entries are the arch-independent {@code swp_entry_t}
 * values (type in the top 5 of 32 bits) held in an {@code int}.
 *
 * <h2>Reference and lock conventions</h2>
 * A page in the swap cache holds one page reference for the cache and one swap_map count
 * for its entry; it has PG_swapcache set and its entry in page->private.
 */
public interface SwapStateOps {

    /** swapper_space: this kernel's swap-cache mapping (the same object every Page refers to). */
    @Mirrors("swapper_space")
    AddressSpace swapperSpace();

    /** total_swapcache_pages: swapper_space.nrpages. */
    @Mirrors("total_swapcache_pages")
    default long totalSwapcachePages() {
        return swapperSpace().nrpages;
    }

    /**
     * show_swap_cache_info(): print the swap-cache statistics (add/delete/find counts) and
     * free/total swap in kB through the kernel log.
     */
    @Mirrors("show_swap_cache_info")
    void showSwapCacheInfo();

    /**
     * add_to_swap(page, gfp_mask): give a locked anon page a swap slot and put it in the swap
     * cache. Called by shrink_page_list with the page locked and not yet in swap cache.
     * On success (returns 1) the page has PG_swapcache, PG_uptodate and PG_dirty, one more
     * page reference (the cache's) and swap_map[slot] == 1. Returns 0 when no slot or no
     * memory was available (nothing changed).
     */
    @Mirrors("add_to_swap")
    int addToSwap(Page page, int gfpMask);

    /**
     * __delete_from_swap_cache(page): take the page out of the radix tree, clear
     * PG_swapcache and page->private, nrpages--, NR_FILE_PAGES--. Caller holds
     * swapper_space.tree_lock for writing and the page lock; the page is not under
     * writeback and not PagePrivate (else BUG). Does not touch swap_map nor the page count.
     */
    @Mirrors("__delete_from_swap_cache")
    void deleteFromSwapCacheLocked(Page page);

    /**
     * delete_from_swap_cache(page): {@link #deleteFromSwapCacheLocked} under tree_lock, then
     * swap_free(entry) and drop the cache's page reference. Caller holds the page lock.
     */
    @Mirrors("delete_from_swap_cache")
    void deleteFromSwapCache(Page page);

    /**
     * free_page_and_swap_cache(page): if the page is in swap cache and nobody else uses its
     * slot, drop it from the cache (trylock; remove_exclusive_swap_page); then put_page.
     * Used by tlb_remove_page when unmapping. No locks held.
     */
    @Mirrors("free_page_and_swap_cache")
    void freePageAndSwapCache(Page page);

    /**
     * free_pages_and_swap_cache(pages, nr): lru_add_drain, then for each batch of
     * PAGEVEC_SIZE pages the free_swap_cache step and release_pages. The mmu_gather flush.
     */
    @Mirrors("free_pages_and_swap_cache")
    void freePagesAndSwapCache(Page[] pages, int nr);

    /**
     * lookup_swap_cache(entry): the swap-cache page of {@code entry} with a new reference
     * (find_get_page; not locked), or null; counts find_total / find_success.
     */
    @Mirrors("lookup_swap_cache")
    Page lookupSwapCache(int entry);

    /**
     * read_swap_cache_async(entry, vma, addr): the swap-cache page of {@code entry}; if absent,
     * allocate a page, add it to the swap cache (taking a swap_map reference; page comes back
     * locked), put it on the active LRU and start swap_readpage. Returns the page with one
     * reference for the caller (locked until the read completes when it was just started),
     * or null when the entry was freed meanwhile or no memory was available.
     * {@code vma} may be null (swapoff). Caller holds mmap_sem for reading (faults) or
     * nothing (swapoff); no spinlock-like lock.
     */
    @Mirrors("read_swap_cache_async")
    Page readSwapCacheAsync(int entry, VmAreaStruct vma, long addr);
}
