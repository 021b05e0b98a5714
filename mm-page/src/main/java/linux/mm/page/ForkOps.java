package linux.mm.page;

/*
 * Mirrors the mm part of linux-2.6.20 kernel/fork.c as include/linux/sched.h declares it:
 * dup_mm (dup_mmap), mmput, mmdrop. Owns no state; mm-memory implements it.
 */

import linux.kernel.Mirrors;

/**
 * Creating and releasing address spaces (kernel/fork.c): fork's copy of an mm and the last
 * user's teardown.
 */
public interface ForkOps {

    /**
     * dup_mm(tsk) / dup_mmap(mm, oldmm): a copy of {@code oldmm} for a fork child: every vma
     * except VM_DONTCOPY ones (VM_LOCKED cleared), each linked to its anon_vma
     * (anon_vma_link) and its ptes copied by copy_page_range. Takes oldmm's mmap_sem for
     * writing. Returns the new mm (one user), or null for -ENOMEM.
     */
    @Mirrors("dup_mm")
    MmStruct dupMm(MmStruct oldmm);

    /**
     * mmput(mm): drop a user; the last one runs exit_mmap, takes the mm off the mmlist ring
     * (under mmlist_lock), puts the swap token and mmdrops. No lock held by the caller.
     */
    @Mirrors("mmput")
    void mmput(MmStruct mm);

    /**
     * mmdrop(mm): drop a reference to the struct; the last one frees the page directory.
     */
    @Mirrors("mmdrop")
    void mmdrop(MmStruct mm);
}
