package linux.mm.page;

/*
 * Mirrors linux-2.6.20 include/linux/mmzone.h: struct zone, struct free_area,
 * struct per_cpu_pages / per_cpu_pageset and the zone-type constants. Owns one zone's
 * buddy free lists, per-CPU page lists, LRU lists, watermarks and counters.
 */

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.ReentrantLock;
import linux.kernel.Mirrors;

/**
 * One memory zone ({@code struct zone}): a pfn range of one node whose free pages are
 * kept by the buddy allocator and whose in-use pages sit on the zone's two LRU lists.
 * Fields carry the kernel names and are read and written directly by the allocator
 * ({@link PageAlloc}), the LRU code ({@link Swap}) and reclaim (mm/vmscan.c), as the C
 * code does; each field says which lock guards it.
 *
 * <p>Locking: {@link #lock} guards the buddy lists ({@link #freeArea}) and
 * {@link #freePages}; {@link #lruLock} guards the LRU lists and their counters
 * ({@link #activeList} ... {@link #nrInactive}, {@link #pagesScanned} is updated under
 * it by reclaim and reset under {@link #lock} by the allocator, as in the kernel). The
 * per-CPU lists are guarded by their own monitor (see {@link PerCpuPages}). Watermarks
 * are written under {@link #lruLock} by {@code setup_per_zone_pages_min} and read
 * without a lock.
 */
@Mirrors("zone")
public final class Zone {

    /** ZONE_DMA: pfns below 16 MiB (ISA DMA reach). */
    @Mirrors("ZONE_DMA")
    public static final int ZONE_DMA = 0;
    /** ZONE_NORMAL: permanently mapped low memory, up to the i386 896 MiB limit. */
    @Mirrors("ZONE_NORMAL")
    public static final int ZONE_NORMAL = 1;
    /** ZONE_HIGHMEM: memory above 896 MiB (CONFIG_HIGHMEM). */
    @Mirrors("ZONE_HIGHMEM")
    public static final int ZONE_HIGHMEM = 2;
    @Mirrors("MAX_NR_ZONES")
    public static final int MAX_NR_ZONES = 3;

    /** Buddy orders 0 .. MAX_ORDER-1; the largest block is 4 MiB. */
    @Mirrors("MAX_ORDER")
    public static final int MAX_ORDER = 11;
    @Mirrors("MAX_ORDER_NR_PAGES")
    public static final int MAX_ORDER_NR_PAGES = 1 << (MAX_ORDER - 1);
    /** The scan priority reclaim starts at (and a zone's prev_priority when unpressed). */
    @Mirrors("DEF_PRIORITY")
    public static final int DEF_PRIORITY = 12;

    /** The zone names of page_alloc.c's zone_names[]. */
    @Mirrors("zone_names")
    static final String[] ZONE_NAMES = {"DMA", "Normal", "HighMem"};

    /**
     * One buddy order's free list ({@code struct free_area}): heads of free blocks of
     * 2^order pages, each head marked PG_buddy with its order in page->private.
     * Guarded by the zone's {@link Zone#lock}.
     */
    @Mirrors("free_area")
    public static final class FreeArea {
        /** The list of free block heads, linked through page->lru. */
        public final ListHead freeList = new ListHead();
        /** Number of blocks on {@link #freeList}. */
        public long nrFree;
    }

    /**
     * One per-CPU page list ({@code struct per_cpu_pages}): order-0 pages freed by, or
     * pre-fetched for, one CPU, kept out of the buddy lists (and out of
     * {@link Zone#freePages}) to make single-page alloc and free cheap.
     *
     * <p>Differs from 2.6.20: the kernel protects these lists by running only on their
     * CPU with interrupts off; emulated CPUs are Java threads and other threads (kswapd,
     * block completions) may act for a CPU, so every access synchronizes on this object.
     */
    @Mirrors("per_cpu_pages")
    public static final class PerCpuPages {
        /** Pages on {@link #list}. */
        public int count;
        /** When count reaches this, {@link #batch} pages go back to the buddy lists. */
        public int high;
        /** Pages moved to or from the buddy lists at a time. */
        public int batch;
        /** The pages, most recently freed at the head. */
        public final ListHead list = new ListHead();
    }

    /** {@code struct per_cpu_pageset}: {@code pcp[0]} is the hot list, {@code pcp[1]} the cold. */
    @Mirrors("per_cpu_pageset")
    public static final class PerCpuPageset {
        public final PerCpuPages[] pcp = {new PerCpuPages(), new PerCpuPages()};
    }

    /** Free pages in the buddy lists (not counting per-CPU lists). Guarded by {@link #lock}; read racily. */
    public volatile long freePages;
    /** The min / low / high watermarks in pages (setup_per_zone_pages_min). */
    public volatile long pagesMin;
    public volatile long pagesLow;
    public volatile long pagesHigh;
    /**
     * {@code lowmemReserve[j]}: pages this zone keeps back from an allocation whose
     * zonelist starts at zone j (setup_per_zone_lowmem_reserve).
     */
    public final long[] lowmemReserve = new long[MAX_NR_ZONES];

    /** Per-CPU hot/cold lists, indexed by emulated CPU id ({@code zone_pcp(zone, cpu)}). */
    public final PerCpuPageset[] pageset;

    /** {@code zone->lock}: guards {@link #freeArea} and {@link #freePages}. */
    public final ReentrantLock lock = new ReentrantLock();
    /** The buddy free lists, one per order. */
    public final FreeArea[] freeArea = new FreeArea[MAX_ORDER];

    /** {@code zone->lru_lock}: guards the LRU lists and the counters below. */
    public final ReentrantLock lruLock = new ReentrantLock();
    /** Recently used pages; new entries at the HEAD, reclaim scans from the TAIL. */
    public final ListHead activeList = new ListHead();
    /** Reclaim candidates; new entries at the HEAD, reclaim scans from the TAIL. */
    public final ListHead inactiveList = new ListHead();
    /** Accumulated scan quota of shrink_zone (carried between calls). */
    public long nrScanActive;
    public long nrScanInactive;
    /** Lengths of the two LRU lists (isolated pages are not counted). */
    public long nrActive;
    public long nrInactive;
    /** Pages scanned since pages were last freed into this zone. */
    public volatile long pagesScanned;
    /** 1 when reclaim decided every page of the zone is pinned; cleared by any free. */
    public volatile int allUnreclaimable;
    /** Reclaimers currently working on this zone. */
    public final AtomicInteger reclaimInProgress = new AtomicInteger();
    /** The zone's share of the zone_stat_item counters, indexed by ordinal. */
    public final AtomicLongArray vmStat = new AtomicLongArray(ZoneStatItem.NR_VM_ZONE_STAT_ITEMS);
    /** The scan priority of the last reclaim pass (DEF_PRIORITY when unpressed). */
    public volatile int prevPriority;
    /**
     * zone->wait_table: the hashed queues lock_page and wait_on_page_writeback sleep on for
     * this zone's pages (zone_wait_table_init, sized at boot; null for an empty zone).
     */
    @Mirrors("wait_table")
    public volatile Filemap.WaitQueueHead[] waitTable;

    /** The node this zone belongs to. */
    public final Pglist zonePgdat;
    /** zone_idx(zone): ZONE_DMA, ZONE_NORMAL or ZONE_HIGHMEM. */
    public final int idx;
    /** First pfn of the zone. */
    public long zoneStartPfn;
    /** Pfns the zone spans. */
    public long spannedPages;
    /** Spanned pages minus holes and the pages mem_map costs (the kernel's accounting). */
    public long presentPages;
    /** "DMA", "Normal" or "HighMem". */
    public final String name;

    public Zone(Pglist pgdat, int idx, int nrCpus) {
        this.zonePgdat = pgdat;
        this.idx = idx;
        this.name = ZONE_NAMES[idx];
        this.pageset = new PerCpuPageset[nrCpus];
        for (int cpu = 0; cpu < nrCpus; cpu++) {
            pageset[cpu] = new PerCpuPageset();
        }
        for (int order = 0; order < MAX_ORDER; order++) {
            freeArea[order] = new FreeArea();
        }
        this.prevPriority = DEF_PRIORITY;
    }

    /** {@code zone_pcp(zone, cpu)}. */
    @Mirrors("zone_pcp")
    public PerCpuPageset zonePcp(int cpu) {
        return pageset[cpu];
    }

    /** Whether the zone has any memory ({@code populated_zone}). */
    public boolean populated() {
        return presentPages != 0;
    }

    /** {@code is_highmem(zone)}. */
    @Mirrors("is_highmem")
    public boolean isHighmem() {
        return idx == ZONE_HIGHMEM;
    }

    /** {@code is_highmem_idx(idx)}. */
    @Mirrors("is_highmem_idx")
    public static boolean isHighmemIdx(int idx) {
        return idx == ZONE_HIGHMEM;
    }

    @Override
    public String toString() {
        return "zone " + name;
    }
}
