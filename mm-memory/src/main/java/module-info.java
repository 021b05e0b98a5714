/**
 * Mirrors linux-2.6.20 {@code mm/memory.c} with the mm parts of {@code mm/mmap.c}, {@code mm/mprotect.c},
 * {@code kernel/fork.c}, {@code kernel/exit.c} and {@code arch/i386/mm/fault.c}: page faults, fork and COW,
 * unmapping, the vma layout, mprotect, and the fault signals.
 */
@SuppressWarnings("module") // linux.boot and linux.testkit are not on this module's path
module linux.mm.memory {
    requires linux.kernel;
    requires linux.arch.x86;
    requires linux.mm.page;
    requires org.eclipse.collections.api;
    requires org.eclipse.collections.impl;
    requires static dagger;
    requires jakarta.inject;

    exports linux.mm.memory;

    exports linux.mm.memory.internal to linux.boot, linux.testkit;
}
