package linux.mm.swap.internal;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoMap;
import dagger.multibindings.StringKey;
import linux.kernel.Current;
import linux.mm.page.PageAllocOps;
import linux.mm.page.PageWriteback;
import linux.mm.page.SwapOps;

/**
 * Registers this module's mm/swap.c as the implementation named {@code swap} of
 * {@link SwapOps}.
 */
@Module
public abstract class SwapModule {
    private SwapModule() {
    }

    /** The LRU and pagevecs, with {@code swap_setup} done as kswapd_init does it at boot. */
    @Provides
    @IntoMap
    @StringKey("swap")
    static SwapOps swap(PageAllocOps pageAlloc, PageWriteback pageWriteback, Current current) {
        Swap swap = new Swap(pageAlloc, pageWriteback, current);
        swap.swapSetup();
        return swap;
    }
}
