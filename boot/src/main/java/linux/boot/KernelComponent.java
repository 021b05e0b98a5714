package linux.boot;

import dagger.BindsInstance;
import dagger.Component;
import jakarta.inject.Singleton;
import linux.init.BootParams;
import linux.init.InitModule;
import linux.init.KernelParts;
import linux.kernel.Mirrors;
import linux.mm.memory.internal.MemoryModule;
import linux.mm.page.InitTask;
import linux.mm.pagealloc.internal.PageAllocModule;
import linux.mm.pageio.internal.PageIoModule;
import linux.mm.rmap.internal.RmapModule;
import linux.mm.swapstate.internal.SwapStateModule;
import linux.mm.swap.internal.SwapModule;
import linux.mm.swapfile.internal.SwapfileModule;
import linux.mm.vmscan.internal.VmscanModule;

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
        PageIoModule.class, SwapStateModule.class, RmapModule.class, MemoryModule.class, VmscanModule.class})
public interface KernelComponent extends KernelParts {

    /** init_task, the head of the task list: pid 0, "swapper", no mm. */
    InitTask initTask();

    @Component.Factory
    interface Factory {
        KernelComponent create(@BindsInstance BootParams params);
    }

    /**
     * Boots a kernel: builds the component for {@code params}, resolves the implementation
     * of every kernel file (a bad name fails here, not at the first call), installs the
     * page-fault handler on every CPU, sets vm.swappiness and runs kswapd_init. In
     * deterministic mode ({@code deterministic=1}) kswapd gets no thread: it runs at the
     * machine's scheduling points, congestion_wait naps among them.
     *
     * @throws linux.kernel.KernelError EINVAL if a selection names no implementation
     */
    @Mirrors("start_kernel")
    static KernelComponent startKernel(BootParams params) {
        KernelComponent kernel = DaggerKernelComponent.factory().create(params);
        kernel.pgtable();
        kernel.pageAlloc();
        kernel.swap();
        kernel.swapfile();
        kernel.swapState();
        kernel.pageIo();
        kernel.rmap();
        kernel.swapToken();
        kernel.memory();
        kernel.mmap();
        kernel.mprotect();
        kernel.fork();
        kernel.exit();
        kernel.fault();
        kernel.oomKill();
        kernel.vmscan().setVmSwappiness(params.swappiness());
        if (params.deterministic()) {
            kernel.vmscan().kswapdInitDeferred();
            kernel.backingDev().setSchedule(() -> kernel.vmscan().kswapdRunPending(0));
        } else {
            kernel.vmscan().kswapdInit();
        }
        return kernel;
    }
}
