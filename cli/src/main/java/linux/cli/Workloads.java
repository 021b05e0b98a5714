package linux.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import linux.boot.Machine;
import linux.kernel.KernelError;
import linux.mm.page.MmapOps;
import linux.mm.page.Siginfo;
import linux.mm.page.Task;

/**
 * The workloads of {@code mmemu run}: user programs over private anonymous memory that write
 * a pattern to every page and check every byte of it later.
 *
 * <ul>
 * <li>{@code touch}: K tasks (the first made by the machine, the others forked from it before
 *   it maps anything) each map SIZE/K, write their pattern to every page, then read every
 *   page back P times.</li>
 * <li>{@code fork-share}: one task fills SIZE; it forks K children that read it all (sharing
 *   its pages and, once swapped, its swap entries); each child then writes its own slice
 *   (copy on write); last every task checks its whole view: the parent the original pattern,
 *   each child its own pattern in its slice and the parent's elsewhere.</li>
 * </ul>
 */
final class Workloads {

    static final int PAGE = 4096;

    private Workloads() {
    }

    /** Counters the programs of one run add to. */
    static final class Tally {
        final AtomicLong pages = new AtomicLong();
        final AtomicLong mismatches = new AtomicLong();
        final AtomicLong sigbus = new AtomicLong();
        final AtomicLong otherSignals = new AtomicLong();
        /** Work done so far and in all, in page steps (for the progress bar). */
        final AtomicLong done = new AtomicLong();
        volatile long total;

        void died(List<Siginfo> deaths) {
            for (Siginfo s : deaths) {
                if (s.siSigno == Siginfo.SIGBUS) {
                    sigbus.incrementAndGet();
                } else {
                    otherSignals.incrementAndGet();
                }
            }
        }
    }

    /**
     * The pattern word {@code w} of page {@code page} of the view {@code owner} (0 the first
     * task, 1 + i for child or sibling i): distinct for every page, owner and seed.
     */
    static long word(long seed, int owner, long page, int w) {
        long z = seed * 0x9E3779B97F4A7C15L + ((long) owner << 40) + page;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return z + w * 0x9E3779B97F4A7C15L;
    }

    /** Fills {@code buf} with page {@code page} of {@code owner}'s pattern. */
    static void fill(byte[] buf, long seed, int owner, long page) {
        for (int w = 0; w < PAGE / Long.BYTES; w++) {
            long v = word(seed, owner, page, w);
            int o = w * Long.BYTES;
            for (int b = 0; b < Long.BYTES; b++) {
                buf[o + b] = (byte) (v >>> (8 * b));
            }
        }
    }

    /** Maps {@code bytes} of private anonymous read-write memory in {@code task}; returns its start. */
    static long mapAnon(Machine machine, Task task, long bytes) {
        long addr = machine.kernel().mmap().sysMmap2(task.mm, 0, bytes, MmapOps.PROT_READ | MmapOps.PROT_WRITE,
                MmapOps.MAP_PRIVATE | MmapOps.MAP_ANONYMOUS, -1, 0);
        if (MmapOps.isErrValue(addr)) {
            throw new CliError("run: mmap of " + (bytes >> 10) + "K failed: " + Run.strerror((int) addr));
        }
        return addr;
    }

    /**
     * A program writing or checking pages {@code [from, to)} of a mapping at {@code base}:
     * each step handles one page; {@code writer} tells which view each page must hold.
     */
    static final class PagePass implements Programs.Program {
        private final Task task;
        private final long base;
        private final long from;
        private final long to;
        private final boolean write;
        private final java.util.function.LongToIntFunction owner;
        private final long seed;
        private final Tally tally;
        private final byte[] want = new byte[PAGE];
        private final byte[] got = new byte[PAGE];
        private long next;

        PagePass(Task task, long base, long from, long to, boolean write, java.util.function.LongToIntFunction owner,
                long seed, Tally tally) {
            this.task = task;
            this.base = base;
            this.from = from;
            this.to = to;
            this.write = write;
            this.owner = owner;
            this.seed = seed;
            this.tally = tally;
            this.next = from;
        }

        @Override
        public Task task() {
            return task;
        }

        @Override
        public boolean step() {
            if (next >= to) {
                return false;
            }
            long page = next++;
            fill(want, seed, owner.applyAsInt(page), page);
            long va = base + page * PAGE;
            if (write) {
                task.write(va, want, 0, PAGE);
            } else {
                task.read(va, got, 0, PAGE);
                tally.pages.incrementAndGet();
                if (!java.util.Arrays.equals(want, got)) {
                    tally.mismatches.incrementAndGet();
                }
            }
            tally.done.incrementAndGet();
            return next < to;
        }
    }

    /** A program that runs {@code parts} one after the other as the same task. */
    static Programs.Program chain(Task task, List<Programs.Program> parts) {
        return new Programs.Program() {
            private int i;

            @Override
            public Task task() {
                return task;
            }

            @Override
            public boolean step() {
                while (i < parts.size()) {
                    if (parts.get(i).step()) {
                        return true;
                    }
                    i++;
                    return i < parts.size();
                }
                return false;
            }
        };
    }

    /** touch: see the class comment. */
    static Workload.Result touch(Machine machine, RunCommand.Settings s, Tally tally, Programs.CpuTimes times) {
        long pagesPerTask = s.sizeBytes() / PAGE / s.procs();
        tally.total = pagesPerTask * s.procs() * (1 + s.passes());
        long start = System.nanoTime();
        Task first = machine.createTask("touch");
        List<Task> tasks = new ArrayList<>();
        tasks.add(first);
        for (int i = 1; i < s.procs(); i++) {
            tasks.add(machine.fork(first));
        }
        List<Programs.Program> programs = new ArrayList<>();
        for (int t = 0; t < tasks.size(); t++) {
            Task task = tasks.get(t);
            long base = mapAnon(machine, task, pagesPerTask * PAGE);
            int owner = t;
            List<Programs.Program> parts = new ArrayList<>();
            parts.add(new PagePass(task, base, 0, pagesPerTask, true, p -> owner, s.seed(), tally));
            for (int pass = 0; pass < s.passes(); pass++) {
                parts.add(new PagePass(task, base, 0, pagesPerTask, false, p -> owner, s.seed(), tally));
            }
            programs.add(chain(task, parts));
        }
        tally.died(Programs.runAll(machine, programs, times));
        for (Task task : tasks) {
            machine.exit(task, 0);
        }
        return result(tally, System.nanoTime() - start);
    }

    /** fork-share: see the class comment. */
    static Workload.Result forkShare(Machine machine, RunCommand.Settings s, Tally tally, Programs.CpuTimes times) {
        long pages = s.sizeBytes() / PAGE;
        int k = s.children();
        tally.total = pages + (long) k * pages + pages + (long) (k + 1) * pages;
        long start = System.nanoTime();
        Task parent = machine.createTask("fork-share");
        long base = mapAnon(machine, parent, pages * PAGE);
        tally.died(Programs.runAll(machine,
                List.of(new PagePass(parent, base, 0, pages, true, p -> 0, s.seed(), tally)), times));
        List<Task> children = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            children.add(machine.fork(parent));
        }
        List<Programs.Program> reads = new ArrayList<>();
        for (Task child : children) {
            reads.add(new PagePass(child, base, 0, pages, false, p -> 0, s.seed(), tally));
        }
        tally.died(Programs.runAll(machine, reads, times));
        List<Programs.Program> writes = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            int owner = 1 + i;
            writes.add(new PagePass(children.get(i), base, slice(pages, k, i), slice(pages, k, i + 1), true, p -> owner,
                    s.seed(), tally));
        }
        tally.died(Programs.runAll(machine, writes, times));
        List<Programs.Program> checks = new ArrayList<>();
        checks.add(new PagePass(parent, base, 0, pages, false, p -> 0, s.seed(), tally));
        for (int i = 0; i < k; i++) {
            long lo = slice(pages, k, i);
            long hi = slice(pages, k, i + 1);
            int owner = 1 + i;
            checks.add(new PagePass(children.get(i), base, 0, pages, false, p -> p >= lo && p < hi ? owner : 0,
                    s.seed(), tally));
        }
        tally.died(Programs.runAll(machine, checks, times));
        for (Task child : children) {
            machine.exit(child, 0);
        }
        machine.exit(parent, 0);
        return result(tally, System.nanoTime() - start);
    }

    /** First page of child {@code i}'s slice when {@code pages} are split {@code k} ways. */
    static long slice(long pages, int k, int i) {
        return pages * i / k;
    }

    private static Workload.Result result(Tally tally, long nanos) {
        return new Workload.Result(tally.pages.get(), tally.mismatches.get(), tally.sigbus.get(),
                tally.otherSignals.get(), nanos);
    }

    /** Wraps a kernel refusal of a task operation as a run failure (exit 1). */
    static CliError failed(String what, KernelError e) {
        return new CliError("run: " + what + ": " + e.getMessage());
    }
}
