package linux.mm.vmscan.internal;

/*
 * Mirrors linux-2.6.20 mm/vmscan.c: the slab shrinker registry and shrink_slab, the
 * per-page reclaim of shrink_page_list with pageout and remove_mapping, LRU isolation and
 * the active/inactive balancing of shrink_zone, direct reclaim (try_to_free_pages), kswapd
 * with balance_pgdat and wakeup_kswapd, and shrink_all_memory. Owns vm_swappiness, the
 * shrinker list and each node's kswapd thread.
 */

import static linux.block.Bio.WRITE;
import static linux.kernel.Current.PF_SWAPWRITE;
import static linux.mm.page.BackingDev.HZ;
import static linux.mm.page.Filemap.lockPage;
import static linux.mm.page.Filemap.unlockPage;
import static linux.mm.page.Gfp.GFP_ATOMIC;
import static linux.mm.page.Gfp.GFP_KERNEL;
import static linux.mm.page.Gfp.__GFP_FS;
import static linux.mm.page.Gfp.__GFP_IO;
import static linux.mm.page.MmInline.addPageToActiveList;
import static linux.mm.page.MmInline.addPageToInactiveList;
import static linux.mm.page.Page.getPageUnlessZero;
import static linux.mm.page.Page.pageAnon;
import static linux.mm.page.Page.pageCount;
import static linux.mm.page.Page.pageMapped;
import static linux.mm.page.Page.pageMapping;
import static linux.mm.page.Page.putPageTestzero;
import static linux.mm.page.PageFlags.clearPageActive;
import static linux.mm.page.PageFlags.clearPageDirty;
import static linux.mm.page.PageFlags.clearPageLRU;
import static linux.mm.page.PageFlags.clearPageReclaim;
import static linux.mm.page.PageFlags.pageActive;
import static linux.mm.page.PageFlags.pageDirty;
import static linux.mm.page.PageFlags.pageLRU;
import static linux.mm.page.PageFlags.pageLocked;
import static linux.mm.page.PageFlags.pageSwapCache;
import static linux.mm.page.PageFlags.pageWriteback;
import static linux.mm.page.PageFlags.setPageActive;
import static linux.mm.page.PageFlags.setPageLRU;
import static linux.mm.page.PageFlags.setPageReclaim;
import static linux.mm.page.PageFlags.testSetPageLocked;
import static linux.mm.page.SwapOps.SWAP_CLUSTER_MAX;
import static linux.mm.page.Zone.DEF_PRIORITY;
import static linux.mm.page.Zone.MAX_NR_ZONES;

import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import linux.kernel.Current;
import linux.kernel.EmulatorOnly;
import linux.kernel.Errno;
import linux.kernel.KernelBug;
import linux.kernel.Mirrors;
import linux.kernel.Printk;
import linux.mm.page.AddressSpace;
import linux.mm.page.AddressSpaceOperations;
import linux.mm.page.BackingDev;
import linux.mm.page.ListHead;
import linux.mm.page.Page;
import linux.mm.page.PageAllocOps;
import linux.mm.page.PageFlags;
import linux.mm.page.PageWriteback;
import linux.mm.page.Pagevec;
import linux.mm.page.Pglist;
import linux.mm.page.RmapOps;
import linux.mm.page.SwapOps;
import linux.mm.page.SwapStateOps;
import linux.mm.page.SwapfileOps;
import linux.mm.page.SwapTokenOps;
import linux.mm.page.VmEventItem;
import linux.mm.page.VmscanOps;
import linux.mm.page.Vmstat;
import linux.mm.page.WritebackControl;
import linux.mm.page.Zone;
import linux.mm.page.ZoneStatItem;

/**
 * Page reclaim of one kernel (mm/vmscan.c), in the kernel file's order: callees before
 * callers, the Java-only helpers last.
 *
 * <p>How it runs: kswapd (one thread per node, started by {@link #kswapdRun}) sleeps until
 * the allocator finds a zone below pages_low ({@link #wakeupKswapd}), then reclaims until
 * every zone of the node is above pages_high ({@code balance_pgdat}). An allocation that
 * still fails below pages_min reclaims for itself ({@link #tryToFreePages}). Both go
 * through {@code shrink_zone}, which ages the active list into the inactive list
 * ({@code shrink_active_list}) and frees from the inactive tail ({@code shrink_inactive_list}
 * → {@code shrink_page_list}), adding anonymous pages to swap, unmapping them, writing
 * them out and finally detaching them from the swap cache. The policy numbers are those of
 * kernel-2.6.20.md §5.
 *
 * <p>Locking (the order of mm-page's table): the LRU lists and their counters under
 * {@code zone->lru_lock}, taken here around isolation and putback and never held across
 * shrink_page_list; pages are worked on while isolated (PG_lru clear, one reference
 * held by reclaim); PG_locked via trylock only, except in handle_write_error;
 * {@code tree_lock} for writing inside remove_mapping. No lock is held across
 * congestion_wait.
 *
 * <p>Differs from 2.6.20:
 * <ul>
 * <li>No slab caches exist, so no shrinker is registered at boot; shrink_slab still runs
 *   (and accounts SLABS_SCANNED for any registered shrinker), and reclaimed_slab stays 0.
 *   The allocator does not install {@code current->reclaim_state}; each reclaim entry
 *   point keeps its own (kswapd's lives in its thread, as kswapd() sets it up).</li>
 * <li>No buffer heads and no file page cache with i_mmap trees: try_to_release_page and
 *   try_to_free_buffers cannot free anything, mapping_mapped answers false,
 *   buffer_heads_over_limit is never true (no pagevec_strip), and there is no pdflush to
 *   wake.</li>
 * <li>No cpusets (every zone is allowed), no CPU hotplug (cpu_callback), no freezer;
 *   laptop_mode is 0.</li>
 * <li>kswapd can be stopped ({@link #kswapdStop}) so a kernel can be shut down; it checks
 *   for that where 2.6.20 calls try_to_freeze.</li>
 * <li>A deterministic machine gives kswapd no thread ({@link #kswapdInitDeferred}): it
 *   sleeps on kswapd_wait as usual, a wake-up marks it runnable, and the machine's
 *   scheduling points (congestion_wait naps, the workload's own) run its next passes on
 *   the calling thread ({@link #kswapdRunPending}), as a uniprocessor switches to it.</li>
 * </ul>
 */
public final class Vmscan implements VmscanOps {

    /** Objects a shrinker is asked to scan at a time. */
    @Mirrors("SHRINK_BATCH")
    static final int SHRINK_BATCH = 128;

    /** A task that cleans memory and may dirty more before being throttled (nfsd); nobody sets it here. */
    @Mirrors("PF_LESS_THROTTLE")
    private static final int PF_LESS_THROTTLE = 0x00100000;

    /** mm/page-writeback.c's vm_dirty_ratio: the dirty-memory limit, percent. */
    private static final int VM_DIRTY_RATIO = 40;

    /** mm/page-writeback.c's dirty_background_ratio: when pdflush starts, percent. */
    private static final int DIRTY_BACKGROUND_RATIO = 10;

    /** mm/page-writeback.c's laptop_mode: 0, so reclaim writes pages from the start. */
    private static final int LAPTOP_MODE = 0;

    /**
     * A cache-shrink callback ({@code shrinker_t}): asked with {@code nrToScan} 0 it
     * returns how many objects the cache holds; otherwise it scans that many and returns
     * how many are left, or -1 if it cannot shrink now (locks it must not take).
     */
    @FunctionalInterface
    interface ShrinkerT {
        int shrink(int nrToScan, int gfpMask);
    }

    /** One registered cache shrinker ({@code struct shrinker}). Fields under shrinker_rwsem. */
    @Mirrors("shrinker")
    static final class Shrinker {
        /** The callback. */
        final ShrinkerT shrinker;
        /** Seeks it costs to recreate one object (DEFAULT_SEEKS is 2). */
        final int seeks;
        /** Objects whose scan is owed from earlier calls (a signed 32-bit long on i386). */
        int nr;

        Shrinker(ShrinkerT shrinker, int seeks) {
            this.shrinker = shrinker;
            this.seeks = seeks;
        }
    }

    /** {@code struct reclaim_state} (swap.h): slab pages freed while reclaiming. */
    @Mirrors("reclaim_state")
    static final class ReclaimState {
        /** Pages slab shrinkers gave back to the allocator (always 0: no slab here). */
        long reclaimedSlab;
    }

    /** Where shrink_page_list's per-page decision ends: its four labels. */
    private enum Verdict {
        /** {@code keep}: back to the caller's list, page lock not held. */
        KEEP,
        /** {@code keep_locked}: unlock first, then keep. */
        KEEP_LOCKED,
        /** {@code activate_locked}: set PG_active, count pgactivate, then keep_locked. */
        ACTIVATE_LOCKED,
        /** {@code free_it}: unlock and free the page. */
        FREE_IT
    }

    private final Printk printk;
    private final Current current;
    private final PageAllocOps pageAlloc;
    private final Pglist pgdat;
    private final Vmstat vmstat;
    private final SwapOps swap;
    private final PageWriteback pageWriteback;
    private final BackingDev backingDev;
    private final Provider<SwapStateOps> swapState;
    private final Provider<SwapfileOps> swapfile;
    private final Provider<RmapOps> rmap;
    private final Provider<SwapTokenOps> swapToken;

    /** vm_swappiness: 0..100, how readily mapped pages are reclaimed (sysctl vm.swappiness). */
    @Mirrors("vm_swappiness")
    private volatile int vmSwappiness = DEFAULT_SWAPPINESS;

    /** shrinker_list: the registered cache shrinkers, under shrinker_rwsem. */
    @Mirrors("shrinker_list")
    private final List<Shrinker> shrinkerList = new ArrayList<>();

    @Mirrors("shrinker_rwsem")
    final ReentrantReadWriteLock shrinkerRwsem = new ReentrantReadWriteLock();

    /** pgdat->kswapd: the node's kswapd thread, or null before kswapd_run. Under kswapdWait's monitor. */
    private volatile Thread kswapd;

    /**
     * waitqueue_active(&pgdat->kswapd_wait): kswapd is between prepare_to_wait and
     * finish_wait. Written under pgdat.kswapdWait's monitor, read without it by
     * wakeup_kswapd, as the kernel reads the queue.
     */
    private volatile boolean kswapdWaiting;

    /** Set by {@link #kswapdStop}; kswapd ends at its next freezer point. */
    private volatile boolean kswapdShouldStop;

    /** kswapd has no thread of its own: {@link #kswapdRunPending} runs it when woken. */
    private volatile boolean kswapdDeferred;

    /** A deferred kswapd was woken (its task is runnable) and has not run since. */
    private volatile boolean kswapdWoken;

    /** A deferred kswapd runs on the calling thread right now (a nap inside it must not recurse). */
    private boolean kswapdStepping;

    /**
     * The kernel's wiring: the allocator, the LRU (mm/swap.c), the writeback helpers and
     * congestion waits of mm-page directly; the layer-2 files through providers, since
     * they allocate memory and so may call back into reclaim.
     */
    @Inject
    public Vmscan(Printk printk, Current current, PageAllocOps pageAlloc, SwapOps swap, PageWriteback pageWriteback,
            BackingDev backingDev, Provider<SwapStateOps> swapState, Provider<SwapfileOps> swapfile,
            Provider<RmapOps> rmap, Provider<SwapTokenOps> swapToken) {
        this.printk = printk;
        this.current = current;
        this.pageAlloc = pageAlloc;
        this.pgdat = pageAlloc.pgdat();
        this.vmstat = pageAlloc.vmstat();
        this.swap = swap;
        this.pageWriteback = pageWriteback;
        this.backingDev = backingDev;
        this.swapState = swapState;
        this.swapfile = swapfile;
        this.rmap = rmap;
        this.swapToken = swapToken;
    }

    // ---- slab shrinkers ----------------------------------------------------------------

    /** set_shrinker(seeks, theshrinker): register a cache shrinker at the tail of the list. */
    @Mirrors("set_shrinker")
    Shrinker setShrinker(int seeks, ShrinkerT theshrinker) {
        Shrinker shrinker = new Shrinker(theshrinker, seeks);
        shrinkerRwsem.writeLock().lock();
        try {
            shrinkerList.add(shrinker);
        } finally {
            shrinkerRwsem.writeLock().unlock();
        }
        return shrinker;
    }

    /** remove_shrinker(shrinker): unregister it. */
    @Mirrors("remove_shrinker")
    void removeShrinker(Shrinker shrinker) {
        shrinkerRwsem.writeLock().lock();
        try {
            shrinkerList.remove(shrinker);
        } finally {
            shrinkerRwsem.writeLock().unlock();
        }
    }

    /**
     * Ages every registered cache by the share of the LRU that reclaim just scanned, on
     * the idea that a cache object and an LRU page each cost a seek to bring back: with
     * {@code scanned} of {@code lruPages} pages examined, a cache of max_pass objects owes
     * {@code 4 * scanned / seeks * max_pass / (lru_pages + 1)} object scans, carried in
     * shrinker->nr and paid in batches of 128 (SLABS_SCANNED each), never more than twice
     * the cache. A {@code scanned} of 0 counts as 32. If the list is being changed it
     * returns 1 so the caller assumes progress. Called by try_to_free_pages, balance_pgdat
     * and shrink_all_memory without locks.
     */
    @Mirrors("shrink_slab")
    @Override
    public long shrinkSlab(long scanned, int gfpMask, long lruPages) {
        long ret = 0;
        if (scanned == 0) {
            scanned = SWAP_CLUSTER_MAX;
        }
        if (!shrinkerRwsem.readLock().tryLock()) {
            return 1;
        }
        try {
            for (Shrinker shrinker : shrinkerList) {
                long maxPass = shrinker.shrinker.shrink(0, gfpMask);
                long delta = (4 * scanned) / shrinker.seeks;
                delta *= maxPass;
                delta /= lruPages + 1;
                shrinker.nr = (int) (shrinker.nr + delta);
                if (shrinker.nr < 0) {
                    printk.printk(Printk.KERN_ERR, "shrink_slab: nr=" + shrinker.nr);
                    shrinker.nr = (int) maxPass;
                }
                // bound the debt so a huge nr cannot keep us scanning forever
                if (shrinker.nr > maxPass * 2) {
                    shrinker.nr = (int) (maxPass * 2);
                }
                long totalScan = shrinker.nr;
                shrinker.nr = 0;
                while (totalScan >= SHRINK_BATCH) {
                    int thisScan = SHRINK_BATCH;
                    int nrBefore = shrinker.shrinker.shrink(0, gfpMask);
                    int shrinkRet = shrinker.shrinker.shrink(thisScan, gfpMask);
                    if (shrinkRet == -1) {
                        break;
                    }
                    if (shrinkRet < nrBefore) {
                        ret += nrBefore - shrinkRet;
                    }
                    vmstat.countVmEvents(VmEventItem.SLABS_SCANNED, thisScan);
                    totalScan -= thisScan;
                }
                shrinker.nr += (int) totalScan;
            }
        } finally {
            shrinkerRwsem.readLock().unlock();
        }
        return ret;
    }

    // ---- page classification ---------------------------------------------------------

    /**
     * Whether a referenced page is in real use, so that reclaim should activate it rather
     * than evict it: mapped by some pte, or in the swap cache (reclaim is more reluctant to
     * drop swap cache than page cache), or belonging to a file some process has mmapped.
     * Read without locks; the answer may be stale by the time it is used.
     */
    @Mirrors("page_mapping_inuse")
    private static boolean pageMappingInuse(Page page) {
        if (pageMapped(page)) {
            return true;
        }
        if (pageSwapCache(page)) {
            return true;
        }
        AddressSpace mapping = pageMapping(page);
        if (mapping == null) {
            return false;
        }
        return mappingMapped(mapping);
    }

    /**
     * Whether only reclaim and the page or swap cache hold the page: page_count minus
     * the buffers' reference (PagePrivate) is exactly 2. Anyone else holding it (a pte,
     * get_user_pages, a read in flight) makes writing it out pointless for now.
     */
    @Mirrors("is_page_cache_freeable")
    private static boolean isPageCacheFreeable(Page page) {
        return pageCount(page) - (PageFlags.pagePrivate(page) ? 1 : 0) == 2;
    }

    /**
     * Whether pageout may queue a write to {@code mapping}'s device now: always for a task
     * with PF_SWAPWRITE (kswapd), else only if the device is not write-congested, or if
     * this task is the one already writing to it (current->backing_dev_info).
     */
    @Mirrors("may_write_to_queue")
    private boolean mayWriteToQueue(AddressSpace mapping) {
        if ((current.current().flags & PF_SWAPWRITE) != 0) {
            return true;
        }
        if (!bdiWriteCongested(mapping)) {
            return true;
        }
        // no task writes through a file's backing_dev_info here (generic_file_write)
        return false;
    }

    /**
     * A synchronous writepage failed with {@code error}: record it in the mapping
     * (AS_ENOSPC for -ENOSPC, else AS_EIO) so a later fsync or close reports it. Once
     * writepage returned, nothing keeps the mapping alive except the page lock on a page
     * still in it, so the page is locked (sleeping is allowed: the caller may enter the
     * file system) and the error recorded only if the page still belongs to
     * {@code mapping}.
     */
    @Mirrors("handle_write_error")
    private void handleWriteError(AddressSpace mapping, Page page, int error) {
        lockPage(page);
        if (pageMapping(page) == mapping) {
            int bit = error == Errno.ENOSPC.negative() ? AddressSpace.AS_ENOSPC : AddressSpace.AS_EIO;
            mapping.flags.getAndUpdate(f -> f | (1 << bit));
        }
        unlockPage(page);
    }

    // ---- writeout and detaching --------------------------------------------------------

    /**
     * Writes one dirty page that shrink_page_list holds locked and isolated through
     * {@code mapping->a_ops->writepage}, without waiting: a page someone else still holds
     * is kept (PAGE_KEEP); a page with no mapping is freeable only if its buffers can go
     * (orphaned journal pages); a mapping that cannot write pages gets its page
     * activated; a congested queue is left alone unless the task may write to swap
     * regardless (swapper_space's device info is never congested, so swap pages always
     * pass). Otherwise, if the dirty bit was still set, the page gets PG_reclaim (so the
     * write completion rotates it to the inactive tail) and a reclaim writeback_control:
     * WB_SYNC_NONE, 32 pages, the whole file, non-blocking, for reclaim. The outcome says
     * what lock state the page is in (see {@link PageoutT}).
     */
    @Mirrors("pageout")
    PageoutT pageout(Page page, AddressSpace mapping) {
        if (!isPageCacheFreeable(page)) {
            return PageoutT.PAGE_KEEP;
        }
        if (mapping == null) {
            // journalling can leave a dirty page with clean buffers and no mapping
            if (PageFlags.pagePrivate(page)) {
                if (tryToFreeBuffers(page)) {
                    clearPageDirty(page);
                    printk.printk(Printk.KERN_WARNING, "pageout: orphaned page");
                    return PageoutT.PAGE_CLEAN;
                }
            }
            return PageoutT.PAGE_KEEP;
        }
        AddressSpaceOperations aOps = mapping.aOps();
        if (aOps == null) {
            return PageoutT.PAGE_ACTIVATE;
        }
        if (!mayWriteToQueue(mapping)) {
            return PageoutT.PAGE_KEEP;
        }
        if (pageWriteback.clearPageDirtyForIo(page) != 0) {
            WritebackControl wbc = new WritebackControl();
            wbc.syncMode = WritebackControl.WritebackSyncModes.WB_SYNC_NONE;
            wbc.nrToWrite = SWAP_CLUSTER_MAX;
            wbc.rangeStart = 0;
            wbc.rangeEnd = Long.MAX_VALUE;
            wbc.nonblocking = true;
            wbc.forReclaim = true;

            setPageReclaim(page);
            int res = aOps.writepage(page, wbc);
            if (res < 0) {
                handleWriteError(mapping, page, res);
            }
            if (res == AddressSpaceOperations.AOP_WRITEPAGE_ACTIVATE) {
                clearPageReclaim(page);
                return PageoutT.PAGE_ACTIVATE;
            }
            if (!pageWriteback(page)) {
                // the write finished synchronously (or writepage did nothing): no
                // completion will consume PG_reclaim
                clearPageReclaim(page);
            }
            vmstat.incZonePageState(page, ZoneStatItem.NR_VMSCAN_WRITE);
            return PageoutT.PAGE_SUCCESS;
        }
        return PageoutT.PAGE_CLEAN;
    }

    /**
     * Detaches a locked page from its page cache or swap cache when nobody but the cache
     * and the caller hold it and it is clean; see {@link VmscanOps#removeMapping}.
     *
     * <p>The two tests under tree_lock must be made in this order, count first, dirty
     * second. Someone who got the page by other means (get_user_pages for direct I/O, say)
     * may write into it, set PG_dirty and only then drop their reference. Testing dirty
     * first could see "clean", then, after that writer dirtied the page and let go, see
     * "count 2" and free the page with the new data unwritten. Seeing count 2 first means
     * every such holder is gone, and since each set PG_dirty before letting go, the dirty
     * test that follows (ordered after the count read, the kernel's smp_rmb) sees their
     * write. Holding tree_lock meanwhile keeps find_get_page from handing out a new
     * reference, so the count cannot grow back before the page leaves the tree.
     *
     * @throws KernelBug if the page is not locked or does not belong to {@code mapping}
     */
    @Mirrors("remove_mapping")
    @Override
    public int removeMapping(AddressSpace mapping, Page page) {
        if (!pageLocked(page)) {
            throw new KernelBug("remove_mapping: page not locked: " + page);
        }
        if (mapping != pageMapping(page)) {
            throw new KernelBug("remove_mapping: page of " + pageMapping(page) + " removed from " + mapping);
        }
        boolean swapCache;
        int swapEntry = 0;
        mapping.treeLock.writeLock().lock();
        try {
            if (pageCount(page) != 2) {
                return 0;
            }
            if (pageDirty(page)) {
                return 0;
            }
            swapCache = pageSwapCache(page);
            if (swapCache) {
                swapEntry = Page.pagePrivate(page);
                swapState.get().deleteFromSwapCacheLocked(page);
            } else {
                removeFromPageCacheLocked(page);
            }
        } finally {
            mapping.treeLock.writeLock().unlock();
        }
        if (swapCache) {
            swapfile.get().swapFree(swapEntry);
        }
        // __put_page: the cache's reference; the caller's keeps the page alive
        boolean last = putPageTestzero(page);
        assert !last : "remove_mapping dropped the caller's reference of " + page;
        return 1;
    }

    // ---- the core of reclaim -------------------------------------------------------------

    /**
     * Tries to free every page of {@code pageList}, a private list of pages isolated from
     * an inactive list (PG_lru clear, one reference each held for reclaim), taking them
     * from its tail. For each page, in 2.6.20's order (kernel-2.6.20.md §5.5): trylock (a
     * locked page is kept); count it scanned; keep mapped pages when the pass may not
     * swap; count mapped and swap-cache pages once more; keep pages under writeback;
     * activate pages referenced while in use; give anonymous pages a swap slot
     * (add_to_swap; no slot activates); unmap mapped pages (try_to_unmap: SWAP_FAIL
     * activates, SWAP_AGAIN keeps); write dirty pages out if this pass and context allow
     * (pageout); release buffers; detach the page from its cache (remove_mapping) and
     * free it. Freed pages go to the allocator in pagevecs (their last, isolation,
     * reference); survivors come back on {@code pageList} with PG_lru still clear, and
     * PG_active set for those to be activated. Counts PGACTIVATE. Returns the pages freed.
     * Called by shrink_inactive_list without locks.
     */
    @Mirrors("shrink_page_list")
    long shrinkPageList(ListHead pageList, ScanControl sc) {
        ListHead retPages = new ListHead();
        Pagevec freedPvec = new Pagevec();
        int pgactivate = 0;
        long nrReclaimed = 0;

        freedPvec.pagevecInit(true);
        while (!pageList.listEmpty()) {
            Page page = pageList.lruToPage();
            ListHead.listDel(page);
            Verdict verdict;
            decide:
            {
                if (testSetPageLocked(page)) {
                    verdict = Verdict.KEEP;
                    break decide;
                }
                assert !pageActive(page) : "shrink_page_list: active page " + page;

                sc.nrScanned++;

                if (!sc.maySwap && pageMapped(page)) {
                    verdict = Verdict.KEEP_LOCKED;
                    break decide;
                }

                // mapped and swap-cache pages weigh double in the pressure put on slab
                if (pageMapped(page) || pageSwapCache(page)) {
                    sc.nrScanned++;
                }

                if (pageWriteback(page)) {
                    verdict = Verdict.KEEP_LOCKED;
                    break decide;
                }

                int referenced = rmap.get().pageReferenced(page, 1);
                // used lately and really in use, or not freeable anyway: activate
                if (referenced != 0 && pageMappingInuse(page)) {
                    verdict = Verdict.ACTIVATE_LOCKED;
                    break decide;
                }

                // CONFIG_SWAP: an anonymous page needs backing store before it can go
                if (pageAnon(page) && !pageSwapCache(page)) {
                    if (swapState.get().addToSwap(page, GFP_ATOMIC) == 0) {
                        verdict = Verdict.ACTIVATE_LOCKED;
                        break decide;
                    }
                }

                AddressSpace mapping = pageMapping(page);
                boolean mayEnterFs = (sc.gfpMask & __GFP_FS) != 0
                        || (pageSwapCache(page) && (sc.gfpMask & __GFP_IO) != 0);

                // ptes of some processes still map it: take them down
                if (pageMapped(page) && mapping != null) {
                    switch (rmap.get().tryToUnmap(page, 0)) {
                        case SWAP_FAIL:
                            verdict = Verdict.ACTIVATE_LOCKED;
                            break decide;
                        case SWAP_AGAIN:
                            verdict = Verdict.KEEP_LOCKED;
                            break decide;
                        case SWAP_SUCCESS:
                            break; // on to freeing it
                        default:
                            throw new KernelBug("try_to_unmap: unknown result");
                    }
                }

                if (pageDirty(page)) {
                    if (referenced != 0) {
                        verdict = Verdict.KEEP_LOCKED;
                        break decide;
                    }
                    if (!mayEnterFs) {
                        verdict = Verdict.KEEP_LOCKED;
                        break decide;
                    }
                    if (!sc.mayWritepage) {
                        verdict = Verdict.KEEP_LOCKED;
                        break decide;
                    }

                    switch (pageout(page, mapping)) {
                        case PAGE_KEEP:
                            verdict = Verdict.KEEP_LOCKED;
                            break decide;
                        case PAGE_ACTIVATE:
                            verdict = Verdict.ACTIVATE_LOCKED;
                            break decide;
                        case PAGE_SUCCESS:
                            if (pageWriteback(page) || pageDirty(page)) {
                                verdict = Verdict.KEEP;
                                break decide;
                            }
                            // the write completed at once (a ramdisk-like device): the
                            // page is clean and unlocked, so try to free it right now
                            if (testSetPageLocked(page)) {
                                verdict = Verdict.KEEP;
                                break decide;
                            }
                            if (pageDirty(page) || pageWriteback(page)) {
                                verdict = Verdict.KEEP_LOCKED;
                                break decide;
                            }
                            mapping = pageMapping(page);
                            break;
                        case PAGE_CLEAN:
                            break; // on to freeing it
                        default:
                            throw new KernelBug("pageout: unknown result");
                    }
                }

                // Buffers may make a page look busy (or dirty while every buffer is
                // clean); dropping them may make it freeable, even without a mapping.
                if (PageFlags.pagePrivate(page)) {
                    if (!tryToReleasePage(page, sc.gfpMask)) {
                        verdict = Verdict.ACTIVATE_LOCKED;
                        break decide;
                    }
                    if (mapping == null && pageCount(page) == 1) {
                        verdict = Verdict.FREE_IT;
                        break decide;
                    }
                }

                if (mapping == null || removeMapping(mapping, page) == 0) {
                    verdict = Verdict.KEEP_LOCKED;
                    break decide;
                }
                verdict = Verdict.FREE_IT;
            }

            if (verdict == Verdict.FREE_IT) {
                unlockPage(page);
                nrReclaimed++;
                if (freedPvec.pagevecAdd(page) == 0) {
                    swap.pagevecReleaseNonlruRaw(freedPvec);
                }
                continue;
            }
            if (verdict == Verdict.ACTIVATE_LOCKED) {
                setPageActive(page);
                pgactivate++;
            }
            if (verdict != Verdict.KEEP) {
                unlockPage(page);
            }
            ListHead.listAdd(page, retPages);
            assert !pageLRU(page) : "shrink_page_list: kept page on the LRU " + page;
        }
        ListHead.listSpliceInit(retPages, pageList);
        if (freedPvec.pagevecCount() != 0) {
            swap.pagevecReleaseNonlruRaw(freedPvec);
        }
        vmstat.countVmEvents(VmEventItem.PGACTIVATE, pgactivate);
        return nrReclaimed;
    }

    /**
     * Moves up to {@code nrToScan} pages from the tail of the LRU list {@code src} to the
     * head of {@code dst}, taking a reference on each and clearing PG_lru; a page whose
     * count already reached 0 is being freed by someone else and goes back to the head of
     * {@code src}. Stores the pages looked at in {@code scanned[0]}; returns the pages
     * moved. Caller holds zone->lru_lock (taking a batch under one hold is what makes the
     * lock affordable) and adjusts the zone's counters.
     */
    @Mirrors("isolate_lru_pages")
    long isolateLruPages(long nrToScan, ListHead src, ListHead dst, long[] scanned) {
        long nrTaken = 0;
        long scan;
        for (scan = 0; scan < nrToScan && !src.listEmpty(); scan++) {
            Page page = src.lruToPage();
            assert pageLRU(page) : "isolate_lru_pages: page off the LRU " + page;

            ListHead.listDel(page);
            ListHead target = src;
            if (getPageUnlessZero(page)) {
                // PG_lru may only be cleared once our reference is taken: the release
                // path, seeing the count reach 0, takes a page off its list only if
                // PG_lru is still set, so clearing it on a dying page would free a page
                // that is still linked on our list.
                clearPageLRU(page);
                target = dst;
                nrTaken++;
            }
            ListHead.listAdd(page, target);
        }
        scanned[0] = scan;
        return nrTaken;
    }

    /**
     * shrink_zone's worker for the inactive list: repeatedly isolate swap_cluster_max pages
     * from the inactive tail (nr_inactive down, pages_scanned up), run shrink_page_list on
     * them, count PGSCAN_KSWAPD or PGSCAN_DIRECT and PGSTEAL for the zone (and
     * KSWAPD_STEAL), then put the survivors back at the head of the active or inactive
     * list as PG_active says, dropping the isolation references in pagevec batches; stop
     * when {@code maxScan} pages were looked at or nothing could be isolated. Returns the
     * pages freed. Takes zone->lru_lock itself.
     */
    @Mirrors("shrink_inactive_list")
    long shrinkInactiveList(long maxScan, Zone zone, ScanControl sc) {
        ListHead pageList = new ListHead();
        Pagevec pvec = new Pagevec();
        long nrScanned = 0;
        long nrReclaimed = 0;
        long[] nrScan = new long[1];

        pvec.pagevecInit(true);
        swap.lruAddDrain();
        zone.lruLock.lock();
        boolean locked = true;
        try {
            do {
                long nrTaken = isolateLruPages(sc.swapClusterMax, zone.inactiveList, pageList, nrScan);
                zone.nrInactive -= nrTaken;
                zone.pagesScanned += nrScan[0];
                zone.lruLock.unlock();
                locked = false;

                nrScanned += nrScan[0];
                long nrFreed = shrinkPageList(pageList, sc);
                nrReclaimed += nrFreed;
                if (current.currentIsKswapd()) {
                    vmstat.countZoneVmEvents(VmEventItem.PGSCAN_KSWAPD_DMA, zone, nrScan[0]);
                    vmstat.countVmEvents(VmEventItem.KSWAPD_STEAL, nrFreed);
                } else {
                    vmstat.countZoneVmEvents(VmEventItem.PGSCAN_DIRECT_DMA, zone, nrScan[0]);
                }
                vmstat.countZoneVmEvents(VmEventItem.PGSTEAL_DMA, zone, nrFreed);

                if (nrTaken == 0) {
                    break;
                }

                zone.lruLock.lock();
                locked = true;
                // give back what could not be freed
                while (!pageList.listEmpty()) {
                    Page page = pageList.lruToPage();
                    assert !pageLRU(page) : "shrink_inactive_list: putback of an LRU page " + page;
                    setPageLRU(page);
                    ListHead.listDel(page);
                    if (pageActive(page)) {
                        addPageToActiveList(zone, page);
                    } else {
                        addPageToInactiveList(zone, page);
                    }
                    if (pvec.pagevecAdd(page) == 0) {
                        zone.lruLock.unlock();
                        locked = false;
                        swap.pagevecReleaseRaw(pvec);
                        zone.lruLock.lock();
                        locked = true;
                    }
                }
            } while (nrScanned < maxScan);
        } finally {
            if (locked) {
                zone.lruLock.unlock();
            }
        }
        swap.pagevecRelease(pvec);
        return nrReclaimed;
    }

    /**
     * About to scan {@code zone} at {@code priority}: if that is more urgent than the
     * zone's prev_priority, remember it there, so the next reclaimer of this zone starts
     * out as distressed (it only feeds the reclaim_mapped decision).
     */
    @Mirrors("note_zone_scanning_priority")
    static void noteZoneScanningPriority(Zone zone, int priority) {
        if (priority < zone.prevPriority) {
            zone.prevPriority = priority;
        }
    }

    /** Whether reclaim has scanned the zone's LRU pages three times over since anything was freed there. */
    @Mirrors("zone_is_near_oom")
    static boolean zoneIsNearOom(Zone zone) {
        return zone.pagesScanned >= (zone.nrActive + zone.nrInactive) * 3;
    }

    /**
     * shrink_zone's worker for the active list: ages up to {@code nrPages} pages from its
     * tail. First the reclaim_mapped decision (kernel-2.6.20.md §5.3), made only when the
     * pass may swap: forced when the zone is near OOM; otherwise, in 2.6.20's integer
     * arithmetic, distress = 100 >> min(prev_priority, priority), mapped_ratio = (mapped
     * file pages + anonymous pages) * 100 / vm_total_pages, swap_tendency =
     * mapped_ratio / 2 + distress + swappiness, and mapped pages are reclaimed when
     * swap_tendency reaches 100. Then the pages are isolated (pages_scanned up, nr_active
     * down) and examined oldest first: a mapped page stays active unless reclaim_mapped,
     * and even then if it is anonymous with no swap configured or was referenced
     * (page_referenced, which also clears the young bits); every other page, referenced or
     * not, goes to the head of the inactive list with PG_active cleared (PGDEACTIVATE).
     * Counts PGREFILL by the pages scanned. Takes zone->lru_lock itself; page_referenced
     * runs with the pages off the LRU and no lock held.
     */
    @Mirrors("shrink_active_list")
    void shrinkActiveList(long nrPages, Zone zone, ScanControl sc, int priority) {
        long pgmoved;
        long pgdeactivate = 0;
        long pgscanned;
        long[] scanned = new long[1];
        ListHead lHold = new ListHead();
        ListHead lInactive = new ListHead();
        ListHead lActive = new ListHead();
        Pagevec pvec = new Pagevec();
        boolean reclaimMapped = false;

        if (sc.maySwap) {
            if (zoneIsNearOom(zone)) {
                reclaimMapped = true;
            } else {
                // how hard reclaim is struggling: 0 = fine .. 100 = in great trouble
                long distress = 100 >> Math.min(zone.prevPriority, priority);
                // how much of memory processes map; only half of it counts below, since
                // much mapped memory alone does not mean reclaim is failing
                long mappedRatio = ((vmstat.globalPageState(ZoneStatItem.NR_FILE_MAPPED)
                        + vmstat.globalPageState(ZoneStatItem.NR_ANON_PAGES)) * 100) / pageAlloc.vmTotalPages();
                // swappiness 100 alone reaches the threshold
                long swapTendency = mappedRatio / 2 + distress + sc.swappiness;
                if (swapTendency >= 100) {
                    reclaimMapped = true;
                }
            }
        }

        swap.lruAddDrain();
        zone.lruLock.lock();
        try {
            pgmoved = isolateLruPages(nrPages, zone.activeList, lHold, scanned);
            pgscanned = scanned[0];
            zone.pagesScanned += pgscanned;
            zone.nrActive -= pgmoved;
        } finally {
            zone.lruLock.unlock();
        }

        while (!lHold.listEmpty()) {
            Page page = lHold.lruToPage();
            ListHead.listDel(page);
            if (pageMapped(page)) {
                if (!reclaimMapped
                        || (swapfile.get().totalSwapPages() == 0 && pageAnon(page))
                        || rmap.get().pageReferenced(page, 0) != 0) {
                    ListHead.listAdd(page, lActive);
                    continue;
                }
            }
            ListHead.listAdd(page, lInactive);
        }

        pvec.pagevecInit(true);
        pgmoved = 0;
        zone.lruLock.lock();
        try {
            while (!lInactive.listEmpty()) {
                Page page = lInactive.lruToPage();
                assert !pageLRU(page) : "shrink_active_list: isolated page on the LRU " + page;
                setPageLRU(page);
                assert pageActive(page) : "shrink_active_list: inactive page from the active list " + page;
                clearPageActive(page);

                ListHead.listMove(page, zone.inactiveList);
                pgmoved++;
                if (pvec.pagevecAdd(page) == 0) {
                    zone.nrInactive += pgmoved;
                    zone.lruLock.unlock();
                    pgdeactivate += pgmoved;
                    pgmoved = 0;
                    // buffer_heads_over_limit is never true here: no pagevec_strip
                    try {
                        swap.pagevecReleaseRaw(pvec);
                    } finally {
                        zone.lruLock.lock();
                    }
                }
            }
            zone.nrInactive += pgmoved;
            pgdeactivate += pgmoved;

            pgmoved = 0;
            while (!lActive.listEmpty()) {
                Page page = lActive.lruToPage();
                assert !pageLRU(page) : "shrink_active_list: isolated page on the LRU " + page;
                setPageLRU(page);
                assert pageActive(page) : "shrink_active_list: inactive page from the active list " + page;
                ListHead.listMove(page, zone.activeList);
                pgmoved++;
                if (pvec.pagevecAdd(page) == 0) {
                    zone.nrActive += pgmoved;
                    pgmoved = 0;
                    zone.lruLock.unlock();
                    try {
                        swap.pagevecReleaseRaw(pvec);
                    } finally {
                        zone.lruLock.lock();
                    }
                }
            }
            zone.nrActive += pgmoved;

            vmstat.countZoneVmEvents(VmEventItem.PGREFILL_DMA, zone, pgscanned);
            vmstat.countVmEvents(VmEventItem.PGDEACTIVATE, pgdeactivate);
        } finally {
            zone.lruLock.unlock();
        }

        swap.pagevecRelease(pvec);
    }

    /**
     * Reclaim from one zone at {@code priority}, for kswapd and direct reclaim alike
     * (kernel-2.6.20.md §5.2). Each call adds (list size >> priority) + 1 to the zone's
     * scan quota for each list (the +1 keeps even a small list moving at low pressure); a
     * quota is spent, and reset, only once it reaches swap_cluster_max, otherwise it
     * carries over to the next call. The quotas are then worked off in chunks of
     * swap_cluster_max, an active chunk before each inactive one. Ends with
     * throttle_vm_writeout. Returns the pages freed. reclaim_in_progress counts the
     * reclaimers at work on the zone meanwhile.
     */
    @Mirrors("shrink_zone")
    long shrinkZone(int priority, Zone zone, ScanControl sc) {
        long nrActive;
        long nrInactive;
        long nrToScan;
        long nrReclaimed = 0;

        zone.reclaimInProgress.incrementAndGet();
        try {
            zone.nrScanActive += (zone.nrActive >> priority) + 1;
            nrActive = zone.nrScanActive;
            if (nrActive >= sc.swapClusterMax) {
                zone.nrScanActive = 0;
            } else {
                nrActive = 0;
            }

            zone.nrScanInactive += (zone.nrInactive >> priority) + 1;
            nrInactive = zone.nrScanInactive;
            if (nrInactive >= sc.swapClusterMax) {
                zone.nrScanInactive = 0;
            } else {
                nrInactive = 0;
            }

            while (nrActive != 0 || nrInactive != 0) {
                if (nrActive != 0) {
                    nrToScan = Math.min(nrActive, sc.swapClusterMax);
                    nrActive -= nrToScan;
                    shrinkActiveList(nrToScan, zone, sc, priority);
                }

                if (nrInactive != 0) {
                    nrToScan = Math.min(nrInactive, sc.swapClusterMax);
                    nrInactive -= nrToScan;
                    nrReclaimed += shrinkInactiveList(nrToScan, zone, sc);
                }
            }

            throttleVmWriteout();
        } finally {
            zone.reclaimInProgress.decrementAndGet();
        }
        return nrReclaimed;
    }

    /**
     * Direct reclaim's pass over the caller's zonelist at {@code priority}: every
     * populated zone is shrunk, even one above pages_high (a larger-order allocation or
     * the lowmem reserves may need more), except that a zone found full of pinned pages
     * (all_unreclaimable) is only scanned at DEF_PRIORITY and otherwise left for kswapd to
     * poll. Each zone's prev_priority notes the priority first. Sets sc.all_unreclaimable
     * when every zone was skipped. Returns the pages freed.
     */
    @Mirrors("shrink_zones")
    long shrinkZones(int priority, Zone[] zones, ScanControl sc) {
        long nrReclaimed = 0;

        sc.allUnreclaimable = true;
        for (Zone zone : zones) {
            if (!zone.populated()) {
                continue;
            }
            // cpuset_zone_allowed_hardwall: no cpusets, every zone is allowed

            noteZoneScanningPriority(zone, priority);

            if (zone.allUnreclaimable != 0 && priority != DEF_PRIORITY) {
                continue;
            }

            sc.allUnreclaimable = false;

            nrReclaimed += shrinkZone(priority, zone, sc);
        }
        return nrReclaimed;
    }

    /**
     * Direct reclaim (kernel-2.6.20.md §5.7): counts ALLOCSTALL, sums the zones' LRU pages
     * for shrink_slab, then from DEF_PRIORITY down to 0 shrinks the zones and the slab
     * until 32 pages were freed. Once more than 48 pages were scanned in all, pages may be
     * written even in laptop mode (pdflush would be woken too); after a pass below
     * priority 10 that scanned anything it naps (congestion_wait, HZ/10) so writes can
     * complete. At priority 0 it takes the swap token away. Returns 1 on success or if
     * some zone was still reclaimable at the end (an OOM kill would be premature), 0
     * otherwise. Either way every zone's prev_priority ends as the last priority used, so
     * the next reclaimer starts from there.
     */
    @Mirrors("try_to_free_pages")
    @Override
    public int tryToFreePages(Zone[] zones, int gfpMask) {
        int priority;
        int ret = 0;
        long totalScanned = 0;
        long nrReclaimed = 0;
        ReclaimState reclaimState = new ReclaimState();
        long lruPages = 0;
        ScanControl sc = new ScanControl();
        sc.gfpMask = gfpMask;
        sc.mayWritepage = LAPTOP_MODE == 0;
        sc.swapClusterMax = SWAP_CLUSTER_MAX;
        sc.maySwap = true;
        sc.swappiness = vmSwappiness;

        vmstat.countVmEvent(VmEventItem.ALLOCSTALL);

        for (Zone zone : zones) {
            lruPages += zone.nrActive + zone.nrInactive;
        }

        out:
        {
            for (priority = DEF_PRIORITY; priority >= 0; priority--) {
                sc.nrScanned = 0;
                if (priority == 0) {
                    swapToken.get().disableSwapToken();
                }
                nrReclaimed += shrinkZones(priority, zones, sc);
                shrinkSlab(sc.nrScanned, gfpMask, lruPages);
                nrReclaimed += reclaimState.reclaimedSlab;
                reclaimState.reclaimedSlab = 0;
                totalScanned += sc.nrScanned;
                if (nrReclaimed >= sc.swapClusterMax) {
                    ret = 1;
                    break out;
                }

                // Having scanned this much, write as much as was scanned: pdflush would
                // be woken here for the file pages (none exist here), and this pass may
                // write from now on even in laptop mode.
                if (totalScanned > sc.swapClusterMax + sc.swapClusterMax / 2) {
                    sc.mayWritepage = true;
                }

                // nap until some write completes
                if (sc.nrScanned != 0 && priority < DEF_PRIORITY - 2) {
                    backingDev.congestionWait(WRITE, HZ / 10);
                }
            }
            // the priority-0 pass still found zones worth scanning: not OOM yet
            if (!sc.allUnreclaimable) {
                ret = 1;
            }
        }
        if (priority < 0) {
            priority = 0;
        }
        for (Zone zone : zones) {
            zone.prevPriority = priority;
        }
        return ret;
    }

    /**
     * kswapd's work for node {@code pgdat} (kernel-2.6.20.md §5.8): reclaim until every
     * zone is above pages_high for {@code order}. Each pass counts PAGEOUTRUN; per
     * priority it finds the highest zone below pages_high (scanning HighMem towards DMA)
     * and then shrinks every zone from DMA up to it, even those already fine, in the
     * direction opposite to the allocator's so allocations do not land behind kswapd. A
     * zone whose pages were all scanned six times over without freeing (and no slab freed)
     * is declared all_unreclaimable and afterwards only looked at at DEF_PRIORITY; the
     * marking test is skipped for a zone already so marked. Poor progress (more than 64
     * scanned and under two thirds freed) lets the pass write pages even in laptop mode.
     * The priority loop stops when all zones are fine or 32 pages were freed (napping
     * after a struggling pass below priority 10), notes in each zone the priority at which
     * it was dealt with, and starts over unless all zones were fine. Returns the pages
     * freed by the last pass. Runs on kswapd's thread (or a test's, flagged as kswapd).
     */
    @Mirrors("balance_pgdat")
    long balancePgdat(Pglist pgdat, int order) {
        boolean allZonesOk;
        int priority;
        int i;
        long totalScanned;
        long nrReclaimed;
        ReclaimState reclaimState = new ReclaimState();
        ScanControl sc = new ScanControl();
        sc.gfpMask = GFP_KERNEL;
        sc.maySwap = true;
        sc.swapClusterMax = SWAP_CLUSTER_MAX;
        sc.swappiness = vmSwappiness;
        // the priority at which each zone got above pages_high this pass
        int[] tempPriority = new int[MAX_NR_ZONES];

        for (;;) { // loop_again
            totalScanned = 0;
            nrReclaimed = 0;
            sc.mayWritepage = LAPTOP_MODE == 0;
            vmstat.countVmEvent(VmEventItem.PAGEOUTRUN);

            for (i = 0; i < pgdat.nrZones; i++) {
                tempPriority[i] = DEF_PRIORITY;
            }

            allZonesOk = true;
            for (priority = DEF_PRIORITY; priority >= 0; priority--) {
                int endZone = 0; // inclusive; 0 is ZONE_DMA
                long lruPages = 0;

                // the swap token shields its holder's pages from swapout
                if (priority == 0) {
                    swapToken.get().disableSwapToken();
                }

                allZonesOk = true;

                // the highest zone that needs work, looking from HighMem down
                for (i = pgdat.nrZones - 1; i >= 0; i--) {
                    Zone zone = pgdat.nodeZones[i];
                    if (!zone.populated()) {
                        continue;
                    }
                    if (zone.allUnreclaimable != 0 && priority != DEF_PRIORITY) {
                        continue;
                    }
                    if (!pageAlloc.zoneWatermarkOk(zone, order, zone.pagesHigh, 0, 0)) {
                        endZone = i;
                        break;
                    }
                }
                if (i < 0) {
                    break; // goto out: every zone is fine
                }

                for (i = 0; i <= endZone; i++) {
                    Zone zone = pgdat.nodeZones[i];
                    lruPages += zone.nrActive + zone.nrInactive;
                }

                // then from DMA up to that zone, against the allocator's direction
                for (i = 0; i <= endZone; i++) {
                    Zone zone = pgdat.nodeZones[i];
                    long nrSlab;

                    if (!zone.populated()) {
                        continue;
                    }
                    if (zone.allUnreclaimable != 0 && priority != DEF_PRIORITY) {
                        continue;
                    }
                    if (!pageAlloc.zoneWatermarkOk(zone, order, zone.pagesHigh, endZone, 0)) {
                        allZonesOk = false;
                    }
                    tempPriority[i] = priority;
                    sc.nrScanned = 0;
                    noteZoneScanningPriority(zone, priority);
                    nrReclaimed += shrinkZone(priority, zone, sc);
                    reclaimState.reclaimedSlab = 0;
                    nrSlab = shrinkSlab(sc.nrScanned, GFP_KERNEL, lruPages);
                    nrReclaimed += reclaimState.reclaimedSlab;
                    totalScanned += sc.nrScanned;
                    if (zone.allUnreclaimable != 0) {
                        continue;
                    }
                    if (nrSlab == 0 && zone.pagesScanned >= (zone.nrActive + zone.nrInactive) * 6) {
                        zone.allUnreclaimable = 1;
                    }
                    // lots scanned, little freed: write pages even in laptop mode
                    if (totalScanned > SWAP_CLUSTER_MAX * 2 && totalScanned > nrReclaimed + nrReclaimed / 2) {
                        sc.mayWritepage = true;
                    }
                }
                if (allZonesOk) {
                    break; // kswapd is done
                }
                // struggling: nap, then another pass over the zones
                if (totalScanned != 0 && priority < DEF_PRIORITY - 2) {
                    backingDev.congestionWait(WRITE, HZ / 10);
                }

                // Stop at 32 pages as direct reclaim does, so kswapd freeing alongside
                // busy allocators does not drive the zones' priorities down.
                if (nrReclaimed >= SWAP_CLUSTER_MAX) {
                    break;
                }
            }
            // out: each zone remembers the priority it needed, for the next reclaimer
            for (i = 0; i < pgdat.nrZones; i++) {
                Zone zone = pgdat.nodeZones[i];
                zone.prevPriority = tempPriority[i];
            }
            if (!allZonesOk) {
                Thread.yield(); // cond_resched
                if (tryToFreeze()) {
                    return nrReclaimed;
                }
                continue;
            }
            return nrReclaimed;
        }
    }

    /**
     * The kswapd daemon of node {@code pgdat}, run on its own thread: it marks itself a
     * memory allocator with PF_MEMALLOC (its own allocations while writing pages out may
     * dip into the reserves instead of recursing into reclaim), PF_SWAPWRITE and
     * PF_KSWAPD, then loops: register on kswapd_wait, take kswapd_max_order (and reset
     * it); if an allocator asked for a larger order than the last pass served, go again at
     * once, else sleep until wakeup_kswapd and take the order posted meanwhile; then
     * balance_pgdat. A wake-up posted between the order check and the sleep is not lost:
     * the waker needs the queue's monitor, which the sleep gives up.
     */
    @Mirrors("kswapd")
    private void kswapd(Pglist pgdat) {
        Current.ThreadInfo tsk = current.current();
        // node_to_cpumask: the node holds every CPU; kswapd runs as CPU 0
        tsk.cpu = 0;
        tsk.comm = "kswapd" + pgdat.nodeId;
        tsk.flags |= Current.PF_MEMALLOC | Current.PF_SWAPWRITE | Current.PF_KSWAPD;

        int order = 0;
        for (;;) {
            int newOrder;

            if (tryToFreeze()) {
                return;
            }

            synchronized (pgdat.kswapdWait) {
                kswapdWaiting = true; // prepare_to_wait
                try {
                    newOrder = pgdat.kswapdMaxOrder;
                    pgdat.kswapdMaxOrder = 0;
                    if (order < newOrder) {
                        // someone wants a larger order: do not sleep
                        order = newOrder;
                    } else {
                        if (kswapdShouldStop) {
                            return;
                        }
                        pgdat.kswapdWait.wait();
                        if (kswapdShouldStop) {
                            return;
                        }
                        order = pgdat.kswapdMaxOrder;
                    }
                } catch (InterruptedException e) {
                    return;
                } finally {
                    kswapdWaiting = false; // finish_wait
                }
            }

            balancePgdat(pgdat, order);
        }
    }

    /**
     * A zone is short of free pages: unless it still passes pages_low for {@code order},
     * record the order for kswapd and wake it if it sleeps. Reads the free counts without
     * a lock; never sleeps.
     */
    @Mirrors("wakeup_kswapd")
    @Override
    public void wakeupKswapd(Zone zone, int order) {
        if (!zone.populated()) {
            return;
        }

        Pglist pgdat = zone.zonePgdat;
        if (pageAlloc.zoneWatermarkOk(zone, order, zone.pagesLow, 0, 0)) {
            return;
        }
        if (pgdat.kswapdMaxOrder < order) {
            pgdat.kswapdMaxOrder = order;
        }
        // cpuset_zone_allowed_hardwall: no cpusets
        if (!kswapdWaiting) {
            return;
        }
        if (kswapdDeferred) {
            kswapdWoken = true; // wake_up_interruptible: runnable until a scheduling point runs it
            return;
        }
        synchronized (pgdat.kswapdWait) {
            pgdat.kswapdWait.notifyAll();
        }
    }

    /**
     * One of shrink_all_memory's passes over every zone at {@code prio}: pass 0 leaves the
     * active lists alone; from pass 1 the active quota is worked as well; from pass 4 even
     * lists whose quota has not reached {@code nrPages} are scanned. Returns pages freed,
     * stopping as soon as {@code nrPages} were.
     */
    @Mirrors("shrink_all_zones")
    private long shrinkAllZones(long nrPages, int prio, int pass, ScanControl sc) {
        long nrToScan;
        long ret = 0;

        for (Zone zone : pgdat.nodeZones) {
            if (!zone.populated()) {
                continue;
            }
            if (zone.allUnreclaimable != 0 && prio != DEF_PRIORITY) {
                continue;
            }

            // pass 0 does not touch the active list
            if (pass > 0) {
                zone.nrScanActive += (zone.nrActive >> prio) + 1;
                if (zone.nrScanActive >= nrPages || pass > 3) {
                    zone.nrScanActive = 0;
                    nrToScan = Math.min(nrPages, zone.nrActive);
                    shrinkActiveList(nrToScan, zone, sc, prio);
                }
            }

            zone.nrScanInactive += (zone.nrInactive >> prio) + 1;
            if (zone.nrScanInactive >= nrPages || pass > 3) {
                zone.nrScanInactive = 0;
                nrToScan = Math.min(nrPages, zone.nrInactive);
                ret += shrinkInactiveList(nrToScan, zone, sc);
                if (ret >= nrPages) {
                    return ret;
                }
            }
        }
        return ret;
    }

    /** The LRU pages of every zone. */
    @Mirrors("count_lru_pages")
    private long countLruPages() {
        long ret = 0;
        for (Zone zone : pgdat.nodeZones) {
            ret += zone.nrActive + zone.nrInactive;
        }
        return ret;
    }

    /**
     * Frees {@code nrPages} pages system-wide for suspend, trying to keep the LRU order:
     * slab first if it is the larger (never here), then five passes from DEF_PRIORITY down
     * (0: inactive only; 1 and 2: active too, mapped pages kept; 3 and 4: mapped pages too,
     * swappiness 100), napping after a pass below priority 10 that scanned anything; last,
     * slab again if nothing came of the LRU. Returns the pages freed.
     */
    @Mirrors("shrink_all_memory")
    @Override
    public long shrinkAllMemory(long nrPages) {
        long lruPages;
        long nrSlab;
        long ret = 0;
        int pass;
        ReclaimState reclaimState = new ReclaimState();
        ScanControl sc = new ScanControl();
        sc.gfpMask = GFP_KERNEL;
        sc.maySwap = false;
        sc.swapClusterMax = (int) Math.min(nrPages, Integer.MAX_VALUE);
        sc.mayWritepage = true;
        sc.swappiness = vmSwappiness;

        out:
        {
            lruPages = countLruPages();
            nrSlab = vmstat.globalPageState(ZoneStatItem.NR_SLAB_RECLAIMABLE);
            // huge slab caches go first
            while (nrSlab >= lruPages) {
                reclaimState.reclaimedSlab = 0;
                shrinkSlab(nrPages, sc.gfpMask, lruPages);
                if (reclaimState.reclaimedSlab == 0) {
                    break;
                }
                ret += reclaimState.reclaimedSlab;
                if (ret >= nrPages) {
                    break out;
                }
                nrSlab -= reclaimState.reclaimedSlab;
            }

            // 0: inactive only; 1, 2: active too, mapped kept; 3, 4: mapped too
            for (pass = 0; pass < 5; pass++) {
                if (pass > 2) {
                    sc.maySwap = true;
                    sc.swappiness = 100;
                }

                for (int prio = DEF_PRIORITY; prio >= 0; prio--) {
                    long nrToScan = nrPages - ret;

                    sc.nrScanned = 0;
                    ret += shrinkAllZones(nrToScan, prio, pass, sc);
                    if (ret >= nrPages) {
                        break out;
                    }

                    reclaimState.reclaimedSlab = 0;
                    shrinkSlab(sc.nrScanned, sc.gfpMask, countLruPages());
                    ret += reclaimState.reclaimedSlab;
                    if (ret >= nrPages) {
                        break out;
                    }

                    if (sc.nrScanned != 0 && prio < DEF_PRIORITY - 2) {
                        backingDev.congestionWait(WRITE, HZ / 10);
                    }
                }
            }

            // the LRU gave nothing: maybe the slab can
            if (ret == 0) {
                do {
                    reclaimState.reclaimedSlab = 0;
                    shrinkSlab(nrPages, sc.gfpMask, countLruPages());
                    ret += reclaimState.reclaimedSlab;
                } while (ret < nrPages && reclaimState.reclaimedSlab > 0);
            }
        }
        return ret;
    }

    /**
     * Starts node {@code nid}'s kswapd thread ("kswapd0") unless it runs already. A thread
     * that cannot be created is reported as the kernel reports it, returning -1.
     */
    @Mirrors("kswapd_run")
    @Override
    public int kswapdRun(int nid) {
        Pglist node = nodeData(nid);
        synchronized (node.kswapdWait) {
            if (kswapd != null) {
                return 0;
            }
            kswapdShouldStop = false;
            Thread t = new Thread(() -> kswapd(node), "kswapd" + nid);
            t.setDaemon(true);
            try {
                t.start();
            } catch (OutOfMemoryError | IllegalThreadStateException e) {
                printk.printk(Printk.KERN_WARNING, "Failed to start kswapd on node " + nid);
                return -1;
            }
            kswapd = t;
        }
        return 0;
    }

    /** The boot initcall: swap_setup, then a kswapd for the node. */
    @Mirrors("kswapd_init")
    @Override
    public int kswapdInit() {
        swap.swapSetup();
        kswapdRun(pgdat.nodeId);
        // hotcpu_notifier(cpu_callback): no CPU hotplug
        return 0;
    }

    // ---- Java-only helpers -----------------------------------------------------------

    @EmulatorOnly("deterministic mode's kswapd_init: kswapd sleeps on kswapd_wait with no thread of its own")
    @Override
    public void kswapdInitDeferred() {
        swap.swapSetup();
        synchronized (pgdat.kswapdWait) {
            if (kswapd != null) {
                throw new IllegalStateException("kswapd already runs on its own thread");
            }
            kswapdDeferred = true;
            kswapdWaiting = true;
        }
    }

    /**
     * Runs a woken deferred kswapd to its next sleep on the calling thread, as kswapd()'s
     * loop does after a wake-up: balance_pgdat at the order posted meanwhile, again while
     * an allocator posts a larger order, then back on kswapd_wait. The thread takes on
     * kswapd's identity (CPU 0, "kswapdN", PF_MEMALLOC | PF_SWAPWRITE | PF_KSWAPD, no mm)
     * for the run and gets its own back afterwards.
     */
    @EmulatorOnly("deterministic mode's context switch to kswapd at a scheduling point")
    @Override
    public boolean kswapdRunPending(int nid) {
        Pglist node = nodeData(nid);
        if (!kswapdDeferred || !kswapdWoken || kswapdStepping) {
            return false;
        }
        Current.ThreadInfo tsk = current.current();
        int cpu = tsk.cpu;
        int flags = tsk.flags;
        String comm = tsk.comm;
        Object task = tsk.task;
        boolean memdie = tsk.tifMemdie;
        kswapdStepping = true;
        try {
            tsk.cpu = 0;
            tsk.comm = "kswapd" + nid;
            tsk.flags |= Current.PF_MEMALLOC | Current.PF_SWAPWRITE | Current.PF_KSWAPD;
            tsk.task = null;
            tsk.tifMemdie = false;
            kswapdWoken = false;
            kswapdWaiting = false; // finish_wait
            int order = node.kswapdMaxOrder;
            for (;;) {
                balancePgdat(node, order);
                int newOrder = node.kswapdMaxOrder;
                node.kswapdMaxOrder = 0;
                if (order < newOrder) {
                    order = newOrder; // a larger order was asked for meanwhile: no sleep
                    continue;
                }
                break;
            }
            kswapdWaiting = true; // prepare_to_wait, then schedule
        } finally {
            tsk.cpu = cpu;
            tsk.flags = flags;
            tsk.comm = comm;
            tsk.task = task;
            tsk.tifMemdie = memdie;
            kswapdStepping = false;
        }
        return true;
    }

    @EmulatorOnly("shutting a kernel down: 2.6.20's kswapd runs until the machine stops")
    @Override
    public void kswapdStop(int nid) {
        Pglist node = nodeData(nid);
        Thread t;
        synchronized (node.kswapdWait) {
            t = kswapd;
            if (t == null) {
                return;
            }
            kswapdShouldStop = true;
            node.kswapdWait.notifyAll();
        }
        boolean interrupted = false;
        for (;;) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        synchronized (node.kswapdWait) {
            kswapd = null;
            kswapdShouldStop = false;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @EmulatorOnly("the sysctl /proc/sys/vm/swappiness reads vm_swappiness")
    @Override
    public int vmSwappiness() {
        return vmSwappiness;
    }

    @EmulatorOnly("the sysctl /proc/sys/vm/swappiness writes vm_swappiness (proc_dointvec_minmax, 0..100)")
    @Override
    public void setVmSwappiness(int value) {
        if (value < 0 || value > 100) {
            throw new IllegalArgumentException("vm.swappiness must be 0..100, not " + value);
        }
        vmSwappiness = value;
    }

    /** Whether {@link #kswapdRun} started a kswapd thread that has not been stopped. */
    boolean kswapdRunning() {
        synchronized (pgdat.kswapdWait) {
            return kswapd != null && kswapd.isAlive();
        }
    }

    /** Whether kswapd sleeps on kswapd_wait right now (waitqueue_active). */
    boolean kswapdSleeping() {
        return kswapdWaiting;
    }

    /** NODE_DATA(nid): the one node of this machine. */
    private Pglist nodeData(int nid) {
        if (nid != pgdat.nodeId) {
            throw new KernelBug("NODE_DATA(" + nid + "): the machine has node " + pgdat.nodeId + " only");
        }
        return pgdat;
    }

    /**
     * kswapd's freezer point, where 2.6.20 calls try_to_freeze: there is no freezer, but a
     * stop requested by {@link #kswapdStop} is honoured here. True when the kswapd thread
     * must end; always false on any other thread.
     */
    private boolean tryToFreeze() {
        return kswapdShouldStop && Thread.currentThread() == kswapd;
    }

    /**
     * mapping_mapped(mapping) (fs.h): whether any vma maps the file. No file mapping keeps
     * an i_mmap tree here (swapper_space has none in the kernel either), so: no.
     */
    @Mirrors("mapping_mapped")
    private static boolean mappingMapped(AddressSpace mapping) {
        return false;
    }

    /**
     * bdi_write_congested(mapping->backing_dev_info): whether the device is write-congested.
     * The only mapping is swapper_space, whose swap_backing_dev_info belongs to no request
     * queue and so never becomes congested (the quirk pageout's comment in 2.6.20 points
     * out): no.
     */
    @Mirrors("bdi_write_congested")
    private static boolean bdiWriteCongested(AddressSpace mapping) {
        return false;
    }

    /**
     * try_to_release_page(page, gfp_mask) (mm/filemap.c): drop the buffers of a PagePrivate
     * page. No buffer heads exist here, so nothing can be released: false.
     */
    @Mirrors("try_to_release_page")
    private static boolean tryToReleasePage(Page page, int gfpMask) {
        return false;
    }

    /** try_to_free_buffers(page) (fs/buffer.c): no buffer heads exist here: false. */
    @Mirrors("try_to_free_buffers")
    private static boolean tryToFreeBuffers(Page page) {
        return false;
    }

    /**
     * __remove_from_page_cache(page) (mm/filemap.c): take a page-cache page out of its
     * mapping's tree. Caller holds tree_lock for writing and the page lock.
     */
    @Mirrors("__remove_from_page_cache")
    private void removeFromPageCacheLocked(Page page) {
        AddressSpace mapping = pageMapping(page);
        mapping.radixTreeDelete(page.index);
        page.mapping = null;
        mapping.nrpages--;
        vmstat.decZonePageState(page, ZoneStatItem.NR_FILE_PAGES);
    }

    /**
     * get_dirty_limits(&background, &dirty, NULL) (mm/page-writeback.c): the background and
     * throttling thresholds in pages, {@code out[0]} and {@code out[1]}. Only half of the
     * unmapped memory may be dirty (the dirty ratio is lowered to that, but not below 5 %),
     * background writeback starts below it, and HighMem does not count.
     */
    @Mirrors("get_dirty_limits")
    private void getDirtyLimits(long[] out) {
        long availableMemory = pageAlloc.vmTotalPages();
        // CONFIG_HIGHMEM: high memory is left out of the count
        availableMemory -= pageAlloc.totalhighPages();

        long unmappedRatio = 100 - ((vmstat.globalPageState(ZoneStatItem.NR_FILE_MAPPED)
                + vmstat.globalPageState(ZoneStatItem.NR_ANON_PAGES)) * 100) / pageAlloc.vmTotalPages();

        long dirtyRatio = VM_DIRTY_RATIO;
        if (dirtyRatio > unmappedRatio / 2) {
            dirtyRatio = unmappedRatio / 2;
        }
        if (dirtyRatio < 5) {
            dirtyRatio = 5;
        }

        long backgroundRatio = DIRTY_BACKGROUND_RATIO;
        if (backgroundRatio >= dirtyRatio) {
            backgroundRatio = dirtyRatio / 2;
        }

        long background = (backgroundRatio * availableMemory) / 100;
        long dirty = (dirtyRatio * availableMemory) / 100;
        Current.ThreadInfo tsk = current.current();
        if ((tsk.flags & PF_LESS_THROTTLE) != 0 || tsk.rtTask) {
            background += background / 4;
            dirty += dirty / 4;
        }
        out[0] = background;
        out[1] = dirty;
    }

    /**
     * throttle_vm_writeout() (mm/page-writeback.c): at the end of shrink_zone, while more
     * pages are under writeback than the dirty threshold plus a tenth (allocators get that
     * much extra so heavy writers cannot starve them), nap until writes complete.
     */
    @Mirrors("throttle_vm_writeout")
    private void throttleVmWriteout() {
        long[] limits = new long[2];
        for (;;) {
            getDirtyLimits(limits);
            long dirtyThresh = limits[1];
            dirtyThresh += dirtyThresh / 10;
            if (vmstat.globalPageState(ZoneStatItem.NR_UNSTABLE_NFS)
                    + vmstat.globalPageState(ZoneStatItem.NR_WRITEBACK) <= dirtyThresh) {
                break;
            }
            backingDev.congestionWait(WRITE, HZ / 10);
        }
    }
}
