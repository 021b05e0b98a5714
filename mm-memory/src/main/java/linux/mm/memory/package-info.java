/**
 * Mirrors linux-2.6.20 {@code mm/memory.c} with the mm parts of {@code mm/mmap.c},
 * {@code mm/mprotect.c}, {@code kernel/fork.c}, {@code kernel/exit.c} and
 * {@code arch/i386/mm/fault.c}: how a task's address space is laid out, faulted in, copied
 * at fork and torn down.
 *
 * <h2>Contract</h2>
 * The implementations live in {@code linux.mm.memory.internal}, one class per kernel file,
 * each behind its header in mm-page: {@code Memory} ({@link linux.mm.page.MemoryOps}),
 * {@code Mmap} ({@link linux.mm.page.MmapOps}), {@code Mprotect}
 * ({@link linux.mm.page.MprotectOps}), {@code Fork} ({@link linux.mm.page.ForkOps}),
 * {@code Exit} ({@link linux.mm.page.ExitOps}) and {@code Fault}
 * ({@link linux.arch.x86.PageFaultHandler}: do_page_fault, installed on every CPU when it is
 * built). {@code MemoryModule} binds them by the names "memory", "mmap", "mprotect",
 * "fork", "exit" and "fault". This package holds {@link linux.mm.memory.PteInvariants},
 * the page-table side of the invariants of kernel-2.6.20.md §4.
 *
 * <p>Faults that cannot be satisfied reach the task as a {@link linux.mm.page.Siginfo}
 * thrown out of its load or store (SIGSEGV, SIGBUS, SIGKILL), never as a Java error of the
 * emulator; system calls return {@code -errno} as the kernel does.
 *
 * <h2>Locking</h2>
 * As 2.6.20: mmap_sem (read for faults, write for mmap, munmap, mprotect, fork and exit's
 * teardown), then page locks, then the anon_vma lock, then the mm's page_table_lock (one
 * pte lock per mm), inside which swap_lock, mmlist_lock and the LRU and allocator locks
 * may be taken. Nothing sleeps under page_table_lock. TLB entries other CPUs may hold are
 * flushed when a present pte is narrowed or cleared (ptep_clear_flush,
 * ptep_set_access_flags, flush_tlb_range after mprotect, the mmu_gather's flush before
 * unmapped pages are freed, flush_tlb_mm after fork).
 */
package linux.mm.memory;
