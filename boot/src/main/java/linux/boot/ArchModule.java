package linux.boot;

import dagger.Binds;
import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoMap;
import dagger.multibindings.StringKey;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.TreeSet;
import linux.arch.x86.Cpus;
import linux.kernel.Errno;
import linux.kernel.KernelError;
import linux.arch.x86.Pgtable;
import linux.arch.x86.PhysicalMemory;
import linux.arch.x86.internal.Pgtable2Level;
import linux.arch.x86.internal.Pgtable3Level;

/**
 * The hardware layer of the kernel component: RAM and CPUs sized by the boot
 * parameters, and the page-table format chosen by name. The 2.6.20 kernel fixes the
 * format at compile time (CONFIG_X86_PAE); here every format is compiled in, registered
 * in a map under its name, and {@link BootParams#pgtable()} picks one at boot. A new
 * format is one class plus one {@code @Binds @IntoMap} line below.
 */
@Module
abstract class ArchModule {

    private ArchModule() {
    }

    @Binds
    @IntoMap
    @StringKey(Pgtable2Level.NAME)
    abstract Pgtable twoLevel(Pgtable2Level impl);

    @Binds
    @IntoMap
    @StringKey(Pgtable3Level.NAME)
    abstract Pgtable pae(Pgtable3Level impl);

    /** Builds only the selected format (building one sets CR4.PAE accordingly). */
    @Provides
    @Singleton
    static Pgtable pgtable(BootParams params, Map<String, Provider<Pgtable>> formats) {
        String name = params.pgtable();
        Provider<Pgtable> format = formats.get(name);
        if (format == null) {
            throw new KernelError(Errno.EINVAL, "unknown page-table format '" + name + "' (known: "
                    + String.join(", ", new TreeSet<>(formats.keySet())) + ")");
        }
        return format.get();
    }

    @Provides
    @Singleton
    static PhysicalMemory physicalMemory(BootParams params) {
        return PhysicalMemory.ofBytes(params.mem());
    }

    @Provides
    @Singleton
    static Cpus cpus(BootParams params, PhysicalMemory ram) {
        return new Cpus(ram, params.maxcpus());
    }
}
