package linux.init;

import dagger.Module;
import dagger.Provides;
import linux.mm.page.BackingDev;
import jakarta.inject.Singleton;
import linux.arch.x86.PhysicalMemory;
import linux.block.Bio;
import linux.block.BlockDevices;
import linux.block.BlockLayer;
import linux.block.internal.BdevRegistry;
import linux.kernel.Current;
import linux.kernel.Printk;
import linux.kernel.Tracer;
import linux.mm.page.PageAllocOps;
import linux.mm.page.VmEventItem;
import linux.mm.page.Vmstat;

/**
 * The block layer of one kernel: submit_bio's context (the kernel's {@code current}, whose
 * completion threads run in interrupt context), its log and tracer, and where its
 * PGPGIN/PGPGOUT counts go (this kernel's vm events); the table of open devices.
 */
@Module
public abstract class BlockModule {
    private BlockModule() {
    }

    /** submit_bio's page-in / page-out counts, in sectors, into this kernel's vm events. */
    @Provides
    @Singleton
    static BlockLayer.VmEvents blockVmEvents(PageAllocOps pageAlloc) {
        Vmstat vmstat = pageAlloc.vmstat();
        return (rw, sectors) -> vmstat.countVmEvents(rw == Bio.WRITE ? VmEventItem.PGPGOUT : VmEventItem.PGPGIN, sectors);
    }

    @Provides
    @Singleton
    static BlockLayer blockLayer(Current current, Printk printk, Tracer tracer, BlockLayer.VmEvents vmEvents,
            BackingDev backingDev) {
        return new BlockLayer(current, printk, tracer, vmEvents, backingDev::congestionEnd);
    }

    /**
     * congestion_wqh[2]: where reclaim and the allocator nap, jiffies as {@code jiffy_ns=}
     * says; a deterministic machine never sleeps on the host clock (its naps are scheduling
     * points instead).
     */
    @Provides
    @Singleton
    static BackingDev backingDev(BootParams params) {
        return new BackingDev(params.deterministic() ? 0 : params.jiffyNs());
    }

    /** The open devices of this kernel (provided, so components never name the registry class). */
    @Provides
    @Singleton
    static BlockDevices blockDevices(PhysicalMemory ram, BlockLayer blockLayer) {
        return new BdevRegistry(ram, blockLayer);
    }
}
