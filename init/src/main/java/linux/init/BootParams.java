package linux.init;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import linux.kernel.Errno;
import linux.kernel.KernelError;
import linux.arch.x86.PageGeometry;
import linux.kernel.Mirrors;
import linux.mm.page.BackingDev;

/**
 * Mirrors linux-2.6.20 {@code init/main.c}'s command-line handling
 * ({@code parse_args}, {@code __setup}) and {@code memparse} of {@code lib/cmdline.c}:
 * the boot parameters an emulated kernel is assembled from, given as a kernel command
 * line of space-separated {@code key=value} words, e.g. {@code "pae=1 mem=128M"}.
 *
 * <p>Parameters known so far:
 * <ul>
 * <li>{@code pae=0|1}: the page-table format, 2-level (0, the default) or PAE (1);</li>
 * <li>{@code pgtable=NAME}: the same choice by implementation name ({@code 2level},
 *     {@code pae}, or any other format boot lists); it must agree with {@code pae=} if
 *     both are given;</li>
 * <li>{@code mem=SIZE}: RAM size, a number with an optional K, M or G suffix, a whole
 *     number of pages (default 64M);</li>
 * <li>{@code maxcpus=N}: number of emulated CPUs, 1 to {@link #NR_CPUS} (default 1);</li>
 * <li>{@code jiffy_ns=N}: host nanoseconds one jiffy of sleep lasts (congestion_wait,
 *     schedule_timeout), default {@code 1 s / HZ}; 0 makes those sleeps return at once, for
 *     deterministic test kernels;</li>
 * <li>{@code FILE=NAME} for each of {@link #KERNEL_FILES} ({@code vmscan=NAME} ...): the
 *     implementation of that kernel file, by the name its module registers it under
 *     (default: the file's own name).</li>
 * </ul>
 * A later occurrence of a key overrides an earlier one, as in the kernel.
 *
 * <p>Differs from 2.6.20: the kernel passes words it does not know on to init; mmemu
 * rejects them, so a misspelt parameter cannot silently boot the wrong machine. Every
 * bad word ends as a {@link KernelError} with {@code EINVAL} and a one-line message.
 */
public final class BootParams {

    public static final String PAE = "pae";
    public static final String PGTABLE = "pgtable";
    public static final String MEM = "mem";
    public static final String MAXCPUS = "maxcpus";
    public static final String JIFFY_NS = "jiffy_ns";

    /** {@code swappiness=N}: vm.swappiness at boot, 0..100 (default 60). */
    public static final String SWAPPINESS = "swappiness";
    /** {@code deterministic=0|1}: one thread runs every CPU, kswapd and the completions at defined points. */
    public static final String DETERMINISTIC = "deterministic";
    /** {@code direct_io=0|1}: swap devices are opened with O_DIRECT. */
    public static final String DIRECT_IO = "direct_io";
    /** {@code trace=0|1}: record every call between kernel files (the function-graph tracer, for demos). */
    public static final String TRACE = "trace";

    /** Implementation of mm/page_alloc.c ({@code page_alloc=NAME}). */
    public static final String PAGE_ALLOC = "page_alloc";
    /** Implementation of mm/swap.c. */
    public static final String SWAP = "swap";
    /** Implementation of mm/swapfile.c. */
    public static final String SWAPFILE = "swapfile";
    /** Implementation of mm/swap_state.c. */
    public static final String SWAP_STATE = "swap_state";
    /** Implementation of mm/page_io.c. */
    public static final String PAGE_IO = "page_io";
    /** Implementation of mm/rmap.c. */
    public static final String RMAP = "rmap";
    /** Implementation of mm/thrash.c (the swap token). */
    public static final String THRASH = "thrash";
    /** Implementation of mm/memory.c. */
    public static final String MEMORY = "memory";
    /** Implementation of mm/mmap.c. */
    public static final String MMAP = "mmap";
    /** Implementation of kernel/fork.c's mm part. */
    public static final String FORK = "fork";
    /** Implementation of mm/vmscan.c. */
    public static final String VMSCAN = "vmscan";
    /** Implementation of mm/oom_kill.c. */
    public static final String OOM_KILL = "oom_kill";

    /**
     * The kernel files whose implementation a parameter of the same name chooses; the
     * default implementation of each is called by the file's own name.
     */
    public static final List<String> KERNEL_FILES = List.of(PAGE_ALLOC, SWAP, SWAPFILE, SWAP_STATE, PAGE_IO, RMAP,
            THRASH, MEMORY, MMAP, FORK, VMSCAN, OOM_KILL);

    /** The keys this version understands, in the order the usage text lists them. */
    public static final List<String> KNOWN = concat(List.of(PAE, PGTABLE, MEM, MAXCPUS, JIFFY_NS, SWAPPINESS,
            DETERMINISTIC, DIRECT_IO, TRACE), KERNEL_FILES);

    private static List<String> concat(List<String> a, List<String> b) {
        java.util.ArrayList<String> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }

    /** CONFIG_NR_CPUS of the emulated build. */
    @Mirrors("NR_CPUS")
    public static final int NR_CPUS = 8;

    static final long DEFAULT_MEM = 64L << 20;

    private final String cmdline;
    private final Map<String, String> params;

    private BootParams(String cmdline, Map<String, String> params) {
        this.cmdline = cmdline;
        this.params = Collections.unmodifiableMap(params);
        // Validate every typed value now, so a bad command line fails at parse time.
        pgtable();
        mem();
        maxcpus();
        jiffyNs();
        swappiness();
        deterministic();
        directIo();
        trace();
        for (String file : KERNEL_FILES) {
            implementation(file);
        }
    }

    /** The defaults: 2-level page tables, 64M of RAM, one CPU. */
    public static BootParams defaults() {
        return parse("");
    }

    /**
     * Parses a command line.
     *
     * @throws KernelError EINVAL for a word that is not {@code key=value}, an unknown key
     *     or a bad value
     */
    public static BootParams parse(String cmdline) {
        String line = cmdline == null ? "" : cmdline.trim();
        Map<String, String> params = new LinkedHashMap<>();
        if (!line.isEmpty()) {
            for (String word : line.split("\\s+")) {
                int eq = word.indexOf('=');
                if (eq <= 0) {
                    throw einval("boot parameter '" + word + "' is not key=value");
                }
                String key = word.substring(0, eq);
                if (!KNOWN.contains(key)) {
                    throw einval("unknown boot parameter '" + key + "' (known: " + String.join(", ", KNOWN) + ")");
                }
                params.put(key, word.substring(eq + 1));
            }
        }
        return new BootParams(line, params);
    }

    private static KernelError einval(String message) {
        return new KernelError(Errno.EINVAL, message);
    }

    /** The command line as given (what {@code /proc/cmdline} shows). */
    public String cmdline() {
        return cmdline;
    }

    /** The raw value of {@code key}, or {@code null} if it was not given. */
    public String get(String key) {
        return params.get(key);
    }

    /**
     * The name of the page-table format to boot: {@code pgtable=} if given, otherwise the
     * name of the PAE format {@link HardwareModule} binds ({@code "pae"}) for {@code pae=1}
     * and of its other format ({@code "2level"}) for {@code pae=0} or nothing. Whether a
     * format of a {@code pgtable=} name exists is for the component to say.
     */
    public String pgtable() {
        String pae = params.get(PAE);
        String byPae = null;
        if (pae != null) {
            switch (pae) {
                case "0":
                    byPae = HardwareModule.formatWithPae(false).name();
                    break;
                case "1":
                    byPae = HardwareModule.formatWithPae(true).name();
                    break;
                default:
                    throw einval("pae=" + pae + ": expected 0 or 1");
            }
        }
        String name = params.get(PGTABLE);
        if (name != null) {
            if (name.isEmpty()) {
                throw einval("pgtable= needs a format name");
            }
            if (byPae != null && !byPae.equals(name)) {
                throw einval("pae=" + pae + " contradicts pgtable=" + name);
            }
            return name;
        }
        return byPae != null ? byPae : HardwareModule.formatWithPae(false).name();
    }

    /**
     * RAM size in bytes ({@code mem=}, default 64M). It must be addressable by the chosen
     * page-table format: at most 4G for {@code 2level} (a pte holds a 20-bit pfn), at most
     * 64G for {@code pae}.
     *
     * <p>Differs from 2.6.20: setup.c's find_max_pfn warns and ignores the RAM above the
     * limit; mmemu's {@code mem=} is the RAM itself, so it refuses the size instead of
     * building frames no pte could map (a larger pfn would be cut short by
     * {@code pfn_pte} and map some other frame).
     */
    public long mem() {
        String v = params.get(MEM);
        if (v == null) {
            return DEFAULT_MEM;
        }
        long bytes = memparse(v);
        if (bytes <= 0 || bytes % PageGeometry.PAGE_SIZE != 0 || bytes >>> PageGeometry.PAGE_SHIFT > Integer.MAX_VALUE) {
            throw einval("mem=" + v + ": RAM must be a positive whole number of 4K pages");
        }
        String format = pgtable();
        HardwareModule.Format bound = HardwareModule.format(format);
        long maxPfn = bound != null ? bound.maxPfn() : Long.MAX_VALUE;
        if (bytes >>> PageGeometry.PAGE_SHIFT > maxPfn) {
            throw einval("mem=" + v + ": a " + format + " kernel addresses at most "
                    + (maxPfn << PageGeometry.PAGE_SHIFT >>> 30) + "G of RAM");
        }
        return bytes;
    }

    /**
     * The name of the implementation chosen for kernel file {@code file} (one of
     * {@link #KERNEL_FILES}): the value of the parameter of that name, or the file's own
     * name. Whether an implementation of that name exists is for the component to say.
     */
    public String implementation(String file) {
        if (!KERNEL_FILES.contains(file)) {
            throw new IllegalArgumentException(file + " is not a replaceable kernel file");
        }
        String name = params.get(file);
        if (name == null) {
            return file;
        }
        if (name.isEmpty()) {
            throw einval(file + "= needs an implementation name");
        }
        return name;
    }

    /** vm.swappiness at boot ({@code swappiness=}, default 60). */
    public int swappiness() {
        String v = params.get(SWAPPINESS);
        if (v == null) {
            return 60;
        }
        int n;
        try {
            n = Integer.parseInt(decimal(v));
        } catch (NumberFormatException e) {
            throw einval("swappiness=" + v + ": not a number");
        }
        if (n > 100) {
            throw einval("swappiness=" + v + ": must be between 0 and 100");
        }
        return n;
    }

    /** Whether the machine runs deterministically ({@code deterministic=1}). */
    public boolean deterministic() {
        return flag(DETERMINISTIC);
    }

    /** Whether the calls between kernel files are recorded ({@code trace=1}). */
    public boolean trace() {
        return flag(TRACE);
    }

    /** Whether swap devices are opened with O_DIRECT ({@code direct_io=1}). */
    public boolean directIo() {
        return flag(DIRECT_IO);
    }

    private boolean flag(String key) {
        String v = params.get(key);
        if (v == null || v.equals("0")) {
            return false;
        }
        if (v.equals("1")) {
            return true;
        }
        throw einval(key + "=" + v + ": expected 0 or 1");
    }

    /** Number of emulated CPUs ({@code maxcpus=}, default 1). */
    public int maxcpus() {
        String v = params.get(MAXCPUS);
        if (v == null) {
            return 1;
        }
        int n;
        try {
            n = Integer.parseInt(decimal(v));
        } catch (NumberFormatException e) {
            throw einval("maxcpus=" + v + ": not a number");
        }
        if (n < 1 || n > NR_CPUS) {
            throw einval("maxcpus=" + v + ": must be between 1 and " + NR_CPUS);
        }
        return n;
    }

    /**
     * Host nanoseconds per jiffy of sleep ({@code jiffy_ns=}, default
     * {@link BackingDev#JIFFY_NANOS}, 1 s / HZ); 0 means sleeps of the emulated kernel end at
     * once.
     */
    public long jiffyNs() {
        String v = params.get(JIFFY_NS);
        if (v == null) {
            return BackingDev.JIFFY_NANOS;
        }
        try {
            return Long.parseLong(decimal(v));
        } catch (NumberFormatException e) {
            throw einval("jiffy_ns=" + v + ": not a number of nanoseconds");
        }
    }

    /**
     * {@code digits} if it is ASCII decimal digits only; otherwise throws
     * NumberFormatException (Java's parsers alone would take a sign and the digits of
     * other scripts).
     */
    private static String decimal(String digits) {
        if (!digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new NumberFormatException(digits);
        }
        return digits;
    }

    /** A decimal number with an optional K, M or G suffix (powers of 1024). */
    @Mirrors("memparse")
    static long memparse(String v) {
        if (v.isEmpty()) {
            throw einval("mem=: needs a size");
        }
        int shift = 0;
        char last = Character.toUpperCase(v.charAt(v.length() - 1));
        String digits = v;
        if (last == 'K' || last == 'M' || last == 'G') {
            shift = last == 'K' ? 10 : last == 'M' ? 20 : 30;
            digits = v.substring(0, v.length() - 1);
        }
        try {
            long n = Long.parseLong(decimal(digits));
            if (n < 0 || n > (Long.MAX_VALUE >> shift)) {
                throw einval("mem=" + v + ": out of range");
            }
            return n << shift;
        } catch (NumberFormatException e) {
            throw einval("mem=" + v + ": not a size (expected e.g. 64M)");
        }
    }

    @Override
    public String toString() {
        return "BootParams[" + cmdline + "]";
    }
}
