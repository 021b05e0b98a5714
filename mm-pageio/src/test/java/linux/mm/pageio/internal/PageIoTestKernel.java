package linux.mm.pageio.internal;

import dagger.BindsInstance;
import dagger.Component;
import jakarta.inject.Singleton;
import linux.init.BaseModule;
import linux.init.BlockModule;
import linux.init.BootParams;
import linux.init.HardwareModule;
import linux.init.KernelParts;
import linux.init.Selection;
import linux.mm.pagealloc.internal.PageAllocModule;
import linux.mm.swap.internal.SwapModule;
import linux.mm.swapfile.internal.SwapfileModule;
import linux.testkit.FakesModule;

/**
 * The kernel mm/page_io.c's tests run on: init's modules (with {@link TestHeadersModule}
 * in place of init's headers module, for the test VFS), the real page_alloc, swap and
 * swapfile below this file, this module's page_io, and a recording swap cache for
 * swap_state, which comes after it.
 */
@Singleton
@Component(modules = {BaseModule.class, HardwareModule.class, BlockModule.class, TestHeadersModule.class,
        Selection.class, PageAllocModule.class, SwapModule.class, SwapfileModule.class, PageIoModule.class,
        PageIoTestModule.class, FakesModule.class})
interface PageIoTestKernel extends KernelParts {

    TestVfs testVfs();

    @Component.Factory
    interface Factory {
        PageIoTestKernel create(@BindsInstance BootParams params);
    }

    /** Boots a test kernel with {@code cmdline}; its swap cache is the recording one. */
    static PageIoTestKernel boot(String cmdline) {
        return DaggerPageIoTestKernel.factory().create(BootParams.parse(cmdline + " swap_state=recording rmap=fake mmap=fake fork=fake"));
    }
}
