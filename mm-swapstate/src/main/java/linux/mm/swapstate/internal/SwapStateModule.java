package linux.mm.swapstate.internal;

import dagger.Binds;
import dagger.Module;
import dagger.multibindings.IntoMap;
import dagger.multibindings.StringKey;
import linux.mm.page.SwapStateOps;

/**
 * Registers this module's mm/swap_state.c as the implementation named {@code swap_state}
 * of {@link SwapStateOps}.
 */
@Module
public abstract class SwapStateModule {
    private SwapStateModule() {
    }

    @Binds
    @IntoMap
    @StringKey("swap_state")
    abstract SwapStateOps swapState(SwapState impl);
}
