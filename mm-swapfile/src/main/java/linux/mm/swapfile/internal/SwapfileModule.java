package linux.mm.swapfile.internal;

import dagger.Binds;
import dagger.Module;
import dagger.multibindings.IntoMap;
import dagger.multibindings.StringKey;
import linux.mm.page.SwapfileOps;

/**
 * Registers this module's mm/swapfile.c as the implementation named {@code swapfile} of
 * {@link SwapfileOps}.
 */
@Module
public abstract class SwapfileModule {
    private SwapfileModule() {
    }

    @Binds
    @IntoMap
    @StringKey("swapfile")
    abstract SwapfileOps swapfile(Swapfile impl);
}
