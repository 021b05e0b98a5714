package linux.boot;

import static linux.boot.MachineProbe.entry;
import static linux.boot.MachineProbe.mapAnon;
import static linux.boot.MachineProbe.page;
import static linux.boot.MachineProbe.pte;
import static linux.boot.MachineProbe.swapMap;
import static linux.arch.x86.PageGeometry.PAGE_SIZE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import linux.arch.x86.Pgtable;
import linux.init.BootParams;
import linux.mm.page.Gfp;
import linux.mm.page.MmStruct;
import linux.mm.page.Page;
import linux.mm.page.PageFlags;
import linux.mm.page.Swapops;
import linux.mm.page.Task;
import linux.mm.page.VmEventItem;
import linux.mm.page.Zone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10: the anonymous page life cycle of kernel-2.6.20.md §4.7 on a booted machine
 * ({@code deterministic=1}: kswapd runs only at naps and scheduling points, and the swap
 * file completes each bio inside submit_bio) with a real swap file, watching one page: its
 * flags, counts, pte, swap_map slot and LRU list after each step that a call from outside
 * can observe. Steps 3 and 4 happen inside one try_to_free_pages call, so only their
 * outcome is checked.
 */
class PageLifeCycleTest {

    private static final long PATTERN = 0x1234_5678_9abc_def0L;

    @TempDir
    Path dir;

    private static Zone zone(Machine m, Page page) {
        return m.kernel().pageAlloc().pgdat().nodeZones[Page.pageZonenum(page)];
    }

    private static long anonRss(Task t) {
        return MmStruct.getMmCounter(t.mm, MmStruct.MmCounter.anonRss);
    }

    private static long event(Machine m, VmEventItem item) {
        return m.kernel().pageAlloc().vmstat().vmEvent(item);
    }

    private static int reclaim(Machine m) {
        Zone[] zones = m.kernel().pageAlloc().pgdat().nodeZonelists[Zone.ZONE_HIGHMEM].zones;
        return m.kernel().vmscan().tryToFreePages(zones, Gfp.GFP_HIGHUSER);
    }

    @Test
    @Timeout(60)
    void onePage_throughEveryStepOfSection47() throws IOException {
        Machine m = Machine.boot(BootParams.parse("mem=8M deterministic=1 swappiness=100"));
        try {
            Path swap = KernelIsolationTest.mkswap(dir, "s.swap", 64);
            m.swaponOrThrow(swap.toString(), 0);
            Pgtable pg = m.kernel().pgtable();
            Task t = m.createTask("t");
            t.contextSwitch(m.kernel().cpus().cpu(0));
            long addr = mapAnon(m, t, PAGE_SIZE);

            // Step 1: do_anonymous_page. The page is still in this CPU's lru_add_active
            // pagevec, which holds its own reference.
            t.storeLong(addr, PATTERN);
            Page page = page(m, t, addr);
            assertEquals(((long) page.pfn << 12) | 0x067, pte(m, t, addr), "present|RW|USER|ACCESSED|DIRTY");
            assertEquals(1, anonRss(t));
            assertEquals(2, Page.pageCount(page), "the pte's and the pagevec's");
            assertEquals(1, Page.pageMapcount(page));
            assertFalse(PageFlags.pageLRU(page), "not on the LRU before the pagevec drains");
            m.kernel().swap().lruAddDrainAll();
            assertEquals(1, Page.pageCount(page));
            assertEquals(1, Page.pageMapcount(page));
            assertTrue(PageFlags.pageLRU(page) && PageFlags.pageActive(page));
            assertFalse(PageFlags.pageSwapCache(page) || PageFlags.pageReferenced(page));
            assertSame(page, zone(m, page).activeList.first());

            // Step 2: shrink_active_list (reclaim_mapped with swappiness 100) first finds the pte
            // young: the page stays active and only the young bit goes.
            int calls = 0;
            while (pg.pteYoung(pte(m, t, addr)) && calls < 20) {
                reclaim(m);
                calls++;
            }
            assertEquals(((long) page.pfn << 12) | 0x047, pte(m, t, addr), "young cleared, still dirty and writable");
            assertTrue(PageFlags.pageLRU(page) && PageFlags.pageActive(page), "stays active on the first visit");
            assertTrue(zone(m, page).activeList.contains(page));
            assertEquals(1, Page.pageCount(page));
            assertEquals(0, m.kernel().pageAlloc().vmstat().vmEvent(VmEventItem.PSWPOUT));
            System.out.printf("young cleared after %d try_to_free_pages calls%n", calls);

            // Steps 2 (second visit) to 5 in one further reclaim: deactivated, add_to_swap,
            // try_to_unmap, pageout with writeback, the write completes (deterministic
            // completions run inside the call), and the next shrink_page_list frees the page.
            long before = m.completions();
            calls = 0;
            while (pg.ptePresent(pte(m, t, addr)) && calls < 20) {
                reclaim(m);
                calls++;
            }
            System.out.printf("swapped out after %d more calls%n", calls);
            int e = entry(m, t, addr);
            assertEquals(1, swapMap(m, e), "step 5: only the swap pte holds the slot");
            assertEquals(0, Page.pageCount(page), "step 5: page freed");
            assertEquals(0, Page.pageMapcount(page));
            assertFalse(PageFlags.pageLRU(page) || PageFlags.pageSwapCache(page) || PageFlags.pageWriteback(page)
                    || PageFlags.pageLocked(page) || PageFlags.pageDirty(page));
            assertEquals(0, m.kernel().swapperSpace().nrpages, "left the swap cache");
            assertEquals(0, anonRss(t));
            assertEquals(1, m.kernel().pageAlloc().vmstat().vmEvent(VmEventItem.PSWPOUT));
            assertEquals(1, m.completions() - before, "one write completed");
            assertEquals(1, event(m, VmEventItem.PGDEACTIVATE), "step 2's second visit deactivated it");
            assertEquals(1, event(m, VmEventItem.PGSTEAL_DMA), "freed by reclaim");
            // Step 4 as §4.7 tells it does not happen here: with deterministic=1 the swap
            // file completes the write inside submit_bio, while shrink_page_list still holds
            // the page isolated, so rotate_reclaimable_page finds it off the LRU and does not
            // rotate, and the same shrink_page_list pass goes on to remove_mapping (step 5).
            assertEquals(0, event(m, VmEventItem.PGROTATED), "no rotation: completed while isolated");
            assertTrue(m.kernel().mmList().isListed(t.mm), "try_to_unmap put the mm on mmlist");
            // The real swap file holds the page at its slot.
            ByteBuffer slot = ByteBuffer.wrap(Files.readAllBytes(swap), Swapops.swpOffset(e) * (int) PAGE_SIZE, 8);
            assertEquals(PATTERN, slot.order(ByteOrder.LITTLE_ENDIAN).getLong(), "slot " + Swapops.swpOffset(e));

            // Step 6: read fault. Swap is not full (1 of 63 slots), so the page stays in the
            // swap cache: cnt 2 (pte + cache), sm 1 (swap_free dropped the pte's), read-only pte.
            // A lone slot is inside its own readahead window, so swapin_readahead's drain
            // already moved the pagevec reference onto the LRU.
            assertFalse(m.kernel().swapfile().vmSwapFull());
            assertEquals(PATTERN, t.loadLong(addr), "contents after swap-in");
            Page in = page(m, t, addr);
            assertEquals(((long) in.pfn << 12) | 0x025, pte(m, t, addr), "present|USER|ACCESSED: read-only");
            assertEquals(1, anonRss(t));
            assertEquals(1, Page.pageMapcount(in));
            assertEquals(2, Page.pageCount(in), "pte + swap cache");
            assertEquals(1, swapMap(m, e));
            assertTrue(PageFlags.pageSwapCache(in) && PageFlags.pageUptodate(in));
            assertEquals(e, Page.pagePrivate(in));
            assertFalse(PageFlags.pageLocked(in) || PageFlags.pageWriteback(in));
            assertTrue(PageFlags.pageLRU(in) && PageFlags.pageActive(in) && zone(m, in).activeList.contains(in));
            assertEquals(1, m.kernel().pageAlloc().vmstat().vmEvent(VmEventItem.PSWPIN));

            // Step 7: write fault, do_wp_page reuses the page (can_share_swap_page: map 1 +
            // sm-1 0); it stays in the swap cache with a stale copy on disk.
            t.storeLong(addr, ~PATTERN);
            assertSame(in, page(m, t, addr), "reused, not copied");
            assertEquals(((long) in.pfn << 12) | 0x067, pte(m, t, addr), "young|dirty|RW");
            assertTrue(PageFlags.pageSwapCache(in));
            assertEquals(1, swapMap(m, e));
            assertEquals(2, Page.pageCount(in));
            assertEquals(~PATTERN, t.loadLong(addr));
            m.exit(t, 0);
            assertEquals(0, swapMap(m, e), "exit freed the slot");
            m.swapoffOrThrow(swap.toString());
        } finally {
            m.halt();
        }
    }

    @Test
    @Timeout(60)
    void step6Caveat_aPageReadOutsideTheReadaheadWindowKeepsItsCacheCopyEvenWithSwapFull() throws IOException {
        Machine m = Machine.boot(BootParams.parse("mem=8M deterministic=1 swappiness=100"));
        try {
            // 7 usable slots
            Path swap = KernelIsolationTest.mkswap(dir, "small.swap", 8);
            m.swaponOrThrow(swap.toString(), 0);
            Task t = m.createTask("t");
            t.contextSwitch(m.kernel().cpus().cpu(0));
            int n = 5;
            long addr = mapAnon(m, t, n * PAGE_SIZE);
            for (int i = 0; i < n; i++) {
                t.storeLong(addr + i * PAGE_SIZE, PATTERN + i);
            }
            m.kernel().swap().lruAddDrainAll();
            Pgtable pg = m.kernel().pgtable();
            for (int calls = 0; calls < 40; calls++) {
                boolean any = false;
                for (int i = 0; i < n; i++) {
                    any |= pg.ptePresent(pte(m, t, addr + i * PAGE_SIZE));
                }
                if (!any) {
                    break;
                }
                reclaim(m);
            }
            long[] byOffset = new long[8];
            for (int i = 0; i < n; i++) {
                int e = entry(m, t, addr + i * PAGE_SIZE);
                assertEquals(1, swapMap(m, e));
                byOffset[Swapops.swpOffset(e)] = addr + i * PAGE_SIZE;
            }
            for (int off = 1; off <= n; off++) {
                assertTrue(byOffset[off] != 0, "slots 1.." + n + " in use");
            }
            // Free slot 2: the readahead window around slot 3 now ends at slot 1.
            assertEquals(0, m.kernel().mmap().sysMunmap(t.mm, byOffset[2], PAGE_SIZE));
            assertTrue(m.kernel().swapfile().vmSwapFull(), "4 of 7 slots in use");
            int e3 = entry(m, t, byOffset[3]);
            int i3 = (int) ((byOffset[3] - addr) / PAGE_SIZE);

            assertEquals(PATTERN + i3, t.loadLong(byOffset[3]), "contents after swap-in");
            Page in = page(m, t, byOffset[3]);
            // The final read_swap_cache_async's lru_cache_add_active reference is still in the
            // pagevec: remove_exclusive_swap_page saw cnt 3 and declined.
            assertTrue(PageFlags.pageSwapCache(in), "kept its swap-cache copy");
            assertEquals(1, swapMap(m, e3));
            assertEquals(3, Page.pageCount(in), "pte + cache + pagevec");
            assertFalse(PageFlags.pageLRU(in), "still in the pagevec");
            assertEquals(1, Page.pageMapcount(in));
            m.kernel().swap().lruAddDrainAll();
            assertEquals(2, Page.pageCount(in));
            assertTrue(PageFlags.pageLRU(in) && PageFlags.pageActive(in));
            assertTrue(PageFlags.pageSwapCache(in), "the drain does not revisit the decision");
            m.exit(t, 0);
        } finally {
            m.halt();
        }
    }

    @Test
    @Timeout(60)
    void step6_withSwapFullAPageInsideTheReadaheadWindowLeavesTheSwapCache() throws IOException {
        Machine m = Machine.boot(BootParams.parse("mem=8M deterministic=1 swappiness=100"));
        try {
            // 3 usable slots, 2 of them used below: vm_swap_full
            Path swap = KernelIsolationTest.mkswap(dir, "tiny.swap", 4);
            m.swaponOrThrow(swap.toString(), 0);
            Task t = m.createTask("t");
            t.contextSwitch(m.kernel().cpus().cpu(0));
            long addr = mapAnon(m, t, 2 * PAGE_SIZE);
            t.storeLong(addr, PATTERN);
            t.storeLong(addr + PAGE_SIZE, PATTERN + 1);
            m.kernel().swap().lruAddDrainAll();
            Pgtable pg = m.kernel().pgtable();
            for (int calls = 0; calls < 40
                    && (pg.ptePresent(pte(m, t, addr)) || pg.ptePresent(pte(m, t, addr + PAGE_SIZE))); calls++) {
                reclaim(m);
            }
            int e = entry(m, t, addr);
            assertEquals(1, swapMap(m, e));
            assertEquals(1, swapMap(m, entry(m, t, addr + PAGE_SIZE)));
            assertTrue(m.kernel().swapfile().vmSwapFull(), "2 of 3 slots in use");

            assertEquals(PATTERN, t.loadLong(addr), "contents after swap-in");
            Page in = page(m, t, addr);
            // readahead read both slots and drained before the final read_swap_cache_async found
            // the target in the cache: cnt 2, so remove_exclusive_swap_page took it out.
            assertFalse(PageFlags.pageSwapCache(in), "dropped from the swap cache");
            assertEquals(0, swapMap(m, e), "slot freed");
            assertEquals(1, Page.pageCount(in), "the pte's only");
            assertTrue(PageFlags.pageDirty(in), "its only copy is in RAM now");
            assertEquals(1, Page.pageMapcount(in));
            assertEquals(((long) in.pfn << 12) | 0x025, pte(m, t, addr), "still mapped read-only");
            m.exit(t, 0);
        } finally {
            m.halt();
        }
    }
}
