package linux.mm.page;

/*
 * Mirrors linux-2.6.20 include/linux/mmzone.h pg_data_t (struct pglist_data) and the
 * node setup of mm/page_alloc.c (zone_sizes_init of arch/i386/kernel/setup.c,
 * free_area_init_core, memmap_init_zone, zone_batchsize, setup_pageset, zone_pcp_init).
 * Owns the node's zones, zonelists, mem_map and kswapd hand-off fields.
 */

import static linux.arch.x86.PageGeometry.PAGE_SHIFT;
import static linux.mm.page.Zone.MAX_NR_ZONES;
import static linux.mm.page.Zone.MAX_ORDER_NR_PAGES;
import static linux.mm.page.Zone.ZONE_DMA;
import static linux.mm.page.Zone.ZONE_HIGHMEM;
import static linux.mm.page.Zone.ZONE_NORMAL;

import linux.arch.x86.PhysicalMemory;
import linux.kernel.Mirrors;
import linux.kernel.Printk;

/**
 * The one memory node of the emulated i386 machine ({@code pg_data_t},
 * {@code contig_page_data}): its three zones, the zonelists allocations walk, the
 * {@code mem_map} array with one {@link Page} per frame, and the fields through which
 * the allocator hands work to kswapd ({@link #kswapdWait}, {@link #kswapdMaxOrder}).
 *
 * <p>Zone layout (zone_sizes_init): ZONE_DMA covers pfns below 16 MiB, ZONE_NORMAL
 * up to the i386 low-memory limit of 896 MiB ({@link #MAXMEM_PFN}), ZONE_HIGHMEM the
 * rest; a zone the RAM does not reach has no pages. Each zone's
 * {@code present_pages} is its span minus the pages its share of mem_map costs
 * ({@code spanned * sizeof(struct page) / PAGE_SIZE}, sizeof(struct page) being 32 on
 * i386), exactly the accounting free_area_init_core does; watermarks and per-CPU
 * batches are computed from it.
 *
 * <p>Locking: the fields are set up once at construction; zone state has its own locks
 * (see {@link Zone}).
 */
@Mirrors("pglist_data")
public final class Pglist {

    /** Pfn of MAX_DMA_ADDRESS (16 MiB): the end of ZONE_DMA. */
    @Mirrors("MAX_DMA_ADDRESS")
    public static final int MAX_DMA_PFN = (16 << 20) >> PAGE_SHIFT;

    /**
     * The i386 low-memory limit in pfns: MAXMEM = 4 GiB - PAGE_OFFSET (3 GiB) - the
     * 128 MiB vmalloc reserve = 896 MiB, so 229376 frames.
     */
    @Mirrors("MAXMEM_PFN")
    public static final int MAXMEM_PFN = (896 << 20) >> PAGE_SHIFT;

    /** sizeof(struct page) on i386 in 2.6.20: flags, _count, _mapcount, private, mapping, index, lru (2 words). */
    public static final int SIZEOF_STRUCT_PAGE = 32;

    /** node_zones[]: ZONE_DMA, ZONE_NORMAL, ZONE_HIGHMEM (possibly empty). */
    public final Zone[] nodeZones = new Zone[MAX_NR_ZONES];
    /** node_zonelists[gfp_zone(gfp)]: filled by {@link PageAlloc} (build_all_zonelists). */
    public final Zonelist[] nodeZonelists = new Zonelist[MAX_NR_ZONES];
    /** Index of the highest populated zone plus one. */
    public int nrZones;
    /** Always 0: one node. */
    public final int nodeId = 0;
    /** mem_map: one page per pfn, padded to a MAX_ORDER block (the padding is not RAM). */
    public final Page[] nodeMemMap;
    public final long nodeStartPfn = 0;
    /** Frames of RAM (no holes). */
    public final long nodePresentPages;
    public final long nodeSpannedPages;
    /** max_low_pfn: the end of low memory (DMA + Normal). */
    public final int maxLowPfn;
    /**
     * Where kswapd sleeps; the allocator's wakeup_kswapd (mm/vmscan.c) wakes it. A plain
     * monitor: wait()/notifyAll() under {@code synchronized (kswapdWait)}.
     */
    public final Object kswapdWait = new Object();
    /** The largest order an allocator asked kswapd to make room for since kswapd last looked. */
    public volatile int kswapdMaxOrder;

    /** The machine's RAM (null only for the arithmetic-only machines of the tests). */
    public final PhysicalMemory ram;
    /** Number of emulated CPUs (NR_CPUS of this machine). */
    public final int nrCpus;
    /** The machine's vm_stat counters and vm events. */
    public final Vmstat vmstat;

    /**
     * Sets up the node as free_area_init_node / free_area_init_core do at boot: zone
     * spans and present pages, per-CPU list sizes, empty free and LRU lists, and
     * mem_map with every page reserved (count 1), as memmap_init_zone leaves it. No page
     * is free yet; {@link PageAlloc} frees them (mem_init).
     *
     * @param frames frames of RAM
     * @param ram the machine's RAM ({@code frames} frames), or null for a machine whose
     *     frames are never touched (tests of the boot arithmetic on large machines)
     * @param nrCpus number of emulated CPUs (at least 1)
     * @param swapperSpace the kernel's swapper_space, which every Page refers to
     * @param printk where the KERN_DEBUG setup lines go
     */
    public Pglist(int frames, PhysicalMemory ram, int nrCpus, AddressSpace swapperSpace, Printk printk) {
        if (nrCpus < 1) {
            throw new IllegalArgumentException("need at least one CPU, not " + nrCpus);
        }
        if (ram != null && ram.nrFrames() != frames) {
            throw new IllegalArgumentException("RAM has " + ram.nrFrames() + " frames, not " + frames);
        }
        this.ram = ram;
        this.nrCpus = nrCpus;
        this.vmstat = new Vmstat(this);
        this.nodePresentPages = frames;
        this.nodeSpannedPages = frames;
        this.maxLowPfn = Math.min(frames, MAXMEM_PFN);

        // zone_sizes_init: the pfn where each zone ends
        long[] maxZonePfn = {
            Math.min(frames, MAX_DMA_PFN),
            maxLowPfn,
            frames,
        };

        // alloc_node_mem_map: mem_map covers the node rounded up to a MAX_ORDER block
        int mapPages = (frames + MAX_ORDER_NR_PAGES - 1) & ~(MAX_ORDER_NR_PAGES - 1);
        this.nodeMemMap = new Page[mapPages];

        long zoneStartPfn = 0;
        for (int j = 0; j < MAX_NR_ZONES; j++) {
            Zone zone = new Zone(this, j, nrCpus);
            nodeZones[j] = zone;
            long size = Math.max(0, maxZonePfn[j] - zoneStartPfn);
            long realsize = size;
            long memmapPages = (size * SIZEOF_STRUCT_PAGE) >> PAGE_SHIFT;
            if (realsize >= memmapPages) {
                realsize -= memmapPages;
                printk.printk(Printk.KERN_DEBUG, "  " + zone.name + " zone: " + memmapPages
                        + " pages used for memmap");
            } else {
                printk.printk(Printk.KERN_WARNING, "  " + zone.name + " zone: " + memmapPages
                        + " pages exceeds realsize " + realsize);
            }
            zone.zoneStartPfn = zoneStartPfn;
            zone.spannedPages = size;
            zone.presentPages = realsize;
            zone.freePages = 0;
            zone.prevPriority = Zone.DEF_PRIORITY;
            zonePcpInit(zone, printk);
            Vmstat.zapZoneVmStats(zone);
            if (size == 0) {
                continue;
            }
            nrZones = j + 1;
            zone.waitTable = Filemap.zoneWaitTableInit(Filemap.waitTableHashNrEntries(size));
            memmapInitZone(size, zone, zoneStartPfn, swapperSpace);
            zoneStartPfn += size;
        }
        // the padding up to the MAX_ORDER boundary: descriptors exist but are not RAM
        Zone lastZone = nodeZones[nrZones - 1];
        for (int pfn = frames; pfn < mapPages; pfn++) {
            nodeMemMap[pfn] = new Page(pfn, lastZone.idx, swapperSpace, lastZone.waitTable);
        }
    }

    /**
     * Builds the descriptors of one zone's frames, each reserved with count 1 and
     * mapcount -1 (the Page constructor does set_page_links, init_page_count,
     * reset_page_mapcount, SetPageReserved and INIT_LIST_HEAD).
     */
    @Mirrors("memmap_init_zone")
    private void memmapInitZone(long size, Zone zone, long startPfn, AddressSpace swapperSpace) {
        long end = startPfn + size;
        for (long pfn = startPfn; pfn < end; pfn++) {
            nodeMemMap[(int) pfn] = new Page((int) pfn, zone.idx, swapperSpace, zone.waitTable);
        }
    }

    /**
     * The per-CPU batch for a zone: about a thousandth of the zone, at most 512 KiB
     * worth, divided by 4, at least 1, then rounded down to 2^n - 1 (which makes it 0 for
     * zones under ~6 MiB: such zones pass every page straight to the buddy lists).
     */
    @Mirrors("zone_batchsize")
    static int zoneBatchsize(Zone zone) {
        long batch = zone.presentPages / 1024;
        if (batch * (1L << PAGE_SHIFT) > 512 * 1024) {
            batch = (512 * 1024) >> PAGE_SHIFT;
        }
        batch /= 4;
        if (batch < 1) {
            batch = 1;
        }
        long b = batch + batch / 2;
        int fls = 64 - Long.numberOfLeadingZeros(b);
        return (1 << (fls - 1)) - 1;
    }

    /** Sizes one CPU's hot list (high 6 x batch) and cold list (high 2 x batch, batch/2). */
    @Mirrors("setup_pageset")
    static void setupPageset(Zone.PerCpuPageset p, int batch) {
        Zone.PerCpuPages pcp = p.pcp[0];
        pcp.count = 0;
        pcp.high = 6 * batch;
        pcp.batch = Math.max(1, batch);
        pcp = p.pcp[1];
        pcp.count = 0;
        pcp.high = 2 * batch;
        pcp.batch = Math.max(1, batch / 2);
    }

    @Mirrors("zone_pcp_init")
    private void zonePcpInit(Zone zone, Printk printk) {
        int batch = zoneBatchsize(zone);
        for (int cpu = 0; cpu < nrCpus; cpu++) {
            setupPageset(zone.pageset[cpu], batch);
        }
        if (zone.presentPages != 0) {
            printk.printk(Printk.KERN_DEBUG, "  " + zone.name + " zone: " + zone.presentPages
                    + " pages, LIFO batch:" + batch);
        }
    }

    /** {@code pfn_valid(pfn)}: whether the pfn is a frame of RAM. */
    @Mirrors("pfn_valid")
    public boolean pfnValid(long pfn) {
        return pfn >= 0 && pfn < nodePresentPages;
    }

    /** {@code pfn_to_page(pfn)}: the descriptor of frame {@code pfn}. */
    @Mirrors("pfn_to_page")
    public Page pfnToPage(long pfn) {
        return nodeMemMap[(int) pfn];
    }

    /** {@code page_to_pfn(page)}. */
    @Mirrors("page_to_pfn")
    public static int pageToPfn(Page page) {
        return page.pfn;
    }

    /** {@code page_zone(page)}: the zone named by the zone number in the page's flags. */
    @Mirrors("page_zone")
    public Zone pageZone(Page page) {
        return nodeZones[Page.pageZonenum(page)];
    }

    /** {@code zone_idx(zone)}. */
    @Mirrors("zone_idx")
    public static int zoneIdx(Zone zone) {
        return zone.idx;
    }

    /** The zone of index {@code i} ({@code NODE_DATA(0)->node_zones + i}). */
    public Zone zone(int i) {
        return nodeZones[i];
    }

    /** ZONE_DMA, for readability at call sites. */
    public Zone dmaZone() {
        return nodeZones[ZONE_DMA];
    }

    /** ZONE_NORMAL. */
    public Zone normalZone() {
        return nodeZones[ZONE_NORMAL];
    }

    /** ZONE_HIGHMEM (unpopulated when RAM is at most 896 MiB). */
    public Zone highmemZone() {
        return nodeZones[ZONE_HIGHMEM];
    }
}
