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
            default -> throw new CliError("run: workload '" + settings.workload() + "' is not available in this build",
                    RunCommand.EXIT_USAGE);
        };
    }
}
