package linux.mm.page;

/*
 * Mirrors linux-2.6.20 include/linux/rmap.h: the reverse-mapping functions of mm/rmap.c and
 * the page_dup_rmap inline. Owns no state; mm-rmap implements it.
 */

import linux.kernel.Mirrors;

/**
 * Reverse mapping (mm/rmap.c): from a page to every pte that maps it, through the page's
 * anon_vma (anon pages) or its file mapping's vma tree, and the mapcount bookkeeping.
 *
 * <h2>Locking</h2>
 * The add/remove functions run under the pte lock of the pte being set or cleared.
 * {@link #pageReferenced} and {@link #tryToUnmap} take anon_vma->lock and each pte lock
 * themselves; try_to_unmap requires the page lock, page_referenced takes it (file pages)
 * unless {@code isLocked}. anon_vma_prepare takes anon_vma->lock and page_table_lock.
 * try_to_unmap nests swap_lock (swap_duplicate) and mmlist_lock inside the pte lock.
 * With split pte locks off (as mmemu configures 2.6.20), the pte lock of every pte of an
 * mm is {@code mm->page_table_lock}.
 */
public interface RmapOps {

    /**
     * anon_vma_prepare(vma): make sure the vma has an anon_vma before its first anon page is
     * mapped (reusing a mergeable neighbour's or allocating one) and link the vma on it.
     * Caller holds mmap_sem for reading. Returns 0 or -ENOMEM.
     */
    @Mirrors("anon_vma_prepare")
    int anonVmaPrepare(VmAreaStruct vma);

    /**
     * __anon_vma_merge(vma, next): {@code next} is being merged into {@code vma} (vma_adjust
     * removing it); take it off the anon_vma list both share (a KernelBug if they do not
     * share one). Only called when {@code next} has an anon_vma. Caller holds mmap_sem for
     * writing and that anon_vma's lock.
     */
    @Mirrors("__anon_vma_merge")
    void anonVmaMergeLocked(VmAreaStruct vma, VmAreaStruct next);

    /** __anon_vma_link(vma): add the vma to its anon_vma list; caller holds anon_vma->lock. */
    @Mirrors("__anon_vma_link")
    void anonVmaLinkLocked(VmAreaStruct vma);

    /** anon_vma_link(vma): add the vma to its anon_vma list, taking anon_vma->lock (dup_mmap). */
    @Mirrors("anon_vma_link")
    void anonVmaLink(VmAreaStruct vma);

    /**
     * anon_vma_unlink(vma): take the vma off its anon_vma list (under anon_vma->lock); the
     * anon_vma is dropped when its list becomes empty. munmap / exit via free_pgtables.
     */
    @Mirrors("anon_vma_unlink")
    void anonVmaUnlink(VmAreaStruct vma);

    /**
     * page_add_anon_rmap(page, vma, address): a pte of {@code vma} at {@code address} now maps
     * the anon page; _mapcount++ and on the first mapping set page->mapping to the vma's
     * anon_vma, page->index to linear_page_index and count NR_ANON_PAGES. Caller holds the
     * pte lock (and the page lock for swap-cache pages: do_swap_page, unuse_pte).
     */
    @Mirrors("page_add_anon_rmap")
    void pageAddAnonRmap(Page page, VmAreaStruct vma, long address);

    /**
     * page_add_new_anon_rmap(page, vma, address): like {@link #pageAddAnonRmap} for a page
     * nobody else can see yet: _mapcount = 0 and the anon fields set unconditionally.
     * Caller holds the pte lock.
     */
    @Mirrors("page_add_new_anon_rmap")
    void pageAddNewAnonRmap(Page page, VmAreaStruct vma, long address);

    /**
     * page_add_file_rmap(page): a pte now maps the file page (or ZERO_PAGE); _mapcount++,
     * NR_FILE_MAPPED on the first mapping. Caller holds the pte lock.
     */
    @Mirrors("page_add_file_rmap")
    void pageAddFileRmap(Page page);

    /**
     * page_remove_rmap(page, vma): a pte of {@code vma} no longer maps the page; _mapcount--,
     * and on the last mapping count NR_ANON_PAGES / NR_FILE_MAPPED down. Going below -1 is
     * a BUG: the kernel log gets "Eeek! page_mapcount(page) went negative! (n)" and the
     * page's fields, then a KernelBug is thrown. page->mapping is left alone. {@code vma}
     * is only read for those diagnostics. Caller holds the pte lock.
     */
    @Mirrors("page_remove_rmap")
    void pageRemoveRmap(Page page, VmAreaStruct vma);

    /**
     * page_dup_rmap(page) (rmap.h inline): fork copied a pte mapping the page; _mapcount++.
     * Caller holds both pte locks.
     */
    @Mirrors("page_dup_rmap")
    static void pageDupRmap(Page page) {
        Page.atomicIncMapcount(page);
    }

    /**
     * page_referenced(page, is_locked): count recent references: PG_referenced (test and
     * cleared) plus every mapping pte whose young bit was set (cleared on the way), plus
     * the swap-token rule. {@code isLocked} says whether the caller holds the page lock
     * (shrink_page_list: 1; shrink_active_list: 0). Returns the count.
     */
    @Mirrors("page_referenced")
    int pageReferenced(Page page, int isLocked);

    /**
     * try_to_unmap(page, ignore_refs): remove every pte mapping the locked page; anon
     * swap-cache pages leave swap ptes behind (swap_duplicate each). vmscan passes 0.
     * Returns SWAP_SUCCESS when no mapping remains, else SWAP_AGAIN or SWAP_FAIL.
     */
    @Mirrors("try_to_unmap")
    RmapResult tryToUnmap(Page page, int ignoreRefs);

    /**
     * page_check_address(page, mm, address, &ptl): walk {@code mm}'s page tables to the pte
     * of {@code address}; if that pte is present and maps {@code page}, return a pointer to
     * it (its physical byte address, see {@link linux.arch.x86.Pgtable}) with the pte lock
     * held, else -1 (NULL) with no lock held. The pte lock is {@code mm->page_table_lock}
     * (split pte locks are off): the caller releases it with
     * {@code mm.pageTableLock.unlock()} (pte_unmap_unlock). Caller holds anon_vma->lock or
     * i_mmap_lock, or otherwise keeps the page tables from being freed.
     */
    @Mirrors("page_check_address")
    long pageCheckAddress(Page page, MmStruct mm, long address);

    /**
     * page_address_in_vma(page, vma): the user address at which the page would sit in
     * {@code vma} if it belongs there (same anon_vma, or same file mapping of a linear
     * vma), else -EFAULT (negative). Used by swapoff's unuse_vma.
     */
    @Mirrors("page_address_in_vma")
    long pageAddressInVma(Page page, VmAreaStruct vma);

    /**
     * page_mkclean(page): write-protect and clean every pte of a VM_SHARED vma mapping the
     * locked file page; returns the number of ptes changed. Unmapped pages and anon pages
     * outside the swap cache give 0; an anon page in the swap cache is a BUG (the kernel only
     * calls it for mappings that account dirty pages, which swapper_space does not).
     */
    @Mirrors("page_mkclean")
    int pageMkclean(Page page);
}
