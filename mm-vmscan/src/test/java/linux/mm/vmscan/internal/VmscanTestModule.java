package linux.mm.vmscan.internal;

import dagger.Binds;
import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoMap;
import dagger.multibindings.StringKey;
import jakarta.inject.Singleton;
import linux.kernel.Printk;
import linux.mm.page.AddressSpace;
import linux.mm.page.PageAllocOps;
import linux.mm.page.PageWriteback;
import linux.mm.page.RmapOps;
import linux.mm.page.SwapOps;
import linux.mm.page.SwapStateOps;
import linux.mm.page.SwapTokenOps;
import linux.mm.page.SwapfileOps;
import linux.mm.page.TaskList;

/**
 * This module's recording fakes for the files above page_alloc and swap that reclaim calls,
 * registered under {@code recording} (swapfile, swap_state, rmap, thrash: the swap token), plus
 * the task list, which no selection offers yet.
 */
@Module
abstract class VmscanTestModule {
    private VmscanTestModule() {
    }

    @Provides
    @Singleton
    static FakeSwapfile fakeSwapfile() {
        return new FakeSwapfile(1024);
    }

    @Provides
    @IntoMap
    @StringKey("recording")
    static SwapfileOps swapfile(FakeSwapfile fake) {
        return fake;
    }

    @Provides
    @Singleton
    static FakeWritepage fakeWritepage(PageWriteback pageWriteback) {
        return new FakeWritepage(pageWriteback);
    }

    /** The swap cache over this kernel's swapper_space, whose writepage is the recording one. */
    @Provides
    @Singleton
    static FakeSwapState fakeSwapState(AddressSpace swapperSpace, FakeSwapfile swapfile, SwapOps swap,
            PageAllocOps pageAlloc, Printk printk, FakeWritepage writepage) {
        swapperSpace.setAops(writepage);
        return new FakeSwapState(swapperSpace, swapfile, swap, pageAlloc.vmstat(), printk);
    }

    @Provides
    @IntoMap
    @StringKey("recording")
    static SwapStateOps swapState(FakeSwapState fake) {
        return fake;
    }

    @Provides
    @Singleton
    static FakeRmap fakeRmap(FakeSwapfile swapfile, PageWriteback pageWriteback, PageAllocOps pageAlloc) {
        return new FakeRmap(swapfile, pageWriteback, pageAlloc.vmstat());
    }

    @Provides
    @IntoMap
    @StringKey("recording")
    static RmapOps rmap(FakeRmap fake) {
        return fake;
    }

    @Provides
    @Singleton
    static FakeThrash fakeThrash() {
        return new FakeThrash();
    }

    @Binds
    @IntoMap
    @StringKey("recording")
    abstract SwapTokenOps swapToken(FakeThrash fake);

    @Provides
    @Singleton
    static FakeTasks fakeTasks() {
        return new FakeTasks();
    }

    @Binds
    abstract TaskList taskList(FakeTasks fake);
}
