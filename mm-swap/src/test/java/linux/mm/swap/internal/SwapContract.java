package linux.mm.swap.internal;

import static linux.mm.page.Gfp.GFP_KERNEL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import linux.init.KernelParts;
import linux.mm.page.Page;
import linux.mm.page.PageAllocOps;
import linux.mm.page.PageFlags;
import linux.mm.page.Pagevec;
import linux.mm.page.SwapOps;
import linux.mm.page.VmEventItem;
import linux.mm.page.Zone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every implementation of {@link SwapOps} (mm/swap.c as swap.h, mm.h and pagevec.h
 * declare it) must do, written once and run against each implementation by a concrete
 * subclass that boots a kernel whose {@code swap=} names it. Only the header is used; the
 * exact list positions and pagevec batching are tested in the implementation's own suite.
 */
public abstract class SwapContract {

    /** A freshly booted kernel with {@code cmdline} added, whose {@link KernelParts#swap()} is under test. */
    protected abstract KernelParts boot(String cmdline);

    protected KernelParts kernel;
    protected SwapOps swap;
    protected PageAllocOps pa;
    protected Zone zone;

    @BeforeEach
    void bootKernel() {
        kernel = boot("mem=16M");
        swap = kernel.swap();
        pa = kernel.pageAlloc();
        zone = pa.pgdat().dmaZone();
    }

    @AfterEach
    void listsHold() {
        swap.lruAddDrainAll();
        assertEquals(List.of(), swap.checkLruLists());
        assertEquals(List.of(), pa.checkFreeLists());
    }

    private long free() {
        return pa.nrFreePages() + pa.pcpPages(zone);
    }

    @Test
    void lruCacheAdd_putsThePageOnTheInactiveListByTheNextDrain() {
        Page p = pa.allocPage(GFP_KERNEL);
        swap.lruCacheAdd(p);
        swap.lruAddDrain();
        assertTrue(PageFlags.pageLRU(p));
        assertFalse(PageFlags.pageActive(p));
        assertEquals(1, Page.pageCount(p), "PG_lru holds no reference");
        assertEquals(0, swap.pendingLruAdd(0));
        assertEquals(1, zone.nrInactive);
        swap.putPage(p);
    }

    @Test
    void lruCacheAddActive_putsThePageOnTheActiveList() {
        Page p = pa.allocPage(GFP_KERNEL);
        swap.lruCacheAddActive(p);
        swap.lruAddDrain();
        assertTrue(PageFlags.pageLRU(p));
        assertTrue(PageFlags.pageActive(p));
        assertEquals(1, zone.nrActive);
        swap.putPage(p);
    }

    @Test
    void putPage_theLastReferenceTakesThePageOffTheLruAndFreesIt() {
        long before = free();
        Page p = pa.allocPage(GFP_KERNEL);
        swap.lruCacheAdd(p);
        swap.lruAddDrain();
        Page.getPage(p);
        swap.putPage(p);
        assertTrue(PageFlags.pageLRU(p), "another reference is left");
        swap.putPage(p);
        assertFalse(PageFlags.pageLRU(p));
        assertEquals(0, zone.nrInactive);
        assertEquals(before, free());
    }

    @Test
    void activatePage_movesAnInactiveLruPageToTheActiveList() {
        Page p = pa.allocPage(GFP_KERNEL);
        swap.lruCacheAdd(p);
        swap.lruAddDrain();
        long activations = pa.vmstat().vmEvent(VmEventItem.PGACTIVATE);
        swap.activatePage(p);
        assertTrue(PageFlags.pageActive(p));
        assertEquals(1, zone.nrActive);
        assertEquals(0, zone.nrInactive);
        assertEquals(activations + 1, pa.vmstat().vmEvent(VmEventItem.PGACTIVATE));
        swap.putPage(p);
    }

    @Test
    void markPageAccessed_twoTouchesPromoteAnInactivePage() {
        Page p = pa.allocPage(GFP_KERNEL);
        swap.lruCacheAdd(p);
        swap.lruAddDrain();
        swap.markPageAccessed(p);
        assertFalse(PageFlags.pageActive(p), "one touch only marks it referenced");
        assertTrue(PageFlags.pageReferenced(p));
        swap.markPageAccessed(p);
        assertTrue(PageFlags.pageActive(p));
        swap.putPage(p);
    }

    @Test
    void releasePages_dropsOneReferenceOfEach() {
        long before = free();
        Page[] pages = new Page[Pagevec.PAGEVEC_SIZE + 3];
        for (int i = 0; i < pages.length; i++) {
            pages[i] = pa.allocPage(GFP_KERNEL);
            swap.lruCacheAdd(pages[i]);
        }
        swap.lruAddDrain();
        Page.getPage(pages[0]);
        swap.releasePages(pages, pages.length, false);
        assertEquals(1, Page.pageCount(pages[0]));
        assertEquals(1, zone.nrInactive, "only the page with a second reference stays");
        swap.putPage(pages[0]);
        assertEquals(before, free());
    }

    @Test
    void vmAcctMemory_chargesAndUnchargesTheCommittedSpace() {
        long before = swap.vmCommittedSpace();
        swap.vmAcctMemory(1 << 20);
        assertEquals(before + (1 << 20), swap.vmCommittedSpace());
        swap.vmUnacctMemory(1 << 20);
        assertEquals(before, swap.vmCommittedSpace());
    }

    @Test
    void swapSetup_choosesTheReadaheadWindowByRamSize() {
        assertEquals(3, swap.pageCluster(), "16 MiB: 8 pages");
        KernelParts small = boot("mem=8M");
        assertEquals(2, small.swap().pageCluster(), "under 16 MiB: 4 pages");
    }
}
