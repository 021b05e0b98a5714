package linux.mm.memory.internal;

import static linux.arch.x86.PageGeometry.PAGE_SIZE;
import static linux.mm.memory.internal.Machine.PRIVATE;
import static linux.mm.memory.internal.Machine.RW;
import static linux.mm.page.MmapOps.MAP_FIXED;
import static linux.mm.page.MmapOps.PROT_EXEC;
import static linux.mm.page.MmapOps.PROT_NONE;
import static linux.mm.page.MmapOps.PROT_READ;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import linux.kernel.Errno;
import linux.mm.page.MprotectOps;
import linux.mm.page.Page;
import linux.mm.page.Siginfo;
import linux.mm.page.Task;
import linux.mm.page.VmAreaStruct;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** mm/mprotect.c: splitting and merging vmas, rewriting ptes, and the errnos. */
class MprotectTest {

    private static List<String> vmas(Task t) {
        List<String> out = new ArrayList<>();
        for (VmAreaStruct v = t.mm.mmap; v != null; v = v.vmNext) {
            out.add(String.format("%08x-%08x %x", v.vmStart, v.vmEnd, v.vmFlags & 0x7));
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void sysMprotect_splitsTheVmaRewritesItsPtesAndMergesItBack(boolean pae) {
        Machine m = Machine.of(pae, 1);
        Task t = m.spawn("t", 0);
        t.sigaction(Siginfo.SIGSEGV, true);
        long a = m.k.mmap().sysMmap2(t.mm, 0x1000_0000L, 4 * PAGE_SIZE, RW, PRIVATE | MAP_FIXED, -1, 0);
        for (int i = 0; i < 4; i++) {
            t.storeInt(a + i * PAGE_SIZE, i + 1);
        }
        Page second = m.page(t.mm, a + PAGE_SIZE);

        assertEquals(0, m.k.mprotect().sysMprotect(t.mm, a + PAGE_SIZE, 2 * PAGE_SIZE, PROT_READ));

        assertEquals(List.of("10000000-10001000 3", "10001000-10003000 1", "10003000-10004000 3"), vmas(t));
        assertFalse(m.pgtable.pteWrite(m.pte(t.mm, a + PAGE_SIZE)));
        assertTrue(m.pgtable.pteDirty(m.pte(t.mm, a + PAGE_SIZE)), "pte_modify keeps the dirty bit");
        assertTrue(m.pgtable.pteWrite(m.pte(t.mm, a)), "outside the range nothing changed");
        Siginfo s = assertThrows(Siginfo.class, () -> t.storeInt(a + PAGE_SIZE, 9));
        assertEquals(Siginfo.SEGV_ACCERR, s.siCode);
        assertEquals(2, t.loadInt(a + PAGE_SIZE), "reads still work");
        m.assertInvariants();

        assertEquals(0, m.k.mprotect().sysMprotect(t.mm, a + PAGE_SIZE, 2 * PAGE_SIZE, RW));

        assertEquals(List.of("10000000-10004000 3"), vmas(t), "vma_merge joined all three again");
        assertEquals(1, t.mm.mapCount);
        // Writable again in the vma, but the pte has the private vma's read-only COPY
        // protection: the first write goes through do_wp_page, which reuses the page.
        assertFalse(m.pgtable.pteWrite(m.pte(t.mm, a + PAGE_SIZE)));
        t.storeInt(a + PAGE_SIZE, 20);
        assertSame(second, m.page(t.mm, a + PAGE_SIZE));
        assertEquals(20, t.loadInt(a + PAGE_SIZE));
        m.assertInvariants();
    }

    @Test
    void sysMprotect_protNoneMakesPtesAbsentToTheCpuAndKeepsThePages() {
        Machine m = Machine.of(false, 1);
        Task t = m.spawn("t", 0);
        t.sigaction(Siginfo.SIGSEGV, true);
        long a = m.mmap(t, 2 * PAGE_SIZE, RW, PRIVATE);
        Machine.fill(t, a, 6);
        Page page = m.page(t.mm, a);

        assertEquals(0, m.k.mprotect().sysMprotect(t.mm, a, 2 * PAGE_SIZE, PROT_NONE));

        long pte = m.pte(t.mm, a);
        assertTrue(m.pgtable.ptePresent(pte), "pte_present still says yes (PROTNONE)");
        assertEquals(0, pte & linux.arch.x86.Pgtable._PAGE_PRESENT, "the CPU sees no present page");
        assertSame(page, m.page(t.mm, a));
        Siginfo r = assertThrows(Siginfo.class, () -> t.loadInt(a));
        assertEquals(Siginfo.SEGV_ACCERR, r.siCode, "a PROT_NONE vma allows no access");
        Siginfo u = assertThrows(Siginfo.class, () -> t.loadInt(a + PAGE_SIZE));
        assertEquals(Siginfo.SEGV_ACCERR, u.siCode, "nor on its untouched pages");
        assertEquals(1, m.anonRss(t.mm), "the page is still mapped");
        m.assertInvariants();

        assertEquals(0, m.k.mprotect().sysMprotect(t.mm, a, 2 * PAGE_SIZE, PROT_READ | PROT_EXEC));
        Machine.assertFilled(t, a, 6);
        m.assertInvariants();
    }

    @Test
    void sysMprotect_returnsTheKernelsErrnoForEveryBadArgument() {
        Machine m = Machine.of(false, 1);
        Task t = m.spawn("t", 0);
        MprotectOps mp = m.k.mprotect();
        long a = m.k.mmap().sysMmap2(t.mm, 0x1000_0000L, 2 * PAGE_SIZE, RW, PRIVATE | MAP_FIXED, -1, 0);
        assertEquals(Errno.EINVAL.negative(), mp.sysMprotect(t.mm, a + 1, PAGE_SIZE, PROT_READ), "unaligned");
        assertEquals(Errno.EINVAL.negative(), mp.sysMprotect(t.mm, a, PAGE_SIZE, 0x10), "unknown prot bit");
        assertEquals(Errno.EINVAL.negative(),
                mp.sysMprotect(t.mm, a, PAGE_SIZE, PROT_READ | MprotectOps.PROT_GROWSDOWN | MprotectOps.PROT_GROWSUP),
                "both ways");
        assertEquals(Errno.EINVAL.negative(), mp.sysMprotect(t.mm, a, PAGE_SIZE, PROT_READ | MprotectOps.PROT_GROWSDOWN),
                "PROT_GROWSDOWN on a vma that does not grow down");
        assertEquals(0, mp.sysMprotect(t.mm, a, 0, PROT_READ), "zero length does nothing");
        assertEquals(Errno.ENOMEM.negative(), mp.sysMprotect(t.mm, 0xFFFF_F000L, 2 * PAGE_SIZE, PROT_READ), "wraps");
        assertEquals(Errno.ENOMEM.negative(), mp.sysMprotect(t.mm, 0x2000_0000L, PAGE_SIZE, PROT_READ), "unmapped");
        assertEquals(Errno.ENOMEM.negative(), mp.sysMprotect(t.mm, a, 3 * PAGE_SIZE, PROT_READ),
                "the range runs past the mapping");
        assertEquals(List.of("10000000-10002000 1"), vmas(t),
                "the mapped part was changed before the hole was found, as in 2.6.20");
        assertEquals(0, mp.sysMprotect(t.mm, a, PAGE_SIZE, PROT_READ | MprotectOps.PROT_SEM), "PROT_SEM is accepted");
    }
}
