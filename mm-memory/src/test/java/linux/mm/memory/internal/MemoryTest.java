package linux.mm.memory.internal;

import static linux.arch.x86.PageGeometry.PAGE_SIZE;
import static linux.mm.memory.internal.Machine.PRIVATE;
import static linux.mm.memory.internal.Machine.RW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import linux.arch.x86.Pgtable;
import linux.mm.page.ForkOps;
import linux.mm.page.Page;
import linux.mm.page.PageFlags;
import linux.mm.page.Siginfo;
import linux.mm.page.Swapops;
import linux.mm.page.Task;
import linux.mm.page.VmEventItem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** mm/memory.c's fault handlers, on a test kernel with real page tables. */
class MemoryTest {

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void doAnonymousPage_writeFaultMapsZeroedPrivatePageDirtyAndWritable(boolean pae) {
        Machine m = Machine.of(pae, 1);
        Task t = m.spawn("a", 0);
        long a = m.mmap(t, 4 * PAGE_SIZE, RW, PRIVATE);
        long faults = m.k.pageAlloc().vmstat().vmEvent(VmEventItem.PGFAULT);

        t.storeInt(a + 8, 0x12345678);

        assertEquals(0x12345678, t.loadInt(a + 8));
        assertEquals(0, t.loadInt(a + 12), "the rest of the page is zero");
        long pte = m.pte(t.mm, a);
        Pgtable pg = m.pgtable;
        assertTrue(pg.ptePresent(pte) && pg.pteWrite(pte) && pg.pteDirty(pte) && pg.pteYoung(pte),
                "pte " + Long.toHexString(pte));
        Page page = m.page(t.mm, a);
        assertTrue(Page.pageAnon(page));
        assertEquals(1, Page.pageMapcount(page));
        assertSame(t.mm.mmap.anonVma, Page.pageAnonVma(page));
        assertEquals(1, m.anonRss(t.mm));
        assertEquals(0, m.fileRss(t.mm));
        assertEquals(faults + 1, m.k.pageAlloc().vmstat().vmEvent(VmEventItem.PGFAULT));
        assertEquals(1, t.minFlt);
        m.k.swap().lruAddDrainAll();
        assertTrue(PageFlags.pageLRU(page) && PageFlags.pageActive(page), "on the active list");
        assertEquals(1, Page.pageCount(page));
        m.assertInvariants();
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void doAnonymousPage_readFaultMapsZeroPageReadOnly(boolean pae) {
        Machine m = Machine.of(pae, 1);
        Task t = m.spawn("a", 0);
        long a = m.mmap(t, 2 * PAGE_SIZE, RW, PRIVATE);
        Page zero = m.k.memory().zeroPage(a);
        int before = Page.pageMapcount(zero);

        assertEquals(0, t.loadInt(a + 100));

        long pte = m.pte(t.mm, a);
        assertTrue(m.pgtable.ptePresent(pte));
        assertFalse(m.pgtable.pteWrite(pte), "ZERO_PAGE is mapped read-only");
        assertSame(zero, m.page(t.mm, a));
        assertEquals(before + 1, Page.pageMapcount(zero));
        assertEquals(1, m.fileRss(t.mm));
        assertEquals(0, m.anonRss(t.mm));
        m.assertInvariants();

        // A write now breaks the ZERO_PAGE mapping into a private zeroed page.
        t.storeByte(a + 1, (byte) 7);
        Page page = m.page(t.mm, a);
        assertTrue(page != zero && Page.pageAnon(page));
        assertEquals(7, t.loadByte(a + 1));
        assertEquals(0, t.loadByte(a + 2));
        assertEquals(before, Page.pageMapcount(zero));
        assertEquals(0, m.fileRss(t.mm));
        assertEquals(1, m.anonRss(t.mm));
        m.assertInvariants();
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void doWpPage_copiesAPageForkSharesAndReusesItOnceItIsOwn(boolean pae) {
        Machine m = Machine.of(pae, 1);
        Task a = m.spawn("A", 0);
        long addr = m.mmap(a, 3 * PAGE_SIZE, RW, PRIVATE);
        for (int i = 0; i < 3; i++) {
            Machine.fill(a, addr + i * PAGE_SIZE, i);
        }
        Page shared = m.page(a.mm, addr);
        Task b = m.k.fork().doFork(a, 0);
        m.assertInvariants();
        assertEquals(2, Page.pageMapcount(shared));
        assertSame(shared, m.page(b.mm, addr));

        b.contextSwitch(m.cpu(0));
        b.storeInt(addr, -1);
        Page copy = m.page(b.mm, addr);
        assertNotSame(shared, copy, "the child's write gets a copy");
        assertEquals(1, Page.pageMapcount(shared));
        assertEquals(1, Page.pageMapcount(copy));
        assertEquals(-1, b.loadInt(addr));
        assertEquals(4, b.loadInt(addr + 4), "the rest of the copy is the parent's data");
        assertTrue(m.pgtable.pteWrite(m.pte(b.mm, addr)));
        m.assertInvariants();

        a.contextSwitch(m.cpu(0));
        Machine.assertFilled(a, addr, 0);
        a.storeInt(addr, 7);
        assertSame(shared, m.page(a.mm, addr), "the parent's page is its own again: reused, not copied");
        assertTrue(m.pgtable.pteWrite(m.pte(a.mm, addr)));
        // Pages 1 and 2 are still shared read-only.
        assertSame(m.page(a.mm, addr + PAGE_SIZE), m.page(b.mm, addr + PAGE_SIZE));
        m.assertInvariants();
    }

    @Test
    void doWpPage_copiesWhenThePageLockIsTakenEvenIfItCouldBeReused() {
        Machine m = Machine.of(false, 1);
        Task t = m.spawn("t", 0);
        long addr = m.mmap(t, PAGE_SIZE, RW, PRIVATE);
        t.storeInt(addr, 42);
        // Read-only and back: the pte keeps the private vma's read-only COPY protection.
        assertEquals(0, m.k.mprotect().sysMprotect(t.mm, addr, PAGE_SIZE, MmapOpsConstants.PROT_READ));
        assertEquals(0, m.k.mprotect().sysMprotect(t.mm, addr, PAGE_SIZE, RW));
        Page page = m.page(t.mm, addr);
        assertFalse(m.pgtable.pteWrite(m.pte(t.mm, addr)));
        Page.getPage(page);
        assertFalse(PageFlags.testSetPageLocked(page), "we hold the page lock");
        try {
            t.storeInt(addr + 4, 43);
        } finally {
            linux.mm.page.Filemap.unlockPage(page);
        }
        Page now = m.page(t.mm, addr);
        assertNotSame(page, now, "TestSetPageLocked failed: do_wp_page copies");
        assertEquals(42, t.loadInt(addr));
        assertEquals(43, t.loadInt(addr + 4));
        m.k.swap().lruAddDrainAll();
        assertEquals(1, Page.pageCount(page), "only our reference is left on the old page");
        m.k.swap().putPage(page);
        m.assertInvariants();
    }

    @Test
    void doWpPage_reusesAnUnsharedPageInPlace() {
        Machine m = Machine.of(false, 1);
        Task t = m.spawn("t", 0);
        long addr = m.mmap(t, PAGE_SIZE, RW, PRIVATE);
        t.storeInt(addr, 42);
        assertEquals(0, m.k.mprotect().sysMprotect(t.mm, addr, PAGE_SIZE, MmapOpsConstants.PROT_READ));
        assertEquals(0, m.k.mprotect().sysMprotect(t.mm, addr, PAGE_SIZE, RW));
        Page page = m.page(t.mm, addr);
        t.storeInt(addr + 4, 43);
        assertSame(page, m.page(t.mm, addr));
        long pte = m.pte(t.mm, addr);
        assertTrue(m.pgtable.pteWrite(pte) && m.pgtable.pteDirty(pte));
        m.assertInvariants();
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void doSwapPage_readFaultMapsTheSwapCachePageReadOnlyAndDropsThePteReference(boolean pae, @TempDir Path dir)
            throws IOException {
        Machine m = Machine.of(pae, 1);
        m.swapon(dir, 256);
        Task t = m.spawn("t", 0);
        long addr = m.mmap(t, PAGE_SIZE, RW, PRIVATE);
        Machine.fill(t, addr, 5);
        int entry = m.swapOut(m.page(t.mm, addr), false);
        long pte = m.pte(t.mm, addr);
        assertFalse(m.pgtable.ptePresent(pte));
        assertEquals(entry, Swapops.pteToSwpEntry(m.pgtable, pte));
        assertEquals(1, m.swapMap(entry));
        assertEquals(0, m.anonRss(t.mm));
        assertTrue(m.k.mmList().isListed(t.mm));
        m.assertInvariants();
        long majors = m.vmEvent(VmEventItem.PGMAJFAULT);

        assertEquals(5 * 31, t.loadInt(addr));

        Page page = m.page(t.mm, addr);
        assertNotNull(page);
        assertFalse(m.pgtable.pteWrite(m.pte(t.mm, addr)), "a private vma maps it read-only");
        assertTrue(PageFlags.pageSwapCache(page), "it stays in the swap cache");
        assertEquals(1, m.swapMap(entry), "swap_free dropped the pte's reference; the cache's is left");
        assertEquals(1, Page.pageMapcount(page));
        assertEquals(1, m.anonRss(t.mm));
        assertEquals(1, t.majFlt);
        assertEquals(majors + 1, m.vmEvent(VmEventItem.PGMAJFAULT));
        Machine.assertFilled(t, addr, 5);
        m.assertInvariants();

        // The first write: nobody else uses page or slot, so do_wp_page reuses it, and the
        // page stays in the swap cache (its disk copy is now stale).
        t.storeInt(addr, 1);
        assertSame(page, m.page(t.mm, addr));
        assertTrue(m.pgtable.pteWrite(m.pte(t.mm, addr)));
        assertTrue(PageFlags.pageSwapCache(page));
        assertEquals(1, m.swapMap(entry));
        m.assertInvariants();
    }

    @Test
    void doSwapPage_writeFaultOnAnUnsharedSlotMapsItWritableAtOnce(@TempDir Path dir) throws IOException {
        Machine m = Machine.of(false, 1);
        m.swapon(dir, 256);
        Task t = m.spawn("t", 0);
        long addr = m.mmap(t, PAGE_SIZE, RW, PRIVATE);
        Machine.fill(t, addr, 9);
        int entry = m.swapOut(m.page(t.mm, addr), false);
        long minor = t.minFlt;

        t.storeInt(addr + 8, 77);

        long pte = m.pte(t.mm, addr);
        assertTrue(m.pgtable.pteWrite(pte) && m.pgtable.pteDirty(pte), "can_share_swap_page: writable and dirty");
        assertEquals(1, t.majFlt);
        assertEquals(minor, t.minFlt, "one fault, no second one through do_wp_page");
        assertEquals(77, t.loadInt(addr + 8));
        assertEquals(9 * 31, t.loadInt(addr));
        assertEquals(1, m.swapMap(entry));
        m.assertInvariants();
    }

    @Test
    void doSwapPage_dropsTheSwapCacheCopyWhenSwapIsMoreThanHalfFull(@TempDir Path dir) throws IOException {
        Machine m = Machine.of(false, 1);
        m.swapon(dir, 8);
        Task t = m.spawn("t", 0);
        long addr = m.mmap(t, 4 * PAGE_SIZE, RW, PRIVATE);
        int[] entries = new int[4];
        for (int i = 0; i < 4; i++) {
            Machine.fill(t, addr + i * PAGE_SIZE, i);
        }
        for (int i = 0; i < 4; i++) {
            entries[i] = m.swapOut(m.page(t.mm, addr + i * PAGE_SIZE), false);
        }
        assertTrue(m.k.swapfile().vmSwapFull(), "4 of 7 slots in use");

        Machine.assertFilled(t, addr, 0);

        Page page = m.page(t.mm, addr);
        assertFalse(PageFlags.pageSwapCache(page), "remove_exclusive_swap_page took it out of the cache");
        assertTrue(PageFlags.pageDirty(page), "and dirtied it: its only copy is in RAM now");
        assertEquals(0, m.swapMap(entries[0]));
        m.assertInvariants();
    }

    @Test
    void swapinReadahead_readsTheValidSwaphandlesWindowAroundTheEntry(@TempDir Path dir) throws IOException {
        Machine m = Machine.of(false, 1);
        assertEquals(3, m.k.swap().pageCluster(), "16M of RAM: windows of 8 slots");
        m.swapon(dir, 256);
        Task t = m.spawn("t", 0);
        int n = 10;
        long addr = m.mmap(t, n * PAGE_SIZE, RW, PRIVATE);
        int[] entries = new int[n];
        for (int i = 0; i < n; i++) {
            Machine.fill(t, addr + i * PAGE_SIZE, i);
        }
        for (int i = 0; i < n; i++) {
            entries[i] = m.swapOut(m.page(t.mm, addr + i * PAGE_SIZE), false);
            assertEquals(i + 1, Swapops.swpOffset(entries[i]), "slots are handed out in order");
        }

        // Slot 9's window is slots 8..15, cut at the first free one (11).
        Machine.assertFilled(t, addr + 8 * PAGE_SIZE, 8);

        assertEquals(List.of(entries[7], entries[8], entries[9]), m.k.ramDisk().reads());
        assertEquals(1, t.majFlt);
        for (int i : new int[] {7, 9}) {
            assertNull(m.page(t.mm, addr + i * PAGE_SIZE), "read ahead, not mapped");
            assertEquals(2, m.swapMap(entries[i]), "the pte's reference and the cache's");
        }
        m.assertInvariants();
        // A later fault on a page read ahead is a minor fault: no read.
        Machine.assertFilled(t, addr + 7 * PAGE_SIZE, 7);
        assertEquals(3, m.k.ramDisk().reads().size());
        assertEquals(1, t.majFlt);
        m.assertInvariants();
    }

    @Test
    void doSwapPage_readErrorIsSigbusForTheFaultingTaskOnly(@TempDir Path dir) throws IOException {
        Machine m = Machine.of(false, 1);
        m.swapon(dir, 256);
        Task victim = m.spawn("victim", 0);
        long addr = m.mmap(victim, PAGE_SIZE, RW, PRIVATE);
        Machine.fill(victim, addr, 1);
        m.swapOut(m.page(victim.mm, addr), false);
        Task other = m.spawn("other", 0);
        long oaddr = m.mmap(other, PAGE_SIZE, RW, PRIVATE);
        Machine.fill(other, oaddr, 2);

        victim.contextSwitch(m.cpu(0));
        m.k.ramDisk().failNextReads(Integer.MAX_VALUE);
        Siginfo sig = assertThrows(Siginfo.class, () -> victim.loadInt(addr));

        assertEquals(Siginfo.SIGBUS, sig.siSigno);
        assertEquals(Siginfo.BUS_ADRERR, sig.siCode);
        assertEquals(addr, sig.siAddr);
        assertSame(victim, sig.task);
        assertEquals(Siginfo.SIGBUS, victim.exitCode, "no handler: SIGBUS killed it");
        assertTrue(victim.exitState != 0);
        assertNull(victim.mm);
        other.contextSwitch(m.cpu(0));
        Machine.assertFilled(other, oaddr, 2);
        m.assertInvariants();
        assertEquals(0, m.k.swapperSpace().nrpages, "the failed page left the cache with the last pte");
    }

    @Test
    void doSwapPage_aPageThatFailedToReadStaysNotUptodateAndEveryFaultOnItIsSigbus(@TempDir Path dir)
            throws IOException {
        Machine m = Machine.of(false, 1);
        m.swapon(dir, 256);
        Task t = m.spawn("t", 0);
        t.sigaction(Siginfo.SIGBUS, true);
        long addr = m.mmap(t, PAGE_SIZE, RW, PRIVATE);
        Machine.fill(t, addr, 1);
        int entry = m.swapOut(m.page(t.mm, addr), false);
        m.k.ramDisk().failNextReads(1);

        Siginfo first = assertThrows(Siginfo.class, () -> t.loadInt(addr));
        assertEquals(Siginfo.SIGBUS, first.siSigno);
        assertEquals(0, t.exitState, "a handler caught it: the task lives on");
        assertEquals(0, t.sigpending(), "delivered, so no longer pending");
        assertEquals(addr, t.thread.cr2);
        // The page stays in the swap cache, not uptodate: the next fault finds it there and
        // is a SIGBUS again, without another read.
        Siginfo second = assertThrows(Siginfo.class, () -> t.loadInt(addr));
        assertEquals(Siginfo.SIGBUS, second.siSigno);
        assertEquals(1, m.k.ramDisk().reads().size());
        assertFalse(m.pgtable.ptePresent(m.pte(t.mm, addr)));
        assertEquals(2, m.swapMap(entry));
        m.assertInvariants();
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void doSwapPage_twoCpusFaultingTheSameSwappedPageShareOnePageAndOneRead(boolean cloneVm, @TempDir Path dir)
            throws Exception {
        Machine m = Machine.of(false, 2);
        m.swapon(dir, 256);
        Task a = m.spawn("A", 0);
        long addr = m.mmap(a, PAGE_SIZE, RW, PRIVATE);
        Machine.fill(a, addr, 3);
        Task b = m.k.fork().doFork(a, cloneVm ? ForkOps.CLONE_VM : 0);
        int entry = m.swapOut(m.page(a.mm, addr), false);
        assertEquals(cloneVm ? 1 : 2, m.swapMap(entry));

        m.k.ramDisk().holdReads(true);
        Throwable[] fail = new Throwable[1];
        int[] seen = new int[2];
        Thread ta = Machine.onThread("cpu0", () -> {
            a.contextSwitch(m.cpu(0));
            seen[0] = a.loadInt(addr + 4);
        }, fail);
        assertEquals(1, m.k.ramDisk().awaitHeldReads(1, 10_000));
        Machine.awaitBlocked(ta);
        Thread tb = Machine.onThread("cpu1", () -> {
            b.contextSwitch(m.cpu(1));
            seen[1] = b.loadInt(addr + 4);
        }, fail);
        Machine.awaitBlocked(tb);
        assertEquals(1, m.k.ramDisk().completeHeldReads());
        ta.join(10_000);
        tb.join(10_000);
        assertNull(fail[0]);

        assertEquals(3 * 31 + 4, seen[0]);
        assertEquals(3 * 31 + 4, seen[1]);
        assertEquals(List.of(entry), m.k.ramDisk().reads(), "one read");
        Page page = m.page(a.mm, addr);
        assertSame(page, m.page(b.mm, addr));
        assertEquals(cloneVm ? 1 : 2, Page.pageMapcount(page), "one page mapped by every pte");
        assertEquals(1, m.swapMap(entry), "only the swap cache holds the slot");
        m.assertInvariants();
    }

    @Test
    void doSwapPage_aPageReadOutsideTheReadaheadWindowKeepsItsCacheCopyEvenWhenSwapIsFull(@TempDir Path dir)
            throws IOException {
        // kernel-2.6.20.md §4.7 step 6: the last read_swap_cache_async's lru_cache_add_active
        // reference still sits in the per-CPU pagevec (swapin_readahead drained before it),
        // so remove_exclusive_swap_page sees a third reference and declines.
        Machine m = Machine.of(false, 1);
        m.swapon(dir, 8);
        Task t = m.spawn("t", 0);
        long addr = m.mmap(t, 5 * PAGE_SIZE, RW, PRIVATE);
        int[] e = new int[5];
        for (int i = 0; i < 5; i++) {
            Machine.fill(t, addr + i * PAGE_SIZE, i);
        }
        for (int i = 0; i < 5; i++) {
            e[i] = m.swapOut(m.page(t.mm, addr + i * PAGE_SIZE), false);
        }
        // Free slot 2: the window of slot 3 (slots 1..7) now stops after slot 1.
        assertEquals(0, m.k.mmap().sysMunmap(t.mm, addr + PAGE_SIZE, PAGE_SIZE));
        assertEquals(0, m.swapMap(e[1]));
        assertTrue(m.k.swapfile().vmSwapFull(), "4 of 7 slots in use");

        Machine.assertFilled(t, addr + 2 * PAGE_SIZE, 2);

        assertEquals(List.of(e[0], e[2]), m.k.ramDisk().reads(), "readahead read slot 1 only, then slot 3 itself");
        Page page = m.page(t.mm, addr + 2 * PAGE_SIZE);
        assertTrue(PageFlags.pageSwapCache(page), "remove_exclusive_swap_page declined: the pagevec holds a reference");
        assertEquals(1, m.swapMap(e[2]));
        m.assertInvariants();
    }
}
