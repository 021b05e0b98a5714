package linux.mm.memory.internal;

import static linux.arch.x86.PageGeometry.PAGE_SIZE;
import static linux.mm.memory.internal.Machine.PRIVATE;
import static linux.mm.memory.internal.Machine.RW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import linux.mm.page.Filemap;
import linux.mm.page.Page;
import linux.mm.page.PageFlags;
import linux.mm.page.RmapResult;
import linux.mm.page.Swapops;
import linux.mm.page.Task;
import linux.mm.page.WritebackControl;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The seed scenario of issue 9: three tasks made by fork share one anonymous page; reclaim
 * puts it in the swap cache and unmaps it from all three; it is written and leaves the
 * cache; one task reads it back and then writes it, getting a private copy. The contents are
 * checked in every task at every step, and the invariants of kernel-2.6.20.md §4 after each.
 *
 * <p>Runs on the real mm-rmap and testkit's working swap cache until the real mm-swapstate
 * and mm-pageio are on reshape; then the kernel's command line drops
 * {@code swap_state=simple page_io=simple}.
 */
class SeedScenarioTest {

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void seedScenario_threeTasksShareOneSwappedPageUntilOneWritesIt(boolean pae, @TempDir Path dir)
            throws IOException {
        Machine m = Machine.of(pae, 1);
        m.swapon(dir, 64);
        Task a = m.spawn("A", 0);
        long addr = m.mmap(a, PAGE_SIZE, RW, PRIVATE);
        Machine.fill(a, addr, 42);
        Task b = m.k.fork().doFork(a, 0);
        Task c = m.k.fork().doFork(b, 0);
        Task[] all = {a, b, c};
        Page page = m.page(a.mm, addr);
        for (Task t : all) {
            assertSame(page, m.page(t.mm, addr), t + " maps the shared page");
        }
        assertEquals(3, Page.pageMapcount(page));
        m.assertInvariants();

        // Reclaim: add_to_swap, then try_to_unmap turns all three ptes into the entry.
        m.k.swap().lruAddDrainAll();
        Page.getPage(page);
        assertFalse(PageFlags.testSetPageLocked(page));
        assertEquals(1, m.k.swapState().addToSwap(page, 0));
        int entry = Page.pagePrivate(page);
        m.k.rmap().pageReferenced(page, 1);
        assertEquals(RmapResult.SWAP_SUCCESS, m.k.rmap().tryToUnmap(page, 0));
        for (Task t : all) {
            long pte = m.pte(t.mm, addr);
            assertFalse(m.pgtable.ptePresent(pte));
            assertEquals(entry, Swapops.pteToSwpEntry(m.pgtable, pte), t + " holds the swap entry");
            assertEquals(0, m.anonRss(t.mm));
            assertTrue(m.k.mmList().isListed(t.mm));
        }
        assertEquals(4, m.swapMap(entry), "three ptes and the swap cache");
        assertEquals(0, Page.pageMapcount(page));

        // pageout, then remove_mapping once the write is done.
        m.k.pageWriteback().clearPageDirtyForIo(page);
        assertEquals(0, m.k.pageIo().swapWritepage(page, new WritebackControl()));
        Filemap.lockPage(page);
        assertEquals(2, Page.pageCount(page));
        m.k.swapState().deleteFromSwapCache(page);
        Filemap.unlockPage(page);
        m.k.swap().putPage(page);
        assertEquals(3, m.swapMap(entry), "the page left the cache: three ptes");
        m.assertInvariants();

        // B's read fault maps it back; A and C still hold the entry.
        b.contextSwitch(m.cpu(0));
        Machine.assertFilled(b, addr, 42);
        Page back = m.page(b.mm, addr);
        assertTrue(PageFlags.pageSwapCache(back));
        assertFalse(m.pgtable.pteWrite(m.pte(b.mm, addr)));
        assertEquals(1, Page.pageMapcount(back));
        assertEquals(3, m.swapMap(entry), "A's and C's ptes and the swap cache");
        for (Task t : new Task[] {a, c}) {
            assertEquals(entry, Swapops.pteToSwpEntry(m.pgtable, m.pte(t.mm, addr)));
        }
        m.assertInvariants();

        // B's write: the page is shared through the swap slot, so do_wp_page copies.
        b.storeInt(addr, -42);
        Page copy = m.page(b.mm, addr);
        assertNotSame(back, copy);
        assertFalse(PageFlags.pageSwapCache(copy));
        assertEquals(0, Page.pageMapcount(back), "the swap-cache page is mapped by nobody now");
        assertTrue(PageFlags.pageSwapCache(back));
        assertEquals(3, m.swapMap(entry));
        assertEquals(-42, b.loadInt(addr));
        assertEquals(42 * 31 + 4, b.loadInt(addr + 4));
        m.assertInvariants();

        // A and C still see the original.
        for (Task t : new Task[] {a, c}) {
            t.contextSwitch(m.cpu(0));
            Machine.assertFilled(t, addr, 42);
            assertSame(back, m.page(t.mm, addr), t + " maps the swap-cache page");
        }
        assertEquals(2, Page.pageMapcount(back));
        assertEquals(1, m.swapMap(entry), "only the cache holds the slot now");
        m.assertInvariants();
    }
}
