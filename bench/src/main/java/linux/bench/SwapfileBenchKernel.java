package linux.bench;

import dagger.BindsInstance;
import dagger.Component;
import jakarta.inject.Singleton;
import linux.init.BootParams;
import linux.init.InitModule;
import linux.init.KernelParts;
import linux.mm.pagealloc.internal.PageAllocModule;
import linux.mm.swap.internal.SwapModule;
import linux.mm.swapfile.internal.SwapfileModule;
import linux.testkit.FakesModule;

/**
 * The kernel {@link SwapfileBenchmark} measures mm/swapfile.c on: a test kernel built from
 * init's modules with the real mm/page_alloc.c, mm/swap.c and mm/swapfile.c, and testkit's
 * fakes for the files above (whose cost the benchmark does not want to measure).
 */
@Singleton
@Component(modules = {InitModule.class, PageAllocModule.class, SwapModule.class, SwapfileModule.class,
        FakesModule.class})
interface SwapfileBenchKernel extends KernelParts {

    @Component.Factory
    interface Factory {
        SwapfileBenchKernel create(@BindsInstance BootParams params);
    }

    /** A 64 MiB kernel whose files above mm/swapfile.c are fakes. */
    static SwapfileBenchKernel boot() {
        return DaggerSwapfileBenchKernel.factory().create(BootParams.parse(
                "mem=64M swap_state=fake page_io=fake rmap=fake fork=fake mmap=fake"));
    }
}
