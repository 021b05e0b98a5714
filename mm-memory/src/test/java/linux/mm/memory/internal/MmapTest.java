package linux.mm.memory.internal;

import static linux.arch.x86.PageGeometry.PAGE_SIZE;
import static linux.mm.memory.internal.Machine.PRIVATE;
import static linux.mm.memory.internal.Machine.RW;
import static linux.mm.page.MmapOps.MAP_FIXED;
import static linux.mm.page.MmapOps.MAP_ANONYMOUS;
import static linux.mm.page.MmapOps.MAP_PRIVATE;
import static linux.mm.page.MmapOps.MAP_SHARED;
import static linux.mm.page.MmapOps.PROT_READ;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import linux.arch.x86.Pgtable;
import linux.kernel.Errno;
import linux.mm.page.MmapOps;
import linux.mm.page.Page;
import linux.mm.page.Siginfo;
import linux.mm.page.Task;
import linux.mm.page.VmAreaStruct;
import linux.mm.page.ZoneStatItem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** mm/mmap.c: mmap and munmap with their errnos, the vma list, merging and splitting. */
class MmapTest {

    private static List<String> vmas(Task t) {
        List<String> out = new ArrayList<>();
        for (VmAreaStruct v = t.mm.mmap; v != null; v = v.vmNext) {
            out.add(String.format("%08x-%08x", v.vmStart, v.vmEnd));
        }
        return out;
    }

    @Test
    void doMmapPgoff_returnsTheKernelsErrnoForEveryBadArgument() {
        Machine m = Machine.of(false, 1);
        Task t = m.spawn("t", 0);
        MmapOps mmap = m.k.mmap();
        assertEquals(Errno.EINVAL.negative(), mmap.sysMmap2(t.mm, 0, 0, RW, PRIVATE, -1, 0), "zero length");
        assertEquals(Errno.ENOMEM.negative(), mmap.sysMmap2(t.mm, 0, 0xFFFF_F001L, RW, PRIVATE, -1, 0),
                "a length that PAGE_ALIGN wraps to 0");
        assertEquals(Errno.ENOMEM.negative(), mmap.sysMmap2(t.mm, 0, Pgtable.TASK_SIZE + PAGE_SIZE, RW, PRIVATE, -1, 0),
                "longer than the user address space");
        assertEquals(Errno.EINVAL.negative(), mmap.sysMmap2(t.mm, 0x1000_0800L, PAGE_SIZE, RW, PRIVATE | MAP_FIXED, -1, 0),
                "MAP_FIXED at an unaligned address");
        assertEquals(Errno.ENOMEM.negative(),
                mmap.sysMmap2(t.mm, Pgtable.TASK_SIZE - PAGE_SIZE, 2 * PAGE_SIZE, RW, PRIVATE | MAP_FIXED, -1, 0),
                "MAP_FIXED running past TASK_SIZE");
        assertEquals(Errno.EINVAL.negative(), mmap.sysMmap2(t.mm, 0, PAGE_SIZE, RW, MAP_ANONYMOUS, -1, 0),
                "neither MAP_SHARED nor MAP_PRIVATE");
        assertEquals(Errno.EINVAL.negative(), mmap.sysMmap2(t.mm, 0, PAGE_SIZE, RW, MAP_ANONYMOUS | 0x3, -1, 0),
                "both");
        assertEquals(Errno.EBADF.negative(), mmap.sysMmap2(t.mm, 0, PAGE_SIZE, RW, MAP_PRIVATE, 3, 0),
                "a file mapping without an open file");
        assertEquals(Errno.EOVERFLOW.negative(), mmap.sysMmap2(t.mm, 0, 2 * PAGE_SIZE, RW, PRIVATE, -1, -1),
                "the offset wraps");
        assertEquals(Errno.ENODEV.negative(), mmap.sysMmap2(t.mm, 0, PAGE_SIZE, RW, MAP_SHARED | MAP_ANONYMOUS, -1, 0),
                "no shmem for shared anonymous memory");
        assertNull(t.mm.mmap, "no failed call left a vma behind");
        assertEquals(0, t.mm.totalVm);
    }

    @Test
    void getUnmappedArea_placesMappingsTopDownBelowTheStackGap() {
        Machine m = Machine.of(false, 1);
        Task t = m.spawn("t", 0);
        long base = Pgtable.TASK_SIZE - (128L << 20);
        assertEquals(base, t.mm.mmapBase);
        long a = m.mmap(t, 2 * PAGE_SIZE, RW, PRIVATE);
        assertEquals(base - 2 * PAGE_SIZE, a);
        long b = m.mmap(t, PAGE_SIZE, PROT_READ, PRIVATE);
        assertEquals(a - PAGE_SIZE, b);
        // A hint where nothing is mapped is taken as it is.
        long c = m.k.mmap().sysMmap2(t.mm, 0x2000_0000L, PAGE_SIZE, RW, PRIVATE, -1, 0);
        assertEquals(0x2000_0000L, c);
        assertEquals(List.of("20000000-20001000", String.format("%08x-%08x", b, a), String.format("%08x-%08x", a, base)),
                vmas(t));
        assertEquals(4, t.mm.totalVm);
    }

    @Test
    void vmaMerge_extendsAnAdjacentCompatibleMapping() {
        Machine m = Machine.of(false, 1);
        Task t = m.spawn("t", 0);
        long a = m.k.mmap().sysMmap2(t.mm, 0x1000_0000L, 2 * PAGE_SIZE, RW, PRIVATE | MAP_FIXED, -1, 0);
        long b = m.k.mmap().sysMmap2(t.mm, 0x1000_2000L, 2 * PAGE_SIZE, RW, PRIVATE | MAP_FIXED, -1, 0);
        assertEquals(0x1000_2000L, b);
        assertEquals(List.of("10000000-10004000"), vmas(t), "one vma: the second mapping merged into the first");
        assertEquals(1, t.mm.mapCount);
        m.k.mmap().sysMmap2(t.mm, 0x1000_4000L, PAGE_SIZE, PROT_READ, PRIVATE | MAP_FIXED, -1, 0);
        assertEquals(List.of("10000000-10004000", "10004000-10005000"), vmas(t), "other flags: no merge");
        t.storeInt(a, 1);
        m.assertInvariants();
    }

    @Test
    void doMmapPgoff_mapFixedReplacesWhatWasMappedThere() {
        Machine m = Machine.of(false, 1);
        Task t = m.spawn("t", 0);
        long a = m.k.mmap().sysMmap2(t.mm, 0x1000_0000L, 4 * PAGE_SIZE, RW, PRIVATE | MAP_FIXED, -1, 0);
        for (int i = 0; i < 4; i++) {
            t.storeInt(a + i * PAGE_SIZE, 100 + i);
        }
        long anon = m.pgdat.vmstat.globalPageState(ZoneStatItem.NR_ANON_PAGES);
        long b = m.k.mmap().sysMmap2(t.mm, a + PAGE_SIZE, PAGE_SIZE, PROT_READ, PRIVATE | MAP_FIXED, -1, 0);
        assertEquals(a + PAGE_SIZE, b);
        assertEquals(List.of("10000000-10001000", "10001000-10002000", "10002000-10004000"), vmas(t));
        assertEquals(0, t.loadInt(b), "the old page is gone: a new empty mapping");
        assertEquals(anon - 1, m.pgdat.vmstat.globalPageState(ZoneStatItem.NR_ANON_PAGES));
        assertEquals(100, t.loadInt(a));
        assertEquals(102, t.loadInt(a + 2 * PAGE_SIZE));
        assertEquals(4, t.mm.totalVm);
        m.assertInvariants();
    }

    @Test
    void doMunmap_returnsEinvalForBadRanges() {
        Machine m = Machine.of(false, 1);
        Task t = m.spawn("t", 0);
        MmapOps mmap = m.k.mmap();
        long a = m.mmap(t, PAGE_SIZE, RW, PRIVATE);
        assertEquals(Errno.EINVAL.negative(), mmap.sysMunmap(t.mm, a + 1, PAGE_SIZE), "unaligned start");
        assertEquals(Errno.EINVAL.negative(), mmap.sysMunmap(t.mm, a, 0), "zero length");
        assertEquals(Errno.EINVAL.negative(), mmap.sysMunmap(t.mm, Pgtable.TASK_SIZE + PAGE_SIZE, PAGE_SIZE),
                "beyond TASK_SIZE");
        assertEquals(Errno.EINVAL.negative(), mmap.sysMunmap(t.mm, a, Pgtable.TASK_SIZE), "runs past TASK_SIZE");
        assertEquals(0, mmap.sysMunmap(t.mm, 0x1000, PAGE_SIZE), "nothing mapped there: fine");
        assertEquals(1, t.mm.mapCount);
    }

    @Test
    void doMunmap_ofTheMiddleOfAVmaSplitsItAndFreesOnlyThosePages(@TempDir Path dir) throws IOException {
        Machine m = Machine.of(false, 1);
        m.swapon(dir, 64);
        Task t = m.spawn("t", 0);
        long a = m.k.mmap().sysMmap2(t.mm, 0x1000_0000L, 8 * PAGE_SIZE, RW, PRIVATE | MAP_FIXED, -1, 0);
        for (int i = 0; i < 8; i++) {
            Machine.fill(t, a + i * PAGE_SIZE, i);
        }
        int swapped = m.swapOut(m.page(t.mm, a + 3 * PAGE_SIZE), false);
        long anon = m.pgdat.vmstat.globalPageState(ZoneStatItem.NR_ANON_PAGES);
        long freeSwap = m.k.swapfile().nrSwapPages();

        assertEquals(0, m.k.mmap().sysMunmap(t.mm, a + 2 * PAGE_SIZE, 3 * PAGE_SIZE - 100));

        assertEquals(List.of("10000000-10002000", "10005000-10008000"), vmas(t));
        assertEquals(2, t.mm.mapCount);
        assertEquals(5, t.mm.totalVm);
        assertEquals(5, m.anonRss(t.mm), "8 pages, one swapped out, two present ones unmapped");
        assertEquals(anon - 2, m.pgdat.vmstat.globalPageState(ZoneStatItem.NR_ANON_PAGES));
        assertEquals(0, m.swapMap(swapped), "the swap pte's slot was freed");
        assertEquals(freeSwap + 1, m.k.swapfile().nrSwapPages());
        assertSame(t.mm.mmap.anonVma, t.mm.mmap.vmNext.anonVma, "both halves keep the anon_vma");
        assertEquals(0x1000_5000L >>> 12, t.mm.mmap.vmNext.vmPgoff, "the upper half's pgoff follows its start");
        m.assertInvariants();
        Machine.assertFilled(t, a + PAGE_SIZE, 1);
        Machine.assertFilled(t, a + 5 * PAGE_SIZE, 5);
        Siginfo s = assertThrows(Siginfo.class, () -> t.loadInt(a + 3 * PAGE_SIZE));
        assertEquals(Siginfo.SIGSEGV, s.siSigno);
        assertEquals(Siginfo.SEGV_MAPERR, s.siCode);
    }

    @Test
    void freePgtables_freesAPteTableOnlyWhenNoVmaUsesItAnyMore() {
        Machine m = Machine.of(false, 1);
        Task t = m.spawn("t", 0);
        // Two vmas in the same 4 MiB pte table, one in the next table.
        long a = m.k.mmap().sysMmap2(t.mm, 0x1000_0000L, PAGE_SIZE, RW, PRIVATE | MAP_FIXED, -1, 0);
        long b = m.k.mmap().sysMmap2(t.mm, 0x1010_0000L, PAGE_SIZE, PROT_READ, PRIVATE | MAP_FIXED, -1, 0);
        long c = m.k.mmap().sysMmap2(t.mm, 0x1040_0000L, PAGE_SIZE, RW, PRIVATE | MAP_FIXED, -1, 0);
        t.storeInt(a, 1);
        assertEquals(0, t.loadInt(b));
        t.storeInt(c, 3);
        assertEquals(2, t.mm.nrPtes);
        long tables = m.pgdat.vmstat.globalPageState(ZoneStatItem.NR_PAGETABLE);

        assertEquals(0, m.k.mmap().sysMunmap(t.mm, a, PAGE_SIZE));
        assertEquals(2, t.mm.nrPtes, "b still uses the first table");
        assertEquals(0, m.k.mmap().sysMunmap(t.mm, b, PAGE_SIZE));
        assertEquals(1, t.mm.nrPtes, "now it goes");
        assertEquals(tables - 1, m.pgdat.vmstat.globalPageState(ZoneStatItem.NR_PAGETABLE));
        assertEquals(3, t.loadInt(c));
        m.assertInvariants();
    }

    @Test
    void insertVmStruct_refusesAnOverlap() {
        Machine m = Machine.of(false, 1);
        Task t = m.spawn("t", 0);
        long a = m.mmap(t, 2 * PAGE_SIZE, RW, PRIVATE);
        VmAreaStruct v = new VmAreaStruct(t.mm, a + PAGE_SIZE, a + 3 * PAGE_SIZE, VmAreaStruct.VM_READ,
                m.pgtable.PAGE_READONLY(), 0);
        t.mm.mmapSem.writeLock().lock();
        try {
            assertEquals(Errno.ENOMEM.negative(), m.k.mmap().insertVmStruct(t.mm, v));
            VmAreaStruct w = new VmAreaStruct(t.mm, a + 2 * PAGE_SIZE, a + 3 * PAGE_SIZE, VmAreaStruct.VM_READ,
                    m.pgtable.PAGE_READONLY(), 0);
            assertEquals(0, m.k.mmap().insertVmStruct(t.mm, w));
            assertEquals((a + 2 * PAGE_SIZE) >>> 12, w.vmPgoff, "an anonymous vma's pgoff is set from its start");
        } finally {
            t.mm.mmapSem.writeLock().unlock();
        }
        assertEquals(2, t.mm.mapCount);
    }

    @Test
    void vmEnoughMemory_chargesTheCommitAndRefusesWhatCannotFit() {
        // Charges this large pass the per-CPU batch of vm_acct_memory straight to the total.
        Machine m = Machine.of(false, 1);
        long committed = m.k.swap().vmCommittedSpace();
        assertEquals(0, m.k.mmap().vmEnoughMemoryRaw(1000, 1), "1000 of 4096 pages fit");
        assertEquals(committed + 1000, m.k.swap().vmCommittedSpace());
        assertEquals(Errno.ENOMEM.negative(), m.k.mmap().vmEnoughMemoryRaw(1 << 20, 1), "4 GiB do not");
        assertEquals(committed + 1000, m.k.swap().vmCommittedSpace(), "a refused charge is taken back");
        Task t = m.spawn("t", 0);
        long addr = m.mmap(t, 1000L * PAGE_SIZE, RW, PRIVATE);
        assertTrue((t.mm.mmap.vmFlags & VmAreaStruct.VM_ACCOUNT) != 0, "a private writable mapping is charged");
        assertEquals(committed + 2000, m.k.swap().vmCommittedSpace());
        assertEquals(0, m.k.mmap().sysMunmap(t.mm, addr, 1000L * PAGE_SIZE));
        assertEquals(committed + 1000, m.k.swap().vmCommittedSpace(), "unmap_region uncharges it");
        long ro = m.mmap(t, 1000L * PAGE_SIZE, PROT_READ, PRIVATE);
        assertEquals(0, t.mm.mmap.vmFlags & VmAreaStruct.VM_ACCOUNT, "a read-only mapping is not");
        assertEquals(committed + 1000, m.k.swap().vmCommittedSpace());
        assertEquals(Errno.ENOMEM.negative(), m.k.mmap().sysMmap2(t.mm, 0, 1L << 31, RW, PRIVATE, -1, 0),
                "2 GiB of private writable memory cannot be committed");
        assertTrue(ro > 0);
    }

    @Test
    void doMmapPgoff_mapLockedFaultsEveryPageIn() {
        Machine m = Machine.of(false, 1);
        Task t = m.spawn("t", 0);
        long a = m.mmap(t, 4 * PAGE_SIZE, RW, PRIVATE | MmapOps.MAP_LOCKED);
        assertEquals(4, t.mm.lockedVm);
        for (int i = 0; i < 4; i++) {
            Page p = m.page(t.mm, a + i * PAGE_SIZE);
            assertTrue(p != null && Page.pageAnon(p), "page " + i + " is present");
        }
        m.assertInvariants();
    }
}
