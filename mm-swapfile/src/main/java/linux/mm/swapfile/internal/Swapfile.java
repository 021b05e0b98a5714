package linux.mm.swapfile.internal;

import static linux.arch.x86.PageGeometry.PAGE_SHIFT;
import static linux.arch.x86.PageGeometry.PAGE_SIZE;
import static linux.mm.page.SwapInfoStruct.MAX_SWAPFILES;
import static linux.mm.page.SwapInfoStruct.SWAP_FLAG_PREFER;
import static linux.mm.page.SwapInfoStruct.SWAP_FLAG_PRIO_MASK;
import static linux.mm.page.SwapInfoStruct.SWAP_FLAG_PRIO_SHIFT;
import static linux.mm.page.SwapInfoStruct.SWAP_MAP_BAD;
import static linux.mm.page.SwapInfoStruct.SWAP_MAP_MAX;
import static linux.mm.page.SwapInfoStruct.SWP_ACTIVE;
import static linux.mm.page.SwapInfoStruct.SWP_SCANNING;
import static linux.mm.page.SwapInfoStruct.SWP_USED;
import static linux.mm.page.SwapInfoStruct.SWP_WRITEOK;

import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import linux.arch.x86.PhysicalMemory;
import linux.arch.x86.Pgtable;
import linux.block.Bio;
import linux.block.BlockDevice;
import linux.kernel.Current;
import linux.kernel.EmulatorOnly;
import linux.kernel.Errno;
import linux.kernel.KernelBug;
import linux.kernel.KernelError;
import linux.kernel.Mirrors;
import linux.kernel.Printk;
import linux.mm.page.AddressSpace;
import linux.mm.page.Filemap;
import linux.mm.page.ForkOps;
import linux.mm.page.Gfp;
import linux.mm.page.MmList;
import linux.mm.page.MmStruct;
import linux.mm.page.MmapOps;
import linux.mm.page.Page;
import linux.mm.page.PageAllocOps;
import linux.mm.page.PageFlags;
import linux.mm.page.PageIoOps;
import linux.mm.page.RmapOps;
import linux.mm.page.SwapExtent;
import linux.mm.page.SwapHeader;
import linux.mm.page.SwapInfoStruct;
import linux.mm.page.SwapInfoStruct.SwapFile;
import linux.mm.page.SwapListT;
import linux.mm.page.SwapOps;
import linux.mm.page.SwapStateOps;
import linux.mm.page.SwapfileOps;
import linux.mm.page.Swapops;
import linux.mm.page.Vfs;
import linux.mm.page.VmAreaStruct;
import linux.mm.page.WritebackControl;

/**
 * Mirrors linux-2.6.20 {@code mm/swapfile.c}, function by function in the file's order
 * (the helpers the kernel takes from other files come last). Owns the file's globals:
 * {@code swap_info[MAX_SWAPFILES]}, {@code swap_list}, {@code swap_lock},
 * {@code swapon_mutex}, {@code swap_unplug_sem}, {@code nr_swapfiles},
 * {@code total_swap_pages}, {@code swap_overflow}, sys_swapon's static
 * {@code least_priority}, and {@code nr_swap_pages} (which 2.6.20 defines in
 * mm/page_alloc.c but only this file changes).
 *
 * <p>Locking is the kernel's: swap_lock guards the table, the list and the counters;
 * scan_swap_map drops it while it scans; swapon_mutex serialises the final steps of
 * swapon and swapoff with /proc/swaps.
 */
public final class Swapfile implements SwapfileOps {

    /** Slots handed out in a row before scan_swap_map looks for a new empty cluster. */
    @Mirrors("SWAPFILE_CLUSTER")
    static final int SWAPFILE_CLUSTER = 256;
    /** Scan iterations between reschedule points. */
    @Mirrors("LATENCY_LIMIT")
    static final int LATENCY_LIMIT = 256;

    private static final String BAD_FILE = "Bad swap file entry ";
    private static final String UNUSED_FILE = "Unused swap file entry ";
    private static final String BAD_OFFSET = "Bad swap offset entry ";
    private static final String UNUSED_OFFSET = "Unused swap offset entry ";

    @Mirrors("swap_lock")
    final ReentrantLock swapLock = new ReentrantLock();
    @Mirrors("swapon_mutex")
    private final ReentrantLock swaponMutex = new ReentrantLock();
    /**
     * Held for reading by swap_unplug_io_fn while it uses an area's device, taken and
     * dropped for writing by swapoff before it frees the area: the unplug function may
     * sleep, so it cannot run under swap_lock.
     */
    @Mirrors("swap_unplug_sem")
    private final ReentrantReadWriteLock swapUnplugSem = new ReentrantReadWriteLock();

    @Mirrors("swap_info")
    private final SwapInfoStruct[] swapInfo = new SwapInfoStruct[MAX_SWAPFILES];
    @Mirrors("swap_list")
    final SwapListT swapList = new SwapListT();
    @Mirrors("nr_swapfiles")
    private int nrSwapfiles;
    @Mirrors("total_swap_pages")
    private volatile long totalSwapPages;
    @Mirrors("nr_swap_pages")
    private volatile long nrSwapPages;
    @Mirrors("swap_overflow")
    private int swapOverflow;
    /** sys_swapon's {@code static int least_priority}. */
    private int leastPriority;

    private final Printk printk;
    /** The kernel's current: swapoff marks itself PF_SWAPOFF there. */
    private final Current current;
    private final Vfs vfs;
    /** The page-table format: swap ptes, the unuse_* walks, and sys_swapon's limit on an area's size. */
    private final Pgtable pgtable;
    /** RAM, where swapon finds the header page a bio has read (kmap). */
    private final PhysicalMemory ram;
    /** mm/page_alloc.c: the page the header of a partition is read into. */
    private final PageAllocOps pageAlloc;
    /** mm/swap.c: put_page, activate_page, page_cluster, vm_unacct_memory. */
    private final SwapOps swap;
    /** init_mm and the mmlist ring try_to_unuse walks. */
    private final MmList mmList;
    private final Provider<SwapStateOps> swapState;
    private final Provider<PageIoOps> pageIo;
    private final Provider<RmapOps> rmap;
    private final Provider<ForkOps> fork;
    /** mm/mmap.c: whether the pages of an area being swapped off fit in memory. */
    private final Provider<MmapOps> mmap;

    /**
     * The kernel's wiring: every other kernel file through its header interface (the
     * layer-2 ones that call back into this file through providers).
     */
    @Inject
    public Swapfile(Printk printk, Current current, Vfs vfs, Pgtable pgtable, PhysicalMemory ram,
            PageAllocOps pageAlloc, SwapOps swap, MmList mmList, Provider<SwapStateOps> swapState,
            Provider<PageIoOps> pageIo, Provider<RmapOps> rmap, Provider<ForkOps> fork, Provider<MmapOps> mmap) {
        this.printk = printk;
        this.current = current;
        this.vfs = vfs;
        this.pgtable = pgtable;
        this.ram = ram;
        this.pageAlloc = pageAlloc;
        this.swap = swap;
        this.mmList = mmList;
        this.swapState = swapState;
        this.pageIo = pageIo;
        this.rmap = rmap;
        this.fork = fork;
        this.mmap = mmap;
        for (int i = 0; i < MAX_SWAPFILES; i++) {
            swapInfo[i] = new SwapInfoStruct(i);
        }
    }

    /**
     * Unplugs the block device a swap-cache page's I/O is queued on (swapper_space's
     * backing_dev_info unplug function), under swap_unplug_sem so that swapoff does not
     * free the area meanwhile. A swap-cache page nobody else holds a reference to gets
     * the warning of 2.6.20's generic WARN_ON, which printk gives the default level.
     *
     * <p>Differs from 2.6.20: WARN_ON's dump_stack is not printed.
     */
    @Mirrors("swap_unplug_io_fn")
    @Override
    public void swapUnplugIoFn(Page page) {
        swapUnplugSem.readLock().lock();
        try {
            int entry = Page.pagePrivate(page);
            if (PageFlags.pageSwapCache(page)) {
                BlockDevice bdev = swapInfo[Swapops.swpType(entry)].bdev;
                if (Page.pageCount(page) <= 1) {
                    printk.printk(Printk.KERN_WARNING, "BUG: at mm/swapfile.c:76 swap_unplug_io_fn()");
                }
                if (bdev != null) {
                    bdev.unplug();
                }
            }
        } finally {
            swapUnplugSem.readLock().unlock();
        }
    }

    /**
     * Claims a free slot of {@code si} and returns its offset, or 0 if there is none.
     * Hands out up to SWAPFILE_CLUSTER slots in a row from {@code cluster_next}; when a
     * cluster is used up it looks for the first run of SWAPFILE_CLUSTER free slots, and
     * failing that takes the first free slot from {@code lowest_bit}
     * (kernel-2.6.20.md §2.9). Called by get_swap_page(_of_type) with swap_lock held;
     * drops and retakes it while scanning, counting itself in {@code flags} with
     * SWP_SCANNING so that swapoff waits for it.
     */
    @Mirrors("scan_swap_map")
    int scanSwapMap(SwapInfoStruct si) {
        assert swapLock.isHeldByCurrentThread();
        char[] map = si.swapMap;
        int offset;
        int latencyRation = LATENCY_LIMIT;
        boolean toLowest = false;
        boolean toCluster = false;

        si.flags += SWP_SCANNING;
        if (si.clusterNr == 0) {
            si.clusterNr = SWAPFILE_CLUSTER - 1;
            if (Integer.compareUnsigned(si.pages - si.inusePages, SWAPFILE_CLUSTER) < 0) {
                toLowest = true;
            } else {
                swapLock.unlock();
                offset = si.lowestBit;
                int lastInCluster = offset + SWAPFILE_CLUSTER - 1;
                for (; Integer.compareUnsigned(lastInCluster, si.highestBit) <= 0; offset++) {
                    if (map[offset] != 0) {
                        lastInCluster = offset + SWAPFILE_CLUSTER;
                    } else if (offset == lastInCluster) {
                        swapLock.lock();
                        si.clusterNext = offset - SWAPFILE_CLUSTER + 1;
                        toCluster = true;
                        break;
                    }
                    if (--latencyRation < 0) {
                        condResched();
                        latencyRation = LATENCY_LIMIT;
                    }
                }
                if (!toCluster) {
                    swapLock.lock();
                    toLowest = true;
                }
            }
        } else {
            si.clusterNr--;
        }

        if (toLowest) {
            offset = si.lowestBit;
        } else {
            offset = si.clusterNext;
            if (Integer.compareUnsigned(offset, si.highestBit) > 0) {
                offset = si.lowestBit;
            }
        }
        for (;;) {
            // checks:
            if ((si.flags & SWP_WRITEOK) == 0 || si.highestBit == 0) {
                si.flags -= SWP_SCANNING;
                return 0;
            }
            if (map[offset] == 0) {
                if (offset == si.lowestBit) {
                    si.lowestBit++;
                }
                if (offset == si.highestBit) {
                    si.highestBit--;
                }
                si.inusePages++;
                if (si.inusePages == si.pages) {
                    si.lowestBit = si.max;
                    si.highestBit = 0;
                }
                map[offset] = 1;
                si.clusterNext = offset + 1;
                si.flags -= SWP_SCANNING;
                return offset;
            }
            swapLock.unlock();
            boolean found = false;
            while (Integer.compareUnsigned(++offset, si.highestBit) <= 0) {
                if (map[offset] == 0) {
                    found = true;
                    break;
                }
                if (--latencyRation < 0) {
                    condResched();
                    latencyRation = LATENCY_LIMIT;
                }
            }
            swapLock.lock();
            if (!found) {
                offset = si.lowestBit; // lowest:
            }
        }
    }

    /**
     * Allocates a swap slot: walks swap_list from {@code swap_list.next}, moving
     * {@code swap_list.next} on before each scan so that areas of equal priority take
     * turns, and falls back to the list head (lower priorities) once. Called by
     * add_to_swap (swap_state) with no lock held.
     */
    @Mirrors("get_swap_page")
    @Override
    public int getSwapPage() {
        swapLock.lock();
        try {
            if (nrSwapPages <= 0) {
                return 0;
            }
            nrSwapPages--;
            int wrapped = 0;
            int next;
            for (int type = swapList.next; type >= 0 && wrapped < 2; type = next) {
                SwapInfoStruct si = swapInfo[type];
                next = si.next;
                if (next < 0 || (wrapped == 0 && si.prio != swapInfo[next].prio)) {
                    next = swapList.head;
                    wrapped++;
                }
                if (si.highestBit == 0) {
                    continue;
                }
                if ((si.flags & SWP_WRITEOK) == 0) {
                    continue;
                }
                swapList.next = next;
                int offset = scanSwapMap(si);
                if (offset != 0) {
                    return Swapops.swpEntry(type, offset);
                }
                next = swapList.next;
            }
            nrSwapPages++;
            return 0;
        } finally {
            swapLock.unlock();
        }
    }

    /** Allocates a slot in one given area (swsusp's caller); takes swap_lock. */
    @Mirrors("get_swap_page_of_type")
    @Override
    public int getSwapPageOfType(int type) {
        swapLock.lock();
        try {
            SwapInfoStruct si = swapInfo[type];
            if ((si.flags & SWP_WRITEOK) != 0) {
                nrSwapPages--;
                int offset = scanSwapMap(si);
                if (offset != 0) {
                    return Swapops.swpEntry(type, offset);
                }
                nrSwapPages++;
            }
            return 0;
        } finally {
            swapLock.unlock();
        }
    }

    /**
     * Checks {@code entry} and returns its area with swap_lock HELD, or {@code null}
     * (lock not held) for a zero entry (silently) or an invalid one (with a
     * "swap_free: …" message naming what is wrong).
     */
    @Mirrors("swap_info_get")
    SwapInfoStruct swapInfoGet(int entry) {
        if (entry == 0) {
            return null;
        }
        int type = Swapops.swpType(entry);
        String what;
        if (type >= nrSwapfiles) {
            what = BAD_FILE;
        } else {
            SwapInfoStruct p = swapInfo[type];
            int offset = Swapops.swpOffset(entry);
            if ((p.flags & SWP_USED) == 0) {
                what = UNUSED_FILE;
            } else if (Integer.compareUnsigned(offset, p.max) >= 0) {
                what = BAD_OFFSET;
            } else if (p.swapMap[offset] == 0) {
                what = UNUSED_OFFSET;
            } else {
                swapLock.lock();
                return p;
            }
        }
        printk.printk(Printk.KERN_ERR, "swap_free: " + what + String.format("%08x", entry));
        return null;
    }

    /**
     * Drops one reference to slot {@code offset} of {@code p} unless it is saturated;
     * a slot reaching 0 widens the free bounds, may make {@code p} the next area to
     * allocate from and is counted free again. Caller holds swap_lock. Returns the new
     * count.
     *
     * <p>The redirect of swap_list.next: a slot freed in an area that outranks the one
     * allocation currently starts from sends allocation straight back to it, so the
     * higher-priority area fills first again. The test looks only at priorities, not at
     * SWP_WRITEOK: while try_to_unuse empties an area it can point swap_list.next at that
     * very area, and swapoff leaves it there; get_swap_page steps over an area that is not
     * writable, so nothing is allocated from it.
     *
     * <p>Differs from 2.6.20: with swap_list empty (the last area is being swapped off)
     * the kernel compares against {@code swap_info[-1]}, memory outside the array; here
     * {@code swap_list.next} is then left alone.
     */
    @Mirrors("swap_entry_free")
    int swapEntryFree(SwapInfoStruct p, int offset) {
        assert swapLock.isHeldByCurrentThread();
        int count = p.swapMap[offset];
        if (count < SWAP_MAP_MAX) {
            count--;
            p.swapMap[offset] = (char) count;
            if (count == 0) {
                if (Integer.compareUnsigned(offset, p.lowestBit) < 0) {
                    p.lowestBit = offset;
                }
                if (Integer.compareUnsigned(offset, p.highestBit) > 0) {
                    p.highestBit = offset;
                }
                if (swapList.next >= 0 && p.prio > swapInfo[swapList.next].prio) {
                    swapList.next = p.type;
                }
                nrSwapPages++;
                p.inusePages--;
            }
        }
        return count;
    }

    /** Drops one reference to {@code entry}; the caller guarantees its area is still there. */
    @Mirrors("swap_free")
    @Override
    public void swapFree(int entry) {
        SwapInfoStruct p = swapInfoGet(entry);
        if (p != null) {
            try {
                swapEntryFree(p, Swapops.swpOffset(entry));
            } finally {
                swapLock.unlock();
            }
        }
    }

    /**
     * How many references to the swap-cache page's slot are swapped out: the slot's count
     * minus the swap cache's own. Caller holds the page lock.
     */
    @Mirrors("page_swapcount")
    int pageSwapcount(Page page) {
        int count = 0;
        int entry = Page.pagePrivate(page);
        SwapInfoStruct p = swapInfoGet(entry);
        if (p != null) {
            count = p.swapMap[Swapops.swpOffset(entry)] - 1;
            swapLock.unlock();
        }
        return count;
    }

    /**
     * Whether a write fault may reuse this page instead of copying it (do_wp_page): its
     * only user is the one mapping (plus, for a swap-cache page, no other swapped-out
     * reference). The page must be locked (KernelBug otherwise).
     */
    @Mirrors("can_share_swap_page")
    @Override
    public boolean canShareSwapPage(Page page) {
        KernelBug.bugOn(!PageFlags.pageLocked(page), "can_share_swap_page: page not locked");
        int count = Page.pageMapcount(page);
        if (count <= 1 && PageFlags.pageSwapCache(page)) {
            count += pageSwapcount(page);
        }
        return count == 1;
    }

    /**
     * Drops a locked swap-cache page from the swap cache when nobody but the caller and
     * the cache holds it ({@code page_count == 2}) and its slot has no other reference;
     * the page is re-dirtied and the slot freed. Rechecks under swapper_space.tree_lock
     * (taken inside swap_lock). Returns 1 if it did. Called by swap_writepage,
     * free_swap_cache and do_swap_page.
     */
    @Mirrors("remove_exclusive_swap_page")
    @Override
    public int removeExclusiveSwapPage(Page page) {
        KernelBug.bugOn(PageFlags.pagePrivate(page), "remove_exclusive_swap_page: PagePrivate");
        KernelBug.bugOn(!PageFlags.pageLocked(page), "remove_exclusive_swap_page: page not locked");
        if (!PageFlags.pageSwapCache(page)) {
            return 0;
        }
        if (PageFlags.pageWriteback(page)) {
            return 0;
        }
        if (Page.pageCount(page) != 2) {
            return 0;
        }
        int entry = Page.pagePrivate(page);
        SwapInfoStruct p = swapInfoGet(entry);
        if (p == null) {
            return 0;
        }
        int retval = 0;
        try {
            if (p.swapMap[Swapops.swpOffset(entry)] == 1) {
                // Someone may have taken a reference since the unlocked check above; look
                // again where nobody can find the page in the cache meanwhile.
                AddressSpace swapper = swapState.get().swapperSpace();
                swapper.treeLock.writeLock().lock();
                try {
                    if (Page.pageCount(page) == 2 && !PageFlags.pageWriteback(page)) {
                        swapState.get().deleteFromSwapCacheLocked(page);
                        PageFlags.setPageDirty(page);
                        retval = 1;
                    }
                } finally {
                    swapper.treeLock.writeLock().unlock();
                }
            }
        } finally {
            swapLock.unlock();
        }
        if (retval != 0) {
            swapFree(entry);
            swap.pageCacheRelease(page);
        }
        return retval;
    }

    /**
     * Drops a swap pte's reference to {@code entry} (zap_pte_range); if only the swap
     * cache's reference remains, and the cached page can be trylocked, is not under
     * writeback and is unused by anyone else (or swap is more than half full), deletes it
     * from the swap cache and marks it dirty.
     */
    @Mirrors("free_swap_and_cache")
    @Override
    public void freeSwapAndCache(int entry) {
        if (Swapops.isMigrationEntry(entry)) {
            return;
        }
        Page page = null;
        SwapInfoStruct p = swapInfoGet(entry);
        if (p != null) {
            try {
                if (swapEntryFree(p, Swapops.swpOffset(entry)) == 1) {
                    page = Filemap.findGetPage(swapState.get().swapperSpace(), entry);
                    if (page != null && PageFlags.testSetPageLocked(page)) {
                        swap.pageCacheRelease(page);
                        page = null;
                    }
                }
            } finally {
                swapLock.unlock();
            }
        }
        if (page != null) {
            KernelBug.bugOn(PageFlags.pagePrivate(page), "free_swap_and_cache: PagePrivate");
            // Only the cache and us, or swap nearly full: drop it. PG_swapcache is tested
            // again now that the page is locked: it may have left the cache before.
            boolean oneUser = Page.pageCount(page) == 2;
            if (PageFlags.pageSwapCache(page) && !PageFlags.pageWriteback(page) && (oneUser || vmSwapFull())) {
                swapState.get().deleteFromSwapCache(page);
                PageFlags.setPageDirty(page);
            }
            Filemap.unlockPage(page);
            swap.pageCacheRelease(page);
        }
    }

    /**
     * Finds the writable area that software suspend should write its image to: the first
     * one when {@code devT} is 0, else the one on that device whose first extent starts
     * at {@code offset} (where the header is expected). Returns its type or -ENODEV.
     *
     * <p>Differs from 2.6.20: the device is matched by dev_t rather than by bdget's
     * block_device, and the bdev out-parameter is left to get_swap_info_struct.
     */
    @Mirrors("swap_type_of")
    @Override
    public int swapTypeOf(int devT, long offset) {
        swapLock.lock();
        try {
            for (int i = 0; i < nrSwapfiles; i++) {
                SwapInfoStruct sis = swapInfo[i];
                if ((sis.flags & SWP_WRITEOK) == 0) {
                    continue;
                }
                if (devT == 0) {
                    return i;
                }
                if (sis.bdev != null && sis.bdev.devT() == devT && sis.extentList.next.startBlock == offset) {
                    return i;
                }
            }
            return Errno.ENODEV.negative();
        } finally {
            swapLock.unlock();
        }
    }

    @Mirrors("count_swap_pages")
    @Override
    public int countSwapPages(int type, boolean free) {
        int n = 0;
        if (Integer.compareUnsigned(type, nrSwapfiles) < 0) {
            swapLock.lock();
            try {
                if ((swapInfo[type].flags & SWP_WRITEOK) != 0) {
                    n = swapInfo[type].pages;
                    if (free) {
                        n -= swapInfo[type].inusePages;
                    }
                }
            } finally {
                swapLock.unlock();
            }
        }
        return n;
    }

    /**
     * Puts {@code page} back where the swap pte was: an old (not young), present pte with
     * the vma's protection (so a later write still goes through do_wp_page), one more
     * anon rss, page reference and mapcount, one swap reference less, and the page moved
     * to the active list so it is not swapped straight out again. Caller holds the pte
     * lock and the page lock.
     */
    @Mirrors("unuse_pte")
    private void unusePte(VmAreaStruct vma, long ptep, long addr, int entry, Page page) {
        MmStruct.incMmCounter(vma.vmMm, MmStruct.MmCounter.anonRss);
        Page.getPage(page);
        pgtable.setPteAt(ptep, pgtable.pteMkold(pgtable.pfnPte(page.pfn, vma.vmPageProt)));
        rmap.get().pageAddAnonRmap(page, vma, addr);
        swapFree(entry);
        swap.activatePage(page);
    }

    /**
     * Scans the ptes of one pte table under the pte lock (the mm's page_table_lock; split
     * pte locks are off) for exactly the swap pte of {@code entry}; replaces the first
     * match and stops.
     */
    @Mirrors("unuse_pte_range")
    private boolean unusePteRange(VmAreaStruct vma, long pmdp, long addr, long end, int entry, Page page) {
        long swpPte = Swapops.swpEntryToPte(pgtable, entry);
        boolean found = false;
        MmStruct mm = vma.vmMm;
        mm.pageTableLock.lock();
        try {
            long ptep = pgtable.pteOffset(pmdp, addr);
            do {
                if (pgtable.pteSame(pgtable.ptepGet(ptep), swpPte)) {
                    unusePte(vma, ptep, addr, entry, page);
                    found = true;
                    break;
                }
                ptep += pgtable.PTE_SIZE();
                addr += PAGE_SIZE;
            } while (addr != end);
        } finally {
            mm.pageTableLock.unlock();
        }
        return found;
    }

    /** Walks the pmd entries of [addr, end), skipping empty ones and clearing bad ones ("bad pmd"). */
    @Mirrors("unuse_pmd_range")
    private boolean unusePmdRange(VmAreaStruct vma, long pudp, long addr, long end, int entry, Page page) {
        long pmdp = pgtable.pmdOffset(pudp, addr);
        long next;
        do {
            next = pgtable.pmdAddrEnd(addr, end);
            long pmd = pgtable.pmdGet(pmdp);
            if (pgtable.pmdNone(pmd)) {
                // empty
            } else if (pgtable.pmdBad(pmd)) {
                pmdClearBad(pmdp, pmd);
            } else if (unusePteRange(vma, pmdp, addr, next, entry, page)) {
                return true;
            }
            pmdp += pgtable.PTE_SIZE();
            addr = next;
        } while (addr != end);
        return false;
    }

    /** The pud level, folded on i386: its one entry is the pgd entry itself. */
    @Mirrors("unuse_pud_range")
    private boolean unusePudRange(VmAreaStruct vma, long pgdp, long addr, long end, int entry, Page page) {
        return unusePmdRange(vma, pgdp, addr, end, entry, page);
    }

    /**
     * Looks for the swap pte in one vma: only at the address where the page belongs if it
     * has been mapped before (page->mapping set, page_address_in_vma), else over the whole
     * vma. Returns whether one pte was replaced.
     */
    @Mirrors("unuse_vma")
    boolean unuseVma(VmAreaStruct vma, int entry, Page page) {
        long addr;
        long end;
        if (page.mapping != null) {
            addr = rmap.get().pageAddressInVma(page, vma);
            if (addr == Errno.EFAULT.negative()) {
                return false;
            }
            end = addr + PAGE_SIZE;
        } else {
            addr = vma.vmStart;
            end = vma.vmEnd;
        }
        int pgd = vma.vmMm.pgd;
        long pgdp = pgtable.pgdOffset(pgd, addr);
        long next;
        do {
            next = pgtable.pgdAddrEnd(addr, end);
            // pgd_none_or_clear_bad: on i386 the pgd level is folded into the pud (both
            // formats), so it is never none nor bad.
            if (unusePudRange(vma, pgdp, addr, next, entry, page)) {
                return true;
            }
            pgdp += pgtable.PTE_SIZE();
            addr = next;
        } while (addr != end);
        return false;
    }

    /**
     * Replaces the first pte of {@code mm} that holds {@code entry} with {@code page}
     * (which is locked): takes mmap_sem for reading, first by trylock. If that fails it
     * must sleep for mmap_sem without the page lock (the lock order puts mmap_sem first);
     * the page is activated before the lock is dropped, so that reclaim is unlikely to
     * unmap it meanwhile and undo the progress swapoff has made. Tries each vma that has an
     * anon_vma. Always returns 0, as in 2.6.20 (callers still check, as the kernel's do).
     */
    @Mirrors("unuse_mm")
    int unuseMm(MmStruct mm, int entry, Page page) {
        if (!mm.mmapSem.readLock().tryLock()) {
            swap.activatePage(page);
            Filemap.unlockPage(page);
            mm.mmapSem.readLock().lock();
            Filemap.lockPage(page);
        }
        try {
            for (VmAreaStruct vma = mm.mmap; vma != null; vma = vma.vmNext) {
                if (vma.anonVma != null && unuseVma(vma, entry, page)) {
                    break;
                }
            }
        } finally {
            mm.mmapSem.readLock().unlock();
        }
        return 0;
    }

    /**
     * The next offset after {@code prev} whose count is neither 0 nor SWAP_MAP_BAD,
     * wrapping once to the start; 0 when none is left. Called by try_to_unuse.
     *
     * <p>It reads swap_map without swap_lock: it only looks for slots in use and changes
     * nothing; a stale answer costs one useless look at a slot, and no slot can become
     * newly used behind it because sys_swapoff has already cleared SWP_WRITEOK under
     * swap_lock.
     */
    @Mirrors("find_next_to_unuse")
    int findNextToUnuse(SwapInfoStruct si, int prev) {
        int max = si.max;
        int i = prev;
        char[] map = si.swapMap;
        for (;;) {
            if (Integer.compareUnsigned(++i, max) >= 0) {
                if (prev == 0) {
                    i = 0;
                    break;
                }
                // Nothing in use above prev: go round once more from the start, up to prev.
                max = prev + 1;
                prev = 0;
                i = 1;
            }
            int count = map[i];
            if (count != 0 && count != SWAP_MAP_BAD) {
                break;
            }
        }
        return i;
    }

    /**
     * Brings every slot of area {@code type} still in use back into memory and removes
     * every reference to it. Runs with PF_SWAPOFF set, no lock held, and the area already
     * unable to allocate. Returns 0, -EINTR on a pending signal, or -ENOMEM when a slot
     * cannot be read into a page.
     *
     * <p>Why it cannot race with faults: each slot is first read into the swap cache (or
     * found there) and the page locked, and only then are the page tables searched. A task
     * faulting on the entry meanwhile finds that same page in the cache, so both sides agree
     * on one page and each pte is switched under its pte lock; nobody reads the slot into a
     * second page.
     *
     * <p>One pass over swap_map is usually enough, but not always (a fork can copy an entry
     * into a child the search has already passed), so the loop goes on until
     * find_next_to_unuse finds no slot in use.
     *
     * <p>Differs from 2.6.20: a pending signal is the Java thread's interrupt status (left
     * set for the caller to see); tmpfs (shmem_unuse) does not exist.
     */
    @Mirrors("try_to_unuse")
    int tryToUnuse(int type) {
        SwapInfoStruct si = swapInfo[type];
        MmStruct initMm = mmList.initMm;
        int i = 0;
        int retval = 0;
        boolean resetOverflow = false;

        // Where to start searching the mmlist for the next entry: the mm where the last one
        // was found (whether we freed it or it went away by itself). The ring keeps a fork
        // child right after its parent, so starting there visits parents before children;
        // starting at the mm of the last hit instead would look at a child before the
        // parent it was copied from, and could miss entries a fork copies behind us. That
        // only matters after an overflowed count has been reset below, which stops the rescan.
        MmStruct startMm = initMm;
        initMm.mmUsers.incrementAndGet();

        while ((i = findNextToUnuse(si, i)) != 0) {
            if (Thread.currentThread().isInterrupted()) {
                retval = Errno.EINTR.negative();
                break;
            }
            // The slot's page: the one already in the swap cache, or a new one read in.
            char[] swapMap = si.swapMap;
            int entry = Swapops.swpEntry(type, i);
            Page page = swapState.get().readSwapCacheAsync(entry, null, 0);
            if (page == null) {
                // Either the slot was freed meanwhile (swap_duplicate failed; it cannot be
                // handed out again, allocation is off) or no page could be allocated.
                if (swapMap[i] == 0) {
                    continue;
                }
                retval = Errno.ENOMEM.negative();
                break;
            }
            // An mm whose last user is leaving is no place to start from.
            if (startMm.mmUsers.get() == 1) {
                mmput(startMm);
                startMm = initMm;
                initMm.mmUsers.incrementAndGet();
            }

            // Wait for the page lock to be free before taking it. It looks redundant, since
            // lock_page would wait anyway, but a task faulting this entry in holds the page
            // lock while do_swap_page maps it, and it resolves its pte far faster than our
            // search could: letting it finish first means the count read below already
            // shows its work. The second writeback wait catches writeback started between
            // the first one and our getting the lock.
            Filemap.waitOnPageLocked(page);
            Filemap.waitOnPageWriteback(page);
            Filemap.lockPage(page);
            Filemap.waitOnPageWriteback(page);

            // Remove every reference to the entry. init_mm has no address space to search;
            // reaching it is the kernel's cue to search shmem instead.
            boolean shmem = false;
            int swcount = swapMap[i];
            if (swcount > 1) {
                if (startMm == initMm) {
                    shmem = shmemUnuse(entry, page);
                } else {
                    retval = unuseMm(startMm, entry, page);
                }
            }
            if (swapMap[i] > 1) {
                // Some remain: walk the whole ring once from startMm, and start the next
                // entry's search at the first mm that gave up a reference to this one.
                boolean setStartMm = swapMap[i] >= swcount;
                MmStruct newStartMm = startMm;
                MmStruct prevMm = startMm;
                newStartMm.mmUsers.incrementAndGet();
                prevMm.mmUsers.incrementAndGet();
                mmList.mmlistLock.lock();
                MmStruct mm = startMm;
                while (swapMap[i] > 1 && retval == 0 && (mm = mmList.next(mm)) != startMm) {
                    if (!atomicIncNotZero(mm)) {
                        continue;
                    }
                    mmList.mmlistLock.unlock();
                    mmput(prevMm);
                    prevMm = mm;
                    condResched();
                    swcount = swapMap[i];
                    if (swcount <= 1) {
                        // nothing left to find
                    } else if (mm == initMm) {
                        setStartMm = true;
                        shmem = shmemUnuse(entry, page);
                    } else {
                        retval = unuseMm(mm, entry, page);
                    }
                    if (setStartMm && swapMap[i] < swcount) {
                        mmput(newStartMm);
                        mm.mmUsers.incrementAndGet();
                        newStartMm = mm;
                        setStartMm = false;
                    }
                    mmList.mmlistLock.lock();
                }
                mmList.mmlistLock.unlock();
                mmput(prevMm);
                mmput(startMm);
                startMm = newStartMm;
            }
            if (retval != 0) {
                Filemap.unlockPage(page);
                swap.pageCacheRelease(page);
                break;
            }

            // A count saturated at SWAP_MAP_MAX may stand for more references than were
            // found; they are taken as gone (and reported once at the end). Should that be
            // wrong, the page lives on in the ptes still pointing at the slot's copy.
            if (swapMap[i] == SWAP_MAP_MAX) {
                swapLock.lock();
                try {
                    swapMap[i] = 1;
                } finally {
                    swapLock.unlock();
                }
                resetOverflow = true;
            }

            // If a reference remains (rare), the page would best stay in the swap cache;
            // but once we unlock it, try_to_unmap could duplicate the entry again and this
            // loop might never end, and the page could not move to other swap meanwhile.
            // So it leaves the cache even so, after its data is safely on disk: whoever still
            // holds the entry reads it back into another page.
            if (swapMap[i] > 1 && PageFlags.pageDirty(page) && PageFlags.pageSwapCache(page)) {
                WritebackControl wbc = new WritebackControl();
                wbc.syncMode = WritebackControl.WritebackSyncModes.WB_SYNC_NONE;
                pageIo.get().swapWritepage(page, wbc);
                Filemap.lockPage(page);
                Filemap.waitOnPageWriteback(page);
            }
            if (PageFlags.pageSwapCache(page)) {
                if (shmem) {
                    swapDuplicate(entry);
                } else {
                    swapState.get().deleteFromSwapCache(page);
                }
            }

            // The search stopped as soon as the count reached 1, so no pte was marked dirty
            // on the way: the page itself must be, or reclaim would drop the only copy.
            PageFlags.setPageDirty(page);
            Filemap.unlockPage(page);
            swap.pageCacheRelease(page);
            condResched();
        }

        mmput(startMm);
        if (resetOverflow) {
            printk.printk(Printk.KERN_WARNING, "swapoff: cleared swap entry overflow");
            swapOverflow = 0;
        }
        return retval;
    }

    /**
     * After a successful swapoff with no swap slot in use anywhere, takes every mm off
     * init_mm's mmlist. Caller holds swap_lock; mmlist_lock nests inside it.
     */
    @Mirrors("drain_mmlist")
    private void drainMmlist() {
        for (int i = 0; i < nrSwapfiles; i++) {
            if (swapInfo[i].inusePages != 0) {
                return;
            }
        }
        mmList.mmlistLock.lock();
        try {
            MmStruct init = mmList.initMm;
            MmStruct mm = mmList.next(init);
            while (mm != init) {
                MmStruct next = mmList.next(mm);
                mmList.listDelInit(mm);
                mm = next;
            }
        } finally {
            mmList.mmlistLock.unlock();
        }
    }

    /**
     * The disk block (PAGE_SIZE units) of slot {@code offset}: searches the extent list
     * circularly from the extent found last ({@code curr_swap_extent}) and remembers
     * where it stopped. Called by page_io for every swap read and write; the slot must
     * belong to the area (KernelBug otherwise).
     */
    @Mirrors("map_swap_page")
    @Override
    public long mapSwapPage(SwapInfoStruct sis, long offset) {
        SwapExtent se = sis.currSwapExtent;
        SwapExtent startSe = se;
        for (;;) {
            if (se.startPage <= offset && offset < se.startPage + se.nrPages) {
                return se.startBlock + (offset - se.startPage);
            }
            SwapExtent lh = se.next;
            if (lh == sis.extentList) {
                lh = lh.next;
            }
            se = lh;
            sis.currSwapExtent = se;
            if (se == startSe) {
                throw new KernelBug("map_swap_page: offset " + offset + " is in no extent of swap area " + sis.type);
            }
        }
    }

    @Mirrors("swapdev_block")
    @Override
    public long swapdevBlock(int type, long offset) {
        if (Integer.compareUnsigned(type, nrSwapfiles) >= 0) {
            return 0;
        }
        SwapInfoStruct sis = swapInfo[type];
        return (sis.flags & SWP_WRITEOK) != 0 ? mapSwapPage(sis, offset) : 0;
    }

    /** Frees the extent list (swapon failure, swapoff). */
    @Mirrors("destroy_swap_extents")
    void destroySwapExtents(SwapInfoStruct sis) {
        while (!sis.extentList.isEmpty()) {
            sis.extentList.next.del();
        }
    }

    /**
     * Appends the run (start_page, nr_pages) → start_block, merging it into the last
     * extent when both pages and blocks continue it. Pages must come in ascending order.
     * Returns 1 for a new extent, 0 for a merge.
     */
    @Mirrors("add_swap_extent")
    int addSwapExtent(SwapInfoStruct sis, long startPage, long nrPages, long startBlock) {
        SwapExtent lh = sis.extentList.prev;
        if (lh != sis.extentList) {
            if (lh.startPage + lh.nrPages != startPage) {
                throw new KernelBug("add_swap_extent: page " + startPage + " does not follow " + lh);
            }
            if (lh.startBlock + lh.nrPages == startBlock) {
                lh.nrPages += nrPages;
                return 0;
            }
        }
        new SwapExtent(startPage, nrPages, startBlock).addTail(sis.extentList);
        return 1;
    }

    /**
     * Builds the extent list at swapon: one extent over the whole device for a
     * partition; for a regular file, maps every page through bmap, keeps only runs that
     * are PAGE_SIZE-aligned and contiguous on disk, and resizes the area to the pages
     * mapped ({@code max}, {@code pages}, {@code highest_bit}). Stores the disk span in
     * {@code span[0]}; returns the number of extents or a negative errno (a hole:
     * "swapon: swapfile has holes").
     */
    @Mirrors("setup_swap_extents")
    int setupSwapExtents(SwapInfoStruct sis, long[] span) {
        SwapFile file = sis.swapFile;
        int ret;
        if (file.isBlk()) {
            ret = addSwapExtent(sis, 0, Integer.toUnsignedLong(sis.max), 0);
            span[0] = Integer.toUnsignedLong(sis.pages);
        } else {
            int blkbits = file.blkbits();
            int blocksPerPage = PAGE_SIZE >> blkbits;
            long probeBlock = 0;
            int pageNo = 0;
            long lastBlock = file.size() >> blkbits;
            long lowestBlock = -1;
            long highestBlock = 0;
            int nrExtents = 0;
            probe:
            while (probeBlock + blocksPerPage <= lastBlock && Integer.compareUnsigned(pageNo, sis.max) < 0) {
                long firstBlock = file.bmap(probeBlock);
                if (firstBlock < 0) {
                    printk.printk(Printk.KERN_ERR, "swapon: swapfile has holes");
                    return Errno.EINVAL.negative();
                }
                if ((firstBlock & (blocksPerPage - 1)) != 0) {
                    probeBlock++;
                    continue;
                }
                for (int blockInPage = 1; blockInPage < blocksPerPage; blockInPage++) {
                    long block = file.bmap(probeBlock + blockInPage);
                    if (block < 0) {
                        printk.printk(Printk.KERN_ERR, "swapon: swapfile has holes");
                        return Errno.EINVAL.negative();
                    }
                    if (block != firstBlock + blockInPage) {
                        probeBlock++;
                        continue probe;
                    }
                }
                firstBlock >>>= (PAGE_SHIFT - blkbits);
                if (pageNo != 0) {
                    if (Long.compareUnsigned(firstBlock, lowestBlock) < 0) {
                        lowestBlock = firstBlock;
                    }
                    if (Long.compareUnsigned(firstBlock, highestBlock) > 0) {
                        highestBlock = firstBlock;
                    }
                }
                nrExtents += addSwapExtent(sis, pageNo, 1, firstBlock);
                pageNo++;
                probeBlock += blocksPerPage;
            }
            ret = nrExtents;
            span[0] = 1 + highestBlock - lowestBlock;
            if (pageNo == 0) {
                pageNo = 1;
            }
            sis.max = pageNo;
            sis.pages = pageNo - 1;
            sis.highestBit = pageNo - 1;
        }
        sis.currSwapExtent = sis.extentList.prev;
        return ret;
    }

    /**
     * swapoff(2): finds the active area opened from the same file, takes it off swap_list
     * and out of the counters, clears SWP_WRITEOK so nothing new is allocated there, brings
     * every slot still in use back into memory (try_to_unuse, with PF_SWAPOFF set), then
     * frees the area. If try_to_unuse fails the area goes back into the list and the
     * counters as it was. Returns 0 or a negative errno: -ENOENT and the other errors of
     * opening the path, -EINVAL if it is no active swap area, -ENOMEM if its pages would
     * not fit in memory, or try_to_unuse's error.
     *
     * <p>Differs from 2.6.20: every emulated task has CAP_SYS_ADMIN, so the -EPERM check
     * always passes.
     */
    @Mirrors("sys_swapoff")
    @Override
    public int sysSwapoff(String specialfile) {
        // getname: an empty name is ENOENT before any lookup.
        if (specialfile == null || specialfile.isEmpty()) {
            return Errno.ENOENT.negative();
        }
        SwapFile victim;
        try {
            victim = vfs.filpOpen(specialfile);
        } catch (KernelError e) {
            return e.negative();
        }
        try {
            Object mapping = victim.mapping();
            SwapInfoStruct p = null;
            int type;
            int prev = -1;
            swapLock.lock();
            try {
                for (type = swapList.head; type >= 0; type = swapInfo[type].next) {
                    p = swapInfo[type];
                    if ((p.flags & SWP_ACTIVE) == SWP_ACTIVE && p.swapFile.mapping().equals(mapping)) {
                        break;
                    }
                    prev = type;
                }
                if (type < 0) {
                    return Errno.EINVAL.negative();
                }
                // The area's pages must fit in memory and the remaining swap; the check
                // charges them to the committed space, which is given back at once.
                long pages = Integer.toUnsignedLong(p.pages);
                if (mmap.get().securityVmEnoughMemory(pages) == 0) {
                    swap.vmUnacctMemory(pages);
                } else {
                    return Errno.ENOMEM.negative();
                }
                if (prev < 0) {
                    swapList.head = p.next;
                } else {
                    swapInfo[prev].next = p.next;
                }
                if (type == swapList.next) {
                    // Any area still on the list will do.
                    swapList.next = swapList.head;
                }
                nrSwapPages -= pages;
                totalSwapPages -= pages;
                p.flags &= ~SWP_WRITEOK;
            } finally {
                swapLock.unlock();
            }

            Current.ThreadInfo self = current.current();
            self.flags |= Current.PF_SWAPOFF;
            int err;
            try {
                err = tryToUnuse(type);
            } finally {
                self.flags &= ~Current.PF_SWAPOFF;
            }

            if (err != 0) {
                // Put the area back on swap_list by priority, writable again.
                swapLock.lock();
                try {
                    int i;
                    for (prev = -1, i = swapList.head; i >= 0; prev = i, i = swapInfo[i].next) {
                        if (p.prio >= swapInfo[i].prio) {
                            break;
                        }
                    }
                    p.next = i;
                    if (prev < 0) {
                        swapList.head = swapList.next = p.type;
                    } else {
                        swapInfo[prev].next = p.type;
                    }
                    nrSwapPages += Integer.toUnsignedLong(p.pages);
                    totalSwapPages += Integer.toUnsignedLong(p.pages);
                    p.flags |= SWP_WRITEOK;
                } finally {
                    swapLock.unlock();
                }
                return err;
            }

            // Let any swap_unplug_io_fn still using this area's device finish.
            swapUnplugSem.writeLock().lock();
            swapUnplugSem.writeLock().unlock();

            destroySwapExtents(p);
            SwapFile swapFile;
            swaponMutex.lock();
            swapLock.lock();
            try {
                drainMmlist();
                // A scan_swap_map that dropped swap_lock may still be walking this
                // swap_map: a zero highest_bit cuts its scan short, and we wait until no
                // scanner is counted in the flags before the map goes.
                p.highestBit = 0;
                while (p.flags >= SWP_SCANNING) {
                    swapLock.unlock();
                    Thread.onSpinWait();
                    swapLock.lock();
                }
                swapFile = p.swapFile;
                p.swapFile = null;
                p.max = 0;
                p.swapMap = null;
                p.flags = 0;
            } finally {
                swapLock.unlock();
                swaponMutex.unlock();
            }
            if (swapFile.isBlk()) {
                BlockDevice dev = swapFile.bdev();
                dev.setBlocksize(p.oldBlockSize);
                dev.bdRelease();
            } else {
                swapFile.setSwapfile(false);
            }
            swapFile.close();
            return 0;
        } finally {
            victim.close();
        }
    }

    /** seq_file's SEQ_START_TOKEN: the header line of /proc/swaps. */
    private static final int SEQ_START_TOKEN = -1;
    /** The iterator's NULL: no more lines. */
    private static final int SEQ_END = -2;

    /**
     * The /proc/swaps iterator's start: takes swapon_mutex (held until {@link #swapStop})
     * and returns the header token for position 0, else the {@code pos}-th area that is in
     * use and has a swap_map (counting from 1), or the end.
     */
    @Mirrors("swap_start")
    private int swapStart(long pos) {
        swaponMutex.lock();
        long l = pos;
        if (l == 0) {
            return SEQ_START_TOKEN;
        }
        for (int i = 0; i < nrSwapfiles; i++) {
            SwapInfoStruct ptr = swapInfo[i];
            if ((ptr.flags & SWP_USED) == 0 || ptr.swapMap == null) {
                continue;
            }
            if (--l == 0) {
                return i;
            }
        }
        return SEQ_END;
    }

    /** The next area in use with a swap_map after {@code v} (after the header: the first), advancing {@code pos[0]}. */
    @Mirrors("swap_next")
    private int swapNext(int v, long[] pos) {
        for (int i = v == SEQ_START_TOKEN ? 0 : v + 1; i < nrSwapfiles; i++) {
            SwapInfoStruct ptr = swapInfo[i];
            if ((ptr.flags & SWP_USED) == 0 || ptr.swapMap == null) {
                continue;
            }
            ++pos[0];
            return i;
        }
        return SEQ_END;
    }

    @Mirrors("swap_stop")
    private void swapStop() {
        swaponMutex.unlock();
    }

    /**
     * One line of /proc/swaps: the header, or for an area the path (with space, tab,
     * newline and backslash escaped as {@code \ooo}, as seq_path does) padded to 40 columns,
     * "partition" or "file", size and used in KiB, priority. Like seq_path, the padding
     * counts the bytes of the path (its UTF-8 encoding, the host's file-name encoding), not
     * Java chars.
     */
    @Mirrors("swap_show")
    private void swapShow(StringBuilder swap, int v) {
        if (v == SEQ_START_TOKEN) {
            swap.append("Filename\t\t\t\tType\t\tSize\tUsed\tPriority\n");
            return;
        }
        SwapInfoStruct ptr = swapInfo[v];
        SwapFile file = ptr.swapFile;
        String path = seqPathEscape(file.path());
        int len = path.getBytes(StandardCharsets.UTF_8).length;
        swap.append(path).append(" ".repeat(len < 40 ? 40 - len : 1))
                .append(file.isBlk() ? "partition" : "file\t").append('\t')
                .append(Integer.toUnsignedString(ptr.pages << (PAGE_SHIFT - 10))).append('\t')
                .append(Integer.toUnsignedString(ptr.inusePages << (PAGE_SHIFT - 10))).append('\t')
                .append(ptr.prio).append('\n');
    }

    /**
     * swapon(2): takes a free swap_info[] slot, opens the file or device, reads and checks
     * the header (kernel-2.6.20.md §2.6, §3c), builds swap_map and the extents, and links
     * the area into swap_list by priority. Prints what 2.6.20 prints; returns 0 or a
     * negative errno: -EPERM when all MAX_SWAPFILES slots are taken, the errors of opening
     * the path, -EBUSY for an area already in use, -EINVAL for a bad header, a file that
     * is neither a regular file nor a block device, or a device claimed by someone else,
     * -ENOMEM when swap_map cannot be allocated.
     *
     * <p>A header page that cannot be read leaves the call with whatever {@code error}
     * held at that point, as in 2.6.20: -EINVAL for a regular file, but 0 for a partition
     * (set_blocksize's success), so swapon reports success although no area was added.
     *
     * <p>Differs from 2.6.20: every emulated task has CAP_SYS_ADMIN, so the -EPERM check
     * of capable() always passes.
     */
    @Mirrors("sys_swapon")
    @Override
    public int sysSwapon(String specialfile, int swapFlags) {
        SwapInfoStruct p;
        int type;
        swapLock.lock();
        try {
            for (type = 0; type < nrSwapfiles; type++) {
                if ((swapInfo[type].flags & SWP_USED) == 0) {
                    break;
                }
            }
            if (type >= MAX_SWAPFILES) {
                return Errno.EPERM.negative();
            }
            if (type >= nrSwapfiles) {
                nrSwapfiles = type + 1;
            }
            p = swapInfo[type];
            destroySwapExtents(p);
            p.flags = SWP_USED;
            p.swapFile = null;
            p.oldBlockSize = 0;
            p.swapMap = null;
            p.lowestBit = 0;
            p.highestBit = 0;
            p.clusterNr = 0;
            p.inusePages = 0;
            p.next = -1;
            if ((swapFlags & SWAP_FLAG_PREFER) != 0) {
                p.prio = (swapFlags & SWAP_FLAG_PRIO_MASK) >> SWAP_FLAG_PRIO_SHIFT;
            } else {
                p.prio = --leastPriority;
            }
        } finally {
            swapLock.unlock();
        }

        String name = specialfile;
        SwapFile swapFile = null;
        BlockDevice bdev = null;
        Page page = null;
        boolean didDown = false;
        int error;
        long[] span = new long[1];
        int nrExtents = 0;
        int nrGoodPages = 0;
        boolean added = false;
        bad:
        {
            // getname: an empty name is ENOENT before any lookup.
            if (name == null || name.isEmpty()) {
                error = Errno.ENOENT.negative();
                break bad;
            }
            try {
                swapFile = vfs.filpOpen(name);
            } catch (KernelError e) {
                error = e.negative();
                break bad;
            }
            p.swapFile = swapFile;

            error = Errno.EBUSY.negative();
            for (int i = 0; i < nrSwapfiles; i++) {
                SwapInfoStruct q = swapInfo[i];
                if (i == type || q.swapFile == null) {
                    continue;
                }
                if (swapFile.mapping().equals(q.swapFile.mapping())) {
                    break bad;
                }
            }

            error = Errno.EINVAL.negative();
            if (swapFile.isBlk()) {
                BlockDevice dev = swapFile.bdev();
                error = dev.bdClaim(this);
                if (error < 0) {
                    error = Errno.EINVAL.negative();
                    break bad;
                }
                bdev = dev;
                p.oldBlockSize = dev.blockSize();
                error = dev.setBlocksize(PAGE_SIZE);
                if (error < 0) {
                    break bad;
                }
                p.bdev = dev;
            } else if (swapFile.isReg()) {
                try {
                    p.bdev = swapFile.bdev();
                } catch (KernelError e) {
                    error = e.negative();
                    break bad;
                }
                didDown = true;
                if (swapFile.isSwapfile()) {
                    error = Errno.EBUSY.negative();
                    break bad;
                }
            } else {
                break bad;
            }

            long swapfilesize = swapFile.size() >> PAGE_SHIFT;

            // Read the swap header: a partition's page 0 through its block device (the
            // block layer, where the device's faults are injected), a regular file's through
            // the file. A page that did not come uptodate ends swapon with the error as it
            // stands (see above).
            SwapHeader swapHeader = SwapHeader.empty();
            if (swapFile.isBlk()) {
                page = readMappingPage(bdev);
                if (page == null) {
                    error = Errno.ENOMEM.negative();
                    break bad;
                }
                Filemap.waitOnPageLocked(page);
                if (!PageFlags.pageUptodate(page)) {
                    break bad;
                }
                ram.read(page.pfn, 0, swapHeader.page(), 0, PAGE_SIZE);
            } else if (swapFile.readPage(0, swapHeader.page()) < 0) {
                break bad;
            }

            switch (swapHeader.magic()) {
                case SWAP_SPACE:
                    printk.printk(Printk.KERN_ERR, "version 0 swap is no longer supported. Use mkswap -v1 " + name);
                    error = Errno.EINVAL.negative();
                    break bad;
                case SWAPSPACE2:
                    break;
                default:
                    printk.printk(Printk.KERN_ERR, "Unable to find swap-space signature");
                    error = Errno.EINVAL.negative();
                    break bad;
            }
            if (swapHeader.version() != 1) {
                printk.printk(Printk.KERN_WARNING, "Unable to handle swap header version " + swapHeader.version());
                error = Errno.EINVAL.negative();
                break bad;
            }
            p.lowestBit = 1;
            p.clusterNext = 1;

            // The most pages an area may have is what a swap pte of this kernel's format can
            // address: the offset of swp_entry(0, ~0) after a round trip through a swap pte.
            long lastPage = swapHeader.lastPage();
            long maxpages = Swapops.maxSwapPages(pgtable);
            if (maxpages > lastPage) {
                maxpages = lastPage;
            }
            p.highestBit = (int) (maxpages - 1);

            error = Errno.EINVAL.negative();
            if (maxpages == 0) {
                break bad;
            }
            if (swapfilesize != 0 && maxpages > swapfilesize) {
                printk.printk(Printk.KERN_WARNING, "Swap area shorter than signature indicates");
                break bad;
            }
            long nrBadpages = swapHeader.nrBadpages();
            if (nrBadpages != 0 && swapFile.isReg()) {
                break bad;
            }
            if (nrBadpages > SwapHeader.MAX_SWAP_BADPAGES) {
                break bad;
            }

            try {
                p.swapMap = new char[(int) maxpages];
            } catch (OutOfMemoryError e) {
                error = Errno.ENOMEM.negative();
                break bad;
            }
            error = 0;
            for (int i = 0; i < nrBadpages; i++) {
                int pageNr = swapHeader.badpage(i);
                if (pageNr <= 0 || Integer.toUnsignedLong(pageNr) >= lastPage) {
                    error = Errno.EINVAL.negative();
                } else if (pageNr < maxpages) {
                    // Differs from 2.6.20: a bad page beyond the arch limit would be
                    // stored past the end of swap_map; it is simply out of reach here.
                    p.swapMap[pageNr] = SWAP_MAP_BAD;
                }
            }
            nrGoodPages = (int) (lastPage - nrBadpages - 1);
            if (error != 0) {
                break bad;
            }

            if (nrGoodPages != 0) {
                p.swapMap[0] = SWAP_MAP_BAD;
                p.max = (int) maxpages;
                p.pages = nrGoodPages;
                nrExtents = setupSwapExtents(p, span);
                if (nrExtents < 0) {
                    error = nrExtents;
                    break bad;
                }
                nrGoodPages = p.pages;
            }
            if (nrGoodPages == 0) {
                printk.printk(Printk.KERN_WARNING, "Empty swap-file");
                error = Errno.EINVAL.negative();
                break bad;
            }

            swaponMutex.lock();
            swapLock.lock();
            try {
                p.flags = SWP_ACTIVE;
                nrSwapPages += Integer.toUnsignedLong(nrGoodPages);
                totalSwapPages += Integer.toUnsignedLong(nrGoodPages);
                printk.printk(Printk.KERN_INFO, "Adding " + Integer.toUnsignedString(nrGoodPages << (PAGE_SHIFT - 10))
                        + "k swap on " + name + ".  Priority:" + p.prio + " extents:" + nrExtents
                        + " across:" + Long.toUnsignedString(span[0] << (PAGE_SHIFT - 10)) + "k");
                // Insert before the first area of lower or equal priority.
                int prev = -1;
                int i;
                for (i = swapList.head; i >= 0; i = swapInfo[i].next) {
                    if (p.prio >= swapInfo[i].prio) {
                        break;
                    }
                    prev = i;
                }
                p.next = i;
                if (prev < 0) {
                    swapList.head = swapList.next = p.type;
                } else {
                    swapInfo[prev].next = p.type;
                }
            } finally {
                swapLock.unlock();
                swaponMutex.unlock();
            }
            error = 0;
            added = true;
        }
        if (!added) {
            // bad_swap:
            if (bdev != null) {
                bdev.setBlocksize(p.oldBlockSize);
                bdev.bdRelease();
            }
            destroySwapExtents(p);
            // bad_swap_2:
            swapLock.lock();
            try {
                p.swapFile = null;
                p.bdev = null;
                p.swapMap = null;
                p.flags = 0;
                if ((swapFlags & SWAP_FLAG_PREFER) == 0) {
                    ++leastPriority;
                }
            } finally {
                swapLock.unlock();
            }
            if (swapFile != null) {
                swapFile.close();
            }
        }
        // out:
        if (page != null) {
            swap.pageCacheRelease(page);
        }
        if (didDown && error == 0) {
            swapFile.setSwapfile(true);
        }
        return error;
    }

    /** Free and total swap for sysinfo; slots of areas being swapped off count as both. */
    @Mirrors("si_swapinfo")
    @Override
    public void siSwapinfo(Sysinfo val) {
        long nrToBeUnused = 0;
        swapLock.lock();
        try {
            for (int i = 0; i < nrSwapfiles; i++) {
                if ((swapInfo[i].flags & SWP_USED) == 0 || (swapInfo[i].flags & SWP_WRITEOK) != 0) {
                    continue;
                }
                nrToBeUnused += Integer.toUnsignedLong(swapInfo[i].inusePages);
            }
            val.freeswap = nrSwapPages + nrToBeUnused;
            val.totalswap = totalSwapPages + nrToBeUnused;
        } finally {
            swapLock.unlock();
        }
    }

    /**
     * Adds a reference to {@code entry} (fork's copy_one_pte, try_to_unmap_one, the swap
     * cache). Counts saturate at SWAP_MAP_MAX with "swap_dup: swap entry overflow"
     * (printed five times at most). Returns 1, or 0 for a free, bad or out-of-range slot.
     */
    @Mirrors("swap_duplicate")
    @Override
    public int swapDuplicate(int entry) {
        int type = Swapops.swpType(entry);
        if (type >= nrSwapfiles) {
            printk.printk(Printk.KERN_ERR, "swap_dup: " + BAD_FILE + String.format("%08x", entry));
            return 0;
        }
        SwapInfoStruct p = swapInfo[type];
        int offset = Swapops.swpOffset(entry);
        int result = 0;
        swapLock.lock();
        try {
            if (Integer.compareUnsigned(offset, p.max) < 0 && p.swapMap[offset] != 0) {
                if (p.swapMap[offset] < SWAP_MAP_MAX - 1) {
                    p.swapMap[offset]++;
                    result = 1;
                } else if (p.swapMap[offset] <= SWAP_MAP_MAX) {
                    if (swapOverflow++ < 5) {
                        printk.printk(Printk.KERN_WARNING, "swap_dup: swap entry overflow");
                    }
                    p.swapMap[offset] = SWAP_MAP_MAX;
                    result = 1;
                }
            }
        } finally {
            swapLock.unlock();
        }
        return result;
    }

    @Mirrors("get_swap_info_struct")
    @Override
    public SwapInfoStruct getSwapInfoStruct(int type) {
        return swapInfo[type];
    }

    /**
     * The swap readahead window of {@code entry}: the aligned block of
     * {@code 1 << page_cluster} slots holding it (skipping the header), cut at the first
     * free or bad slot or the end of the area. Stores the first offset in
     * {@code offset[0]} and returns the number of slots. Called by swapin_readahead.
     * swap_lock keeps swap_map from being freed meanwhile; no reference is taken on the
     * slots, which may become free at any time after.
     */
    @Mirrors("valid_swaphandles")
    @Override
    public int validSwaphandles(int entry, long[] offset) {
        int ourPageCluster = swap.pageCluster();
        int ret = 0;
        int i = 1 << ourPageCluster;
        SwapInfoStruct swapdev = swapInfo[Swapops.swpType(entry)];
        if (ourPageCluster == 0) {
            return 0;
        }
        int toff = (Swapops.swpOffset(entry) >>> ourPageCluster) << ourPageCluster;
        if (toff == 0) {
            toff++;
            i--;
        }
        offset[0] = toff;
        swapLock.lock();
        try {
            do {
                if (Integer.compareUnsigned(toff, swapdev.max) >= 0) {
                    break;
                }
                if (swapdev.swapMap[toff] == 0) {
                    break;
                }
                if (swapdev.swapMap[toff] == SWAP_MAP_BAD) {
                    break;
                }
                toff++;
                ret++;
            } while (--i != 0);
        } finally {
            swapLock.unlock();
        }
        return ret;
    }

    // ---------------------------------------------------------------- Java only

    /**
     * The text of /proc/swaps, read the way seq_read drives the iterator: start, then show
     * and next until the end, then stop.
     */
    @EmulatorOnly("reads /proc/swaps whole through the seq_file iterator (there is no procfs)")
    @Override
    public String procSwaps() {
        StringBuilder sb = new StringBuilder();
        long[] pos = {0};
        int v = swapStart(pos[0]);
        try {
            while (v != SEQ_END) {
                swapShow(sb, v);
                v = swapNext(v, pos);
            }
        } finally {
            swapStop();
        }
        return sb.toString();
    }

    @Mirrors("swap_list")
    @Override
    public SwapListT swapList() {
        return swapList;
    }

    @Mirrors("nr_swap_pages")
    @Override
    public long nrSwapPages() {
        return nrSwapPages;
    }

    @Mirrors("total_swap_pages")
    @Override
    public long totalSwapPages() {
        return totalSwapPages;
    }

    @Mirrors("nr_swapfiles")
    @Override
    public int nrSwapfiles() {
        return nrSwapfiles;
    }

    /** Differs from 2.6.20: the emulator's CPUs are preemptible threads, so a reschedule point does nothing. */
    @Mirrors("cond_resched")
    private static void condResched() {
    }

    /** seq_path's mangling of the characters " \t\n\\" as a backslash and three octal digits. */
    static String seqPathEscape(String path) {
        StringBuilder sb = new StringBuilder(path.length());
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\\') {
                sb.append('\\').append((char) ('0' + ((c >> 6) & 7))).append((char) ('0' + ((c >> 3) & 7)))
                        .append((char) ('0' + (c & 7)));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** {@code atomic_inc_not_zero(&mm->mm_users)}: takes a user reference unless the mm is already exiting. */
    private static boolean atomicIncNotZero(MmStruct mm) {
        for (;;) {
            int u = mm.mmUsers.get();
            if (u == 0) {
                return false;
            }
            if (mm.mmUsers.compareAndSet(u, u + 1)) {
                return true;
            }
        }
    }

    /** kernel/fork.c's mmput through its header; init_mm is never torn down. */
    @Mirrors("mmput")
    private void mmput(MmStruct mm) {
        if (mm == mmList.initMm) {
            mm.mmUsers.decrementAndGet();
        } else {
            fork.get().mmput(mm);
        }
    }

    /**
     * mm/shmem.c's shmem_unuse: looks for the entry in tmpfs files.
     *
     * <p>Differs from 2.6.20: the emulator has no tmpfs, so there is never such a reference.
     */
    @Mirrors("shmem_unuse")
    private static boolean shmemUnuse(int entry, Page page) {
        return false;
    }

    /**
     * mm/memory.c's pmd_clear_bad as pmd_none_or_clear_bad calls it: reports the entry
     * with pmd_ERROR and clears it. On 2-level i386 the pmd is folded into the pgd, so
     * pmd_ERROR is pgd_ERROR ("bad pgd" and the 32-bit value); PAE prints the entry's
     * address and 64-bit value. Both are printks without a level from memory.c's line
     * 117, so they get the default level (KERN_WARNING).
     *
     * <p>Differs from 2.6.20: PAE's {@code %p} shows the entry's physical address, not
     * the kernel virtual address it would have.
     */
    @Mirrors("pmd_clear_bad")
    private void pmdClearBad(long pmdp, long pmd) {
        String msg = pgtable.pae() ? String.format("mm/memory.c:117: bad pmd %08x(%016x).", pmdp, pmd)
                : String.format("mm/memory.c:117: bad pgd %08x.", pmd);
        printk.printk(Printk.KERN_WARNING, msg);
        pgtable.pmdClear(pmdp);
    }

    /**
     * mm/filemap.c's read_mapping_page(bdev mapping, 0) as sys_swapon calls it for a
     * partition: a new page for the device's page 0, filled by blkdev_readpage; if it is
     * not uptodate once that read is over, read_cache_page locks it and fills it once more.
     * Returns the page (unlocked once the last read has completed; the caller waits for
     * that) or {@code null} when no page could be allocated (ERR_PTR(-ENOMEM)).
     *
     * <p>A first read that failed leaves PG_error set, and nothing clears it before the
     * second read, so the page never becomes uptodate even when the second read succeeds:
     * one I/O error on the header is enough to refuse the area, as in 2.6.20.
     *
     * <p>Differs from 2.6.20: the page is not kept in a page cache of the block device; it
     * is freed when swapon is done with it (in 2.6.20 it stays cached, and a cached page
     * with PG_error keeps failing later swapons of the device until it is evicted).
     */
    @Mirrors("read_mapping_page")
    private Page readMappingPage(BlockDevice bdev) {
        // page_cache_alloc_cold of a block device's mapping (GFP_USER), locked as
        // add_to_page_cache leaves a new page.
        Page page = pageAlloc.allocPage(Gfp.GFP_USER | Gfp.__GFP_COLD);
        if (page == null) {
            return null;
        }
        page.index = 0;
        PageFlags.setPageLocked(page);
        blkdevReadpage(bdev, page);
        if (PageFlags.pageUptodate(page)) {
            return page;
        }
        Filemap.lockPage(page);
        if (PageFlags.pageUptodate(page)) {
            Filemap.unlockPage(page);
            return page;
        }
        blkdevReadpage(bdev, page);
        return page;
    }

    /**
     * fs/block_dev.c's readpage (block_read_full_page with the PAGE_SIZE blocks sys_swapon
     * has just set): one READ bio of the locked {@code page} from the block of its index,
     * submitted through the device's block layer; the completion runs
     * end_buffer_async_read on the device's completion thread. A device shorter than
     * the page gives zeroes instead.
     */
    @Mirrors("blkdev_readpage")
    private void blkdevReadpage(BlockDevice bdev, Page page) {
        // A block past the device's last whole block is a hole to the reader
        // (blkdev_get_block maps nothing there): it reads as zeroes without I/O.
        long wholeBlocks = (bdev.capacity() << BlockDevice.SECTOR_SHIFT) >>> PAGE_SHIFT;
        if (Integer.toUnsignedLong(page.index) >= wholeBlocks) {
            ram.clearFrame(page.pfn);
            if (!PageFlags.pageError(page)) {
                PageFlags.setPageUptodate(page);
            }
            Filemap.unlockPage(page);
            return;
        }
        Bio bio = Bio.bioAlloc(1);
        bio.biSector = Integer.toUnsignedLong(page.index) << (PAGE_SHIFT - BlockDevice.SECTOR_SHIFT);
        bio.biBdev = bdev;
        bio.bioAddPage(page.pfn, PAGE_SIZE, 0);
        bio.biEndIo = (b, bytesDone, err) -> {
            if (b.biSize != 0) {
                return 1;
            }
            endBufferAsyncRead(bdev, page, b.bioFlagged(Bio.BIO_UPTODATE));
            Bio.bioPut(b);
            return 0;
        };
        bdev.blockLayer().submitBio(Bio.READ, bio);
    }

    /**
     * fs/buffer.c's read completion for the page's one buffer: an error prints
     * buffer_io_error's line and sets PG_error; the page becomes uptodate only if the read
     * succeeded and no earlier one failed; then it is unlocked. Runs in the device's
     * completion context and never sleeps.
     *
     * <p>Differs from 2.6.20: printk_ratelimit is not applied.
     */
    @Mirrors("end_buffer_async_read")
    private void endBufferAsyncRead(BlockDevice bdev, Page page, boolean uptodate) {
        if (!uptodate) {
            printk.printk(Printk.KERN_ERR, "Buffer I/O error on device " + bdev.name() + ", logical block "
                    + Integer.toUnsignedLong(page.index));
            PageFlags.setPageError(page);
        }
        if (uptodate && !PageFlags.pageError(page)) {
            PageFlags.setPageUptodate(page);
        }
        Filemap.unlockPage(page);
    }
}
