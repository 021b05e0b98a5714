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
import linux.mm.page.SwapTokenOps;

/**
 * Registers every recording fake of this package under the name {@code fake} in the map of
 * its header. A test kernel includes this module and picks a fake with the boot parameter of
 * the file, e.g. {@code BootParams.parse("mem=16M swap_state=fake")}.
 */
@Module
public abstract class FakesModule {
    private FakesModule() {
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
    abstract SwapTokenOps swapToken(FakeSwapToken fake);

    @Binds
    @IntoMap
    @StringKey("fake")
    abstract MmapOps mmap(FakeMmap fake);

    @Binds
    @IntoMap
    @StringKey("fake")
    abstract ForkOps fork(FakeFork fake);
}
