package linux.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import linux.boot.Machine;
import linux.init.BootParams;
import linux.kernel.KernelError;
import linux.mm.page.SwapInfoStruct;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mmemu run}: boots an emulated machine, turns swap on, runs a workload on it, and
 * prints what a user of the real kernel would look at: vmstat(8) lines while it runs, then
 * {@code /proc/swaps}, {@code /proc/meminfo} and {@code /proc/vmstat}, whether every byte the
 * workload wrote read back right, and the wall time with the swap throughput.
 *
 * <p>Exit status: 0 when every page verified and no unexpected signal was delivered, 1 when
 * the kernel refused a swap area or the workload found a mismatch or a signal, 2 for bad
 * arguments (one line on stderr, nothing left behind).
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Boot an emulated Linux 2.6.20 machine, swapon, run a workload, and print vmstat lines,",
            "/proc/swaps, /proc/meminfo, /proc/vmstat and the verification of every page written.",
            "Without options: 64M of RAM, one CPU, a fresh 256M swap file in a temporary directory,",
            "workload touch --size 192M --passes 2."})
public final class RunCommand implements Callable<Integer> {

    /** Exit status for bad arguments. */
    static final int EXIT_USAGE = 2;

    /** The workloads this version has. */
    static final List<String> WORKLOADS = List.of("touch", "fork-share", "none");

    @Spec
    CommandSpec spec;

    @Option(names = "--mem", paramLabel = "SIZE", description = "RAM size (K, M, G suffixes). Default: 64M.")
    String mem = "64M";

    @Option(names = "--cpus", paramLabel = "N", description = "Emulated CPUs. Default: 1.")
    int cpus = 1;

    @Option(names = "--pae", description = "Use PAE (3-level) page tables instead of 2-level ones.")
    boolean pae;

    @Option(names = "--swappiness", paramLabel = "N", description = "vm.swappiness, 0-100. Default: 60.")
    int swappiness = 60;

    @Option(names = "--deterministic",
            description = "Run every CPU, kswapd and the device completions on one thread at defined points,"
                    + " so the same command and seed give the same /proc/vmstat.")
    boolean deterministic;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the workload's patterns. Default: 1.")
    long seed = 1;

    @Option(names = "--swap", paramLabel = "PATH[,prio=N][,type=file|partition][,size=SIZE]",
            description = {"A swap area (repeatable). A PATH that does not exist is created with size= (mode 0600)",
                "and mkswap'ed; an existing one is used as it is. type=partition attaches it as a block device."})
    List<String> swaps = new ArrayList<>();

    @Option(names = "--direct-io", description = "Open swap devices with O_DIRECT (no host page cache).")
    boolean directIo;

    @Option(names = "--vmstat", paramLabel = "SECONDS", description = "Print a vmstat(8) line every SECONDS. Default: 1; 0: none.")
    int vmstatSeconds = 1;

    @Option(names = "--workload", paramLabel = "NAME", description = "touch, fork-share or none. Default: touch.")
    String workload = "touch";

    @Option(names = "--size", paramLabel = "SIZE", description = "touch / fork-share: memory the workload maps. Default: 192M.")
    String size = "192M";

    @Option(names = "--passes", paramLabel = "P", description = "touch: read-back passes over every page. Default: 2.")
    int passes = 2;

    @Option(names = "--procs", paramLabel = "K", description = "touch: tasks (made by fork), each with SIZE/K. Default: 1.")
    int procs = 1;

    @Option(names = "--children", paramLabel = "K", description = "fork-share: children forked after the fill. Default: 2.")
    int children = 2;

    /** One {@code --swap} argument, parsed. */
    record SwapSpec(String path, Integer prio, boolean partition, Long sizeBytes) {

        /** {@code sys_swapon}'s swap_flags: SWAP_FLAG_PREFER with the priority when one was given. */
        int swapFlags() {
            return prio == null ? 0
                    : SwapInfoStruct.SWAP_FLAG_PREFER | (prio & SwapInfoStruct.SWAP_FLAG_PRIO_MASK) << SwapInfoStruct.SWAP_FLAG_PRIO_SHIFT;
        }
    }

    /** The validated settings of one run. */
    record Settings(BootParams params, String workload, long sizeBytes, int passes, int procs, int children, long seed,
            int vmstatSeconds, List<SwapSpec> swaps) {
    }

    @Override
    public Integer call() {
        Settings settings = validate();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path tmp = null;
        List<SwapSpec> areas = settings.swaps();
        try {
            if (areas.isEmpty()) {
                tmp = createTempDir();
                areas = List.of(new SwapSpec(tmp.resolve("swap0").toString(), null, false, 256L << 20));
            }
            for (SwapSpec area : areas) {
                prepare(area, err);
            }
            Machine machine;
            try {
                machine = Machine.boot(settings.params());
            } catch (KernelError e) {
                throw new CliError("run: " + e.getMessage(), EXIT_USAGE);
            }
            return new Run(machine, settings, areas, out, err).execute();
        } finally {
            if (tmp != null) {
                deleteTree(tmp);
            }
        }
    }

    /** Checks every argument before anything is created or booted. */
    Settings validate() {
        if (!WORKLOADS.contains(workload)) {
            throw usage("unknown workload '" + workload + "' (known: " + String.join(", ", WORKLOADS) + ")");
        }
        if (cpus < 1 || cpus > BootParams.NR_CPUS) {
            throw usage("--cpus " + cpus + ": must be between 1 and " + BootParams.NR_CPUS);
        }
        if (swappiness < 0 || swappiness > 100) {
            throw usage("--swappiness " + swappiness + ": must be between 0 and 100");
        }
        if (vmstatSeconds < 0) {
            throw usage("--vmstat " + vmstatSeconds + ": must not be negative");
        }
        if (passes < 0) {
            throw usage("--passes " + passes + ": must not be negative");
        }
        if (procs < 1) {
            throw usage("--procs " + procs + ": needs at least one task");
        }
        if (children < 1) {
            throw usage("--children " + children + ": needs at least one child");
        }
        long memBytes = sizeArg("--mem", mem);
        long sizeBytes = sizeArg("--size", size);
        if (sizeBytes < (4L << 10) * procs) {
            throw usage("--size " + size + ": needs at least one page per task");
        }
        BootParams params;
        try {
            params = BootParams.parse("mem=" + (memBytes >> 10) + "K maxcpus=" + cpus + " pae=" + (pae ? 1 : 0)
                    + " swappiness=" + swappiness + " deterministic=" + (deterministic ? 1 : 0) + " direct_io=" + (directIo ? 1 : 0));
        } catch (KernelError e) {
            throw usage(e.getMessage());
        }
        List<SwapSpec> specs = new ArrayList<>();
        for (String s : swaps) {
            specs.add(parseSwap(s));
        }
        return new Settings(params, workload, sizeBytes, passes, procs, children, seed, vmstatSeconds, specs);
    }

    /** A size option: a positive number of bytes with an optional K/M/G/T suffix, a whole number of pages. */
    private static long sizeArg(String option, String value) {
        long bytes;
        try {
            bytes = MkswapCommand.parseSize(value, "run: " + option);
        } catch (CliError e) {
            throw new CliError(e.getMessage(), EXIT_USAGE);
        }
        if (bytes <= 0 || bytes % 4096 != 0) {
            throw usage(option + " " + value + ": must be a positive whole number of 4K pages");
        }
        return bytes;
    }

    /** Parses {@code PATH[,prio=N][,type=file|partition][,size=SIZE]}. */
    static SwapSpec parseSwap(String arg) {
        String[] parts = arg.split(",", -1);
        String path = parts[0];
        if (path.isEmpty()) {
            throw usage("--swap " + arg + ": needs a path");
        }
        Integer prio = null;
        boolean partition = false;
        Long bytes = null;
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i];
            int eq = p.indexOf('=');
            String key = eq < 0 ? p : p.substring(0, eq);
            String value = eq < 0 ? "" : p.substring(eq + 1);
            switch (key) {
                case "prio" -> {
                    try {
                        prio = Integer.parseInt(value);
                    } catch (NumberFormatException e) {
                        throw usage("--swap " + arg + ": prio=" + value + " is not a number");
                    }
                    if (prio < 0 || prio > SwapInfoStruct.SWAP_FLAG_PRIO_MASK) {
                        throw usage("--swap " + arg + ": prio must be between 0 and " + SwapInfoStruct.SWAP_FLAG_PRIO_MASK);
                    }
                }
                case "type" -> {
                    switch (value.toLowerCase(Locale.ROOT)) {
                        case "file" -> partition = false;
                        case "partition" -> partition = true;
                        default -> throw usage("--swap " + arg + ": type must be file or partition");
                    }
                }
                case "size" -> bytes = sizeArg("--swap size", value);
                default -> throw usage("--swap " + arg + ": unknown setting '" + key + "' (known: prio, type, size)");
            }
        }
        return new SwapSpec(path, prio, partition, bytes);
    }

    /**
     * Makes a swap area ready before the machine boots: a missing PATH with size= is created
     * and mkswap'ed as util-linux would; a missing PATH without size= is left for swapon to
     * refuse (ENOENT). A PATH in a directory that does not exist, or a directory, is a usage
     * error: nothing is created.
     */
    private void prepare(SwapSpec area, PrintWriter err) {
        Path p = Path.of(area.path());
        if (Files.isDirectory(p)) {
            throw usage("--swap " + area.path() + ": is a directory");
        }
        Path parent = p.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw usage("--swap " + area.path() + ": directory " + parent + " does not exist");
        }
        if (Files.exists(p, LinkOption.NOFOLLOW_LINKS) || area.sizeBytes() == null) {
            return;
        }
        StringWriter mkswapOut = new StringWriter();
        StringWriter mkswapErr = new StringWriter();
        var cl = Mmemu.commandLine();
        cl.setOut(new PrintWriter(mkswapOut));
        cl.setErr(new PrintWriter(mkswapErr));
        int rc = cl.execute("mkswap", "-q", "--size", Long.toString(area.sizeBytes()), area.path());
        if (rc != 0) {
            err.print(mkswapErr);
            err.flush();
            throw new CliError("run: cannot create swap area " + area.path(), rc);
        }
    }

    private static Path createTempDir() {
        try {
            return Files.createTempDirectory("mmemu-run-");
        } catch (IOException e) {
            throw new CliError("run: cannot create a temporary directory: " + MkswapCommand.reason(e));
        }
    }

    /** Removes {@code dir} and all below it, as far as it can (run's and demo's temporary directories). */
    static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(q -> {
                try {
                    Files.deleteIfExists(q);
                } catch (IOException ignored) {
                    // what cannot be removed stays in the temporary directory
                }
            });
        } catch (IOException ignored) {
            // nothing left to remove
        }
    }

    private static CliError usage(String message) {
        return new CliError("run: " + message, EXIT_USAGE);
    }
}
