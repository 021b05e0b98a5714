package linux.mm.rmap.internal;

import dagger.Binds;
import dagger.Module;
import dagger.multibindings.IntoMap;
import dagger.multibindings.StringKey;
import linux.mm.page.RmapOps;
import linux.mm.page.SwapTokenOps;

/**
 * The implementations of this module by name, for boot to choose from: mm/rmap.c as
 * {@code "rmap"} and mm/thrash.c as {@code "thrash"}.
 */
@Module
public abstract class RmapModule {

    private RmapModule() {
    }

    @Binds
    @IntoMap
    @StringKey("rmap")
    abstract RmapOps rmap(Rmap impl);

    @Binds
    @IntoMap
    @StringKey("thrash")
    abstract SwapTokenOps thrash(Thrash impl);
}
