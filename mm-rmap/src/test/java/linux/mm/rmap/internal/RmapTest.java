package linux.mm.rmap.internal;

import static linux.arch.x86.PageGeometry.PAGE_SHIFT;
import static linux.arch.x86.PageGeometry.PAGE_SIZE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import linux.kernel.Errno;
import linux.kernel.KernelBug;
import linux.mm.page.AddressSpace;
import linux.mm.page.AnonVma;
import linux.mm.page.MmStruct;
import linux.mm.page.Page;
import linux.mm.page.PageFlags;
import linux.mm.page.RmapOps;
import linux.mm.page.VmAreaStruct;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The anon_vma functions, the mapcount bookkeeping and the address lookups of mm/rmap.c
 * (kernel-2.6.20.md §1.2, §4.1), on one 2-level machine. Page-table walks in both formats
 * are in {@link RmapPteTest}.
 */
class RmapTest {

    static final long BASE = 0x0804_8000L;
    static final int BASE_PGOFF = (int) (BASE >>> PAGE_SHIFT);
    static final long EFAULT = Errno.EFAULT.negative();

    final RmapMachine m = new RmapMachine(false);

    @AfterEach
    void invariantsHold() {
        assertEquals(List.of(), m.invariants(false), "kernel-2.6.20.md §4.1, §4.3, §4.5");
    }

    // ---------------------------------------------------------------- anon_vma

    @Test
    void anonVmaPrepare_allocatesAndLinksWhenNoNeighbourShares() {
        MmStruct mm = m.mm("a");
        VmAreaStruct vma = m.vma(mm, BASE, 4, BASE_PGOFF, null);

        assertEquals(0, m.rmap.anonVmaPrepare(vma));

        assertNotNull(vma.anonVma);
        assertEquals(List.of(vma), vma.anonVma.vmas());
        assertEquals(List.of("insert_vm_struct", "find_mergeable_anon_vma"), m.mmap.calls());
        assertFalse(vma.anonVma.lock.isLocked());
        assertFalse(mm.pageTableLock.isLocked());
    }

    @Test
    void anonVmaPrepare_sharesMergeableNeighboursAnonVmaAtTheTail() {
        MmStruct mm = m.mm("a");
        AnonVma neighbours = new AnonVma();
        VmAreaStruct below = m.vma(mm, BASE, 4, BASE_PGOFF, neighbours);
        VmAreaStruct vma = m.vma(mm, BASE + 4 * PAGE_SIZE, 4, BASE_PGOFF + 4, null);
        m.mmap.mergeableAnonVma = neighbours;

        assertEquals(0, m.rmap.anonVmaPrepare(vma));

        assertSame(neighbours, vma.anonVma);
        assertEquals(List.of(below, vma), neighbours.vmas());
        assertFalse(neighbours.lock.isLocked(), "the neighbour's anon_vma lock is released");
    }

    @Test
    void anonVmaPrepare_keepsAnExistingAnonVmaWithoutLookingAround() {
        MmStruct mm = m.mm("a");
        AnonVma own = new AnonVma();
        VmAreaStruct vma = m.vma(mm, BASE, 4, BASE_PGOFF, own);
        m.mmap.clearCalls();

        assertEquals(0, m.rmap.anonVmaPrepare(vma));

        assertSame(own, vma.anonVma);
        assertEquals(List.of(vma), own.vmas());
        assertEquals(List.of(), m.mmap.calls());
    }

    @Test
    void anonVmaPrepare_racingThreadsOfOneMmInstallOneAnonVma() throws Exception {
        for (int round = 0; round < 50; round++) {
            MmStruct mm = m.mm("racer" + round);
            VmAreaStruct vma = m.vma(mm, BASE, 1, BASE_PGOFF, null);
            CyclicBarrier start = new CyclicBarrier(2);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                Thread th = new Thread(() -> {
                    try {
                        start.await(10, TimeUnit.SECONDS);
                        assertEquals(0, m.rmap.anonVmaPrepare(vma));
                    } catch (Throwable e) {
                        failure.set(e);
                    }
                });
                threads.add(th);
                th.start();
            }
            for (Thread th : threads) {
                th.join(10_000);
            }
            assertNull(failure.get());
            assertNotNull(vma.anonVma);
            assertEquals(List.of(vma), vma.anonVma.vmas(), "linked exactly once, on the anon_vma installed");
        }
    }

    @Test
    void anonVmaLink_appendsForkCopiesAfterTheParentsVma() {
        AnonVma shared = new AnonVma();
        VmAreaStruct parent = m.vma(m.mm("parent"), BASE, 4, BASE_PGOFF, shared);
        VmAreaStruct child = new VmAreaStruct(m.mm("child"), BASE, BASE + 4 * PAGE_SIZE, parent.vmFlags,
                parent.vmPageProt, parent.vmPgoff);
        child.anonVma = shared;

        m.rmap.anonVmaLink(child);

        assertEquals(List.of(parent, child), shared.vmas());
        assertFalse(shared.lock.isLocked());
    }

    @Test
    void anonVmaLink_ignoresVmaWithoutAnonVma() {
        VmAreaStruct vma = m.vma(m.mm("a"), BASE, 4, BASE_PGOFF, null);

        m.rmap.anonVmaLink(vma);
        m.rmap.anonVmaLinkLocked(vma);
        m.rmap.anonVmaUnlink(vma);

        assertNull(vma.anonVma);
    }

    @Test
    void anonVmaLinkLocked_linksUnderTheCallersLock() {
        AnonVma shared = new AnonVma();
        VmAreaStruct first = m.vma(m.mm("a"), BASE, 4, BASE_PGOFF, shared);
        VmAreaStruct importer = m.vma(m.mm("b"), BASE, 4, BASE_PGOFF, null);
        importer.anonVma = shared;

        shared.lock.lock();
        try {
            m.rmap.anonVmaLinkLocked(importer);
            assertTrue(shared.lock.isHeldByCurrentThread(), "__anon_vma_link leaves the caller's lock alone");
        } finally {
            shared.lock.unlock();
        }
        assertEquals(List.of(first, importer), shared.vmas());
    }

    @Test
    void anonVmaUnlink_takesVmaOffUntilTheListIsEmpty() {
        AnonVma shared = new AnonVma();
        VmAreaStruct a = m.vma(m.mm("a"), BASE, 4, BASE_PGOFF, shared);
        VmAreaStruct b = m.vma(m.mm("b"), BASE, 4, BASE_PGOFF, shared);

        m.rmap.anonVmaUnlink(a);
        assertEquals(List.of(b), shared.vmas());
        m.rmap.anonVmaUnlink(b);
        assertTrue(shared.listEmpty());
        assertSame(shared, b.anonVma, "vma->anon_vma itself is left for the vma's own teardown");
        assertFalse(shared.lock.isLocked());
    }

    @Test
    void anonVmaMergeLocked_dropsTheAbsorbedVmaFromTheSharedList() {
        AnonVma shared = new AnonVma();
        MmStruct mm = m.mm("a");
        VmAreaStruct vma = m.vma(mm, BASE, 4, BASE_PGOFF, shared);
        VmAreaStruct next = m.vma(mm, BASE + 4 * PAGE_SIZE, 4, BASE_PGOFF + 4, shared);

        shared.lock.lock();
        try {
            m.rmap.anonVmaMergeLocked(vma, next);
        } finally {
            shared.lock.unlock();
        }
        assertEquals(List.of(vma), shared.vmas());
    }

    @Test
    void anonVmaMergeLocked_differentAnonVmasIsBug() {
        MmStruct mm = m.mm("a");
        VmAreaStruct vma = m.vma(mm, BASE, 4, BASE_PGOFF, new AnonVma());
        VmAreaStruct next = m.vma(mm, BASE + 4 * PAGE_SIZE, 4, BASE_PGOFF + 4, new AnonVma());

        KernelBug bug = assertThrows(KernelBug.class, () -> m.rmap.anonVmaMergeLocked(vma, next));
        assertTrue(bug.getMessage().contains("different anon_vmas"), bug.getMessage());
        assertEquals(List.of(next), next.anonVma.vmas());
    }

    // ---------------------------------------------------------------- mapcount

    @Test
    void pageAddNewAnonRmap_setsMappingIndexAndCountsOneAnonPage() {
        VmAreaStruct vma = m.vma(m.mm("a"), BASE, 8, BASE_PGOFF, new AnonVma());
        Page page = m.newPage();
        long before = m.nrAnonPages();

        m.mapAnon(vma, BASE + 3 * PAGE_SIZE, page, true, false, false);

        assertEquals(1, Page.pageMapcount(page));
        assertSame(vma.anonVma, page.mapping);
        assertTrue(Page.pageAnon(page));
        assertEquals(BASE_PGOFF + 3, page.index);
        assertEquals(before + 1, m.nrAnonPages());
    }

    @Test
    void pageAddAnonRmap_onlyTheFirstMappingSetsTheAnonFields() {
        AnonVma shared = new AnonVma();
        VmAreaStruct a = m.vma(m.mm("a"), BASE, 8, BASE_PGOFF, shared);
        // b's vma was moved by mremap: other addresses, same pgoff, same anon_vma.
        VmAreaStruct b = m.vma(m.mm("b"), 0x4000_0000L, 8, BASE_PGOFF, shared);
        Page page = m.newPage();
        long before = m.nrAnonPages();

        m.mapAnon(a, BASE + 2 * PAGE_SIZE, page, true, false, false);
        m.mapAnon(b, 0x4000_0000L + 2 * PAGE_SIZE, page, false, false, false);

        assertEquals(2, Page.pageMapcount(page));
        assertEquals(BASE_PGOFF + 2, page.index);
        assertEquals(before + 1, m.nrAnonPages(), "NR_ANON_PAGES counts pages, not ptes");
    }

    @Test
    void pageAddAnonRmap_firstMappingInVmaWithoutAnonVmaIsBug() {
        VmAreaStruct vma = m.vma(m.mm("a"), BASE, 8, BASE_PGOFF, null);
        Page page = m.newPage();

        assertThrows(KernelBug.class, () -> m.rmap.pageAddAnonRmap(page, vma, BASE));
        Page.resetPageMapcount(page);
        m.swap.putPage(page);
    }

    @Test
    void pageDupRmap_addsAMappingWithoutTouchingTheAnonFields() {
        VmAreaStruct vma = m.vma(m.mm("a"), BASE, 8, BASE_PGOFF, new AnonVma());
        Page page = m.newPage();
        m.mapAnon(vma, BASE, page, true, false, false);
        long before = m.nrAnonPages();

        RmapOps.pageDupRmap(page);
        assertEquals(2, Page.pageMapcount(page));
        assertEquals(before, m.nrAnonPages());

        m.rmap.pageRemoveRmap(page, vma);
        assertEquals(1, Page.pageMapcount(page));
    }

    @Test
    void pageAddFileRmap_countsFileMappedOnTheFirstMappingOnly() {
        // ZERO_PAGE: no mapping at all, mapped through the file rmap.
        Page zero = m.newPage();
        long before = m.nrFileMapped();

        m.rmap.pageAddFileRmap(zero);
        assertEquals(before + 1, m.nrFileMapped());
        m.rmap.pageAddFileRmap(zero);
        m.rmap.pageAddFileRmap(zero);
        assertEquals(3, Page.pageMapcount(zero));
        assertEquals(before + 1, m.nrFileMapped());
        assertFalse(Page.pageAnon(zero));

        for (int i = 0; i < 3; i++) {
            m.rmap.pageRemoveRmap(zero, null);
        }
        assertFalse(Page.pageMapped(zero));
        assertEquals(before, m.nrFileMapped());
        m.swap.putPage(zero);
    }

    @Test
    void pageRemoveRmap_lastMappingUncountsTheAnonPageButKeepsItsMapping() {
        AnonVma shared = new AnonVma();
        VmAreaStruct a = m.vma(m.mm("a"), BASE, 8, BASE_PGOFF, shared);
        VmAreaStruct b = m.vma(m.mm("b"), BASE, 8, BASE_PGOFF, shared);
        Page page = m.newPage();
        long before = m.nrAnonPages();
        m.mapAnon(a, BASE, page, true, false, false);
        m.mapAnon(b, BASE, page, false, false, false);

        m.rmap.pageRemoveRmap(page, b);
        assertEquals(1, Page.pageMapcount(page));
        assertEquals(before + 1, m.nrAnonPages());
        m.rmap.pageRemoveRmap(page, a);
        assertEquals(0, Page.pageMapcount(page));
        assertEquals(-1, Page.rawMapcount(page));
        assertEquals(before, m.nrAnonPages());
        assertSame(shared, page.mapping, "page->mapping survives unmapping (free_hot_cold_page clears it)");

        // Take the ptes down by hand, as zap_pte_range would have, and free the page.
        for (MmStruct mm : List.of(a.vmMm, b.vmMm)) {
            m.pgtable.pteClear(m.ptep(mm, BASE));
            MmStruct.decMmCounter(mm, MmStruct.MmCounter.anonRss);
        }
        m.swap.putPage(page);
        m.swap.putPage(page);
        assertEquals(0, Page.pageCount(page));
        assertNull(page.mapping);
    }

    @Test
    void pageRemoveRmap_belowNoMappingIsBugWithTheKernelsReport() {
        VmAreaStruct vma = m.vma(m.mm("a"), BASE, 8, BASE_PGOFF, new AnonVma());
        Page page = m.newPage();

        KernelBug bug = assertThrows(KernelBug.class, () -> m.rmap.pageRemoveRmap(page, vma));

        assertTrue(bug.getMessage().contains("went negative"), bug.getMessage());
        List<String> lines = m.log.lines();
        assertEquals("<0>Eeek! page_mapcount(page) went negative! (-1)", lines.get(lines.size() - 6));
        assertEquals("<0>  page pfn = " + Integer.toHexString(page.pfn), lines.get(lines.size() - 5));
        assertEquals("<0>  page->flags = " + Integer.toHexString(page.flags()), lines.get(lines.size() - 4));
        assertEquals("<0>  page->count = 1", lines.get(lines.size() - 3));
        assertEquals("<0>  page->mapping = 00000000", lines.get(lines.size() - 2));
        assertEquals("<0>  vma->vm_ops = 0x0", lines.get(lines.size() - 1));
        assertEquals(-2, Page.rawMapcount(page), "a BUG stops the kernel where it stood");
        Page.resetPageMapcount(page);
        m.swap.putPage(page);
    }

    // ---------------------------------------------------------------- address lookup

    @Test
    void vmaAddress_placesTheIndexAtTheVmasOwnOffset() {
        AnonVma shared = new AnonVma();
        VmAreaStruct here = m.vma(m.mm("a"), BASE, 8, BASE_PGOFF, shared);
        VmAreaStruct moved = m.vma(m.mm("b"), 0x4000_0000L, 8, BASE_PGOFF, shared);
        Page page = m.newPage();
        m.mapAnon(here, BASE + 5 * PAGE_SIZE, page, true, false, false);

        assertEquals(BASE + 5 * PAGE_SIZE, Rmap.vmaAddress(page, here));
        assertEquals(0x4000_0000L + 5 * PAGE_SIZE, Rmap.vmaAddress(page, moved));
        assertEquals(BASE + 5 * PAGE_SIZE, m.rmap.pageAddressInVma(page, here));
        assertEquals(0x4000_0000L + 5 * PAGE_SIZE, m.rmap.pageAddressInVma(page, moved));
    }

    @Test
    void vmaAddress_anonIndexOutsideTheVmaIsEfault() {
        AnonVma shared = new AnonVma();
        MmStruct mm = m.mm("a");
        // One anon range split by mprotect: both halves share the anon_vma.
        VmAreaStruct low = m.vma(mm, BASE, 4, BASE_PGOFF, shared);
        VmAreaStruct high = m.vma(mm, BASE + 4 * PAGE_SIZE, 4, BASE_PGOFF + 4, shared);
        Page page = m.newPage();
        m.mapAnon(high, BASE + 6 * PAGE_SIZE, page, true, false, false);

        assertEquals(EFAULT, Rmap.vmaAddress(page, low), "index above the vma");
        assertEquals(BASE + 6 * PAGE_SIZE, Rmap.vmaAddress(page, high));
        page.index = BASE_PGOFF + 3;
        assertEquals(EFAULT, Rmap.vmaAddress(page, high), "index below vm_pgoff wraps past the top");
        page.index = BASE_PGOFF + 8;
        assertEquals(EFAULT, Rmap.vmaAddress(page, high), "index at vm_end");
        page.index = BASE_PGOFF + 6;
    }

    @Test
    void vmaAddress_fileIndexOutsideTheVmaIsBug() {
        AddressSpace file = new AddressSpace("file", 0);
        VmAreaStruct vma = new VmAreaStruct(m.mm("a"), BASE, BASE + 4 * PAGE_SIZE, VmAreaStruct.VM_READ
                | VmAreaStruct.VM_SHARED, m.pgtable.PAGE_READONLY(), 0);
        vma.vmMapping = file;
        Page page = m.newPage();
        page.mapping = file;
        page.index = 9;

        assertThrows(KernelBug.class, () -> Rmap.vmaAddress(page, vma));
        page.index = 2;
        assertEquals(BASE + 2 * PAGE_SIZE, Rmap.vmaAddress(page, vma));
        page.mapping = null;
        m.swap.putPage(page);
    }

    @Test
    void pageAddressInVma_checksTheAnonVmaOrTheFileFirst() {
        VmAreaStruct mine = m.vma(m.mm("a"), BASE, 8, BASE_PGOFF, new AnonVma());
        VmAreaStruct other = m.vma(m.mm("b"), BASE, 8, BASE_PGOFF, new AnonVma());
        Page anon = m.newPage();
        m.mapAnon(mine, BASE, anon, true, false, false);
        assertEquals(BASE, m.rmap.pageAddressInVma(anon, mine));
        assertEquals(EFAULT, m.rmap.pageAddressInVma(anon, other), "another anon_vma");

        AddressSpace file = new AddressSpace("file", 0);
        AddressSpace otherFile = new AddressSpace("other", 0);
        VmAreaStruct fileVma = new VmAreaStruct(m.mm("c"), BASE, BASE + 4 * PAGE_SIZE,
                VmAreaStruct.VM_READ | VmAreaStruct.VM_SHARED, m.pgtable.PAGE_READONLY(), 10);
        fileVma.vmMapping = file;
        Page filePage = m.newPage();
        filePage.mapping = file;
        filePage.index = 11;
        assertEquals(BASE + PAGE_SIZE, m.rmap.pageAddressInVma(filePage, fileVma));
        fileVma.vmMapping = otherFile;
        assertEquals(EFAULT, m.rmap.pageAddressInVma(filePage, fileVma), "another file");
        fileVma.vmMapping = null;
        assertEquals(EFAULT, m.rmap.pageAddressInVma(filePage, fileVma), "no file");
        fileVma.vmMapping = file;
        fileVma.vmFlags |= VmAreaStruct.VM_NONLINEAR;
        assertEquals(EFAULT, m.rmap.pageAddressInVma(filePage, fileVma), "nonlinear");
        fileVma.vmFlags &= ~VmAreaStruct.VM_NONLINEAR;
        assertEquals(EFAULT, m.rmap.pageAddressInVma(filePage, mine), "an anon vma for a file page");

        filePage.mapping = null;
        assertEquals(EFAULT, m.rmap.pageAddressInVma(filePage, fileVma), "no mapping at all");
        m.swap.putPage(filePage);
    }

    // ---------------------------------------------------------------- page_mkclean

    @Test
    void pageMkclean_unlockedPageIsBug() {
        Page page = m.newPage();
        assertThrows(KernelBug.class, () -> m.rmap.pageMkclean(page));
        m.swap.putPage(page);
    }

    @Test
    void pageMkclean_anonPageOutsideTheSwapCacheHasNoMappingToClean() {
        VmAreaStruct vma = m.vma(m.mm("a"), BASE, 8, BASE_PGOFF, new AnonVma());
        Page page = m.newPage();
        long ptep = m.mapAnon(vma, BASE, page, true, false, true);
        assertFalse(PageFlags.testSetPageLocked(page));

        assertEquals(0, m.rmap.pageMkclean(page));

        assertTrue(m.pgtable.pteDirty(m.pgtable.ptepGet(ptep)), "anon ptes are left dirty");
        PageFlags.clearPageLocked(page);
    }

    @Test
    void pageMkclean_mappedFilePageFindsNoSharedVmaWithoutAnIMmapTree() {
        AddressSpace file = new AddressSpace("file", 0);
        Page page = m.newPage();
        page.mapping = file;
        m.rmap.pageAddFileRmap(page);
        assertFalse(PageFlags.testSetPageLocked(page));

        assertEquals(0, m.rmap.pageMkclean(page));

        PageFlags.clearPageLocked(page);
        m.rmap.pageRemoveRmap(page, null);
        page.mapping = null;
        m.swap.putPage(page);
    }
}
