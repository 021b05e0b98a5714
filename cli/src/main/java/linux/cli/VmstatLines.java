package linux.cli;

import java.io.PrintWriter;
import java.util.Locale;
import linux.boot.Machine;
import linux.mm.page.VmEventItem;
import linux.mm.page.Vmstat;

/**
 * vmstat(8)-style lines over the emulated counters, in the columns and widths of procps 3.2
 * (the vmstat of Linux 2.6.20's time): {@code r b swpd free buff cache si so bi bo in cs us sy
 * id wa}. The first line averages since boot, each later one covers the interval since the
 * previous line, as vmstat(8) does.
 *
 * <p>Where the columns come from: swpd, free, buff and cache from the figures of
 * /proc/meminfo (KiB); si/so from pswpin/pswpout (pages, shown in KiB/s); bi/bo from
 * pgpgin/pgpgout as /proc/vmstat shows them (KiB/s); in from the bios the machine's devices
 * completed (each completion is the interrupt a disk raises; there is no timer interrupt);
 * cs from the task switches of the emulated CPUs; us/sy/wa from the time the CPUs spent in
 * user accesses, in minor faults and in faults that waited for swap I/O; id is the rest.
 * r is the number of tasks running on a CPU; b, tasks in uninterruptible sleep, is not
 * tracked and shows 0.
 */
final class VmstatLines {

    static final String HEADER1 = "procs -----------memory---------- ---swap-- -----io---- -system-- ----cpu----";
    static final String HEADER2 = String.format(Locale.ROOT, "%2s %2s %6s %6s %6s %6s %4s %4s %5s %5s %4s %4s %2s %2s %2s %2s",
            "r", "b", "swpd", "free", "buff", "cache", "si", "so", "bi", "bo", "in", "cs", "us", "sy", "id", "wa");

    private final Machine machine;
    private final Programs.CpuTimes times;
    private final java.util.function.IntSupplier running;
    private long lastNanos;
    private long pswpin;
    private long pswpout;
    private long pgpgin;
    private long pgpgout;
    private long completions;
    private long switches;
    private long user;
    private long system;
    private long iowait;

    VmstatLines(Machine machine, Programs.CpuTimes times, java.util.function.IntSupplier running, long bootNanos) {
        this.machine = machine;
        this.times = times;
        this.running = running;
        this.lastNanos = bootNanos;
    }

    /** The line for the interval since the previous one (or since boot for the first). */
    String next() {
        long now = System.nanoTime();
        double seconds = Math.max(1e-9, (now - lastNanos) / 1e9);
        Vmstat vm = machine.kernel().pageAlloc().vmstat();
        long in = vm.vmEvent(VmEventItem.PSWPIN);
        long out = vm.vmEvent(VmEventItem.PSWPOUT);
        long pi = vm.vmEvent(VmEventItem.PGPGIN) / 2;
        long po = vm.vmEvent(VmEventItem.PGPGOUT) / 2;
        long irq = machine.completions();
        long cs = times.switches.get();
        long us = times.user.get();
        long sy = times.system.get();
        long wa = times.iowait.get();
        java.util.Map<String, Long> mem = machine.meminfo();
        long cpuNanos = (long) ((now - lastNanos) * (double) machine.kernel().cpus().nrCpus());
        int pus = percent(us - user, cpuNanos);
        int psy = percent(sy - system, cpuNanos);
        int pwa = percent(wa - iowait, cpuNanos);
        int pid = Math.max(0, 100 - pus - psy - pwa);
        String line = String.format(Locale.ROOT,
                "%2d %2d %6d %6d %6d %6d %4d %4d %5d %5d %4d %4d %2d %2d %2d %2d",
                running.getAsInt(), 0, mem.get("SwapTotal") - mem.get("SwapFree"), mem.get("MemFree"),
                mem.get("Buffers"), mem.get("Cached"),
                rate((in - pswpin) * 4, seconds), rate((out - pswpout) * 4, seconds),
                rate(pi - pgpgin, seconds), rate(po - pgpgout, seconds),
                rate(irq - completions, seconds), rate(cs - switches, seconds), pus, psy, pid, pwa);
        lastNanos = now;
        pswpin = in;
        pswpout = out;
        pgpgin = pi;
        pgpgout = po;
        completions = irq;
        switches = cs;
        user = us;
        system = sy;
        iowait = wa;
        return line;
    }

    private static long rate(long delta, double seconds) {
        return Math.round(delta / seconds);
    }

    private static int percent(long nanos, long total) {
        return total <= 0 ? 0 : (int) Math.min(100, Math.round(nanos * 100.0 / total));
    }

    /** Prints the header, then a line every {@code seconds} until {@link Thread#interrupt()}. */
    static Thread start(VmstatLines lines, int seconds, PrintWriter out) {
        Thread t = new Thread(() -> {
            synchronized (out) {
                out.println(HEADER1);
                out.println(HEADER2);
                out.println(lines.next());
                out.flush();
            }
            try {
                for (;;) {
                    Thread.sleep(seconds * 1000L);
                    synchronized (out) {
                        out.println(lines.next());
                        out.flush();
                    }
                }
            } catch (InterruptedException done) {
                // the workload ended
            }
        }, "vmstat");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
