package linux.mm.swap.internal;

import linux.mm.page.*;

import linux.kernel.KernelBug;

/*
 * Mirrors linux-2.6.20 mm/swap.c: the LRU side of page life (put_page,
 * __page_cache_release, rotate_reclaimable_page, activate_page, mark_page_accessed, the
 * per-CPU LRU-add pagevecs with lru_cache_add[_active] and lru_add_drain, release_pages,
 * __pagevec_release[_nonlru], __pagevec_lru_add[_active]) and swap_setup. Owns the
 * per-CPU pagevecs lru_add_pvecs / lru_add_active_pvecs, page_cluster, and the
 * committed-memory accounting vm_acct_memory (with vm_committed_space, which mm/mmap.c
 * defines and reads) and vm_unacct_memory of include/linux/mman.h.
 */

import static linux.mm.page.Page.getPage;
import static linux.mm.page.Page.putPageTestzero;
import static linux.mm.page.PageFlags.pageActive;
import static linux.mm.page.PageFlags.pageCompound;
import static linux.mm.page.PageFlags.pageDirty;
import static linux.mm.page.PageFlags.pageLRU;
import static linux.mm.page.PageFlags.pageLocked;
import static linux.mm.page.PageFlags.pageReferenced;
import static linux.mm.page.PageFlags.clearPageReferenced;
import static linux.mm.page.PageFlags.setPageActive;
import static linux.mm.page.PageFlags.setPageLRU;
import static linux.mm.page.PageFlags.setPageReferenced;
import static linux.mm.page.PageFlags.clearPageLRURaw;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import linux.arch.x86.PageGeometry;
import linux.kernel.Current;
import linux.kernel.EmulatorOnly;
import linux.kernel.Mirrors;

/**
 * The LRU lists' front door (mm/swap.c). New pages reach a zone's LRU only through a
 * per-CPU pagevec of {@link Pagevec#PAGEVEC_SIZE} entries: {@link #lruCacheAdd} takes a
 * reference and queues the page; the 14th page flushes the batch onto the HEAD of the
 * zone list (setting PG_lru, and PG_active for the active queue) and drops the batch's
 * references. Pages on the LRU hold no reference for being there: the last
 * {@link #putPage} takes a page off its list and frees it.
 *
 * <p>Locking: takes {@code zone->lru_lock} where the kernel does (callers must not hold
 * it); the per-CPU pagevecs are guarded by their own monitors (taken before lru_lock),
 * standing in for the kernel's preempt-disabled get_cpu_var. The lock order is
 * pagevec monitor, then zone->lru_lock, then the per-CPU page list, then zone->lock.
 */
public final class Swap implements SwapOps {

    /** Pages reclaim isolates at a time and the smallest HighMem pages_min (include/linux/swap.h). */

    private final PageAllocOps pageAlloc;
    private final Pglist pgdat;
    private final Vmstat vmstat;
    private final PageWriteback pageWriteback;
    /** lru_add_pvecs: per-CPU queues bound for the inactive lists. */
    private final Pagevec[] lruAddPvecs;
    /** lru_add_active_pvecs: per-CPU queues bound for the active lists. */
    private final Pagevec[] lruAddActivePvecs;
    /** A scratch pagevec per thread for release_pages (the kernel's on-stack pages_to_free). */
    private final Current current;
    private final ThreadLocal<Pagevec> pagesToFreeScratch = ThreadLocal.withInitial(Pagevec::new);
    /** vm_committed_space: pages committed by private writable mappings (overcommit accounting). */
    private final AtomicLong vmCommittedSpace = new AtomicLong();
    /** committed_space: each CPU's not yet folded share of vm_committed_space. */
    private final AtomicLongArray committedSpace;
    /** ACCT_THRESHOLD: max(16, NR_CPUS * 2); a CPU's share is folded in beyond it. */
    private final long acctThreshold;
    /** page_cluster: log2 of the swap readahead window, set by {@link #swapSetup}. */
    private volatile int pageCluster;

    /**
     * @param pageAlloc the machine's allocator (pages whose last reference goes are freed there)
     * @param pageWriteback page-writeback.c, whose test_clear_page_writeback
     *     {@link #rotateReclaimablePage} uses
     */
    public Swap(PageAllocOps pageAlloc, PageWriteback pageWriteback, Current current) {
        this.pageAlloc = pageAlloc;
        this.current = current;
        this.pgdat = pageAlloc.pgdat();
        this.vmstat = pgdat.vmstat;
        this.pageWriteback = pageWriteback;
        int nrCpus = pgdat.nrCpus;
        this.lruAddPvecs = new Pagevec[nrCpus];
        this.lruAddActivePvecs = new Pagevec[nrCpus];
        for (int cpu = 0; cpu < nrCpus; cpu++) {
            lruAddPvecs[cpu] = new Pagevec();
            lruAddActivePvecs[cpu] = new Pagevec();
        }
        this.committedSpace = new AtomicLongArray(nrCpus);
        this.acctThreshold = Math.max(16, nrCpus * 2L);
    }


    /**
     * The last reference to {@code page} is gone: take it off its LRU list (under
     * lru_lock) if PG_lru, then free it to the hot list. The rare path; most pages die
     * through release_pages.
     */
    @Mirrors("__page_cache_release")
    private void pageCacheReleaseRaw(Page page) {
        if (pageLRU(page)) {
            Zone zone = pgdat.pageZone(page);
            zone.lruLock.lock();
            try {
                assert pageLRU(page);
                clearPageLRURaw(page);
                MmInline.delPageFromLru(zone, page);
            } finally {
                zone.lruLock.unlock();
            }
        }
        pageAlloc.freeHotPage(page);
    }

    /**
     * Drops one reference ({@code put_page} / {@code page_cache_release}); the last one
     * releases the page as {@link #pageCacheReleaseRaw} does.
     *
     * <p>Differs from 2.6.20: no compound pages, so no put_compound_page branch.
     */
    @Mirrors("put_page")
    public void putPage(Page page) {
        assert !pageCompound(page);
        if (putPageTestzero(page)) {
            pageCacheReleaseRaw(page);
        }
    }

    /** {@code page_cache_release(page)}: the page-cache spelling of {@link #putPage}. */
    @Mirrors("page_cache_release")
    public void pageCacheRelease(Page page) {
        putPage(page);
    }

    /**
     * Releases a list of pages linked through their lru links (put_pages_list): from the
     * TAIL, each is unlinked and gets {@link #pageCacheRelease}. Used on read-ahead error
     * paths.
     */
    @Mirrors("put_pages_list")
    public void putPagesList(ListHead pages) {
        while (!pages.listEmpty()) {
            Page victim = pages.lruToPage();
            ListHead.listDel(victim);
            pageCacheRelease(victim);
        }
    }

    /**
     * Writeback has ended on a page reclaim marked PG_reclaim: if it is still a good
     * candidate (not locked, not dirty, not active, on the LRU), move it to the TAIL of
     * the inactive list so the next scan frees it, count PGROTATED, and clear
     * PG_writeback here under lru_lock, returning 0. Otherwise return 1 and touch nothing
     * (end_page_writeback clears PG_writeback). Called from end_page_writeback, often on
     * a block-device completion thread; never sleeps.
     */
    @Mirrors("rotate_reclaimable_page")
    @Override
    public int rotateReclaimablePage(Page page) {
        if (pageLocked(page)) {
            return 1;
        }
        if (pageDirty(page)) {
            return 1;
        }
        if (pageActive(page)) {
            return 1;
        }
        if (!pageLRU(page)) {
            return 1;
        }
        Zone zone = pgdat.pageZone(page);
        zone.lruLock.lock();
        try {
            if (pageLRU(page) && !pageActive(page)) {
                ListHead.listMoveTail(page, zone.inactiveList);
                vmstat.countVmEvent(VmEventItem.PGROTATED);
            }
            if (!pageWriteback.testClearPageWriteback(page)) {
                throw new KernelBug("rotate_reclaimable_page: page pfn " + page.pfn + " was not under writeback");
            }
        } finally {
            zone.lruLock.unlock();
        }
        return 0;
    }

    /**
     * Moves an inactive LRU page to the HEAD of the active list, sets PG_active and
     * counts PGACTIVATE; does nothing to a page that is off the LRU (isolated) or
     * already active. Takes lru_lock.
     */
    @Mirrors("activate_page")
    public void activatePage(Page page) {
        Zone zone = pgdat.pageZone(page);
        zone.lruLock.lock();
        try {
            if (pageLRU(page) && !pageActive(page)) {
                MmInline.delPageFromInactiveList(zone, page);
                setPageActive(page);
                MmInline.addPageToActiveList(zone, page);
                vmstat.countVmEvent(VmEventItem.PGACTIVATE);
            }
        } finally {
            zone.lruLock.unlock();
        }
    }

    /**
     * Notes a use of the page, promoting it on the second touch: inactive and
     * unreferenced becomes inactive and referenced; inactive, referenced and on the LRU
     * becomes active and unreferenced (activate_page); active and unreferenced becomes
     * active and referenced. A referenced page that is active, or off the LRU, is left
     * as it is.
     */
    @Mirrors("mark_page_accessed")
    public void markPageAccessed(Page page) {
        if (!pageActive(page) && pageReferenced(page) && pageLRU(page)) {
            activatePage(page);
            clearPageReferenced(page);
        } else if (!pageReferenced(page)) {
            setPageReferenced(page);
        }
    }

    /**
     * Queues a new page for this CPU's inactive list, taking a reference that the
     * flush drops; the 14th queued page flushes the whole batch (__pagevec_lru_add).
     * Until then the page is not on any list and PG_lru is clear.
     */
    @Mirrors("lru_cache_add")
    public void lruCacheAdd(Page page) {
        Pagevec pvec = lruAddPvecs[current.smpProcessorId()];
        synchronized (pvec) {
            getPage(page);
            if (pvec.pagevecAdd(page) == 0) {
                pagevecLruAddRaw(pvec);
            }
        }
    }

    /** As {@link #lruCacheAdd}, for this CPU's active-list queue (__pagevec_lru_add_active). */
    @Mirrors("lru_cache_add_active")
    public void lruCacheAddActive(Page page) {
        Pagevec pvec = lruAddActivePvecs[current.smpProcessorId()];
        synchronized (pvec) {
            getPage(page);
            if (pvec.pagevecAdd(page) == 0) {
                pagevecLruAddActiveRaw(pvec);
            }
        }
    }

    /** Flushes {@code cpu}'s two LRU-add queues onto the zone lists (inactive queue first). */
    @Mirrors("__lru_add_drain")
    public void lruAddDrainRaw(int cpu) {
        Pagevec pvec = lruAddPvecs[cpu];
        synchronized (pvec) {
            if (pvec.pagevecCount() != 0) {
                pagevecLruAddRaw(pvec);
            }
        }
        pvec = lruAddActivePvecs[cpu];
        synchronized (pvec) {
            if (pvec.pagevecCount() != 0) {
                pagevecLruAddActiveRaw(pvec);
            }
        }
    }

    /** Flushes the calling CPU's LRU-add queues. */
    @Mirrors("lru_add_drain")
    public void lruAddDrain() {
        lruAddDrainRaw(current.smpProcessorId());
    }

    /**
     * Flushes every CPU's LRU-add queues. Returns 0.
     *
     * <p>Differs from 2.6.20: without CONFIG_NUMA the kernel drains only the calling
     * CPU; the emulator drains all of them (what the NUMA build's schedule_on_each_cpu
     * achieves), since its CPUs cannot be asked to run work.
     */
    @Mirrors("lru_add_drain_all")
    public int lruAddDrainAll() {
        for (int cpu = 0; cpu < lruAddPvecs.length; cpu++) {
            lruAddDrainRaw(cpu);
        }
        return 0;
    }

    /**
     * Drops one reference from each of {@code pages[0 .. nr-1]}; every page whose count
     * reaches 0 is taken off its LRU list (PG_lru cleared) and freed, in batches of 14 to
     * the hot or cold list. lru_lock is taken once per run of same-zone pages and
     * dropped before freeing.
     */
    @Mirrors("release_pages")
    public void releasePages(Page[] pages, int nr, boolean cold) {
        Pagevec pagesToFree = pagesToFreeScratch.get();
        pagesToFree.pagevecInit(cold);
        Zone zone = null;
        try {
            for (int i = 0; i < nr; i++) {
                Page page = pages[i];
                assert !pageCompound(page);
                if (!putPageTestzero(page)) {
                    continue;
                }
                if (pageLRU(page)) {
                    Zone pagezone = pgdat.pageZone(page);
                    if (pagezone != zone) {
                        if (zone != null) {
                            zone.lruLock.unlock();
                        }
                        zone = pagezone;
                        zone.lruLock.lock();
                    }
                    assert pageLRU(page);
                    clearPageLRURaw(page);
                    MmInline.delPageFromLru(zone, page);
                }
                if (pagesToFree.pagevecAdd(page) == 0) {
                    if (zone != null) {
                        zone.lruLock.unlock();
                        zone = null;
                    }
                    pageAlloc.pagevecFreeRaw(pagesToFree);
                    pagesToFree.pagevecReinit();
                }
            }
        } finally {
            if (zone != null) {
                zone.lruLock.unlock();
            }
        }
        if (pagesToFree.pagevecCount() != 0) {
            pageAlloc.pagevecFreeRaw(pagesToFree);
            pagesToFree.pagevecReinit();
        }
    }

    /**
     * Releases a pagevec's references: first drains this CPU's LRU-add queues (a page
     * waiting there could not be freed now), then release_pages; the pagevec is
     * emptied.
     */
    @Mirrors("__pagevec_release")
    public void pagevecReleaseRaw(Pagevec pvec) {
        lruAddDrain();
        releasePages(pvec.pages, pvec.pagevecCount(), pvec.cold);
        pvec.pagevecReinit();
    }

    /** {@code pagevec_release(pvec)}: {@link #pagevecReleaseRaw} if it holds anything. */
    @Mirrors("pagevec_release")
    public void pagevecRelease(Pagevec pvec) {
        if (pvec.pagevecCount() != 0) {
            pagevecReleaseRaw(pvec);
        }
    }

    /**
     * Releases a pagevec of pages known to be off the LRU (reclaim's freed pages):
     * drops a reference from each and frees those that reach 0; the pagevec is emptied.
     */
    @Mirrors("__pagevec_release_nonlru")
    public void pagevecReleaseNonlruRaw(Pagevec pvec) {
        Pagevec pagesToFree = pagesToFreeScratch.get();
        pagesToFree.pagevecInit(pvec.cold);
        for (int i = 0; i < pvec.pagevecCount(); i++) {
            Page page = pvec.pages[i];
            assert !pageLRU(page) : "__pagevec_release_nonlru of an LRU page " + page;
            if (putPageTestzero(page)) {
                pagesToFree.pagevecAdd(page);
            }
        }
        if (pagesToFree.pagevecCount() != 0) {
            pageAlloc.pagevecFreeRaw(pagesToFree);
            pagesToFree.pagevecReinit();
        }
        pvec.pagevecReinit();
    }

    /**
     * Puts every page of the pagevec at the HEAD of its zone's inactive list with PG_lru
     * set (taking each zone's lru_lock once per run of same-zone pages), then drops the
     * pagevec's references (release_pages) and empties it.
     */
    @Mirrors("__pagevec_lru_add")
    public void pagevecLruAddRaw(Pagevec pvec) {
        Zone zone = null;
        try {
            for (int i = 0; i < pvec.pagevecCount(); i++) {
                Page page = pvec.pages[i];
                Zone pagezone = pgdat.pageZone(page);
                if (pagezone != zone) {
                    if (zone != null) {
                        zone.lruLock.unlock();
                    }
                    zone = pagezone;
                    zone.lruLock.lock();
                }
                assert !pageLRU(page) : "__pagevec_lru_add of a page already on the LRU " + page;
                setPageLRU(page);
                MmInline.addPageToInactiveList(zone, page);
            }
        } finally {
            if (zone != null) {
                zone.lruLock.unlock();
            }
        }
        releasePages(pvec.pages, pvec.pagevecCount(), pvec.cold);
        pvec.pagevecReinit();
    }

    /** As {@link #pagevecLruAddRaw} for the active list: PG_lru and PG_active set, HEAD of active list. */
    @Mirrors("__pagevec_lru_add_active")
    public void pagevecLruAddActiveRaw(Pagevec pvec) {
        Zone zone = null;
        try {
            for (int i = 0; i < pvec.pagevecCount(); i++) {
                Page page = pvec.pages[i];
                Zone pagezone = pgdat.pageZone(page);
                if (pagezone != zone) {
                    if (zone != null) {
                        zone.lruLock.unlock();
                    }
                    zone = pagezone;
                    zone.lruLock.lock();
                }
                assert !pageLRU(page) : "__pagevec_lru_add_active of a page already on the LRU " + page;
                setPageLRU(page);
                assert !pageActive(page) : "__pagevec_lru_add_active of an active page " + page;
                setPageActive(page);
                MmInline.addPageToActiveList(zone, page);
            }
        } finally {
            if (zone != null) {
                zone.lruLock.unlock();
            }
        }
        releasePages(pvec.pages, pvec.pagevecCount(), pvec.cold);
        pvec.pagevecReinit();
    }

    /**
     * Adds {@code pages} (negative to release) to the committed-memory count: the
     * change collects in this CPU's share and is folded into vm_committed_space once
     * the share exceeds ACCT_THRESHOLD either way, so the global count may lag by up to
     * the threshold per CPU, as in the SMP kernel. Called by mmap/brk/mprotect/fork
     * accounting and by swapoff.
     */
    @Mirrors("vm_acct_memory")
    public void vmAcctMemory(long pages) {
        int cpu = current.smpProcessorId();
        for (;;) {
            long local = committedSpace.get(cpu);
            long sum = local + pages;
            if (sum > acctThreshold || sum < -acctThreshold) {
                if (committedSpace.compareAndSet(cpu, local, 0)) {
                    vmCommittedSpace.addAndGet(sum);
                    return;
                }
            } else if (committedSpace.compareAndSet(cpu, local, sum)) {
                return;
            }
        }
    }

    /** {@code vm_unacct_memory(pages)}: {@code vm_acct_memory(-pages)}. */
    @Mirrors("vm_unacct_memory")
    public void vmUnacctMemory(long pages) {
        vmAcctMemory(-pages);
    }

    /** {@code atomic_read(&vm_committed_space)}: the folded committed count (Committed_AS). */
    @Mirrors("vm_committed_space")
    public long vmCommittedSpace() {
        return vmCommittedSpace.get();
    }

    /**
     * Sets page_cluster, the log2 of the swap-in readahead window: 2 (4 pages) for a
     * machine under 16 MiB, else 3 (8 pages). Called once at boot (kswapd_init).
     */
    @Mirrors("swap_setup")
    public void swapSetup() {
        long megs = pageAlloc.numPhyspages() >> (20 - PageGeometry.PAGE_SHIFT);
        pageCluster = megs < 16 ? 2 : 3;
    }

    /** page_cluster (0 until {@link #swapSetup} runs). */
    @Mirrors("page_cluster")
    public int pageCluster() {
        return pageCluster;
    }

    /** Sets page_cluster (sysctl vm.page-cluster). */
    @EmulatorOnly("the page_cluster a test wants (swap_setup chooses it from the RAM size)")
    public void setPageCluster(int value) {
        pageCluster = value;
    }

    /** Pages waiting in {@code cpu}'s inactive-bound queue (for checks and tests). */
    @EmulatorOnly("how full a CPU's LRU-add pagevec is, for tests and invariants")
    public int pendingLruAdd(int cpu) {
        Pagevec pvec = lruAddPvecs[cpu];
        synchronized (pvec) {
            return pvec.pagevecCount();
        }
    }

    /** Pages waiting in {@code cpu}'s active-bound queue (for checks and tests). */
    @EmulatorOnly("how full a CPU's LRU-add pagevec is, for tests and invariants")
    public int pendingLruAddActive(int cpu) {
        Pagevec pvec = lruAddActivePvecs[cpu];
        synchronized (pvec) {
            return pvec.pagevecCount();
        }
    }

    /**
     * Checks the LRU invariants (kernel-2.6.20.md section 4.4, items 1 and 2) of every
     * zone at a quiescent point and returns what is wrong (empty when consistent): every
     * page on a zone's active list is PG_lru and PG_active, every page on its inactive
     * list PG_lru and not PG_active, both belong to the zone, nr_active / nr_inactive
     * equal the list lengths, and every PG_lru page of the zone is on one of the two
     * lists. Takes each zone's lru_lock.
     */
    @EmulatorOnly("a consistency check of the LRU lists for tests and invariants")
    public List<String> checkLruLists() {
        List<String> bad = new ArrayList<>();
        for (Zone zone : pgdat.nodeZones) {
            if (!zone.populated()) {
                continue;
            }
            zone.lruLock.lock();
            try {
                BitSet listed = new BitSet();
                long n = 0;
                for (Page p = zone.activeList.first(); p != null; p = zone.activeList.next(p)) {
                    n++;
                    listed.set(p.pfn);
                    if (!pageLRU(p) || !pageActive(p) || pgdat.pageZone(p) != zone) {
                        bad.add(zone.name + ": bad page on the active list: " + p);
                    }
                }
                if (n != zone.nrActive) {
                    bad.add(zone.name + ": nr_active " + zone.nrActive + " but " + n + " on the list");
                }
                n = 0;
                for (Page p = zone.inactiveList.first(); p != null; p = zone.inactiveList.next(p)) {
                    n++;
                    listed.set(p.pfn);
                    if (!pageLRU(p) || pageActive(p) || pgdat.pageZone(p) != zone) {
                        bad.add(zone.name + ": bad page on the inactive list: " + p);
                    }
                }
                if (n != zone.nrInactive) {
                    bad.add(zone.name + ": nr_inactive " + zone.nrInactive + " but " + n + " on the list");
                }
                long end = zone.zoneStartPfn + zone.spannedPages;
                for (long pfn = zone.zoneStartPfn; pfn < end; pfn++) {
                    Page p = pgdat.pfnToPage(pfn);
                    if (pageLRU(p) && !listed.get((int) pfn)) {
                        bad.add(zone.name + ": PG_lru page on no LRU list: " + p);
                    }
                }
            } finally {
                zone.lruLock.unlock();
            }
        }
        return bad;
    }
}
