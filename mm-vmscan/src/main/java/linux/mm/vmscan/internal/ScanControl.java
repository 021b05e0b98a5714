package linux.mm.vmscan.internal;

/*
 * Mirrors linux-2.6.20 mm/vmscan.c struct scan_control. Owns the parameters and running
 * totals of one reclaim pass (one try_to_free_pages, balance_pgdat or shrink_all_memory
 * call).
 */

import linux.kernel.Mirrors;

/**
 * What one reclaimer asks for and what it has done so far ({@code struct scan_control}).
 * Each reclaim entry point builds its own on its stack (kernel-2.6.20.md §5.1 lists the
 * initialisers); the shrink_* functions read the limits and add to the counters. Never
 * shared between threads.
 */
@Mirrors("scan_control")
final class ScanControl {

    /**
     * Pages shrink_page_list looked at during the current priority pass: one per page it
     * managed to lock, one more for each that was mapped or in the swap cache (such pages
     * are costlier to reclaim, and shrink_slab is told so).
     */
    long nrScanned;

    /** The allocation context reclaim runs for: __GFP_FS / __GFP_IO decide whether pages may be written. */
    int gfpMask;

    /** Whether dirty pages may be written out (pageout); off in laptop mode until reclaim struggles. */
    boolean mayWritepage;

    /** Whether pages mapped by some process may be reclaimed (unmapped, swapped); off for the first shrink_all_memory passes. */
    boolean maySwap;

    /**
     * Pages taken off an LRU list at a time, and the smallest scan quota shrink_zone acts on:
     * SWAP_CLUSTER_MAX (32), or the whole request for shrink_all_memory.
     */
    int swapClusterMax;

    /** vm_swappiness as this pass uses it (0..100; shrink_all_memory forces 100 for its last passes). */
    int swappiness;

    /** Set by shrink_zones: every zone it looked at was skipped as all_unreclaimable. */
    boolean allUnreclaimable;

    @Override
    public String toString() {
        return "scan_control{nr_scanned=" + nrScanned + ", gfp_mask=0x" + Integer.toHexString(gfpMask)
                + ", may_writepage=" + mayWritepage + ", may_swap=" + maySwap + ", swap_cluster_max="
                + swapClusterMax + ", swappiness=" + swappiness + ", all_unreclaimable=" + allUnreclaimable + "}";
    }
}
