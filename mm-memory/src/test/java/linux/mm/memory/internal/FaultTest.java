package linux.mm.memory.internal;

import static linux.arch.x86.PageGeometry.PAGE_SIZE;
import static linux.mm.memory.internal.Machine.PRIVATE;
import static linux.mm.memory.internal.Machine.RW;
import static linux.mm.page.MmapOps.PROT_NONE;
import static linux.mm.page.MmapOps.PROT_READ;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import linux.arch.x86.PageFault;
import linux.arch.x86.Pgtable;
import linux.mm.page.ForkOps;
import linux.mm.page.Siginfo;
import linux.mm.page.Task;
import org.junit.jupiter.api.Test;

/** arch/i386/mm/fault.c's do_page_fault: the access checks, the signals, OOM, and TLB shootdowns. */
class FaultTest {

    @Test
    void doPageFault_accessOutsideAnyVmaIsSigsegvMaperrAndKillsOnlyThatTask() {
        Machine m = Machine.of(false, 1);
        Task other = m.spawn("other", 0);
        long oaddr = m.mmap(other, PAGE_SIZE, RW, PRIVATE);
        Machine.fill(other, oaddr, 8);
        Task t = m.spawn("t", 0);
        long addr = m.mmap(t, PAGE_SIZE, RW, PRIVATE);
        t.storeInt(addr, 1);

        Siginfo s = assertThrows(Siginfo.class, () -> t.storeInt(0x0804_8000L, 1));

        assertEquals(Siginfo.SIGSEGV, s.siSigno);
        assertEquals(Siginfo.SEGV_MAPERR, s.siCode);
        assertEquals(0x0804_8000L, s.siAddr);
        assertEquals(0x0804_8000L, t.thread.cr2);
        assertEquals(PageFault.PF_USER | PageFault.PF_WRITE, t.thread.errorCode);
        assertEquals(14, t.thread.trapNo);
        assertEquals(Siginfo.SIGSEGV, t.exitCode, "the default action killed it");
        assertNull(t.mm);
        assertThrows(IllegalStateException.class, () -> t.loadInt(addr), "a dead task runs no more");
        other.contextSwitch(m.cpu(0));
        Machine.assertFilled(other, oaddr, 8);
        m.assertInvariants();
    }

    @Test
    void doPageFault_writeToAReadOnlyVmaIsSigsegvAccerr() {
        Machine m = Machine.of(false, 1);
        Task t = m.spawn("t", 0);
        t.sigaction(Siginfo.SIGSEGV, true);
        long addr = m.mmap(t, PAGE_SIZE, PROT_READ, PRIVATE);
        assertEquals(0, t.loadInt(addr), "reads are fine (ZERO_PAGE)");

        Siginfo s = assertThrows(Siginfo.class, () -> t.storeInt(addr, 1));

        assertEquals(Siginfo.SIGSEGV, s.siSigno);
        assertEquals(Siginfo.SEGV_ACCERR, s.siCode);
        assertEquals(PageFault.PF_USER | PageFault.PF_WRITE | PageFault.PF_PROT, t.thread.errorCode,
                "a protection fault on a present page");
        assertEquals(0, t.exitState, "the handler caught it");
        assertEquals(0, t.sigpending());
        assertEquals(0, t.loadInt(addr));
        m.assertInvariants();
    }

    @Test
    void doPageFault_protNoneMappingIsSigsegvAccerrOnRead() {
        Machine m = Machine.of(false, 1);
        Task t = m.spawn("t", 0);
        long addr = m.mmap(t, PAGE_SIZE, PROT_NONE, PRIVATE);
        Siginfo s = assertThrows(Siginfo.class, () -> t.loadByte(addr));
        assertEquals(Siginfo.SEGV_ACCERR, s.siCode);
        assertEquals(PageFault.PF_USER, s.task.thread.errorCode, "a read of a page that is not present");
    }

    @Test
    void doPageFault_kernelAddressesAreMaperrWithTheProtectionBitSet() {
        Machine m = Machine.of(false, 1);
        Task t = m.spawn("t", 0);
        t.sigaction(Siginfo.SIGSEGV, true);
        Siginfo s = assertThrows(Siginfo.class, () -> t.loadInt(Pgtable.TASK_SIZE + 0x1000));
        assertEquals(Siginfo.SEGV_MAPERR, s.siCode);
        assertEquals(PageFault.PF_USER | PageFault.PF_PROT, t.thread.errorCode);
    }

    @Test
    void doPageFault_growsAGrowsdownVmaDownToTheFault() {
        Machine m = Machine.of(false, 1);
        Task t = m.spawn("t", 0);
        long top = m.mmap(t, PAGE_SIZE, RW, PRIVATE | linux.mm.page.MmapOps.MAP_GROWSDOWN);
        t.storeInt(top - 2 * PAGE_SIZE + 8, 5);
        assertEquals(top - 2 * PAGE_SIZE, t.mm.mmap.vmStart, "expand_stack took the vma down two pages");
        assertEquals(3, t.mm.totalVm);
        assertEquals(5, t.loadInt(top - 2 * PAGE_SIZE + 8));
        m.assertInvariants();
    }

    @Test
    void doPageFault_outOfMemory_theOomKillerKillsTheBiggestTaskWithSigkill() {
        Machine m = Machine.of(false, 1);
        m.spawn("init", 0);
        Task t = m.spawn("hog", 0);
        long pages = m.freePages() + 64;
        long addr = m.mmap(t, pages * PAGE_SIZE, RW, PRIVATE | linux.mm.page.MmapOps.MAP_NORESERVE);
        Siginfo s = assertThrows(Siginfo.class, () -> {
            for (long i = 0; i < pages; i++) {
                t.storeInt(addr + i * PAGE_SIZE, 1);
            }
        });
        assertEquals(Siginfo.SIGKILL, s.siSigno);
        assertEquals(Siginfo.SIGKILL, t.exitCode);
        assertNull(t.mm);
        assertTrue(m.k.printk().messages().contains("Killed process " + t.pid + " (hog)"),
                m.k.printk().messages().toString());
        assertFalse(m.k.printk().messages().contains("VM: killing process hog"),
                "the fault itself got its page (TIF_MEMDIE reaches the reserves)");
        m.assertInvariants();
    }

    @Test
    void doPageFault_vmFaultOom_ofAVictimWithTheReservesGone_killsItWithVmKillingProcess() {
        Machine m = Machine.of(false, 1);
        m.spawn("init", 0);
        Task t = m.spawn("hog", 0);
        t.setTifMemdie(); // already chosen by the OOM killer: no watermarks, and no second kill
        long pages = m.freePages() + 64;
        long addr = m.mmap(t, pages * PAGE_SIZE, RW, PRIVATE | linux.mm.page.MmapOps.MAP_NORESERVE);
        Siginfo s = assertThrows(Siginfo.class, () -> {
            for (long i = 0; i < pages; i++) {
                t.storeInt(addr + i * PAGE_SIZE, 1);
            }
        });
        assertEquals(Siginfo.SIGKILL, s.siSigno);
        assertEquals(Siginfo.SIGKILL, t.exitCode);
        assertNull(t.mm);
        assertTrue(m.k.printk().messages().contains("VM: killing process hog"), m.k.printk().messages().toString());
        m.assertInvariants();
    }

    @Test
    void flushTlb_reachesTheOtherCpuWhenMunmapRemovesAPageItHasCached() throws Exception {
        Machine m = Machine.of(false, 2);
        Task a = m.spawn("A", 0);
        long addr = m.mmap(a, PAGE_SIZE, RW, PRIVATE);
        a.storeInt(addr, 11);
        Task thread = m.k.fork().doFork(a, ForkOps.CLONE_VM);
        Throwable[] fail = new Throwable[1];
        int[] seen = new int[1];
        Thread t1 = Machine.onThread("cpu1", () -> {
            thread.contextSwitch(m.cpu(1));
            seen[0] = thread.loadInt(addr);
        }, fail);
        t1.join(10_000);
        assertNull(fail[0]);
        assertEquals(11, seen[0]);
        assertTrue(m.cpu(1).tlbHolds(addr), "CPU 1 has the translation cached");

        assertEquals(0, m.k.mmap().sysMunmap(a.mm, addr, PAGE_SIZE));

        assertFalse(m.cpu(1).tlbHolds(addr), "the unmap's TLB flush reached CPU 1");
        thread.sigaction(Siginfo.SIGSEGV, true);
        Thread t2 = Machine.onThread("cpu1", () -> {
            thread.contextSwitch(m.cpu(1));
            thread.loadInt(addr);
        }, fail);
        t2.join(10_000);
        assertTrue(fail[0] instanceof Siginfo s && s.siCode == Siginfo.SEGV_MAPERR, String.valueOf(fail[0]));
        m.assertInvariants();
    }

    @Test
    void flushTlb_mprotectReadOnlyStopsWritesOnTheOtherCpu() throws Exception {
        Machine m = Machine.of(false, 2);
        Task a = m.spawn("A", 0);
        long addr = m.mmap(a, PAGE_SIZE, RW, PRIVATE);
        Task thread = m.k.fork().doFork(a, ForkOps.CLONE_VM);
        thread.sigaction(Siginfo.SIGSEGV, true);
        Throwable[] fail = new Throwable[1];
        Thread t1 = Machine.onThread("cpu1", () -> {
            thread.contextSwitch(m.cpu(1));
            thread.storeInt(addr, 1);
        }, fail);
        t1.join(10_000);
        assertNull(fail[0]);
        assertTrue(m.cpu(1).tlbHolds(addr));

        assertEquals(0, m.k.mprotect().sysMprotect(a.mm, addr, PAGE_SIZE, PROT_READ));

        assertFalse(m.cpu(1).tlbHolds(addr));
        Thread t2 = Machine.onThread("cpu1", () -> {
            thread.contextSwitch(m.cpu(1));
            thread.storeInt(addr, 2);
        }, fail);
        t2.join(10_000);
        assertTrue(fail[0] instanceof Siginfo s && s.siCode == Siginfo.SEGV_ACCERR, String.valueOf(fail[0]));
        assertEquals(1, a.loadInt(addr));
    }

    @Test
    void doPageFault_manyCpusFaultingOneMmConcurrentlyKeepItConsistent() throws Exception {
        Machine m = Machine.of(false, 4);
        Task a = m.spawn("A", 0);
        int pages = 256;
        long addr = m.mmap(a, (long) pages * PAGE_SIZE, RW, PRIVATE);
        Task[] threads = new Task[4];
        threads[0] = a;
        for (int i = 1; i < 4; i++) {
            threads[i] = m.k.fork().doFork(a, ForkOps.CLONE_VM);
        }
        Throwable[] fail = new Throwable[1];
        Thread[] th = new Thread[4];
        for (int c = 0; c < 4; c++) {
            int cpu = c;
            th[c] = Machine.onThread("cpu" + c, () -> {
                threads[cpu].contextSwitch(m.cpu(cpu));
                // Every CPU touches every page: the first write wins, the others find it.
                for (int i = 0; i < pages; i++) {
                    int p = (i + cpu * 64) % pages;
                    if (cpu % 2 == 0) {
                        threads[cpu].storeInt(addr + (long) p * PAGE_SIZE + cpu * 4, cpu + 1);
                    } else {
                        threads[cpu].loadInt(addr + (long) p * PAGE_SIZE);
                    }
                }
            }, fail);
        }
        for (Thread t : th) {
            t.join(30_000);
        }
        assertNull(fail[0]);
        a.contextSwitch(m.cpu(0));
        for (int p = 0; p < pages; p++) {
            assertEquals(1, a.loadInt(addr + (long) p * PAGE_SIZE));
            assertEquals(3, a.loadInt(addr + (long) p * PAGE_SIZE + 8));
        }
        assertEquals(pages, m.anonRss(a.mm));
        assertEquals(0, m.fileRss(a.mm), "every ZERO_PAGE mapping was replaced by a write");
        m.assertInvariants();
    }
}
