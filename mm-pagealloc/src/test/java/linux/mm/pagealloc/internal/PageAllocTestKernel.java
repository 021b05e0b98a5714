package linux.mm.pagealloc.internal;

import dagger.BindsInstance;
import dagger.Component;
import jakarta.inject.Singleton;
import linux.init.BootParams;
import linux.init.InitModule;
import linux.init.KernelParts;
import linux.testkit.FakesModule;

/**
 * A kernel with mm/page_alloc.c and nothing above it but testkit's fakes, built from init's
 * modules the way users get theirs. Used by the contract tests of {@link
 * linux.mm.page.PageAllocOps}.
 */
@Singleton
@Component(modules = {InitModule.class, PageAllocModule.class, FakesModule.class})
interface PageAllocTestKernel extends KernelParts {

    @Component.Factory
    interface Factory {
        PageAllocTestKernel create(@BindsInstance BootParams params);
    }

    /** Boots a test kernel with {@code cmdline} (e.g. {@code "mem=16M maxcpus=2"}). */
    static PageAllocTestKernel boot(String cmdline) {
        return DaggerPageAllocTestKernel.factory().create(BootParams.parse(cmdline));
    }
}
