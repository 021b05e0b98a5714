package linux.mm.page;

/*
 * Mirrors the mm/vmscan.c part of linux-2.6.20 include/linux/swap.h: reclaim entry points.
 * Owns no state; mm-vmscan implements it.
 */

import linux.kernel.Mirrors;

/**
 * Page reclaim (mm/vmscan.c) as the allocator, swap code and boot call it.
 *
 * <p>{@link #tryToFreePages} and {@link #wakeupKswapd} have the signatures of
 * {@link PageAlloc.Reclaim}, so one vmscan implementation can serve as the allocator's
 * reclaim hook as well.
 */
public interface VmscanOps {

    /** vm_swappiness default (0..100). */
    @Mirrors("vm_swappiness")
    int DEFAULT_SWAPPINESS = 60;

    /**
     * try_to_free_pages(zones, gfp_mask): direct reclaim for an allocation that failed its
     * watermarks: priority loop 12..0 over {@code zones} (the zonelist's zones, null-free)
     * shrinking their LRU lists and the slab. Called by __alloc_pages with PF_MEMALLOC set and
     * no lock held. Returns 1 if it made progress (32 pages or some zone still reclaimable),
     * else 0.
     */
    @Mirrors("try_to_free_pages")
    int tryToFreePages(Zone[] zones, int gfpMask);

    /**
     * wakeup_kswapd(zone, order): if the zone fails its pages_low watermark for
     * {@code order}, raise the node's kswapd_max_order and wake kswapd. Called by the
     * allocator from any allocating thread; never sleeps.
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
     * kswapd_run(nid): start the kswapd thread of node {@code nid} (once). Returns 0 or
     * -errno.
     */
    @Mirrors("kswapd_run")
    int kswapdRun(int nid);

    /**
     * shrink_all_memory(nr_pages): free up to {@code nr_pages} pages system-wide
     * (hibernation). Returns pages freed.
     */
    @Mirrors("shrink_all_memory")
    long shrinkAllMemory(long nrPages);

    /** vm_swappiness: current value (sysctl). */
    @Mirrors("vm_swappiness")
    int vmSwappiness();

    /** Sets vm_swappiness (sysctl /proc/sys/vm/swappiness), 0..100. */
    void setVmSwappiness(int value);
}
