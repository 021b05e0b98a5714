package linux.mm.vmscan.internal;

import dagger.BindsInstance;
import dagger.Component;
import jakarta.inject.Singleton;
import linux.init.BootParams;
import linux.init.InitModule;
import linux.init.KernelParts;
import linux.mm.pagealloc.internal.PageAllocModule;
import linux.mm.swap.internal.SwapModule;
import linux.testkit.FakesModule;

/**
 * The kernel mm/vmscan.c's Dagger tests run on: init's modules, the real mm/page_alloc.c
 * and mm/swap.c below reclaim, this module's vmscan and oom_kill, and recording fakes for
 * swapfile, swap_state, rmap, the swap token and the task list. Sleeps take no time
 * ({@code jiffy_ns=0}).
 */
@Singleton
@Component(modules = {InitModule.class, PageAllocModule.class, SwapModule.class, VmscanModule.class,
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
                .create(BootParams.parse("jiffy_ns=0 swapfile=fake swap_state=fake rmap=fake " + cmdline));
    }
}
