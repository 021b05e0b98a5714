package linux.mm.page;

/*
 * Mirrors the mm/swap.c part of linux-2.6.20 include/linux/swap.h, mm.h, pagevec.h and
 * mman.h: the LRU lists' front door, page release and the committed-memory counter. Owns no
 * state; module mm-swap implements it.
 */

import java.util.List;
import linux.kernel.Mirrors;

/**
 * mm/swap.c as the other kernel files call it. New pages reach a zone's LRU only through a
 * per-CPU pagevec of {@link Pagevec#PAGEVEC_SIZE} entries; the last reference dropped by
 * {@link #putPage} takes a page off its list and frees it. Reclaim (mm/vmscan.c) moves pages
 * between the lists itself with the mm_inline.h helpers under zone->lru_lock and gives
 * isolated pages back through these functions.
 *
 * <p>Locking: every function takes zone->lru_lock itself where the kernel does; callers
 * must not hold it. The per-CPU pagevecs are guarded by their own monitors (taken before
 * lru_lock). {@link #rotateReclaimablePage} is called from completion (interrupt) context.
 */
public interface SwapOps extends RotateReclaimable {

    /** SWAP_CLUSTER_MAX: reclaim's batch size. */
    @Mirrors("SWAP_CLUSTER_MAX")
    int SWAP_CLUSTER_MAX = 32;

    /** put_page(page): drop a reference; the last one takes the page off its LRU and frees it. */
    @Mirrors("put_page")
    void putPage(Page page);

    /** page_cache_release(page): {@link #putPage}. */
    @Mirrors("page_cache_release")
    void pageCacheRelease(Page page);

    /**
     * rotate_reclaimable_page(page): writeback of a PG_reclaim page ended; if it is unlocked,
     * clean, inactive and on the LRU, move it to the inactive tail (PGROTATED) and clear
     * PG_writeback here. Returns 0 if it cleared writeback, 1 if it declined.
     */
    @Mirrors("rotate_reclaimable_page")
    @Override
    int rotateReclaimablePage(Page page);

    /** activate_page(page): an inactive page on the LRU moves to the active head (PGACTIVATE). */
    @Mirrors("activate_page")
    void activatePage(Page page);

    /** mark_page_accessed(page): the two-touch promotion of kernel-2.6.20.md §5.10. */
    @Mirrors("mark_page_accessed")
    void markPageAccessed(Page page);

    /** lru_cache_add(page): take a reference and queue the page for the inactive list. */
    @Mirrors("lru_cache_add")
    void lruCacheAdd(Page page);

    /** lru_cache_add_active(page): the same for the active list. */
    @Mirrors("lru_cache_add_active")
    void lruCacheAddActive(Page page);

    /** __lru_add_drain(cpu): flush CPU {@code cpu}'s two LRU-add pagevecs. */
    @Mirrors("__lru_add_drain")
    void lruAddDrainRaw(int cpu);

    /** lru_add_drain(): flush the calling CPU's LRU-add pagevecs. */
    @Mirrors("lru_add_drain")
    void lruAddDrain();

    /** lru_add_drain_all(): flush every CPU's LRU-add pagevecs. Returns 0. */
    @Mirrors("lru_add_drain_all")
    int lruAddDrainAll();

    /**
     * release_pages(pages, nr, cold): drop one reference of each of the first {@code nr}
     * pages; those reaching 0 leave the LRU and are freed in pagevec batches.
     */
    @Mirrors("release_pages")
    void releasePages(Page[] pages, int nr, boolean cold);

    /** __pagevec_release(pvec): lru_add_drain, then release_pages of the pagevec; reinit it. */
    @Mirrors("__pagevec_release")
    void pagevecReleaseRaw(Pagevec pvec);

    /** pagevec_release(pvec) (pagevec.h inline): {@link #pagevecReleaseRaw} if not empty. */
    @Mirrors("pagevec_release")
    void pagevecRelease(Pagevec pvec);

    /** __pagevec_release_nonlru(pvec): drop a reference of each page known to be off the LRU. */
    @Mirrors("__pagevec_release_nonlru")
    void pagevecReleaseNonlruRaw(Pagevec pvec);

    /** __pagevec_lru_add(pvec): PG_lru and the inactive head for each page, then drop the refs. */
    @Mirrors("__pagevec_lru_add")
    void pagevecLruAddRaw(Pagevec pvec);

    /** __pagevec_lru_add_active(pvec): PG_lru, PG_active and the active head, then drop the refs. */
    @Mirrors("__pagevec_lru_add_active")
    void pagevecLruAddActiveRaw(Pagevec pvec);

    /** put_pages_list(pages): release a list of pages, from its tail. */
    @Mirrors("put_pages_list")
    void putPagesList(ListHead pages);

    /** vm_acct_memory(pages): add to the committed address space (batched per CPU). */
    @Mirrors("vm_acct_memory")
    void vmAcctMemory(long pages);

    /** vm_unacct_memory(pages): {@link #vmAcctMemory}(-pages). */
    @Mirrors("vm_unacct_memory")
    void vmUnacctMemory(long pages);

    /** vm_committed_space: the committed address space in pages. */
    @Mirrors("vm_committed_space")
    long vmCommittedSpace();

    /** swap_setup(): choose page_cluster from the RAM size (2 under 16 MiB, else 3). */
    @Mirrors("swap_setup")
    void swapSetup();

    /** page_cluster: log2 of the swap readahead window (set by swap_setup). */
    @Mirrors("page_cluster")
    int pageCluster();

    /** Pages waiting in CPU {@code cpu}'s inactive LRU-add pagevec. */
    int pendingLruAdd(int cpu);

    /** Pages waiting in CPU {@code cpu}'s active LRU-add pagevec. */
    int pendingLruAddActive(int cpu);

    /**
     * Checks every zone's LRU lists against their counters and page flags; one line per
     * inconsistency, empty when all is well. For tests and invariants.
     */
    List<String> checkLruLists();
}
