package linux.arch.x86;

import linux.kernel.Mirrors;

/**
 * Mirrors linux-2.6.20 {@code include/asm-i386/tlbflush.h} and the TLB-shootdown half of
 * {@code arch/i386/kernel/smp.c}: the machine's emulated CPUs and the TLB flushes that
 * reach all of them.
 *
 * <p>State owned: the array of {@link Cpu}s, the paging mode shared by all of them
 * (CR4.PAE) and the installed page-fault handler.
 *
 * <p>Which CPUs a flush reaches: the kernel sends the flush IPI to the CPUs in
 * {@code mm->cpu_vm_mask}. Here a CPU holds translations of an address space only while
 * its CR3 points at that address space's pgd (loading CR3 empties the TLB), so the
 * flushes for one mm are sent to the CPUs whose CR3 equals the mm's pgd pfn. A flush
 * returns only after every targeted CPU has finished the access it was in the middle of
 * and dropped the entries: the same guarantee the kernel gets by waiting for the IPI
 * acknowledgements.
 *
 * <p>Differs from 2.6.20: no lazy-TLB mode, no global pages (every flush drops every
 * matching entry), no inter-processor interrupts: a flush takes each target CPU's access
 * lock instead.
 */
public final class Cpus {

    private final PhysicalMemory ram;
    private final Cpu[] cpus;
    private volatile boolean cr4Pae;
    private volatile PageFaultHandler pageFaultHandler = PageFaultHandler.UNHANDLED;

    /** Creates {@code nrCpus} CPUs over {@code ram}, in 2-level paging mode with empty TLBs. */
    public Cpus(PhysicalMemory ram, int nrCpus) {
        if (nrCpus < 1) {
            throw new IllegalArgumentException("need at least one CPU, not " + nrCpus);
        }
        this.ram = ram;
        this.cpus = new Cpu[nrCpus];
        for (int i = 0; i < nrCpus; i++) {
            cpus[i] = new Cpu(this, i);
        }
    }

    public PhysicalMemory ram() {
        return ram;
    }

    /** Number of CPUs ({@code num_online_cpus()}). */
    public int nrCpus() {
        return cpus.length;
    }

    /** CPU number {@code id}, {@code 0 <= id < nrCpus()}. */
    public Cpu cpu(int id) {
        return cpus[id];
    }

    /**
     * Sets CR4.PAE on every CPU: the boot code does this once, before paging is used,
     * according to the page-table format the kernel was built for. Every TLB is emptied.
     */
    public void setCr4Pae(boolean pae) {
        this.cr4Pae = pae;
        flushTlbAll();
    }

    /** Whether the CPUs walk PAE (3-level, 64-bit entry) page tables. */
    public boolean cr4Pae() {
        return cr4Pae;
    }

    /** Installs the page-fault vector (the kernel's {@code do_page_fault}). */
    public void setPageFaultHandler(PageFaultHandler handler) {
        this.pageFaultHandler = handler == null ? PageFaultHandler.UNHANDLED : handler;
    }

    PageFaultHandler pageFaultHandler() {
        return pageFaultHandler;
    }

    /**
     * Drops the translation of {@code address} from every CPU running the address space
     * whose pgd is frame {@code pgd}. Called by {@code ptep_clear_flush} and friends with
     * the page-table lock held, and after any change to a present pte that narrows it.
     */
    @Mirrors("flush_tlb_page")
    public void flushTlbPage(int pgd, long address) {
        for (Cpu cpu : cpus) {
            cpu.flushIfRunning(pgd, address);
        }
    }

    /**
     * Drops the translations of {@code [start, end)} on every CPU running {@code pgd}
     * (mprotect, mremap, zap_page_range). As on i386, which has no ranged flush, the
     * whole address space is flushed.
     */
    @Mirrors("flush_tlb_range")
    public void flushTlbRange(int pgd, long start, long end) {
        flushTlbMm(pgd);
    }

    /** Drops every translation on every CPU running the address space {@code pgd} (fork, exit, mprotect). */
    @Mirrors("flush_tlb_mm")
    public void flushTlbMm(int pgd) {
        for (Cpu cpu : cpus) {
            cpu.flushIfRunning(pgd, -1);
        }
    }

    /** Empties every CPU's TLB. */
    @Mirrors("flush_tlb_all")
    public void flushTlbAll() {
        for (Cpu cpu : cpus) {
            cpu.flushTlb();
        }
    }
}
