package linux.mm.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;

/** The inline parts of the header interfaces (mm.h, swap.h, rmap.h). */
class MmHeadersTest {

    private final MmStruct mm = new MmStruct("mm");

    /** A MemoryOps whose only behaviour is the __handle_mm_fault result the test gives it. */
    private static final class FaultResult implements MemoryOps {
        @Override
        public Page zeroPage(long vaddr) {
            return null;
        }

        @Override
        public Page vmNormalPage(VmAreaStruct vma, long addr, long pte) {
            return null;
        }

        @Override
        public int handleMmFaultRaw(MmStruct m, VmAreaStruct vma, long address, int writeAccess) {
            return writeAccess != 0 ? VM_FAULT_MINOR | VM_FAULT_WRITE : VM_FAULT_MAJOR;
        }

        @Override
        public int copyPageRange(MmStruct dstMm, MmStruct srcMm, VmAreaStruct vma) {
            return 0;
        }

        @Override
        public long unmapVmas(MmuGather tlb, VmAreaStruct vma, long startAddr, long endAddr, long[] nrAccounted,
                ZapDetails details) {
            return endAddr;
        }

        @Override
        public long zapPageRange(VmAreaStruct vma, long address, long size, ZapDetails details) {
            return address + size;
        }

        @Override
        public void freePgtables(MmuGather tlb, VmAreaStruct vma, long floor, long ceiling) {
        }

        @Override
        public void swapinReadahead(int entry, long addr, VmAreaStruct vma) {
        }

        @Override
        public Page followPage(VmAreaStruct vma, long address, int flags) {
            return null;
        }

        @Override
        public int getUserPages(Task tsk, MmStruct m, long start, int len, int write, int force, Page[] pages) {
            return len;
        }

        @Override
        public int makePagesPresent(MmStruct m, long addr, long end) {
            return 0;
        }
    }

    @Test
    void handleMmFault_masksVmFaultWrite() {
        MemoryOps memory = new FaultResult();
        assertEquals(MemoryOps.VM_FAULT_MINOR, memory.handleMmFault(mm, null, 0x1000, 1));
        assertEquals(MemoryOps.VM_FAULT_MAJOR, memory.handleMmFault(mm, null, 0x1000, 0));
        assertEquals(0x12, memory.handleMmFaultRaw(mm, null, 0x1000, 1));
    }

    /** A swap token that only remembers its holder and counts __put_swap_token calls. */
    private static final class Token implements SwapTokenOps {
        MmStruct holder;
        int puts;

        @Override
        public void grabSwapToken(MmStruct m) {
            holder = m;
        }

        @Override
        public void putSwapTokenRaw(MmStruct m) {
            puts++;
            if (holder == m) {
                holder = null;
            }
        }

        @Override
        public MmStruct swapTokenMm() {
            return holder;
        }
    }

    @Test
    void putSwapToken_putsOnlyTheHolder() {
        Token token = new Token();
        MmStruct other = new MmStruct("other");
        token.grabSwapToken(mm);
        token.putSwapToken(other);
        assertEquals(0, token.puts, "put_swap_token of a non-holder does not reach __put_swap_token");
        assertSame(mm, token.swapTokenMm());
        token.putSwapToken(mm);
        assertEquals(1, token.puts);
        assertNull(token.swapTokenMm());
        token.grabSwapToken(other);
        token.disableSwapToken();
        assertNull(token.swapTokenMm());
    }

    @Test
    void findVmaIntersection_rejectsVmaStartingAtOrAfterEnd() {
        VmAreaStruct vma = new VmAreaStruct(mm, 0x4000, 0x8000, VmAreaStruct.VM_READ, 0x025, 4);
        // Only find_vma is given; the inline under test is the interface's default method.
        MmapOps mmap = (MmapOps) Proxy.newProxyInstance(MmapOps.class.getClassLoader(), new Class<?>[] {MmapOps.class},
                (proxy, method, args) -> {
                    if (method.isDefault()) {
                        return InvocationHandler.invokeDefault(proxy, method, args);
                    }
                    if (method.getName().equals("findVma")) {
                        return (long) args[1] < vma.vmEnd ? vma : null;
                    }
                    throw new AssertionError("unexpected call " + method);
                });
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
