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

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import linux.kernel.Errno;
import linux.kernel.KernelBug;
import linux.mm.page.AddressSpace;
import linux.mm.page.AnonVma;
import linux.mm.page.Filemap;
import linux.mm.page.Gfp;
import linux.mm.page.MmStruct.MmCounter;
import linux.mm.page.MmStruct;
import linux.mm.page.Page;
import linux.mm.page.PageFlags;
import linux.mm.page.RmapOps;
import linux.mm.page.RmapResult;
import linux.mm.page.SwapInfoStruct;
import linux.mm.page.Swapops;
import linux.mm.page.TaskStruct;
import linux.mm.page.VmAreaStruct;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * mm/rmap.c on a test kernel (kernel-2.6.20.md §1.2, §3a, §4.1, §4.3, §4.5, §5.11,
 * §5.12.11): the anon_vma functions, the mapcount bookkeeping and the address lookups on a
 * 2-level kernel, then the functions that walk real page tables in RAM (page_check_address,
 * page_referenced with the swap-token rule, page_mkclean_one, try_to_unmap) in both i386
 * formats, with ptes set up by hand through the Pgtable API as the fault path would leave
 * them. After every test the invariants of §4.1, §4.3 and §4.5 must hold.
 */
class RmapTest {

    static final long BASE = 0x0804_8000L;
    static final int BASE_PGOFF = (int) (BASE >>> PAGE_SHIFT);
    static final long EFAULT = Errno.EFAULT.negative();
    static final long A_BASE = BASE;
    static final long B_BASE = 0x4000_0000L;
    static final long C_BASE = 0x6000_0000L;
    static final int PGOFF = BASE_PGOFF;

    @TempDir
    Path dir;

    /** The kernel under test: 2-level unless a test boots its own in a given format. */
    RmapMachine m = new RmapMachine(false);

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

    /**
     * Random sharing: up to five mms on one anon_vma, each page mapped in a random subset of
     * them with random young bits and the odd mlocked vma. try_to_unmap must walk the
     * anon_vma list in order and stop at the first mlocked vma or young pte, leaving exactly
     * the ptes before it swapped out; page_referenced afterwards finds the young ptes left.
     */
    @ParameterizedTest(name = "pae={0}")
    @ValueSource(booleans = {false, true})
    void tryToUnmap_randomSharingStopsAtTheFirstYoungOrMlockedMapping(boolean pae) throws IOException {
        long seed = Long.getLong("mmemu.seed", System.nanoTime());
        System.out.println("tryToUnmap_randomSharingStopsAtTheFirstYoungOrMlockedMapping seed=" + seed
                + " (-Dmmemu.seed=" + seed + ")");
        Random rnd = new Random(seed);
        m = new RmapMachine(pae);
        SwapInfoStruct si = m.swapon(dir, "swap", 256);
        AnonVma anonVma = new AnonVma();
        int nrMms = 1 + rnd.nextInt(5);
        int slots = 8;
        VmAreaStruct[] vmas = new VmAreaStruct[nrMms];
        for (int i = 0; i < nrMms; i++) {
            long base = 0x1000_0000L * (i + 1);
            vmas[i] = m.vma(m.mm("mm" + i), base, slots, PGOFF, anonVma);
            if (rnd.nextInt(8) == 0) {
                vmas[i].vmFlags |= VmAreaStruct.VM_LOCKED;
            }
        }
        for (int slot = 0; slot < slots; slot++) {
            Page page = null;
            boolean[] mapped = new boolean[nrMms];
            boolean[] young = new boolean[nrMms];
            for (int i = 0; i < nrMms; i++) {
                if (rnd.nextBoolean() || (i == nrMms - 1 && page == null)) {
                    mapped[i] = true;
                    young[i] = rnd.nextInt(4) == 0;
                    boolean first = page == null;
                    if (first) {
                        page = m.newPage();
                    }
                    m.mapAnon(vmas[i], vmas[i].vmStart + (long) slot * PAGE_SIZE, page, first, !young[i], false);
                }
            }
            int mapcount = Page.pageMapcount(page);
            assertFalse(PageFlags.testSetPageLocked(page));
            assertEquals(1, m.swapState.addToSwap(page, Gfp.GFP_ATOMIC));
            int off = Swapops.swpOffset(Page.pagePrivate(page));

            RmapResult ret = m.rmap.tryToUnmap(page, 0);

            int unmapped = 0;
            int stop = -1;
            for (int i = 0; i < nrMms && stop < 0; i++) {
                if (!mapped[i]) {
                    continue;
                }
                if ((vmas[i].vmFlags & VmAreaStruct.VM_LOCKED) != 0 || young[i]) {
                    stop = i;
                } else {
                    unmapped++;
                }
            }
            String what = "seed " + seed + " slot " + slot;
            assertSame(stop < 0 ? RmapResult.SWAP_SUCCESS : RmapResult.SWAP_FAIL, ret, what);
            assertEquals(mapcount - unmapped, Page.pageMapcount(page), what);
            assertEquals(1 + unmapped, si.swapMap[off], what);
            int youngLeft = 0;
            for (int i = 0; i < nrMms; i++) {
                long pte = m.pte(vmas[i].vmMm, vmas[i].vmStart + (long) slot * PAGE_SIZE);
                if (!mapped[i]) {
                    assertTrue(m.pgtable.pteNone(pte), what);
                } else if (stop < 0 || i < stop) {
                    assertFalse(m.pgtable.ptePresent(pte), what + " mm" + i + " swapped out");
                } else {
                    assertTrue(m.pgtable.ptePresent(pte), what + " mm" + i + " still mapped");
                    // The failing pte was aged only when the young test was reached (not mlocked).
                    boolean aged = i == stop && (vmas[i].vmFlags & VmAreaStruct.VM_LOCKED) == 0;
                    if (young[i] && !aged) {
                        youngLeft++;
                    }
                }
            }
            Filemap.unlockPage(page);
            assertEquals(youngLeft, m.rmap.pageReferenced(page, 0), what);
        }
        assertEquals(List.of(), m.invariants(true), "seed " + seed);
    }
}
