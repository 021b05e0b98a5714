package linux.mm.page;

/*
 * Mirrors the mm/memory.c part of linux-2.6.20 include/linux/mm.h and swap.h: fault handling,
 * page-table copy at fork, unmapping, swap-in readahead. Owns no state; mm-memory implements it.
 */

import linux.kernel.Mirrors;

/**
 * mm/memory.c as other kernel files and the syscall layer call it. Addresses are unsigned
 * 32-bit user addresses held in a {@code long}; swap entries are {@code int} swp_entry values.
 */
public interface MemoryOps {

    /** VM_FAULT_OOM: the fault needed memory that could not be had. */
    @Mirrors("VM_FAULT_OOM") int VM_FAULT_OOM = 0x00;
    /** VM_FAULT_SIGBUS: the fault cannot be satisfied (e.g. swap read error). */
    @Mirrors("VM_FAULT_SIGBUS") int VM_FAULT_SIGBUS = 0x01;
    /** VM_FAULT_MINOR: satisfied without I/O. */
    @Mirrors("VM_FAULT_MINOR") int VM_FAULT_MINOR = 0x02;
    /** VM_FAULT_MAJOR: satisfied with I/O (swap-in). */
    @Mirrors("VM_FAULT_MAJOR") int VM_FAULT_MAJOR = 0x03;
    /** VM_FAULT_WRITE: flag, a write fault broke COW (masked off by handle_mm_fault). */
    @Mirrors("VM_FAULT_WRITE") int VM_FAULT_WRITE = 0x10;

    @Mirrors("FOLL_WRITE") int FOLL_WRITE = 0x01;
    @Mirrors("FOLL_TOUCH") int FOLL_TOUCH = 0x02;
    @Mirrors("FOLL_GET") int FOLL_GET = 0x04;
    @Mirrors("FOLL_ANON") int FOLL_ANON = 0x08;

    /**
     * __handle_mm_fault(mm, vma, address, write_access): resolve a fault at {@code address}
     * inside {@code vma}: allocate page tables, then dispatch on the pte (do_anonymous_page,
     * do_swap_page, do_wp_page ...). Caller holds mm->mmap_sem for reading. Returns
     * VM_FAULT_* possibly with VM_FAULT_WRITE.
     */
    @Mirrors("__handle_mm_fault")
    int handleMmFaultRaw(MmStruct mm, VmAreaStruct vma, long address, int writeAccess);

    /** handle_mm_fault (mm.h inline): {@link #handleMmFaultRaw} with VM_FAULT_WRITE masked off. */
    @Mirrors("handle_mm_fault")
    default int handleMmFault(MmStruct mm, VmAreaStruct vma, long address, int writeAccess) {
        return handleMmFaultRaw(mm, vma, address, writeAccess) & ~VM_FAULT_WRITE;
    }

    /**
     * copy_page_range(dst_mm, src_mm, vma): fork: copy the ptes of {@code vma} into the child,
     * write-protecting COW ptes in both, taking page references, _mapcount (page_dup_rmap)
     * and swap_map references (swap_duplicate), adding the child to mmlist after the
     * parent. Skips vmas without anon_vma that will fault in. Caller holds both mmap_sems
     * for writing. Returns 0 or -ENOMEM.
     */
    @Mirrors("copy_page_range")
    int copyPageRange(MmStruct dstMm, MmStruct srcMm, VmAreaStruct vma);

    /**
     * unmap_vmas(tlb, vma, start, end, nr_accounted, details): unmap [start, end) across the
     * vma list from {@code vma}: present ptes drop their page (rmap, rss, reference through
     * the mmu_gather), swap ptes free_swap_and_cache. Caller holds mmap_sem (write for
     * munmap/exit). Returns the address up to which it unmapped ({@code end} when done).
     *
     * <p>Differs from 2.6.20: the mmu_gather and the VM_ACCOUNT page count stay inside the
     * implementation instead of being caller-provided.
     */
    @Mirrors("unmap_vmas")
    long unmapVmas(MmStruct mm, VmAreaStruct vma, long startAddr, long endAddr, ZapDetails details);

    /**
     * zap_page_range(vma, address, size, details): unmap [address, address+size) of one vma
     * (lru_add_drain, gather, unmap_vmas, finish). Returns the end address reached.
     */
    @Mirrors("zap_page_range")
    long zapPageRange(VmAreaStruct vma, long address, long size, ZapDetails details);

    /**
     * swapin_readahead(entry, addr, vma): read the cluster around {@code entry}
     * (valid_swaphandles) into the swap cache with read_swap_cache_async, dropping each
     * reference, then lru_add_drain. Called by do_swap_page under mmap_sem (read).
     */
    @Mirrors("swapin_readahead")
    void swapinReadahead(int entry, long addr, VmAreaStruct vma);

    /**
     * get_user_pages(tsk, mm, start, len, write, force, pages, vmas) reduced to the mm:
     * fault in {@code len} pages from {@code start}; fills {@code pages} (may be null) with
     * referenced pages. Caller holds mmap_sem for reading. Returns pages done or -errno.
     */
    @Mirrors("get_user_pages")
    int getUserPages(MmStruct mm, long start, int len, int write, int force, Page[] pages);
}
