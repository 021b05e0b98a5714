package linux.mm.memory.internal;

import dagger.Binds;
import dagger.Module;
import dagger.multibindings.IntoMap;
import dagger.multibindings.StringKey;
import linux.arch.x86.PageFaultHandler;
import linux.mm.page.ExitOps;
import linux.mm.page.ForkOps;
import linux.mm.page.MemoryOps;
import linux.mm.page.MmapOps;
import linux.mm.page.MprotectOps;

/**
 * The implementations of this module, each bound by its kernel file's base name into the
 * map of its header, from which boot picks one: "memory" (mm/memory.c), "mmap"
 * (mm/mmap.c), "mprotect" (mm/mprotect.c), "fork" (kernel/fork.c), "exit" (kernel/exit.c)
 * and "fault" (arch/i386/mm/fault.c, the page-fault handler).
 */
@Module
public abstract class MemoryModule {

    private MemoryModule() {
    }

    @Binds
    @IntoMap
    @StringKey("memory")
    abstract MemoryOps memory(Memory impl);

    @Binds
    @IntoMap
    @StringKey("mmap")
    abstract MmapOps mmap(Mmap impl);

    @Binds
    @IntoMap
    @StringKey("mprotect")
    abstract MprotectOps mprotect(Mprotect impl);

    @Binds
    @IntoMap
    @StringKey("fork")
    abstract ForkOps fork(Fork impl);

    @Binds
    @IntoMap
    @StringKey("exit")
    abstract ExitOps exit(Exit impl);

    @Binds
    @IntoMap
    @StringKey("fault")
    abstract PageFaultHandler fault(Fault impl);
}
