package linux.boot;

import static linux.boot.MachineProbe.mapAnon;
import static linux.arch.x86.PageGeometry.PAGE_SIZE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import linux.arch.x86.Cpu;
import linux.init.BootParams;
import linux.mm.page.MmStruct;
import linux.mm.page.Siginfo;
import linux.mm.page.Task;
import linux.mm.page.VmEventItem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10's end-to-end checks on a booted machine with the threaded kswapd: a working set
 * larger than RAM is served by kswapd and direct reclaim through a real swap file, and with
 * RAM and swap both exhausted the OOM killer picks the largest task and leaves the others'
 * memory intact.
 */
class ReclaimEndToEndTest {

    @TempDir
    Path dir;

    /** The 8-byte pattern of page {@code page} of task {@code pid}: distinct for every page and task. */
    private static long pattern(int pid, long page) {
        long z = ((long) pid << 40) + page + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static void writeAll(Task task, long base, long pages) {
        for (long i = 0; i < pages; i++) {
            task.storeLong(base + i * PAGE_SIZE, pattern(task.pid, i));
        }
    }

    private static long mismatches(Task task, long base, long pages) {
        long bad = 0;
        for (long i = 0; i < pages; i++) {
            if (task.loadLong(base + i * PAGE_SIZE) != pattern(task.pid, i)) {
                bad++;
            }
        }
        return bad;
    }

    private static long event(Machine m, VmEventItem item) {
        return m.kernel().pageAlloc().vmstat().vmEvent(item);
    }

    @Test
    @Timeout(60)
    void workingSetLargerThanRam_servedByKswapdAndDirectReclaim() throws IOException {
        Machine m = Machine.boot(BootParams.parse("mem=8M"));
        try {
            Path swap = KernelIsolationTest.mkswap(dir, "big.swap", (32L << 20) / PAGE_SIZE);
            m.swaponOrThrow(swap.toString(), 0);
            Cpu cpu = m.kernel().cpus().cpu(0);
            Task task = m.createTask("big");
            task.contextSwitch(cpu);
            long pages = 3 * (8L << 20) / PAGE_SIZE;
            long base = mapAnon(m, task, pages * PAGE_SIZE);

            writeAll(task, base, pages);
            long bad = mismatches(task, base, pages);

            long pageoutrun = event(m, VmEventItem.PAGEOUTRUN);
            long allocstall = event(m, VmEventItem.ALLOCSTALL);
            long pswpout = event(m, VmEventItem.PSWPOUT);
            long pswpin = event(m, VmEventItem.PSWPIN);
            System.out.printf("working set 24M on 8M: pageoutrun %d allocstall %d pswpout %d pswpin %d%n",
                    pageoutrun, allocstall, pswpout, pswpin);
            assertEquals(0, bad, "pages that read back wrong");
            assertTrue(pageoutrun > 0, "kswapd ran: pageoutrun " + pageoutrun);
            assertTrue(allocstall > 0, "direct reclaim ran: allocstall " + allocstall);
            assertTrue(pswpout > 0, "pswpout " + pswpout);
            assertTrue(pswpin > 0, "pswpin " + pswpin);
            m.exit(task, 0);
            m.swapoffOrThrow(swap.toString());
        } finally {
            m.halt();
        }
    }

    @Test
    @Timeout(60)
    void swapFullAndRamExhausted_oomKillsTheLargestTask() throws IOException {
        Machine m = Machine.boot(BootParams.parse("mem=8M"));
        try {
            Path swap = KernelIsolationTest.mkswap(dir, "small.swap", (2L << 20) / PAGE_SIZE);
            m.swaponOrThrow(swap.toString(), 0);
            Cpu cpu = m.kernel().cpus().cpu(0);

            Task a = m.createTask("A");
            a.contextSwitch(cpu);
            long aPages = (1L << 20) / PAGE_SIZE;
            long aBase = mapAnon(m, a, aPages * PAGE_SIZE);
            writeAll(a, aBase, aPages);

            Task b = m.createTask("B");
            b.contextSwitch(cpu);
            // More than RAM and swap together, mapped 1M at a time: the heuristic overcommit
            // check (OVERCOMMIT_GUESS) refuses one mapping larger than free RAM plus free swap,
            // but weighs each request alone.
            long chunk = (1L << 20) / PAGE_SIZE;
            long bPages = 16 * chunk;
            long[] bBase = new long[(int) (bPages / chunk)];
            for (int c = 0; c < bBase.length; c++) {
                bBase[c] = mapAnon(m, b, chunk * PAGE_SIZE);
            }
            Siginfo death = null;
            long touched = 0;
            try {
                for (; touched < bPages; touched++) {
                    b.storeLong(bBase[(int) (touched / chunk)] + (touched % chunk) * PAGE_SIZE, pattern(b.pid, touched));
                }
            } catch (Siginfo s) {
                death = s;
            }

            List<String> log = m.kernel().printk().messages();
            assertNotNull(death, "B touched all " + bPages + " pages and lived; log " + log);
            assertEquals(Siginfo.SIGKILL, death.siSigno, death::toString);
            assertEquals(b, death.task);
            assertTrue(b.exitState != 0, "B is dead");
            assertEquals(Siginfo.SIGKILL, b.exitCode);
            String kill = "Out of memory: kill process " + b.pid + " (B) score ";
            assertTrue(log.stream().anyMatch(l -> l.startsWith(kill) && l.endsWith(" or a child")), log::toString);
            assertTrue(log.contains("Killed process " + b.pid + " (B)"), log::toString);
            assertFalse(log.stream().anyMatch(l -> l.startsWith("Out of memory: kill process " + a.pid + " ")),
                    log::toString);
            System.out.printf("B died of %s after %d pages; pswpout %d%n", death, touched,
                    event(m, VmEventItem.PSWPOUT));

            a.contextSwitch(cpu);
            assertEquals(0, a.exitState, "A lives");
            assertEquals(0, mismatches(a, aBase, aPages), "A's pages read back wrong");
            m.exit(a, 0);
        } finally {
            m.halt();
        }
    }

    @Test
    @Timeout(60)
    void swapoffWithPagesOfSeveralTasksSwappedOut_bringsEveryPageBack() throws IOException {
        Machine m = Machine.boot(BootParams.parse("mem=8M"));
        try {
            Path swap = KernelIsolationTest.mkswap(dir, "off.swap", (32L << 20) / PAGE_SIZE);
            m.swaponOrThrow(swap.toString(), 0);
            Cpu cpu = m.kernel().cpus().cpu(0);
            long pages = (2L << 20) / PAGE_SIZE;
            Task a = m.createTask("A");
            a.contextSwitch(cpu);
            long aBase = mapAnon(m, a, pages * PAGE_SIZE);
            writeAll(a, aBase, pages);
            Task b = m.createTask("B");
            b.contextSwitch(cpu);
            long bBase = mapAnon(m, b, pages * PAGE_SIZE);
            writeAll(b, bBase, pages);
            // C pushes most of A and B out to swap, then exits and frees its own share
            Task c = m.createTask("C");
            c.contextSwitch(cpu);
            long cPages = (12L << 20) / PAGE_SIZE;
            writeAll(c, mapAnon(m, c, cPages * PAGE_SIZE), cPages);
            m.exit(c, 0);
            long swappedOut = MmStruct.getMmRss(a.mm) + MmStruct.getMmRss(b.mm);
            assertTrue(swappedOut < 2 * pages, "some of A and B is in swap: resident " + swappedOut + " of " + 2 * pages);
            long pswpin = event(m, VmEventItem.PSWPIN);

            m.swapoffOrThrow(swap.toString());

            assertTrue(event(m, VmEventItem.PSWPIN) > pswpin, "swapoff read the pages back in");
            assertEquals(2 * pages, MmStruct.getMmRss(a.mm) + MmStruct.getMmRss(b.mm), "every page of A and B is resident again");
            assertEquals("Filename\t\t\t\tType\t\tSize\tUsed\tPriority\n", m.procSwaps(), "no area is left");
            a.contextSwitch(cpu);
            assertEquals(0, mismatches(a, aBase, pages), "A's pages after swapoff");
            b.contextSwitch(cpu);
            assertEquals(0, mismatches(b, bBase, pages), "B's pages after swapoff");
            m.exit(a, 0);
            m.exit(b, 0);
        } finally {
            m.halt();
        }
    }
}
