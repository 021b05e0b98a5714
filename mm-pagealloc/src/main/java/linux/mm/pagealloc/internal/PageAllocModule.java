package linux.mm.pagealloc.internal;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoMap;
import dagger.multibindings.StringKey;
import jakarta.inject.Provider;
import linux.arch.x86.Cpus;
import linux.arch.x86.PhysicalMemory;
import linux.kernel.Current;
import linux.kernel.Printk;
import linux.mm.page.AddressSpace;
import linux.mm.page.BackingDev;
import linux.mm.page.OomKillOps;
import linux.mm.page.PageAllocOps;
import linux.mm.page.VmscanOps;

/**
 * Registers this module's mm/page_alloc.c as the implementation named {@code page_alloc}
 * of {@link PageAllocOps}; the boot parameters choose among the registered ones. Reclaim
 * and the OOM killer are reached through providers: they allocate pages themselves.
 */
@Module
public abstract class PageAllocModule {
    private PageAllocModule() {
    }

    /** Zones, mem_map and the buddy allocator over all of RAM, as mem_init leaves them. */
    @Provides
    @IntoMap
    @StringKey("page_alloc")
    static PageAllocOps pageAlloc(PhysicalMemory ram, Cpus cpus, AddressSpace swapperSpace, Printk printk,
            Current current, Provider<VmscanOps> vmscan, Provider<OomKillOps> oomKill, BackingDev backingDev) {
        return new PageAlloc(ram, cpus.nrCpus(), swapperSpace, printk, current, vmscan, oomKill, backingDev);
    }
}
