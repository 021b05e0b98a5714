package linux.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import linux.init.BootParams;
import linux.mm.page.Gfp;
import linux.mm.page.Page;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fs/proc/proc_misc.c: /proc/meminfo of a booted kernel. */
class ProcMiscTest {

    /** The labels of 2.6.20's meminfo_read_proc on a CONFIG_HIGHMEM build, in order. */
    static final List<String> LABELS = List.of("MemTotal", "MemFree", "Buffers", "Cached", "SwapCached", "Active",
            "Inactive", "HighTotal", "HighFree", "LowTotal", "LowFree", "SwapTotal", "SwapFree", "Dirty", "Writeback",
            "AnonPages", "Mapped", "Slab", "SReclaimable", "SUnreclaim", "PageTables", "NFS_Unstable", "Bounce",
            "CommitLimit", "Committed_AS", "VmallocTotal", "VmallocUsed", "VmallocChunk");

    static Map<String, Long> parse(String meminfo) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (String line : meminfo.split("\n")) {
            // "%-13s%8lu kB": the label and its colon padded to 14 columns, then 8 digits
            assertEquals(14 + 8 + 3, line.length(), "'" + line + "'");
            assertTrue(line.endsWith(" kB"), line);
            String label = line.substring(0, line.indexOf(':'));
            m.put(label, Long.parseLong(line.substring(14, 22).trim()));
        }
        return m;
    }

    /** A version-1 swap header of {@code pages} pages (what mkswap writes, without label). */
    static void mkswap(Path file, int pages) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(pages * 4096).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(1024, 1);
        b.putInt(1028, pages - 1);
        b.position(4086);
        b.put("SWAPSPACE2".getBytes(StandardCharsets.US_ASCII));
        Files.write(file, b.array());
    }

    @Test
    void meminfoReadProc_labelsOrderAndFiguresOfABootedKernel(@TempDir Path dir) throws Exception {
        KernelComponent k = KernelComponent.startKernel(BootParams.parse("mem=64M"));
        Map<String, Long> m = parse(ProcMisc.meminfoReadProc(k));
        assertEquals(LABELS, List.copyOf(m.keySet()));
        assertEquals(k.pageAlloc().totalramPages() * 4, m.get("MemTotal"));
        assertEquals(k.pageAlloc().nrFreePages() * 4, m.get("MemFree"));
        assertEquals(0, m.get("HighTotal"), "64M has no HighMem");
        assertEquals(m.get("MemTotal"), m.get("LowTotal"));
        assertEquals(0, m.get("SwapTotal"));
        long halfOfRam = k.pageAlloc().totalramPages() * 50 / 100;
        assertEquals(halfOfRam * 4, m.get("CommitLimit"), "half of RAM (in whole pages) plus no swap");
        // PAGE_OFFSET + 64M rounded up past an 8M gap, up to two pages below PKMAP_BASE 0xff800000
        assertEquals((0xFF7FE000L - 0xC4800000L) >> 10, m.get("VmallocTotal"));
        assertEquals(0, m.get("VmallocUsed"));

        Page page = k.pageAlloc().allocPage(Gfp.GFP_KERNEL);
        assertEquals(m.get("MemFree") - 4, parse(ProcMisc.meminfoReadProc(k)).get("MemFree"));
        k.pageAlloc().freePageRaw(page);

        Path swap = dir.resolve("swap");
        mkswap(swap, 1024);
        assertEquals(0, k.swapfile().sysSwapon(swap.toString(), 0));
        m = parse(ProcMisc.meminfoReadProc(k));
        // last_page 1023: offset 0 is the header and the page numbered last_page is never used
        assertEquals(1022 * 4, m.get("SwapTotal"));
        assertEquals(1022 * 4, m.get("SwapFree"));
        assertEquals((halfOfRam + 1022) * 4, m.get("CommitLimit"));
        // swap_map: 1023 slots of 2 bytes round up to one page, plus the guard page
        assertEquals(8, m.get("VmallocUsed"));
        assertEquals(m.get("VmallocTotal") - 8, m.get("VmallocChunk"));
    }

    @Test
    void meminfoReadProc_highmemAndPae() {
        KernelComponent k = KernelComponent.startKernel(BootParams.parse("mem=1G pae=1"));
        Map<String, Long> m = parse(ProcMisc.meminfoReadProc(k));
        assertTrue(m.get("HighTotal") > 0, "1G reaches past 896M");
        assertEquals(m.get("MemTotal") - m.get("HighTotal"), m.get("LowTotal"));
        // high_memory = 3G + 896M; PAE's PKMAP_BASE is 0xffc00000
        assertEquals((0xFFBFE000L - 0xF8800000L) >> 10, m.get("VmallocTotal"));
    }
}
