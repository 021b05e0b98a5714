package linux.testkit;

import dagger.Binds;
import dagger.Module;
import dagger.multibindings.IntoMap;
import dagger.multibindings.StringKey;
import linux.mm.page.OomKillOps;
import linux.mm.page.PageIoOps;
import linux.mm.page.SwapStateOps;
import linux.mm.page.VmscanOps;

/**
 * Working stand-ins for mm/page_io.c and mm/swap_state.c, for the tests of the files above
 * them (mm-memory's) until the real modules are in their kernels: a swap cache written the
 * way 2.6.20's is ({@link SimpleSwapState}) over a "disk" of page images kept in memory
 * ({@link RamDiskPageIo}), each registered as {@code simple}. Unlike the recording fakes
 * they move data, so pages swapped out come back with their contents. Also, under
 * {@code fake}, reclaim that frees nothing ({@link FakeVmscan}) and an OOM killer that kills
 * the biggest task ({@link FakeOomKill}), which needs the kernel's task list.
 */
@Module
public abstract class MemoryFakes {
    private MemoryFakes() {
    }

    @Binds
    @IntoMap
    @StringKey("simple")
    abstract PageIoOps pageIo(RamDiskPageIo impl);

    @Binds
    @IntoMap
    @StringKey("simple")
    abstract SwapStateOps swapState(SimpleSwapState impl);

    @Binds
    @IntoMap
    @StringKey("fake")
    abstract VmscanOps vmscan(FakeVmscan impl);

    @Binds
    @IntoMap
    @StringKey("fake")
    abstract OomKillOps oomKill(FakeOomKill impl);
}
