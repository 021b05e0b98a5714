package linux.mm.swapstate.internal;

import dagger.BindsInstance;
import dagger.Component;
import jakarta.inject.Singleton;
import linux.init.BaseModule;
import linux.init.BlockModule;
import linux.init.BootParams;
import linux.init.HardwareModule;
import linux.init.KernelParts;
import linux.init.Selection;
import linux.mm.pageio.internal.PageIoModule;
import linux.mm.pagealloc.internal.PageAllocModule;
import linux.mm.swap.internal.SwapModule;
import linux.mm.swapfile.internal.SwapfileModule;
import linux.testkit.FakesModule;

/**
 * The kernel mm/swap_state.c's tests run on: init's modules (with {@link TestHeadersModule}
 * in place of init's headers module, for the test VFS), the real page_alloc, swap,
 * swapfile and page_io below this file, and this module's swap_state. {@code swapfile=gated}
 * puts the real swapfile behind the race tests' {@link SwapfileGate}.
 */
@Singleton
@Component(modules = {BaseModule.class, HardwareModule.class, BlockModule.class, TestHeadersModule.class,
        Selection.class, PageAllocModule.class, SwapModule.class, SwapfileModule.class, PageIoModule.class,
        SwapStateModule.class, GatedSwapfileModule.class, FakesModule.class})
interface SwapStateTestKernel extends KernelParts {

    TestVfs testVfs();

    SwapfileGate gate();

    @Component.Factory
    interface Factory {
        SwapStateTestKernel create(@BindsInstance BootParams params);
    }

    static SwapStateTestKernel boot(String cmdline) {
        return DaggerSwapStateTestKernel.factory().create(BootParams.parse("rmap=fake mmap=fake fork=fake " + cmdline));
    }
}
