package linux.mm.page;

/*
 * Mirrors the mm/page_alloc.c part of linux-2.6.20 include/linux/gfp.h, mm.h, swap.h and
 * mmzone.h: the page allocator as the other kernel files call it. Owns no state; module
 * mm-pagealloc implements it.
 */

import java.util.List;
import linux.kernel.Mirrors;

/**
 * The zoned buddy allocator (mm/page_alloc.c) as the other kernel files and boot call it.
 * A page comes back with {@code _count == 1} (prep_new_page) or null; freeing takes the last
 * reference's page back into the per-CPU lists or the buddy lists.
 *
 * <p>Locking: the allocator takes zone->lock and the per-CPU list monitors itself; callers
 * hold none of them. A {@code __GFP_WAIT} allocation may enter direct reclaim and sleep, so
 * it must not be made with a spinlock held (page_table_lock, anon_vma->lock, swap_lock,
 * tree_lock, lru_lock); atomic allocations (GFP_ATOMIC, GFP_NOIO without reclaim) may.
 */
public interface PageAllocOps {

    /** The node: zones, zonelists and mem_map ({@code NODE_DATA(0)}, {@code contig_page_data}). */
    Pglist pgdat();

    /** The machine's vm_event and zone counters. */
    Vmstat vmstat();

    /**
     * alloc_pages(gfp_mask, order): 2^order contiguous pages from the zonelist
     * gfp_zone(gfp_mask) selects, or null. Orders of MAX_ORDER and above always fail.
     */
    @Mirrors("alloc_pages")
    Page allocPages(int gfpMask, int order);

    /** alloc_page(gfp_mask): one page. */
    @Mirrors("alloc_page")
    Page allocPage(int gfpMask);

    /**
     * alloc_page_vma(gfp_mask, vma, addr): a page for a user mapping at {@code address}.
     * Without CONFIG_NUMA there is no memory policy: alloc_pages(gfp_mask, 0).
     */
    @Mirrors("alloc_page_vma")
    Page allocPageVma(int gfpMask, VmAreaStruct vma, long address);

    /**
     * __alloc_pages(gfp_mask, order, zonelist): the allocator proper, with its watermark
     * retries, kswapd wakeups, direct reclaim and OOM fallback (kernel-2.6.20.md §5.9).
     */
    @Mirrors("__alloc_pages")
    Page allocPagesRaw(int gfpMask, int order, Zonelist zonelist);

    /** __free_pages(page, order): drop a reference; the last one frees the 2^order block. */
    @Mirrors("__free_pages")
    void freePagesRaw(Page page, int order);

    /** __free_page(page): {@link #freePagesRaw}(page, 0). */
    @Mirrors("__free_page")
    void freePageRaw(Page page);

    /** free_hot_page(page): a page whose last reference is gone, to this CPU's hot list. */
    @Mirrors("free_hot_page")
    void freeHotPage(Page page);

    /** free_cold_page(page): the same, to the cold list. */
    @Mirrors("free_cold_page")
    void freeColdPage(Page page);

    /** __pagevec_free(pvec): free every page of the pagevec (their counts are already 0). */
    @Mirrors("__pagevec_free")
    void pagevecFreeRaw(Pagevec pvec);

    /** split_page(page, order): turn a 2^order block into independently counted pages. */
    @Mirrors("split_page")
    void splitPage(Page page, int order);

    /** __drain_pages(cpu): give CPU {@code cpu}'s per-CPU lists back to the buddy lists. */
    @Mirrors("__drain_pages")
    void drainPagesRaw(int cpu);

    /** drain_local_pages(): {@link #drainPagesRaw} for the calling CPU. */
    @Mirrors("drain_local_pages")
    void drainLocalPages();

    /**
     * zone_watermark_ok(z, order, mark, classzone_idx, alloc_flags): may an allocation of
     * {@code order} leave {@code mark} pages (lowered for ALLOC_HIGH / ALLOC_HARDER) plus the
     * lowmem reserve free in {@code z}, with enough of them in blocks of each lower order?
     * Called by the allocator and by kswapd (wakeup_kswapd, balance_pgdat with flags 0).
     */
    @Mirrors("zone_watermark_ok")
    boolean zoneWatermarkOk(Zone z, int order, long mark, int classzoneIdx, int allocFlags);

    /** nr_free_pages(): free pages of every zone (buddy lists only). */
    @Mirrors("nr_free_pages")
    long nrFreePages();

    /** nr_free_highpages(): free pages of the HighMem zone. */
    @Mirrors("nr_free_highpages")
    long nrFreeHighpages();

    /** nr_free_buffer_pages(): pages above pages_high in the zones GFP_USER allocates from. */
    @Mirrors("nr_free_buffer_pages")
    long nrFreeBufferPages();

    /** nr_free_pagecache_pages(): the same for GFP_HIGHUSER zones. */
    @Mirrors("nr_free_pagecache_pages")
    long nrFreePagecachePages();

    /** show_free_areas(): print per-CPU lists, watermarks and buddy blocks to the kernel log. */
    @Mirrors("show_free_areas")
    void showFreeAreas();

    /** setup_per_zone_pages_min(): recompute pages_min/low/high from min_free_kbytes. */
    @Mirrors("setup_per_zone_pages_min")
    void setupPerZonePagesMin();

    /** The sysctl vm.min_free_kbytes write: store the value and recompute the watermarks. */
    @Mirrors("min_free_kbytes_sysctl_handler")
    void minFreeKbytesSysctlHandler(int kbytes);

    /** The sysctl vm.lowmem_reserve_ratio write: store the ratios and recompute the reserves. */
    @Mirrors("lowmem_reserve_ratio_sysctl_handler")
    void lowmemReserveRatioSysctlHandler(int dmaRatio, int normalRatio);

    /** min_free_kbytes (KiB). */
    int minFreeKbytes();

    /** totalram_pages: pages given to the allocator at boot. */
    long totalramPages();

    /** totalhigh_pages: the HighMem share of totalram_pages. */
    long totalhighPages();

    /** totalreserve_pages: pages_high plus the largest lowmem_reserve, summed over zones. */
    long totalreservePages();

    /** vm_total_pages as build_all_zonelists computed it (nr_free_pagecache_pages at boot). */
    long vmTotalPages();

    /** num_physpages: frames of RAM. */
    long numPhyspages();

    /** How many bad pages bad_page has reported (each taints the kernel). */
    int badPages();

    /**
     * Checks the buddy lists and free counts of every zone (orders, PG_buddy, counts);
     * returns one line per inconsistency, empty when all is well. For tests and invariants.
     */
    List<String> checkFreeLists();

    /** Pages sitting on the per-CPU lists of {@code zone}, over every CPU. */
    long pcpPages(Zone zone);
}
