package linux.mm.pagealloc.internal;

import static linux.arch.x86.PageGeometry.PAGE_SIZE;
import static linux.mm.page.Gfp.GFP_KERNEL;
import static linux.mm.page.Gfp.__GFP_ZERO;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import linux.init.KernelParts;
import linux.mm.page.Page;
import linux.mm.page.PageAllocOps;
import linux.mm.page.Zone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every implementation of {@link PageAllocOps} (mm/page_alloc.c as the headers
 * declare it) must do, written once and run against each implementation by a concrete
 * subclass that boots a kernel whose {@code page_alloc=} names it. Only the header is used;
 * the buddy allocator's step-by-step behaviour is tested in the implementation's own suite.
 */
public abstract class PageAllocContract {

    /** A freshly booted kernel with {@code cmdline} added, whose {@link KernelParts#pageAlloc()} is under test. */
    protected abstract KernelParts boot(String cmdline);

    protected KernelParts kernel;
    protected PageAllocOps pa;

    @BeforeEach
    void bootKernel() {
        kernel = boot("mem=16M");
        pa = kernel.pageAlloc();
    }

    @AfterEach
    void freeListsHold() {
        assertEquals(List.of(), pa.checkFreeLists());
    }

    /** Free pages, counting those waiting on the per-CPU lists. */
    protected long free() {
        long n = pa.nrFreePages();
        for (int z = 0; z < pa.pgdat().nrZones; z++) {
            n += pa.pcpPages(pa.pgdat().nodeZones[z]);
        }
        return n;
    }

    @Test
    void numPhyspages_isTheRamAndTotalramWhatBootFreed() {
        assertEquals(kernel.physicalMemory().nrFrames(), pa.numPhyspages());
        assertTrue(pa.totalramPages() > 0 && pa.totalramPages() < pa.numPhyspages(), "pfn 0 and mem_map are reserved");
        assertEquals(pa.totalramPages(), free(), "nothing allocated yet");
        assertEquals(0, pa.totalhighPages(), "16 MiB has no HighMem");
        assertEquals(0, pa.badPages());
    }

    @Test
    void allocPage_givesADistinctReferencedFrameOfRam() {
        long before = free();
        Set<Integer> pfns = new HashSet<>();
        Page[] pages = new Page[64];
        for (int i = 0; i < pages.length; i++) {
            pages[i] = pa.allocPage(GFP_KERNEL);
            assertNotNull(pages[i]);
            assertEquals(1, Page.pageCount(pages[i]));
            assertTrue(kernel.physicalMemory().pfnValid(pages[i].pfn));
            assertSame(pages[i], pa.pgdat().pfnToPage(pages[i].pfn));
            assertTrue(pfns.add(pages[i].pfn), "frame handed out twice");
        }
        assertEquals(before - 64, free());
        for (Page p : pages) {
            pa.freePageRaw(p);
        }
        assertEquals(before, free());
    }

    @Test
    void allocPages_givesAnAlignedBlockOfTheOrder() {
        long before = free();
        Page block = pa.allocPages(GFP_KERNEL, 3);
        assertNotNull(block);
        assertEquals(0, block.pfn & 7, "an order-3 block starts at a multiple of 8 frames");
        assertEquals(before - 8, free());
        pa.freePagesRaw(block, 3);
        assertEquals(before, free());
        assertNull(pa.allocPages(GFP_KERNEL, Zone.MAX_ORDER), "MAX_ORDER and above always fail");
    }

    @Test
    void allocPage_gfpZeroClearsTheFrame() {
        Page p = pa.allocPage(GFP_KERNEL);
        kernel.physicalMemory().writeInt(p.pfn, PAGE_SIZE - 4, 0x5a5a_5a5a);
        pa.freePageRaw(p);
        pa.drainLocalPages();
        for (int i = 0; i < 8; i++) {
            Page q = pa.allocPage(GFP_KERNEL | __GFP_ZERO);
            for (int off = 0; off < PAGE_SIZE; off += 4) {
                assertEquals(0, kernel.physicalMemory().readInt(q.pfn, off), "pfn " + q.pfn + " offset " + off);
            }
            pa.freePageRaw(q);
        }
    }

    @Test
    void freePagesRaw_dropsOneReferenceTheLastOneFrees() {
        long before = free();
        Page p = pa.allocPage(GFP_KERNEL);
        Page.getPage(p);
        pa.freePageRaw(p);
        assertEquals(1, Page.pageCount(p));
        assertEquals(before - 1, free(), "still held");
        pa.freePageRaw(p);
        assertEquals(before, free());
    }

    @Test
    void splitPage_makesEachPageOfTheBlockItsOwn() {
        long before = free();
        Page block = pa.allocPages(GFP_KERNEL, 1);
        pa.splitPage(block, 1);
        Page second = pa.pgdat().pfnToPage(block.pfn + 1);
        assertEquals(1, Page.pageCount(block));
        assertEquals(1, Page.pageCount(second));
        pa.freePageRaw(second);
        assertEquals(before - 1, free());
        pa.freePageRaw(block);
        assertEquals(before, free());
    }

    @Test
    void drainLocalPages_emptiesThisCpusLists() {
        long before = free();
        Page p = pa.allocPage(GFP_KERNEL);
        assertTrue(Page.putPageTestzero(p), "free_hot_page takes a page whose last reference is gone");
        pa.freeHotPage(p);
        assertEquals(before, free());
        pa.drainLocalPages();
        for (int z = 0; z < pa.pgdat().nrZones; z++) {
            assertEquals(0, pa.pcpPages(pa.pgdat().nodeZones[z]), pa.pgdat().nodeZones[z].name);
        }
        assertEquals(before, pa.nrFreePages(), "all of it on the buddy lists again");
    }

    @Test
    void zoneWatermarkOk_answersForTheFreePagesOfTheZone() {
        Zone zone = pa.pgdat().nodeZones[0];
        assertTrue(pa.zoneWatermarkOk(zone, 0, 0, 0, 0));
        assertFalse(pa.zoneWatermarkOk(zone, 0, pa.totalramPages() + 1, 0, 0), "more than the whole zone");
    }

    @Test
    void nrFreeBufferPages_neverExceedsTheFreePages() {
        assertTrue(pa.nrFreeBufferPages() <= pa.totalramPages());
        assertTrue(pa.nrFreePagecachePages() <= pa.totalramPages());
        assertTrue(pa.vmTotalPages() > 0);
        assertEquals(0, pa.nrFreeHighpages());
    }
}
