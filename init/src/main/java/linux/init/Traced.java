package linux.init;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import linux.kernel.Mirrors;
import linux.kernel.Tracer;

/**
 * The function-graph tracer over the calls between kernel files. Every call from one kernel
 * file into another goes through a header interface, so wrapping the implementation behind
 * each header in a proxy that reports the method's {@code @Mirrors} name to the tracer traces
 * every such call, by the kernel's own function names, without a line in the kernel files.
 * A kernel booted with the tracer off gets the implementations themselves: tracing costs
 * nothing then.
 */
final class Traced {
    private Traced() {
    }

    /** {@code impl} itself when {@code tracer} is off, else a proxy of {@code header} reporting each call. */
    static <T> T wrap(Class<T> header, T impl, Tracer tracer) {
        if (!tracer.enabled() || impl == null || !header.isInterface()) {
            return impl;
        }
        InvocationHandler h = (proxy, method, args) -> {
            String name = kernelName(method);
            if (name != null) {
                tracer.enter(name);
            }
            try {
                return method.invoke(impl, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            } finally {
                if (name != null) {
                    tracer.exit(name);
                }
            }
        };
        return header.cast(Proxy.newProxyInstance(header.getClassLoader(), new Class<?>[] {header}, h));
    }

    /** The kernel function a header method mirrors, or null for the emulator's own accessors. */
    private static String kernelName(Method method) {
        Mirrors m = method.getAnnotation(Mirrors.class);
        if (m == null || method.getDeclaringClass() == Object.class) {
            return null;
        }
        return m.value();
    }
}
