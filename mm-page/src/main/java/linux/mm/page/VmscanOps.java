package linux.mm.page;

/*
 * Mirrors the mm/vmscan.c part of linux-2.6.20 include/linux/swap.h and mm.h: the reclaim
 * entry points (try_to_free_pages, wakeup_kswapd, remove_mapping, shrink_slab,
 * shrink_all_memory, kswapd_run and the kswapd_init initcall) and vm_swappiness. Owns no
 * state; mm-vmscan implements it.
 */

import linux.kernel.Mirrors;

/**
 * Page reclaim (mm/vmscan.c) as the allocator, the other kernel files and boot call it. A
 * second reclaim implementation replaces mm-vmscan by binding this interface under another
 * name: every policy decision (which pages to scan, age, write and free, when kswapd
 * sleeps) sits behind it, and the implementation reaches the LRU lists only through
 * {@link SwapOps} and the {@link MmInline} / {@link ListHead} helpers under
 * {@code zone->lru_lock}.
 *
 * <p>Locking: no method may be called with a spinlock-like lock held (zone->lru_lock,
 * zone->lock, tree_lock, swap_lock, anon_vma->lock, pte locks): reclaim takes them itself
 * and may sleep, except {@link #wakeupKswapd}, which never sleeps.
 */
public interface VmscanOps {

    /** vm_swappiness's boot value (0..100; higher means reclaim mapped pages sooner). */
    int DEFAULT_SWAPPINESS = 60;

    /**
     * try_to_free_pages(zones, gfp_mask): direct reclaim for an allocation that failed its
     * watermarks: priority loop 12..0 over {@code zones} (the zonelist's zones) shrinking
     * their LRU lists and the slab, with the gfp mask deciding whether pages may be written
     * (__GFP_IO / __GFP_FS). Called by __alloc_pages with PF_MEMALLOC set in current and no
     * lock held. Returns 1 if it made progress (32 pages freed, or some zone still
     * reclaimable), else 0 (the caller may then invoke the OOM killer).
     */
    @Mirrors("try_to_free_pages")
    int tryToFreePages(Zone[] zones, int gfpMask);

    /**
     * wakeup_kswapd(zone, order): if the zone fails its pages_low watermark for
     * {@code order}, raise the node's kswapd_max_order and wake kswapd if it sleeps. Called
     * by __alloc_pages for every zone of the zonelist, from any thread (also completion
     * threads: GFP_ATOMIC); never sleeps.
     */
    @Mirrors("wakeup_kswapd")
    void wakeupKswapd(Zone zone, int order);

    /**
     * remove_mapping(mapping, page): detach the locked page from its page cache or swap
     * cache if nobody else holds it (page_count == 2: the cache and the caller) and it is
     * clean; for swap cache also swap_free the entry. Takes tree_lock for writing. Returns 1
     * if the page was detached (the cache reference dropped), else 0.
     */
    @Mirrors("remove_mapping")
    int removeMapping(AddressSpace mapping, Page page);

    /**
     * shrink_slab(scanned, gfp_mask, lru_pages): age the registered cache shrinkers in
     * proportion to the {@code scanned} LRU pages out of {@code lru_pages}; returns the
     * objects freed (1 if the shrinker list was busy).
     */
    @Mirrors("shrink_slab")
    long shrinkSlab(long scanned, int gfpMask, long lruPages);

    /**
     * shrink_all_memory(nr_pages): free up to {@code nr_pages} pages system-wide in five
     * passes (suspend to disk). Returns pages freed.
     */
    @Mirrors("shrink_all_memory")
    long shrinkAllMemory(long nrPages);

    /**
     * kswapd_run(nid): start the kswapd thread of node {@code nid} unless it runs already.
     * Returns 0, or -1 when the thread could not be started ("Failed to start kswapd on
     * node N").
     */
    @Mirrors("kswapd_run")
    int kswapdRun(int nid);

    /**
     * kswapd_init(): the initcall: swap_setup, then kswapd_run on every node. Boot calls
     * it once, after the allocator and the LRU exist. Returns 0.
     */
    @Mirrors("kswapd_init")
    int kswapdInit();

    /**
     * Stops the kswapd thread of node {@code nid} and waits for it to end; the next
     * {@link #kswapdRun} starts a new one. For shutting a kernel down (2.6.20's kswapd never
     * stops).
     */
    void kswapdStop(int nid);

    /**
     * Deterministic mode's {@link #kswapdInit}: swap_setup, and kswapd asleep on kswapd_wait
     * with no thread of its own. A wake-up then only marks it runnable, and
     * {@link #kswapdRunPending} runs it on the caller's thread.
     */
    void kswapdInitDeferred();

    /**
     * At a scheduling point of a deterministic machine: if the node's deferred kswapd was
     * woken, run it on the calling thread (as kswapd, under its flags) until it sleeps
     * again. Returns whether it ran. Does nothing for a kswapd with its own thread, or when
     * called from inside kswapd itself. The caller holds no lock.
     */
    boolean kswapdRunPending(int nid);

    /** vm_swappiness as /proc/sys/vm/swappiness reads it. */
    int vmSwappiness();

    /** The /proc/sys/vm/swappiness write: vm_swappiness = {@code value} (0..100). */
    void setVmSwappiness(int value);
}
