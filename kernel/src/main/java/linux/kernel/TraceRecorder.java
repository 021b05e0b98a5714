package linux.kernel;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@link Tracer} that keeps every call it sees, in order, with its nesting depth per
 * thread: the function-graph tracer's buffer, read back by tools (a demo prints the kernel
 * functions that ran in each step). Cheap enough for demos and tests, not for long runs.
 *
 * <p>Locking: the buffer is synchronized; any thread may record.
 */
public final class TraceRecorder implements Tracer {

    /** One traced call: the kernel function, the calling thread and its nesting depth. */
    public record Call(String function, String thread, int depth) {
    }

    private final List<Call> calls = new ArrayList<>();
    private final ThreadLocal<int[]> depth = ThreadLocal.withInitial(() -> new int[1]);

    @Override
    public boolean enabled() {
        return true;
    }

    @Override
    public void enter(String kernelFunction) {
        int[] d = depth.get();
        synchronized (calls) {
            calls.add(new Call(kernelFunction, Thread.currentThread().getName(), d[0]));
        }
        d[0]++;
    }

    private volatile java.util.function.Consumer<String> onExit;

    @Override
    public void exit(String kernelFunction) {
        depth.get()[0]--;
        java.util.function.Consumer<String> hook = onExit;
        if (hook != null) {
            hook.accept(kernelFunction);
        }
    }

    /**
     * Runs {@code hook} after every traced call returns, on the calling thread, with the
     * function's name ({@code null}: none). For tools that look at the kernel's state between
     * two calls (a demo watching one page); the hook must not call into the kernel.
     */
    public void setOnExit(java.util.function.Consumer<String> hook) {
        this.onExit = hook;
    }

    /** Every call recorded so far, oldest first. */
    public List<Call> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    /** Takes the calls recorded so far and empties the buffer. */
    public List<Call> drain() {
        synchronized (calls) {
            List<Call> out = List.copyOf(calls);
            calls.clear();
            return out;
        }
    }
}
