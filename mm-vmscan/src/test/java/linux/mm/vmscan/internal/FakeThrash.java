package linux.mm.vmscan.internal;

import linux.mm.page.ThrashOps;

/** A recording mm/thrash.c: counts how often reclaim took the swap token away. */
final class FakeThrash implements ThrashOps {
    int disabled;

    @Override
    public synchronized void disableSwapToken() {
        disabled++;
    }
}
