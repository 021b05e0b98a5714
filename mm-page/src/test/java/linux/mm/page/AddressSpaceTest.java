package linux.mm.page;

import linux.kernel.KernelBug;

import static linux.mm.page.AddressSpace.PAGECACHE_TAG_DIRTY;
import static linux.mm.page.AddressSpace.PAGECACHE_TAG_WRITEBACK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class AddressSpaceTest {

    private final AddressSpace swapper = AddressSpace.newSwapperSpace();

    private Page page(int pfn) {
        return new Page(pfn, 1, swapper);
    }

    private void locked(Runnable r) {
        swapper.treeLock.writeLock().lock();
        try {
            r.run();
        } finally {
            swapper.treeLock.writeLock().unlock();
        }
    }

    @Test
    void radixTreeInsert_lookupAndDelete() {
        Page a = page(1);
        Page b = page(2);
        locked(() -> {
            assertEquals(0, swapper.radixTreeInsert(0x08000001, a));
            assertEquals(0, swapper.radixTreeInsert(0xF8000001, b), "entries with the top bit set are fine");
            assertEquals(-17, swapper.radixTreeInsert(0x08000001, b), "-EEXIST for a taken slot");
            assertSame(a, swapper.radixTreeLookup(0x08000001));
            assertSame(b, swapper.radixTreeLookup(0xF8000001));
            assertNull(swapper.radixTreeLookup(0x08000002));
            assertSame(a, swapper.radixTreeDelete(0x08000001));
            assertNull(swapper.radixTreeDelete(0x08000001));
            assertNull(swapper.radixTreeLookup(0x08000001));
        });
        assertEquals(1, swapper.radixTreeSize());
        assertEquals(0, swapper.nrpages, "nrpages is the page-cache caller's business");
    }

    @Test
    void radixTree_requiresTreeLock() {
        Page a = page(1);
        assertThrows(AssertionError.class, () -> swapper.radixTreeInsert(1, a));
        assertThrows(AssertionError.class, () -> swapper.radixTreeLookup(1));
        assertThrows(AssertionError.class, () -> swapper.radixTreeDelete(1));
        swapper.treeLock.readLock().lock();
        try {
            assertNull(swapper.radixTreeLookup(1), "lookup under the read lock is allowed");
            assertThrows(AssertionError.class, () -> swapper.radixTreeInsert(1, a), "insert needs the write lock");
        } finally {
            swapper.treeLock.readLock().unlock();
        }
    }

    @Test
    void radixTreeTags_setClearAndDropWithTheItem() {
        Page a = page(1);
        locked(() -> {
            swapper.radixTreeInsert(9, a);
            assertFalse(swapper.radixTreeTagged(PAGECACHE_TAG_DIRTY));
            swapper.radixTreeTagSet(9, PAGECACHE_TAG_DIRTY);
            swapper.radixTreeTagSet(9, PAGECACHE_TAG_WRITEBACK);
            assertTrue(swapper.radixTreeTagGet(9, PAGECACHE_TAG_DIRTY));
            assertTrue(swapper.radixTreeTagged(PAGECACHE_TAG_WRITEBACK));
            swapper.radixTreeTagClear(9, PAGECACHE_TAG_DIRTY);
            assertFalse(swapper.radixTreeTagGet(9, PAGECACHE_TAG_DIRTY));
            swapper.radixTreeDelete(9);
            assertFalse(swapper.radixTreeTagged(PAGECACHE_TAG_WRITEBACK), "tags leave with the item");
            assertThrows(KernelBug.class, () -> swapper.radixTreeTagSet(9, PAGECACHE_TAG_DIRTY));
        });
    }

    @Test
    void forEachPage_visitsEverySlot() {
        locked(() -> {
            for (int i = 1; i <= 5; i++) {
                swapper.radixTreeInsert(i * 3, page(i));
            }
        });
        Map<Integer, Integer> seen = new TreeMap<>();
        swapper.forEachPage((index, p) -> seen.put(index, p.pfn));
        assertEquals(Map.of(3, 1, 6, 2, 9, 3, 12, 4, 15, 5), seen);
    }

    @Test
    void newSwapperSpace_doesNotAccountDirtyNorWriteback() {
        assertEquals("swapper_space", swapper.toString());
        assertFalse(AddressSpace.mappingCapAccountDirty(swapper));
        assertFalse(AddressSpace.mappingCapWritebackDirty(swapper));
        AddressSpace file = new AddressSpace("file", 0);
        assertTrue(AddressSpace.mappingCapAccountDirty(file));
        assertTrue(AddressSpace.mappingCapWritebackDirty(file));
        assertNull(swapper.aOps());
        assertEquals(20, AddressSpace.AS_EIO);
        assertEquals(21, AddressSpace.AS_ENOSPC);
    }
}
