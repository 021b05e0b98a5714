/**
 * The i386 hardware as linux-2.6.20 sees it (include/asm-i386/{page.h, pgtable*.h},
 * arch/i386/mm/{pgtable.c, fault.c}).
 *
 * <h2>Contract</h2>
 * <ul>
 * <li>{@link linux.arch.x86.PhysicalMemory}: RAM as 4 KiB frames addressed by an
 *     {@code int} pfn, little-endian, with atomic 32/64-bit operations.</li>
 * <li>{@link linux.arch.x86.Pgtable}: the page-table format (2-level or PAE, chosen at
 *     boot by name): pte bits and protections, the {@code pte_*} predicates and
 *     modifiers, the swap-pte and nonlinear-file-pte encodings, the {@code ptep_*}
 *     helpers on entries in RAM, and the walk and allocation of page tables. ptes are
 *     primitive {@code long}s (2-level: zero-extended 32-bit values), entry pointers
 *     are physical byte addresses, an address space is the pfn of its pgd.</li>
 * <li>{@link linux.arch.x86.Cpus} and {@link linux.arch.x86.Cpu}: the emulated CPUs; each
 *     has CR3, an MMU that walks the tables in RAM setting ACCESSED/DIRTY, raises page
 *     faults with the i386 error code ({@link linux.arch.x86.PageFault}) through the
 *     installed {@link linux.arch.x86.PageFaultHandler}, and a TLB that only CR3 loads
 *     and the {@code flush_tlb_*} calls empty.</li>
 * <li>{@link linux.kernel.Errno}/{@link linux.kernel.KernelError}: error numbers.</li>
 * </ul>
 *
 * <h2>Locking</h2>
 * Page-table entries in RAM are shared between the kernel (which changes them under the
 * mm's page-table lock, held by the caller of the {@code Pgtable} store helpers) and
 * every CPU's MMU (which takes no kernel lock and sets ACCESSED/DIRTY by compare-and-set).
 * Helpers that must not lose a concurrent hardware update are atomic
 * ({@code ptep_get_and_clear}, {@code ptep_set_wrprotect}, {@code ptep_clear_flush_young}).
 * Each CPU serialises its own accesses and the TLB flushes aimed at it with a private
 * access lock, never held while the page-fault handler runs, so a {@code flush_tlb_*}
 * call may be made with any kernel lock held and returns only once no CPU can still use
 * the flushed translation.
 */
package linux.arch.x86;

import linux.kernel.KernelError;

import linux.kernel.Errno;
