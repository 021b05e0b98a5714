package linux.init;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import linux.kernel.Errno;
import linux.kernel.KernelError;
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
    void pgtable_namesComeFromTheFormatsTheHardwareModuleBinds() {
        assertEquals(List.of("2level", "pae"), HardwareModule.FORMATS.stream().map(HardwareModule.Format::name).toList());
        assertEquals(HardwareModule.formatWithPae(true).name(), BootParams.parse("pae=1").pgtable());
        assertEquals(HardwareModule.formatWithPae(false).name(), BootParams.defaults().pgtable());
        assertEquals(1L << 20, HardwareModule.format("2level").maxPfn(), "a 2-level pte holds a 20-bit pfn");
        assertEquals(1L << 24, HardwareModule.format("pae").maxPfn(), "the PAE MMU has 36 address bits");
    }

    @Test
    void parseArgs_implementationPerKernelFileDefaultsToTheFilesName() {
        BootParams p = BootParams.parse("vmscan=clockpro swap_state=fake");
        assertEquals("clockpro", p.implementation(BootParams.VMSCAN));
        assertEquals("fake", p.implementation(BootParams.SWAP_STATE));
        for (String file : BootParams.KERNEL_FILES) {
            if (!file.equals(BootParams.VMSCAN) && !file.equals(BootParams.SWAP_STATE)) {
                assertEquals(file, p.implementation(file));
            }
        }
        assertThrows(IllegalArgumentException.class, () -> p.implementation("mem"));
    }

    @Test
    void parseArgs_machineSettings() {
        BootParams p = BootParams.parse("swappiness=0 deterministic=1 direct_io=1");
        assertEquals(0, p.swappiness());
        assertTrue(p.deterministic());
        assertTrue(p.directIo());
        BootParams d = BootParams.defaults();
        assertEquals(60, d.swappiness());
        assertFalse(d.deterministic());
        assertFalse(d.directIo());
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
        assertEinval("pea=1", "unknown boot parameter 'pea' (known: pae, pgtable, mem, maxcpus, jiffy_ns, swappiness,"
                + " deterministic, direct_io, trace, page_alloc, swap, swapfile, swap_state, page_io, rmap, thrash, memory,"
                + " mmap, fork, vmscan, oom_kill)");
        assertEinval("vmscan=", "vmscan= needs an implementation name");
        assertEinval("swappiness=101", "swappiness=101: must be between 0 and 100");
        assertEinval("swappiness=-1", "swappiness=-1: not a number");
        assertEinval("deterministic=yes", "deterministic=yes: expected 0 or 1");
        assertEinval("direct_io=2", "direct_io=2: expected 0 or 1");
        assertEinval("quiet", "boot parameter 'quiet' is not key=value");
        assertEinval("mem=lots", "mem=lots: not a size (expected e.g. 64M)");
        assertEinval("mem=1000", "mem=1000: RAM must be a positive whole number of 4K pages");
        assertEinval("mem=0", "mem=0: RAM must be a positive whole number of 4K pages");
        assertEinval("maxcpus=0", "maxcpus=0: must be between 1 and 8");
        assertEinval("maxcpus=9", "maxcpus=9: must be between 1 and 8");
        assertEinval("maxcpus=two", "maxcpus=two: not a number");
        assertEinval("jiffy_ns=-1", "jiffy_ns=-1: not a number of nanoseconds");
    }

    /** A jiffy of sleep lasts 1 s / HZ of host time unless jiffy_ns= says otherwise (0: none). */
    @Test
    void jiffyNs_defaultsToOneHzthOfASecond() {
        assertEquals(4_000_000L, BootParams.defaults().jiffyNs());
        assertEquals(0L, BootParams.parse("jiffy_ns=0").jiffyNs());
        assertEquals("oom_kill", BootParams.defaults().implementation(BootParams.OOM_KILL));
    }

    /** Sizes and counts are plain ASCII decimal: no sign, no digits of other scripts. */
    @Test
    void parseArgs_numbersAreAsciiDecimal() {
        assertEinval("mem=\u0666\u0664M", "mem=\u0666\u0664M: not a size (expected e.g. 64M)");
        assertEinval("mem=+64M", "mem=+64M: not a size (expected e.g. 64M)");
        assertEinval("mem=-4K", "mem=-4K: not a size (expected e.g. 64M)");
        assertEinval("maxcpus=\u0662", "maxcpus=\u0662: not a number");
        assertEinval("maxcpus=+2", "maxcpus=+2: not a number");
        assertEquals(2, BootParams.parse("maxcpus=2").maxcpus());
    }

    /** A 2-level pte holds a 20-bit pfn and the PAE MMU 36 address bits: RAM beyond is refused. */
    @Test
    void mem_mustBeAddressableByThePageTableFormat() {
        assertEquals(4L << 30, BootParams.parse("pae=0 mem=4G").mem());
        assertEquals(64L << 30, BootParams.parse("pae=1 mem=64G").mem());
        assertEinval("mem=4198400K", "mem=4198400K: a 2level kernel addresses at most 4G of RAM");
        assertEinval("pae=0 mem=8G", "mem=8G: a 2level kernel addresses at most 4G of RAM");
        assertEinval("pgtable=pae mem=65540M", "mem=65540M: a pae kernel addresses at most 64G of RAM");
        assertEquals(8L << 30, BootParams.parse("pgtable=other mem=8G").mem(), "other formats: the component's business");
    }
}
