package linux.boot;

import dagger.Binds;
import dagger.Module;
import dagger.Provides;
import jakarta.inject.Singleton;
import linux.arch.x86.Cpus;
import linux.arch.x86.PhysicalMemory;
import linux.block.BlockDevices;
import linux.block.internal.BdevRegistry;
import linux.mm.page.AddressSpace;
import linux.mm.page.MmList;
import linux.block.Bio;
import linux.block.BlockLayer;
import linux.kernel.Current;
import linux.kernel.Tracer;
import linux.mm.page.PageAlloc;
import linux.mm.page.PageAllocOps;
import linux.mm.page.SwapOps;
import linux.mm.page.VmEventItem;
import linux.mm.page.Vmstat;
import linux.mm.page.PageWriteback;
import linux.mm.page.Swap;
import linux.kernel.Printk;

/**
 * The layers below the kernel .c files, assembled once per kernel: the log buffer every
 * module prints to, the block layer over the machine's RAM, and mm-page's allocator,
 * LRU and writeback state (what {@code mem_init}, {@code swap_setup} and the block
 * layer's initcalls set up in 2.6.20). Layer-2 files are bound in modules of their own
 * as their implementations arrive.
 */
@Module
abstract class MmModule {

    private MmModule() {
    }

    /** The kernel log ({@code log_buf}); what {@code dmesg} would read. */
    @Provides
    @Singleton
    static Printk.Buffer logBuffer() {
        return new Printk.Buffer();
    }

    @Binds
    abstract Printk printk(Printk.Buffer buffer);

    /** This kernel's {@code current} / {@code in_interrupt()}: one per kernel, never shared. */
    @Provides
    @Singleton
    static Current current() {
        return new Current();
    }

    /** The function-graph tracer: off unless a tool asks for one. */
    @Provides
    static Tracer tracer() {
        return Tracer.OFF;
    }

    /** submit_bio's page-in / page-out counts go to this kernel's vm events, in sectors. */
    @Provides
    @Singleton
    static BlockLayer.VmEvents blockVmEvents(PageAllocOps pageAlloc) {
        Vmstat vmstat = pageAlloc.vmstat();
        return (rw, sectors) -> vmstat.countVmEvents(rw == Bio.WRITE ? VmEventItem.PGPGOUT : VmEventItem.PGPGIN, sectors);
    }

    @Provides
    @Singleton
    static BlockLayer blockLayer(Current current, Printk printk, Tracer tracer, BlockLayer.VmEvents vmEvents) {
        return new BlockLayer(current, printk, tracer, vmEvents);
    }

    @Binds
    @Singleton
    abstract BlockDevices blockDevices(BdevRegistry registry);

    /** {@code swapper_space}: the one address space of the swap cache. */
    @Provides
    @Singleton
    static AddressSpace swapperSpace() {
        return AddressSpace.newSwapperSpace();
    }

    /** Zones, mem_map and the buddy allocator over all of RAM ({@code mem_init}). */
    @Provides
    @Singleton
    static PageAllocOps pageAlloc(PhysicalMemory ram, Cpus cpus, AddressSpace swapperSpace, Printk printk,
            Current current) {
        return new PageAlloc(ram, cpus.nrCpus(), swapperSpace, printk, current);
    }

    @Provides
    @Singleton
    static PageWriteback pageWriteback(PageAllocOps pageAlloc) {
        return new PageWriteback(pageAlloc.vmstat());
    }

    /** The LRU and pagevecs (mm/swap.c), with {@code swap_setup} done as kswapd_init does. */
    @Provides
    @Singleton
    static SwapOps swap(PageAllocOps pageAlloc, PageWriteback pageWriteback, Current current) {
        Swap swap = new Swap(pageAlloc, pageWriteback, current);
        swap.swapSetup();
        return swap;
    }

    /** {@code init_mm} and the mmlist ring every mm with swap entries joins. */
    @Provides
    @Singleton
    static MmList mmList() {
        return new MmList();
    }
}
