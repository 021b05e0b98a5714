package linux.boot;

import dagger.BindsInstance;
import dagger.Component;
import jakarta.inject.Singleton;
import linux.arch.x86.Cpus;
import linux.arch.x86.Pgtable;
import linux.arch.x86.PhysicalMemory;
import linux.block.BlockDevices;
import linux.mm.page.MmList;
import linux.block.BlockLayer;
import linux.kernel.Current;
import linux.mm.page.PageAllocOps;
import linux.mm.page.SwapOps;
import linux.kernel.Mirrors;
import linux.kernel.Printk;

/**
 * Mirrors linux-2.6.20 {@code init/main.c} ({@code start_kernel}): one emulated kernel,
 * assembled by Dagger from the implementations the boot parameters name. Each layer's
 * bindings live in a module of this package; the choice among alternative
 * implementations of one interface is made at run time from a name (a multibinding map
 * keyed by name, see {@link ArchModule}), never by recompiling.
 *
 * <p>Use {@link #boot(BootParams)}; it builds the component and resolves every
 * selection at once, so a bad name fails at boot with a {@code KernelError(EINVAL)}.
 */
@Singleton
@Component(modules = {ArchModule.class, MmModule.class})
public interface KernelComponent {

    /** The parameters this kernel was booted with. */
    BootParams bootParams();

    /** The machine's RAM ({@code mem=}). */
    PhysicalMemory physicalMemory();

    /** The machine's CPUs ({@code maxcpus=}), in the paging mode of {@link #pgtable()}. */
    Cpus cpus();

    /** The page-table format selected by {@code pae=} / {@code pgtable=}. */
    Pgtable pgtable();

    /** The kernel log every module prints to ({@code dmesg}). */
    Printk.Buffer printk();

    /** The block layer: devices over image files and device nodes, in this machine's RAM. */
    BlockDevices blockDevices();

    /** Zones, mem_map and the page allocator over all of RAM (mm/page_alloc.c). */
    PageAllocOps pageAlloc();

    /** The LRU lists and per-CPU pagevecs (mm/swap.c). */
    SwapOps swap();

    /** This kernel's {@code current}, {@code in_interrupt()} and {@code smp_processor_id()}. */
    Current current();

    /** The block layer: submit_bio and the context its completions run in. */
    BlockLayer blockLayer();

    /** {@code init_mm} and the mmlist ring. */
    MmList mmList();

    @Component.Factory
    interface Factory {
        KernelComponent create(@BindsInstance BootParams params);
    }

    /**
     * Boots a kernel: builds the component for {@code params} and resolves the
     * named selections.
     *
     * @throws linux.kernel.KernelError EINVAL if a selection names no implementation
     */
    @Mirrors("start_kernel")
    static KernelComponent boot(BootParams params) {
        KernelComponent kernel = DaggerKernelComponent.factory().create(params);
        kernel.pgtable();
        return kernel;
    }
}
