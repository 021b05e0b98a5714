package linux.init;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.Multibinds;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.TreeSet;
import linux.kernel.Errno;
import linux.kernel.KernelError;
import linux.arch.x86.PageFaultHandler;
import linux.mm.page.ExitOps;
import linux.mm.page.ForkOps;
import linux.mm.page.MprotectOps;
import linux.mm.page.MemoryOps;
import linux.mm.page.MmapOps;
import linux.mm.page.OomKillOps;
import linux.mm.page.PageAllocOps;
import linux.mm.page.PageIoOps;
import linux.mm.page.RmapOps;
import linux.mm.page.SwapOps;
import linux.mm.page.SwapStateOps;
import linux.mm.page.SwapTokenOps;
import linux.mm.page.SwapfileOps;
import linux.mm.page.VmscanOps;

/**
 * Which implementation backs each kernel file's header. Every implementation module
 * contributes its class to the map of its header under a name ({@code @Binds @IntoMap
 * @StringKey("swap_state")}); the boot parameter named after the file
 * ({@code swap_state=NAME}, default: the file's own name) picks one. Nothing else in the
 * project knows which class implements a header.
 *
 * <p>A header whose map is empty in a component (a test kernel built without that file)
 * still has a binding: asking for it fails at that moment with EINVAL naming the file.
 */
@Module
public abstract class Selection {
    private Selection() {
    }

    /**
     * The implementation called {@code name} in {@code impls}, built now.
     *
     * @throws KernelError EINVAL naming {@code what} and the known names if there is none
     */
    public static <T> T select(String what, String name, Map<String, Provider<T>> impls) {
        Provider<T> impl = impls.get(name);
        if (impl == null) {
            throw new KernelError(Errno.EINVAL, "unknown " + what + " '" + name + "' (known: "
                    + (impls.isEmpty() ? "none in this kernel" : String.join(", ", new TreeSet<>(impls.keySet()))) + ")");
        }
        return impl.get();
    }

    private static <T> T select(BootParams params, String file, Map<String, Provider<T>> impls) {
        return select("implementation of " + file, params.implementation(file), impls);
    }

    @Multibinds
    abstract Map<String, PageAllocOps> pageAllocImpls();

    @Multibinds
    abstract Map<String, SwapOps> swapImpls();

    @Multibinds
    abstract Map<String, SwapfileOps> swapfileImpls();

    @Multibinds
    abstract Map<String, SwapStateOps> swapStateImpls();

    @Multibinds
    abstract Map<String, PageIoOps> pageIoImpls();

    @Multibinds
    abstract Map<String, RmapOps> rmapImpls();

    @Multibinds
    abstract Map<String, SwapTokenOps> thrashImpls();

    @Multibinds
    abstract Map<String, MemoryOps> memoryImpls();

    @Multibinds
    abstract Map<String, MmapOps> mmapImpls();

    @Multibinds
    abstract Map<String, ForkOps> forkImpls();

    @Multibinds
    abstract Map<String, VmscanOps> vmscanImpls();

    @Multibinds
    abstract Map<String, OomKillOps> oomKillImpls();

    @Multibinds
    abstract Map<String, MprotectOps> mprotectImpls();

    @Multibinds
    abstract Map<String, ExitOps> exitImpls();

    @Multibinds
    abstract Map<String, PageFaultHandler> faultImpls();

    /** mm/mprotect.c: always its own implementation (no boot parameter chooses it yet). */
    @Provides
    @Singleton
    static MprotectOps mprotect(Map<String, Provider<MprotectOps>> impls) {
        return select("implementation of mprotect", "mprotect", impls);
    }

    /** The mm half of kernel/exit.c: always its own implementation. */
    @Provides
    @Singleton
    static ExitOps exit(Map<String, Provider<ExitOps>> impls) {
        return select("implementation of exit", "exit", impls);
    }

    /** arch/i386/mm/fault.c's do_page_fault; building it installs it on every CPU. */
    @Provides
    @Singleton
    static PageFaultHandler fault(Map<String, Provider<PageFaultHandler>> impls) {
        return select("implementation of fault", "fault", impls);
    }

    @Provides
    @Singleton
    static PageAllocOps pageAlloc(BootParams p, Map<String, Provider<PageAllocOps>> impls, linux.kernel.Tracer tracer) {
        return Traced.wrap(PageAllocOps.class, select(p, BootParams.PAGE_ALLOC, impls), tracer);
    }

    @Provides
    @Singleton
    static SwapOps swap(BootParams p, Map<String, Provider<SwapOps>> impls, linux.kernel.Tracer tracer) {
        return Traced.wrap(SwapOps.class, select(p, BootParams.SWAP, impls), tracer);
    }

    @Provides
    @Singleton
    static SwapfileOps swapfile(BootParams p, Map<String, Provider<SwapfileOps>> impls, linux.kernel.Tracer tracer) {
        return Traced.wrap(SwapfileOps.class, select(p, BootParams.SWAPFILE, impls), tracer);
    }

    @Provides
    @Singleton
    static SwapStateOps swapState(BootParams p, Map<String, Provider<SwapStateOps>> impls, linux.kernel.Tracer tracer) {
        return Traced.wrap(SwapStateOps.class, select(p, BootParams.SWAP_STATE, impls), tracer);
    }

    @Provides
    @Singleton
    static PageIoOps pageIo(BootParams p, Map<String, Provider<PageIoOps>> impls, linux.kernel.Tracer tracer) {
        return Traced.wrap(PageIoOps.class, select(p, BootParams.PAGE_IO, impls), tracer);
    }

    @Provides
    @Singleton
    static RmapOps rmap(BootParams p, Map<String, Provider<RmapOps>> impls, linux.kernel.Tracer tracer) {
        return Traced.wrap(RmapOps.class, select(p, BootParams.RMAP, impls), tracer);
    }

    @Provides
    @Singleton
    static SwapTokenOps swapToken(BootParams p, Map<String, Provider<SwapTokenOps>> impls, linux.kernel.Tracer tracer) {
        return Traced.wrap(SwapTokenOps.class, select(p, BootParams.THRASH, impls), tracer);
    }

    @Provides
    @Singleton
    static MemoryOps memory(BootParams p, Map<String, Provider<MemoryOps>> impls, linux.kernel.Tracer tracer) {
        return Traced.wrap(MemoryOps.class, select(p, BootParams.MEMORY, impls), tracer);
    }

    @Provides
    @Singleton
    static MmapOps mmap(BootParams p, Map<String, Provider<MmapOps>> impls, linux.kernel.Tracer tracer) {
        return Traced.wrap(MmapOps.class, select(p, BootParams.MMAP, impls), tracer);
    }

    @Provides
    @Singleton
    static ForkOps fork(BootParams p, Map<String, Provider<ForkOps>> impls, linux.kernel.Tracer tracer) {
        return Traced.wrap(ForkOps.class, select(p, BootParams.FORK, impls), tracer);
    }

    @Provides
    @Singleton
    static VmscanOps vmscan(BootParams p, Map<String, Provider<VmscanOps>> impls, linux.kernel.Tracer tracer) {
        return Traced.wrap(VmscanOps.class, select(p, BootParams.VMSCAN, impls), tracer);
    }

    @Provides
    @Singleton
    static OomKillOps oomKill(BootParams p, Map<String, Provider<OomKillOps>> impls, linux.kernel.Tracer tracer) {
        return Traced.wrap(OomKillOps.class, select(p, BootParams.OOM_KILL, impls), tracer);
    }
}
