package linux.testkit;

import dagger.Module;
import dagger.Provides;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import java.util.Map;
import linux.arch.x86.PageFaultHandler;
import linux.init.Selection;
import linux.mm.page.ExitOps;
import linux.mm.page.InitTask;
import linux.mm.page.MprotectOps;
import linux.mm.page.TaskList;

/**
 * The choices init's {@link Selection} does not make yet for a kernel with mm-memory: the
 * implementations of mm/mprotect.c ("mprotect"), kernel/exit.c ("exit") and
 * arch/i386/mm/fault.c ("fault", the page-fault handler), and the kernel's task list
 * (init_task, which is also the OOM killer's {@link TaskList}). For test and benchmark
 * kernels until init and boot bind them.
 */
@Module
public abstract class MemorySelection {
    private MemorySelection() {
    }

    @Provides
    @Singleton
    static MprotectOps mprotect(Map<String, Provider<MprotectOps>> impls) {
        return Selection.select("implementation of mprotect", "mprotect", impls);
    }

    @Provides
    @Singleton
    static ExitOps exit(Map<String, Provider<ExitOps>> impls) {
        return Selection.select("implementation of exit", "exit", impls);
    }

    @Provides
    @Singleton
    static PageFaultHandler fault(Map<String, Provider<PageFaultHandler>> impls) {
        return Selection.select("implementation of fault", "fault", impls);
    }

    @Provides
    @Singleton
    static InitTask initTask() {
        return new InitTask();
    }

    @Provides
    static TaskList taskList(InitTask initTask) {
        return initTask;
    }
}
