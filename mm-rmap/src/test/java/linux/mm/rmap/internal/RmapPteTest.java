package linux.mm.rmap.internal;

import static linux.arch.x86.PageGeometry.PAGE_SHIFT;
import static linux.arch.x86.PageGeometry.PAGE_SIZE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import linux.kernel.KernelBug;
import linux.mm.page.AddressSpace;
import linux.mm.page.AnonVma;
import linux.mm.page.Filemap;
import linux.mm.page.Gfp;
import linux.mm.page.MmStruct;
import linux.mm.page.MmStruct.MmCounter;
import linux.mm.page.Page;
import linux.mm.page.PageFlags;
import linux.mm.page.RmapResult;
import linux.mm.page.SwapInfoStruct;
import linux.mm.page.Swapops;
import linux.mm.page.TaskStruct;
import linux.mm.page.VmAreaStruct;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The functions of mm/rmap.c that walk real page tables in RAM, in both i386 formats:
 * page_check_address, page_referenced (with the swap-token rule), page_mkclean_one and
 * try_to_unmap (kernel-2.6.20.md §3a, §4.1, §4.3, §4.5, §5.11, §5.12.11). Ptes are set up by
 * hand with the Pgtable API, as the fault path would leave them.
 */
class RmapPteTest {

    static final long A_BASE = 0x0804_8000L;
    static final long B_BASE = 0x4000_0000L;
    static final long C_BASE = 0x6000_0000L;
    static final int PGOFF = (int) (A_BASE >>> PAGE_SHIFT);

    @TempDir
    Path dir;

    RmapMachine m;

    @AfterEach
    void invariantsHold() {
        if (m != null) {
            assertEquals(List.of(), m.invariants(false), "kernel-2.6.20.md §4.1, §4.3, §4.5");
        }
    }

    /** Three tasks sharing one anonymous page, each at its own address, through one anon_vma. */
    final class Shared {
        final AnonVma anonVma = new AnonVma();
        final MmStruct a = m.mm("A");
        final MmStruct b = m.mm("B");
        final MmStruct c = m.mm("C");
        // Same pgoff everywhere (the range was mremapped in B and C), so one page->index
        // names the page in all three.
        final VmAreaStruct va = m.vma(a, A_BASE, 16, PGOFF, anonVma);
        final VmAreaStruct vb = m.vma(b, B_BASE, 16, PGOFF, anonVma);
        final VmAreaStruct vc = m.vma(c, C_BASE, 16, PGOFF, anonVma);
        final Page page = m.newPage();
        final long pa;
        final long pb;
        final long pc;

        Shared(int slot, boolean youngA, boolean youngB, boolean youngC) {
            long off = (long) slot * PAGE_SIZE;
            pa = m.mapAnon(va, A_BASE + off, page, true, !youngA, false);
            pb = m.mapAnon(vb, B_BASE + off, page, false, !youngB, false);
            pc = m.mapAnon(vc, C_BASE + off, page, false, !youngC, false);
        }

        List<MmStruct> mms() {
            return List.of(a, b, c);
        }
    }

    // ---------------------------------------------------------------- page_check_address

    @ParameterizedTest(name = "pae={0}")
    @ValueSource(booleans = {false, true})
    void pageCheckAddress_presentPteOfThePageComesBackLocked(boolean pae) {
        m = new RmapMachine(pae);
        MmStruct mm = m.mm("a");
        VmAreaStruct vma = m.vma(mm, A_BASE, 4, PGOFF, new AnonVma());
        Page page = m.newPage();
        long ptep = m.mapAnon(vma, A_BASE + PAGE_SIZE, page, true, false, false);

        long found = m.rmap.pageCheckAddress(page, mm, A_BASE + PAGE_SIZE);

        assertEquals(ptep, found);
        assertTrue(mm.pageTableLock.isHeldByCurrentThread(), "returned with the pte lock held");
        mm.pageTableLock.unlock();
    }

    @ParameterizedTest(name = "pae={0}")
    @ValueSource(booleans = {false, true})
    void pageCheckAddress_noTableNoPteOrSwapPteIsNullWithoutTheLock(boolean pae) {
        m = new RmapMachine(pae);
        MmStruct mm = m.mm("a");
        VmAreaStruct vma = m.vma(mm, A_BASE, 4, PGOFF, new AnonVma());
        Page page = m.newPage();
        m.mapAnon(vma, A_BASE, page, true, false, false);

        assertEquals(-1, m.rmap.pageCheckAddress(page, mm, 0x2000_0000L), "no pte table there");
        assertEquals(-1, m.rmap.pageCheckAddress(page, mm, A_BASE + PAGE_SIZE), "pte none");
        m.pgtable.setPte(m.ptep(mm, A_BASE + 2 * PAGE_SIZE), Swapops.swpEntryToPte(m.pgtable, Swapops.swpEntry(0, 5)));
        assertEquals(-1, m.rmap.pageCheckAddress(page, mm, A_BASE + 2 * PAGE_SIZE), "swap pte");
        assertFalse(mm.pageTableLock.isLocked());
        m.pgtable.pteClear(m.ptep(mm, A_BASE + 2 * PAGE_SIZE));
    }

    @ParameterizedTest(name = "pae={0}")
    @ValueSource(booleans = {false, true})
    void pageCheckAddress_pteOfAnotherFrameIsNullWithoutTheLock(boolean pae) {
        m = new RmapMachine(pae);
        MmStruct mm = m.mm("a");
        VmAreaStruct vma = m.vma(mm, A_BASE, 4, PGOFF, new AnonVma());
        Page page = m.newPage();
        Page other = m.newPage();
        m.mapAnon(vma, A_BASE, other, true, false, false);

        assertEquals(-1, m.rmap.pageCheckAddress(page, mm, A_BASE));
        assertFalse(mm.pageTableLock.isLocked());
        MmStruct foreign = m.mm("b");
        assertEquals(-1, m.rmap.pageCheckAddress(other, foreign, A_BASE), "another mm's tables");
        m.swap.putPage(page);
    }

    // ---------------------------------------------------------------- page_referenced

    @ParameterizedTest(name = "pae={0}")
    @ValueSource(booleans = {false, true})
    void pageReferenced_countsPgReferencedAndYoungPtesAndClearsThem(boolean pae) {
        m = new RmapMachine(pae);
        Shared s = new Shared(3, true, false, true);
        PageFlags.setPageReferenced(s.page);

        assertEquals(3, m.rmap.pageReferenced(s.page, 0));

        assertFalse(PageFlags.pageReferenced(s.page));
        for (long ptep : new long[] {s.pa, s.pb, s.pc}) {
            long pte = m.pgtable.ptepGet(ptep);
            assertTrue(m.pgtable.ptePresent(pte));
            assertFalse(m.pgtable.pteYoung(pte), "young bit harvested");
        }
        assertEquals(0, m.rmap.pageReferenced(s.page, 0), "nothing used since");
        assertEquals(3, Page.pageMapcount(s.page));
    }

    @ParameterizedTest(name = "pae={0}")
    @ValueSource(booleans = {false, true})
    void pageReferenced_unmappedPageCountsOnlyPgReferenced(boolean pae) {
        m = new RmapMachine(pae);
        Page page = m.newPage();
        PageFlags.setPageReferenced(page);

        assertEquals(1, m.rmap.pageReferenced(page, 1));
        assertEquals(0, m.rmap.pageReferenced(page, 1));
        m.swap.putPage(page);
    }

    @ParameterizedTest(name = "pae={0}")
    @ValueSource(booleans = {false, true})
    void pageReferenced_stopsOnceMapcountPtesWereFound(boolean pae) {
        m = new RmapMachine(pae);
        Shared s = new Shared(0, true, true, true);
        // A fourth vma on the anon_vma list, after the three, whose pte maps the page behind
        // rmap's back: the walk has seen page_mapcount (3) ptes before it gets there.
        MmStruct d = m.mm("D");
        VmAreaStruct vd = m.vma(d, A_BASE, 16, PGOFF, s.anonVma);
        long pd = m.ptep(d, A_BASE);
        m.pgtable.setPte(pd, m.pgtable.pteMkyoung(m.pgtable.pfnPte(s.page.pfn, vd.vmPageProt)));

        assertEquals(3, m.rmap.pageReferenced(s.page, 0));

        assertTrue(m.pgtable.pteYoung(m.pgtable.ptepGet(pd)), "the fourth vma is not visited");
        m.pgtable.pteClear(pd);
    }

    @ParameterizedTest(name = "pae={0}")
    @ValueSource(booleans = {false, true})
    void pageReferenced_swapTokenHolderInAFaultCountsOnceMorePerPte(boolean pae) throws Exception {
        m = new RmapMachine(pae);
        Shared s = new Shared(1, false, false, false);
        m.thrash.grabSwapToken(s.b);
        assertTrue(m.thrash.hasSwapToken(s.b));

        assertEquals(0, m.rmap.pageReferenced(s.page, 0), "holder not in a fault: no bonus");

        // B is in the middle of a fault on another CPU: its mmap_sem is held for reading.
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        Thread fault = new Thread(() -> {
            s.b.mmapSem.readLock().lock();
            try {
                held.countDown();
                done.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                s.b.mmapSem.readLock().unlock();
            }
        });
        fault.start();
        try {
            assertTrue(held.await(10, TimeUnit.SECONDS));
            assertEquals(1, m.rmap.pageReferenced(s.page, 0), "B's pte counts although it is old");
            assertEquals(1, m.rmap.pageReferenced(s.page, 0), "and keeps counting while B faults");

            // The reclaimer is B itself (direct reclaim inside B's fault): no bonus for its own mm.
            m.current.current().task = (TaskStruct) () -> s.b;
            try {
                assertEquals(0, m.rmap.pageReferenced(s.page, 0));
            } finally {
                m.current.current().task = null;
            }
        } finally {
            done.countDown();
            fault.join(10_000);
        }
        m.thrash.disableSwapToken();
        assertEquals(0, m.rmap.pageReferenced(s.page, 0));
    }

    @ParameterizedTest(name = "pae={0}")
    @ValueSource(booleans = {false, true})
    void pageReferenced_filePageTrylocksAndCountsABusyLockAsAReference(boolean pae) throws Exception {
        m = new RmapMachine(pae);
        AddressSpace file = new AddressSpace("file", 0);
        Page page = m.newPage();
        page.mapping = file;
        m.rmap.pageAddFileRmap(page);

        assertEquals(0, m.rmap.pageReferenced(page, 0), "lock taken, no vma found through the mapping");
        assertFalse(PageFlags.pageLocked(page), "and dropped again");

        assertFalse(PageFlags.testSetPageLocked(page));
        assertEquals(1, m.rmap.pageReferenced(page, 0), "someone holds the page lock: referenced");
        assertEquals(0, m.rmap.pageReferenced(page, 1), "the caller holds it");
        Filemap.unlockPage(page);
        assertThrows(KernelBug.class, () -> m.rmap.pageReferenced(page, 1), "is_locked without the lock");

        m.rmap.pageRemoveRmap(page, null);
        page.mapping = null;
        m.swap.putPage(page);
    }

    // ---------------------------------------------------------------- page_mkclean_one

    @ParameterizedTest(name = "pae={0}")
    @ValueSource(booleans = {false, true})
    void pageMkcleanOne_writeProtectsAndCleansAWritableOrDirtyPte(boolean pae) {
        m = new RmapMachine(pae);
        MmStruct mm = m.mm("a");
        VmAreaStruct vma = m.vma(mm, A_BASE, 4, PGOFF, new AnonVma());
        Page page = m.newPage();
        long ptep = m.mapAnon(vma, A_BASE, page, true, false, true);

        assertEquals(1, m.rmap.pageMkcleanOne(page, vma));
        long pte = m.pgtable.ptepGet(ptep);
        assertTrue(m.pgtable.ptePresent(pte));
        assertEquals(page.pfn, m.pgtable.ptePfn(pte));
        assertFalse(m.pgtable.pteDirty(pte));
        assertFalse(m.pgtable.pteWrite(pte));
        assertTrue(m.pgtable.pteYoung(pte), "the young bit is kept");
        assertFalse(mm.pageTableLock.isLocked());

        assertEquals(0, m.rmap.pageMkcleanOne(page, vma), "already clean and read-only");
        VmAreaStruct elsewhere = m.vma(mm, 0x3000_0000L, 4, PGOFF + 1000, vma.anonVma);
        assertEquals(0, m.rmap.pageMkcleanOne(page, elsewhere), "not in that vma");
    }

    // ---------------------------------------------------------------- try_to_unmap

    /** kernel-2.6.20.md §4.7 step 3 with a fork: the seed scenario of issue 9. */
    @ParameterizedTest(name = "pae={0}")
    @ValueSource(booleans = {false, true})
    void tryToUnmap_turnsThePtesOfThreeMmsIntoOneSwapEntry(boolean pae) throws IOException {
        m = new RmapMachine(pae);
        SwapInfoStruct si = m.swapon(dir, "swap", 64);
        Shared s = new Shared(2, false, false, false);
        assertEquals(3, Page.pageMapcount(s.page));
        assertEquals(3, Page.pageCount(s.page));
        long anonBefore = m.nrAnonPages();
        for (MmStruct mm : s.mms()) {
            assertEquals(1, MmStruct.getMmCounter(mm, MmCounter.anonRss));
        }
        assertFalse(PageFlags.testSetPageLocked(s.page));
        assertEquals(1, m.swapState.addToSwap(s.page, Gfp.GFP_ATOMIC));
        int entry = Page.pagePrivate(s.page);
        int off = Swapops.swpOffset(entry);
        assertEquals(1, si.swapMap[off]);
        assertEquals(4, Page.pageCount(s.page));
        assertEquals(List.of(), m.mmList.snapshot());

        assertSame(RmapResult.SWAP_SUCCESS, m.rmap.tryToUnmap(s.page, 0));

        long swapPte = Swapops.swpEntryToPte(m.pgtable, entry);
        assertEquals(swapPte, m.pgtable.ptepGet(s.pa));
        assertEquals(swapPte, m.pgtable.ptepGet(s.pb));
        assertEquals(swapPte, m.pgtable.ptepGet(s.pc));
        assertEquals(4, si.swapMap[off], "three ptes + the swap cache");
        assertEquals(0, Page.pageMapcount(s.page));
        assertEquals(1, Page.pageCount(s.page), "only the swap cache's reference is left");
        assertEquals(anonBefore - 1, m.nrAnonPages());
        for (MmStruct mm : s.mms()) {
            assertEquals(0, MmStruct.getMmCounter(mm, MmCounter.anonRss), mm.name);
            assertEquals(1, mm.hiwaterRss, "peak rss noted before the drop");
            assertTrue(m.mmList.isListed(mm), mm.name + " on init_mm.mmlist");
        }
        // Each mm went in right after init_mm: the last one unmapped comes first.
        assertEquals(List.of(s.c, s.b, s.a), m.mmList.snapshot());
        assertTrue(PageFlags.pageLocked(s.page), "try_to_unmap leaves the page lock to the caller");
        assertSame(s.anonVma, s.page.mapping);
        assertEquals(List.of(), m.invariants(true), "at rest: count == mapcount + swap cache");

        // The page leaves the cache (pageout wrote it, reclaim's remove_mapping drops it
        // while reclaim still holds its own reference): three ptes remain on the slot.
        Page.getPage(s.page);
        m.swapState.deleteFromSwapCache(s.page);
        Filemap.unlockPage(s.page);
        m.swap.putPage(s.page);
        assertEquals(3, si.swapMap[off]);
        assertEquals(0, Page.pageCount(s.page), "freed");
    }

    @ParameterizedTest(name = "pae={0}")
    @ValueSource(booleans = {false, true})
    void tryToUnmap_youngPteFailsAfterTheMmsBeforeItWereUnmapped(boolean pae) throws IOException {
        m = new RmapMachine(pae);
        SwapInfoStruct si = m.swapon(dir, "swap", 64);
        Shared s = new Shared(0, false, true, false);
        assertFalse(PageFlags.testSetPageLocked(s.page));
        assertEquals(1, m.swapState.addToSwap(s.page, Gfp.GFP_ATOMIC));
        int entry = Page.pagePrivate(s.page);

        assertSame(RmapResult.SWAP_FAIL, m.rmap.tryToUnmap(s.page, 0));

        assertEquals(Swapops.swpEntryToPte(m.pgtable, entry), m.pgtable.ptepGet(s.pa), "A came first on the list");
        long pb = m.pgtable.ptepGet(s.pb);
        assertTrue(m.pgtable.ptePresent(pb), "B's pte stays");
        assertFalse(m.pgtable.pteYoung(pb), "but has been aged");
        assertTrue(m.pgtable.ptePresent(m.pgtable.ptepGet(s.pc)), "C is not reached");
        assertEquals(2, Page.pageMapcount(s.page));
        assertEquals(2, si.swapMap[Swapops.swpOffset(entry)]);
        assertEquals(List.of(s.a), m.mmList.snapshot());
        assertEquals(List.of(), m.invariants(true));

        // Next time round nothing is young: the rest goes.
        assertSame(RmapResult.SWAP_SUCCESS, m.rmap.tryToUnmap(s.page, 0));
        assertEquals(4, si.swapMap[Swapops.swpOffset(entry)]);
        Filemap.unlockPage(s.page);
    }

    @ParameterizedTest(name = "pae={0}")
    @ValueSource(booleans = {false, true})
    void tryToUnmap_mlockedVmaFailsWithoutTouchingThePte(boolean pae) throws IOException {
        m = new RmapMachine(pae);
        m.swapon(dir, "swap", 64);
        Shared s = new Shared(0, true, true, true);
        s.va.vmFlags |= VmAreaStruct.VM_LOCKED;
        assertFalse(PageFlags.testSetPageLocked(s.page));
        assertEquals(1, m.swapState.addToSwap(s.page, Gfp.GFP_ATOMIC));
        long before = m.pgtable.ptepGet(s.pa);

        assertSame(RmapResult.SWAP_FAIL, m.rmap.tryToUnmap(s.page, 0));

        assertEquals(before, m.pgtable.ptepGet(s.pa), "VM_LOCKED is tested before the young bit");
        assertEquals(3, Page.pageMapcount(s.page));
        assertEquals(List.of(), m.mmList.snapshot());
        Filemap.unlockPage(s.page);
    }

    @ParameterizedTest(name = "pae={0}")
    @ValueSource(booleans = {false, true})
    void tryToUnmap_ignoreRefsUnmapsYoungAndMlockedPtes(boolean pae) throws IOException {
        m = new RmapMachine(pae);
        SwapInfoStruct si = m.swapon(dir, "swap", 64);
        Shared s = new Shared(0, true, true, true);
        s.vb.vmFlags |= VmAreaStruct.VM_LOCKED;
        assertFalse(PageFlags.testSetPageLocked(s.page));
        assertEquals(1, m.swapState.addToSwap(s.page, Gfp.GFP_ATOMIC));

        assertSame(RmapResult.SWAP_SUCCESS, m.rmap.tryToUnmap(s.page, 1));

        assertEquals(4, si.swapMap[Swapops.swpOffset(Page.pagePrivate(s.page))]);
        Filemap.unlockPage(s.page);
    }

    @ParameterizedTest(name = "pae={0}")
    @ValueSource(booleans = {false, true})
    void tryToUnmap_dirtyPteMovesItsDirtyBitToThePage(boolean pae) throws IOException {
        m = new RmapMachine(pae);
        m.swapon(dir, "swap", 64);
        MmStruct mm = m.mm("a");
        VmAreaStruct vma = m.vma(mm, A_BASE, 4, PGOFF, new AnonVma());
        Page page = m.newPage();
        long ptep = m.mapAnon(vma, A_BASE, page, true, true, true);
        assertFalse(PageFlags.testSetPageLocked(page));
        assertEquals(1, m.swapState.addToSwap(page, Gfp.GFP_ATOMIC));
        PageFlags.clearPageDirty(page);

        assertSame(RmapResult.SWAP_SUCCESS, m.rmap.tryToUnmap(page, 0));

        assertTrue(PageFlags.pageDirty(page), "set_page_dirty from the pte");
        assertFalse(m.pgtable.ptePresent(m.pgtable.ptepGet(ptep)));
        Filemap.unlockPage(page);
    }

    @ParameterizedTest(name = "pae={0}")
    @ValueSource(booleans = {false, true})
    void tryToUnmap_anMmAlreadyOnTheMmlistStaysWhereItIs(boolean pae) throws IOException {
        m = new RmapMachine(pae);
        SwapInfoStruct si = m.swapon(dir, "swap", 64);
        MmStruct mm = m.mm("a");
        MmStruct other = m.mm("other");
        VmAreaStruct vma = m.vma(mm, A_BASE, 4, PGOFF, new AnonVma());
        Page p0 = m.newPage();
        Page p1 = m.newPage();
        m.mapAnon(vma, A_BASE, p0, true, true, false);
        m.mapAnon(vma, A_BASE + PAGE_SIZE, p1, true, true, false);
        for (Page p : List.of(p0, p1)) {
            assertFalse(PageFlags.testSetPageLocked(p));
            assertEquals(1, m.swapState.addToSwap(p, Gfp.GFP_ATOMIC));
        }

        assertSame(RmapResult.SWAP_SUCCESS, m.rmap.tryToUnmap(p0, 0));
        m.mmList.mmlistLock.lock();
        try {
            m.mmList.listAdd(other, m.mmList.initMm);
        } finally {
            m.mmList.mmlistLock.unlock();
        }
        assertSame(RmapResult.SWAP_SUCCESS, m.rmap.tryToUnmap(p1, 0));

        assertEquals(List.of(other, mm), m.mmList.snapshot(), "listed once, not moved");
        assertEquals(0, MmStruct.getMmCounter(mm, MmCounter.anonRss));
        assertEquals(2, si.inusePages);
        Filemap.unlockPage(p0);
        Filemap.unlockPage(p1);
    }

    @ParameterizedTest(name = "pae={0}")
    @ValueSource(booleans = {false, true})
    void tryToUnmap_anonPageOutsideTheSwapCacheLeavesAnEmptyPte(boolean pae) {
        // Without CONFIG_MIGRATION the kernel stores swp_entry_to_pte(0), a none pte, and
        // leaves anon_rss alone; vmscan never gets here with such a page.
        m = new RmapMachine(pae);
        MmStruct mm = m.mm("a");
        VmAreaStruct vma = m.vma(mm, A_BASE, 4, PGOFF, new AnonVma());
        Page page = m.newPage();
        long ptep = m.mapAnon(vma, A_BASE, page, true, true, false);
        Page.getPage(page); // the caller's reference, as reclaim's isolation
        assertFalse(PageFlags.testSetPageLocked(page));

        assertSame(RmapResult.SWAP_SUCCESS, m.rmap.tryToUnmap(page, 0));

        assertTrue(m.pgtable.pteNone(m.pgtable.ptepGet(ptep)));
        assertEquals(1, MmStruct.getMmCounter(mm, MmCounter.anonRss));
        assertEquals(List.of(), m.mmList.snapshot());
        assertEquals(1, Page.pageCount(page));
        MmStruct.decMmCounter(mm, MmCounter.anonRss); // so that §4.5.1 holds for the check
        Filemap.unlockPage(page);
        m.swap.putPage(page);
    }

    @ParameterizedTest(name = "pae={0}")
    @ValueSource(booleans = {false, true})
    void tryToUnmap_unlockedPageIsBugAndUnmappedPageIsSuccess(boolean pae) {
        m = new RmapMachine(pae);
        Page page = m.newPage();
        assertThrows(KernelBug.class, () -> m.rmap.tryToUnmap(page, 0));

        assertFalse(PageFlags.testSetPageLocked(page));
        assertSame(RmapResult.SWAP_SUCCESS, m.rmap.tryToUnmap(page, 0));
        Filemap.unlockPage(page);
        m.swap.putPage(page);
    }

    @ParameterizedTest(name = "pae={0}")
    @ValueSource(booleans = {false, true})
    void tryToUnmap_mappedFilePageIsKeptWithSwapAgain(boolean pae) {
        m = new RmapMachine(pae);
        AddressSpace file = new AddressSpace("file", 0);
        Page page = m.newPage();
        page.mapping = file;
        m.rmap.pageAddFileRmap(page);
        assertFalse(PageFlags.testSetPageLocked(page));

        assertSame(RmapResult.SWAP_AGAIN, m.rmap.tryToUnmap(page, 0));

        assertEquals(1, Page.pageMapcount(page));
        Filemap.unlockPage(page);
        m.rmap.pageRemoveRmap(page, null);
        page.mapping = null;
        m.swap.putPage(page);
    }

    @ParameterizedTest(name = "pae={0}")
    @ValueSource(booleans = {false, true})
    void tryToUnmap_skipsVmasOfTheAnonVmaThatDoNotMapThePage(boolean pae) throws IOException {
        m = new RmapMachine(pae);
        SwapInfoStruct si = m.swapon(dir, "swap", 64);
        Shared s = new Shared(4, false, false, false);
        // Vmas on the same anon_vma that cannot hold the page: one too small for its index,
        // one covering it with an empty pte, one with another page there.
        MmStruct d = m.mm("D");
        m.vma(d, A_BASE, 2, PGOFF, s.anonVma);
        MmStruct e = m.mm("E");
        m.vma(e, A_BASE, 16, PGOFF, s.anonVma);
        MmStruct f = m.mm("F");
        VmAreaStruct vf = m.vma(f, A_BASE, 16, PGOFF, s.anonVma);
        Page other = m.newPage();
        m.mapAnon(vf, A_BASE + 4 * PAGE_SIZE, other, true, true, false);
        assertFalse(PageFlags.testSetPageLocked(s.page));
        assertEquals(1, m.swapState.addToSwap(s.page, Gfp.GFP_ATOMIC));

        assertSame(RmapResult.SWAP_SUCCESS, m.rmap.tryToUnmap(s.page, 0));

        assertEquals(4, si.swapMap[Swapops.swpOffset(Page.pagePrivate(s.page))]);
        assertEquals(List.of(s.c, s.b, s.a), m.mmList.snapshot());
        assertTrue(m.pgtable.ptePresent(m.pte(f, A_BASE + 4 * PAGE_SIZE)));
        assertEquals(1, Page.pageMapcount(other));
        Filemap.unlockPage(s.page);
    }
}
