package linux.mm.swapstate.internal;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoMap;
import dagger.multibindings.StringKey;
import jakarta.inject.Singleton;
import linux.mm.page.SwapfileOps;
import linux.mm.swapfile.internal.Swapfile;

/** Registers the real mm/swapfile.c behind a {@link SwapfileGate} as the swapfile named {@code gated}. */
@Module
abstract class GatedSwapfileModule {
    private GatedSwapfileModule() {
    }

    @Provides
    @Singleton
    static SwapfileGate gate() {
        return new SwapfileGate();
    }

    @Provides
    @IntoMap
    @StringKey("gated")
    static SwapfileOps gated(Swapfile real, SwapfileGate gate) {
        return gate.wrap(real);
    }
}
