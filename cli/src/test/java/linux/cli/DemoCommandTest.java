package linux.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class DemoCommandTest {

    @Test
    @Timeout(120)
    void sharedSwap_finalStateHasAAndCOnOneSwapEntryAndBOnItsOwnFrame() {
        String[] r = MmemuTest.run("demo", "shared-swap");
        String out = r[1];
        assertEquals("0", r[0], out + r[2]);
        int fin = out.indexOf("final state");
        assertTrue(fin >= 0, out);
        String tail = out.substring(fin);
        Matcher a = Pattern.compile("PTE\\(A\\) -> SWAP\\(S(\\d+)\\)").matcher(tail);
        Matcher c = Pattern.compile("PTE\\(C\\) -> SWAP\\(S(\\d+)\\)").matcher(tail);
        Matcher b = Pattern.compile("PTE\\(B\\) -> PA 0x([0-9a-f]{8})").matcher(tail);
        assertTrue(a.find(), tail);
        assertTrue(c.find(), tail);
        assertTrue(b.find(), tail);
        assertEquals(a.group(1), c.group(1), "A and C share one swap entry");
        Matcher m = Pattern.compile("swap_map\\[S(\\d+)\\] = (\\d+) \\((\\d+) swap ptes \\+ (\\d) swap cache\\)").matcher(tail);
        assertTrue(m.find(), tail);
        assertEquals(a.group(1), m.group(1));
        assertEquals(Integer.parseInt(m.group(3)) + Integer.parseInt(m.group(4)), Integer.parseInt(m.group(2)), tail);
        assertEquals(2, Integer.parseInt(m.group(3)), "A and C are the swap ptes");
        // B's frame is not the one it swapped in when the kernel copied on write
        assertTrue(out.contains("frame freed (page left the swap cache)"), out);
        assertTrue(tail.contains("demo shared-swap: OK"), tail);
        // the three reclaim steps were seen one by one (the tracer's exit hook is the observation point)
        int unmapped = out.indexOf("rmap found all ptes and unmapped them");
        int written = out.indexOf("written to disk (PG_writeback done)");
        int freed = out.indexOf("frame freed (page left the swap cache)");
        assertTrue(unmapped > 0 && written > unmapped && freed > written, out);
        assertTrue(out.substring(unmapped, written).contains("swap_map[S" + a.group(1) + "] = 4"), out);
        assertTrue(out.substring(freed).contains("swap_map[S" + a.group(1) + "] = 3"), out);
        assertTrue(out.contains(" try_to_unmap"), "traced kernel functions are listed: " + out);
    }

    @Test
    void unknownDemo_isUsageError() {
        String[] r = MmemuTest.run("demo", "nosuch");
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("unknown demo 'nosuch'"), r[2]);
    }
}
