package linux.mm.vmscan.internal;

import dagger.BindsInstance;
import dagger.Component;
import jakarta.inject.Singleton;
import linux.init.BootParams;
import linux.init.BaseModule;
import linux.init.BlockModule;
import linux.init.HardwareModule;
import linux.init.HeadersModule;
import linux.init.Selection;
import linux.init.KernelParts;
import linux.mm.pagealloc.internal.PageAllocModule;
import linux.mm.swap.internal.SwapModule;
import linux.testkit.FakesModule;

/**
 * The kernel mm/vmscan.c's Dagger tests run on: init's modules but its task list, the real mm/page_alloc.c
 * and mm/swap.c below reclaim, this module's vmscan and oom_kill, and recording fakes for
 * swapfile, swap_state, rmap, the swap token and the task list. Sleeps take no time
 * ({@code jiffy_ns=0}).
 */
@Singleton
@Component(modules = {BaseModule.class, HardwareModule.class, BlockModule.class, HeadersModule.class, Selection.class, PageAllocModule.class, SwapModule.class, VmscanModule.class,
    VmscanTestModule.class, FakesModule.class})
interface VmscanTestKernel extends KernelParts {

    FakeSwapfile fakeSwapfile();

    FakeSwapState fakeSwapState();

    FakeRmap fakeRmap();

    FakeThrash fakeThrash();

    FakeTasks fakeTasks();

    FakeWritepage fakeWritepage();

    @Component.Factory
    interface Factory {
        VmscanTestKernel create(@BindsInstance BootParams params);
    }

    /** Boots a test kernel with the fakes selected, then {@code cmdline} (e.g. {@code "mem=4M"}). */
    static VmscanTestKernel boot(String cmdline) {
        return DaggerVmscanTestKernel.factory()
                .create(BootParams.parse("jiffy_ns=0 swapfile=recording swap_state=recording rmap=recording thrash=recording " + cmdline));
    }
}
