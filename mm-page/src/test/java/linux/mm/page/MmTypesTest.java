package linux.mm.page;

import linux.kernel.KernelBug;

import static linux.mm.page.MmStruct.MmCounter.anonRss;
import static linux.mm.page.MmStruct.MmCounter.fileRss;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** vm_area_struct, anon_vma, mm_struct and the mmlist ring. */
class MmTypesTest {

    private final MmStruct mm = new MmStruct("mm");

    private VmAreaStruct vma(long start, long end, int pgoff) {
        return new VmAreaStruct(mm, start, end, VmAreaStruct.VM_READ | VmAreaStruct.VM_WRITE, 0x025, pgoff);
    }

    @Test
    void vmFlags_haveTheirKernelValues() {
        assertEquals(0x1, VmAreaStruct.VM_READ);
        assertEquals(0x8, VmAreaStruct.VM_SHARED);
        assertEquals(0x20, VmAreaStruct.VM_MAYWRITE);
        assertEquals(0x2000, VmAreaStruct.VM_LOCKED);
        assertEquals(0x20000, VmAreaStruct.VM_DONTCOPY);
        assertEquals(0x800000, VmAreaStruct.VM_NONLINEAR);
        assertEquals(0x2000000, VmAreaStruct.VM_INSERTPAGE);
    }

    @Test
    void linearPageIndex_isOffsetInPagesPlusPgoff() {
        VmAreaStruct v = vma(0x08048000L, 0x08050000L, 0x08048);
        assertEquals(0x08048, VmAreaStruct.linearPageIndex(v, 0x08048000L));
        assertEquals(0x0804A, VmAreaStruct.linearPageIndex(v, 0x0804AFFFL));
        assertEquals(8, VmAreaStruct.vmaPages(v));
    }

    @Test
    void linearPageIndex_worksAboveTwoGigabytes() {
        VmAreaStruct v = vma(0xBFFF0000L, 0xC0000000L, 0xBFFF0);
        assertEquals(0xBFFFF, VmAreaStruct.linearPageIndex(v, 0xBFFFF000L));
        assertEquals(0xBFFFF000L, VmAreaStruct.addressOfIndex(v, 0xBFFFF));
        assertEquals(-1, VmAreaStruct.addressOfIndex(v, 0xC0000), "past vm_end");
        assertEquals(-1, VmAreaStruct.addressOfIndex(v, 0xBFFEF), "before vm_start");
    }

    @Test
    void vmAreaStruct_rejectsEmptyRange() {
        assertThrows(IllegalArgumentException.class, () -> vma(0x1000, 0x1000, 0));
        assertThrows(IllegalArgumentException.class, () -> vma(0x1000, 0x1_0000_1000L, 0));
    }

    @Test
    void anonVma_listAddTailKeepsOrderAndListDelUnlinks() {
        AnonVma av = new AnonVma();
        VmAreaStruct a = vma(0x1000, 0x2000, 1);
        VmAreaStruct b = vma(0x3000, 0x4000, 3);
        VmAreaStruct c = vma(0x5000, 0x6000, 5);
        assertTrue(av.listEmpty());
        av.lock.lock();
        try {
            av.listAddTail(a);
            av.listAddTail(b);
            av.listAddTail(c);
            assertThrows(KernelBug.class, () -> av.listAddTail(b));
        } finally {
            av.lock.unlock();
        }
        assertEquals(List.of(a, b, c), av.vmas());
        av.lock.lock();
        try {
            av.listDel(a);
            assertSame(b, av.first());
            av.listDel(c);
            assertNull(av.next(b));
            av.listDel(b);
            assertThrows(KernelBug.class, () -> av.listDel(b));
        } finally {
            av.lock.unlock();
        }
        assertTrue(av.listEmpty());
    }

    @Test
    void anonVma_listChangesRequireTheLock() {
        AnonVma av = new AnonVma();
        // anon_vma_prepare links the first vma of an anon_vma nobody can reach yet unlocked.
        av.listAddTail(vma(0x1000, 0x2000, 1));
        assertThrows(AssertionError.class, () -> av.listAddTail(vma(0x2000, 0x3000, 2)));
    }

    @Test
    void mmCounters_addIncDecAndRss() {
        assertEquals(0, MmStruct.getMmRss(mm));
        MmStruct.incMmCounter(mm, anonRss);
        MmStruct.incMmCounter(mm, anonRss);
        MmStruct.addMmCounter(mm, fileRss, 5);
        MmStruct.decMmCounter(mm, fileRss);
        assertEquals(2, MmStruct.getMmCounter(mm, anonRss));
        assertEquals(4, MmStruct.getMmCounter(mm, fileRss));
        assertEquals(6, MmStruct.getMmRss(mm));
        MmStruct.updateHiwaterRss(mm);
        MmStruct.setMmCounter(mm, anonRss, 0);
        MmStruct.updateHiwaterRss(mm);
        assertEquals(6, mm.hiwaterRss);
        assertEquals(1, mm.mmUsers.get());
        assertEquals(1, mm.mmCount.get());
        assertEquals(-1, mm.pgd);
    }

    @Test
    void mmlist_addAfterInitMmOrParentAndDelInit() {
        MmList list = new MmList();
        MmStruct parent = new MmStruct("parent");
        MmStruct child = new MmStruct("child");
        MmStruct other = new MmStruct("other");
        list.mmlistLock.lock();
        try {
            assertTrue(list.listEmpty(list.initMm));
            list.listAdd(parent, list.initMm);
            list.listAdd(other, list.initMm);
            list.listAdd(child, parent);
            assertThrows(KernelBug.class, () -> list.listAdd(child, list.initMm));
            assertSame(other, list.next(list.initMm));
        } finally {
            list.mmlistLock.unlock();
        }
        assertEquals(List.of(other, parent, child), list.snapshot());
        assertTrue(list.isListed(child));
        list.mmlistLock.lock();
        try {
            list.listDelInit(parent);
            list.listDelInit(parent);
            assertTrue(list.listEmpty(parent));
        } finally {
            list.mmlistLock.unlock();
        }
        assertEquals(List.of(other, child), list.snapshot());
        assertFalse(list.isListed(parent));
        assertFalse(list.isListed(list.initMm));
    }

    @Test
    void mmlist_requiresMmlistLock() {
        MmList list = new MmList();
        assertThrows(AssertionError.class, () -> list.listAdd(mm, list.initMm));
    }

    @Test
    void rmapResult_valuesAreThoseOfRmapH() {
        assertEquals(0, RmapResult.SWAP_SUCCESS.value());
        assertEquals(1, RmapResult.SWAP_AGAIN.value());
        assertEquals(2, RmapResult.SWAP_FAIL.value());
    }
}
