package linux.mm.page;

/*
 * Mirrors the mm/memory.c part of linux-2.6.20 include/linux/mm.h and swap.h: fault handling,
 * page-table copy at fork, unmapping, page-table freeing, follow_page / get_user_pages,
 * swap-in readahead, and ZERO_PAGE (include/asm-i386/pgtable.h). Owns no state; mm-memory
 * implements it.
 */

import linux.kernel.Mirrors;

/**
 * mm/memory.c as other kernel files and the syscall layer call it. Addresses are unsigned
 * 32-bit user addresses held in a {@code long}; swap entries are {@code int} swp_entry values;
 * ptes are the {@code long} values of {@link linux.arch.x86.Pgtable}.
 *
 * <h2>Locking</h2>
 * Faults run with mm->mmap_sem held for reading and take the pte lock (mm->page_table_lock:
 * split pte locks are off) and page locks themselves; fork's copy holds both mms' mmap_sem
 * for writing; unmap_vmas, free_pgtables and zap_page_range run with mmap_sem held (for
 * writing by munmap; exit_mmap runs when no user is left). None may be called with a
 * spinlock-like lock held.
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

    /** The unmap batch of unmap_vmas without CONFIG_PREEMPT: 1024 pages. */
    @Mirrors("ZAP_BLOCK_SIZE") long ZAP_BLOCK_SIZE = 1024L * linux.arch.x86.PageGeometry.PAGE_SIZE;

    /**
     * ZERO_PAGE(vaddr): the one page of zeroes (empty_zero_page) that read faults on
     * untouched anonymous memory map read-only. Reserved, never freed, never on an LRU;
     * mapped through the file rmap (page_add_file_rmap), so its mapcount counts its ptes.
     */
    @Mirrors("ZERO_PAGE")
    Page zeroPage(long vaddr);

    /**
     * vm_normal_page(vma, addr, pte): the struct page a present pte maps, or null for a raw
     * PFN mapping (VM_PFNMAP, not COWed) or a pfn outside RAM ("Bad pte" is logged).
     */
    @Mirrors("vm_normal_page")
    Page vmNormalPage(VmAreaStruct vma, long addr, long pte);

    /**
     * __handle_mm_fault(mm, vma, address, write_access): resolve a fault at {@code address}
     * inside {@code vma}: count PGFAULT, allocate page tables, then dispatch on the pte
     * (do_anonymous_page, do_swap_page, do_wp_page ...). Caller holds mm->mmap_sem for
     * reading. Returns VM_FAULT_* possibly with VM_FAULT_WRITE.
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
     * unmap_vmas(tlbp, vma, start_addr, end_addr, nr_accounted, details): unmap
     * [start, end) across the vma list from {@code vma} in ZAP_BLOCK_SIZE chunks: present
     * ptes drop their page (rss, rmap, the pte's reference through the gather), swap ptes
     * free_swap_and_cache. The gather is flushed between chunks and re-started, and left
     * open for the caller's tlb_finish_mmu. {@code nrAccounted[0]} grows by the pages of
     * VM_ACCOUNT vmas unmapped. Returns the end address reached.
     */
    @Mirrors("unmap_vmas")
    long unmapVmas(MmuGather tlb, VmAreaStruct vma, long startAddr, long endAddr, long[] nrAccounted,
            ZapDetails details);

    /**
     * zap_page_range(vma, address, size, details): unmap [address, address+size) of one vma
     * (lru_add_drain, gather, unmap_vmas, finish). Returns the end address reached.
     */
    @Mirrors("zap_page_range")
    long zapPageRange(VmAreaStruct vma, long address, long size, ZapDetails details);

    /**
     * free_pgtables(tlb, vma, floor, ceiling): for the vmas from {@code vma} on (already
     * taken off the mm's list), unlink each from its anon_vma and file, then free the page
     * tables they alone used: tables wholly inside [floor, ceiling) ({@code ceiling} 0 is
     * the top of the address space). Caller holds mmap_sem for writing (or is exit_mmap).
     */
    @Mirrors("free_pgtables")
    void freePgtables(MmuGather tlb, VmAreaStruct vma, long floor, long ceiling);

    /**
     * swapin_readahead(entry, addr, vma): read the cluster around {@code entry}
     * (valid_swaphandles) into the swap cache with read_swap_cache_async, dropping each
     * reference, then lru_add_drain. Called by do_swap_page under mmap_sem (read).
     */
    @Mirrors("swapin_readahead")
    void swapinReadahead(int entry, long addr, VmAreaStruct vma);

    /**
     * follow_page(vma, address, flags): the page mapped at {@code address} if its pte is
     * present (and writable for FOLL_WRITE), with a reference for FOLL_GET, marked accessed
     * for FOLL_TOUCH; ZERO_PAGE for FOLL_ANON where no page table exists; else null. Caller
     * holds mmap_sem.
     */
    @Mirrors("follow_page")
    Page followPage(VmAreaStruct vma, long address, int flags);

    /**
     * get_user_pages(tsk, mm, start, len, write, force, pages, vmas) reduced to the mm:
     * fault in {@code len} pages from {@code start}; fills {@code pages} (may be null) with
     * referenced pages. Caller holds mmap_sem for reading. Returns pages done or -errno.
     */
    @Mirrors("get_user_pages")
    int getUserPages(Task tsk, MmStruct mm, long start, int len, int write, int force, Page[] pages);

    /**
     * make_pages_present(addr, end): fault in every page of [addr, end) of {@code mm} (for
     * VM_LOCKED mappings), writing if the vma is writable. Caller holds mmap_sem. Returns 0
     * or -ENOMEM.
     *
     * <p>Differs from 2.6.20: the kernel works on {@code current->mm}; here it is a parameter.
     */
    @Mirrors("make_pages_present")
    int makePagesPresent(MmStruct mm, long addr, long end);
}
