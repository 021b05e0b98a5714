package linux.mm.page;

/*
 * Mirrors the mm/swap_state.c part of linux-2.6.20 include/linux/swap.h: the swap-cache
 * functions other kernel files call, plus the file's static helpers and its swap_cache_info
 * statistics so that tests and alternative implementations see the same steps. Owns no
 * state; mm-swapstate implements it.
 */

import linux.kernel.Mirrors;

/**
 * The swap cache (mm/swap_state.c) as the rest of mm sees it: a page cache keyed by swap
 * entry in {@code swapper_space}. Swap entries are the arch-independent {@code swp_entry_t}
 * values (type in the top 5 of 32 bits) held in an {@code int}. Methods come in the kernel
 * file's order.
 *
 * <h2>Reference and lock conventions</h2>
 * A page in the swap cache holds one page reference for the cache and one swap_map count
 * for its entry; it has PG_swapcache set and its entry in page->private. Insertions and
 * removals happen under swapper_space's tree_lock (taken for writing by the functions here
 * unless the name ends in {@code Locked}); lookups take it for reading. None of these
 * functions may be called with swap_lock, tree_lock, a pte lock or lru_lock held, except
 * {@link #deleteFromSwapCacheLocked}, whose caller holds tree_lock.
 */
public interface SwapStateOps {

    /**
     * The swap_cache_info statistics of mm/swap_state.c: how many pages entered and left
     * the swap cache, how many lookups found their page, and how often a race was lost.
     * A snapshot; its fields do not move.
     */
    @Mirrors("swap_cache_info")
    final class SwapCacheInfo {
        /** Pages added to the swap cache (add_to_swap, add_to_swap_cache). */
        public long addTotal;
        /** Pages removed from it (__delete_from_swap_cache). */
        public long delTotal;
        /** lookup_swap_cache calls that found a page. */
        public long findSuccess;
        /** lookup_swap_cache calls. */
        public long findTotal;
        /** add_to_swap_cache found its entry already freed (-ENOENT). */
        public long noentRace;
        /** An insertion found another page already at its entry (-EEXIST). */
        public long existRace;

        public SwapCacheInfo(long addTotal, long delTotal, long findSuccess, long findTotal, long noentRace,
                long existRace) {
            this.addTotal = addTotal;
            this.delTotal = delTotal;
            this.findSuccess = findSuccess;
            this.findTotal = findTotal;
            this.noentRace = noentRace;
            this.existRace = existRace;
        }

        @Override
        public String toString() {
            return "swap_cache_info{add " + addTotal + ", delete " + delTotal + ", find " + findSuccess + "/"
                    + findTotal + ", race " + noentRace + "+" + existRace + "}";
        }
    }

    /** swapper_space: this kernel's swap-cache mapping (the same object every Page refers to). */
    @Mirrors("swapper_space")
    AddressSpace swapperSpace();

    /** total_swapcache_pages: swapper_space.nrpages. */
    @Mirrors("total_swapcache_pages")
    default long totalSwapcachePages() {
        return swapperSpace().nrpages;
    }

    /** A snapshot of the swap_cache_info counters. */
    @Mirrors("swap_cache_info")
    SwapCacheInfo swapCacheInfo();

    /**
     * show_swap_cache_info(): print the swap-cache statistics (add, delete, find
     * success/total, the noent and exist race counts) and free/total swap in kB through
     * the kernel log, in 2.6.20's words.
     */
    @Mirrors("show_swap_cache_info")
    void showSwapCacheInfo();

    /**
     * __add_to_swap_cache(page, entry, gfp_mask): insert {@code page} into swapper_space at
     * {@code entry} under tree_lock. On success the page gets one more reference (the
     * cache's), PG_locked (the caller's, quirk 3 of kernel-2.6.20.md §5.12), PG_swapcache
     * and page->private = entry; nrpages and NR_FILE_PAGES go up. Touches no swap_map count
     * and no statistic. Returns 0, -EEXIST if another page holds the entry, or -ENOMEM.
     * BUG if the page is already in swap cache or PagePrivate.
     */
    @Mirrors("__add_to_swap_cache")
    int addToSwapCacheRaw(Page page, int entry, int gfpMask);

    /**
     * add_to_swap_cache(page, entry): the swap-in insertion. Takes a swap_map reference for
     * the cache with swap_duplicate first (-ENOENT, counted as noent_race, if the entry was
     * freed meanwhile), then {@link #addToSwapCacheRaw} with GFP_KERNEL; if that fails the
     * reference is given back (an -EEXIST counts as exist_race). Success counts add_total
     * and leaves the page locked. The page is not yet on the LRU.
     */
    @Mirrors("add_to_swap_cache")
    int addToSwapCache(Page page, int entry);

    /**
     * __delete_from_swap_cache(page): take the page out of the radix tree, clear
     * PG_swapcache and page->private, nrpages--, NR_FILE_PAGES--, count del_total. Caller
     * holds swapper_space.tree_lock for writing and the page lock; the page is not under
     * writeback and not PagePrivate (else BUG). Does not touch swap_map nor the page count.
     */
    @Mirrors("__delete_from_swap_cache")
    void deleteFromSwapCacheLocked(Page page);

    /**
     * add_to_swap(page, gfp_mask): give a locked anon page a swap slot and put it in the swap
     * cache. Called by shrink_page_list with the page locked and not yet in swap cache.
     * On success (returns 1) the page has PG_swapcache, PG_uptodate and PG_dirty, one more
     * page reference (the cache's) and swap_map[slot] == 1. A slot whose entry already has
     * a cache page (-EEXIST, counted as exist_race) is given back and another one tried.
     * Returns 0 when no slot or no memory was available (nothing changed).
     */
    @Mirrors("add_to_swap")
    int addToSwap(Page page, int gfpMask);

    /**
     * delete_from_swap_cache(page): {@link #deleteFromSwapCacheLocked} under tree_lock, then
     * swap_free(entry) and drop the cache's page reference. Caller holds the page lock and
     * a reference of its own.
     */
    @Mirrors("delete_from_swap_cache")
    void deleteFromSwapCache(Page page);

    /**
     * free_swap_cache(page): if the page is in swap cache and its lock can be taken without
     * waiting, remove_exclusive_swap_page it (dropping it from the cache when nobody else
     * uses it or its slot) and unlock. The caller holds a reference; no locks.
     */
    @Mirrors("free_swap_cache")
    void freeSwapCache(Page page);

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
     * or null when the entry was freed meanwhile or no memory was available. Losing the
     * insertion to a concurrent caller (-EEXIST) retries the lookup, so concurrent callers
     * for one entry end with one page and one read.
     * {@code vma} may be null (swapoff). Caller holds mmap_sem for reading (faults) or
     * nothing (swapoff); no spinlock-like lock.
     */
    @Mirrors("read_swap_cache_async")
    Page readSwapCacheAsync(int entry, VmAreaStruct vma, long addr);
}
