package linux.mm.memory.internal;

import dagger.BindsInstance;
import dagger.Component;
import jakarta.inject.Singleton;
import linux.arch.x86.PageFaultHandler;
import linux.init.BootParams;
import linux.init.InitModule;
import linux.init.KernelParts;
import linux.mm.page.ExitOps;
import linux.mm.page.InitTask;
import linux.mm.page.MprotectOps;
import linux.mm.pagealloc.internal.PageAllocModule;
import linux.mm.rmap.internal.RmapModule;
import linux.mm.swap.internal.SwapModule;
import linux.mm.swapfile.internal.SwapfileModule;
import linux.testkit.RamDiskPageIo;
import linux.testkit.SimpleSwapState;
import linux.testkit.FakesModule;
import linux.testkit.MemoryFakes;

/**
 * The kernel mm-memory's tests run on: init's modules, the real page_alloc, swap, swapfile
 * and rmap (with thrash) below memory, this module's files, and testkit's working stand-ins
 * for page_io and swap_state (boot with {@code page_io=simple swap_state=simple} until the
 * real modules are on reshape). Reclaim and the OOM killer, above memory, are testkit's
 * fakes ({@code vmscan=fake oom_kill=fake}).
 */
@Singleton
@Component(modules = {InitModule.class, PageAllocModule.class, SwapModule.class, SwapfileModule.class,
        RmapModule.class, MemoryModule.class, FakesModule.class, MemoryFakes.class})
interface MemoryTestKernel extends KernelParts {

    MprotectOps mprotect();

    ExitOps exit();

    /** do_page_fault; building it installs it on every CPU. */
    PageFaultHandler fault();

    InitTask initTask();

    RamDiskPageIo ramDisk();

    SimpleSwapState simpleSwapState();


    @Component.Factory
    interface Factory {
        MemoryTestKernel create(@BindsInstance BootParams params);
    }

    /** Boots a test kernel with {@code cmdline} and installs its page-fault handler. */
    static MemoryTestKernel boot(String cmdline) {
        MemoryTestKernel k = DaggerMemoryTestKernel.factory().create(BootParams.parse(cmdline));
        k.fault();
        return k;
    }
}
