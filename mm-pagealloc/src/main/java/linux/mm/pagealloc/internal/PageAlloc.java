package linux.mm.pagealloc.internal;

import linux.mm.page.*;

import linux.kernel.KernelBug;

/*
 * Mirrors linux-2.6.20 mm/page_alloc.c (the zoned buddy allocator: __alloc_pages,
 * get_page_from_freelist, buffered_rmqueue, __rmqueue, expand, __free_one_page,
 * free_pages_bulk, free_hot_cold_page, free_pages_check, prep_new_page, the watermark
 * setup and zone_watermark_ok), the allocation inlines of include/linux/gfp.h, and the
 * boot-time freeing of mm/bootmem.c free_all_bootmem_core and arch/i386/mm/init.c
 * (mem_init, add_one_highpage_init). Owns the node and the allocator's globals
 * (min_free_kbytes, totalram_pages, totalreserve_pages, sysctl_lowmem_reserve_ratio).
 */

import static linux.block.Bio.WRITE;
import static linux.mm.page.BackingDev.HZ;
import static linux.mm.page.Gfp.__GFP_COLD;
import static linux.mm.page.Gfp.__GFP_FS;
import static linux.mm.page.Gfp.__GFP_HARDWALL;
import static linux.mm.page.Gfp.__GFP_HIGH;
import static linux.mm.page.Gfp.__GFP_NOFAIL;
import static linux.mm.page.Gfp.__GFP_NOMEMALLOC;
import static linux.mm.page.Gfp.__GFP_NORETRY;
import static linux.mm.page.Gfp.__GFP_NOWARN;
import static linux.mm.page.Gfp.__GFP_REPEAT;
import static linux.mm.page.Gfp.__GFP_WAIT;
import static linux.mm.page.Gfp.__GFP_ZERO;
import static linux.mm.page.Page.pageAnon;
import static linux.mm.page.Page.initPageCount;
import static linux.mm.page.Page.pageCount;
import static linux.mm.page.Page.pageMapcount;
import static linux.mm.page.Page.pagePrivate;
import static linux.mm.page.Page.putPageTestzero;
import static linux.mm.page.Page.resetPageMapcount;
import static linux.mm.page.Page.setPageCount;
import static linux.mm.page.Page.setPagePrivate;
import static linux.mm.page.PageFlags.PG_active;
import static linux.mm.page.PageFlags.PG_arch_1;
import static linux.mm.page.PageFlags.PG_buddy;
import static linux.mm.page.PageFlags.PG_checked;
import static linux.mm.page.PageFlags.PG_dirty;
import static linux.mm.page.PageFlags.PG_error;
import static linux.mm.page.PageFlags.PG_locked;
import static linux.mm.page.PageFlags.PG_lru;
import static linux.mm.page.PageFlags.PG_mappedtodisk;
import static linux.mm.page.PageFlags.PG_private;
import static linux.mm.page.PageFlags.PG_reclaim;
import static linux.mm.page.PageFlags.PG_referenced;
import static linux.mm.page.PageFlags.PG_reserved;
import static linux.mm.page.PageFlags.PG_slab;
import static linux.mm.page.PageFlags.PG_swapcache;
import static linux.mm.page.PageFlags.PG_uptodate;
import static linux.mm.page.PageFlags.PG_writeback;
import static linux.mm.page.PageFlags.pageBuddy;
import static linux.mm.page.PageFlags.pageDirty;
import static linux.mm.page.PageFlags.pageReserved;
import static linux.mm.page.PageFlags.clearPageBuddyRaw;
import static linux.mm.page.PageFlags.clearPageDirtyRaw;
import static linux.mm.page.PageFlags.clearPageReservedRaw;
import static linux.mm.page.PageFlags.setPageBuddyRaw;
import static linux.mm.page.PageFlags.clearFlags;
import static linux.mm.page.PageFlags.pageFlagBits;
import static linux.mm.page.Zone.MAX_NR_ZONES;
import static linux.mm.page.Zone.MAX_ORDER;

import jakarta.inject.Provider;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import linux.arch.x86.PageGeometry;
import linux.arch.x86.PhysicalMemory;
import linux.kernel.Current;
import linux.kernel.EmulatorOnly;
import linux.kernel.Mirrors;
import linux.kernel.Printk;

/**
 * The page allocator of one emulated machine (mm/page_alloc.c). Building it boots the
 * memory side of the machine as start_kernel does: node and zone setup over the given
 * RAM, zonelists, freeing every unreserved frame into the buddy allocator (mem_init),
 * then the watermarks (init_per_zone_pages_min).
 *
 * <p>Frames kept back at boot (never freed), as i386 setup_arch reserves them:
 * pfn 0 (the BIOS data page) and the frames holding mem_map
 * ({@code ALIGN(nr_frames, MAX_ORDER_NR_PAGES) * 32} bytes; bootmem places it at
 * 16 MiB when low memory reaches past it, else right after pfn 0). There is no kernel
 * image, initrd or EBDA to reserve in the emulator.
 *
 * <p>Per-CPU state is indexed by {@link Current#smpProcessorId()} of the kernel's {@code current}.
 *
 * <p>Locking: {@code zone->lock} (a {@link java.util.concurrent.locks.ReentrantLock})
 * around every buddy-list change; each per-CPU list's monitor around its use, taken
 * before zone->lock (the kernel's irq-off section comes first the same way); the
 * watermark setup takes zone->lru_lock per zone. No lock is held across reclaim.
 */
public final class PageAlloc implements PageAllocOps {

    /** Do not check watermarks at all (PF_MEMALLOC / TIF_MEMDIE callers). */
    @Mirrors("ALLOC_NO_WATERMARKS")
    public static final int ALLOC_NO_WATERMARKS = 0x01;
    /** Test against pages_min. */
    @Mirrors("ALLOC_WMARK_MIN")
    public static final int ALLOC_WMARK_MIN = 0x02;
    /** Test against pages_low. */
    @Mirrors("ALLOC_WMARK_LOW")
    public static final int ALLOC_WMARK_LOW = 0x04;
    /** Test against pages_high. */
    @Mirrors("ALLOC_WMARK_HIGH")
    public static final int ALLOC_WMARK_HIGH = 0x08;
    /** Lower the mark by a quarter (atomic or realtime callers). */
    @Mirrors("ALLOC_HARDER")
    public static final int ALLOC_HARDER = 0x10;
    /** Lower the mark by half (__GFP_HIGH). */
    @Mirrors("ALLOC_HIGH")
    public static final int ALLOC_HIGH = 0x20;
    /** Respect the task's cpuset (always satisfied: no cpusets in the emulator). */
    @Mirrors("ALLOC_CPUSET")
    public static final int ALLOC_CPUSET = 0x40;

    /** Pages freed together at boot when a whole bootmem word is free (BITS_PER_LONG). */
    static final int BITS_PER_LONG = 32;

    private final Pglist pgdat;
    private final Vmstat vmstat;
    private final Printk printk;
    private final Current current;
    /** mm/vmscan.c: wakeup_kswapd and try_to_free_pages (a provider: reclaim allocates too). */
    private final Provider<VmscanOps> vmscan;
    /** mm/oom_kill.c: out_of_memory. */
    private final Provider<OomKillOps> oomKill;
    /** mm/backing-dev.c: the congestion_wait naps between retries. */
    private final BackingDev backingDev;

    /** min_free_kbytes: the reserve behind pages_min, in KiB (sysctl vm.min_free_kbytes). */
    private int minFreeKbytes = 1024;
    /** sysctl_lowmem_reserve_ratio: {256 for DMA, 32 for Normal}. */
    private final int[] sysctlLowmemReserveRatio = {256, 32};
    /** totalram_pages: pages given to the allocator at boot. */
    private long totalramPages;
    /** totalhigh_pages: the HighMem share of totalram_pages. */
    private long totalhighPages;
    /** totalreserve_pages: pages_high plus the largest lowmem_reserve, summed over zones. */
    private volatile long totalreservePages;
    /** vm_total_pages (mm/vmscan.c global) as build_all_zonelists computes it. */
    private long vmTotalPages;
    /** First pfn and size of the frames holding mem_map. */
    private final int memmapStartPfn;
    private final int memmapFrames;
    /** Bad pages reported (the TAINT_BAD_PAGE taint); any CPU may report one. */
    private final AtomicInteger badPages = new AtomicInteger();

    /**
     * Boots the memory side of a machine with {@code ram} and {@code nrCpus} CPUs:
     * node setup, zonelists, freeing every frame not reserved, then the watermarks.
     * Boot frees run as CPU 0, so CPU 0's per-CPU lists may hold pages afterwards, as in
     * the kernel.
     *
     * @param ram the machine's RAM
     * @param nrCpus number of emulated CPUs
     * @param swapperSpace the kernel's swapper_space (every Page refers to it)
     * @param printk the kernel log
     * @param current the kernel's current (CPU of the calling thread, task flags)
     * @param vmscan reclaim, reached only when an allocation falls below pages_low
     * @param oomKill the OOM killer, reached when direct reclaim made no progress
     * @param backingDev where the allocator naps before retrying
     */
    public PageAlloc(PhysicalMemory ram, int nrCpus, AddressSpace swapperSpace, Printk printk, Current current,
            Provider<VmscanOps> vmscan, Provider<OomKillOps> oomKill, BackingDev backingDev) {
        this(ram.nrFrames(), ram, nrCpus, swapperSpace, printk, current, vmscan, oomKill, backingDev);
    }

    /**
     * Boots a machine of {@code frames} frames whose RAM may be absent ({@code ram} null):
     * everything but __GFP_ZERO works, which lets tests check the boot arithmetic of
     * machines of a GiB and more without allocating their RAM.
     */
    public PageAlloc(int frames, PhysicalMemory ram, int nrCpus, AddressSpace swapperSpace, Printk printk, Current current,
            Provider<VmscanOps> vmscan, Provider<OomKillOps> oomKill, BackingDev backingDev) {
        this.printk = printk;
        this.current = current;
        this.vmscan = vmscan;
        this.oomKill = oomKill;
        this.backingDev = backingDev;
        this.pgdat = new Pglist(frames, ram, nrCpus, swapperSpace, printk);
        this.vmstat = pgdat.vmstat;
        int mapPages = pgdat.nodeMemMap.length;
        this.memmapFrames = (int) (((long) mapPages * Pglist.SIZEOF_STRUCT_PAGE + PageGeometry.PAGE_SIZE - 1)
                >> PageGeometry.PAGE_SHIFT);
        int goal = Pglist.MAX_DMA_PFN;
        this.memmapStartPfn = goal + memmapFrames <= pgdat.maxLowPfn ? goal : 1;
        if (memmapStartPfn + memmapFrames > pgdat.maxLowPfn) {
            throw new IllegalArgumentException("RAM of " + frames
                    + " frames is too small to hold its own mem_map");
        }
        buildAllZonelists();
        Current.ThreadInfo self = current.current();
        int cpu = self.cpu;
        self.cpu = 0; // the kernel boots on CPU 0
        try {
            memInit();
        } finally {
            self.cpu = cpu;
        }
        initPerZonePagesMin();
    }

    /** The node ({@code NODE_DATA(0)}, {@code contig_page_data}). */
    @EmulatorOnly("the node: NODE_DATA(0), a global in 2.6.20")
    public Pglist pgdat() {
        return pgdat;
    }

    /** The machine's counters. */
    @EmulatorOnly("the node's counters, globals in 2.6.20")
    public Vmstat vmstat() {
        return vmstat;
    }

    // ---- boot ----------------------------------------------------------------------

    /**
     * Builds {@code node_zonelists[i]} as the populated zones from i down to ZONE_DMA
     * (build_zonelists / build_zonelists_node), then computes vm_total_pages.
     */
    @Mirrors("build_all_zonelists")
    private void buildAllZonelists() {
        for (int i = 0; i < MAX_NR_ZONES; i++) {
            int n = 0;
            Zone[] tmp = new Zone[MAX_NR_ZONES];
            for (int t = i; t >= 0; t--) {
                Zone zone = pgdat.nodeZones[t];
                if (zone.populated()) {
                    tmp[n++] = zone;
                }
            }
            Zone[] zones = new Zone[n];
            System.arraycopy(tmp, 0, zones, 0, n);
            pgdat.nodeZonelists[i] = new Zonelist(zones);
        }
        vmTotalPages = nrFreePagecachePages();
        // a printk without a level gets default_message_loglevel, KERN_WARNING
        printk.printk(Printk.KERN_WARNING, "Built 1 zonelists.  Total pages: " + vmTotalPages);
    }

    /** Whether boot keeps frame {@code pfn} back (BIOS page 0 or mem_map). */
    private boolean bootReserved(int pfn) {
        return pfn == 0 || (pfn >= memmapStartPfn && pfn < memmapStartPfn + memmapFrames);
    }

    /**
     * Frees low memory the way free_all_bootmem_core walks the bootmem bitmap, one word
     * (32 pfns) at a time: a word with every frame free goes to the buddy lists as one
     * order-5 block, otherwise each free frame is freed alone (landing on the boot CPU's
     * hot list). Then HighMem frames are freed one by one (add_one_highpage_init).
     */
    @Mirrors("mem_init")
    private void memInit() {
        int low = pgdat.maxLowPfn;
        long count = 0;
        for (int pfn = 0; pfn < low; pfn += BITS_PER_LONG) {
            int end = Math.min(pfn + BITS_PER_LONG, low);
            boolean whole = end - pfn == BITS_PER_LONG;
            for (int p = pfn; whole && p < end; p++) {
                whole = !bootReserved(p);
            }
            if (whole) {
                freePagesBootmem(pgdat.pfnToPage(pfn), 5);
                count += BITS_PER_LONG;
                continue;
            }
            for (int p = pfn; p < end; p++) {
                if (!bootReserved(p)) {
                    freePagesBootmem(pgdat.pfnToPage(p), 0);
                    count++;
                }
            }
        }
        long high = 0;
        for (int pfn = low; pfn < pgdat.nodePresentPages; pfn++) {
            Page page = pgdat.pfnToPage(pfn);
            addOneHighpageInit(page);
            high++;
        }
        totalhighPages = high;
        totalramPages = count + high;
    }

    /** Releases a HighMem frame at boot: clear PG_reserved, count 1, then free it. */
    @Mirrors("add_one_highpage_init")
    private void addOneHighpageInit(Page page) {
        PageFlags.clearPageReserved(page);
        initPageCount(page);
        freePageRaw(page);
    }

    /**
     * Hands boot memory to the allocator without the reserved-page check: clears
     * PG_reserved and the count of each frame (a whole bootmem word for order 5), gives
     * the head one reference and frees it.
     */
    @Mirrors("__free_pages_bootmem")
    private void freePagesBootmem(Page page, int order) {
        if (order == 0) {
            clearPageReservedRaw(page);
            setPageCount(page, 0);
            setPageRefcounted(page);
            freePageRaw(page);
        } else {
            for (int loop = 0; loop < BITS_PER_LONG; loop++) {
                Page p = pgdat.pfnToPage(page.pfn + loop);
                clearPageReservedRaw(p);
                setPageCount(p, 0);
            }
            setPageRefcounted(page);
            freePagesRaw(page, order);
        }
    }

    /** set_page_refcounted (mm/internal.h): a page leaving the allocator gets count 1. */
    @Mirrors("set_page_refcounted")
    private static void setPageRefcounted(Page page) {
        assert pageCount(page) == 0 : "set_page_refcounted on a page in use: " + page;
        setPageCount(page, 1);
    }

    /**
     * min_free_kbytes = 4 x sqrt(lowmem KiB), computed as int_sqrt(lowmem_kbytes * 16),
     * clamped to [128, 65536]; then the per-zone watermarks and lowmem reserves. Low
     * memory is nr_free_buffer_pages(), which at boot (pages_high still 0) is the
     * present pages of DMA and Normal.
     */
    @Mirrors("init_per_zone_pages_min")
    private void initPerZonePagesMin() {
        long lowmemKbytes = nrFreeBufferPages() * (PageGeometry.PAGE_SIZE >> 10);
        long mfk = intSqrt(lowmemKbytes * 16);
        if (mfk < 128) {
            mfk = 128;
        }
        if (mfk > 65536) {
            mfk = 65536;
        }
        minFreeKbytes = (int) mfk;
        setupPerZonePagesMin();
        setupPerZoneLowmemReserve();
    }

    /** Integer square root rounded down (lib/int_sqrt.c), by the bit-by-bit method; for 0 <= x < 2^62. */
    @Mirrors("int_sqrt")
    public static long intSqrt(long x) {
        if (x <= 1) {
            return Math.max(x, 0);
        }
        long op = x;
        long res = 0;
        long one = 1L << 62;
        while (one > op) {
            one >>= 2;
        }
        while (one != 0) {
            if (op >= res + one) {
                op -= res + one;
                res += 2 * one;
            }
            res >>= 1;
            one >>= 2;
        }
        return res;
    }

    // ---- watermarks ----------------------------------------------------------------

    /**
     * Sets pages_min/low/high of every zone from min_free_kbytes. Low memory's share
     * of the reserve ({@code min_free_kbytes / 4} pages) is split in proportion to each
     * zone's present pages: {@code tmp = pages_min_total * present / lowmem_pages}; a
     * lowmem zone's pages_min is tmp, HighMem's is present/1024 clamped to
     * [SWAP_CLUSTER_MAX, 128]; every zone then gets pages_low = pages_min + tmp/4 and
     * pages_high = pages_min + tmp/2. Takes each zone's lru_lock while writing it.
     * Called at boot and by the min_free_kbytes sysctl.
     */
    @Mirrors("setup_per_zone_pages_min")
    public void setupPerZonePagesMin() {
        long pagesMin = minFreeKbytes >> (PageGeometry.PAGE_SHIFT - 10);
        long lowmemPages = 0;
        for (Zone zone : pgdat.nodeZones) {
            if (!zone.isHighmem()) {
                lowmemPages += zone.presentPages;
            }
        }
        for (Zone zone : pgdat.nodeZones) {
            zone.lruLock.lock();
            try {
                long tmp = lowmemPages == 0 ? 0 : pagesMin * zone.presentPages / lowmemPages;
                if (zone.isHighmem()) {
                    long minPages = zone.presentPages / 1024;
                    if (minPages < SwapOps.SWAP_CLUSTER_MAX) {
                        minPages = SwapOps.SWAP_CLUSTER_MAX;
                    }
                    if (minPages > 128) {
                        minPages = 128;
                    }
                    zone.pagesMin = minPages;
                } else {
                    zone.pagesMin = tmp;
                }
                zone.pagesLow = zone.pagesMin + (tmp >> 2);
                zone.pagesHigh = zone.pagesMin + (tmp >> 1);
            } finally {
                zone.lruLock.unlock();
            }
        }
        calculateTotalreservePages();
    }

    /**
     * Sets lowmem_reserve[]: for each zone j and each lower zone idx, the lower zone
     * keeps back (present pages of zones idx+1 .. j) / sysctl_lowmem_reserve_ratio[idx]
     * pages from allocations whose zonelist starts at zone j; a zone's own entry is 0.
     */
    @Mirrors("setup_per_zone_lowmem_reserve")
    public void setupPerZoneLowmemReserve() {
        for (int j = 0; j < MAX_NR_ZONES; j++) {
            Zone zone = pgdat.nodeZones[j];
            long presentPages = zone.presentPages;
            zone.lowmemReserve[j] = 0;
            for (int idx = j; idx > 0;) {
                idx--;
                if (sysctlLowmemReserveRatio[idx] < 1) {
                    sysctlLowmemReserveRatio[idx] = 1;
                }
                Zone lowerZone = pgdat.nodeZones[idx];
                lowerZone.lowmemReserve[j] = presentPages / sysctlLowmemReserveRatio[idx];
                presentPages += lowerZone.presentPages;
            }
        }
        calculateTotalreservePages();
    }

    /**
     * totalreserve_pages = sum over zones of min(present, pages_high + the largest
     * lowmem_reserve[j] for j >= the zone).
     */
    @Mirrors("calculate_totalreserve_pages")
    private void calculateTotalreservePages() {
        long reservePages = 0;
        for (int i = 0; i < MAX_NR_ZONES; i++) {
            Zone zone = pgdat.nodeZones[i];
            long max = 0;
            for (int j = i; j < MAX_NR_ZONES; j++) {
                if (zone.lowmemReserve[j] > max) {
                    max = zone.lowmemReserve[j];
                }
            }
            max += zone.pagesHigh;
            if (max > zone.presentPages) {
                max = zone.presentPages;
            }
            reservePages += max;
        }
        totalreservePages = reservePages;
    }

    /** The sysctl vm.min_free_kbytes write: store the value and recompute the watermarks. */
    @Mirrors("min_free_kbytes_sysctl_handler")
    public void minFreeKbytesSysctlHandler(int kbytes) {
        minFreeKbytes = kbytes;
        setupPerZonePagesMin();
    }

    /** The sysctl vm.lowmem_reserve_ratio write: store the ratios and recompute the reserves. */
    @Mirrors("lowmem_reserve_ratio_sysctl_handler")
    public void lowmemReserveRatioSysctlHandler(int dmaRatio, int normalRatio) {
        sysctlLowmemReserveRatio[0] = dmaRatio;
        sysctlLowmemReserveRatio[1] = normalRatio;
        setupPerZoneLowmemReserve();
    }

    @Mirrors("min_free_kbytes")
    public int minFreeKbytes() {
        return minFreeKbytes;
    }

    @Mirrors("totalram_pages")
    public long totalramPages() {
        return totalramPages;
    }

    @Mirrors("totalhigh_pages")
    public long totalhighPages() {
        return totalhighPages;
    }

    @Mirrors("totalreserve_pages")
    public long totalreservePages() {
        return totalreservePages;
    }

    /** vm_total_pages: pages of all zones above their pages_high when the zonelists were built. */
    @Mirrors("vm_total_pages")
    public long vmTotalPages() {
        return vmTotalPages;
    }

    /** num_physpages: frames of RAM. */
    @Mirrors("num_physpages")
    public long numPhyspages() {
        return pgdat.nodePresentPages;
    }

    /** First pfn of the frames boot reserved for mem_map. */
    @EmulatorOnly("where boot put mem_map, which bootmem leaves implicit")
    public int memmapStartPfn() {
        return memmapStartPfn;
    }

    /** Number of frames boot reserved for mem_map. */
    @EmulatorOnly("where boot put mem_map, which bootmem leaves implicit")
    public int memmapFrames() {
        return memmapFrames;
    }

    /** How many bad pages bad_page has reported (each taints the kernel). */
    @EmulatorOnly("the count of bad_page reports, which 2.6.20 only keeps as a taint flag")
    public int badPages() {
        return badPages.get();
    }

    /**
     * Whether {@code z} has enough free pages for an allocation of {@code order} that
     * must leave {@code mark} pages (lowered by half for ALLOC_HIGH, then by a quarter
     * for ALLOC_HARDER) plus the zone's lowmem_reserve for {@code classzoneIdx}; for
     * order > 0, also whether enough of the free pages sit in blocks of each lower order,
     * halving the requirement per order. Reads free_pages without the zone lock, as the
     * kernel does. Called by the allocator and by kswapd (balance_pgdat, wakeup_kswapd).
     */
    @Mirrors("zone_watermark_ok")
    @Override
    public boolean zoneWatermarkOk(Zone z, int order, long mark, int classzoneIdx, int allocFlags) {
        long min = mark;
        long freePages = z.freePages - (1L << order) + 1;
        if ((allocFlags & ALLOC_HIGH) != 0) {
            min -= min / 2;
        }
        if ((allocFlags & ALLOC_HARDER) != 0) {
            min -= min / 4;
        }
        if (freePages <= min + z.lowmemReserve[classzoneIdx]) {
            return false;
        }
        for (int o = 0; o < order; o++) {
            freePages -= z.freeArea[o].nrFree << o;
            min >>= 1;
            if (freePages <= min) {
                return false;
            }
        }
        return true;
    }

    // ---- allocation -----------------------------------------------------------------

    /**
     * {@code alloc_pages(gfp_mask, order)}: 2^order contiguous pages from the zonelist
     * gfp_zone(gfp_mask) selects, or null. Orders of MAX_ORDER and above always fail.
     */
    @Mirrors("alloc_pages")
    public Page allocPages(int gfpMask, int order) {
        if (order >= MAX_ORDER) {
            return null;
        }
        return allocPagesRaw(gfpMask, order, pgdat.nodeZonelists[Gfp.gfpZone(gfpMask)]);
    }

    /**
     * {@code alloc_page_vma(gfp_mask, vma, addr)}: a page for a user mapping. Without
     * CONFIG_NUMA there is no memory policy, so this is alloc_pages(gfp_mask, 0).
     */
    @Mirrors("alloc_page_vma")
    public Page allocPageVma(int gfpMask, VmAreaStruct vma, long address) {
        return allocPages(gfpMask, 0);
    }

    /** {@code alloc_page(gfp_mask)}: one page. */
    @Mirrors("alloc_page")
    public Page allocPage(int gfpMask) {
        return allocPages(gfpMask, 0);
    }

    /**
     * The zoned allocator (kernel-2.6.20.md §5.9): take a page from the first zone above
     * pages_low; failing that wake kswapd for every zone and retry above pages_min (lowered
     * for __GFP_HIGH, atomic and realtime callers). Below that (rebalance): a PF_MEMALLOC or
     * OOM-killed task not in interrupt ignores the watermarks (unless __GFP_NOMEMALLOC;
     * __GFP_NOFAIL waits and tries again) and otherwise fails; an atomic caller fails; a
     * caller that may sleep reclaims for itself (try_to_free_pages, with PF_MEMALLOC set
     * meanwhile so reclaim's own allocations do not recurse). After progress it tries again
     * above pages_min; after none, a caller that may enter the file system and retry makes a
     * last attempt above pages_high (to catch a parallel OOM kill) and calls out_of_memory,
     * then starts over. Otherwise orders up to 3 (or __GFP_REPEAT, or __GFP_NOFAIL) nap
     * (congestion_wait, HZ/50) and rebalance again, unless __GFP_NORETRY; the rest fail
     * with "&lt;comm&gt;: page allocation failure. order:N, mode:0xM" unless __GFP_NOWARN.
     * So an order-0 GFP_KERNEL allocation never fails: it loops until reclaim or the OOM
     * killer find it a page.
     *
     * <p>Differs from 2.6.20: no cpusets (ALLOC_CPUSET and __GFP_HARDWALL change nothing,
     * no cpuset_memory_pressure_bump), no NUMA (GFP_THISNODE), no fault injection, no
     * cond_resched; reclaim keeps its own reclaim_state (no slab); the failure message is not
     * followed by a stack dump and show_mem.
     */
    @Mirrors("__alloc_pages")
    public Page allocPagesRaw(int gfpMask, int order, Zonelist zonelist) {
        final boolean wait = (gfpMask & __GFP_WAIT) != 0;
        final Current.ThreadInfo p = current.current();
        Page page;
        boolean doRetry;
        int allocFlags;
        int didSomeProgress;

        restart:
        for (;;) {
            Zone[] z = zonelist.zones; // the zones suitable for gfp_mask
            if (z.length == 0) {
                return null;
            }

            page = getPageFromFreelist(gfpMask | __GFP_HARDWALL, order, zonelist, ALLOC_WMARK_LOW | ALLOC_CPUSET);
            if (page != null) {
                return page;
            }

            for (Zone zone : z) {
                vmscan.get().wakeupKswapd(zone, order);
            }

            // Below the kswapd mark. Callers that cannot reclaim, realtime tasks and
            // __GFP_HIGH requests may go deeper into the reserves (GFP_ATOMIC: both).
            allocFlags = ALLOC_WMARK_MIN;
            if ((p.rtTask && !current.inInterrupt()) || !wait) {
                allocFlags |= ALLOC_HARDER;
            }
            if ((gfpMask & __GFP_HIGH) != 0) {
                allocFlags |= ALLOC_HIGH;
            }
            if (wait) {
                allocFlags |= ALLOC_CPUSET;
            }

            // the last try before reclaim
            page = getPageFromFreelist(gfpMask, order, zonelist, allocFlags);
            if (page != null) {
                return page;
            }

            rebalance:
            for (;;) {
                if (((p.flags & Current.PF_MEMALLOC) != 0 || p.tifMemdie) && !current.inInterrupt()) {
                    if ((gfpMask & __GFP_NOMEMALLOC) == 0) {
                        for (;;) { // nofail_alloc: ignore the watermarks altogether
                            page = getPageFromFreelist(gfpMask, order, zonelist, ALLOC_NO_WATERMARKS);
                            if (page != null) {
                                return page;
                            }
                            if ((gfpMask & __GFP_NOFAIL) == 0) {
                                break;
                            }
                            backingDev.congestionWait(WRITE, HZ / 50);
                        }
                    }
                    break rebalance; // nopage
                }

                // atomic allocations cannot reclaim
                if (!wait) {
                    break rebalance; // nopage
                }

                // direct reclaim
                p.flags |= Current.PF_MEMALLOC;
                try {
                    didSomeProgress = vmscan.get().tryToFreePages(zonelist.zones, gfpMask);
                } finally {
                    p.flags &= ~Current.PF_MEMALLOC;
                }

                if (didSomeProgress != 0) {
                    page = getPageFromFreelist(gfpMask, order, zonelist, allocFlags);
                    if (page != null) {
                        return page;
                    }
                } else if ((gfpMask & __GFP_FS) != 0 && (gfpMask & __GFP_NORETRY) == 0) {
                    // One more look with the high mark, only to catch memory an OOM kill
                    // running in parallel freed; still under pressure, kill.
                    page = getPageFromFreelist(gfpMask | __GFP_HARDWALL, order, zonelist,
                            ALLOC_WMARK_HIGH | ALLOC_CPUSET);
                    if (page != null) {
                        return page;
                    }
                    oomKill.get().outOfMemory(zonelist, gfpMask, order);
                    continue restart;
                }

                // Large orders loop only if asked to (__GFP_REPEAT is __GFP_NOFAIL for
                // orders up to 3 here); wait for some writes first.
                doRetry = false;
                if ((gfpMask & __GFP_NORETRY) == 0) {
                    if (order <= 3 || (gfpMask & __GFP_REPEAT) != 0) {
                        doRetry = true;
                    }
                    if ((gfpMask & __GFP_NOFAIL) != 0) {
                        doRetry = true;
                    }
                }
                if (doRetry) {
                    backingDev.congestionWait(WRITE, HZ / 50);
                    continue rebalance;
                }
                break rebalance;
            }

            // nopage
            if ((gfpMask & __GFP_NOWARN) == 0) {
                printk.printk(Printk.KERN_WARNING, p.comm + ": page allocation failure. order:" + order
                        + ", mode:0x" + Integer.toHexString(gfpMask));
            }
            return null;
        }
    }

    /**
     * Walks the zonelist and takes the page from the first zone that passes the
     * watermark test {@code allocFlags} selects (pages_min, pages_low or pages_high,
     * none for ALLOC_NO_WATERMARKS), with the classzone being the zonelist's first zone.
     */
    @Mirrors("get_page_from_freelist")
    Page getPageFromFreelist(int gfpMask, int order, Zonelist zonelist, int allocFlags) {
        int classzoneIdx = zonelist.zones[0].idx;
        for (Zone zone : zonelist.zones) {
            if ((allocFlags & ALLOC_NO_WATERMARKS) == 0) {
                long mark;
                if ((allocFlags & ALLOC_WMARK_MIN) != 0) {
                    mark = zone.pagesMin;
                } else if ((allocFlags & ALLOC_WMARK_LOW) != 0) {
                    mark = zone.pagesLow;
                } else {
                    mark = zone.pagesHigh;
                }
                if (!zoneWatermarkOk(zone, order, mark, classzoneIdx, allocFlags)) {
                    continue;
                }
            }
            Page page = bufferedRmqueue(zonelist, zone, order, gfpMask);
            if (page != null) {
                return page;
            }
        }
        return null;
    }

    /**
     * Takes a page of {@code order} from {@code zone}: order 0 from this CPU's hot or
     * cold list (__GFP_COLD), refilled with {@code batch} pages from the buddy lists
     * when empty; larger orders straight from the buddy lists. Counts PGALLOC for the
     * zone and checks the page with prep_new_page; a bad page is reported and another
     * one taken.
     */
    @Mirrors("buffered_rmqueue")
    private Page bufferedRmqueue(Zonelist zonelist, Zone zone, int order, int gfpFlags) {
        int cold = (gfpFlags & __GFP_COLD) != 0 ? 1 : 0;
        for (;;) {
            int cpu = current.smpProcessorId();
            Page page;
            if (order == 0) {
                Zone.PerCpuPages pcp = zone.pageset[cpu].pcp[cold];
                synchronized (pcp) {
                    if (pcp.count == 0) {
                        pcp.count = rmqueueBulk(zone, 0, pcp.batch, pcp.list);
                        if (pcp.count == 0) {
                            return null;
                        }
                    }
                    page = pcp.list.first();
                    ListHead.listDel(page);
                    pcp.count--;
                }
            } else {
                zone.lock.lock();
                try {
                    page = rmqueueLocked(zone, order);
                } finally {
                    zone.lock.unlock();
                }
                if (page == null) {
                    return null;
                }
            }
            vmstat.countZoneVmEvents(VmEventItem.PGALLOC_DMA, zone, 1L << order);
            if (prepNewPage(page, order, gfpFlags)) {
                continue;
            }
            return page;
        }
    }

    /**
     * Takes {@code count} order-{@code order} blocks from the buddy lists under one hold
     * of zone->lock and appends them to {@code list}; returns how many it got.
     */
    @Mirrors("rmqueue_bulk")
    private int rmqueueBulk(Zone zone, int order, int count, ListHead list) {
        zone.lock.lock();
        try {
            int i;
            for (i = 0; i < count; i++) {
                Page page = rmqueueLocked(zone, order);
                if (page == null) {
                    break;
                }
                ListHead.listAddTail(page, list);
            }
            return i;
        } finally {
            zone.lock.unlock();
        }
    }

    /**
     * Takes the first block of the smallest non-empty order at or above {@code order}
     * and splits it down ({@link #expand}). Caller holds zone->lock.
     */
    @Mirrors("__rmqueue")
    Page rmqueueLocked(Zone zone, int order) {
        assert zone.lock.isHeldByCurrentThread();
        for (int currentOrder = order; currentOrder < MAX_ORDER; currentOrder++) {
            Zone.FreeArea area = zone.freeArea[currentOrder];
            if (area.freeList.listEmpty()) {
                continue;
            }
            Page page = area.freeList.first();
            ListHead.listDel(page);
            rmvPageOrder(page);
            area.nrFree--;
            zone.freePages -= 1L << order;
            expand(zone, page, order, currentOrder);
            return page;
        }
        return null;
    }

    /**
     * Splits a block of order {@code high} whose first 2^low pages are being handed out:
     * the upper half of each split goes back on the free list one order down, until
     * order {@code low} remains. Caller holds zone->lock.
     */
    @Mirrors("expand")
    private void expand(Zone zone, Page page, int low, int high) {
        int size = 1 << high;
        while (high > low) {
            high--;
            size >>= 1;
            Page buddy = pgdat.pfnToPage(page.pfn + size);
            assert pgdat.pageZone(buddy) == zone;
            ListHead.listAdd(buddy, zone.freeArea[high].freeList);
            zone.freeArea[high].nrFree++;
            setPageOrder(buddy, high);
        }
    }

    /** The order of a free block head (kept in page->private while PG_buddy). */
    @Mirrors("page_order")
    static int pageOrder(Page page) {
        return pagePrivate(page);
    }

    @Mirrors("set_page_order")
    private static void setPageOrder(Page page, int order) {
        setPagePrivate(page, order);
        setPageBuddyRaw(page);
    }

    @Mirrors("rmv_page_order")
    private static void rmvPageOrder(Page page) {
        clearPageBuddyRaw(page);
        setPagePrivate(page, 0);
    }

    /**
     * Whether {@code buddy} is the free buddy of {@code page} at {@code order}: same
     * zone, PG_buddy set and the same order recorded. A free buddy must have count 0.
     */
    @Mirrors("page_is_buddy")
    private static boolean pageIsBuddy(Page page, Page buddy, int order) {
        if (Page.pageZonenum(page) != Page.pageZonenum(buddy)) {
            return false;
        }
        if (pageBuddy(buddy) && pageOrder(buddy) == order) {
            if (pageCount(buddy) != 0) {
                throw new KernelBug("page_is_buddy: free buddy pfn " + buddy.pfn + " has count " + pageCount(buddy));
            }
            return true;
        }
        return false;
    }

    /**
     * Returns a block of 2^order pages to the buddy lists, merging it with its buddy
     * (block index XOR 2^order within the MAX_ORDER block) for as long as the buddy is
     * free at the same order, up to order MAX_ORDER-1; the merged block goes on the HEAD
     * of its order's list. Adds 2^order to free_pages. Caller holds zone->lock.
     *
     * <p>Differs from 2.6.20: compound pages are not modelled (no hugetlb or slab), so
     * there is no destroy_compound_page step.
     */
    @Mirrors("__free_one_page")
    private void freeOnePageLocked(Page page, Zone zone, int order) {
        assert zone.lock.isHeldByCurrentThread();
        int pageIdx = page.pfn & ((1 << MAX_ORDER) - 1);
        int orderSize = 1 << order;
        assert (pageIdx & (orderSize - 1)) == 0 : "misaligned free of pfn " + page.pfn + " order " + order;
        assert pgdat.pageZone(page) == zone;
        zone.freePages += orderSize;
        while (order < MAX_ORDER - 1) {
            int buddyIdx = pageIdx ^ (1 << order);
            Page buddy = pgdat.pfnToPage(page.pfn + (buddyIdx - pageIdx));
            if (!pageIsBuddy(page, buddy, order)) {
                break;
            }
            ListHead.listDel(buddy);
            zone.freeArea[order].nrFree--;
            rmvPageOrder(buddy);
            int combinedIdx = pageIdx & ~(1 << order);
            page = pgdat.pfnToPage(page.pfn + (combinedIdx - pageIdx));
            pageIdx = combinedIdx;
            order++;
        }
        setPageOrder(page, order);
        ListHead.listAdd(page, zone.freeArea[order].freeList);
        zone.freeArea[order].nrFree++;
    }

    /** The flags a page may not carry when freed (free_pages_check). */
    private static final int FREE_CHECK_FLAGS = 1 << PG_lru | 1 << PG_private | 1 << PG_locked
            | 1 << PG_active | 1 << PG_reclaim | 1 << PG_slab | 1 << PG_swapcache
            | 1 << PG_writeback | 1 << PG_reserved | 1 << PG_buddy;

    /** The flags a page may not carry when allocated (prep_new_page): the above plus PG_dirty. */
    private static final int PREP_CHECK_FLAGS = FREE_CHECK_FLAGS | 1 << PG_dirty;

    /** The flags bad_page clears. */
    private static final int BAD_PAGE_CLEAR = 1 << PG_lru | 1 << PG_private | 1 << PG_locked
            | 1 << PG_active | 1 << PG_dirty | 1 << PG_reclaim | 1 << PG_slab
            | 1 << PG_swapcache | 1 << PG_writeback | 1 << PG_buddy;

    /** The flags prep_new_page clears on a good page. */
    private static final int PREP_CLEAR = 1 << PG_uptodate | 1 << PG_error | 1 << PG_referenced
            | 1 << PG_arch_1 | 1 << PG_checked | 1 << PG_mappedtodisk;

    /**
     * Checks a page being freed: it must be unmapped, have no mapping, count 0 and
     * none of lru/private/locked/active/reclaim/slab/swapcache/writeback/reserved/buddy;
     * otherwise it is reported with {@link #badPage}. PG_dirty is cleared silently.
     * Returns whether the page is reserved (then it must not be freed).
     */
    @Mirrors("free_pages_check")
    boolean freePagesCheck(Page page) {
        if (pageMapcount(page) != 0 || page.mapping != null || pageCount(page) != 0
                || (pageFlagBits(page) & FREE_CHECK_FLAGS) != 0) {
            badPage(page);
        }
        if (pageDirty(page)) {
            clearPageDirtyRaw(page);
        }
        return pageReserved(page);
    }

    /**
     * Reports a page in an impossible state and repairs it so the allocator can go on:
     * logs "Bad page state in process '&lt;comm&gt;'" with the page's flags, mapping,
     * mapcount and count at KERN_EMERG, clears the offending flags, count 0, mapcount -1,
     * mapping null, and counts the taint. PG_reserved is left alone (the caller then
     * refuses the page).
     *
     * <p>Differs from 2.6.20: the page is shown by its pfn rather than its address, and
     * no stack is dumped.
     */
    @Mirrors("bad_page")
    void badPage(Page page) {
        String comm = current.current().comm;
        printk.printk(Printk.KERN_EMERG, "Bad page state in process '" + comm + "'");
        printk.printk(Printk.KERN_EMERG, String.format("page:pfn %d flags:0x%08x mapping:%s mapcount:%d count:%d",
                page.pfn, page.flags(), page.mapping == null ? "00000000" : page.mapping.toString(),
                pageMapcount(page), pageCount(page)));
        printk.printk(Printk.KERN_EMERG, "Trying to fix it up, but a reboot is needed");
        printk.printk(Printk.KERN_EMERG, "Backtrace:");
        clearFlags(page, BAD_PAGE_CLEAR);
        setPageCount(page, 0);
        resetPageMapcount(page);
        page.mapping = null;
        badPages.incrementAndGet();
    }

    /**
     * Checks a page leaving the allocator (as free_pages_check, PG_dirty also
     * forbidden); a reserved page is refused (returns true, the caller takes another).
     * Otherwise clears the stale state flags, private, sets count 1 and zeroes the
     * frames for __GFP_ZERO.
     *
     * <p>Differs from 2.6.20: __GFP_COMP is ignored (no compound pages).
     */
    @Mirrors("prep_new_page")
    private boolean prepNewPage(Page page, int order, int gfpFlags) {
        if (pageMapcount(page) != 0 || page.mapping != null || pageCount(page) != 0
                || (pageFlagBits(page) & PREP_CHECK_FLAGS) != 0) {
            badPage(page);
        }
        if (pageReserved(page)) {
            return true;
        }
        clearFlags(page, PREP_CLEAR);
        setPagePrivate(page, 0);
        setPageRefcounted(page);
        if ((gfpFlags & __GFP_ZERO) != 0) {
            if (pgdat.ram == null) {
                throw new IllegalStateException("__GFP_ZERO on a machine built without RAM");
            }
            for (int i = 0; i < (1 << order); i++) {
                pgdat.ram.clearFrame(page.pfn + i);
            }
        }
        return false;
    }

    // ---- freeing ----------------------------------------------------------------------

    /**
     * Returns {@code count} pages from the TAIL of {@code list} (a per-CPU list) to the
     * buddy lists under zone->lock. Any freeing clears the zone's all_unreclaimable and
     * pages_scanned: reclaim's "everything pinned" verdict no longer holds.
     */
    @Mirrors("free_pages_bulk")
    private void freePagesBulk(Zone zone, int count, ListHead list, int order) {
        zone.lock.lock();
        try {
            zone.allUnreclaimable = 0;
            zone.pagesScanned = 0;
            while (count-- > 0) {
                Page page = list.lruToPage();
                assert page != null : "free_pages_bulk: list ran out";
                ListHead.listDel(page);
                freeOnePageLocked(page, zone, order);
            }
        } finally {
            zone.lock.unlock();
        }
    }

    /** Returns one block to the buddy lists under zone->lock, clearing all_unreclaimable and pages_scanned. */
    @Mirrors("free_one_page")
    private void freeOnePage(Zone zone, Page page, int order) {
        zone.lock.lock();
        try {
            zone.allUnreclaimable = 0;
            zone.pagesScanned = 0;
            freeOnePageLocked(page, zone, order);
        } finally {
            zone.lock.unlock();
        }
    }

    /** Frees a block of order > 0 (or a boot block): check every page, count PGFREE, free to buddy. */
    @Mirrors("__free_pages_ok")
    private void freePagesOkRaw(Page page, int order) {
        int reserved = 0;
        for (int i = 0; i < (1 << order); i++) {
            reserved += freePagesCheck(pgdat.pfnToPage(page.pfn + i)) ? 1 : 0;
        }
        if (reserved != 0) {
            return;
        }
        vmstat.countVmEvents(VmEventItem.PGFREE, 1L << order);
        freeOnePage(pgdat.pageZone(page), page, order);
    }

    /**
     * Frees one page onto this CPU's hot ({@code cold} false) or cold list: an anon
     * page loses its anon_vma pointer first, a bad page is reported and a reserved one
     * kept; when the list reaches {@code high}, {@code batch} pages from its TAIL go back
     * to the buddy lists.
     */
    @Mirrors("free_hot_cold_page")
    private void freeHotColdPage(Page page, boolean cold) {
        Zone zone = pgdat.pageZone(page);
        if (pageAnon(page)) {
            page.mapping = null;
        }
        if (freePagesCheck(page)) {
            return;
        }
        Zone.PerCpuPages pcp = zone.pageset[current.smpProcessorId()].pcp[cold ? 1 : 0];
        synchronized (pcp) {
            vmstat.countVmEvent(VmEventItem.PGFREE);
            ListHead.listAdd(page, pcp.list);
            pcp.count++;
            if (pcp.count >= pcp.high) {
                freePagesBulk(zone, pcp.batch, pcp.list, 0);
                pcp.count -= pcp.batch;
            }
        }
    }

    /** Frees a page whose count already dropped to 0 onto the hot list. */
    @Mirrors("free_hot_page")
    public void freeHotPage(Page page) {
        freeHotColdPage(page, false);
    }

    /** Frees a page whose count already dropped to 0 onto the cold list. */
    @Mirrors("free_cold_page")
    public void freeColdPage(Page page) {
        freeHotColdPage(page, true);
    }

    /** Frees every page of a pagevec (counts already 0), last first, hot or cold as the pagevec says. */
    @Mirrors("__pagevec_free")
    public void pagevecFreeRaw(Pagevec pvec) {
        int i = pvec.pagevecCount();
        while (--i >= 0) {
            freeHotColdPage(pvec.pages[i], pvec.cold);
        }
    }

    /**
     * Drops a reference to a block of 2^order pages and frees it when that was the last:
     * order 0 to the hot list, larger orders to the buddy lists.
     */
    @Mirrors("__free_pages")
    public void freePagesRaw(Page page, int order) {
        if (putPageTestzero(page)) {
            if (order == 0) {
                freeHotPage(page);
            } else {
                freePagesOkRaw(page, order);
            }
        }
    }

    /** {@code __free_page(page)}: {@code __free_pages(page, 0)}. */
    @Mirrors("__free_page")
    public void freePageRaw(Page page) {
        freePagesRaw(page, 0);
    }

    /**
     * Turns an allocated block of 2^order pages into 2^order single pages, each with
     * its own reference (the head keeps the one it has).
     */
    @Mirrors("split_page")
    public void splitPage(Page page, int order) {
        assert pageCount(page) != 0;
        for (int i = 1; i < (1 << order); i++) {
            setPageRefcounted(pgdat.pfnToPage(page.pfn + i));
        }
    }

    /**
     * Empties {@code cpu}'s hot and cold lists of every zone into the buddy lists
     * (__drain_pages; drain_local_pages for the calling CPU). Used for CPU hotplug,
     * suspend, and by tests that want exact buddy counts.
     */
    @Mirrors("__drain_pages")
    public void drainPagesRaw(int cpu) {
        for (Zone zone : pgdat.nodeZones) {
            if (!zone.populated()) {
                continue;
            }
            for (Zone.PerCpuPages pcp : zone.pageset[cpu].pcp) {
                synchronized (pcp) {
                    freePagesBulk(zone, pcp.count, pcp.list, 0);
                    pcp.count = 0;
                }
            }
        }
    }

    /** Empties the calling CPU's per-CPU lists. */
    @Mirrors("drain_local_pages")
    public void drainLocalPages() {
        drainPagesRaw(current.smpProcessorId());
    }

    // ---- counting ---------------------------------------------------------------------

    /** Free pages in the buddy lists of all zones (per-CPU lists not included). */
    @Mirrors("nr_free_pages")
    public long nrFreePages() {
        long sum = 0;
        for (Zone zone : pgdat.nodeZones) {
            sum += zone.freePages;
        }
        return sum;
    }

    /**
     * Logs the state of every populated zone as the OOM report and SysRq-M do: each
     * CPU's hot and cold list sizes, the machine's LRU and page-state totals, per zone
     * the free pages, watermarks, LRU sizes and lowmem_reserve, and per zone the free
     * blocks of each order with their total. Each of the kernel's lines is one printk
     * line here, at the default level (KERN_WARNING).
     *
     * <p>Differs from 2.6.20: the swap-cache summary (show_swap_cache_info, of
     * mm/swap_state.c) that ends the kernel's report is not printed.
     */
    @Mirrors("show_free_areas")
    public void showFreeAreas() {
        String lvl = Printk.KERN_WARNING;
        for (Zone zone : pgdat.nodeZones) {
            if (!zone.populated()) {
                continue;
            }
            printk.printk(lvl, zone.name + " per-cpu:");
            for (int cpu = 0; cpu < pgdat.nrCpus; cpu++) {
                Zone.PerCpuPages hot = zone.pageset[cpu].pcp[0];
                Zone.PerCpuPages cold = zone.pageset[cpu].pcp[1];
                printk.printk(lvl, String.format("CPU %4d: Hot: hi:%5d, btch:%4d usd:%4d   Cold: hi:%5d, btch:%4d usd:%4d",
                        cpu, hot.high, hot.batch, hot.count, cold.high, cold.batch, cold.count));
            }
        }
        long[] counts = vmstat.getZoneCounts();
        printk.printk(lvl, "Active:" + counts[0] + " inactive:" + counts[1]
                + " dirty:" + vmstat.globalPageState(ZoneStatItem.NR_FILE_DIRTY)
                + " writeback:" + vmstat.globalPageState(ZoneStatItem.NR_WRITEBACK)
                + " unstable:" + vmstat.globalPageState(ZoneStatItem.NR_UNSTABLE_NFS)
                + " free:" + nrFreePages()
                + " slab:" + (vmstat.globalPageState(ZoneStatItem.NR_SLAB_RECLAIMABLE)
                        + vmstat.globalPageState(ZoneStatItem.NR_SLAB_UNRECLAIMABLE))
                + " mapped:" + vmstat.globalPageState(ZoneStatItem.NR_FILE_MAPPED)
                + " pagetables:" + vmstat.globalPageState(ZoneStatItem.NR_PAGETABLE));
        int k = PageGeometry.PAGE_SHIFT - 10;
        for (Zone zone : pgdat.nodeZones) {
            if (!zone.populated()) {
                continue;
            }
            printk.printk(lvl, zone.name
                    + " free:" + (zone.freePages << k) + "kB"
                    + " min:" + (zone.pagesMin << k) + "kB"
                    + " low:" + (zone.pagesLow << k) + "kB"
                    + " high:" + (zone.pagesHigh << k) + "kB"
                    + " active:" + (zone.nrActive << k) + "kB"
                    + " inactive:" + (zone.nrInactive << k) + "kB"
                    + " present:" + (zone.presentPages << k) + "kB"
                    + " pages_scanned:" + zone.pagesScanned
                    + " all_unreclaimable? " + (zone.allUnreclaimable != 0 ? "yes" : "no"));
            StringBuilder sb = new StringBuilder("lowmem_reserve[]:");
            for (long r : zone.lowmemReserve) {
                sb.append(' ').append(r);
            }
            printk.printk(lvl, sb.toString());
        }
        for (Zone zone : pgdat.nodeZones) {
            if (!zone.populated()) {
                continue;
            }
            long[] nr = new long[MAX_ORDER];
            long total = 0;
            zone.lock.lock();
            try {
                for (int order = 0; order < MAX_ORDER; order++) {
                    nr[order] = zone.freeArea[order].nrFree;
                    total += nr[order] << order;
                }
            } finally {
                zone.lock.unlock();
            }
            StringBuilder sb = new StringBuilder(zone.name).append(": ");
            for (int order = 0; order < MAX_ORDER; order++) {
                sb.append(nr[order]).append('*').append((1L << k) << order).append("kB ");
            }
            sb.append("= ").append(total << k).append("kB");
            printk.printk(lvl, sb.toString());
        }
    }

    /** Free buddy pages of ZONE_HIGHMEM (si_meminfo's freehigh). */
    @Mirrors("nr_free_highpages")
    public long nrFreeHighpages() {
        return pgdat.highmemZone().freePages;
    }

    /** Sum over the zonelist {@code offset} of present pages above pages_high. */
    @Mirrors("nr_free_zone_pages")
    private long nrFreeZonePages(int offset) {
        long sum = 0;
        for (Zone zone : pgdat.nodeZonelists[offset].zones) {
            long size = zone.presentPages;
            long high = zone.pagesHigh;
            if (size > high) {
                sum += size - high;
            }
        }
        return sum;
    }

    /** Pages above pages_high in DMA and Normal (GFP_USER's zonelist). */
    @Mirrors("nr_free_buffer_pages")
    public long nrFreeBufferPages() {
        return nrFreeZonePages(Gfp.gfpZone(Gfp.GFP_USER));
    }

    /** Pages above pages_high in all zones (GFP_HIGHUSER's zonelist). */
    @Mirrors("nr_free_pagecache_pages")
    public long nrFreePagecachePages() {
        return nrFreeZonePages(Gfp.gfpZone(Gfp.GFP_HIGHUSER));
    }

    /**
     * Checks the buddy and per-CPU lists of every zone at a quiescent point and returns
     * what is wrong (empty when consistent): each order's list length equals nr_free;
     * every free block head is PG_buddy with its order in private, count 0, aligned to its
     * order and inside its zone; free_pages equals the pages on the buddy lists; every
     * per-CPU list holds {@code count} pages of its zone with count 0 and no PG_buddy.
     * Takes each zone->lock and each per-CPU list's monitor.
     */
    @EmulatorOnly("a consistency check of the buddy lists for tests and invariants")
    public List<String> checkFreeLists() {
        List<String> bad = new ArrayList<>();
        for (Zone zone : pgdat.nodeZones) {
            zone.lock.lock();
            try {
                long sum = 0;
                for (int o = 0; o < MAX_ORDER; o++) {
                    ListHead list = zone.freeArea[o].freeList;
                    long n = 0;
                    for (Page p = list.first(); p != null; p = list.next(p)) {
                        n++;
                        if (!pageBuddy(p) || pageOrder(p) != o) {
                            bad.add(zone.name + " order " + o + ": pfn " + p.pfn + " is not a buddy head of that order");
                        }
                        if (pageCount(p) != 0) {
                            bad.add(zone.name + " order " + o + ": free pfn " + p.pfn + " has count " + pageCount(p));
                        }
                        if ((p.pfn & ((1 << o) - 1)) != 0 || pgdat.pageZone(p) != zone
                                || p.pfn + (1L << o) > zone.zoneStartPfn + zone.spannedPages) {
                            bad.add(zone.name + " order " + o + ": block at pfn " + p.pfn + " misplaced");
                        }
                    }
                    if (n != zone.freeArea[o].nrFree) {
                        bad.add(zone.name + " order " + o + ": nr_free " + zone.freeArea[o].nrFree + " but " + n + " on the list");
                    }
                    sum += n << o;
                }
                if (sum != zone.freePages) {
                    bad.add(zone.name + ": free_pages " + zone.freePages + " but " + sum + " on the buddy lists");
                }
            } finally {
                zone.lock.unlock();
            }
            for (int cpu = 0; cpu < pgdat.nrCpus; cpu++) {
                for (Zone.PerCpuPages pcp : zone.pageset[cpu].pcp) {
                    synchronized (pcp) {
                        int n = 0;
                        for (Page p = pcp.list.first(); p != null; p = pcp.list.next(p)) {
                            n++;
                            if (pageCount(p) != 0 || pageBuddy(p) || pgdat.pageZone(p) != zone) {
                                bad.add(zone.name + " cpu " + cpu + ": bad page on per-CPU list: " + p);
                            }
                        }
                        if (n != pcp.count) {
                            bad.add(zone.name + " cpu " + cpu + ": per-CPU count " + pcp.count + " but " + n + " listed");
                        }
                    }
                }
            }
        }
        return bad;
    }

    /** Pages sitting on the per-CPU lists of {@code zone}, over all CPUs (for checks and /proc/zoneinfo). */
    @EmulatorOnly("pages on the per-CPU lists, for tests and /proc views")
    public long pcpPages(Zone zone) {
        long n = 0;
        for (Zone.PerCpuPageset ps : zone.pageset) {
            for (Zone.PerCpuPages pcp : ps.pcp) {
                synchronized (pcp) {
                    n += pcp.count;
                }
            }
        }
        return n;
    }
}
