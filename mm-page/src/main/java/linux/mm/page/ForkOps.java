package linux.mm.page;

/*
 * Mirrors the mm part of linux-2.6.20 kernel/fork.c as include/linux/sched.h declares it:
 * do_fork (copy_process → copy_mm → dup_mm → dup_mmap), mm_alloc, mmput, mmdrop, and the
 * CLONE_VM flag. Owns no state; mm-memory implements it.
 */

import linux.kernel.Mirrors;

/**
 * Creating and releasing address spaces (kernel/fork.c): fork's copy of an mm, a fresh mm,
 * and the last user's teardown.
 */
public interface ForkOps {

    /** clone(2): the child shares the parent's address space. */
    @Mirrors("CLONE_VM") int CLONE_VM = 0x00000100;

    /**
     * do_fork(clone_flags, ...) reduced to what memory sees: a new task, child of
     * {@code parent}, whose mm is a copy of the parent's (copy_mm → dup_mm) or, with
     * CLONE_VM, the parent's own (mm_users++). The child is not running anywhere.
     *
     * <p>Differs from 2.6.20: the kernel forks {@code current} and returns the child's pid;
     * here the parent is a parameter and the child itself is returned.
     *
     * @throws linux.kernel.KernelError ENOMEM when the address space could not be copied
     */
    @Mirrors("do_fork")
    Task doFork(Task parent, int cloneFlags);

    /**
     * A first task with an empty address space (mm_alloc with the mmap layout
     * arch_pick_mmap_layout picks), as a process is right after exec of an image with no
     * segments: mmemu runs no binaries, so this is how a workload's first process is made.
     *
     * @throws linux.kernel.KernelError ENOMEM when no page directory could be allocated
     */
    Task createTask(String comm);

    /**
     * mm_alloc(): a new mm with one user and a page directory (mm_init), or null when no
     * pgd could be allocated.
     */
    @Mirrors("mm_alloc")
    MmStruct mmAlloc(String name);

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
