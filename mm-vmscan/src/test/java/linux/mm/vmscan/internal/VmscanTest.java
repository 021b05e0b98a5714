package linux.mm.vmscan.internal;

import static linux.mm.page.Gfp.GFP_HIGHUSER;
import static linux.mm.vmscan.internal.VmscanMachine.await;
import static linux.mm.page.Gfp.GFP_KERNEL;
import static linux.mm.page.Gfp.GFP_NOFS;
import static linux.mm.page.Gfp.GFP_NOIO;
import static linux.mm.page.PageFlags.clearPageDirty;
import static linux.mm.page.PageFlags.pageActive;
import static linux.mm.page.PageFlags.pageDirty;
import static linux.mm.page.PageFlags.pageLRU;
import static linux.mm.page.PageFlags.pageLocked;
import static linux.mm.page.PageFlags.pageReclaim;
import static linux.mm.page.PageFlags.pageReferenced;
import static linux.mm.page.PageFlags.pageSwapCache;
import static linux.mm.page.PageFlags.pageWriteback;
import static linux.mm.page.PageFlags.setPageReferenced;
import static linux.mm.page.PageFlags.testSetPageLocked;
import static linux.mm.vmscan.internal.VmscanMachine.position;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import linux.block.Bio;
import linux.kernel.KernelBug;
import linux.mm.page.AddressSpace;
import linux.mm.page.Filemap;
import linux.mm.page.Page;
import linux.mm.page.RmapResult;
import linux.mm.page.VmEventItem;
import linux.mm.page.WritebackControl;
import linux.mm.page.Zone;
import linux.mm.page.ZoneStatItem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * mm/vmscan.c on a 4 MiB machine (ZONE_DMA only) with recording fakes for the files below
 * reclaim: each branch of shrink_page_list (kernel-2.6.20.md §5.5) and pageout (§5.6), the
 * reclaim_mapped arithmetic of shrink_active_list (§5.3), shrink_zone's quotas (§5.2),
 * try_to_free_pages (§5.7), balance_pgdat and kswapd (§5.8), shrink_slab and
 * shrink_all_memory.
 */
class VmscanTest {

    private VmscanMachine m = new VmscanMachine(4, 1024);

    @AfterEach
    void invariants() {
        assertEquals(List.of(), m.swap.checkLruLists());
        assertEquals(List.of(), m.pageAlloc.checkFreeLists());
        assertFalse(m.zone.lruLock.isLocked(), "lru_lock left held");
        assertFalse(m.swapperSpace.treeLock.isWriteLocked(), "tree_lock left held");
        assertEquals(0, m.zone.reclaimInProgress.get());
        m.vmscan.kswapdStop(0);
    }

    /** A scan_control that isolates one page at a time (the inactive tail). */
    private ScanControl oneAtATime(int gfpMask) {
        ScanControl sc = m.directSc(gfpMask);
        sc.swapClusterMax = 1;
        return sc;
    }

    /** The tail page of the inactive list goes through shrink_page_list; returns pages freed. */
    private long reclaimTail(ScanControl sc) {
        return m.vmscan.shrinkInactiveList(1, m.zone, sc);
    }

    /** A mapped anon page on the inactive list with a younger one in front of it. */
    private Page victimBehindYounger() {
        Page victim = m.inactive(m.anonPage(true));
        m.inactive(m.anonPage(true));
        return victim;
    }

    private Page younger() {
        return m.zone.inactiveList.first();
    }

    // ---- shrink_page_list: one branch each ---------------------------------------------

    @Test
    void shrinkPageList_lockedPageIsKeptUncounted() {
        Page victim = victimBehindYounger();
        Page younger = younger();
        assertFalse(testSetPageLocked(victim)); // somebody else holds the lock
        ScanControl sc = oneAtATime(GFP_HIGHUSER);

        assertEquals(0, reclaimTail(sc));

        assertEquals(0, sc.nrScanned, "a page that cannot be locked is not counted");
        assertEquals(0, position(m.zone.inactiveList, victim), "kept pages go back to the inactive head");
        assertEquals(1, position(m.zone.inactiveList, younger));
        assertTrue(pageLocked(victim), "still the other holder's lock");
        assertTrue(pageLRU(victim));
        assertEquals(List.of(), m.rmap.calls);
        assertEquals(1, m.event(VmEventItem.PGSCAN_DIRECT_DMA));
        assertEquals(0, m.event(VmEventItem.PGSTEAL_DMA));
        assertEquals(1, m.zone.pagesScanned);
        assertEquals(1, Page.pageCount(victim), "the isolation reference was given back");
        Filemap.unlockPage(victim);
    }

    @Test
    void shrinkPageList_pageUnderWritebackIsKept() {
        Page victim = m.inactive(m.inSwapCache(m.anonPage(true)));
        m.inactive(m.anonPage(true));
        m.pageWriteback.setPageWriteback(victim);
        ScanControl sc = oneAtATime(GFP_HIGHUSER);

        assertEquals(0, reclaimTail(sc));

        assertEquals(2, sc.nrScanned, "a mapped swap-cache page counts twice");
        assertEquals(List.of(), m.rmap.calls, "writeback is tested before page_referenced");
        assertEquals(0, position(m.zone.inactiveList, victim));
        assertFalse(pageLocked(victim));
        assertTrue(pageWriteback(victim));
        m.pageWriteback.endPageWriteback(victim, m.swap);
    }

    @Test
    void shrinkPageList_referencedMappedPageIsActivated() {
        Page victim = victimBehindYounger();
        m.rmap.young.put(victim, 1);
        ScanControl sc = oneAtATime(GFP_HIGHUSER);

        assertEquals(0, reclaimTail(sc));

        assertEquals(List.of("page_referenced " + victim.pfn + " 1"), m.rmap.calls);
        assertEquals(List.of(), m.swapState.calls, "no swap slot for a page in use");
        assertEquals(0, position(m.zone.activeList, victim));
        assertTrue(pageActive(victim));
        assertFalse(pageLocked(victim));
        assertEquals(1, m.zone.nrActive);
        assertEquals(1, m.zone.nrInactive);
        assertEquals(1, m.event(VmEventItem.PGACTIVATE));
        assertEquals(2, sc.nrScanned);
    }

    @Test
    void shrinkPageList_anonymousPageIsAddedToSwapUnmappedAndWritten() {
        Page victim = victimBehindYounger();
        Page younger = younger();
        ScanControl sc = oneAtATime(GFP_HIGHUSER);

        assertEquals(0, reclaimTail(sc));

        // add_to_swap with GFP_ATOMIC, then try_to_unmap, then pageout -> writepage
        assertEquals(List.of("add_to_swap " + victim.pfn + " 0x20"), m.swapState.calls);
        assertEquals(List.of("page_referenced " + victim.pfn + " 1", "try_to_unmap " + victim.pfn + " 0"), m.rmap.calls);
        int entry = Page.pagePrivate(victim);
        assertEquals(2, m.swapfile.count(entry), "swap cache + the swap pte try_to_unmap left");
        assertEquals(List.of(victim), m.writepage.written);
        WritebackControl wbc = m.writepage.wbcs.get(0);
        assertEquals(WritebackControl.WritebackSyncModes.WB_SYNC_NONE, wbc.syncMode);
        assertEquals(32, wbc.nrToWrite);
        assertEquals(0, wbc.rangeStart);
        assertEquals(Long.MAX_VALUE, wbc.rangeEnd);
        assertTrue(wbc.nonblocking);
        assertTrue(wbc.forReclaim);
        // PAGE_SUCCESS under writeback: kept, unlocked by writepage, back at the inactive head
        assertTrue(pageSwapCache(victim));
        assertFalse(Page.pageMapped(victim));
        assertTrue(pageWriteback(victim));
        assertTrue(pageReclaim(victim));
        assertFalse(pageDirty(victim));
        assertFalse(pageLocked(victim));
        assertEquals(1, Page.pageCount(victim), "only the swap cache holds it now");
        assertEquals(0, position(m.zone.inactiveList, victim));
        assertEquals(1, m.vmstat.zonePageState(m.zone, ZoneStatItem.NR_VMSCAN_WRITE));
        assertEquals(1, m.vmstat.globalPageState(ZoneStatItem.NR_WRITEBACK));
        assertEquals(1, m.vmstat.globalPageState(ZoneStatItem.NR_ANON_PAGES), "the younger page only");
        assertEquals(2, sc.nrScanned);

        // the write completes: PG_reclaim makes the completion rotate it to the tail
        m.pageWriteback.endPageWriteback(victim, m.swap);
        assertEquals(1, m.event(VmEventItem.PGROTATED));
        assertEquals(m.zone.inactiveList.lruToPage(), victim);
        assertFalse(pageWriteback(victim));
        assertFalse(pageReclaim(victim));

        // next pass: clean, unmapped, only the cache holds it: freed
        assertEquals(1, reclaimTail(oneAtATime(GFP_HIGHUSER)));
        assertEquals(0, Page.pageCount(victim));
        assertFalse(pageSwapCache(victim));
        assertEquals(1, m.swapfile.count(entry), "the swap pte's reference remains");
        assertEquals(0, m.swapperSpace.nrpages);
        assertEquals(0, m.vmstat.globalPageState(ZoneStatItem.NR_FILE_PAGES));
        assertEquals(1, m.event(VmEventItem.PGSTEAL_DMA));
        assertEquals(List.of(younger), List.of(m.zone.inactiveList.first()));
        assertEquals(1, m.zone.nrInactive);
    }

    @Test
    void shrinkPageList_swapFullActivates() {
        m = new VmscanMachine(4, 0);
        Page victim = victimBehindYounger();

        assertEquals(0, reclaimTail(oneAtATime(GFP_HIGHUSER)));

        assertEquals(List.of("add_to_swap " + victim.pfn + " 0x20"), m.swapState.calls);
        assertEquals(List.of("page_referenced " + victim.pfn + " 1"), m.rmap.calls);
        assertEquals(0, position(m.zone.activeList, victim));
        assertTrue(pageActive(victim));
        assertTrue(Page.pageMapped(victim));
        assertFalse(pageSwapCache(victim));
        assertEquals(1, m.event(VmEventItem.PGACTIVATE));
    }

    @Test
    void shrinkPageList_tryToUnmapAgainKeeps() {
        Page victim = m.inactive(m.inSwapCache(m.anonPage(true)));
        m.inactive(m.anonPage(true));
        m.rmap.unmapResult.put(victim, RmapResult.SWAP_AGAIN);

        assertEquals(0, reclaimTail(oneAtATime(GFP_HIGHUSER)));

        assertEquals(List.of(), m.swapState.calls, "already in swap cache");
        assertEquals(List.of("page_referenced " + victim.pfn + " 1", "try_to_unmap " + victim.pfn + " 0"), m.rmap.calls);
        assertEquals(0, position(m.zone.inactiveList, victim));
        assertFalse(pageActive(victim));
        assertFalse(pageLocked(victim));
        assertTrue(Page.pageMapped(victim));
        assertEquals(List.of(), m.writepage.written);
        assertEquals(0, m.event(VmEventItem.PGACTIVATE));
    }

    @Test
    void shrinkPageList_tryToUnmapFailActivates() {
        Page victim = m.inactive(m.inSwapCache(m.anonPage(true)));
        m.inactive(m.anonPage(true));
        m.rmap.unmapResult.put(victim, RmapResult.SWAP_FAIL);

        assertEquals(0, reclaimTail(oneAtATime(GFP_HIGHUSER)));

        assertEquals(0, position(m.zone.activeList, victim));
        assertTrue(pageActive(victim));
        assertFalse(pageLocked(victim));
        assertTrue(Page.pageMapped(victim));
        assertEquals(List.of(), m.writepage.written);
        assertEquals(1, m.event(VmEventItem.PGACTIVATE));
    }

    @Test
    void shrinkPageList_mappedPageKeptWhenThePassMayNotSwap() {
        Page victim = victimBehindYounger();
        ScanControl sc = oneAtATime(GFP_HIGHUSER);
        sc.maySwap = false;

        assertEquals(0, reclaimTail(sc));

        assertEquals(1, sc.nrScanned, "counted once: the double count comes after this test");
        assertEquals(List.of(), m.rmap.calls);
        assertEquals(0, position(m.zone.inactiveList, victim));
        assertFalse(pageLocked(victim));
    }

    @Test
    void shrinkPageList_referencedButUnusedPageGetsSwapButStaysWhileDirty() {
        // an anon page nobody maps (its holder keeps a reference) that was referenced:
        // not "in use", so it goes on to add_to_swap, but dirty + referenced keeps it
        Page victim = m.inactive(m.anonPage(false));
        m.inactive(m.anonPage(true));
        setPageReferenced(victim);

        assertEquals(0, reclaimTail(oneAtATime(GFP_HIGHUSER)));

        assertEquals(List.of("add_to_swap " + victim.pfn + " 0x20"), m.swapState.calls);
        assertTrue(pageSwapCache(victim));
        assertTrue(pageDirty(victim));
        assertEquals(List.of(), m.writepage.written, "referenced dirty pages are not written");
        assertEquals(0, position(m.zone.inactiveList, victim));
        assertFalse(pageLocked(victim));
    }

    @Test
    void shrinkPageList_dirtyPageKeptWithoutIo() {
        Page victim = victimBehindYounger();

        assertEquals(0, reclaimTail(oneAtATime(GFP_NOIO)));

        // GFP_NOIO: neither __GFP_FS nor __GFP_IO, so not even swap may be written
        assertTrue(pageSwapCache(victim), "add_to_swap still ran");
        assertFalse(Page.pageMapped(victim), "and try_to_unmap");
        assertTrue(pageDirty(victim));
        assertEquals(List.of(), m.writepage.written);
        assertEquals(0, position(m.zone.inactiveList, victim));
        assertFalse(pageLocked(victim));
    }

    @Test
    void shrinkPageList_swapCachePageWrittenWithIoButNoFs() {
        Page victim = victimBehindYounger();

        reclaimTail(oneAtATime(GFP_NOFS));

        // GFP_NOFS has __GFP_IO, which is enough for a swap-cache page
        assertEquals(List.of(victim), m.writepage.written);
        m.pageWriteback.endPageWriteback(victim, m.swap);
    }

    @Test
    void shrinkPageList_dirtyPageKeptWhenThePassMayNotWrite() {
        Page victim = victimBehindYounger();
        ScanControl sc = oneAtATime(GFP_HIGHUSER);
        sc.mayWritepage = false;

        reclaimTail(sc);

        assertTrue(pageDirty(victim));
        assertEquals(List.of(), m.writepage.written);
        assertEquals(0, position(m.zone.inactiveList, victim));
    }

    @Test
    void shrinkPageList_pageoutKeepsAPageSomeoneElseHolds() {
        // unmapped, dirty, in swap cache, and somebody still holds a reference
        Page victim = m.inactive(m.inSwapCache(m.anonPage(false)));
        m.inactive(m.anonPage(true));

        assertEquals(0, reclaimTail(oneAtATime(GFP_HIGHUSER)));

        assertEquals(List.of("page_referenced " + victim.pfn + " 1"), m.rmap.calls, "nothing to unmap");
        assertEquals(List.of(), m.writepage.written, "PAGE_KEEP: not freeable, not written");
        assertTrue(pageDirty(victim));
        assertEquals(0, position(m.zone.inactiveList, victim));
        assertFalse(pageLocked(victim));
        assertEquals(0, m.vmstat.zonePageState(m.zone, ZoneStatItem.NR_VMSCAN_WRITE));
    }

    @Test
    void shrinkPageList_writepageAskingForActivationActivates() {
        Page victim = victimBehindYounger();
        m.writepage.mode = FakeWritepage.Mode.ACTIVATE;

        assertEquals(0, reclaimTail(oneAtATime(GFP_HIGHUSER)));

        assertEquals(List.of(victim), m.writepage.written);
        assertEquals(0, position(m.zone.activeList, victim));
        assertTrue(pageActive(victim));
        assertFalse(pageReclaim(victim), "PG_reclaim taken back");
        assertFalse(pageLocked(victim), "activate_locked unlocks what writepage left locked");
        assertTrue(pageDirty(victim));
        assertEquals(1, m.event(VmEventItem.PGACTIVATE));
        assertEquals(0, m.vmstat.zonePageState(m.zone, ZoneStatItem.NR_VMSCAN_WRITE));
    }

    @Test
    void shrinkPageList_mappingWithoutWritepageActivates() {
        Page victim = victimBehindYounger();
        m.swapperSpace.setAops(null);

        reclaimTail(oneAtATime(GFP_HIGHUSER));

        assertTrue(pageActive(victim));
        assertTrue(pageDirty(victim), "never cleared for I/O");
        assertEquals(0, position(m.zone.activeList, victim));
        m.swapperSpace.setAops(m.writepage);
    }

    @Test
    void shrinkPageList_synchronousWriteFreesThePageAtOnce() {
        Page victim = victimBehindYounger();
        m.writepage.mode = FakeWritepage.Mode.SYNC;
        ScanControl sc = oneAtATime(GFP_HIGHUSER);

        assertEquals(1, reclaimTail(sc));

        int entry = Page.pagePrivate(victim); // cleared by __delete_from_swap_cache
        assertEquals(0, entry);
        assertEquals(0, Page.pageCount(victim));
        assertFalse(pageReclaim(victim), "no completion will consume PG_reclaim: pageout clears it");
        assertEquals(1, m.swapfile.count(linux.mm.page.Swapops.swpEntry(0, 1)), "the swap pte's reference");
        assertEquals(1, m.vmstat.zonePageState(m.zone, ZoneStatItem.NR_VMSCAN_WRITE));
        assertEquals(1, m.event(VmEventItem.PGSTEAL_DMA));
        assertEquals(List.of("swap_duplicate 1", "swap_free 1"), m.swapfile.calls);
        assertFalse(m.log.messages().stream().anyMatch(l -> l.startsWith("Bad page")), m.log.messages()::toString);
    }

    @Test
    void shrinkPageList_writeErrorIsRecordedInTheMapping() {
        Page victim = victimBehindYounger();
        m.writepage.mode = FakeWritepage.Mode.ENOMEM;

        assertEquals(0, reclaimTail(oneAtATime(GFP_HIGHUSER)));

        assertNotEquals(0, m.swapperSpace.flags.get() & (1 << AddressSpace.AS_EIO), "-ENOMEM is recorded as AS_EIO");
        assertEquals(0, m.swapperSpace.flags.get() & (1 << AddressSpace.AS_ENOSPC));
        assertTrue(pageDirty(victim), "writepage re-dirtied it");
        assertFalse(pageReclaim(victim));
        assertFalse(pageLocked(victim));
        assertEquals(0, position(m.zone.inactiveList, victim));
        assertEquals(1, m.vmstat.zonePageState(m.zone, ZoneStatItem.NR_VMSCAN_WRITE));
    }

    @Test
    void shrinkPageList_enospcIsRecordedAsEnospc() {
        victimBehindYounger();
        m.writepage.mode = FakeWritepage.Mode.ENOSPC;

        reclaimTail(oneAtATime(GFP_HIGHUSER));

        assertNotEquals(0, m.swapperSpace.flags.get() & (1 << AddressSpace.AS_ENOSPC));
        assertEquals(0, m.swapperSpace.flags.get() & (1 << AddressSpace.AS_EIO));
    }

    @Test
    void shrinkPageList_removeMappingFailsOnAnExtraReference() {
        Page victim = m.inactive(m.inSwapCache(m.anonPage(false)));
        m.inactive(m.anonPage(true));
        clearPageDirty(victim); // written before; the holder's reference remains

        assertEquals(0, reclaimTail(oneAtATime(GFP_HIGHUSER)));

        assertTrue(pageSwapCache(victim));
        assertEquals(1, m.swapfile.count(Page.pagePrivate(victim)));
        assertEquals(2, Page.pageCount(victim), "the holder's and the cache's");
        assertEquals(0, position(m.zone.inactiveList, victim));
        assertFalse(pageLocked(victim));
        assertEquals(List.of(), m.writepage.written);
        assertEquals(List.of(), m.swapfile.calls);
    }

    @Test
    void shrinkPageList_cleanSwapCachePageIsFreed() {
        Page victim = m.inactive(m.inSwapCache(m.anonPage(false)));
        Page younger = m.inactive(m.anonPage(true));
        clearPageDirty(victim);
        int entry = Page.pagePrivate(victim);
        assertFalse(Page.putPageTestzero(victim)); // the holder lets go: the cache's only
        long free = m.pageAlloc.nrFreePages();
        ScanControl sc = oneAtATime(GFP_HIGHUSER);

        assertEquals(1, reclaimTail(sc));

        assertEquals(0, Page.pageCount(victim));
        assertFalse(pageLRU(victim));
        assertEquals(null, victim.mapping, "the allocator clears an anon page's mapping");
        assertEquals(free + 1, m.pageAlloc.nrFreePages() + m.pageAlloc.pcpPages(m.zone));
        assertEquals(0, m.swapfile.count(entry));
        assertEquals(List.of("swap_free 1"), m.swapfile.calls);
        assertEquals(0, m.swapperSpace.nrpages);
        assertEquals(1, m.event(VmEventItem.PGSTEAL_DMA));
        assertEquals(1, m.event(VmEventItem.PGSCAN_DIRECT_DMA));
        assertEquals(2, sc.nrScanned);
        assertEquals(0, position(m.zone.inactiveList, younger));
        assertEquals(1, m.zone.nrInactive);
    }

    // ---- pageout and remove_mapping on their own ---------------------------------------

    @Test
    void pageout_cleanPageIsClean() {
        Page page = m.inSwapCache(m.anonPage(false)); // the cache's and ours (as if isolated)
        clearPageDirty(page);
        assertFalse(testSetPageLocked(page));

        assertEquals(PageoutT.PAGE_CLEAN, m.vmscan.pageout(page, m.swapperSpace));

        assertTrue(pageLocked(page), "PAGE_CLEAN leaves the page locked");
        assertEquals(List.of(), m.writepage.written);
        Filemap.unlockPage(page);
    }

    @Test
    void pageout_pageWithoutMappingIsKept() {
        Page page = m.anonPage(false);
        Page.getPage(page); // count 2, as if isolated
        assertFalse(testSetPageLocked(page));

        assertEquals(PageoutT.PAGE_KEEP, m.vmscan.pageout(page, null));

        assertTrue(pageLocked(page));
        Filemap.unlockPage(page);
    }

    @Test
    void removeMapping_dirtyPageStays() {
        Page page = m.inSwapCache(m.anonPage(false)); // ours + the cache's: count 2, dirty
        assertFalse(testSetPageLocked(page));

        assertEquals(0, m.vmscan.removeMapping(m.swapperSpace, page));

        assertTrue(pageSwapCache(page));
        assertEquals(2, Page.pageCount(page));
        Filemap.unlockPage(page);
    }

    @Test
    void removeMapping_bugsOnAnUnlockedPageOrTheWrongMapping() {
        Page page = m.inSwapCache(m.anonPage(false));
        assertThrows(KernelBug.class, () -> m.vmscan.removeMapping(m.swapperSpace, page));
        assertFalse(testSetPageLocked(page));
        assertThrows(KernelBug.class, () -> m.vmscan.removeMapping(AddressSpace.newSwapperSpace(), page));
        Filemap.unlockPage(page);
    }

    // ---- shrink_active_list and reclaim_mapped ------------------------------------------

    /** Sets NR_ANON_PAGES so that mapped_ratio = NR_ANON_PAGES * 100 / vm_total_pages is {@code ratio}. */
    private void mappedRatio(int ratio) {
        long total = m.pageAlloc.vmTotalPages();
        long anon = (ratio * total + 99) / 100; // the smallest count giving that ratio
        assertEquals(ratio, anon * 100 / total);
        m.vmstat.modZonePageState(m.zone, ZoneStatItem.NR_ANON_PAGES,
                anon - m.vmstat.globalPageState(ZoneStatItem.NR_ANON_PAGES));
    }

    @ParameterizedTest(name = "mapped_ratio {0}, prev_priority {1}, priority {2}, swappiness {3}: reclaim_mapped {4}")
    @CsvSource({
        // distress 0 (priority 7..12): mapped_ratio/2 + swappiness must reach 100
        "79, 12, 12, 60, false",
        "80, 12, 12, 60, true",
        "79, 12, 7, 60, false",
        // priority 6: distress 1
        "77, 12, 6, 60, false",
        "78, 12, 6, 60, true",
        // priority 3: distress 12
        "55, 12, 3, 60, false",
        "56, 12, 3, 60, true",
        // priority 1: distress 50
        "59, 12, 1, 20, false",
        "60, 12, 1, 20, true",
        // a lower prev_priority sets the distress: 100 >> 2 = 25
        "48, 2, 12, 50, false",
        "50, 2, 12, 50, true",
        // priority 0: distress 100 alone
        "0, 12, 0, 0, true",
        // swappiness 100 alone
        "0, 12, 12, 100, true",
        "99, 12, 12, 50, false",
        "99, 12, 12, 51, true",
    })
    void shrinkActiveList_reclaimMappedFlipsWhereSwapTendencyReaches100(int ratio, int prevPriority, int priority,
            int swappiness, boolean reclaimMapped) {
        Page page = m.active(m.anonPage(true));
        mappedRatio(ratio);
        m.zone.prevPriority = prevPriority;
        ScanControl sc = m.directSc(GFP_HIGHUSER);
        sc.swappiness = swappiness;

        m.vmscan.shrinkActiveList(32, m.zone, sc, priority);

        assertEquals(!reclaimMapped, pageActive(page));
        assertEquals(reclaimMapped ? 0 : -1, position(m.zone.inactiveList, page));
        assertEquals(reclaimMapped ? List.of("page_referenced " + page.pfn + " 0") : List.of(), m.rmap.calls);
        assertEquals(reclaimMapped ? 1 : 0, m.event(VmEventItem.PGDEACTIVATE));
        assertEquals(1, m.event(VmEventItem.PGREFILL_DMA));
        m.vmstat.modZonePageState(m.zone, ZoneStatItem.NR_ANON_PAGES,
                1 - m.vmstat.globalPageState(ZoneStatItem.NR_ANON_PAGES));
    }

    @Test
    void shrinkActiveList_nearOomForcesReclaimMapped() {
        Page page = m.active(m.anonPage(true));
        mappedRatio(0);
        m.zone.pagesScanned = 3 * (m.zone.nrActive + m.zone.nrInactive);
        ScanControl sc = m.directSc(GFP_HIGHUSER);
        sc.swappiness = 0;

        m.vmscan.shrinkActiveList(32, m.zone, sc, 12);

        assertFalse(pageActive(page));
        assertEquals(0, position(m.zone.inactiveList, page));
        m.vmstat.modZonePageState(m.zone, ZoneStatItem.NR_ANON_PAGES,
                1 - m.vmstat.globalPageState(ZoneStatItem.NR_ANON_PAGES));
    }

    @Test
    void shrinkActiveList_mappedPagesStayWhenThePassMayNotSwap() {
        Page page = m.active(m.anonPage(true));
        ScanControl sc = m.directSc(GFP_HIGHUSER);
        sc.maySwap = false;
        sc.swappiness = 100;

        m.vmscan.shrinkActiveList(32, m.zone, sc, 0);

        assertTrue(pageActive(page));
        assertEquals(List.of(), m.rmap.calls);
    }

    @Test
    void shrinkActiveList_anonPagesStayWithoutSwap() {
        m = new VmscanMachine(4, 0);
        Page page = m.active(m.anonPage(true));
        ScanControl sc = m.directSc(GFP_HIGHUSER);
        sc.swappiness = 100;

        m.vmscan.shrinkActiveList(32, m.zone, sc, 12);

        assertTrue(pageActive(page));
        assertEquals(List.of(), m.rmap.calls, "page_referenced is not even asked");
    }

    @Test
    void shrinkActiveList_youngPteKeepsAPageActiveOnce() {
        // kernel-2.6.20.md §4.7 step 2: the first visit finds the pte young and clears it
        Page page = m.active(m.anonPage(true));
        m.rmap.young.put(page, 1);
        ScanControl sc = m.directSc(GFP_HIGHUSER);
        sc.swappiness = 100;

        m.vmscan.shrinkActiveList(32, m.zone, sc, 12);
        assertTrue(pageActive(page));
        assertEquals(0, position(m.zone.activeList, page));

        m.vmscan.shrinkActiveList(32, m.zone, sc, 12);
        assertFalse(pageActive(page));
        assertEquals(0, position(m.zone.inactiveList, page));
        assertEquals(List.of("page_referenced " + page.pfn + " 0", "page_referenced " + page.pfn + " 0"), m.rmap.calls);
        assertEquals(2, m.event(VmEventItem.PGREFILL_DMA));
        assertEquals(1, m.event(VmEventItem.PGDEACTIVATE));
    }

    @Test
    void shrinkActiveList_unmappedPagesAlwaysGoInactive() {
        // an unmapped swap-cache page, referenced: PG_referenced is left for shrink_page_list
        Page page = m.inSwapCache(m.anonPage(false));
        assertFalse(Page.putPageTestzero(page));
        m.active(page);
        setPageReferenced(page);
        ScanControl sc = m.directSc(GFP_HIGHUSER);
        sc.swappiness = 0;

        m.vmscan.shrinkActiveList(32, m.zone, sc, 12);

        assertFalse(pageActive(page));
        assertTrue(pageReferenced(page));
        assertEquals(0, position(m.zone.inactiveList, page));
        assertEquals(List.of(), m.rmap.calls);
        assertEquals(1, m.event(VmEventItem.PGDEACTIVATE));
        assertEquals(1, m.zone.nrInactive);
        assertEquals(0, m.zone.nrActive);
        assertEquals(1, m.zone.pagesScanned);
    }

    @Test
    void shrinkActiveList_keepsTheOrderOfTheSurvivors() {
        List<Page> pages = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            pages.add(m.active(m.anonPage(true)));
        }
        // pages.get(0) is the oldest (at the tail); all stay active (mapped, swappiness 0)
        ScanControl sc = m.directSc(GFP_HIGHUSER);
        sc.swappiness = 0;

        m.vmscan.shrinkActiveList(20, m.zone, sc, 12);

        // isolation reverses the list onto l_hold; putback takes l_active's tail first, so the
        // order is restored: the oldest is again at the tail
        assertEquals(pages.get(0), m.zone.activeList.lruToPage());
        assertEquals(pages.get(19), m.zone.activeList.first());
        assertEquals(20, m.zone.nrActive);
    }

    // ---- shrink_zone's quotas ------------------------------------------------------------

    @Test
    void shrinkZone_quotaAccumulatesUntilSwapClusterMax() {
        for (int i = 0; i < 100; i++) {
            m.inactive(m.anonPage(true));
        }
        ScanControl sc = m.directSc(GFP_HIGHUSER);
        sc.maySwap = false; // mapped pages are only looked at

        // priority 12: (100 >> 12) + 1 = 1 page of quota per call
        for (int call = 1; call <= 31; call++) {
            m.vmscan.shrinkZone(12, m.zone, sc);
            assertEquals(call, m.zone.nrScanInactive);
            assertEquals(call, m.zone.nrScanActive);
        }
        assertEquals(0, m.event(VmEventItem.PGSCAN_DIRECT_DMA));
        m.vmscan.shrinkZone(12, m.zone, sc);
        assertEquals(32, m.event(VmEventItem.PGSCAN_DIRECT_DMA));
        assertEquals(0, m.zone.nrScanInactive);
        assertEquals(0, m.zone.nrScanActive);

        // priority 2: (100 >> 2) + 1 = 26, not enough; the second call has 52, worked as
        // shrink_inactive_list(32) and shrink_inactive_list(20), and each of them isolates
        // swap_cluster_max (32) pages whatever its max_scan: 64 scanned
        m.vmscan.shrinkZone(2, m.zone, sc);
        assertEquals(32, m.event(VmEventItem.PGSCAN_DIRECT_DMA));
        assertEquals(26, m.zone.nrScanInactive);
        m.vmscan.shrinkZone(2, m.zone, sc);
        assertEquals(32 + 64, m.event(VmEventItem.PGSCAN_DIRECT_DMA));
        assertEquals(100, m.zone.nrInactive);
        assertEquals(0, m.event(VmEventItem.PGSTEAL_DMA));
    }

    // ---- try_to_free_pages ---------------------------------------------------------------

    /** {@code n} clean, unmapped swap-cache pages on the inactive list: each freed on sight. */
    private void freeable(int n) {
        for (int i = 0; i < n; i++) {
            Page page = m.inSwapCache(m.anonPage(false));
            clearPageDirty(page);
            assertFalse(Page.putPageTestzero(page));
            m.inactive(page);
        }
    }

    @Test
    void tryToFreePages_stopsAtThePriorityThatFreed32() {
        freeable(200);
        Zone[] zones = m.pageAlloc.pgdat().nodeZonelists[Zone.ZONE_HIGHMEM].zones;

        assertEquals(1, m.vmscan.tryToFreePages(zones, GFP_HIGHUSER));

        // inactive quota: 1 a priority for 12..8, 2 at 7, 4 at 6, 7 at 5, 13 at 4 (31 so far),
        // 26 at 3: 57 >= 32, so priority 3 runs shrink_inactive_list(32) and (25), each of
        // which isolates 32: 64 pages scanned and freed
        assertEquals(1, m.event(VmEventItem.ALLOCSTALL));
        assertEquals(64, m.event(VmEventItem.PGSCAN_DIRECT_DMA));
        assertEquals(64, m.event(VmEventItem.PGSTEAL_DMA));
        assertEquals(0, m.event(VmEventItem.PGSCAN_KSWAPD_DMA));
        assertEquals(200 - 64, m.zone.nrInactive);
        assertEquals(3, m.zone.prevPriority);
        assertEquals(0, m.backingDev.congestionWaits(Bio.WRITE), "nothing was scanned before priority 3");
        assertEquals(0, m.thrash.disabled);
    }

    @Test
    void tryToFreePages_failsWhenEveryZoneIsUnreclaimable() {
        m.zone.allUnreclaimable = 1;
        freeable(10);
        Zone[] zones = m.pageAlloc.pgdat().nodeZonelists[Zone.ZONE_HIGHMEM].zones;

        assertEquals(0, m.vmscan.tryToFreePages(zones, GFP_HIGHUSER));

        assertEquals(1, m.thrash.disabled, "priority 0 takes the swap token away");
        assertEquals(0, m.zone.prevPriority);
        assertEquals(0, m.event(VmEventItem.PGSCAN_DIRECT_DMA), "only DEF_PRIORITY looks, and its quota is 1");
        assertEquals(1, m.zone.nrScanInactive);
    }

    @Test
    void tryToFreePages_succeedsWhileAZoneIsStillReclaimable() {
        m = new VmscanMachine(4, 0); // no swap: mapped anon pages cannot go
        for (int i = 0; i < 100; i++) {
            m.inactive(m.anonPage(true));
        }
        Zone[] zones = m.pageAlloc.pgdat().nodeZonelists[Zone.ZONE_HIGHMEM].zones;

        assertEquals(1, m.vmscan.tryToFreePages(zones, GFP_HIGHUSER), "not all_unreclaimable: no OOM yet");

        assertEquals(0, m.event(VmEventItem.PGSTEAL_DMA));
        assertEquals(100, m.zone.nrActive + m.zone.nrInactive, "nothing freed");
        assertTrue(m.zone.nrActive > 50, "pages with no swap are activated: " + m.zone.nrActive);
        assertEquals(1, m.thrash.disabled);
        assertEquals(0, m.zone.prevPriority);
        long waits = m.backingDev.congestionWaits(Bio.WRITE);
        assertTrue(waits >= 1 && waits <= 10, "naps after passes below priority 10 that scanned: " + waits);
        assertEquals(0, m.zone.allUnreclaimable, "direct reclaim never marks a zone");
    }

    // ---- kswapd -----------------------------------------------------------------------------

    /** Allocates and holds pages until the zone's free pages are {@code target}. */
    private List<Page> consumeTo(long target) {
        List<Page> held = new ArrayList<>();
        m.current.current().flags |= linux.kernel.Current.PF_MEMALLOC; // take from the reserves, no reclaim
        try {
            while (m.zone.freePages > target) {
                held.add(m.pageAlloc.allocPage(GFP_KERNEL));
            }
        } finally {
            m.current.current().flags &= ~linux.kernel.Current.PF_MEMALLOC;
        }
        return held;
    }

    @Test
    void balancePgdat_reclaimsUntilPagesHigh() {
        freeable(300);
        List<Page> held = consumeTo(m.zone.pagesMin - 10);
        assertFalse(m.pageAlloc.zoneWatermarkOk(m.zone, 0, m.zone.pagesHigh, 0, 0));

        long[] freed = new long[1];
        m.asKswapd(() -> freed[0] = m.vmscan.balancePgdat(m.pageAlloc.pgdat(), 0));

        assertTrue(m.pageAlloc.zoneWatermarkOk(m.zone, 0, m.zone.pagesHigh, 0, 0), "above pages_high");
        // passes that reclaimed but ended below pages_high start over (loop_again); the last
        // one finds the zone balanced before scanning, and its count is what is returned
        assertTrue(m.event(VmEventItem.PAGEOUTRUN) >= 2);
        assertEquals(0, freed[0]);
        assertTrue(m.event(VmEventItem.PGSCAN_KSWAPD_DMA) > 0);
        assertEquals(0, m.event(VmEventItem.PGSCAN_DIRECT_DMA));
        assertTrue(m.event(VmEventItem.KSWAPD_STEAL) > 0);
        assertEquals(m.event(VmEventItem.KSWAPD_STEAL), m.event(VmEventItem.PGSTEAL_DMA));
        assertEquals(0, m.event(VmEventItem.ALLOCSTALL));
        for (Page p : held) {
            m.pageAlloc.freePageRaw(p);
        }
    }

    @Test
    void balancePgdat_marksAZoneOfPinnedPagesAllUnreclaimable() {
        m = new VmscanMachine(4, 0); // no swap: every anon page is pinned
        for (int i = 0; i < 50; i++) {
            m.inactive(m.anonPage(true));
        }
        List<Page> held = consumeTo(m.zone.pagesMin - 10);

        m.asKswapd(() -> m.vmscan.balancePgdat(m.pageAlloc.pgdat(), 0));

        assertEquals(1, m.zone.allUnreclaimable);
        assertTrue(m.zone.pagesScanned >= 6 * (m.zone.nrActive + m.zone.nrInactive));
        assertTrue(m.event(VmEventItem.PAGEOUTRUN) >= 1);
        assertEquals(0, m.event(VmEventItem.KSWAPD_STEAL));
        assertTrue(m.thrash.disabled >= 1, "it went down to priority 0");
        for (Page p : held) {
            m.pageAlloc.freePageRaw(p);
        }
        assertEquals(0, m.zone.allUnreclaimable, "a freed page clears the verdict");
        assertEquals(0, m.zone.pagesScanned);
    }

    @Test
    void balancePgdat_doesNothingWhenEveryZoneIsAbovePagesHigh() {
        freeable(10);

        m.asKswapd(() -> assertEquals(0, m.vmscan.balancePgdat(m.pageAlloc.pgdat(), 0)));

        assertEquals(1, m.event(VmEventItem.PAGEOUTRUN));
        assertEquals(0, m.event(VmEventItem.PGSCAN_KSWAPD_DMA));
        assertEquals(Zone.DEF_PRIORITY, m.zone.prevPriority);
    }

    @Test
    void wakeupKswapd_recordsTheOrderOnlyBelowPagesLow() {
        m.vmscan.wakeupKswapd(m.zone, 3);
        assertEquals(0, m.pageAlloc.pgdat().kswapdMaxOrder, "above pages_low: nothing to do");

        List<Page> held = consumeTo(m.zone.pagesLow - 1);
        m.vmscan.wakeupKswapd(m.zone, 3);
        assertEquals(3, m.pageAlloc.pgdat().kswapdMaxOrder);
        m.vmscan.wakeupKswapd(m.zone, 1);
        assertEquals(3, m.pageAlloc.pgdat().kswapdMaxOrder, "only raised");
        for (Page p : held) {
            m.pageAlloc.freePageRaw(p);
        }
    }

    @Test
    void kswapd_runsOnItsOwnThreadWhenWokenAndSleepsWhenBalanced() throws InterruptedException {
        freeable(300);
        // Go below pages_min before kswapd exists: the allocator's own wakeup_kswapd calls
        // while a running kswapd balances would be lost (it is not on kswapd_wait), and
        // its pass would then satisfy the wait below before ours.
        List<Page> held = consumeTo(m.zone.pagesMin - 10);
        assertEquals(0, m.vmscan.kswapdInit());
        assertEquals(0, m.vmscan.kswapdRun(0), "a second kswapd_run finds it running");
        await(m.vmscan::kswapdSleeping, "kswapd to sleep");
        assertEquals(0, m.event(VmEventItem.PAGEOUTRUN));

        m.vmscan.wakeupKswapd(m.zone, 0);
        await(() -> m.event(VmEventItem.PAGEOUTRUN) >= 1 && m.vmscan.kswapdSleeping(), "kswapd to balance and sleep");

        assertTrue(m.pageAlloc.zoneWatermarkOk(m.zone, 0, m.zone.pagesHigh, 0, 0));
        assertTrue(m.event(VmEventItem.PGSCAN_KSWAPD_DMA) > 0, "counted as kswapd: PF_KSWAPD on its thread");
        assertTrue(m.event(VmEventItem.KSWAPD_STEAL) > 0);
        assertEquals(0, m.event(VmEventItem.PGSCAN_DIRECT_DMA));

        m.vmscan.kswapdStop(0);
        assertFalse(m.vmscan.kswapdRunning());
        for (Page p : held) {
            m.pageAlloc.freePageRaw(p);
        }
    }

    // ---- shrink_slab and shrink_all_memory --------------------------------------------------

    /** A cache of {@code objects} objects that frees whatever it is asked to scan. */
    private static final class Cache implements Vmscan.ShrinkerT {
        int objects;
        final List<Integer> scans = new ArrayList<>();

        Cache(int objects) {
            this.objects = objects;
        }

        @Override
        public int shrink(int nrToScan, int gfpMask) {
            if (nrToScan != 0) {
                scans.add(nrToScan);
                objects -= Math.min(objects, nrToScan);
            }
            return objects;
        }
    }

    @Test
    void shrinkSlab_agesCachesInProportionToTheLru() {
        Cache cache = new Cache(10000);
        Vmscan.Shrinker s = m.vmscan.setShrinker(2, cache);

        // delta = 4 * 100 / 2 = 200; * 10000 / (999 + 1) = 2000: 15 batches of 128, 80 owed
        assertEquals(1920, m.vmscan.shrinkSlab(100, GFP_KERNEL, 999));
        assertEquals(15, cache.scans.size());
        assertEquals(1920, m.event(VmEventItem.SLABS_SCANNED));
        assertEquals(80, s.nr);

        // scanned 0 counts as 32: 4 * 32 / 2 = 64; * 8080 / 1000 = 517; + 80 owed = 597
        assertEquals(512, m.vmscan.shrinkSlab(0, GFP_KERNEL, 999));
        assertEquals(597 - 512, s.nr);
        m.vmscan.removeShrinker(s);
        assertEquals(0, m.vmscan.shrinkSlab(100, GFP_KERNEL, 999));
    }

    @Test
    void shrinkSlab_neverOwesMoreThanTwiceTheCache() {
        Cache cache = new Cache(100);
        Vmscan.Shrinker s = m.vmscan.setShrinker(1, cache);

        // delta = 4 * 1000 * 100 / 1 = 400000, capped at 2 * 100 = 200: one batch, 72 owed
        assertEquals(100, m.vmscan.shrinkSlab(1000, GFP_KERNEL, 0));
        assertEquals(List.of(128), cache.scans);
        assertEquals(72, s.nr);
    }

    @Test
    void shrinkSlab_busyShrinkerListCountsAsProgress() throws InterruptedException {
        java.util.concurrent.CountDownLatch locked = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Thread registrar = new Thread(() -> {
            m.vmscan.shrinkerRwsem.writeLock().lock(); // set_shrinker in progress elsewhere
            try {
                locked.countDown();
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                m.vmscan.shrinkerRwsem.writeLock().unlock();
            }
        });
        registrar.start();
        locked.await();
        try {
            assertEquals(1, m.vmscan.shrinkSlab(32, GFP_KERNEL, 100), "assume it can shrink next time");
        } finally {
            release.countDown();
            registrar.join();
        }
        assertEquals(0, m.vmscan.shrinkSlab(32, GFP_KERNEL, 100));
    }

    @Test
    void shrinkAllMemory_freesTheRequestFromTheInactiveListFirst() {
        freeable(200);

        // pass 0, inactive quota 1 a priority for 12..8, then 2, 4, 7, 13 (31), 26 at
        // priority 3: 57 >= 50, so min(50, nr_inactive) = 50 pages are scanned and freed
        assertEquals(50, m.vmscan.shrinkAllMemory(50));

        assertEquals(50, m.event(VmEventItem.PGSTEAL_DMA));
        assertEquals(50, m.event(VmEventItem.PGSCAN_DIRECT_DMA));
        assertEquals(150, m.zone.nrInactive);
    }

    @Test
    void vmSwappiness_isTheSysctl() {
        assertEquals(60, m.vmscan.vmSwappiness());
        m.vmscan.setVmSwappiness(100);
        assertEquals(100, m.vmscan.vmSwappiness());
        assertThrows(IllegalArgumentException.class, () -> m.vmscan.setVmSwappiness(101));
    }
}
