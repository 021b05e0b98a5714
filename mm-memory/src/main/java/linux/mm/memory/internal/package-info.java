/**
 * The implementations of mm/memory.c ({@code Memory}), mm/mmap.c ({@code Mmap}),
 * mm/mprotect.c ({@code Mprotect}), the mm part of kernel/fork.c ({@code Fork}) and of
 * kernel/exit.c ({@code Exit}), and arch/i386/mm/fault.c ({@code Fault}), with the Dagger
 * module that names them ({@code MemoryModule}). Only boot (and the test kit) see this
 * package.
 */
package linux.mm.memory.internal;
