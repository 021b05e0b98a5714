package linux.bench;

import dagger.BindsInstance;
import dagger.Component;
import jakarta.inject.Singleton;
import linux.arch.x86.PageFaultHandler;
import linux.init.BootParams;
import linux.init.InitModule;
import linux.init.KernelParts;
import linux.mm.memory.internal.MemoryModule;
import linux.mm.pagealloc.internal.PageAllocModule;
import linux.mm.rmap.internal.RmapModule;
import linux.mm.swap.internal.SwapModule;
import linux.mm.swapfile.internal.SwapfileModule;
import linux.testkit.FakesModule;
import linux.testkit.MemoryFakes;

/**
 * The kernel {@link MemoryBenchmark} measures the fault and store paths on: init's modules,
 * the real mm/page_alloc.c, mm/swap.c, mm/swapfile.c, mm/rmap.c (with mm/thrash.c) and
 * mm-memory's files, and testkit's working swap cache and page I/O (which these paths only
 * use to free pages on unmap).
 */
@Singleton
@Component(modules = {InitModule.class, PageAllocModule.class, SwapModule.class, SwapfileModule.class,
        RmapModule.class, MemoryModule.class, FakesModule.class, MemoryFakes.class})
interface MemoryBenchKernel extends KernelParts {

    /** do_page_fault; building it installs it on every CPU. */
    PageFaultHandler fault();

    @Component.Factory
    interface Factory {
        MemoryBenchKernel create(@BindsInstance BootParams params);
    }

    /** A 64 MiB, one-CPU, 2-level kernel with its page-fault handler installed. */
    static MemoryBenchKernel boot() {
        MemoryBenchKernel k = DaggerMemoryBenchKernel.factory().create(BootParams.parse(
                "mem=64M maxcpus=1 pae=0 swap_state=simple page_io=simple vmscan=fake oom_kill=fake"));
        k.fault();
        return k;
    }
}
