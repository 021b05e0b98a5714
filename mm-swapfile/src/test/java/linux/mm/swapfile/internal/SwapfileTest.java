package linux.mm.swapfile.internal;

import static linux.mm.page.SwapInfoStruct.SWAP_FLAG_PREFER;
import static linux.mm.page.SwapInfoStruct.SWAP_MAP_BAD;
import static linux.mm.page.SwapInfoStruct.SWAP_MAP_MAX;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import linux.mm.page.AddressSpace;
import linux.mm.page.Page;
import linux.mm.page.PageFlags;
import linux.mm.page.SwapInfoStruct;
import linux.mm.page.Swapops;
import linux.mm.page.SwapfileOps;
import linux.mm.swapfile.SwapInvariants;
import linux.kernel.Printk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slot allocation and reference counting of mm/swapfile.c, replayed step by step
 * (kernel-2.6.20.md §2.9), on a test kernel.
 */
class SwapfileTest {

    @TempDir
    Path dir;

    SwapfileTestKernel k;
    Printk.Buffer log;
    Swapfile sf;

    @AfterEach
    void swapMapAccountingHolds() {
        assertEquals(List.of(), SwapInvariants.check(sf), "kernel-2.6.20.md §4.3");
    }

    @BeforeEach
    void boot() {
        k = SwapfileTestKernel.boot("");
        log = k.printk();
        sf = k.sf();
    }

    /** Swaps on a file of {@code filePages} pages (last_page = filePages - 1): usable offsets 1 .. filePages - 2. */
    SwapInfoStruct area(String name, long filePages, int flags) throws IOException {
        Path p = SwapAreas.mkswap(dir, name, filePages);
        assertEquals(0, sf.sysSwapon(p.toString(), flags), log.messages().toString());
        for (int t = 0; t < sf.nrSwapfiles(); t++) {
            SwapInfoStruct si = sf.getSwapInfoStruct(t);
            if (si.swapFile != null && si.swapFile.path().equals(p.toRealPath().toString())) {
                return si;
            }
        }
        throw new AssertionError("area not found");
    }

    static int off(int entry) {
        return Swapops.swpOffset(entry);
    }

    static int type(int entry) {
        return Swapops.swpType(entry);
    }

    @Test
    void scanSwapMap_startsClusterAtFirstEmptyRun() throws IOException {
        SwapInfoStruct si = area("a", 1002, 0);
        assertEquals(0, si.clusterNr);
        int e = sf.getSwapPage();
        assertEquals(1, off(e));
        // Starting a cluster sets cluster_nr to 255 and does not count the first slot.
        assertEquals(255, si.clusterNr);
        assertEquals(2, si.clusterNext);
        assertEquals(2, si.lowestBit);
        assertEquals(1, si.inusePages);
        assertEquals(999, sf.nrSwapPages());
    }

    @Test
    void scanSwapMap_allocatesSequentiallyWithinCluster() throws IOException {
        SwapInfoStruct si = area("a", 1002, 0);
        for (int i = 1; i <= 256; i++) {
            assertEquals(i, off(sf.getSwapPage()));
            assertEquals(256 - i, si.clusterNr, "cluster_nr after slot " + i);
            assertEquals(i + 1, si.clusterNext);
        }
        assertEquals(256, si.inusePages);
        assertEquals(257, si.lowestBit);
        assertEquals(1000, si.highestBit);
    }

    @Test
    void scanSwapMap_newClusterSkipsRunsWithUsedSlots() throws IOException {
        SwapInfoStruct si = area("a", 1002, 0);
        int[] e = new int[256];
        for (int i = 0; i < 256; i++) {
            e[i] = sf.getSwapPage();
        }
        assertEquals(0, si.clusterNr);
        // A lone free slot at 10 lowers lowest_bit but is no empty cluster.
        sf.swapFree(e[9]);
        assertEquals(10, si.lowestBit);
        int next = sf.getSwapPage();
        assertEquals(257, off(next), "the new cluster starts at the first run of 256 free slots");
        assertEquals(255, si.clusterNr);
        assertEquals(0, si.swapMap[10]);
    }

    @Test
    void scanSwapMap_takesLowestBitWhenFewerThanClusterFree() throws IOException {
        SwapInfoStruct si = area("a", 102, 0);
        assertEquals(100, si.pages);
        int a = sf.getSwapPage();
        int b = sf.getSwapPage();
        assertEquals(2, off(b));
        sf.swapFree(a);
        si.clusterNr = 0; // as when a cluster has just been used up
        assertEquals(1, off(sf.getSwapPage()), "fewer than 256 free: straight to lowest_bit");
        assertEquals(255, si.clusterNr);
    }

    @Test
    void scanSwapMap_noEmptyClusterFallsBackToLowestBit() throws IOException {
        SwapInfoStruct si = area("a", 602, 0);
        int[] e = new int[600];
        for (int i = 0; i < 600; i++) {
            e[i] = sf.getSwapPage();
            assertEquals(i + 1, off(e[i]));
        }
        assertEquals(0, sf.getSwapPage());
        // 300 free slots, every other one: no run of 256.
        for (int i = 0; i < 600; i += 2) {
            sf.swapFree(e[i]);
        }
        assertEquals(300, sf.nrSwapPages());
        si.clusterNr = 0;
        assertEquals(1, off(sf.getSwapPage()));
        assertEquals(255, si.clusterNr);
    }

    @Test
    void scanSwapMap_linearSearchFromClusterNextSkipsUsedSlots() throws IOException {
        SwapInfoStruct si = area("a", 602, 0);
        int[] e = new int[600];
        for (int i = 0; i < 600; i++) {
            e[i] = sf.getSwapPage();
        }
        for (int i = 0; i < 600; i += 2) {
            sf.swapFree(e[i]);
        }
        si.clusterNr = 10;
        si.clusterNext = 2; // in use: scan on to the next free slot
        assertEquals(3, off(sf.getSwapPage()));
        assertEquals(9, si.clusterNr);
        assertEquals(4, si.clusterNext);
        assertEquals(5, off(sf.getSwapPage()));
    }

    @Test
    void scanSwapMap_wrapsToLowestBitPastHighestBit() throws IOException {
        SwapInfoStruct si = area("a", 602, 0);
        int[] e = new int[600];
        for (int i = 0; i < 600; i++) {
            e[i] = sf.getSwapPage();
        }
        // Full: the bounds are reset.
        assertEquals(si.max, si.lowestBit);
        assertEquals(0, si.highestBit);
        assertEquals(601, si.clusterNext);
        sf.swapFree(e[4]);
        sf.swapFree(e[2]);
        assertEquals(3, si.lowestBit);
        assertEquals(5, si.highestBit);
        int clusterNr = si.clusterNr;
        assertTrue(clusterNr > 0);
        // cluster_next (601) is past highest_bit: start again at lowest_bit.
        assertEquals(3, off(sf.getSwapPage()));
        assertEquals(clusterNr - 1, si.clusterNr);
        assertEquals(5, off(sf.getSwapPage()));
        assertEquals(0, sf.getSwapPage());
    }

    @Test
    void getSwapPage_fullAreaReturnsZeroAndRestoresCounter() throws IOException {
        SwapInfoStruct si = area("a", 12, 0);
        assertEquals(10, si.pages);
        for (int i = 1; i <= 10; i++) {
            assertEquals(i, off(sf.getSwapPage()));
        }
        assertEquals(0, sf.nrSwapPages());
        assertEquals(si.max, si.lowestBit);
        assertEquals(0, si.highestBit);
        assertEquals(0, sf.getSwapPage());
        assertEquals(0, sf.nrSwapPages());
        assertEquals(0, sf.getSwapPageOfType(si.type));
        assertEquals(0, sf.nrSwapPages());
    }

    @Test
    void getSwapPage_roundRobinAmongEqualPrioritiesThenLower() throws IOException {
        SwapInfoStruct a = area("a", 12, SWAP_FLAG_PREFER | 5);
        SwapInfoStruct b = area("b", 12, SWAP_FLAG_PREFER | 5);
        SwapInfoStruct c = area("c", 12, SWAP_FLAG_PREFER | 1);
        // b went in before a (equal priority), c at the tail.
        assertEquals(b.type, sf.swapList.head);
        assertEquals(a.type, b.next);
        assertEquals(c.type, a.next);
        assertEquals(-1, c.next);
        assertEquals(b.type, sf.swapList.next);
        for (int i = 1; i <= 10; i++) {
            int e1 = sf.getSwapPage();
            assertEquals(b.type, type(e1));
            assertEquals(i, off(e1));
            assertEquals(a.type, sf.swapList.next);
            int e2 = sf.getSwapPage();
            assertEquals(a.type, type(e2));
            assertEquals(i, off(e2));
            assertEquals(b.type, sf.swapList.next);
        }
        // Both priority-5 areas are full: the lower priority is used.
        int e = sf.getSwapPage();
        assertEquals(c.type, type(e));
        assertEquals(1, off(e));
        assertEquals(b.type, sf.swapList.next);
        assertEquals(1, c.inusePages);
    }

    @Test
    void swapEntryFree_movesSwapListNextToHigherPriorityArea() throws IOException {
        SwapInfoStruct a = area("a", 12, SWAP_FLAG_PREFER | 5);
        SwapInfoStruct c = area("c", 12, SWAP_FLAG_PREFER | 1);
        SwapInfoStruct d = area("d", 12, SWAP_FLAG_PREFER | 1);
        assertEquals(a.type, sf.swapList.head);
        assertEquals(d.type, a.next);
        assertEquals(c.type, d.next);
        int first = 0;
        for (int i = 0; i < 10; i++) {
            int e = sf.getSwapPage();
            assertEquals(a.type, type(e));
            if (i == 0) {
                first = e;
            }
        }
        int e = sf.getSwapPage();
        assertEquals(d.type, type(e));
        assertEquals(c.type, sf.swapList.next, "the walk continues among the priority-1 areas");
        sf.swapFree(first);
        assertEquals(a.type, sf.swapList.next, "a freed slot in a higher-priority area redirects allocation");
        assertEquals(first, sf.getSwapPage());
    }

    @Test
    void swapEntryFree_countReachingZeroWidensBoundsAndCounts() throws IOException {
        SwapInfoStruct si = area("a", 12, 0);
        int e = sf.getSwapPage();
        assertEquals(1, sf.swapDuplicate(e));
        assertEquals(2, si.swapMap[1]);
        sf.swapLock.lock();
        try {
            assertEquals(1, sf.swapEntryFree(si, 1));
            assertEquals(1, si.inusePages);
            assertEquals(0, sf.swapEntryFree(si, 1));
        } finally {
            sf.swapLock.unlock();
        }
        assertEquals(0, si.inusePages);
        assertEquals(1, si.lowestBit);
        assertEquals(10, sf.nrSwapPages());
    }

    @Test
    void swapDuplicate_saturatesAtSwapMapMax() throws IOException {
        SwapInfoStruct si = area("a", 12, 0);
        int e = sf.getSwapPage();
        si.swapMap[1] = 0x7ffd;
        assertEquals(1, sf.swapDuplicate(e));
        assertEquals(0x7ffe, si.swapMap[1]);
        assertTrue(log.messages().stream().noneMatch(m -> m.contains("overflow")));
        assertEquals(1, sf.swapDuplicate(e));
        assertEquals(SWAP_MAP_MAX, si.swapMap[1]);
        assertEquals("<4>swap_dup: swap entry overflow", log.lines().get(log.lines().size() - 1));
        for (int i = 0; i < 10; i++) {
            assertEquals(1, sf.swapDuplicate(e));
        }
        assertEquals(SWAP_MAP_MAX, si.swapMap[1]);
        assertEquals(5, log.messages().stream().filter(m -> m.equals("swap_dup: swap entry overflow")).count(),
                "the overflow is reported five times at most");
        // A saturated slot is never freed.
        sf.swapFree(e);
        sf.swapFree(e);
        assertEquals(SWAP_MAP_MAX, si.swapMap[1]);
        assertEquals(1, si.inusePages);
    }

    @Test
    void swapDuplicate_refusesFreeBadAndForeignEntries() throws IOException {
        SwapInfoStruct si = area("a", 12, 0);
        assertEquals(0, sf.swapDuplicate(Swapops.swpEntry(0, 3)), "free slot");
        assertEquals(0, sf.swapDuplicate(Swapops.swpEntry(0, 0)), "header (SWAP_MAP_BAD)");
        assertEquals(SWAP_MAP_BAD, si.swapMap[0]);
        assertEquals(0, sf.swapDuplicate(Swapops.swpEntry(0, 11)), "beyond max");
        log.clear();
        assertEquals(0, sf.swapDuplicate(Swapops.swpEntry(7, 3)));
        assertEquals(List.of("<3>swap_dup: Bad swap file entry 38000003"), log.lines());
    }

    @Test
    void swapInfoGet_reportsEachKindOfBadEntry() throws IOException {
        area("a", 12, 0);
        log.clear();
        sf.swapFree(0);
        assertEquals(List.of(), log.lines(), "a zero entry is silently ignored");
        sf.swapFree(Swapops.swpEntry(3, 1));
        sf.swapFree(Swapops.swpEntry(0, 11));
        sf.swapFree(Swapops.swpEntry(0, 2));
        assertEquals(List.of(
                "<3>swap_free: Bad swap file entry 18000001",
                "<3>swap_free: Bad swap offset entry 0000000b",
                "<3>swap_free: Unused swap offset entry 00000002"), log.lines());
        assertEquals(0, sf.sysSwapoff(dir.resolve("a").toString()));
        log.clear();
        sf.swapFree(Swapops.swpEntry(0, 1));
        assertEquals(List.of("<3>swap_free: Unused swap file entry 00000001"), log.lines());
    }

    @Test
    void sysSwapon_lastPageItselfIsNeverUsed() throws IOException {
        // mkswap writes last_page = pages - 1; maxpages = last_page, so the usable
        // offsets are 1 .. last_page - 1 (kernel-2.6.20.md §5.12 quirk 1).
        SwapInfoStruct si = area("a", 20, 0);
        assertEquals(19, si.max);
        assertEquals(18, si.pages);
        assertEquals(18, si.highestBit);
        int last = 0;
        for (int i = 0; i < 18; i++) {
            last = sf.getSwapPage();
        }
        assertEquals(18, off(last));
        assertEquals(0, sf.getSwapPage());
        assertEquals("Adding 72k swap on " + dir.resolve("a") + ".  Priority:-1 extents:1 across:72k",
                log.messages().get(0));
    }

    @Test
    void validSwaphandles_windowStopsAtFreeBadAndEnd() throws IOException {
        SwapInfoStruct si = area("a", 22, 0);
        for (int i = 0; i < 12; i++) {
            sf.getSwapPage();
        }
        long[] start = new long[1];
        // Offset 3 lies in block 0..7: the header is skipped, 7 slots follow.
        assertEquals(7, sf.validSwaphandles(Swapops.swpEntry(0, 3), start));
        assertEquals(1, start[0]);
        // Block 8..15: 8..12 in use, 13 free.
        assertEquals(5, sf.validSwaphandles(Swapops.swpEntry(0, 9), start));
        assertEquals(8, start[0]);
        assertEquals(3, k.swap().pageCluster(), "swap_setup's choice for 16 MiB");
        k.realSwap().setPageCluster(0);
        assertEquals(0, sf.validSwaphandles(Swapops.swpEntry(0, 9), start));
        k.realSwap().setPageCluster(2);
        si.swapMap[10] = SWAP_MAP_BAD;
        assertEquals(2, sf.validSwaphandles(Swapops.swpEntry(0, 9), start));
        assertEquals(8, start[0]);
        // Block 16..23 runs into the end of the area (max 21).
        k.realSwap().setPageCluster(3);
        for (int i = 0; i < 8; i++) {
            sf.getSwapPage();
        }
        assertEquals(5, sf.validSwaphandles(Swapops.swpEntry(0, 17), start));
        assertEquals(16, start[0]);
        si.swapMap[10] = 1;
    }

    @Test
    void siSwapinfo_countsFreeAndTotal() throws IOException {
        area("a", 12, 0);
        area("b", 22, 0);
        sf.getSwapPage();
        SwapfileOps.Sysinfo si = new SwapfileOps.Sysinfo();
        sf.siSwapinfo(si);
        assertEquals(30, si.totalswap);
        assertEquals(29, si.freeswap);
        assertFalse(sf.vmSwapFull());
        for (int i = 0; i < 15; i++) {
            sf.getSwapPage();
        }
        assertTrue(sf.vmSwapFull());
    }

    @Test
    void sysSwapon_maxpagesIsWhatTheFormatsSwapPteHolds() {
        // sys_swapon's limit: the offset of swp_entry(0, ~0) after a round trip through a
        // swap pte of the booted format, minus one.
        assertEquals(16_777_214L, Swapops.maxSwapPages(k.pgtable()));
        assertEquals(134_217_726L, Swapops.maxSwapPages(SwapfileTestKernel.boot("pae=1").pgtable()));
    }

    @Test
    void procSwaps_printsHeaderAndPaddedLines() throws IOException {
        area("a", 12, SWAP_FLAG_PREFER | 3);
        area("with space", 22, 0);
        sf.getSwapPage();
        String a = dir.resolve("a").toRealPath().toString();
        String b = dir.resolve("with space").toRealPath().toString().replace(" ", "\\040");
        String expected = "Filename\t\t\t\tType\t\tSize\tUsed\tPriority\n"
                + a + " ".repeat(Math.max(1, 40 - a.length())) + "file\t\t40\t4\t3\n"
                + b + " ".repeat(Math.max(1, 40 - b.length())) + "file\t\t80\t0\t-1\n";
        assertEquals(expected, sf.procSwaps());
    }

    @Test
    void procSwaps_padsByTheBytesOfThePath() throws IOException {
        assumeTrue("UTF-8".equals(System.getProperty("sun.jnu.encoding")), "file names are not UTF-8 on this host");
        area("\u00e9t\u00e9", 12, 0);
        String a = dir.resolve("\u00e9t\u00e9").toRealPath().toString();
        int bytes = a.getBytes(StandardCharsets.UTF_8).length;
        assertEquals(a.length() + 2, bytes);
        String line = sf.procSwaps().lines().skip(1).findFirst().orElseThrow();
        assertEquals(a + " ".repeat(Math.max(1, 40 - bytes)) + "file\t\t40\t0\t-1", line,
                "seq_path returns the length in bytes, so each two-byte character takes one column of padding");
    }

    @Test
    void swapUnplugIoFn_warnsAsWarnOnDoesForAnUnreferencedSwapCachePage() throws IOException {
        area("a", 12, 0);
        int entry = sf.getSwapPage();
        Page page = new Page(0, 0, AddressSpace.newSwapperSpace());
        Page.setPageCount(page, 2);
        Page.setPagePrivate(page, entry);
        PageFlags.setPageSwapCache(page);
        log.clear();
        sf.swapUnplugIoFn(page);
        assertEquals(List.of(), log.lines(), "the swap cache and the caller hold it");
        Page.setPageCount(page, 1);
        sf.swapUnplugIoFn(page);
        assertEquals(List.of("<4>BUG: at mm/swapfile.c:76 swap_unplug_io_fn()"), log.lines());
        sf.swapFree(entry);
    }
}
