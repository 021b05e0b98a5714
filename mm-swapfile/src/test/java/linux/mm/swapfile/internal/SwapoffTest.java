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
 * sys_swapoff and try_to_unuse against real page tables of both formats, on a test kernel
 * whose swap cache, page I/O, rmap, fork and mmap are testkit's fakes (kernel-2.6.20.md
 * §3c), and the page-based functions of swapfile.c.
 */
class SwapoffTest {

    static final long BASE = 0x0804_8000L;

    @TempDir
    Path dir;

    SwapfileTestKernel m;

    @AfterEach
    void clearInterruptAndCheckAccounting() {
        Thread.interrupted();
        if (m != null) {
            assertEquals(List.of(), SwapInvariants.check(m.sf()), "kernel-2.6.20.md §4.3");
        }
    }

    SwapInfoStruct swapon(String name, long filePages) throws IOException {
        Path p = SwapAreas.mkswap(dir, name, filePages);
        assertEquals(0, m.sf().sysSwapon(p.toString(), 0), m.printk().messages().toString());
        return SwapHeaderFuzzTest.findArea(m.sf(), p);
    }

    @ParameterizedTest(name = "pae={0}")
    @ValueSource(booleans = {false, true})
    void tryToUnuse_replacesEverySwapPteInEveryMm(boolean pae) throws IOException {
        m = SwapfileTestKernel.boot(pae ? "pae=1" : "");
        SwapInfoStruct si = swapon("a", 64);
        AnonVma shared = new AnonVma();
        MmStruct parent = m.mm("parent", BASE, 16, shared, null);
        MmStruct child = m.mm("child", BASE, 16, shared, parent);
        int[] e = new int[6];
        for (int i = 0; i < 6; i++) {
            e[i] = m.sf().getSwapPage();
            m.setSwapPte(parent, BASE + i * 4096L, e[i]);
        }
        // Pages 0 and 1 were swapped out before a fork: the child holds them too.
        for (int i = 0; i < 2; i++) {
            assertEquals(1, m.sf().swapDuplicate(e[i]));
            m.setSwapPte(child, BASE + i * 4096L, e[i]);
        }
        // The child alone has a page at slot 4 of its vma.
        int only = m.sf().getSwapPage();
        m.setSwapPte(child, BASE + 4 * 4096L, only);
        assertEquals(2, si.swapMap[Swapops.swpOffset(e[0])]);
        assertEquals(7, si.inusePages);

        m.printk().clear();
        assertEquals(0, m.sf().sysSwapoff(dir.resolve("a").toString()));

        assertEquals(7, m.fakeSwapState().reads(), "one read per slot in use");
        assertEquals(Current.PF_SWAPOFF, m.fakeSwapState().currentFlagsSeen & Current.PF_SWAPOFF, "PF_SWAPOFF set during try_to_unuse");
        assertEquals(0, m.current().current().flags & Current.PF_SWAPOFF, "and cleared after");
        for (int i = 0; i < 6; i++) {
            long pte = m.pte(parent, BASE + i * 4096L);
            assertTrue(m.pgtable().ptePresent(pte), "parent pte " + i);
            assertFalse(m.pgtable().pteYoung(pte), "unuse_pte installs an old pte");
            assertFalse(m.pgtable().pteWrite(pte), "and no write permission (COW through do_wp_page)");
            Page page = m.pageAlloc().pgdat().pfnToPage(m.pgtable().ptePfn(pte));
            assertEquals(i < 2 ? 2 : 1, Page.pageMapcount(page));
            assertEquals(i < 2 ? 2 : 1, Page.pageCount(page), "one reference per pte, the swap cache's is gone");
            assertFalse(PageFlags.pageSwapCache(page));
            assertTrue(PageFlags.pageDirty(page), "the only copy now: dirty");
            assertFalse(PageFlags.pageLocked(page));
            if (i < 2) {
                assertEquals(pte, m.pte(child, BASE + i * 4096L), "parent and child share the page");
            }
        }
        assertTrue(m.pgtable().ptePresent(m.pte(child, BASE + 4 * 4096L)));
        assertTrue(m.pgtable().pteNone(m.pte(child, BASE + 2 * 4096L)));
        assertEquals(6, MmStruct.getMmCounter(parent, MmStruct.MmCounter.anonRss));
        assertEquals(3, MmStruct.getMmCounter(child, MmStruct.MmCounter.anonRss));
        assertEquals(0, m.swapperSpace().nrpages);
        // The area is gone and the mmlist drained (no swap in use anywhere).
        assertEquals(0, si.flags);
        assertNull(si.swapMap);
        assertEquals(0, si.max);
        assertEquals("Filename\t\t\t\tType\t\tSize\tUsed\tPriority\n", m.sf().procSwaps());
        assertEquals(0, m.sf().nrSwapPages());
        assertEquals(0, m.sf().totalSwapPages());
        m.mmList().mmlistLock.lock();
        try {
            assertSame(m.mmList().initMm, m.mmList().next(m.mmList().initMm));
        } finally {
            m.mmList().mmlistLock.unlock();
        }
        assertEquals(1, parent.mmUsers.get(), "every mm reference taken was given back");
        assertEquals(1, child.mmUsers.get());
        assertEquals(1, m.mmList().initMm.mmUsers.get());
        assertEquals(List.of(), m.printk().lines());
    }

    @Test
    void tryToUnuse_resetsSaturatedCount() throws IOException {
        m = SwapfileTestKernel.boot("");
        SwapInfoStruct si = swapon("a", 16);
        MmStruct mm = m.mm("mm", BASE, 4, new AnonVma(), null);
        int e = m.sf().getSwapPage();
        m.setSwapPte(mm, BASE, e);
        si.swapMap[1] = 0x7ffe;
        assertEquals(1, m.sf().swapDuplicate(e));
        assertEquals(SWAP_MAP_MAX, si.swapMap[1]);
        m.printk().clear();
        assertEquals(0, m.sf().sysSwapoff(dir.resolve("a").toString()));
        // Reading the slot back into the swap cache duplicates the saturated count once more.
        assertEquals(List.of("<4>swap_dup: swap entry overflow", "<4>swapoff: cleared swap entry overflow"), m.printk().lines());
        assertTrue(m.pgtable().ptePresent(m.pte(mm, BASE)));
        // The overflow counter starts again: the next saturation is reported again.
        SwapInfoStruct b = swapon("b", 16);
        int f = m.sf().getSwapPage();
        b.swapMap[Swapops.swpOffset(f)] = 0x7ffe;
        m.printk().clear();
        m.sf().swapDuplicate(f);
        assertEquals(List.of("<4>swap_dup: swap entry overflow"), m.printk().lines());
    }

    @Test
    void sysSwapoff_readFailureIsENOMEMAndRestoresArea() throws IOException {
        m = SwapfileTestKernel.boot("");
        SwapInfoStruct si = swapon("a", 16);
        SwapInfoStruct other = swapon("b", 16);
        MmStruct mm = m.mm("mm", BASE, 8, new AnonVma(), null);
        for (int i = 0; i < 4; i++) {
            m.setSwapPte(mm, BASE + i * 4096L, m.sf().getSwapPageOfType(si.type));
        }
        long nr = m.sf().nrSwapPages();
        long total = m.sf().totalSwapPages();
        String procBefore = m.sf().procSwaps();
        m.fakeSwapState().failReadsAfter = 2;
        String path = dir.resolve("a").toString();
        assertEquals(Errno.ENOMEM.negative(), m.sf().sysSwapoff(path));
        // Two slots came back before the failure; the area is back on the list.
        assertEquals(2, si.inusePages);
        assertEquals(SWP_ACTIVE, si.flags);
        assertEquals(nr + 2, m.sf().nrSwapPages());
        assertEquals(total, m.sf().totalSwapPages());
        assertEquals(si.type, m.sf().swapList.head, "a (priority -1) goes back before b (-2)");
        assertEquals(other.type, si.next);
        assertEquals(procBefore.replace("\t16\t", "\t8\t"), m.sf().procSwaps());
        // Failing again at once: the read of slot 3 is the one that fails, and it and slot 4
        // stay swapped out.
        m.fakeSwapState().failReadsAfter = m.fakeSwapState().reads();
        assertEquals(Errno.ENOMEM.negative(), m.sf().sysSwapoff(path));
        assertEquals(List.of(0, 0, 1, 1), List.of((int) si.swapMap[1], (int) si.swapMap[2], (int) si.swapMap[3],
                (int) si.swapMap[4]));
        assertFalse(m.pgtable().ptePresent(m.pte(mm, BASE + 2 * 4096L)), "slot 3 is still a swap pte");
        assertEquals(SWP_ACTIVE, si.flags);
        m.fakeSwapState().failReadsAfter = Integer.MAX_VALUE;
        assertEquals(0, m.sf().sysSwapoff(path));
        for (int i = 0; i < 4; i++) {
            assertTrue(m.pgtable().ptePresent(m.pte(mm, BASE + i * 4096L)));
        }
    }

    @Test
    void sysSwapoff_pendingSignalIsEINTRAndRestoresArea() throws IOException {
        m = SwapfileTestKernel.boot("");
        SwapInfoStruct si = swapon("a", 16);
        MmStruct mm = m.mm("mm", BASE, 8, new AnonVma(), null);
        m.setSwapPte(mm, BASE, m.sf().getSwapPage());
        Thread.currentThread().interrupt();
        assertEquals(Errno.EINTR.negative(), m.sf().sysSwapoff(dir.resolve("a").toString()));
        assertTrue(Thread.interrupted(), "the signal stays pending for the caller");
        assertEquals(SWP_ACTIVE, si.flags);
        assertEquals(si.type, m.sf().swapList.head);
        assertEquals(si.type, m.sf().swapList.next);
        assertEquals(13, m.sf().nrSwapPages());
        assertEquals(0, m.current().current().flags & Current.PF_SWAPOFF);
        assertEquals(0, m.sf().sysSwapoff(dir.resolve("a").toString()));
    }

    @Test
    void sysSwapoff_notEnoughMemoryIsENOMEM() throws IOException {
        m = SwapfileTestKernel.boot("");
        // 40 MiB of swap, almost all in use, on a 16 MiB machine.
        SwapInfoStruct si = swapon("big", 10_240);
        int[] held = new int[9_000];
        for (int i = 0; i < held.length; i++) {
            held[i] = m.sf().getSwapPage();
        }
        // mm/mmap.c decides (its overcommit policy is tested there); here it says no.
        String path = dir.resolve("big").toString();
        long committed = m.swap().vmCommittedSpace();
        m.fakeMmap().vmEnoughMemory = Errno.ENOMEM.negative();
        assertEquals(Errno.ENOMEM.negative(), m.sf().sysSwapoff(path));
        assertEquals(List.of("10238/1"), m.fakeMmap().vmEnoughMemoryCalls(),
                "security_vm_enough_memory of the area's pages, as a caller with CAP_SYS_ADMIN");
        assertEquals(SWP_ACTIVE, si.flags, "nothing was touched");
        assertEquals(0, m.fakeSwapState().reads());
        assertEquals(committed, m.swap().vmCommittedSpace(), "the refused charge was taken back");
        assertEquals(10_238 - 9_000, m.sf().nrSwapPages());
        // With enough memory the area goes: the charge made by the check is given back at once.
        for (int e : held) {
            m.sf().swapFree(e);
        }
        m.fakeMmap().vmEnoughMemory = 0;
        assertEquals(0, m.sf().sysSwapoff(path));
        assertEquals(List.of("10238/1", "10238/1"), m.fakeMmap().vmEnoughMemoryCalls());
        assertEquals(committed, m.swap().vmCommittedSpace(), "vm_unacct_memory after the check");
    }

    @Test
    void sysSwapoff_unknownAreaIsEINVALOrENOENT() throws IOException {
        m = SwapfileTestKernel.boot("");
        swapon("a", 16);
        Path other = SwapAreas.mkswap(dir, "b", 16);
        m.printk().clear();
        assertEquals(Errno.EINVAL.negative(), m.sf().sysSwapoff(other.toString()), "a swap file, but not swapped on");
        assertEquals(List.of(), m.printk().lines(), "sys_swapoff prints nothing");
        String none = dir.resolve("none").toString();
        assertEquals(Errno.ENOENT.negative(), m.sf().sysSwapoff(none));
        assertEquals(Errno.ENOENT.negative(), m.sf().sysSwapoff(""));
        assertEquals(0, m.sf().sysSwapoff(dir.resolve("a").toString()));
        assertEquals(Errno.EINVAL.negative(), m.sf().sysSwapoff(dir.resolve("a").toString()), "already off");
    }

    @Test
    void sysSwapoff_unlinksFromListAndMovesSwapListNext() throws IOException {
        m = SwapfileTestKernel.boot("");
        SwapInfoStruct a = swapon("a", 16);
        SwapInfoStruct b = swapon("b", 16);
        SwapInfoStruct c = swapon("c", 16);
        assertEquals(a.type, m.sf().swapList.head);
        assertEquals(b.type, a.next);
        assertEquals(c.type, b.next);
        m.sf().swapList.next = b.type;
        assertEquals(0, m.sf().sysSwapoff(dir.resolve("b").toString()));
        assertEquals(c.type, a.next);
        assertEquals(a.type, m.sf().swapList.next, "swap_list.next was the victim: back to the head");
        assertEquals(0, m.sf().sysSwapoff(dir.resolve("a").toString()));
        assertEquals(c.type, m.sf().swapList.head);
        assertEquals(c.type, m.sf().swapList.next);
        assertEquals(14, m.sf().totalSwapPages());
    }

    @Test
    void tryToUnuse_leavesSwapListNextOnTheRemovedArea() throws IOException {
        // swap_entry_free does not look at SWP_WRITEOK: freeing the slots of a
        // higher-priority area during its swapoff points swap_list.next at it, and
        // 2.6.20 leaves it there. get_swap_page steps over it.
        m = SwapfileTestKernel.boot("");
        SwapInfoStruct a = swapon("a", 16);
        SwapInfoStruct b = swapon("b", 16);
        MmStruct mm = m.mm("mm", BASE, 4, new AnonVma(), null);
        m.setSwapPte(mm, BASE, m.sf().getSwapPageOfType(a.type));
        m.sf().swapList.next = b.type;
        assertEquals(0, m.sf().sysSwapoff(dir.resolve("a").toString()));
        assertEquals(b.type, m.sf().swapList.head);
        assertEquals(a.type, m.sf().swapList.next, "next names the area just removed");
        int e = m.sf().getSwapPage();
        assertEquals(b.type, Swapops.swpType(e));
        assertEquals(b.type, m.sf().swapList.next);
    }

    // ---------------------------------------------------------------- page-based functions

    /**
     * A page in the swap cache at a fresh slot (add_to_swap: uptodate, dirty), locked; the
     * caller holds one reference, the cache the other.
     */
    Page cachedPage() {
        Page page = m.pageAlloc().allocPage(linux.mm.page.Gfp.GFP_HIGHUSER);
        PageFlags.setPageLocked(page);
        assertEquals(1, m.swapState().addToSwap(page, linux.mm.page.Gfp.GFP_ATOMIC));
        return page;
    }

    @Test
    void canShareSwapPage_countsMappingsAndSwappedOutReferences() throws IOException {
        m = SwapfileTestKernel.boot("");
        SwapInfoStruct si = swapon("a", 16);
        Page page = cachedPage();
        int off = Swapops.swpOffset(Page.pagePrivate(page));
        Page.atomicIncAndTestMapcount(page);
        assertTrue(m.sf().canShareSwapPage(page), "one mapping, the slot only the cache's");
        si.swapMap[off]++;
        assertFalse(m.sf().canShareSwapPage(page), "another swap pte refers to the slot");
        si.swapMap[off]--;
        Page.atomicIncAndTestMapcount(page);
        assertFalse(m.sf().canShareSwapPage(page), "two mappings");
        Filemap.unlockPage(page);
        assertThrows(KernelBug.class, () -> m.sf().canShareSwapPage(page));
    }

    @Test
    void removeExclusiveSwapPage_dropsUnsharedCachePage() throws IOException {
        m = SwapfileTestKernel.boot("");
        SwapInfoStruct si = swapon("a", 16);
        Page page = cachedPage();
        int off = Swapops.swpOffset(Page.pagePrivate(page));
        Page.getPage(page);
        assertEquals(0, m.sf().removeExclusiveSwapPage(page), "page_count 3: someone else holds it");
        m.swap().putPage(page);
        si.swapMap[off]++;
        assertEquals(0, m.sf().removeExclusiveSwapPage(page), "the slot has another user");
        si.swapMap[off]--;
        PageFlags.setPageWriteback(page);
        assertEquals(0, m.sf().removeExclusiveSwapPage(page), "under writeback");
        PageFlags.clearPageWriteback(page);
        assertEquals(1, m.sf().removeExclusiveSwapPage(page));
        assertFalse(PageFlags.pageSwapCache(page));
        assertTrue(PageFlags.pageDirty(page));
        assertEquals(1, Page.pageCount(page), "only the caller's reference is left");
        assertEquals(0, si.swapMap[off]);
        assertEquals(0, si.inusePages);
        assertEquals(0, m.sf().removeExclusiveSwapPage(page), "not in the swap cache any more");
    }

    @Test
    void freeSwapAndCache_deletesCachePageOfLastReference() throws IOException {
        m = SwapfileTestKernel.boot("");
        SwapInfoStruct si = swapon("a", 16);
        Page page = cachedPage();
        int entry = Page.pagePrivate(page);
        int off = Swapops.swpOffset(entry);
        Filemap.unlockPage(page);
        m.swap().putPage(page); // only the cache holds it now
        assertEquals(1, m.sf().swapDuplicate(entry)); // a swap pte's reference
        assertEquals(2, si.swapMap[off]);
        m.sf().freeSwapAndCache(entry);
        assertEquals(0, si.swapMap[off], "the pte's reference and then the cache's");
        assertFalse(PageFlags.pageSwapCache(page));
        assertFalse(PageFlags.pageLocked(page));
        assertEquals(0, Page.pageCount(page), "freed");
        assertEquals(0, m.swapperSpace().nrpages);
    }

    @Test
    void freeSwapAndCache_deletesSharedCachePageWhenSwapIsOverHalfFull() throws IOException {
        m = SwapfileTestKernel.boot("");
        SwapInfoStruct si = swapon("a", 16);
        Page page = cachedPage();
        int entry = Page.pagePrivate(page);
        Filemap.unlockPage(page);
        for (int i = 0; i < 7; i++) {
            m.sf().getSwapPage();
        }
        assertTrue(m.sf().vmSwapFull(), "8 of 14 slots in use");
        assertEquals(1, m.sf().swapDuplicate(entry));
        m.sf().freeSwapAndCache(entry);
        assertFalse(PageFlags.pageSwapCache(page), "page_count 3, but swap is over half full");
        assertTrue(PageFlags.pageDirty(page));
        assertEquals(1, Page.pageCount(page), "the caller's reference is left");
        assertEquals(0, si.swapMap[Swapops.swpOffset(entry)]);
        m.swap().putPage(page);
        for (int off = 2; off <= 8; off++) {
            m.sf().swapFree(Swapops.swpEntry(si.type, off));
        }
    }

    @Test
    void freeSwapAndCache_keepsCachePageSomeoneElseHolds() throws IOException {
        m = SwapfileTestKernel.boot("");
        SwapInfoStruct si = swapon("a", 16);
        Page page = cachedPage();
        int entry = Page.pagePrivate(page);
        Filemap.unlockPage(page);
        assertEquals(1, m.sf().swapDuplicate(entry));
        m.sf().freeSwapAndCache(entry);
        assertEquals(1, si.swapMap[Swapops.swpOffset(entry)]);
        assertTrue(PageFlags.pageSwapCache(page), "page_count 3 and swap not full: kept");
        // A locked page is left alone as well.
        assertEquals(1, m.sf().swapDuplicate(entry));
        PageFlags.setPageLocked(page);
        m.sf().freeSwapAndCache(entry);
        assertTrue(PageFlags.pageSwapCache(page));
        assertEquals(2, Page.pageCount(page));
    }

    @ParameterizedTest(name = "pae={0}")
    @ValueSource(booleans = {false, true})
    void unuseVma_clearsABadPmdWithPmdErrorsMessage(boolean pae) throws IOException {
        m = SwapfileTestKernel.boot(pae ? "pae=1" : "");
        swapon("a", 64);
        MmStruct mm = m.mm("bad", BASE, 16, new AnonVma(), null);
        int e = m.sf().getSwapPage();
        m.setSwapPte(mm, BASE, e);
        long pmdp = m.pgtable().pmdOffset(m.pgtable().pgdOffset(mm.pgd, BASE), BASE);
        int bad = 0x2001; // present, but no page-table entry (_KERNPG_TABLE) flags
        if (pae) {
            m.physicalMemory().writeLong((int) (pmdp >>> 12), (int) (pmdp & 0xfff), bad);
        } else {
            m.physicalMemory().writeInt((int) (pmdp >>> 12), (int) (pmdp & 0xfff), bad);
        }
        assertTrue(m.pgtable().pmdBad(m.pgtable().pmdGet(pmdp)));
        Page page = m.pageAlloc().allocPage(linux.mm.page.Gfp.GFP_HIGHUSER);
        m.printk().clear();
        assertFalse(m.sf().unuseVma(mm.mmap, e, page));
        // pmd_clear_bad's pmd_ERROR: on 2-level i386 the pmd is folded into the pgd
        // (pgd_ERROR's format); PAE prints the entry's address and 64-bit value. Both are
        // level-less printks from mm/memory.c:117.
        String expected = pae ? String.format("<4>mm/memory.c:117: bad pmd %08x(%016x).", pmdp, (long) bad)
                : String.format("<4>mm/memory.c:117: bad pgd %08x.", bad);
        assertEquals(List.of(expected), m.printk().lines());
        assertTrue(m.pgtable().pmdNone(m.pgtable().pmdGet(pmdp)), "and cleared");
        m.sf().swapFree(e);
        m.swap().putPage(page);
    }
}
