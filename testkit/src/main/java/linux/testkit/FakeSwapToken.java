package linux.testkit;

import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import linux.mm.page.MmStruct;
import linux.mm.page.SwapTokenOps;

/**
 * A recording {@link SwapTokenOps} for kernels without mm/thrash.c: the token is never
 * handed out, as in a kernel built without swap (grab_swap_token does nothing and nobody
 * holds the token). Every call is recorded by kernel name, thread-safely.
 */
public final class FakeSwapToken implements SwapTokenOps {

    private final List<String> calls = new ArrayList<>();

    @Inject
    public FakeSwapToken() {
    }

    /** The kernel names of the calls so far, oldest first. */
    public synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    @Override
    public MmStruct swapTokenMm() {
        return null;
    }

    @Override
    public synchronized void grabSwapToken(MmStruct mm) {
        calls.add("grab_swap_token");
    }

    @Override
    public synchronized void putSwapTokenRaw(MmStruct mm) {
        calls.add("__put_swap_token");
    }
}
