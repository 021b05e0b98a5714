package linux.boot;

import dagger.BindsInstance;
import dagger.Component;
import jakarta.inject.Singleton;
import linux.init.BootParams;
import linux.init.InitModule;
import linux.init.KernelParts;
import linux.kernel.Mirrors;
import linux.mm.pagealloc.internal.PageAllocModule;
import linux.mm.pageio.internal.PageIoModule;
import linux.mm.rmap.internal.RmapModule;
import linux.mm.swapstate.internal.SwapStateModule;
import linux.mm.swap.internal.SwapModule;
import linux.mm.swapfile.internal.SwapfileModule;

/**
 * Mirrors linux-2.6.20 {@code init/main.c} ({@code start_kernel}): one emulated kernel,
 * assembled by Dagger. {@link InitModule} builds what lies below the kernel files; each
 * kernel file's module registers its implementation under a name, and the boot parameters
 * choose among them at run time (never by recompiling). This component is the one place
 * that lists the implementation modules.
 *
 * <p>Use {@link #startKernel(BootParams)}; it builds the component and resolves every selection
 * at once, so a bad name fails at boot with a {@code KernelError(EINVAL)}.
 */
@Singleton
@Component(modules = {InitModule.class, PageAllocModule.class, SwapModule.class, SwapfileModule.class,
        PageIoModule.class, SwapStateModule.class, RmapModule.class})
public interface KernelComponent extends KernelParts {

    @Component.Factory
    interface Factory {
        KernelComponent create(@BindsInstance BootParams params);
    }

    /**
     * Boots a kernel: builds the component for {@code params} and resolves the named
     * selections of the hardware, the allocator and the LRU.
     *
     * @throws linux.kernel.KernelError EINVAL if a selection names no implementation
     */
    @Mirrors("start_kernel")
    static KernelComponent startKernel(BootParams params) {
        KernelComponent kernel = DaggerKernelComponent.factory().create(params);
        kernel.pgtable();
        kernel.pageAlloc();
        kernel.swap();
        return kernel;
    }
}
