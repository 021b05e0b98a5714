package linux.mm.page;

/*
 * Mirrors the mm/vmscan.c part of linux-2.6.20 include/linux/swap.h: reclaim entry points.
 * Owns no state; mm-vmscan implements it.
 */

import linux.trace.Mirrors;

/**
 * Page reclaim (mm/vmscan.c) as the allocator, swap code and boot call it.
 */
public interface VmscanOps {

    /** vm_swappiness default (0..100). */
    @Mirrors("vm_swappiness")
    int DEFAULT_SWAPPINESS = 60;

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
