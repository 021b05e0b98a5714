package linux.mm.memory.internal;

/*
 * Mirrors linux-2.6.20 mm/mprotect.c: change_pte_range up to change_protection,
 * mprotect_fixup and sys_mprotect. Owns no state.
 */

import static linux.arch.x86.PageGeometry.PAGE_SHIFT;
import static linux.arch.x86.PageGeometry.PAGE_SIZE;
import static linux.mm.page.VmAreaStruct.VM_ACCOUNT;
import static linux.mm.page.VmAreaStruct.VM_EXEC;
import static linux.mm.page.VmAreaStruct.VM_GROWSDOWN;
import static linux.mm.page.VmAreaStruct.VM_GROWSUP;
import static linux.mm.page.VmAreaStruct.VM_READ;
import static linux.mm.page.VmAreaStruct.VM_SHARED;
import static linux.mm.page.VmAreaStruct.VM_WRITE;

import jakarta.inject.Inject;
import linux.arch.x86.Cpus;
import linux.arch.x86.Pgtable;
import linux.kernel.Errno;
import linux.kernel.KernelBug;
import linux.kernel.Mirrors;
import linux.kernel.Printk;
import linux.mm.page.MmStruct;
import linux.mm.page.MmapOps;
import linux.mm.page.MprotectOps;
import linux.mm.page.SwapOps;
import linux.mm.page.VmAreaStruct;

/**
 * mm/mprotect.c of one emulated kernel.
 *
 * <h2>Locking</h2>
 * sys_mprotect holds mmap_sem for writing throughout; change_pte_range takes each pte
 * table's lock (the mm's page_table_lock) and clears each present pte before rewriting
 * it, so a CPU setting ACCESSED or DIRTY meanwhile cannot have its update lost; the range
 * is flushed from every CPU running the mm at the end.
 */
public final class Mprotect implements MprotectOps {

    private static final long LOW = 0xFFFF_FFFFL;
    private static final long PAGE_MASK_32 = ~(long) (PAGE_SIZE - 1) & LOW;

    private final Pgtable pgtable;
    private final Cpus cpus;
    private final Printk printk;
    private final SwapOps swap;
    private final MmapOps mmap;

    @Inject
    public Mprotect(Pgtable pgtable, Cpus cpus, Printk printk, SwapOps swap, MmapOps mmap) {
        this.pgtable = pgtable;
        this.cpus = cpus;
        this.printk = printk;
        this.swap = swap;
        this.mmap = mmap;
    }

    /**
     * change_pte_range: give every present pte of [addr, end) in one table the protection
     * {@code newprot}, keeping its frame, ACCESSED and DIRTY (pte_modify). The pte is taken
     * away first (ptep_get_and_clear) so the hardware's dirty bit cannot be lost in the
     * window. With dirty accounting, already dirty ptes stay writable to spare a fault.
     * Swap ptes keep their entry (there are no migration entries to downgrade on i386).
     */
    @Mirrors("change_pte_range")
    private void changePteRange(MmStruct mm, long pmdp, long addr, long end, long newprot,
            int dirtyAccountable) {
        long ptep = pgtable.pteOffset(pmdp, addr);
        mm.pageTableLock.lock();
        try {
            do {
                long oldpte = pgtable.ptepGet(ptep);
                if (pgtable.ptePresent(oldpte)) {
                    long ptent = pgtable.ptepGetAndClear(ptep);
                    ptent = pgtable.pteModify(ptent, newprot);
                    if (dirtyAccountable != 0 && pgtable.pteDirty(ptent)) {
                        ptent = pgtable.pteMkwrite(ptent);
                    }
                    pgtable.setPteAt(ptep, ptent);
                }
                ptep += pgtable.PTE_SIZE();
                addr += PAGE_SIZE;
            } while (addr != end);
        } finally {
            mm.pageTableLock.unlock();
        }
    }

    /**
     * change_pmd_range: each present pmd entry of [addr, end) (a bad one is reported and
     * cleared, as pmd_none_or_clear_bad does).
     */
    @Mirrors("change_pmd_range")
    private void changePmdRange(MmStruct mm, long pudp, long addr, long end, long newprot, int dirtyAccountable) {
        long pmdp = pgtable.pmdOffset(pudp, addr);
        long next;
        do {
            next = pgtable.pmdAddrEnd(addr, end);
            long pmd = pgtable.pmdGet(pmdp);
            if (pgtable.pmdNone(pmd)) {
                // empty
            } else if (pgtable.pmdBad(pmd)) {
                printk.printk(Printk.KERN_WARNING, pgtable.pae()
                        ? String.format("mm/memory.c:117: bad pmd %08x(%016x).", pmdp, pmd)
                        : String.format("mm/memory.c:117: bad pgd %08x.", pmd));
                pgtable.pmdClear(pmdp);
            } else {
                changePteRange(mm, pmdp, addr, next, newprot, dirtyAccountable);
            }
            pmdp += pgtable.PTE_SIZE();
            addr = next;
        } while (addr != end);
    }

    /** change_pud_range: the folded pud level. */
    @Mirrors("change_pud_range")
    private void changePudRange(MmStruct mm, long pgdp, long addr, long end, long newprot, int dirtyAccountable) {
        changePmdRange(mm, pgdp, addr, end, newprot, dirtyAccountable);
    }

    /**
     * change_protection(vma, addr, end, newprot, dirty_accountable): rewrite the present
     * ptes of [addr, end) of the vma, then flush the range from every CPU running the mm
     * (i386 flushes the whole mm). Caller holds mmap_sem for writing.
     */
    @Mirrors("change_protection")
    void changeProtection(VmAreaStruct vma, long addr, long end, long newprot, int dirtyAccountable) {
        MmStruct mm = vma.vmMm;
        long start = addr;
        KernelBug.bugOn(addr >= end, "change_protection: empty range");
        long pgdp = pgtable.pgdOffset(mm.pgd, addr);
        long next;
        do {
            next = pgtable.pgdAddrEnd(addr, end);
            changePudRange(mm, pgdp, addr, next, newprot, dirtyAccountable);
            pgdp += pgtable.PTE_SIZE();
            addr = next;
        } while (addr != end);
        cpus.flushTlbRange(mm.pgd, start, end);
    }

    /**
     * mprotect_fixup(vma, pprev, start, end, newflags): give [start, end) of {@code vma}
     * (which it lies within) the flags {@code newflags}: charge the pages if a private
     * mapping becomes writable for the first time, merge the range with its neighbours if
     * they now match (vma_merge), else split it out of the vma, then set flags and
     * protection and rewrite the ptes. {@code pprev[0]} is the vma before {@code start} on
     * entry and the vma now covering the range on return. Returns 0 or -ENOMEM.
     */
    @Mirrors("mprotect_fixup")
    private int mprotectFixup(VmAreaStruct vma, VmAreaStruct[] pprev, long start, long end, int newflags) {
        MmStruct mm = vma.vmMm;
        int oldflags = vma.vmFlags;
        long nrpages = (end - start) >>> PAGE_SHIFT;
        long charged = 0;
        int dirtyAccountable = 0;
        if (newflags == oldflags) {
            pprev[0] = vma;
            return 0;
        }
        // Making a private mapping writable increases the commit; making it read-only
        // again cannot give it back (no finer accounting).
        if ((newflags & VM_WRITE) != 0 && (oldflags & (VM_ACCOUNT | VM_WRITE | VM_SHARED)) == 0) {
            charged = nrpages;
            if (mmap.securityVmEnoughMemory(charged) != 0) {
                return Errno.ENOMEM.negative();
            }
            newflags |= VM_ACCOUNT;
        }
        // First try to merge with the previous and/or next vma.
        int pgoff = vma.vmPgoff + (int) ((start - vma.vmStart) >>> PAGE_SHIFT);
        VmAreaStruct merged = mmap.vmaMerge(mm, pprev[0], start, end, newflags, vma.anonVma, vma.vmMapping, pgoff);
        if (merged != null) {
            pprev[0] = merged;
            vma = merged;
        } else {
            pprev[0] = vma;
            if (start != vma.vmStart) {
                int error = mmap.splitVma(mm, vma, start, 1);
                if (error != 0) {
                    swap.vmUnacctMemory(charged);
                    return error;
                }
            }
            if (end != vma.vmEnd) {
                int error = mmap.splitVma(mm, vma, end, 0);
                if (error != 0) {
                    swap.vmUnacctMemory(charged);
                    return error;
                }
            }
        }
        // vm_flags and vm_page_prot change under mmap_sem held for writing.
        vma.vmFlags = newflags;
        vma.vmPageProt = mmap.vmGetPageProt(newflags);
        // No vma of mmemu wants write notification, so dirty_accountable stays 0.
        changeProtection(vma, start, end, vma.vmPageProt, dirtyAccountable);
        mmap.vmStatAccount(mm, oldflags, vma.vmMapping, -nrpages);
        mmap.vmStatAccount(mm, newflags, vma.vmMapping, nrpages);
        return 0;
    }

    @Override
    @Mirrors("sys_mprotect")
    public int sysMprotect(MmStruct mm, long start, long len, int prot) {
        start &= LOW;
        len &= LOW;
        int grows = prot & (PROT_GROWSDOWN | PROT_GROWSUP);
        prot &= ~(PROT_GROWSDOWN | PROT_GROWSUP);
        // It cannot grow both ways.
        if (grows == (PROT_GROWSDOWN | PROT_GROWSUP)) {
            return Errno.EINVAL.negative();
        }
        if ((start & ~PAGE_MASK_32) != 0) {
            return Errno.EINVAL.negative();
        }
        if (len == 0) {
            return 0;
        }
        len = Mmap.pageAlign(len);
        long end = (start + len) & LOW;
        if (end <= start) {
            return Errno.ENOMEM.negative();
        }
        if ((prot & ~(MmapOps.PROT_READ | MmapOps.PROT_WRITE | MmapOps.PROT_EXEC | PROT_SEM)) != 0) {
            return Errno.EINVAL.negative();
        }
        // No READ_IMPLIES_EXEC personality in mmemu.
        int vmFlags = Mmap.calcVmProtBits(prot);

        mm.mmapSem.writeLock().lock();
        try {
            VmAreaStruct[] prev = new VmAreaStruct[1];
            VmAreaStruct vma = mmap.findVmaPrev(mm, start, prev);
            if (vma == null) {
                return Errno.ENOMEM.negative();
            }
            if ((grows & PROT_GROWSDOWN) != 0) {
                if (vma.vmStart >= end) {
                    return Errno.ENOMEM.negative();
                }
                start = vma.vmStart;
                if ((vma.vmFlags & VM_GROWSDOWN) == 0) {
                    return Errno.EINVAL.negative();
                }
            } else {
                if (vma.vmStart > start) {
                    return Errno.ENOMEM.negative();
                }
                if ((grows & PROT_GROWSUP) != 0) {
                    end = vma.vmEnd;
                    if ((vma.vmFlags & VM_GROWSUP) == 0) {
                        return Errno.EINVAL.negative();
                    }
                }
            }
            if (start > vma.vmStart) {
                prev[0] = vma;
            }
            for (long nstart = start;;) {
                // Here vma->vm_start <= nstart < vma->vm_end.
                int newflags = vmFlags | (vma.vmFlags & ~(VM_READ | VM_WRITE | VM_EXEC));
                // newflags >> 4 puts the VM_MAY* bits where the VM_* bits are.
                if (((newflags & ~(newflags >>> 4)) & (VM_READ | VM_WRITE | VM_EXEC)) != 0) {
                    return Errno.EACCES.negative();
                }
                // security_file_mprotect: the default security module allows everything.
                long tmp = Math.min(vma.vmEnd, end);
                int error = mprotectFixup(vma, prev, nstart, tmp, newflags);
                if (error != 0) {
                    return error;
                }
                nstart = tmp;
                if (nstart < prev[0].vmEnd) {
                    nstart = prev[0].vmEnd;
                }
                if (nstart >= end) {
                    return 0;
                }
                vma = prev[0].vmNext;
                if (vma == null || vma.vmStart != nstart) {
                    return Errno.ENOMEM.negative();
                }
            }
        } finally {
            mm.mmapSem.writeLock().unlock();
        }
    }
}
