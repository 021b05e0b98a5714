package linux.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import linux.boot.Machine;
import linux.kernel.Errno;
import linux.kernel.KernelError;
import linux.mm.page.VmEventItem;

/**
 * One {@code mmemu run} on a booted machine: swapon of every area (in the order given),
 * the workload with its vmstat(8) lines, the /proc blocks, the verification and timing
 * lines, then swapoff of every area that was turned on.
 */
final class Run {

    private final Machine machine;
    private final RunCommand.Settings settings;
    private final List<RunCommand.SwapSpec> areas;
    private final PrintWriter out;
    private final PrintWriter err;

    Run(Machine machine, RunCommand.Settings settings, List<RunCommand.SwapSpec> areas, PrintWriter out, PrintWriter err) {
        this.machine = machine;
        this.settings = settings;
        this.areas = areas;
        this.out = out;
        this.err = err;
    }

    /** Runs and returns the exit status. */
    int execute() {
        List<String> on = new ArrayList<>();
        try {
            for (RunCommand.SwapSpec area : areas) {
                if (!swapon(area)) {
                    return 1;
                }
                on.add(area.path());
            }
            Workload.Result result = Workload.of(settings, machine).run(out);
            out.println("==> /proc/swaps <==");
            out.print(machine.procSwaps());
            out.println();
            out.println("==> /proc/meminfo <==");
            out.print(machine.procMeminfo());
            out.println();
            out.println("==> /proc/vmstat <==");
            out.print(machine.procVmstat());
            out.println();
            out.println("verify: pages=" + result.pages() + " mismatches=" + result.mismatches() + " sigbus=" + result.sigbus());
            long pswpout = machine.kernel().pageAlloc().vmstat().vmEvent(VmEventItem.PSWPOUT);
            long pswpin = machine.kernel().pageAlloc().vmstat().vmEvent(VmEventItem.PSWPIN);
            double seconds = result.elapsedNanos() / 1e9;
            double mib = (pswpout + pswpin) * 4096.0 / (1 << 20);
            out.println(String.format(java.util.Locale.ROOT, "elapsed=%.2f s pswpout=%d pswpin=%d MiB/s=%.1f", seconds,
                    pswpout, pswpin, seconds > 0 ? mib / seconds : 0.0));
            out.flush();
            return result.mismatches() == 0 && result.unexpectedSignals() == 0 ? 0 : 1;
        } finally {
            for (int i = on.size() - 1; i >= 0; i--) {
                int logged = machine.kernel().printk().lines().size();
                int rc = machine.sysSwapoff(on.get(i));
                if (rc < 0) {
                    printLogSince(logged);
                    err.println("swapoff: " + on.get(i) + ": swapoff failed: " + strerror(rc));
                }
            }
            err.flush();
        }
    }

    /** swapon(8) of one area: the kernel's log lines, then swapon's own line on failure. */
    private boolean swapon(RunCommand.SwapSpec area) {
        int logged = machine.kernel().printk().lines().size();
        try {
            if (area.partition()) {
                machine.loopSetFd(Path.of(area.path()));
            }
        } catch (KernelError e) {
            err.println("swapon: " + area.path() + ": swapon failed: " + e.errno().text);
            err.flush();
            return false;
        }
        int rc = machine.sysSwapon(area.path(), area.swapFlags());
        if (rc < 0) {
            printLogSince(logged);
            err.println("swapon: " + area.path() + ": swapon failed: " + strerror(rc));
            err.flush();
            return false;
        }
        return true;
    }

    /** The kernel's messages logged after the first {@code since}, as dmesg prints them. */
    private void printLogSince(int since) {
        List<String> log = machine.kernel().printk().messages();
        for (String line : log.subList(since, log.size())) {
            err.println(line);
        }
    }

    /** strerror(3) of a kernel return value {@code -errno}. */
    static String strerror(int rc) {
        Errno e = Errno.of(rc);
        return e == null ? "Unknown error " + -rc : e.text;
    }
}
