package linux.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of {@code ./mmemu}. Subcommands are listed in the {@code @Command}
 * annotation below; bad input of any kind ends as one line on stderr and a non-zero
 * exit status (2 for usage errors, the command's own status otherwise).
 */
@Command(
        name = "mmemu",
        mixinStandardHelpOptions = true,
        version = "mmemu 0.1.0 (emulating linux 2.6.20, i386)",
        description = "An emulator of the Linux 2.6.20 swap and memory-management subsystem.",
        subcommands = {CommandLine.HelpCommand.class, MkswapCommand.class, SwaplabelCommand.class, PteCommand.class,
            RunCommand.class, DemoCommand.class})
public final class Mmemu implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Builds the command line with mmemu's error handling; tests call this too. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Mmemu());
        // pte's arguments are numbers: "-2:1" or "--1" is a malformed number for the
        // command to reject in one line, not an unknown option.
        cl.getSubcommands().get("pte").setUnmatchedOptionsArePositionalParams(true);
        // "mmemu nosuch --help": picocli would honour --help and ignore the unknown word; an
        // unknown subcommand is an error whatever follows it.
        cl.setExecutionStrategy(parseResult -> {
            for (CommandLine.ParseResult pr = parseResult; pr != null; pr = pr.subcommand()) {
                if (!pr.unmatched().isEmpty()) {
                    CommandLine where = pr.commandSpec().commandLine();
                    PrintWriter err = where.getErr();
                    String word = pr.unmatched().get(0);
                    err.println("mmemu: " + (pr == parseResult && !word.startsWith("-")
                            ? "unknown command '" + word + "'" : "unknown argument '" + word + "'"));
                    err.println("Try '" + where.getCommandSpec().qualifiedName() + " --help' for more information.");
                    err.flush();
                    return 2;
                }
            }
            return new CommandLine.RunLast().execute(parseResult);
        });
        cl.setExecutionExceptionHandler((ex, line, parseResult) -> {
            PrintWriter err = line.getErr();
            if (ex instanceof CliError e) {
                err.println("mmemu: " + e.getMessage());
                err.flush();
                return e.exitCode();
            }
            // Anything else is a bug in mmemu: still one line, but say so.
            err.println("mmemu: internal error: " + ex);
            err.flush();
            return 70;
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("mmemu: " + ex.getMessage());
            err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for more information.");
            err.flush();
            return 2;
        });
        return cl;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
