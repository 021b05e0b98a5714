package linux.mm.vmscan.internal;

/*
 * The Dagger bindings of mm/vmscan.c and mm/oom_kill.c by their kernel file names. Owns no
 * state.
 */

import dagger.Binds;
import dagger.Module;
import dagger.multibindings.IntoMap;
import dagger.multibindings.StringKey;
import linux.kernel.EmulatorOnly;
import linux.mm.page.OomKillOps;
import linux.mm.page.VmscanOps;

/**
 * Registers this module's implementations under their kernel file names: {@link Vmscan}
 * as "vmscan" in the map of {@link VmscanOps} implementations, {@link OomKill} as
 * "oom_kill" in the map of {@link OomKillOps} ones. Boot selects one of each by name; a
 * second reclaim implementation adds its own module binding another name.
 */
@Module
@EmulatorOnly("Dagger wiring: the kernel links its files at build time")
public abstract class VmscanModule {

    private VmscanModule() {
    }

    /** mm/vmscan.c. */
    @Binds
    @IntoMap
    @StringKey("vmscan")
    abstract VmscanOps vmscan(Vmscan impl);

    /** mm/oom_kill.c. */
    @Binds
    @IntoMap
    @StringKey("oom_kill")
    abstract OomKillOps oomKill(OomKill impl);
}
