package linux.mm.swapfile.internal;

import static linux.arch.x86.PageGeometry.PAGE_SIZE;
import static linux.mm.page.SwapInfoStruct.SWAP_FLAG_PREFER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import linux.init.KernelParts;
import linux.kernel.Errno;
import linux.mm.page.SwapHeader;
import linux.mm.page.SwapInfoStruct;
import linux.mm.page.SwapfileOps;
import linux.mm.page.Swapops;
import linux.mm.swapfile.SwapInvariants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every implementation of {@link SwapfileOps} (mm/swapfile.c as include/linux/swap.h
 * declares it) must do, written once and run against each implementation by a concrete
 * subclass that boots a kernel whose {@code swapfile=} names it (the way
 * PgtableContract runs against every page-table format). Only the header's functions and
 * the §4.3 invariants are used, so the tests say nothing about an implementation's
 * insides; the kernel's own step-by-step behaviour is tested in the implementation's own
 * suites.
 */
public abstract class SwapfileContract {

    /**
     * A freshly booted kernel (16 MiB, one CPU) with {@code cmdline} added, whose
     * {@link KernelParts#swapfile()} is the implementation under test, with everything
     * that calls back into it available (at least as testkit's fakes).
     */
    protected abstract KernelParts boot(String cmdline);

    @TempDir
    protected Path dir;

    protected KernelParts kernel;
    protected SwapfileOps sf;

    @BeforeEach
    void bootKernel() {
        kernel = boot("");
        sf = kernel.swapfile();
    }

    @AfterEach
    void accountingHolds() {
        assertEquals(List.of(), SwapInvariants.check(sf), "kernel-2.6.20.md §4.3");
    }

    /** A sparse swap file of {@code pages} pages, as util-linux mkswap writes it (last_page = pages - 1). */
    protected Path mkswap(String name, long pages) throws IOException {
        Path p = dir.resolve(name);
        SwapHeader h = SwapHeader.empty();
        h.writeV1(pages - 1, new byte[16], "");
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(pages * PAGE_SIZE);
            f.write(h.page());
        }
        return p;
    }

    @Test
    void getSwapPage_withoutSwapIsNoEntry() {
        assertEquals(0, sf.nrSwapPages());
        assertEquals(0, sf.totalSwapPages());
        assertEquals(0, sf.getSwapPage());
        assertEquals(0, sf.nrSwapPages(), "a failed allocation leaves the count as it was");
        assertEquals("Filename\t\t\t\tType\t\tSize\tUsed\tPriority\n", sf.procSwaps());
        SwapfileOps.Sysinfo si = new SwapfileOps.Sysinfo();
        sf.siSwapinfo(si);
        assertEquals(0, si.totalswap);
        assertEquals(0, si.freeswap);
        assertFalse(sf.vmSwapFull());
    }

    @Test
    void sysSwapon_addsTheHeadersPagesButTheHeaderAndLastPage() throws IOException {
        Path p = mkswap("a", 20);
        assertEquals(0, sf.sysSwapon(p.toString(), 0));
        assertEquals(18, sf.totalSwapPages());
        assertEquals(18, sf.nrSwapPages());
        assertEquals(1, sf.nrSwapfiles());
        List<String> lines = sf.procSwaps().lines().toList();
        assertEquals(2, lines.size());
        assertTrue(lines.get(1).startsWith(p.toRealPath().toString()), lines.get(1));
        assertTrue(lines.get(1).endsWith("file\t\t72\t0\t-1"), lines.get(1));
        assertEquals(sf.swapList().head, sf.swapList().next);
        assertEquals(0, sf.swapList().head);
    }

    @Test
    void getSwapPage_handsOutEveryUsableSlotOnceThenNone() throws IOException {
        assertEquals(0, sf.sysSwapon(mkswap("a", 20).toString(), 0));
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 18; i++) {
            int e = sf.getSwapPage();
            assertNotEquals(0, e);
            assertEquals(0, Swapops.swpType(e));
            int off = Swapops.swpOffset(e);
            assertTrue(off >= 1 && off <= 18, "offset " + off + " is neither the header nor past max");
            assertTrue(seen.add(e), "slot handed out twice: " + off);
            assertEquals(17 - i, sf.nrSwapPages());
        }
        assertEquals(0, sf.getSwapPage());
        assertTrue(sf.vmSwapFull());
        for (int e : seen) {
            sf.swapFree(e);
        }
        assertEquals(18, sf.nrSwapPages());
        assertEquals(0, sf.getSwapInfoStruct(0).inusePages);
    }

    @Test
    void getSwapPageOfType_allocatesFromThatAreaOnly() throws IOException {
        assertEquals(0, sf.sysSwapon(mkswap("a", 12).toString(), SWAP_FLAG_PREFER | 9));
        assertEquals(0, sf.sysSwapon(mkswap("b", 12).toString(), 0));
        int e = sf.getSwapPageOfType(1);
        assertEquals(1, Swapops.swpType(e));
        assertEquals(9, sf.countSwapPages(1, true));
        assertEquals(10, sf.countSwapPages(1, false));
        assertEquals(0, Swapops.swpType(sf.getSwapPage()), "get_swap_page prefers the higher priority");
        sf.swapFree(e);
        sf.swapFree(Swapops.swpEntry(0, 1));
    }

    @Test
    void swapDuplicate_addsAReferenceSwapFreeDropsOne() throws IOException {
        assertEquals(0, sf.sysSwapon(mkswap("a", 12).toString(), 0));
        int e = sf.getSwapPage();
        assertEquals(1, sf.swapDuplicate(e));
        SwapInfoStruct si = sf.getSwapInfoStruct(0);
        assertEquals(2, si.swapMap[Swapops.swpOffset(e)]);
        sf.swapFree(e);
        assertEquals(1, si.swapMap[Swapops.swpOffset(e)]);
        assertEquals(9, sf.nrSwapPages(), "still in use");
        sf.swapFree(e);
        assertEquals(0, si.swapMap[Swapops.swpOffset(e)]);
        assertEquals(10, sf.nrSwapPages());
        assertEquals(0, sf.swapDuplicate(e), "a free slot cannot be duplicated");
    }

    @Test
    void validSwaphandles_staysInsideTheAreaAndItsSlotsInUse() throws IOException {
        assertEquals(0, sf.sysSwapon(mkswap("a", 22).toString(), 0));
        for (int i = 0; i < 5; i++) {
            sf.getSwapPage();
        }
        long[] start = new long[1];
        int n = sf.validSwaphandles(Swapops.swpEntry(0, 3), start);
        assertTrue(start[0] >= 1, "never the header");
        assertTrue(n >= 0 && start[0] + n <= 6, "only slots in use: " + start[0] + "+" + n);
        for (int off = 1; off <= 5; off++) {
            sf.swapFree(Swapops.swpEntry(0, off));
        }
    }

    @Test
    void mapSwapPage_aHostFileIsOneExtentAtItsOwnBlocks() throws IOException {
        assertEquals(0, sf.sysSwapon(mkswap("a", 16).toString(), 0));
        SwapInfoStruct si = sf.getSwapInfoStruct(0);
        for (long off = 0; off < 15; off++) {
            assertEquals(off, sf.mapSwapPage(si, off));
            assertEquals(off, sf.swapdevBlock(0, off));
        }
    }

    @Test
    void sysSwapon_refusesWithTheKernelsErrnos() throws IOException {
        assertEquals(Errno.ENOENT.negative(), sf.sysSwapon(dir.resolve("none").toString(), 0));
        assertEquals(Errno.ENOENT.negative(), sf.sysSwapon("", 0));
        assertEquals(Errno.EISDIR.negative(), sf.sysSwapon(dir.toString(), 0));
        Path junk = dir.resolve("junk");
        Files.write(junk, new byte[4 * PAGE_SIZE]);
        assertEquals(Errno.EINVAL.negative(), sf.sysSwapon(junk.toString(), 0));
        Path a = mkswap("a", 16);
        assertEquals(0, sf.sysSwapon(a.toString(), 0));
        assertEquals(Errno.EBUSY.negative(), sf.sysSwapon(a.toString(), 0));
        assertEquals(14, sf.totalSwapPages(), "refusals add nothing");
    }

    @Test
    void sysSwapoff_removesTheAreaAndRefusesWhatIsNotOne() throws IOException {
        Path a = mkswap("a", 16);
        Path b = mkswap("b", 16);
        assertEquals(0, sf.sysSwapon(a.toString(), 0));
        assertEquals(0, sf.sysSwapon(b.toString(), 0));
        assertEquals(28, sf.totalSwapPages());
        assertEquals(0, sf.sysSwapoff(a.toString()));
        assertEquals(14, sf.totalSwapPages());
        assertEquals(14, sf.nrSwapPages());
        assertEquals(2, sf.procSwaps().lines().count());
        assertEquals(Errno.EINVAL.negative(), sf.sysSwapoff(a.toString()), "no longer an active area");
        assertEquals(Errno.ENOENT.negative(), sf.sysSwapoff(dir.resolve("none").toString()));
        assertEquals(0, sf.sysSwapoff(b.toString()));
        assertEquals(0, sf.totalSwapPages());
        assertEquals(-1, sf.swapList().head);
        assertEquals(0, sf.sysSwapon(a.toString(), 0), "and can be swapped on again");
    }

    @Test
    void siSwapinfo_countsFreeAndTotalSwap() throws IOException {
        assertEquals(0, sf.sysSwapon(mkswap("a", 12).toString(), 0));
        int e = sf.getSwapPage();
        SwapfileOps.Sysinfo si = new SwapfileOps.Sysinfo();
        sf.siSwapinfo(si);
        assertEquals(10, si.totalswap);
        assertEquals(9, si.freeswap);
        sf.swapFree(e);
    }

    @Test
    void freeSwapAndCache_dropsAPteReferenceWithNoPageCached() throws IOException {
        assertEquals(0, sf.sysSwapon(mkswap("a", 12).toString(), 0));
        int e = sf.getSwapPage();
        assertEquals(1, sf.swapDuplicate(e));
        sf.freeSwapAndCache(e);
        assertEquals(1, sf.getSwapInfoStruct(0).swapMap[Swapops.swpOffset(e)]);
        sf.freeSwapAndCache(e);
        assertEquals(10, sf.nrSwapPages());
    }
}
