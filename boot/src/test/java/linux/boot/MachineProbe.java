package linux.boot;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import linux.arch.x86.Pgtable;
import linux.mm.page.MmapOps;
import linux.mm.page.Page;
import linux.mm.page.Swapops;
import linux.mm.page.Task;

/** What boot's tests read of a machine's page tables and swap map, as a debugger would. */
final class MachineProbe {

    private MachineProbe() {
    }

    /** The pte that maps {@code addr} in {@code t}'s page tables, or 0 where there is no pte table. */
    static long pte(Machine m, Task t, long addr) {
        Pgtable pg = m.kernel().pgtable();
        long ptep = pg.lookupPte(t.mm.pgd, addr);
        return ptep < 0 ? 0 : pg.ptepGet(ptep);
    }

    /** The struct page a present pte at {@code addr} maps (fails if the pte is not present). */
    static Page page(Machine m, Task t, long addr) {
        long pte = pte(m, t, addr);
        assertTrue(m.kernel().pgtable().ptePresent(pte), "pte " + Long.toHexString(pte));
        return m.kernel().pageAlloc().pgdat().nodeMemMap[m.kernel().pgtable().ptePfn(pte)];
    }

    /** The swap entry a non-present, non-empty pte at {@code addr} holds. */
    static int entry(Machine m, Task t, long addr) {
        long pte = pte(m, t, addr);
        assertFalse(m.kernel().pgtable().ptePresent(pte), "pte " + Long.toHexString(pte));
        assertTrue(pte != 0, "pte none");
        return Swapops.pteToSwpEntry(m.kernel().pgtable(), pte);
    }

    /** swap_map[offset] of the area of {@code entry}. */
    static int swapMap(Machine m, int entry) {
        return m.kernel().swapfile().getSwapInfoStruct(Swapops.swpType(entry)).swapMap[Swapops.swpOffset(entry)];
    }

    /** mmap of {@code bytes} of private anonymous read-write memory in {@code t}'s address space; fails on -errno. */
    static long mapAnon(Machine m, Task t, long bytes) {
        long addr = m.kernel().mmap().sysMmap2(t.mm, 0, bytes, MmapOps.PROT_READ | MmapOps.PROT_WRITE,
                MmapOps.MAP_PRIVATE | MmapOps.MAP_ANONYMOUS, -1, 0);
        assertFalse(MmapOps.isErrValue(addr), "mmap of " + (bytes >> 10) + "K: " + addr);
        return addr;
    }
}
