package linux.init;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoMap;
import dagger.multibindings.StringKey;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import java.util.Map;
import linux.arch.x86.Cpus;
import linux.arch.x86.Pgtable;
import linux.arch.x86.PhysicalMemory;
import linux.arch.x86.internal.Pgtable2Level;
import linux.arch.x86.internal.Pgtable3Level;

/**
 * The hardware: RAM and CPUs sized by the boot parameters, and the page-table format
 * chosen by name. 2.6.20 fixes the format at compile time (CONFIG_X86_PAE); here every
 * format is compiled in, registered in a map under its name, and
 * {@link BootParams#pgtable()} picks one at boot. A new format is one class plus one
 * {@code @Binds @IntoMap} line below.
 */
@Module
public abstract class HardwareModule {
    private HardwareModule() {
    }

    // Provided rather than bound, so that the components built from this module (boot's and
    // every module's test kernel) never name the arch's internal classes themselves.

    @Provides
    @IntoMap
    @StringKey(Pgtable2Level.NAME)
    static Pgtable twoLevel(PhysicalMemory ram, Cpus cpus) {
        return new Pgtable2Level(ram, cpus);
    }

    @Provides
    @IntoMap
    @StringKey(Pgtable3Level.NAME)
    static Pgtable pae(PhysicalMemory ram, Cpus cpus) {
        return new Pgtable3Level(ram, cpus);
    }

    /** Builds only the selected format (building one sets CR4.PAE accordingly). */
    @Provides
    @Singleton
    static Pgtable pgtable(BootParams params, Map<String, Provider<Pgtable>> formats) {
        return Selection.select("page-table format", params.pgtable(), formats);
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
