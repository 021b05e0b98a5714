package linux.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MmemuTest {

    /** Runs {@code mmemu args...} in-process; returns {exit, stdout, stderr}. */
    static String[] run(String... args) {
        CommandLine cl = Mmemu.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    @Test
    void noArguments_printsUsage() {
        String[] r = run();
        assertEquals("0", r[0]);
        assertTrue(r[1].startsWith("Usage: mmemu"), r[1]);
    }

    @Test
    void unknownOption_isOneLineErrorWithExitTwo() {
        String[] r = run("--no-such-option");
        assertEquals("2", r[0]);
        assertTrue(r[2].startsWith("mmemu: Unknown option: '--no-such-option'"), r[2]);
        assertFalse(r[2].contains("\tat "), "no stack trace");
    }

    @Test
    void unknownSubcommand_isAnErrorEvenWithHelpAfterIt() {
        for (String[] args : new String[][] {{"nosuch", "--help"}, {"nosuch"}, {"nosuch", "-h"}}) {
            String[] r = run(args);
            assertEquals("2", r[0], String.join(" ", args));
            assertEquals("", r[1], "no help printed for " + String.join(" ", args));
            assertTrue(r[2].startsWith("mmemu: "), r[2]);
            assertTrue(r[2].contains("nosuch"), r[2]);
        }
    }
}
