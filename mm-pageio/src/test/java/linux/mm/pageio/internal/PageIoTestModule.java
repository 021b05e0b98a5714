package linux.mm.pageio.internal;

import dagger.Binds;
import dagger.Module;
import dagger.multibindings.IntoMap;
import dagger.multibindings.StringKey;
import linux.mm.page.SwapStateOps;

/** Registers {@link RecordingSwapState} as the swap_state implementation named {@code recording}. */
@Module
abstract class PageIoTestModule {
    private PageIoTestModule() {
    }

    @Binds
    @IntoMap
    @StringKey("recording")
    abstract SwapStateOps recording(RecordingSwapState impl);
}
