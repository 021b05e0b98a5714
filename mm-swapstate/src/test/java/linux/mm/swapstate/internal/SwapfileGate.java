package linux.mm.swapstate.internal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import linux.mm.page.SwapfileOps;

/**
 * A seam for race tests: the swapfile a gated test kernel uses is the real one behind a
 * proxy that first shows every call to the test's {@link Hook}. The hook may block the
 * calling thread (to hold a reader between two steps of read_swap_cache_async) or answer
 * the call itself. With no hook set, every call goes straight to the real swapfile.
 */
final class SwapfileGate {

    /** Sees each call before it reaches the real swapfile. */
    interface Hook {
        /**
         * @return null to let the call through, or the value to return instead
         */
        Object before(String method, Object[] args) throws Exception;
    }

    private volatile Hook hook;

    void set(Hook h) {
        hook = h;
    }

    SwapfileOps wrap(SwapfileOps real) {
        return (SwapfileOps) Proxy.newProxyInstance(SwapfileOps.class.getClassLoader(), new Class<?>[] {SwapfileOps.class},
                (proxy, method, args) -> {
                    Hook h = hook;
                    if (h != null) {
                        Object answer = h.before(method.getName(), args);
                        if (answer != null) {
                            return answer;
                        }
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
