package linux.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import linux.arch.x86.Cpu;
import linux.kernel.Errno;
import linux.kernel.KernelError;
import linux.arch.x86.Pgtable;
import linux.arch.x86.PhysicalMemory;
import linux.arch.x86.internal.Pgtable2Level;
import linux.arch.x86.internal.Pgtable3Level;
import linux.block.BlockDevice;
import linux.init.BootParams;
import linux.mm.page.Gfp;
import linux.mm.page.Page;
import linux.mm.page.PageAllocOps;
import linux.mm.page.Swapops;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The component picks the page-table format at run time from the boot parameters. */
class KernelComponentTest {

    static KernelComponent boot(String cmdline) {
        return KernelComponent.startKernel(BootParams.parse(cmdline + " mem=1M"));
    }

    @Test
    void startKernel_pae0BootsTheTwoLevelFormat() {
        KernelComponent k = boot("pae=0");
        assertTrue(k.pgtable() instanceof Pgtable2Level);
        assertEquals("2level", k.pgtable().name());
        assertFalse(k.cpus().cr4Pae());
        assertEquals(16_777_214, Swapops.maxSwapPages(k.pgtable()));
    }

    @Test
    void startKernel_pae1BootsThePaeFormat() {
        KernelComponent k = boot("pae=1");
        assertTrue(k.pgtable() instanceof Pgtable3Level);
        assertEquals("pae", k.pgtable().name());
        assertTrue(k.cpus().cr4Pae());
        assertEquals(134_217_726, Swapops.maxSwapPages(k.pgtable()));
    }

    @Test
    void startKernel_defaultAndByNameSelection() {
        assertEquals("2level", boot("").pgtable().name());
        assertEquals("pae", boot("pgtable=pae").pgtable().name());
        assertEquals("2level", boot("pgtable=2level").pgtable().name());
    }

    @Test
    void startKernel_unknownFormatNameIsEinval() {
        KernelError e = assertThrows(KernelError.class, () -> boot("pgtable=4level"));
        assertEquals(Errno.EINVAL, e.errno());
        assertEquals("unknown page-table format '4level' (known: 2level, pae)", e.getMessage());
    }

    @Test
    void startKernel_singletonsAndSizes() {
        KernelComponent k = KernelComponent.startKernel(BootParams.parse("pae=1 mem=2M maxcpus=3"));
        assertSame(k.pgtable(), k.pgtable());
        assertSame(k.physicalMemory(), k.cpus().ram());
        assertEquals(512, k.physicalMemory().nrFrames());
        assertEquals(3, k.cpus().nrCpus());
        assertEquals("pae=1 mem=2M maxcpus=3", k.bootParams().cmdline());
    }

    @Test
    void swapops_roundTripOnBothRealFormats() {
        for (String pae : new String[] {"0", "1"}) {
            Pgtable pt = boot("pae=" + pae).pgtable();
            int max = Swapops.maxSwapPages(pt) + 1;
            for (int type : new int[] {0, 1, 31}) {
                for (int offset : new int[] {0, 1, max}) {
                    int e = Swapops.swpEntry(type, offset);
                    long pte = Swapops.swpEntryToPte(pt, e);
                    assertFalse(pt.ptePresent(pte));
                    assertFalse(pt.pteFile(pte));
                    assertEquals(e, Swapops.pteToSwpEntry(pt, pte), "pae=" + pae + " " + type + ":" + offset);
                }
            }
            // One past what the format holds does not survive the round trip.
            int tooFar = Swapops.swpEntry(0, max + 1);
            assertEquals(0, Swapops.swpOffset(Swapops.pteToSwpEntry(pt, Swapops.swpEntryToPte(pt, tooFar))));
        }
    }

    @Test
    void startKernel_theBootedMmuWalksTheBootedFormat() {
        for (String pae : new String[] {"0", "1"}) {
            KernelComponent k = boot("pae=" + pae);
            Pgtable pt = k.pgtable();
            PhysicalMemory ram = k.physicalMemory();
            int[] next = {1};
            int pgd = pt.pgdAlloc(() -> next[0]++, pfn -> { });
            long addr = 0x4000_0000L;
            long ptep = pt.pteAllocMap(pt.pmdOffset(pt.pgdOffset(pgd, addr), addr), addr, () -> next[0]++, pfn -> { });
            int frame = next[0]++;
            pt.setPte(ptep, pt.pfnPte(frame, pt.PAGE_SHARED()));
            Cpu cpu = k.cpus().cpu(0);
            cpu.loadCr3(pgd);
            cpu.storeInt(addr + 12, 0x1234_5678);
            assertEquals(0x1234_5678, ram.readInt(frame, 12), "pae=" + pae);
            assertTrue(pt.pteDirty(pt.ptepGet(ptep)));
        }
    }

    @Test
    void startKernel_assemblesTheAllocatorOverAllOfRam() {
        KernelComponent k = KernelComponent.startKernel(BootParams.parse("mem=8M maxcpus=2"));
        PageAllocOps pa = k.pageAlloc();
        assertSame(pa, k.pageAlloc(), "one allocator per kernel");
        Page lruPage = pa.allocPage(Gfp.GFP_KERNEL);
        long before = pa.nrFreePages() + pa.pcpPages(k.pageAlloc().pgdat().pageZone(lruPage));
        k.swap().putPage(lruPage);
        assertEquals(before + 1, pa.nrFreePages() + pa.pcpPages(k.pageAlloc().pgdat().pageZone(lruPage)),
                "the LRU frees into the kernel's allocator");
        assertEquals(2048, pa.numPhyspages());
        long free = pa.nrFreePages();
        assertTrue(free > 0 && free < 2048, "pfn 0 and mem_map are reserved: " + free);
        Page page = pa.allocPage(Gfp.GFP_KERNEL);
        assertTrue(page != null && k.physicalMemory().pfnValid(page.pfn));
        assertEquals(1, Page.pageCount(page));
        pa.freePageRaw(page);
        // swap_setup ran at boot: under 16 MiB the readahead window is 4 pages.
        assertEquals(2, k.swap().pageCluster());
        assertEquals(3, KernelComponent.startKernel(BootParams.parse("mem=32M")).swap().pageCluster());
    }

    @Test
    void startKernel_blockLayerSharesRamAndLog(@TempDir Path dir) throws IOException {
        KernelComponent k = boot("");
        Path image = dir.resolve("disk.img");
        Files.write(image, new byte[64 * 512]);
        BlockDevice bdev = k.blockDevices().open(image);
        try {
            assertEquals("loop0", bdev.name());
            assertEquals(64, bdev.capacity());
            assertSame(bdev, k.blockDevices().open(image), "one block_device per disk");
            bdev.close();
        } finally {
            bdev.close();
        }
        assertSame(k.printk(), k.printk(), "one log buffer per kernel");
        assertNotSame(k.printk(), boot("").printk(), "each kernel has its own log");
    }
}
