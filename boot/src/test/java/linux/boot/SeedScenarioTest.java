package linux.boot;

import static linux.boot.MachineProbe.entry;
import static linux.boot.MachineProbe.mapAnon;
import static linux.boot.MachineProbe.page;
import static linux.boot.MachineProbe.pte;
import static linux.boot.MachineProbe.swapMap;
import static linux.arch.x86.PageGeometry.PAGE_SIZE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import linux.init.BootParams;
import linux.mm.page.Filemap;
import linux.mm.page.Gfp;
import linux.mm.page.Page;
import linux.mm.page.PageFlags;
import linux.mm.page.RmapResult;
import linux.mm.page.Swapops;
import linux.mm.page.Task;
import linux.mm.page.WritebackControl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9's seed scenario on a booted machine with a real swap file: one anonymous page
 * shared by A and its two fork children B and C is swapped out by hand, calling the kernel
 * functions in the order shrink_page_list does, then B faults it back and writes it.
 */
class SeedScenarioTest {

    private static final long ORIGINAL = 0x1122_3344_5566_7788L;
    private static final long B_VALUE = 0x0bbb_0bbb_0bbb_0bbbL;

    @TempDir
    Path dir;

    /** Reads addr as task t (switching t onto CPU 0 first, as the scheduler would). */
    private static long load(Machine m, Task t, long addr) {
        t.contextSwitch(m.kernel().cpus().cpu(0));
        return t.loadLong(addr);
    }

    @Test
    @Timeout(60)
    void sharedAnonPage_swappedOutByHand_faultedBackAndCopiedByB() throws IOException {
        Machine m = Machine.boot(BootParams.parse("mem=8M deterministic=1"));
        try {
            Path swap = KernelIsolationTest.mkswap(dir, "seed.swap", 64);
            m.swaponOrThrow(swap.toString(), 0);
            Task a = m.createTask("A");
            a.contextSwitch(m.kernel().cpus().cpu(0));
            long addr = mapAnon(m, a, PAGE_SIZE);
            a.storeLong(addr, ORIGINAL);
            Task b = m.fork(a);
            Task c = m.fork(a);
            m.kernel().swap().lruAddDrainAll();

            // Three ptes, one page: fork's copy_one_pte took a reference and a mapcount per child
            // and write-protected both parent's and child's pte.
            Page page = page(m, a, addr);
            assertSame(page, page(m, b, addr));
            assertSame(page, page(m, c, addr));
            assertEquals(3, Page.pageMapcount(page));
            assertEquals(3, Page.pageCount(page), "one reference per pte after the drain");
            assertTrue(Page.pageAnon(page) && PageFlags.pageLRU(page));
            assertEquals(ORIGINAL, load(m, a, addr));
            assertEquals(ORIGINAL, load(m, b, addr));
            assertEquals(ORIGINAL, load(m, c, addr));
            assertSame(page, page(m, a, addr), "reads fault nothing in");

            // try_to_unmap_one refuses (SWAP_FAIL) while a pte is young: in reclaim an earlier
            // shrink_active_list pass has already cleared the young bits with page_referenced.
            int young = m.kernel().rmap().pageReferenced(page, 0);
            System.out.println("page_referenced before unmap: " + young);
            assertTrue(young >= 1, "A's write and the reads left young ptes");
            // As shrink_page_list: isolate_lru_pages held a reference; here we take ours.
            Page.getPage(page);
            Filemap.lockPage(page);
            assertEquals(0, m.kernel().rmap().pageReferenced(page, 1), "shrink_page_list's check: not referenced");
            assertEquals(1, m.kernel().swapState().addToSwap(page, Gfp.GFP_ATOMIC), "add_to_swap");
            assertTrue(PageFlags.pageSwapCache(page) && PageFlags.pageDirty(page));
            int e = Page.pagePrivate(page);
            assertEquals(1, swapMap(m, e), "the swap cache's");
            assertEquals(5, Page.pageCount(page), "3 ptes + ours + swap cache");
            assertEquals(RmapResult.SWAP_SUCCESS, m.kernel().rmap().tryToUnmap(page, 0));
            assertEquals(e, entry(m, a, addr));
            assertEquals(e, entry(m, b, addr));
            assertEquals(e, entry(m, c, addr));
            assertEquals(4, swapMap(m, e), "three swap ptes + swap cache");
            assertEquals(0, Page.pageMapcount(page));
            assertEquals(2, Page.pageCount(page), "ours + swap cache");

            // pageout: clear_page_dirty_for_io, then swapper_space's writepage (swap_writepage),
            // which unlocks the page. Not exclusive (swap_map 4) so it really writes.
            assertEquals(1, m.kernel().pageWriteback().clearPageDirtyForIo(page));
            WritebackControl wbc = new WritebackControl();
            wbc.syncMode = WritebackControl.WritebackSyncModes.WB_SYNC_NONE;
            wbc.nrToWrite = linux.mm.page.SwapOps.SWAP_CLUSTER_MAX;
            assertEquals(0, m.kernel().pageIo().swapWritepage(page, wbc));
            assertFalse(PageFlags.pageLocked(page), "swap_writepage unlocks");
            Filemap.waitOnPageWriteback(page);
            assertFalse(PageFlags.pageWriteback(page) || PageFlags.pageError(page) || PageFlags.pageDirty(page));
            assertTrue(PageFlags.pageSwapCache(page));

            // The next shrink_page_list pass: lock, remove_mapping (page_count 2), unlock, drop ours.
            Filemap.lockPage(page);
            assertEquals(1, m.kernel().vmscan().removeMapping(m.kernel().swapperSpace(), page));
            Filemap.unlockPage(page);
            assertFalse(PageFlags.pageSwapCache(page));
            assertEquals(3, swapMap(m, e), "the three swap ptes");
            assertEquals(1, Page.pageCount(page), "ours only");
            m.kernel().swap().putPage(page);
            assertEquals(0, Page.pageCount(page), "freed");

            // B reads: do_swap_page reads the slot into a new swap-cache page, maps it read-only
            // and swap_free drops B's pte's count (cache +1, B -1). Swap is not full, so
            // remove_exclusive_swap_page is not tried and the page stays in the cache.
            assertEquals(ORIGINAL, load(m, b, addr), "B after swap-in");
            Page in = page(m, b, addr);
            assertFalse(m.kernel().pgtable().pteWrite(pte(m, b, addr)), "mapped read-only");
            assertEquals(e, entry(m, a, addr), "A still holds the entry");
            assertEquals(e, entry(m, c, addr), "C still holds the entry");
            assertTrue(PageFlags.pageSwapCache(in) && PageFlags.pageUptodate(in));
            assertEquals(e, Page.pagePrivate(in));
            assertEquals(3, swapMap(m, e), "A + C + swap cache");
            assertEquals(1, Page.pageMapcount(in));

            // B writes: do_wp_page asks can_share_swap_page, which counts mapcount 1 plus
            // page_swapcount 2 (A's and C's entries) = 3, not 1: the page cannot be reused, so
            // 2.6.20 copies it for B. The old page stays in the swap cache, unmapped, for A and C.
            b.contextSwitch(m.kernel().cpus().cpu(0));
            b.storeLong(addr, B_VALUE);
            Page copy = page(m, b, addr);
            assertNotSame(in, copy, "COW copy, not reuse");
            assertTrue(m.kernel().pgtable().pteWrite(pte(m, b, addr)));
            assertFalse(PageFlags.pageSwapCache(copy));
            assertEquals(1, Page.pageMapcount(copy));
            assertTrue(PageFlags.pageSwapCache(in), "old page left in the swap cache");
            assertEquals(0, Page.pageMapcount(in));
            assertEquals(3, swapMap(m, e), "A + C + swap cache");
            assertEquals(B_VALUE, load(m, b, addr));

            // A and C fault the cached page back in (swap_free of their entries) and see the original.
            assertEquals(ORIGINAL, load(m, a, addr), "A after B's write");
            assertEquals(ORIGINAL, load(m, c, addr), "C after B's write");
            assertSame(in, page(m, a, addr));
            assertSame(in, page(m, c, addr));
            assertEquals(2, Page.pageMapcount(in));
            assertEquals(1, swapMap(m, e), "only the swap cache's");
            assertEquals(B_VALUE, load(m, b, addr));

            m.exit(c, 0);
            m.exit(b, 0);
            m.exit(a, 0);
            assertEquals(0, swapMap(m, e), "exits freed the slot");
            m.swapoffOrThrow(swap.toString());
        } finally {
            m.halt();
        }
    }
}
