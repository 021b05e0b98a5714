package linux.mm.memory.internal;

import static linux.arch.x86.PageGeometry.PAGE_SIZE;
import static linux.mm.memory.internal.Machine.PRIVATE;
import static linux.mm.memory.internal.Machine.RW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import linux.arch.x86.Pgtable;
import linux.mm.page.Page;
import linux.mm.page.PageFlags;
import linux.mm.page.Task;
import linux.mm.page.VmEventItem;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** mm/memory.c's fault handlers, on a test kernel with real page tables. */
class MemoryTest {

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void doAnonymousPage_writeFaultMapsZeroedPrivatePageDirtyAndWritable(boolean pae) {
        Machine m = Machine.of(pae, 1);
        Task t = m.spawn("a", 0);
        long a = m.mmap(t, 4 * PAGE_SIZE, RW, PRIVATE);
        long faults = m.k.pageAlloc().vmstat().vmEvent(VmEventItem.PGFAULT);

        t.storeInt(a + 8, 0x12345678);

        assertEquals(0x12345678, t.loadInt(a + 8));
        assertEquals(0, t.loadInt(a + 12), "the rest of the page is zero");
        long pte = m.pte(t.mm, a);
        Pgtable pg = m.pgtable;
        assertTrue(pg.ptePresent(pte) && pg.pteWrite(pte) && pg.pteDirty(pte) && pg.pteYoung(pte),
                "pte " + Long.toHexString(pte));
        Page page = m.page(t.mm, a);
        assertTrue(Page.pageAnon(page));
        assertEquals(1, Page.pageMapcount(page));
        assertSame(t.mm.mmap.anonVma, Page.pageAnonVma(page));
        assertEquals(1, m.anonRss(t.mm));
        assertEquals(0, m.fileRss(t.mm));
        assertEquals(faults + 1, m.k.pageAlloc().vmstat().vmEvent(VmEventItem.PGFAULT));
        assertEquals(1, t.minFlt);
        m.k.swap().lruAddDrainAll();
        assertTrue(PageFlags.pageLRU(page) && PageFlags.pageActive(page), "on the active list");
        assertEquals(1, Page.pageCount(page));
        m.assertInvariants();
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void doAnonymousPage_readFaultMapsZeroPageReadOnly(boolean pae) {
        Machine m = Machine.of(pae, 1);
        Task t = m.spawn("a", 0);
        long a = m.mmap(t, 2 * PAGE_SIZE, RW, PRIVATE);
        Page zero = m.k.memory().zeroPage(a);
        int before = Page.pageMapcount(zero);

        assertEquals(0, t.loadInt(a + 100));

        long pte = m.pte(t.mm, a);
        assertTrue(m.pgtable.ptePresent(pte));
        assertFalse(m.pgtable.pteWrite(pte), "ZERO_PAGE is mapped read-only");
        assertSame(zero, m.page(t.mm, a));
        assertEquals(before + 1, Page.pageMapcount(zero));
        assertEquals(1, m.fileRss(t.mm));
        assertEquals(0, m.anonRss(t.mm));
        m.assertInvariants();

        // A write now breaks the ZERO_PAGE mapping into a private zeroed page.
        t.storeByte(a + 1, (byte) 7);
        Page page = m.page(t.mm, a);
        assertTrue(page != zero && Page.pageAnon(page));
        assertEquals(7, t.loadByte(a + 1));
        assertEquals(0, t.loadByte(a + 2));
        assertEquals(before, Page.pageMapcount(zero));
        assertEquals(0, m.fileRss(t.mm));
        assertEquals(1, m.anonRss(t.mm));
        m.assertInvariants();
    }
}
