package linux.mm.swap.internal;

import dagger.BindsInstance;
import dagger.Component;
import jakarta.inject.Singleton;
import linux.init.BootParams;
import linux.init.InitModule;
import linux.init.KernelParts;
import linux.mm.pagealloc.internal.PageAllocModule;
import linux.testkit.FakesModule;

/**
 * The kernel mm/swap.c's tests run on, built the way users get theirs: init's modules, the
 * real mm/page_alloc.c below this file, this module's own implementation, and testkit's
 * fakes for the files above it.
 */
@Singleton
@Component(modules = {InitModule.class, PageAllocModule.class, SwapModule.class, FakesModule.class})
interface SwapTestKernel extends KernelParts {

    @Component.Factory
    interface Factory {
        SwapTestKernel create(@BindsInstance BootParams params);
    }

    /** Boots a test kernel with {@code cmdline} (e.g. {@code "mem=16M maxcpus=2"}). */
    static SwapTestKernel boot(String cmdline) {
        return DaggerSwapTestKernel.factory().create(BootParams.parse(cmdline));
    }
}
