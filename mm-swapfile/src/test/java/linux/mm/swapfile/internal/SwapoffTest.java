package linux.mm.swapfile.internal;

import static linux.mm.page.SwapInfoStruct.SWAP_MAP_MAX;
import static linux.mm.page.SwapInfoStruct.SWP_ACTIVE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import linux.kernel.Errno;
import linux.kernel.KernelError;
import linux.mm.page.AnonVma;
import linux.kernel.Current;
import linux.mm.page.Filemap;
import linux.kernel.KernelBug;
import linux.mm.page.MmStruct;
import linux.mm.page.Page;
import linux.mm.page.PageFlags;
import linux.mm.page.SwapInfoStruct;
import linux.mm.swapfile.SwapInvariants;
import linux.mm.page.Swapops;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * sys_swapoff and try_to_unuse against real page tables of both formats, with small test
 * implementations of the swap cache, page I/O, rmap and mmput (kernel-2.6.20.md §3c), and
 * the page-based functions of swapfile.c.
 */
class SwapoffTest {

    static final long BASE = 0x0804_8000L;

    @TempDir
    Path dir;

    TestMachine m;

    @AfterEach
    void clearInterruptAndCheckAccounting() {
        Thread.interrupted();
        if (m != null) {
            assertEquals(List.of(), SwapInvariants.check(m.sf), "kernel-2.6.20.md §4.3");
        }
    }

    SwapInfoStruct swapon(String name, long filePages) throws IOException {
        Path p = SwapAreas.mkswap(dir, name, filePages);
        assertEquals(0, m.sf.sysSwapon(p.toString(), 0), m.log.messages().toString());
        return SwapHeaderFuzzTest.findArea(m.sf, p);
    }

    @ParameterizedTest(name = "pae={0}")
    @ValueSource(booleans = {false, true})
    void tryToUnuse_replacesEverySwapPteInEveryMm(boolean pae) throws IOException {
        m = new TestMachine(pae);
        SwapInfoStruct si = swapon("a", 64);
        AnonVma shared = new AnonVma();
        MmStruct parent = m.mm("parent", BASE, 16, shared, null);
        MmStruct child = m.mm("child", BASE, 16, shared, parent);
        int[] e = new int[6];
        for (int i = 0; i < 6; i++) {
            e[i] = m.sf.getSwapPage();
            m.setSwapPte(parent, BASE + i * 4096L, e[i]);
        }
        // Pages 0 and 1 were swapped out before a fork: the child holds them too.
        for (int i = 0; i < 2; i++) {
            assertEquals(1, m.sf.swapDuplicate(e[i]));
            m.setSwapPte(child, BASE + i * 4096L, e[i]);
        }
        // The child alone has a page at slot 4 of its vma.
        int only = m.sf.getSwapPage();
        m.setSwapPte(child, BASE + 4 * 4096L, only);
        assertEquals(2, si.swapMap[Swapops.swpOffset(e[0])]);
        assertEquals(7, si.inusePages);

        m.log.clear();
        assertEquals(0, m.sf.sysSwapoff(dir.resolve("a").toString()));

        assertEquals(7, m.swapState.reads, "one read per slot in use");
        assertEquals(Current.PF_SWAPOFF, m.swapState.swapoffFlagSeen & Current.PF_SWAPOFF, "PF_SWAPOFF set during try_to_unuse");
        assertEquals(0, m.current.current().flags & Current.PF_SWAPOFF, "and cleared after");
        for (int i = 0; i < 6; i++) {
            long pte = m.pte(parent, BASE + i * 4096L);
            assertTrue(m.pgtable.ptePresent(pte), "parent pte " + i);
            assertFalse(m.pgtable.pteYoung(pte), "unuse_pte installs an old pte");
            assertFalse(m.pgtable.pteWrite(pte), "and no write permission (COW through do_wp_page)");
            Page page = m.pa.pgdat().pfnToPage(m.pgtable.ptePfn(pte));
            assertEquals(i < 2 ? 2 : 1, Page.pageMapcount(page));
            assertEquals(i < 2 ? 2 : 1, Page.pageCount(page), "one reference per pte, the swap cache's is gone");
            assertFalse(PageFlags.pageSwapCache(page));
            assertTrue(PageFlags.pageDirty(page), "the only copy now: dirty");
            assertFalse(PageFlags.pageLocked(page));
            if (i < 2) {
                assertEquals(pte, m.pte(child, BASE + i * 4096L), "parent and child share the page");
            }
        }
        assertTrue(m.pgtable.ptePresent(m.pte(child, BASE + 4 * 4096L)));
        assertTrue(m.pgtable.pteNone(m.pte(child, BASE + 2 * 4096L)));
        assertEquals(6, MmStruct.getMmCounter(parent, MmStruct.MmCounter.anonRss));
        assertEquals(3, MmStruct.getMmCounter(child, MmStruct.MmCounter.anonRss));
        assertEquals(0, m.swapper.nrpages);
        // The area is gone and the mmlist drained (no swap in use anywhere).
        assertEquals(0, si.flags);
        assertNull(si.swapMap);
        assertEquals(0, si.max);
        assertEquals("Filename\t\t\t\tType\t\tSize\tUsed\tPriority\n", m.sf.procSwaps());
        assertEquals(0, m.sf.nrSwapPages());
        assertEquals(0, m.sf.totalSwapPages());
        m.mmList.mmlistLock.lock();
        try {
            assertSame(m.mmList.initMm, m.mmList.next(m.mmList.initMm));
        } finally {
            m.mmList.mmlistLock.unlock();
        }
        assertEquals(1, parent.mmUsers.get(), "every mm reference taken was given back");
        assertEquals(1, child.mmUsers.get());
        assertEquals(1, m.mmList.initMm.mmUsers.get());
        assertEquals(List.of(), m.log.lines());
    }

    @Test
    void tryToUnuse_resetsSaturatedCount() throws IOException {
        m = new TestMachine(false);
        SwapInfoStruct si = swapon("a", 16);
        MmStruct mm = m.mm("mm", BASE, 4, new AnonVma(), null);
        int e = m.sf.getSwapPage();
        m.setSwapPte(mm, BASE, e);
        si.swapMap[1] = 0x7ffe;
        assertEquals(1, m.sf.swapDuplicate(e));
        assertEquals(SWAP_MAP_MAX, si.swapMap[1]);
        m.log.clear();
        assertEquals(0, m.sf.sysSwapoff(dir.resolve("a").toString()));
        // Reading the slot back into the swap cache duplicates the saturated count once more.
        assertEquals(List.of("<4>swap_dup: swap entry overflow", "<4>swapoff: cleared swap entry overflow"), m.log.lines());
        assertTrue(m.pgtable.ptePresent(m.pte(mm, BASE)));
        // The overflow counter starts again: the next saturation is reported again.
        SwapInfoStruct b = swapon("b", 16);
        int f = m.sf.getSwapPage();
        b.swapMap[Swapops.swpOffset(f)] = 0x7ffe;
        m.log.clear();
        m.sf.swapDuplicate(f);
        assertEquals(List.of("<4>swap_dup: swap entry overflow"), m.log.lines());
    }

    @Test
    void sysSwapoff_readFailureIsENOMEMAndRestoresArea() throws IOException {
        m = new TestMachine(false);
        SwapInfoStruct si = swapon("a", 16);
        SwapInfoStruct other = swapon("b", 16);
        MmStruct mm = m.mm("mm", BASE, 8, new AnonVma(), null);
        for (int i = 0; i < 4; i++) {
            m.setSwapPte(mm, BASE + i * 4096L, m.sf.getSwapPageOfType(si.type));
        }
        long nr = m.sf.nrSwapPages();
        long total = m.sf.totalSwapPages();
        String procBefore = m.sf.procSwaps();
        m.swapState.failReadsAfter = 2;
        String path = dir.resolve("a").toString();
        assertEquals(Errno.ENOMEM.negative(), m.sf.sysSwapoff(path));
        // Two slots came back before the failure; the area is back on the list.
        assertEquals(2, si.inusePages);
        assertEquals(SWP_ACTIVE, si.flags);
        assertEquals(nr + 2, m.sf.nrSwapPages());
        assertEquals(total, m.sf.totalSwapPages());
        assertEquals(si.type, m.sf.swapList.head, "a (priority -1) goes back before b (-2)");
        assertEquals(other.type, si.next);
        assertEquals(procBefore.replace("\t16\t", "\t8\t"), m.sf.procSwaps());
        m.swapState.failReadsAfter = Integer.MAX_VALUE;
        KernelError err = assertThrows(KernelError.class, () -> {
            m.swapState.failReadsAfter = m.swapState.reads;
            m.sf.swapoff(path);
        });
        assertEquals(Errno.ENOMEM, err.errno());
        assertEquals("swapoff: no memory to read back swap slot 3", err.getMessage());
        m.swapState.failReadsAfter = Integer.MAX_VALUE;
        assertEquals(0, m.sf.sysSwapoff(path));
        for (int i = 0; i < 4; i++) {
            assertTrue(m.pgtable.ptePresent(m.pte(mm, BASE + i * 4096L)));
        }
    }

    @Test
    void sysSwapoff_pendingSignalIsEINTRAndRestoresArea() throws IOException {
        m = new TestMachine(false);
        SwapInfoStruct si = swapon("a", 16);
        MmStruct mm = m.mm("mm", BASE, 8, new AnonVma(), null);
        m.setSwapPte(mm, BASE, m.sf.getSwapPage());
        Thread.currentThread().interrupt();
        assertEquals(Errno.EINTR.negative(), m.sf.sysSwapoff(dir.resolve("a").toString()));
        assertTrue(Thread.interrupted(), "the signal stays pending for the caller");
        assertEquals(SWP_ACTIVE, si.flags);
        assertEquals(si.type, m.sf.swapList.head);
        assertEquals(si.type, m.sf.swapList.next);
        assertEquals(13, m.sf.nrSwapPages());
        assertEquals(0, m.current.current().flags & Current.PF_SWAPOFF);
        assertEquals(0, m.sf.sysSwapoff(dir.resolve("a").toString()));
    }

    @Test
    void sysSwapoff_notEnoughMemoryIsENOMEM() throws IOException {
        m = new TestMachine(false);
        // 40 MiB of swap, almost all in use, on a 16 MiB machine.
        SwapInfoStruct si = swapon("big", 10_240);
        for (int i = 0; i < 9_000; i++) {
            m.sf.getSwapPage();
        }
        String path = dir.resolve("big").toString();
        KernelError e = assertThrows(KernelError.class, () -> m.sf.swapoff(path));
        assertEquals(Errno.ENOMEM, e.errno());
        assertEquals(path + ": not enough memory to take back 10238 pages", e.getMessage());
        assertEquals(SWP_ACTIVE, si.flags, "nothing was touched");
        assertEquals(0, m.swapState.reads);
    }

    @Test
    void sysSwapoff_unknownAreaIsEINVALOrENOENT() throws IOException {
        m = new TestMachine(false);
        swapon("a", 16);
        Path other = SwapAreas.mkswap(dir, "b", 16);
        KernelError e = assertThrows(KernelError.class, () -> m.sf.swapoff(other.toString()));
        assertEquals(Errno.EINVAL, e.errno());
        assertEquals(other + ": not an active swap area", e.getMessage());
        String none = dir.resolve("none").toString();
        assertEquals(Errno.ENOENT.negative(), m.sf.sysSwapoff(none));
        assertEquals(Errno.ENOENT.negative(), m.sf.sysSwapoff(""));
        assertEquals(0, m.sf.sysSwapoff(dir.resolve("a").toString()));
        assertEquals(Errno.EINVAL.negative(), m.sf.sysSwapoff(dir.resolve("a").toString()), "already off");
    }

    @Test
    void sysSwapoff_unlinksFromListAndMovesSwapListNext() throws IOException {
        m = new TestMachine(false);
        SwapInfoStruct a = swapon("a", 16);
        SwapInfoStruct b = swapon("b", 16);
        SwapInfoStruct c = swapon("c", 16);
        assertEquals(a.type, m.sf.swapList.head);
        assertEquals(b.type, a.next);
        assertEquals(c.type, b.next);
        m.sf.swapList.next = b.type;
        assertEquals(0, m.sf.sysSwapoff(dir.resolve("b").toString()));
        assertEquals(c.type, a.next);
        assertEquals(a.type, m.sf.swapList.next, "swap_list.next was the victim: back to the head");
        assertEquals(0, m.sf.sysSwapoff(dir.resolve("a").toString()));
        assertEquals(c.type, m.sf.swapList.head);
        assertEquals(c.type, m.sf.swapList.next);
        assertEquals(14, m.sf.totalSwapPages());
    }

    @ParameterizedTest(name = "pae={0}")
    @ValueSource(booleans = {false, true})
    void archMaxpages_agreesWithTheFormatsOwnRoundTrip(boolean pae) {
        m = new TestMachine(pae);
        assertEquals(Swapfile.archMaxpages(pae), Swapops.maxSwapPages(m.pgtable));
    }

    @Test
    void tryToUnuse_leavesSwapListNextOnTheRemovedArea() throws IOException {
        // swap_entry_free does not look at SWP_WRITEOK: freeing the slots of a
        // higher-priority area during its swapoff points swap_list.next at it, and
        // 2.6.20 leaves it there. get_swap_page steps over it.
        m = new TestMachine(false);
        SwapInfoStruct a = swapon("a", 16);
        SwapInfoStruct b = swapon("b", 16);
        MmStruct mm = m.mm("mm", BASE, 4, new AnonVma(), null);
        m.setSwapPte(mm, BASE, m.sf.getSwapPageOfType(a.type));
        m.sf.swapList.next = b.type;
        assertEquals(0, m.sf.sysSwapoff(dir.resolve("a").toString()));
        assertEquals(b.type, m.sf.swapList.head);
        assertEquals(a.type, m.sf.swapList.next, "next names the area just removed");
        int e = m.sf.getSwapPage();
        assertEquals(b.type, Swapops.swpType(e));
        assertEquals(b.type, m.sf.swapList.next);
    }

    // ---------------------------------------------------------------- page-based functions

    /** A page in the test swap cache at a fresh slot, locked; the caller holds one reference. */
    Page cachedPage() {
        int e = m.sf.getSwapPage();
        Page page = m.pa.allocPage(linux.mm.page.Gfp.GFP_HIGHUSER);
        m.swapState.insertIntoSwapCache(page, e);
        PageFlags.setPageLocked(page);
        return page;
    }

    @Test
    void canShareSwapPage_countsMappingsAndSwappedOutReferences() throws IOException {
        m = new TestMachine(false);
        SwapInfoStruct si = swapon("a", 16);
        Page page = cachedPage();
        int off = Swapops.swpOffset(Page.pagePrivate(page));
        Page.atomicIncAndTestMapcount(page);
        assertTrue(m.sf.canShareSwapPage(page), "one mapping, the slot only the cache's");
        si.swapMap[off]++;
        assertFalse(m.sf.canShareSwapPage(page), "another swap pte refers to the slot");
        si.swapMap[off]--;
        Page.atomicIncAndTestMapcount(page);
        assertFalse(m.sf.canShareSwapPage(page), "two mappings");
        Filemap.unlockPage(page);
        assertThrows(KernelBug.class, () -> m.sf.canShareSwapPage(page));
    }

    @Test
    void removeExclusiveSwapPage_dropsUnsharedCachePage() throws IOException {
        m = new TestMachine(false);
        SwapInfoStruct si = swapon("a", 16);
        Page page = cachedPage();
        int off = Swapops.swpOffset(Page.pagePrivate(page));
        Page.getPage(page);
        assertEquals(0, m.sf.removeExclusiveSwapPage(page), "page_count 3: someone else holds it");
        m.swap.putPage(page);
        si.swapMap[off]++;
        assertEquals(0, m.sf.removeExclusiveSwapPage(page), "the slot has another user");
        si.swapMap[off]--;
        PageFlags.setPageWriteback(page);
        assertEquals(0, m.sf.removeExclusiveSwapPage(page), "under writeback");
        PageFlags.clearPageWriteback(page);
        assertEquals(1, m.sf.removeExclusiveSwapPage(page));
        assertFalse(PageFlags.pageSwapCache(page));
        assertTrue(PageFlags.pageDirty(page));
        assertEquals(1, Page.pageCount(page), "only the caller's reference is left");
        assertEquals(0, si.swapMap[off]);
        assertEquals(0, si.inusePages);
        assertEquals(0, m.sf.removeExclusiveSwapPage(page), "not in the swap cache any more");
    }

    @Test
    void freeSwapAndCache_deletesCachePageOfLastReference() throws IOException {
        m = new TestMachine(false);
        SwapInfoStruct si = swapon("a", 16);
        Page page = cachedPage();
        int entry = Page.pagePrivate(page);
        int off = Swapops.swpOffset(entry);
        Filemap.unlockPage(page);
        m.swap.putPage(page); // only the cache holds it now
        assertEquals(1, m.sf.swapDuplicate(entry)); // a swap pte's reference
        assertEquals(2, si.swapMap[off]);
        m.sf.freeSwapAndCache(entry);
        assertEquals(0, si.swapMap[off], "the pte's reference and then the cache's");
        assertFalse(PageFlags.pageSwapCache(page));
        assertFalse(PageFlags.pageLocked(page));
        assertEquals(0, Page.pageCount(page), "freed");
        assertEquals(0, m.swapper.nrpages);
    }

    @Test
    void freeSwapAndCache_deletesSharedCachePageWhenSwapIsOverHalfFull() throws IOException {
        m = new TestMachine(false);
        SwapInfoStruct si = swapon("a", 16);
        Page page = cachedPage();
        int entry = Page.pagePrivate(page);
        Filemap.unlockPage(page);
        for (int i = 0; i < 7; i++) {
            m.sf.getSwapPage();
        }
        assertTrue(m.sf.vmSwapFull(), "8 of 14 slots in use");
        assertEquals(1, m.sf.swapDuplicate(entry));
        m.sf.freeSwapAndCache(entry);
        assertFalse(PageFlags.pageSwapCache(page), "page_count 3, but swap is over half full");
        assertTrue(PageFlags.pageDirty(page));
        assertEquals(1, Page.pageCount(page), "the caller's reference is left");
        assertEquals(0, si.swapMap[Swapops.swpOffset(entry)]);
        m.swap.putPage(page);
        for (int off = 2; off <= 8; off++) {
            m.sf.swapFree(Swapops.swpEntry(si.type, off));
        }
    }

    @Test
    void freeSwapAndCache_keepsCachePageSomeoneElseHolds() throws IOException {
        m = new TestMachine(false);
        SwapInfoStruct si = swapon("a", 16);
        Page page = cachedPage();
        int entry = Page.pagePrivate(page);
        Filemap.unlockPage(page);
        assertEquals(1, m.sf.swapDuplicate(entry));
        m.sf.freeSwapAndCache(entry);
        assertEquals(1, si.swapMap[Swapops.swpOffset(entry)]);
        assertTrue(PageFlags.pageSwapCache(page), "page_count 3 and swap not full: kept");
        // A locked page is left alone as well.
        assertEquals(1, m.sf.swapDuplicate(entry));
        PageFlags.setPageLocked(page);
        m.sf.freeSwapAndCache(entry);
        assertTrue(PageFlags.pageSwapCache(page));
        assertEquals(2, Page.pageCount(page));
    }

    @ParameterizedTest(name = "pae={0}")
    @ValueSource(booleans = {false, true})
    void unuseVma_clearsABadPmdWithPmdErrorsMessage(boolean pae) throws IOException {
        m = new TestMachine(pae);
        swapon("a", 64);
        MmStruct mm = m.mm("bad", BASE, 16, new AnonVma(), null);
        int e = m.sf.getSwapPage();
        m.setSwapPte(mm, BASE, e);
        long pmdp = m.pgtable.pmdOffset(m.pgtable.pgdOffset(mm.pgd, BASE), BASE);
        int bad = 0x2001; // present, but no page-table entry (_KERNPG_TABLE) flags
        if (pae) {
            m.ram.writeLong((int) (pmdp >>> 12), (int) (pmdp & 0xfff), bad);
        } else {
            m.ram.writeInt((int) (pmdp >>> 12), (int) (pmdp & 0xfff), bad);
        }
        assertTrue(m.pgtable.pmdBad(m.pgtable.pmdGet(pmdp)));
        Page page = m.pa.allocPage(linux.mm.page.Gfp.GFP_HIGHUSER);
        m.log.clear();
        assertFalse(m.sf.unuseVma(mm.mmap, e, page));
        // pmd_clear_bad's pmd_ERROR: on 2-level i386 the pmd is folded into the pgd
        // (pgd_ERROR's format); PAE prints the entry's address and 64-bit value. Both are
        // level-less printks from mm/memory.c:117.
        String expected = pae ? String.format("<4>mm/memory.c:117: bad pmd %08x(%016x).", pmdp, (long) bad)
                : String.format("<4>mm/memory.c:117: bad pgd %08x.", bad);
        assertEquals(List.of(expected), m.log.lines());
        assertTrue(m.pgtable.pmdNone(m.pgtable.pmdGet(pmdp)), "and cleared");
        m.sf.swapFree(e);
        m.swap.putPage(page);
    }
}
