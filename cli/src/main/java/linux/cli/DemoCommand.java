package linux.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import linux.arch.x86.Cpu;
import linux.arch.x86.Pgtable;
import linux.boot.Machine;
import linux.init.BootParams;
import linux.mm.page.Page;
import linux.mm.page.PageFlags;
import linux.mm.page.SwapInfoStruct;
import linux.mm.page.Swapops;
import linux.mm.page.Task;
import linux.mm.page.VmEventItem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mmemu demo shared-swap}: the life of one anonymous page shared by three tasks
 * through swap-out, swap-in and copy on write, printed step by step in the notation of the
 * shared-page seed diagram ({@code PTE(A) -> PA 0x...}, {@code PTE(B) -> SWAP(S<offset>)},
 * {@code struct page ...}, {@code swap_map[S<offset>] = n}).
 *
 * <p>The machine is booted with {@code mem=8M deterministic=1} and a fresh swap file in a
 * temporary directory (removed afterwards). The kernel functions of each step are not
 * listed (the tracer is not wired into the kernel's assembly yet); each step prints its
 * vmstat deltas instead.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {"Run a scripted demonstration on a booted machine and print each step's state.",
            "Demos: shared-swap (one page shared by A, B, C through swap-out, swap-in and COW)."})
public final class DemoCommand implements Callable<Integer> {

    static final List<String> DEMOS = List.of("shared-swap");

    private static final VmEventItem[] DELTAS = {VmEventItem.PSWPOUT, VmEventItem.PSWPIN, VmEventItem.PGMAJFAULT,
        VmEventItem.PAGEOUTRUN};

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DEMO", description = "shared-swap")
    String demo;

    @Override
    public Integer call() {
        if (!DEMOS.contains(demo)) {
            throw new CliError("demo: unknown demo '" + demo + "' (known: " + String.join(", ", DEMOS) + ")", 2);
        }
        PrintWriter out = spec.commandLine().getOut();
        Path tmp;
        try {
            tmp = Files.createTempDirectory("mmemu-demo-");
        } catch (IOException e) {
            throw new CliError("demo: cannot create a temporary directory: " + MkswapCommand.reason(e));
        }
        try {
            Path swap = tmp.resolve("swap0");
            StringWriter mkOut = new StringWriter();
            StringWriter mkErr = new StringWriter();
            var cl = Mmemu.commandLine();
            cl.setOut(new PrintWriter(mkOut));
            cl.setErr(new PrintWriter(mkErr));
            int rc = cl.execute("mkswap", "-q", "--size", Long.toString(64L << 20), swap.toString());
            if (rc != 0) {
                throw new CliError("demo: cannot create swap area " + swap + ": " + mkErr.toString().trim(), rc);
            }
            Machine machine = Machine.boot(BootParams.parse("mem=8M maxcpus=1 deterministic=1 trace=1"));
            try {
                machine.swaponOrThrow(swap.toString(), 0);
                int status = new SharedSwap(machine, out).run();
                machine.swapoffOrThrow(swap.toString());
                out.flush();
                return status;
            } finally {
                machine.halt();
            }
        } finally {
            RunCommand.deleteTree(tmp);
        }
    }

    /** The shared-swap scenario. */
    static final class SharedSwap {
        private static final int PAGE = 4096;
        private static final long VALUE = 0x5348415245440001L;

        private final Machine machine;
        private final PrintWriter out;
        private final Pgtable pgtable;
        private final Cpu cpu;
        private final Map<VmEventItem, Long> last = new EnumMap<>(VmEventItem.class);
        private final linux.mm.page.Vmstat vmstat;
        private final linux.mm.page.Pglist pgdat;
        private final linux.kernel.TraceRecorder recorder;
        private SwapInfoStruct si;
        private boolean observing;
        private int step;

        SharedSwap(Machine machine, PrintWriter out) {
            this.machine = machine;
            this.out = out;
            this.pgtable = machine.kernel().pgtable();
            this.cpu = machine.kernel().cpus().cpu(0);
            this.vmstat = machine.kernel().pageAlloc().vmstat();
            this.pgdat = machine.kernel().pageAlloc().pgdat();
            this.recorder = machine.kernel().tracer() instanceof linux.kernel.TraceRecorder r ? r : null;
            for (VmEventItem i : DELTAS) {
                last.put(i, event(i));
            }
        }

        private long event(VmEventItem i) {
            return vmstat.vmEvent(i);
        }

        /** The pte of {@code va} in {@code task}'s address space (0 if no pte table covers it). */
        long pte(Task task, long va) {
            long ptep = pgtable.lookupPte(task.mm.pgd, va);
            return ptep < 0 ? 0 : pgtable.ptepGet(ptep);
        }

        /** "PA 0x..." , "SWAP(S<offset>)" or "none" for a pte. */
        String pteText(long pte) {
            if (pgtable.pteNone(pte)) {
                return "none";
            }
            if (pgtable.ptePresent(pte)) {
                return String.format("PA 0x%08x%s", (long) pgtable.ptePfn(pte) * PAGE, pgtable.pteWrite(pte) ? "" : " (read-only)");
            }
            int entry = Swapops.pteToSwpEntry(pgtable, pte);
            int type = Swapops.swpType(entry);
            return "SWAP(" + (type == 0 ? "" : type + ":") + "S" + Swapops.swpOffset(entry) + ")";
        }

        boolean isSwap(long pte) {
            return !pgtable.pteNone(pte) && !pgtable.ptePresent(pte);
        }

        int swapEntry(long pte) {
            return Swapops.pteToSwpEntry(pgtable, pte);
        }

        Page page(long pte) {
            return pgdat.pfnToPage(pgtable.ptePfn(pte));
        }

        String pageText(Page p) {
            return String.format("struct page 0x%08x: _mapcount = %d, _count = %d, flags = %s", (long) p.pfn * PAGE,
                    Page.pageMapcount(p), Page.pageCount(p), PageFlags.describe(PageFlags.pageFlagBits(p)));
        }

        int swapMap(int entry) {
            return si.swapMap[Swapops.swpOffset(entry)];
        }

        String swapMapText(int entry) {
            return "swap_map[S" + Swapops.swpOffset(entry) + "] = " + swapMap(entry);
        }

        private void header(String what) {
            step++;
            out.println();
            out.println("step " + step + ": " + what);
        }

        private void deltas() {
            functions();
            StringBuilder b = new StringBuilder("  vmstat:");
            for (VmEventItem i : DELTAS) {
                long now = event(i);
                b.append(' ').append(i.text()).append(" +").append(now - last.get(i));
                last.put(i, now);
            }
            out.println(b);
        }

        /** The kernel functions called between kernel files since the last step, in first-call order, with counts. */
        private void functions() {
            if (recorder == null) {
                out.println("  kernel functions: (not traced)");
                return;
            }
            Map<String, Integer> n = new java.util.LinkedHashMap<>();
            for (linux.kernel.TraceRecorder.Call call : recorder.drain()) {
                n.merge(call.function(), 1, Integer::sum);
            }
            StringBuilder b = new StringBuilder("  kernel functions:");
            int col = b.length();
            for (Map.Entry<String, Integer> e : n.entrySet()) {
                String item = " " + e.getKey() + (e.getValue() > 1 ? " x" + e.getValue() : "");
                if (col + item.length() > 110) {
                    out.println(b);
                    b.setLength(0);
                    b.append("                   ");
                    col = b.length();
                }
                b.append(item);
                col += item.length();
            }
            out.println(n.isEmpty() ? "  kernel functions: (none between kernel files)" : b);
        }

        private void ptes(Task[] tasks, String[] names, long va) {
            for (int i = 0; i < tasks.length; i++) {
                out.println("  PTE(" + names[i] + ") -> " + pteText(pte(tasks[i], va)));
            }
        }

        int run() {
            si = machine.kernel().swapfile().getSwapInfoStruct(0);
            Task a = machine.createTask("A");
            a.contextSwitch(cpu);
            long va = Workloads.mapAnon(machine, a, PAGE);
            a.storeLong(va, VALUE);
            Task b = machine.fork(a);
            Task c = machine.fork(a);
            a.contextSwitch(cpu);
            Task[] abc = {a, b, c};
            String[] names = {"A", "B", "C"};
            long pteA = pte(a, va);
            Page p = page(pteA);
            header(String.format("A maps one anonymous page at VA 0x%08x, writes 0x%016x, forks B and C", va, VALUE));
            ptes(abc, names, va);
            out.println("  " + pageText(p));
            deltas();

            // Memory pressure: D touches 3x RAM page by page.
            Task d = machine.createTask("D");
            d.contextSwitch(cpu);
            long dPages = 3 * (8L << 20) / PAGE;
            long dBase = Workloads.mapAnon(machine, d, dPages * PAGE);
            // Observe also at every congestion_wait nap (where deterministic mode runs kswapd),
            // before and after kswapd's pass: reclaim passes end there.
            var vmscan = machine.kernel().vmscan();
            machine.kernel().backingDev().setSchedule(() -> {
                observe(abc, names, va, p, "at a congestion_wait nap, D's page " + (touchedNow + 1));
                vmscan.kswapdRunPending(0);
                observe(abc, names, va, p, "after kswapd's pass at a congestion_wait nap, D's page " + (touchedNow + 1));
            });
            if (recorder != null) {
                recorder.setOnExit(fn -> observe(abc, names, va, p, "after " + fn + "() returned, D's page " + (touchedNow + 1)));
            }
            long touched = 0;
            for (; touched < dPages && phase < 3; touched++) {
                touchedNow = touched;
                d.contextSwitch(cpu);
                d.storeLong(dBase + touched * PAGE, touched);
                observe(abc, names, va, p, "after D's page " + (touched + 1));
                machine.schedulePoint();
                observe(abc, names, va, p, "after D's page " + (touched + 1) + " and machine.schedulePoint()");
            }
            machine.kernel().backingDev().setSchedule(() -> vmscan.kswapdRunPending(0));
            if (recorder != null) {
                recorder.setOnExit(null);
            }
            machine.exit(d, 0);
            if (phase < 3) {
                out.println("demo: the shared page did not reach the freed state after " + touched + " pages of D");
                out.flush();
                return 1;
            }
            return finish(a, b, c, abc, names, va);
        }

        private int phase;
        private int entry;
        private long touchedNow;
        private long pswpoutAtUnmap = -1;

        private synchronized void observe(Task[] abc, String[] names, long va, Page p, String where) {
            if (observing) {
                return;
            }
            observing = true;
            try {
                observeOnce(abc, names, va, p, where);
            } finally {
                observing = false;
            }
        }

        private void observeOnce(Task[] abc, String[] names, long va, Page p, String where) {
                Task a = abc[0];
                Task b = abc[1];
                Task c = abc[2];
                long pa = pte(a, va);
                long pb = pte(b, va);
                long pc = pte(c, va);
                boolean allSwap = isSwap(pa) && isSwap(pb) && isSwap(pc) && swapEntry(pa) == swapEntry(pb)
                        && swapEntry(pb) == swapEntry(pc);
                if (!allSwap || phase >= 3) {
                    return;
                }
                entry = swapEntry(pa);
                boolean inCache = PageFlags.pageSwapCache(p) && Page.pagePrivate(p) == entry;
                int now;
                if (!inCache) {
                    if (Page.pageCount(p) != 0 || swapMap(entry) != 3) {
                        return; // off the swap cache, but the frame and the cache's swap reference are not freed yet
                    }
                    now = 3;
                } else if (PageFlags.pageWriteback(p) || PageFlags.pageDirty(p) || event(VmEventItem.PSWPOUT) == pswpoutAtUnmap) {
                    now = 1;
                } else {
                    now = 2;
                }
                if (now == 1 && phase < 1 || now == 2 && phase < 2 || now == 3) {
                    int seen = phase;
                    phase = now;
                    if (phase == 1) {
                        pswpoutAtUnmap = event(VmEventItem.PSWPOUT);
                    }
                    switch (phase) {
                        case 1 -> header(where + ": rmap found all ptes and unmapped them (try_to_unmap)");
                        case 2 -> header(where + ": written to disk (PG_writeback done)");
                        default -> header(where + ": frame freed (page left the swap cache)"
                                + (seen == 0 ? " -- unmap (a), write-out (b) and free (c) all happened between two observation points"
                                        : seen == 1 ? " -- write-out (b) and free (c) happened between two observation points" : ""));
                    }
                    ptes(abc, names, va);
                    out.println("  " + pageText(p));
                    out.println("  " + swapMapText(entry));
                    deltas();
                }
        }

        private int finish(Task a, Task b, Task c, Task[] abc, String[] names, long va) {
            // B reads: do_swap_page.
            b.contextSwitch(cpu);
            long got = b.loadLong(va);
            long pbRead = pte(b, va);
            header("B reads VA " + String.format("0x%08x", va) + " -> do_swap_page (value read 0x" + Long.toHexString(got) + ")");
            ptes(abc, names, va);
            Page pIn = pgtable.ptePresent(pbRead) ? page(pbRead) : null;
            if (pIn != null) {
                out.println("  " + pageText(pIn));
            }
            out.println("  " + swapMapText(entry));
            deltas();

            // B writes: COW (do_wp_page) or reuse of an exclusive swap page.
            b.storeLong(va, VALUE + 1);
            long pbWrite = pte(b, va);
            int pfnRead = pgtable.ptePresent(pbRead) ? pgtable.ptePfn(pbRead) : -1;
            int pfnWrite = pgtable.ptePresent(pbWrite) ? pgtable.ptePfn(pbWrite) : -1;
            String how = pfnWrite != pfnRead ? "do_wp_page copied the page: B has a new frame"
                    : "do_wp_page reused the swapped-in page (B was its only user)";
            header("B writes -> " + how);
            ptes(abc, names, va);
            Page pNew = page(pbWrite);
            out.println("  " + pageText(pNew));
            if (pIn != null && pIn != pNew) {
                out.println("  " + pageText(pIn) + " (the swapped-in page)");
            }
            out.println("  " + swapMapText(entry));
            deltas();

            // Final state.
            long fa = pte(a, va);
            long fb = pte(b, va);
            long fc = pte(c, va);
            int swapPtes = (isSwap(fa) && swapEntry(fa) == entry ? 1 : 0) + (isSwap(fc) && swapEntry(fc) == entry ? 1 : 0)
                    + (isSwap(fb) && swapEntry(fb) == entry ? 1 : 0);
            boolean cached = pIn != null && PageFlags.pageSwapCache(pIn) && Page.pagePrivate(pIn) == entry;
            header("final state");
            out.println("  PTE(A) -> " + pteText(fa));
            out.println("  PTE(C) -> " + pteText(fc));
            out.println("  PTE(B) -> " + pteText(fb));
            out.println("  " + swapMapText(entry) + " (" + swapPtes + " swap ptes + " + (cached ? 1 : 0) + " swap cache)");
            boolean ok = isSwap(fa) && isSwap(fc) && swapEntry(fa) == swapEntry(fc) && pgtable.ptePresent(fb)
                    && swapMap(entry) == swapPtes + (cached ? 1 : 0);
            a.contextSwitch(cpu);
            long va_a = a.loadLong(va);
            c.contextSwitch(cpu);
            long va_c = c.loadLong(va);
            b.contextSwitch(cpu);
            long va_b = b.loadLong(va);
            boolean values = va_a == VALUE && va_c == VALUE && va_b == VALUE + 1;
            out.println("  values: A 0x" + Long.toHexString(va_a) + ", B 0x" + Long.toHexString(va_b) + ", C 0x"
                    + Long.toHexString(va_c) + (values ? " (as written)" : " (WRONG)"));
            out.println(ok && values ? "demo shared-swap: OK" : "demo shared-swap: FAILED");
            for (Task t : new Task[] {b, c, a}) {
                machine.exit(t, 0);
            }
            out.flush();
            return ok && values ? 0 : 1;
        }
    }
}
