package linux.testkit;

import dagger.Binds;
import dagger.Module;
import dagger.multibindings.IntoMap;
import dagger.multibindings.StringKey;
import linux.mm.page.ForkOps;
import linux.mm.page.MmapOps;
import linux.mm.page.PageIoOps;
import linux.mm.page.RmapOps;
import linux.mm.page.SwapStateOps;

/**
 * The fakes of the headers above mm/swapfile.c (swap_state, page_io, rmap, fork, mmap),
 * each registered under {@code fake}; one instance per test kernel, like the real ones.
 */
@Module
public abstract class HeaderFakesModule {
    private HeaderFakesModule() {
    }

    @Binds
    @IntoMap
    @StringKey("fake")
    abstract SwapStateOps swapState(FakeSwapState fake);

    @Binds
    @IntoMap
    @StringKey("fake")
    abstract PageIoOps pageIo(FakePageIo fake);

    @Binds
    @IntoMap
    @StringKey("fake")
    abstract RmapOps rmap(FakeRmap fake);

    @Binds
    @IntoMap
    @StringKey("fake")
    abstract ForkOps fork(FakeFork fake);

    @Binds
    @IntoMap
    @StringKey("fake")
    abstract MmapOps mmap(FakeMmap fake);
}
