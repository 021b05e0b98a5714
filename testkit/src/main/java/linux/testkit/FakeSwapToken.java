package linux.testkit;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.concurrent.atomic.AtomicInteger;
import linux.mm.page.MmStruct;
import linux.mm.page.SwapTokenOps;

/**
 * A recording swap token: grab_swap_token gives the token to the faulting mm (no priority
 * rules) and counts the call; __put_swap_token clears it for its holder and counts the call.
 */
@Singleton
public final class FakeSwapToken implements SwapTokenOps {

    private volatile MmStruct holder;
    /** grab_swap_token calls. */
    public final AtomicInteger grabs = new AtomicInteger();
    /** __put_swap_token calls. */
    public final AtomicInteger puts = new AtomicInteger();

    @Inject
    public FakeSwapToken() {
    }

    @Override
    public MmStruct swapTokenMm() {
        return holder;
    }

    @Override
    public void grabSwapToken(MmStruct mm) {
        grabs.incrementAndGet();
        holder = mm;
    }

    @Override
    public synchronized void putSwapTokenRaw(MmStruct mm) {
        puts.incrementAndGet();
        if (holder == mm) {
            holder = null;
        }
    }
}
