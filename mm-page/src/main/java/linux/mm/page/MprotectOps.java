package linux.mm.page;

/*
 * Mirrors linux-2.6.20 mm/mprotect.c as include/linux/syscalls.h declares it (sys_mprotect)
 * with the PROT_GROWSDOWN / PROT_GROWSUP / PROT_SEM values of include/asm-i386/mman.h.
 * Owns no state; mm-memory implements it.
 */

import linux.kernel.Mirrors;

/**
 * mprotect(2) (mm/mprotect.c): change the protection of whole pages, splitting and merging
 * vmas, and rewriting the present ptes of the range with the new protection.
 */
public interface MprotectOps {

    @Mirrors("PROT_SEM") int PROT_SEM = 0x8;
    @Mirrors("PROT_GROWSDOWN") int PROT_GROWSDOWN = 0x01000000;
    @Mirrors("PROT_GROWSUP") int PROT_GROWSUP = 0x02000000;

    /**
     * sys_mprotect(start, len, prot) on {@code mm}: returns 0 or {@code -errno}: -EINVAL for
     * an unaligned start, unknown prot bits or both GROWS flags; -ENOMEM when
     * [start, start+len) wraps or is not wholly mapped; -EACCES when the new protection
     * asks for more than the vma's VM_MAY* bits allow. {@code len} 0 is a no-op. Takes
     * mmap_sem for writing.
     *
     * <p>Differs from 2.6.20: the kernel works on {@code current->mm}; here it is a parameter.
     */
    @Mirrors("sys_mprotect")
    int sysMprotect(MmStruct mm, long start, long len, int prot);
}
