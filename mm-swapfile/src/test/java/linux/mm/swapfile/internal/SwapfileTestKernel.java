package linux.mm.swapfile.internal;

import static linux.arch.x86.PageGeometry.PAGE_SHIFT;

import dagger.BindsInstance;
import dagger.Component;
import jakarta.inject.Singleton;
import java.util.function.IntConsumer;
import java.util.function.IntSupplier;
import linux.init.BootParams;
import linux.init.HostVfs;
import linux.init.InitModule;
import linux.init.KernelParts;
import linux.mm.page.AnonVma;
import linux.mm.page.Gfp;
import linux.mm.page.MmStruct;
import linux.mm.page.Page;
import linux.mm.page.Swapops;
import linux.mm.page.Vfs;
import linux.mm.page.VmAreaStruct;
import linux.mm.pagealloc.internal.PageAllocModule;
import linux.mm.swap.internal.Swap;
import linux.mm.swap.internal.SwapModule;
import linux.testkit.FakeFork;
import linux.testkit.FakeMmap;
import linux.testkit.FakePageIo;
import linux.testkit.FakeRmap;
import linux.testkit.FakeSwapState;
import linux.testkit.FakesModule;

/**
 * The kernel mm/swapfile.c's tests run on, built the way users get theirs: init's modules,
 * the real mm/page_alloc.c and mm/swap.c below this file, this module's own implementation,
 * and testkit's fakes for the files above it (swap_state, page_io, rmap, fork, mmap). Its
 * default methods are the tests' shortcuts: the fakes by type, and mms with page tables in
 * this kernel's RAM and format.
 */
@Singleton
@Component(modules = {InitModule.class, PageAllocModule.class, SwapModule.class, SwapfileModule.class,
        FakesModule.class})
interface SwapfileTestKernel extends KernelParts {

    /** The files above mm/swapfile.c, all faked. */
    String FAKES = "swap_state=fake page_io=fake rmap=fake fork=fake mmap=fake";

    @Component.Factory
    interface Factory {
        SwapfileTestKernel create(@BindsInstance BootParams params);
    }

    /**
     * Boots a test kernel: 16 MiB, one CPU, the fakes, then {@code cmdline} (e.g.
     * {@code "pae=1"}). mm/swapfile.c and what it is built on are resolved at once, and the
     * allocator's boot messages are then cleared from the log, so that a test sees in the
     * log only what it caused.
     */
    static SwapfileTestKernel boot(String cmdline) {
        SwapfileTestKernel k = DaggerSwapfileTestKernel.factory().create(BootParams.parse("mem=16M " + FAKES + " " + cmdline));
        k.swapfile();
        k.printk().clear();
        return k;
    }

    /** This kernel's mm/swapfile.c. */
    default Swapfile sf() {
        return (Swapfile) swapfile();
    }

    /**
     * A mm/swapfile.c over this kernel's parts but another VFS (the VFS is not chosen by
     * name; these tests need files whose block map they choose). Its swap cache and the
     * other fakes still call this kernel's own {@link #swapfile()}.
     */
    default Swapfile swapfileOver(Vfs vfs) {
        return new Swapfile(printk(), current(), vfs, pgtable(), physicalMemory(), pageAlloc(), swap(), mmList(),
                this::swapState, this::pageIo, this::rmap, this::fork, this::mmap);
    }

    default HostVfs hostVfs() {
        return (HostVfs) vfs();
    }

    default FakeSwapState fakeSwapState() {
        return (FakeSwapState) swapState();
    }

    default FakePageIo fakePageIo() {
        return (FakePageIo) pageIo();
    }

    default FakeRmap fakeRmap() {
        return (FakeRmap) rmap();
    }

    default FakeFork fakeFork() {
        return (FakeFork) fork();
    }

    default FakeMmap fakeMmap() {
        return (FakeMmap) mmap();
    }

    /** mm/swap.c's implementation, for its page_cluster setter (sysctl vm.page-cluster). */
    default Swap realSwap() {
        return (Swap) swap();
    }

    // ---------------------------------------------------------------- mms with page tables

    /** A zeroed page-table frame from this kernel's allocator (-1 if none is left). */
    default IntSupplier allocFrame() {
        return () -> {
            Page p = pageAlloc().allocPage(Gfp.GFP_KERNEL | Gfp.__GFP_ZERO);
            return p == null ? -1 : p.pfn;
        };
    }

    default IntConsumer freeFrame() {
        return pfn -> pageAlloc().freePageRaw(pageAlloc().pgdat().pfnToPage(pfn));
    }

    /**
     * An mm with a page directory and one private anonymous vma of {@code pages} pages at
     * {@code start}, linked on the mmlist after {@code after} (init_mm if null), as
     * try_to_unmap_one and copy_one_pte link them.
     */
    default MmStruct mm(String name, long start, int pages, AnonVma anonVma, MmStruct after) {
        MmStruct mm = new MmStruct(name);
        mm.pgd = pgtable().pgdAlloc(allocFrame(), freeFrame());
        VmAreaStruct vma = new VmAreaStruct(mm, start, start + ((long) pages << PAGE_SHIFT),
                VmAreaStruct.VM_READ | VmAreaStruct.VM_WRITE, pgtable().PAGE_COPY(), (int) (start >>> PAGE_SHIFT));
        vma.anonVma = anonVma;
        mm.mmap = vma;
        mmList().mmlistLock.lock();
        try {
            mmList().listAdd(mm, after == null ? mmList().initMm : after);
        } finally {
            mmList().mmlistLock.unlock();
        }
        return mm;
    }

    /** The pte pointer of {@code addr} in {@code mm}, making the table if needed. */
    default long ptep(MmStruct mm, long addr) {
        long pgdp = pgtable().pgdOffset(mm.pgd, addr);
        long pmdp = pgtable().pmdOffset(pgdp, addr);
        return pgtable().pteAllocMap(pmdp, addr, allocFrame(), freeFrame());
    }

    /** Stores the swap pte of {@code entry} at {@code addr} of {@code mm}. */
    default void setSwapPte(MmStruct mm, long addr, int entry) {
        pgtable().setPte(ptep(mm, addr), Swapops.swpEntryToPte(pgtable(), entry));
    }

    default long pte(MmStruct mm, long addr) {
        return pgtable().ptepGet(ptep(mm, addr));
    }
}
