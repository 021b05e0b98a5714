package linux.mm.vmscan.internal;

import linux.mm.page.MmStruct;
import linux.mm.page.SwapTokenOps;

/**
 * A recording mm/thrash.c: holds the token like the real one (no priorities: whoever grabs
 * it gets it) and counts how often reclaim took it away.
 */
final class FakeThrash implements SwapTokenOps {
    int disabled;
    private volatile MmStruct holder;

    @Override
    public MmStruct swapTokenMm() {
        return holder;
    }

    @Override
    public synchronized void grabSwapToken(MmStruct mm) {
        holder = mm;
    }

    @Override
    public synchronized void putSwapTokenRaw(MmStruct mm) {
        if (holder == mm) {
            holder = null;
        }
    }

    @Override
    public synchronized void disableSwapToken() {
        disabled++;
        SwapTokenOps.super.disableSwapToken();
    }
}
