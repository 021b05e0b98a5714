package linux.testkit;

import dagger.Binds;
import dagger.Module;
import dagger.multibindings.IntoMap;
import dagger.multibindings.StringKey;
import linux.mm.page.PageIoOps;
import linux.mm.page.RmapOps;
import linux.mm.page.SwapStateOps;

/**
 * The fakes mm-memory's tests use for the files above swapfile that have no real module in
 * their kernel yet: page_io, swap_state and rmap, each registered as {@code fake}. The swap
 * token has no selection of its own yet; a test kernel binds {@link FakeSwapToken} directly.
 */
@Module
public abstract class MemoryFakes {
    private MemoryFakes() {
    }

    @Binds
    @IntoMap
    @StringKey("fake")
    abstract PageIoOps pageIo(FakePageIo impl);

    @Binds
    @IntoMap
    @StringKey("fake")
    abstract SwapStateOps swapState(FakeSwapState impl);

    @Binds
    @IntoMap
    @StringKey("fake")
    abstract RmapOps rmap(FakeRmap impl);
}
