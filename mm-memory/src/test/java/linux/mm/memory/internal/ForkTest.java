package linux.mm.memory.internal;

import static linux.arch.x86.PageGeometry.PAGE_SIZE;
import static linux.mm.memory.internal.Machine.PRIVATE;
import static linux.mm.memory.internal.Machine.RW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import linux.kernel.KernelBug;
import linux.mm.page.ForkOps;
import linux.mm.page.MmStruct;
import linux.mm.page.Page;
import linux.mm.page.Swapops;
import linux.mm.page.Task;
import linux.mm.page.TaskView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** kernel/fork.c's dup_mmap and mmput, kernel/exit.c's do_exit, and copy_page_range under them. */
class ForkTest {

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void copyOnePte_writeProtectsBothSidesAndSharesThePages(boolean pae) {
        Machine m = Machine.of(pae, 1);
        Task a = m.spawn("A", 0);
        long addr = m.mmap(a, 2 * PAGE_SIZE, RW, PRIVATE);
        a.storeInt(addr, 1);
        a.storeInt(addr + PAGE_SIZE, 2);
        assertTrue(m.pgtable.pteWrite(m.pte(a.mm, addr)));

        Task b = m.k.fork().doFork(a, 0);

        for (long p = addr; p < addr + 2 * PAGE_SIZE; p += PAGE_SIZE) {
            long pa = m.pte(a.mm, p);
            long pb = m.pte(b.mm, p);
            assertFalse(m.pgtable.pteWrite(pa), "parent's COW pte is write-protected");
            assertFalse(m.pgtable.pteWrite(pb), "child's COW pte is write-protected");
            assertTrue(m.pgtable.pteYoung(pa));
            assertFalse(m.pgtable.pteYoung(pb), "the child's pte is old");
            assertTrue(m.pgtable.pteDirty(pb), "a private mapping keeps the dirty bit in the child");
            Page page = m.page(a.mm, p);
            assertSame(page, m.page(b.mm, p));
            assertEquals(2, Page.pageMapcount(page));
        }
        assertEquals(2, m.anonRss(b.mm));
        assertEquals(a.mm.totalVm, b.mm.totalVm);
        assertSame(a.mm.mmap.anonVma, b.mm.mmap.anonVma, "anon_vma_link: the child's vma joins the parent's anon_vma");
        assertEquals(List.of(a.mm.mmap, b.mm.mmap), a.mm.mmap.anonVma.vmas());
        m.assertInvariants();
        b.contextSwitch(m.cpu(0));
        assertEquals(1, b.loadInt(addr));
        assertEquals(2, b.loadInt(addr + PAGE_SIZE));
    }

    @Test
    void copyPageRange_skipsVmasWithoutAnonVma() {
        Machine m = Machine.of(false, 1);
        Task a = m.spawn("A", 0);
        long addr = m.mmap(a, PAGE_SIZE, RW, PRIVATE);
        assertEquals(0, a.loadInt(addr), "a read fault maps ZERO_PAGE and makes no anon_vma");
        assertNull(a.mm.mmap.anonVma);
        Task b = m.k.fork().doFork(a, 0);
        assertEquals(0, m.pte(b.mm, addr), "not copied: a fault fills it just as well");
        assertEquals(0, m.fileRss(b.mm));
        m.assertInvariants();
    }

    @Test
    void copyOnePte_duplicatesSwapEntriesAndPutsTheChildOnTheMmlistAfterItsParent(@TempDir Path dir)
            throws IOException {
        Machine m = Machine.of(false, 1);
        m.swapon(dir, 64);
        Task other = m.spawn("other", 0);
        long oaddr = m.mmap(other, PAGE_SIZE, RW, PRIVATE);
        other.storeInt(oaddr, 5);
        m.swapOut(m.page(other.mm, oaddr), false);
        Task a = m.spawn("A", 0);
        long addr = m.mmap(a, PAGE_SIZE, RW, PRIVATE);
        Machine.fill(a, addr, 4);
        int entry = m.swapOut(m.page(a.mm, addr), false);
        // try_to_unmap puts each mm right after init_mm: A is now first.
        assertEquals(List.of(a.mm, other.mm), m.k.mmList().snapshot());
        assertEquals(1, m.swapMap(entry));

        Task b = m.k.fork().doFork(a, 0);

        assertEquals(2, m.swapMap(entry));
        assertEquals(entry, Swapops.pteToSwpEntry(m.pgtable, m.pte(b.mm, addr)));
        assertEquals(List.of(a.mm, b.mm, other.mm), m.k.mmList().snapshot(), "the child right after its parent");
        m.assertInvariants();
        b.contextSwitch(m.cpu(0));
        Machine.assertFilled(b, addr, 4);
        m.assertInvariants();
    }

    @Test
    void doFork_cloneVmSharesTheMm() {
        Machine m = Machine.of(false, 1);
        Task a = m.spawn("A", 0);
        long addr = m.mmap(a, PAGE_SIZE, RW, PRIVATE);
        a.storeInt(addr, 9);
        Task t = m.k.fork().doFork(a, ForkOps.CLONE_VM);
        assertSame(a.mm, t.mm);
        assertEquals(2, a.mm.mmUsers.get());
        m.k.exit().doExit(t, 0);
        assertEquals(1, a.mm.mmUsers.get());
        assertEquals(9, a.loadInt(addr), "the mm lives on with its other user");
        m.assertInvariants();
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void doExit_freesEveryPageTableAndPageTheTaskHad(boolean pae) {
        Machine m = Machine.of(pae, 1);
        long before = m.freePages();
        Task t = m.spawn("t", 0);
        long addr = m.mmap(t, 64 * PAGE_SIZE, RW, PRIVATE);
        for (int i = 0; i < 64; i++) {
            t.storeInt(addr + (long) i * PAGE_SIZE, i);
        }
        long far = m.k.mmap().sysMmap2(t.mm, 0x10000000L, PAGE_SIZE, RW, PRIVATE | linux.mm.page.MmapOps.MAP_FIXED, -1, 0);
        assertEquals(0x10000000L, far);
        assertEquals(0, t.loadInt(far));
        MmStruct mm = t.mm;
        assertEquals(2, mm.nrPtes, "two pte tables");

        m.k.exit().doExit(t, 3);

        assertEquals(3, t.exitCode);
        assertEquals(linux.mm.page.Task.EXIT_DEAD, t.exitState);
        assertTrue((t.flags & TaskView.PF_EXITING) != 0);
        assertNull(t.mm);
        assertEquals(0, mm.nrPtes);
        assertEquals(-1, mm.pgd, "mmdrop freed the page directory");
        assertEquals(0, mm.mmUsers.get());
        assertEquals(0, mm.mmCount.get());
        assertNull(m.k.initTask().findTaskByPid(t.pid));
        m.k.swap().lruAddDrainAll();
        assertEquals(before, m.freePages(), "every frame came back");
        m.assertInvariants();
        assertThrows(KernelBug.class, () -> m.k.exit().doExit(t, 0), "exiting twice");
    }

    @Test
    void doExit_withSwappedPagesFreesEverySlotAndTheSwapCache(@TempDir Path dir) throws IOException {
        Machine m = Machine.of(false, 1);
        m.swapon(dir, 64);
        long freeSwap = m.k.swapfile().nrSwapPages();
        Task a = m.spawn("A", 0);
        long addr = m.mmap(a, 4 * PAGE_SIZE, RW, PRIVATE);
        for (int i = 0; i < 4; i++) {
            Machine.fill(a, addr + i * PAGE_SIZE, i);
        }
        int[] e = new int[4];
        e[0] = m.swapOut(m.page(a.mm, addr), false);
        e[1] = m.swapOut(m.page(a.mm, addr + PAGE_SIZE), true);
        Task b = m.k.fork().doFork(a, 0);
        e[2] = m.swapOut(m.page(a.mm, addr + 2 * PAGE_SIZE), false);
        assertEquals(2, m.swapMap(e[0]));
        assertEquals(3, m.swapMap(e[1]), "two ptes and the swap cache");
        assertEquals(2, m.swapMap(e[2]), "try_to_unmap turned both mms' ptes");
        m.assertInvariants();

        m.k.exit().doExit(b, 0);
        assertEquals(1, m.swapMap(e[0]));
        assertEquals(2, m.swapMap(e[1]));
        assertEquals(1, m.swapMap(e[2]));
        assertEquals(List.of(a.mm), m.k.mmList().snapshot(), "mmput took the child off the mmlist");
        m.assertInvariants();

        m.k.exit().doExit(a, 0);
        for (int x : new int[] {e[0], e[1], e[2]}) {
            assertEquals(0, m.swapMap(x), "slot " + Swapops.swpOffset(x) + " freed");
        }
        assertEquals(0, m.k.swapperSpace().nrpages, "free_swap_and_cache emptied the swap cache");
        assertEquals(freeSwap, m.k.swapfile().nrSwapPages());
        assertEquals(List.of(), m.k.mmList().snapshot());
        m.assertInvariants();
    }

    @Test
    void mmput_givesBackTheSwapToken() {
        Machine m = Machine.of(false, 1);
        Task a = m.spawn("A", 0);
        MmStruct mm = a.mm;
        m.k.swapToken().grabSwapToken(mm);
        m.k.exit().doExit(a, 0);
        assertNull(m.k.swapToken().swapTokenMm(), "put_swap_token: the dying mm held it");
    }

    @Test
    void doFork_linksTheChildIntoTheTaskListAndUnderItsParent() {
        Machine m = Machine.of(false, 1);
        Task a = m.spawn("A", 0);
        Task b = m.k.fork().doFork(a, 0);
        Task c = m.k.fork().doFork(b, 0);
        assertEquals(List.of(a, b, c), m.k.initTask().snapshot());
        m.k.initTask().tasklistLock().readLock().lock();
        try {
            assertEquals(List.of(b), a.children());
            assertEquals(List.of(c), b.children());
        } finally {
            m.k.initTask().tasklistLock().readLock().unlock();
        }
        assertSame(b, m.k.initTask().findTaskByPid(b.pid));
        m.k.exit().doExit(b, 0);
        assertEquals(List.of(a, c), m.k.initTask().snapshot());
    }
}
