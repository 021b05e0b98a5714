package linux.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import linux.arch.x86.Errno;
import linux.arch.x86.KernelError;
import org.junit.jupiter.api.Test;

class BootParamsTest {

    static void assertEinval(String cmdline, String message) {
        KernelError e = assertThrows(KernelError.class, () -> BootParams.parse(cmdline));
        assertEquals(Errno.EINVAL, e.errno());
        assertEquals(message, e.getMessage());
    }

    @Test
    void parseArgs_defaults() {
        BootParams p = BootParams.defaults();
        assertEquals("2level", p.pgtable());
        assertEquals(64L << 20, p.mem());
        assertEquals(1, p.maxcpus());
        assertEquals("", p.cmdline());
        assertNull(p.get(BootParams.PAE));
    }

    @Test
    void parseArgs_paeSelectsFormatName() {
        assertEquals("2level", BootParams.parse("pae=0").pgtable());
        assertEquals("pae", BootParams.parse("pae=1").pgtable());
        assertEquals("pae", BootParams.parse("pgtable=pae").pgtable());
        assertEquals("pae", BootParams.parse("pae=1 pgtable=pae").pgtable());
        assertEquals("pae", BootParams.parse("pae=0 pae=1").pgtable(), "the later word wins");
        assertEquals("other", BootParams.parse("pgtable=other").pgtable(), "existence is the component's business");
    }

    @Test
    void parseArgs_sizesAndCpus() {
        BootParams p = BootParams.parse("  mem=128M   maxcpus=4 ");
        assertEquals(128L << 20, p.mem());
        assertEquals(4, p.maxcpus());
        assertEquals("mem=128M   maxcpus=4", p.cmdline());
        assertEquals(8192L, BootParams.parse("mem=8k").mem());
        assertEquals(1L << 30, BootParams.parse("mem=1G").mem());
        assertEquals(4096L, BootParams.parse("mem=4096").mem());
    }

    @Test
    void parseArgs_badInputIsOneLineEinval() {
        assertEinval("pae=2", "pae=2: expected 0 or 1");
        assertEinval("pae=", "pae=: expected 0 or 1");
        assertEinval("pae=0 pgtable=pae", "pae=0 contradicts pgtable=pae");
        assertEinval("pgtable=", "pgtable= needs a format name");
        assertEinval("pea=1", "unknown boot parameter 'pea' (known: pae, pgtable, mem, maxcpus)");
        assertEinval("quiet", "boot parameter 'quiet' is not key=value");
        assertEinval("mem=lots", "mem=lots: not a size (expected e.g. 64M)");
        assertEinval("mem=1000", "mem=1000: RAM must be a positive whole number of 4K pages");
        assertEinval("mem=0", "mem=0: RAM must be a positive whole number of 4K pages");
        assertEinval("maxcpus=0", "maxcpus=0: must be between 1 and 8");
        assertEinval("maxcpus=9", "maxcpus=9: must be between 1 and 8");
        assertEinval("maxcpus=two", "maxcpus=two: not a number");
    }
}
