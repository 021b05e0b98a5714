package linux.cli;

import java.io.PrintWriter;
import linux.boot.Machine;

/**
 * A user program {@code mmemu run} drives a machine with: it maps memory, writes a pattern
 * to every page, reads it back and counts what did not match.
 */
interface Workload {

    /** What a workload saw: pages verified, mismatches, SIGBUS deliveries, other signals, wall time. */
    record Result(long pages, long mismatches, long sigbus, long unexpectedSignals, long elapsedNanos) {
    }

    /** Runs the workload to the end, printing its progress lines to {@code out}. */
    Result run(PrintWriter out);

    /** The workload {@code settings} name, on {@code machine}. */
    static Workload of(RunCommand.Settings settings, Machine machine) {
        return switch (settings.workload()) {
            case "none" -> o -> new Result(0, 0, 0, 0, 0);
            case "touch" -> o -> supervised(machine, settings, o, Workloads::touch);
            case "fork-share" -> o -> supervised(machine, settings, o, Workloads::forkShare);
            default -> throw new CliError("run: unknown workload '" + settings.workload() + "'", RunCommand.EXIT_USAGE);
        };
    }

    /** A workload body: runs on {@code machine}, adds to {@code tally}, accounts CPU time in {@code times}. */
    @FunctionalInterface
    interface Body {
        Result run(Machine machine, RunCommand.Settings settings, Workloads.Tally tally, Programs.CpuTimes times);
    }

    /**
     * Runs {@code body} with the vmstat lines every {@code --vmstat} seconds on {@code out} and,
     * when stdout is a terminal, a progress bar on stderr.
     */
    private static Result supervised(Machine machine, RunCommand.Settings settings, PrintWriter out, Body body) {
        Workloads.Tally tally = new Workloads.Tally();
        Programs.CpuTimes times = new Programs.CpuTimes();
        Thread vmstat = null;
        VmstatLines lines = new VmstatLines(machine, times, times.running::get, machine.bootNanos());
        if (settings.vmstatSeconds() > 0) {
            vmstat = VmstatLines.start(lines, settings.vmstatSeconds(), out);
        }
        Progress progress = Progress.start(settings.workload(), tally);
        try {
            return body.run(machine, settings, tally, times);
        } finally {
            progress.close();
            if (vmstat != null) {
                vmstat.interrupt();
                try {
                    vmstat.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                synchronized (out) {
                    out.println(lines.next());
                    out.flush();
                }
            }
        }
    }
}
