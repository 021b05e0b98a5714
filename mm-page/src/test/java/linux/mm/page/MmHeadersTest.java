package linux.mm.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** The inline parts of the header interfaces (mm.h, swap.h, rmap.h). */
class MmHeadersTest {

    private final MmStruct mm = new MmStruct("mm");

    @Test
    void handleMmFault_masksVmFaultWrite() {
        MemoryOps memory = new MemoryOps() {
            @Override
            public int handleMmFaultRaw(MmStruct m, VmAreaStruct vma, long address, int writeAccess) {
                return writeAccess != 0 ? VM_FAULT_MINOR | VM_FAULT_WRITE : VM_FAULT_MAJOR;
            }

            @Override
            public int copyPageRange(MmStruct dstMm, MmStruct srcMm, VmAreaStruct vma) {
                return 0;
            }

            @Override
            public long unmapVmas(MmStruct m, VmAreaStruct vma, long startAddr, long endAddr, ZapDetails details) {
                return endAddr;
            }

            @Override
            public long zapPageRange(VmAreaStruct vma, long address, long size, ZapDetails details) {
                return address + size;
            }

            @Override
            public void swapinReadahead(int entry, long addr, VmAreaStruct vma) {
            }

            @Override
            public int getUserPages(MmStruct m, long start, int len, int write, int force, Page[] pages) {
                return len;
            }
        };
        assertEquals(MemoryOps.VM_FAULT_MINOR, memory.handleMmFault(mm, null, 0x1000, 1));
        assertEquals(MemoryOps.VM_FAULT_MAJOR, memory.handleMmFault(mm, null, 0x1000, 0));
        assertEquals(0x12, memory.handleMmFaultRaw(mm, null, 0x1000, 1));
    }

    @Test
    void findVmaIntersection_rejectsVmaStartingAtOrAfterEnd() {
        VmAreaStruct vma = new VmAreaStruct(mm, 0x4000, 0x8000, VmAreaStruct.VM_READ, 0x025, 4);
        MmapOps mmap = new MmapOps() {
            @Override
            public long doMmapPgoff(MmStruct m, AddressSpace file, long addr, long len, int prot, int flags,
                                    int pgoff) {
                return addr;
            }

            @Override
            public int doMunmap(MmStruct m, long start, long len) {
                return 0;
            }

            @Override
            public VmAreaStruct findVma(MmStruct m, long addr) {
                return addr < vma.vmEnd ? vma : null;
            }

            @Override
            public AnonVma findMergeableAnonVma(VmAreaStruct v) {
                return null;
            }

            @Override
            public int insertVmStruct(MmStruct m, VmAreaStruct v) {
                return 0;
            }

            @Override
            public void exitMmap(MmStruct m) {
            }

            @Override
            public int vmEnoughMemoryRaw(long pages, int capSysAdmin) {
                return 0;
            }
        };
        assertSame(vma, mmap.findVmaIntersection(mm, 0x1000, 0x5000));
        assertNull(mmap.findVmaIntersection(mm, 0x1000, 0x4000), "ends where the vma starts");
        assertSame(vma, mmap.findVmaIntersection(mm, 0x7000, 0x9000));
        assertNull(mmap.findVmaIntersection(mm, 0x8000, 0x9000));
    }

    @Test
    void totalSwapcachePages_isSwapperNrpages() {
        AddressSpace swapper = AddressSpace.newSwapperSpace();
        SwapStateOps swapState = new SwapStateOps() {
            @Override
            public AddressSpace swapperSpace() {
                return swapper;
            }

            @Override
            public SwapCacheInfo swapCacheInfo() {
                return new SwapCacheInfo(0, 0, 0, 0, 0, 0);
            }

            @Override
            public void showSwapCacheInfo() {
            }

            @Override
            public int addToSwapCacheRaw(Page page, int entry, int gfpMask) {
                return 0;
            }

            @Override
            public int addToSwapCache(Page page, int entry) {
                return 0;
            }

            @Override
            public int addToSwap(Page page, int gfpMask) {
                return 0;
            }

            @Override
            public void deleteFromSwapCacheLocked(Page page) {
            }

            @Override
            public void deleteFromSwapCache(Page page) {
            }

            @Override
            public void freeSwapCache(Page page) {
            }

            @Override
            public void freePageAndSwapCache(Page page) {
            }

            @Override
            public void freePagesAndSwapCache(Page[] pages, int nr) {
            }

            @Override
            public Page lookupSwapCache(int entry) {
                return null;
            }

            @Override
            public Page readSwapCacheAsync(int entry, VmAreaStruct vma, long addr) {
                return null;
            }
        };
        assertEquals(0, swapState.totalSwapcachePages());
        swapper.nrpages = 7;
        assertEquals(7, swapState.totalSwapcachePages());
    }

    @Test
    void mmanConstants_haveI386Values() {
        assertEquals(0x22, MmapOps.MAP_PRIVATE | MmapOps.MAP_ANONYMOUS);
        assertEquals(0x10, MmapOps.MAP_FIXED);
        assertEquals(0x7, MmapOps.PROT_READ | MmapOps.PROT_WRITE | MmapOps.PROT_EXEC);
        assertEquals(0x2000, MmapOps.MAP_LOCKED);
        assertEquals(0x80000, AddressSpaceOperations.AOP_WRITEPAGE_ACTIVATE);
    }
}
