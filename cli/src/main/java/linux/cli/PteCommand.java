package linux.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import linux.arch.x86.Pgtable;
import linux.init.BootParams;
import linux.boot.KernelComponent;
import linux.mm.page.Swapops;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mmemu pte}: encode swap entries as ptes and decode pte values, in the 2-level
 * format or (with {@code --pae}) the PAE format, using the same Pgtable implementation
 * the emulated kernel boots with ({@code pae=0|1}).
 *
 * <p>Numbers (pte values, swap types and offsets) are unsigned, written in decimal or in
 * hexadecimal with a {@code 0x} prefix; nothing else (no sign, no octal, no suffix).
 * Every argument is checked before anything is printed: one bad argument gives one line
 * on stderr, exit status 1, and no output.
 */
@Command(
        name = "pte",
        mixinStandardHelpOptions = true,
        description = {"Encode and decode i386 ptes and swap entries (2-level or PAE).",
            "Numbers are decimal or 0x-prefixed hexadecimal."},
        subcommands = {PteCommand.Swp.class, PteCommand.Decode.class})
public final class PteCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The page-table format the kernel would boot with: pae=0 or pae=1. */
    static Pgtable format(boolean pae) {
        // The tool touches no page tables, so one frame of RAM is enough.
        return KernelComponent.startKernel(BootParams.parse("pae=" + (pae ? 1 : 0) + " mem=1M")).pgtable();
    }

    static String hexPte(Pgtable pt, long pte) {
        return pt.pae() ? String.format("0x%016x", pte) : String.format("0x%08x", pte);
    }

    /** Characters below this are ASCII. */
    private static final int ASCII_END = 128;

    /**
     * Parses an unsigned number of at most {@code bits} bits, decimal or {@code 0x} hex,
     * in ASCII digits only (Java's number parsers would also accept, say, Arabic-Indic or
     * fullwidth digits). {@code what} names it in the error message.
     */
    static long parseUnsigned(String text, int bits, String what) {
        boolean hex = text.startsWith("0x") || text.startsWith("0X");
        String digits = hex ? text.substring(2) : text;
        int radix = hex ? 16 : 10;
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c < ASCII_END && Character.digit(c, radix) >= 0)) {
            throw new CliError("invalid " + what + " '" + text + "': expected a decimal or 0x-prefixed hex number");
        }
        long v;
        try {
            v = Long.parseUnsignedLong(digits, radix);
        } catch (NumberFormatException e) {
            throw new CliError(what + " '" + text + "' out of range: more than 64 bits");
        }
        if (bits < 64 && Long.compareUnsigned(v, (1L << bits) - 1) > 0) {
            throw new CliError(what + " '" + text + "' out of range: more than " + bits + " bits");
        }
        return v;
    }

    /** {@code pte swp [--pae] TYPE:OFFSET...}. */
    @Command(name = "swp", mixinStandardHelpOptions = true,
            description = {"Encode swap entries as swap ptes.",
                "Prints, for each TYPE:OFFSET, the swap pte and the arch-independent swp_entry.",
                "TYPE is 0-31; OFFSET must fit the format's swap pte",
                "(2-level: up to 16777215, PAE: up to 134217727)."})
    static final class Swp implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--pae", description = "Use the PAE (64-bit pte) format instead of 2-level.")
        boolean pae;

        @Parameters(paramLabel = "TYPE:OFFSET", arity = "1..*", description = "Swap area type and page offset.")
        List<String> pairs;

        @Override
        public Integer call() {
            Pgtable pt = format(pae);
            // The largest offset a swap pte of this format holds (sys_swapon's limit + 1).
            long maxOffset = Swapops.maxSwapPages(pt) + 1L;
            List<String> lines = new ArrayList<>();
            for (String pair : pairs) {
                int colon = pair.indexOf(':');
                if (colon < 0) {
                    throw new CliError("invalid swap entry '" + pair + "': expected TYPE:OFFSET");
                }
                long type = parseUnsigned(pair.substring(0, colon), 64, "swap type");
                long offset = parseUnsigned(pair.substring(colon + 1), 64, "swap offset");
                if (Long.compareUnsigned(type, Swapops.MAX_SWAPFILES) >= 0) {
                    throw new CliError("swap type " + Long.toUnsignedString(type) + " out of range: types are 0-"
                            + (Swapops.MAX_SWAPFILES - 1));
                }
                if (Long.compareUnsigned(offset, maxOffset) > 0) {
                    throw new CliError("swap offset " + Long.toUnsignedString(offset) + " does not fit a "
                            + pt.name() + " swap pte (max " + maxOffset + ")");
                }
                int entry = Swapops.swpEntry((int) type, (int) offset);
                long pte = Swapops.swpEntryToPte(pt, entry);
                lines.add(String.format("type=%d offset=%d pte=%s swp_entry=0x%08x", type, offset, hexPte(pt, pte), entry));
            }
            PrintWriter out = spec.commandLine().getOut();
            lines.forEach(out::println);
            out.flush();
            return 0;
        }
    }

    /** {@code pte decode [--pae] VALUE...}. */
    @Command(name = "decode", mixinStandardHelpOptions = true,
            description = {"Decode pte values.",
                "Says what each VALUE is: none, present (pfn and flags),",
                "swap (type, offset, arch-independent swp_entry) or nonlinear file (pgoff).",
                "2-level values must fit 32 bits; PAE values 64 bits."})
    static final class Decode implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--pae", description = "Use the PAE (64-bit pte) format instead of 2-level.")
        boolean pae;

        @Parameters(paramLabel = "VALUE", arity = "1..*", description = "A pte value.")
        List<String> values;

        @Override
        public Integer call() {
            Pgtable pt = format(pae);
            int bits = pt.pae() ? 64 : 32;
            List<Long> ptes = new ArrayList<>();
            for (String v : values) {
                ptes.add(parseUnsigned(v, bits, pt.name() + " pte value"));
            }
            PrintWriter out = spec.commandLine().getOut();
            for (long pte : ptes) {
                out.println(decode(pt, pte));
            }
            out.flush();
            return 0;
        }
    }

    /** One line saying what {@code pte} is, in the order handle_pte_fault tells them apart. */
    static String decode(Pgtable pt, long pte) {
        String head = "pte=" + hexPte(pt, pte);
        if (pt.pteNone(pte)) {
            return head + " none";
        }
        if (pt.ptePresent(pte)) {
            return head + String.format(" present pfn=0x%x flags=%s", Integer.toUnsignedLong(pt.ptePfn(pte)), flags(pt, pte));
        }
        if (pt.pteFile(pte)) {
            return head + " file pgoff=" + pt.pteToPgoff(pte);
        }
        int entry = Swapops.pteToSwpEntry(pt, pte);
        return head + String.format(" swap type=%d offset=%d swp_entry=0x%08x",
                Swapops.swpType(entry), Swapops.swpOffset(entry), entry);
    }

    private static final String[] FLAG_NAMES = {
        "PRESENT", "RW", "USER", "PWT", "PCD", "ACCESSED", "DIRTY", "PSE", "GLOBAL", "UNUSED1", "UNUSED2", "UNUSED3"};

    /** The set pte bits by their pgtable.h names; bit 7 of a PROT_NONE pte reads PROTNONE. */
    static String flags(Pgtable pt, long pte) {
        StringBuilder sb = new StringBuilder();
        boolean protnone = (pte & Pgtable._PAGE_PRESENT) == 0;
        for (int bit = 0; bit < FLAG_NAMES.length; bit++) {
            if ((pte & (1L << bit)) != 0) {
                if (sb.length() > 0) {
                    sb.append('|');
                }
                sb.append(bit == Pgtable._PAGE_BIT_PSE && protnone ? "PROTNONE" : FLAG_NAMES[bit]);
            }
        }
        if ((pte & pt._PAGE_NX()) != 0) {
            sb.append(sb.length() > 0 ? "|" : "").append("NX");
        }
        return sb.toString();
    }
}
