package linux.init;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoMap;
import dagger.multibindings.StringKey;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import linux.arch.x86.Cpus;
import linux.arch.x86.Pgtable;
import linux.arch.x86.PhysicalMemory;
import linux.arch.x86.internal.Pgtable2Level;
import linux.arch.x86.internal.Pgtable3Level;
import linux.kernel.Mirrors;

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

    /** Frames a kernel without PAE can address: 4G, include/asm-i386/setup.h. */
    @Mirrors("MAX_NONPAE_PFN")
    static final long MAX_NONPAE_PFN = 1L << 20;

    /** Frames a PAE kernel can address: 64G, the 36 physical-address bits of the PAE MMU. */
    static final long MAX_PAE_PFN = 1L << 24;

    /**
     * What the boot parameters need to know of a page-table format before one is built:
     * the name it is bound under below, whether it is the PAE format (which {@code pae=1}
     * selects) and how many frames its ptes can address.
     */
    record Format(String name, boolean pae, long maxPfn) {
    }

    /** The formats bound below, by the same names: the one list {@link BootParams} reads. */
    static final List<Format> FORMATS = List.of(
            new Format(Pgtable2Level.NAME, false, MAX_NONPAE_PFN),
            new Format(Pgtable3Level.NAME, true, MAX_PAE_PFN));

    /** The bound format called {@code name}, or null. */
    static Format format(String name) {
        for (Format f : FORMATS) {
            if (f.name().equals(name)) {
                return f;
            }
        }
        return null;
    }

    /** The bound format that is (or is not) PAE: what {@code pae=1} (or {@code pae=0}) names. */
    static Format formatWithPae(boolean pae) {
        for (Format f : FORMATS) {
            if (f.pae() == pae) {
                return f;
            }
        }
        throw new IllegalStateException("no " + (pae ? "PAE" : "non-PAE") + " page-table format is bound");
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
