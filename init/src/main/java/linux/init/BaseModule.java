package linux.init;

import dagger.Binds;
import dagger.Module;
import dagger.Provides;
import jakarta.inject.Singleton;
import linux.kernel.Current;
import linux.kernel.Printk;
import linux.kernel.Tracer;

/**
 * The base of one kernel: its log buffer ({@code log_buf}, what {@code dmesg} reads), its
 * {@code current} / {@code in_interrupt()} (one per kernel, never shared between kernels)
 * and the function-graph tracer (off).
 */
@Module
public abstract class BaseModule {
    private BaseModule() {
    }

    @Provides
    @Singleton
    static Printk.Buffer logBuffer() {
        return new Printk.Buffer();
    }

    @Binds
    abstract Printk printk(Printk.Buffer buffer);

    @Provides
    @Singleton
    static Current current() {
        return new Current();
    }

    /** Off, unless the kernel was booted with {@code trace=1}: then one recorder for the whole kernel. */
    @Provides
    @Singleton
    static Tracer tracer(BootParams params) {
        return params.trace() ? new linux.kernel.TraceRecorder() : Tracer.OFF;
    }
}
