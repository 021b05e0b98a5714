package linux.mm.rmap.internal;

import dagger.BindsInstance;
import dagger.Component;
import jakarta.inject.Singleton;
import linux.init.BootParams;
import linux.init.InitModule;
import linux.init.KernelParts;
import linux.mm.pagealloc.internal.PageAllocModule;
import linux.mm.swap.internal.SwapModule;
import linux.mm.swapfile.internal.SwapfileModule;
import linux.testkit.FakesModule;

/**
 * The kernel mm/rmap.c's tests run on, built the way users get theirs: init's modules, the
 * real files below rmap (page_alloc, swap, swapfile), this module's rmap and thrash, and
 * testkit's fakes for the rest (swap_state and page_io until their real implementations
 * land; mmap and fork, which come after rmap).
 */
@Singleton
@Component(modules = {InitModule.class, PageAllocModule.class, SwapModule.class, SwapfileModule.class,
        RmapModule.class, FakesModule.class})
interface RmapTestKernel extends KernelParts {

    /** The boot parameters of every rmap test kernel but the page-table format. */
    String CMDLINE = "mem=8M swap_state=fake page_io=fake mmap=fake fork=fake";

    @Component.Factory
    interface Factory {
        RmapTestKernel create(@BindsInstance BootParams params);
    }

    /** Boots a test kernel with {@code cmdline} (e.g. {@code CMDLINE + " pae=1"}). */
    static RmapTestKernel boot(String cmdline) {
        return DaggerRmapTestKernel.factory().create(BootParams.parse(cmdline));
    }
}
