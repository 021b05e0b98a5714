package linux.mm.swap.internal;

import linux.mm.page.*;

import static linux.mm.page.PageFlags.setPageLRU;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import linux.arch.x86.PhysicalMemory;
import linux.kernel.Printk;
import org.junit.jupiter.api.Test;

/** The checker over a real booted node: the allocator's mem_map, zones and LRU. */
class MmInvariantsNodeTest {

    private final SwapTestKernel k = SwapTestKernel.boot("mem=16M");
    private final PageAllocOps pageAlloc = k.pageAlloc();
    private final SwapOps swap = k.swap();
    private final AddressSpace swapper = k.swapperSpace();

    private List<String> check() {
        Pglist pgdat = pageAlloc.pgdat();
        return new MmInvariants(pgdat.nodeMemMap, swapper).atRest(true).recordNode(pgdat).check();
    }

    @Test
    void recordNode_freshBootAndLruPagesAreConsistent() {
        assertEquals(List.of(), check());
        Page a = pageAlloc.allocPage(Gfp.GFP_HIGHUSER);
        Page b = pageAlloc.allocPage(Gfp.GFP_HIGHUSER);
        assertNotNull(a);
        assertNotNull(b);
        swap.lruCacheAdd(a);
        swap.lruCacheAddActive(b);
        swap.lruAddDrain();
        assertEquals(List.of(), check());
    }

    @Test
    void recordNode_catchesPageWithLruFlagOffTheLists() {
        Page a = pageAlloc.allocPage(Gfp.GFP_HIGHUSER);
        setPageLRU(a);
        List<String> bad = check();
        assertEquals(1, bad.size(), bad.toString());
        assertTrue(bad.get(0).endsWith(": PG_lru set but on no LRU list (§4.4.1)"), bad.get(0));
    }

    @Test
    void recordNode_catchesZoneCounterOff() {
        Page a = pageAlloc.allocPage(Gfp.GFP_HIGHUSER);
        swap.lruCacheAdd(a);
        swap.lruAddDrain();
        Zone z = pageAlloc.pgdat().pageZone(a);
        z.lruLock.lock();
        try {
            z.nrInactive++;
        } finally {
            z.lruLock.unlock();
        }
        assertEquals(List.of("zone " + z.name + ": nr_inactive " + z.nrInactive
                + " but the inactive list holds " + (z.nrInactive - 1) + " page(s) (§4.4.2)"), check());
    }
}
