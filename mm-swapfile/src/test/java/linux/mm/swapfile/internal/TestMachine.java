package linux.mm.swapfile.internal;

import linux.init.HostVfs;

import static linux.arch.x86.PageGeometry.PAGE_SHIFT;

import java.nio.file.Path;
import java.util.function.IntConsumer;
import java.util.function.IntSupplier;
import linux.arch.x86.Cpus;
import linux.kernel.Errno;
import linux.arch.x86.PhysicalMemory;
import linux.arch.x86.Pgtable;
import linux.arch.x86.internal.Pgtable2Level;
import linux.arch.x86.internal.Pgtable3Level;
import linux.mm.page.AddressSpace;
import linux.mm.page.AnonVma;
import linux.mm.page.Filemap;
import linux.mm.page.ForkOps;
import linux.mm.page.Gfp;
import linux.mm.page.MmList;
import linux.mm.page.MmStruct;
import linux.mm.page.Page;
import linux.mm.pagealloc.internal.PageAlloc;
import linux.mm.page.PageFlags;
import linux.mm.page.PageIoOps;
import linux.mm.page.PageWriteback;
import linux.mm.page.RmapOps;
import linux.mm.page.RmapResult;
import linux.mm.swap.internal.Swap;
import linux.mm.page.SwapStateOps;
import linux.mm.page.Swapops;
import linux.mm.page.VmAreaStruct;
import linux.mm.page.WritebackControl;
import linux.kernel.Printk;

/**
 * A small machine for the swapoff tests: real RAM, page tables (either format), allocator
 * and LRU from mm-page and arch-x86, and small TEST implementations of the header
 * interfaces whose modules do not exist yet (swap cache, page I/O, rmap, fork's mmput).
 * The test swap cache completes every read at once and keeps pages in swapper_space.
 */
final class TestMachine {
    final Printk.Buffer log = new Printk.Buffer();
    final PhysicalMemory ram = new PhysicalMemory(4096);
    final AddressSpace swapper = AddressSpace.newSwapperSpace();
    final linux.kernel.Current current = new linux.kernel.Current();
    /** Reclaim is never reached: these machines stay above pages_low (a test that got there fails). */
    final PageAlloc pa = new PageAlloc(ram, 1, swapper, log, current,
            () -> {
                throw new AssertionError("the swapoff machine ran short of memory: reclaim reached");
            },
            () -> {
                throw new AssertionError("the swapoff machine ran out of memory");
            },
            new linux.mm.page.BackingDev(0));
    final Swap swap = new Swap(pa, new PageWriteback(pa.vmstat()), current);
    final Pgtable pgtable;
    final MmList mmList = new MmList();
    final TestSwapState swapState = new TestSwapState();
    final TestPageIo pageIo = new TestPageIo();
    final TestRmap rmap = new TestRmap();
    final TestFork fork = new TestFork();
    final Swapfile sf;
    final IntSupplier allocFrame = () -> {
        Page p = pa.allocPage(Gfp.GFP_KERNEL | Gfp.__GFP_ZERO);
        return p == null ? -1 : p.pfn;
    };
    final IntConsumer freeFrame = pfn -> pa.freePageRaw(pa.pgdat().pfnToPage(pfn));

    TestMachine(boolean pae) {
        Cpus cpus = new Cpus(ram, 1);
        pgtable = pae ? new Pgtable3Level(ram, cpus) : new Pgtable2Level(ram, cpus);
        sf = new Swapfile(log, current, new HostVfs(), pgtable, swap, mmList, () -> swapState, () -> pageIo, () -> rmap,
                () -> fork, null, pa);
    }

    /** An mm with one private anonymous vma of {@code pages} pages at {@code start}, on the mmlist after {@code after}. */
    MmStruct mm(String name, long start, int pages, AnonVma anonVma, MmStruct after) {
        MmStruct mm = new MmStruct(name);
        mm.pgd = pgtable.pgdAlloc(allocFrame, freeFrame);
        VmAreaStruct vma = new VmAreaStruct(mm, start, start + ((long) pages << PAGE_SHIFT),
                VmAreaStruct.VM_READ | VmAreaStruct.VM_WRITE, pgtable.PAGE_COPY(), (int) (start >>> PAGE_SHIFT));
        vma.anonVma = anonVma;
        mm.mmap = vma;
        mmList.mmlistLock.lock();
        try {
            mmList.listAdd(mm, after == null ? mmList.initMm : after);
        } finally {
            mmList.mmlistLock.unlock();
        }
        return mm;
    }

    /** The pte pointer of {@code addr} in {@code mm}, making the table if needed. */
    long ptep(MmStruct mm, long addr) {
        long pgdp = pgtable.pgdOffset(mm.pgd, addr);
        long pmdp = pgtable.pmdOffset(pgdp, addr);
        return pgtable.pteAllocMap(pmdp, addr, allocFrame, freeFrame);
    }

    /** Stores the swap pte of {@code entry} at {@code addr} of {@code mm}. */
    void setSwapPte(MmStruct mm, long addr, int entry) {
        pgtable.setPte(ptep(mm, addr), Swapops.swpEntryToPte(pgtable, entry));
    }

    long pte(MmStruct mm, long addr) {
        return pgtable.ptepGet(ptep(mm, addr));
    }

    Path dir;

    /** The swap cache (mm/swap_state.c) reduced to what swapoff and the page-based functions use. */
    final class TestSwapState implements SwapStateOps {
        int reads;
        int failReadsAfter = Integer.MAX_VALUE;
        int swapoffFlagSeen;

        @Override
        public AddressSpace swapperSpace() {
            return swapper;
        }

        @Override
        public Page readSwapCacheAsync(int entry, VmAreaStruct vma, long addr) {
            swapoffFlagSeen |= current.current().flags;
            Page found = Filemap.findGetPage(swapper, entry);
            if (found != null) {
                return found;
            }
            if (reads >= failReadsAfter) {
                return null;
            }
            reads++;
            Page page = pa.allocPage(Gfp.GFP_HIGHUSER);
            if (page == null) {
                return null;
            }
            if (sf.swapDuplicate(entry) == 0) {
                swap.putPage(page);
                return null;
            }
            addToSwapCache(page, entry);
            PageFlags.setPageUptodate(page);
            return page;
        }

        /** Puts {@code page} in the cache at {@code entry} (the cache's reference; the slot reference is the caller's). */
        void addToSwapCache(Page page, int entry) {
            Page.pageCacheGet(page);
            swapper.treeLock.writeLock().lock();
            try {
                PageFlags.setPageSwapCache(page);
                Page.setPagePrivate(page, entry);
                swapper.radixTreeInsert(entry, page);
                swapper.nrpages++;
            } finally {
                swapper.treeLock.writeLock().unlock();
            }
        }

        @Override
        public void deleteFromSwapCacheLocked(Page page) {
            swapper.radixTreeDelete(Page.pagePrivate(page));
            PageFlags.clearPageSwapCache(page);
            Page.setPagePrivate(page, 0);
            swapper.nrpages--;
        }

        @Override
        public void deleteFromSwapCache(Page page) {
            int entry = Page.pagePrivate(page);
            swapper.treeLock.writeLock().lock();
            try {
                deleteFromSwapCacheLocked(page);
            } finally {
                swapper.treeLock.writeLock().unlock();
            }
            sf.swapFree(entry);
            swap.pageCacheRelease(page);
        }

        @Override
        public void showSwapCacheInfo() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int addToSwap(Page page, int gfpMask) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void freePageAndSwapCache(Page page) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void freePagesAndSwapCache(Page[] pages, int nr) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Page lookupSwapCache(int entry) {
            return Filemap.findGetPage(swapper, entry);
        }
    }

    /** page_io: writes complete at once (the data is not the point of these tests). */
    final class TestPageIo implements PageIoOps {
        int writes;

        @Override
        public int swapWritepage(Page page, WritebackControl wbc) {
            writes++;
            PageFlags.clearPageDirty(page);
            Filemap.unlockPage(page);
            return 0;
        }

        @Override
        public int swapReadpage(Page page) {
            throw new UnsupportedOperationException();
        }
    }

    /** rmap: only the two functions swapoff calls. */
    static final class TestRmap implements RmapOps {
        @Override
        public void pageAddAnonRmap(Page page, VmAreaStruct vma, long address) {
            if (Page.atomicIncAndTestMapcount(page)) {
                page.mapping = vma.anonVma;
                page.index = VmAreaStruct.linearPageIndex(vma, address);
            }
        }

        @Override
        public long pageAddressInVma(Page page, VmAreaStruct vma) {
            if (page.mapping != vma.anonVma) {
                return Errno.EFAULT.negative();
            }
            long addr = vma.vmStart + ((long) (page.index - vma.vmPgoff) << PAGE_SHIFT);
            if (addr < vma.vmStart || addr >= vma.vmEnd) {
                return Errno.EFAULT.negative();
            }
            return addr;
        }

        @Override
        public int anonVmaPrepare(VmAreaStruct vma) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void anonVmaMerge(VmAreaStruct vma, VmAreaStruct next) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void anonVmaLinkLocked(VmAreaStruct vma) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void anonVmaLink(VmAreaStruct vma) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void anonVmaUnlink(VmAreaStruct vma) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void pageAddNewAnonRmap(Page page, VmAreaStruct vma, long address) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void pageAddFileRmap(Page page) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void pageRemoveRmap(Page page) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int pageReferenced(Page page, int isLocked) {
            throw new UnsupportedOperationException();
        }

        @Override
        public RmapResult tryToUnmap(Page page, int ignoreRefs) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int pageMkclean(Page page) {
            throw new UnsupportedOperationException();
        }
    }

    /** kernel/fork.c: mmput only drops the user count (no mm exits in these tests). */
    static final class TestFork implements ForkOps {
        @Override
        public void mmput(MmStruct mm) {
            mm.mmUsers.decrementAndGet();
        }

        @Override
        public MmStruct dupMm(MmStruct oldmm) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void mmdrop(MmStruct mm) {
            throw new UnsupportedOperationException();
        }
    }
}
