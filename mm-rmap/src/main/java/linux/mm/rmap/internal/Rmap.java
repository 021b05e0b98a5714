package linux.mm.rmap.internal;

/*
 * Mirrors linux-2.6.20 mm/rmap.c: anon_vma management, the mapcount bookkeeping
 * (page_add_*_rmap, page_remove_rmap), page_check_address, page_referenced, page_mkclean and
 * try_to_unmap. Owns no state of its own: the anon_vmas hang off the vmas, the mapcounts off
 * the pages, the ptes live in RAM.
 */

import static linux.arch.x86.PageGeometry.PAGE_SHIFT;
import static linux.mm.page.MmStruct.MmCounter.anonRss;
import static linux.mm.page.MmStruct.MmCounter.fileRss;
import static linux.mm.page.MmStruct.decMmCounter;
import static linux.mm.page.MmStruct.updateHiwaterRss;
import static linux.mm.page.Page.atomicAddNegativeMapcount;
import static linux.mm.page.Page.atomicIncAndTestMapcount;
import static linux.mm.page.Page.atomicSetMapcount;
import static linux.mm.page.Page.pageAnon;
import static linux.mm.page.Page.pageAnonVma;
import static linux.mm.page.Page.pageCount;
import static linux.mm.page.Page.pageMapcount;
import static linux.mm.page.Page.pageMapped;
import static linux.mm.page.Page.pageMapping;
import static linux.mm.page.Page.pagePrivate;
import static linux.mm.page.PageFlags.pageLocked;
import static linux.mm.page.PageFlags.pageSwapCache;
import static linux.mm.page.PageFlags.testClearPageReferenced;
import static linux.mm.page.PageFlags.testSetPageLocked;
import static linux.mm.page.VmAreaStruct.VM_LOCKED;
import static linux.mm.page.VmAreaStruct.VM_NONLINEAR;
import static linux.mm.page.VmAreaStruct.linearPageIndex;
import static linux.mm.page.ZoneStatItem.NR_ANON_PAGES;
import static linux.mm.page.ZoneStatItem.NR_FILE_MAPPED;

import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import linux.arch.x86.Pgtable;
import linux.kernel.Current;
import linux.kernel.Errno;
import linux.kernel.KernelBug;
import linux.kernel.Mirrors;
import linux.kernel.Printk;
import linux.mm.page.AddressSpace;
import linux.mm.page.AnonVma;
import linux.mm.page.Filemap;
import linux.mm.page.MmList;
import linux.mm.page.MmStruct;
import linux.mm.page.MmapOps;
import linux.mm.page.Page;
import linux.mm.page.PageAllocOps;
import linux.mm.page.PageWriteback;
import linux.mm.page.RmapOps;
import linux.mm.page.RmapResult;
import linux.mm.page.SwapOps;
import linux.mm.page.SwapTokenOps;
import linux.mm.page.SwapfileOps;
import linux.mm.page.Swapops;
import linux.mm.page.TaskStruct;
import linux.mm.page.VmAreaStruct;
import linux.mm.page.Vmstat;

/**
 * Mirrors linux-2.6.20 {@code mm/rmap.c}: from a page back to the ptes that map it.
 *
 * <p>An anon page's {@code mapping} is the {@link AnonVma} shared by every vma its ptes can be
 * in (the vma and its fork copies); {@code index} is its {@code linear_page_index}, the same
 * in each of them, so {@link #vmaAddress} finds its address in any one of them. A file page
 * would be found through its mapping's i_mmap tree (see {@link #pageReferencedFile}).
 *
 * <h2>Locking</h2>
 * As in 2.6.20 (lock order in mm-page's package documentation): the page lock, then
 * {@code anon_vma->lock} (taken by {@link #pageLockAnonVma}), then the pte lock, which with
 * split pte locks off is {@code mm->page_table_lock}; inside the pte lock swap_lock
 * (swap_duplicate) and {@code mmlist_lock}.
 *
 * <p>Differs from 2.6.20:
 * <ul>
 * <li>No slab cache and no RCU: anon_vma_init and anon_vma_ctor have no counterpart, an
 *   anon_vma is a plain object, and "freeing" one drops the last reference to it. A walker
 *   that raced with the last anon_vma_unlink finds an empty list, where the kernel, relying on
 *   SLAB_DESTROY_BY_RCU, finds a still-typed anon_vma whose vmas page_check_address filters.</li>
 * <li>mmemu's address_space has no i_mmap tree, no i_mmap_nonlinear list and no i_mmap_lock
 *   yet: nothing links a file vma to its mapping. The file halves (page_referenced_file,
 *   page_mkclean_file, try_to_unmap_file) keep the kernel's checks but find no vma, and
 *   try_to_unmap_cluster (nonlinear vmas) is not mirrored. The anon half is complete.</li>
 * <li>The s390 storage-key hooks page_test_and_clear_young / page_test_and_clear_dirty are
 *   constant 0 on i386 and are left out where the kernel calls them.</li>
 * </ul>
 */
public final class Rmap implements RmapOps {

    /** -EFAULT as vma_address and page_address_in_vma return it. */
    private static final long EFAULT = Errno.EFAULT.negative();

    private final Printk printk;
    /** Where current->mm comes from (page_referenced_one's swap-token rule). */
    private final Current current;
    /** The page-table format: the walk, young/dirty bits, swap ptes and the TLB flushes. */
    private final Pgtable pgtable;
    /** NR_ANON_PAGES / NR_FILE_MAPPED. */
    private final Vmstat vmstat;
    /** mm/swap.c: page_cache_release. */
    private final SwapOps swap;
    /** mm/swapfile.c: swap_duplicate (it calls back into rmap during swapoff). */
    private final Provider<SwapfileOps> swapfile;
    /** mm/mmap.c: find_mergeable_anon_vma (it calls back into rmap when linking vmas). */
    private final Provider<MmapOps> mmap;
    /** init_mm and mmlist_lock. */
    private final MmList mmList;
    /** set_page_dirty. */
    private final PageWriteback pageWriteback;
    /** mm/thrash.c: has_swap_token. */
    private final SwapTokenOps swapToken;

    /**
     * The kernel's wiring: the other kernel files through their headers (providers where they
     * call back into this one), page tables through the arch layer.
     */
    @Inject
    public Rmap(Printk printk, Current current, Pgtable pgtable, PageAllocOps pageAlloc, SwapOps swap,
            Provider<SwapfileOps> swapfile, Provider<MmapOps> mmap, MmList mmList, PageWriteback pageWriteback,
            SwapTokenOps swapToken) {
        this.printk = printk;
        this.current = current;
        this.pgtable = pgtable;
        this.vmstat = pageAlloc.vmstat();
        this.swap = swap;
        this.swapfile = swapfile;
        this.mmap = mmap;
        this.mmList = mmList;
        this.pageWriteback = pageWriteback;
        this.swapToken = swapToken;
    }

    // ---------------------------------------------------------------- anon_vma management

    /**
     * validate_anon_vma(vma): the CONFIG_DEBUG_VM check that {@code vma} is on its
     * anon_vma's list (and that the list is not absurdly long). Used as an assert, like
     * VM_BUG_ON; caller holds anon_vma->lock.
     */
    @Mirrors("validate_anon_vma")
    private static boolean validateAnonVma(VmAreaStruct findVma) {
        AnonVma anonVma = findVma.anonVma;
        int mapcount = 0;
        boolean found = false;
        for (VmAreaStruct vma = anonVma.first(); vma != null; vma = anonVma.next(vma)) {
            mapcount++;
            KernelBug.bugOn(mapcount > 100000, "validate_anon_vma: anon_vma list of " + anonVma + " loops");
            if (vma == findVma) {
                found = true;
            }
        }
        KernelBug.bugOn(!found, "validate_anon_vma: " + findVma + " is not on the list of its " + anonVma);
        return true;
    }

    /**
     * anon_vma_prepare(vma): called by the fault paths (do_anonymous_page, do_wp_page's copy)
     * before the first anon page goes into {@code vma}, under mmap_sem held for reading.
     * Several threads of one mm may race here: each may find a neighbour's anon_vma or
     * allocate one, but only the first to take page_table_lock installs its choice; a loser's
     * allocation is dropped. A shared neighbour anon_vma is locked before page_table_lock
     * (the lock order) because the vma joins its list. Returns 0 (-ENOMEM cannot happen:
     * allocation does not fail here).
     */
    @Override
    @Mirrors("anon_vma_prepare")
    public int anonVmaPrepare(VmAreaStruct vma) {
        AnonVma anonVma = vma.anonVma;
        if (anonVma == null) {
            MmStruct mm = vma.vmMm;
            AnonVma allocated;
            AnonVma locked;

            anonVma = mmap.get().findMergeableAnonVma(vma);
            if (anonVma != null) {
                allocated = null;
                locked = anonVma;
                locked.lock.lock();
            } else {
                anonVma = new AnonVma();
                allocated = anonVma;
                locked = null;
            }

            // page_table_lock keeps a second thread of this mm from installing another
            // anon_vma in the meantime.
            mm.pageTableLock.lock();
            try {
                if (vma.anonVma == null) {
                    vma.anonVma = anonVma;
                    anonVma.listAddTail(vma);
                    allocated = null;
                }
            } finally {
                mm.pageTableLock.unlock();
            }

            if (locked != null) {
                locked.lock.unlock();
            }
            // anon_vma_free(allocated): the loser's anon_vma is simply not kept.
        }
        return 0;
    }

    /**
     * __anon_vma_merge(vma, next): vma_adjust is removing {@code next}, whose range
     * {@code vma} absorbs; both must share one anon_vma, and {@code next} leaves its list.
     * Caller holds mmap_sem for writing and that anon_vma's lock.
     */
    @Override
    @Mirrors("__anon_vma_merge")
    public void anonVmaMergeLocked(VmAreaStruct vma, VmAreaStruct next) {
        KernelBug.bugOn(vma.anonVma != next.anonVma,
                "__anon_vma_merge: " + vma + " and " + next + " have different anon_vmas");
        next.anonVma.listDel(next);
    }

    /**
     * __anon_vma_link(vma): put a vma that has an anon_vma on its list (vma_link, vma_adjust's
     * importer); nothing for a vma without one. Caller holds the anon_vma's lock.
     */
    @Override
    @Mirrors("__anon_vma_link")
    public void anonVmaLinkLocked(VmAreaStruct vma) {
        AnonVma anonVma = vma.anonVma;
        if (anonVma != null) {
            anonVma.listAddTail(vma);
            assert validateAnonVma(vma);
        }
    }

    /**
     * anon_vma_link(vma): the same, taking the anon_vma's lock: dup_mmap links each copied
     * vma of a fork child after the parent's vmas on the shared anon_vma.
     */
    @Override
    @Mirrors("anon_vma_link")
    public void anonVmaLink(VmAreaStruct vma) {
        AnonVma anonVma = vma.anonVma;
        if (anonVma != null) {
            anonVma.lock.lock();
            try {
                anonVma.listAddTail(vma);
                assert validateAnonVma(vma);
            } finally {
                anonVma.lock.unlock();
            }
        }
    }

    /**
     * anon_vma_unlink(vma): free_pgtables and vma removal take the vma off its anon_vma's
     * list. When the list becomes empty no page can point to the anon_vma any more (every
     * page it covered was unmapped from every vma on it), so the kernel frees it.
     */
    @Override
    @Mirrors("anon_vma_unlink")
    public void anonVmaUnlink(VmAreaStruct vma) {
        AnonVma anonVma = vma.anonVma;
        if (anonVma == null) {
            return;
        }
        anonVma.lock.lock();
        try {
            assert validateAnonVma(vma);
            anonVma.listDel(vma);
            // An empty list is the kernel's cue for anon_vma_free; here the garbage
            // collector takes the anon_vma once no page or vma refers to it.
        } finally {
            anonVma.lock.unlock();
        }
    }

    // ---------------------------------------------------------------- address lookup

    /**
     * page_lock_anon_vma(page): the anon_vma of a page found off the LRU, locked, or null if
     * the page is not anon or no longer mapped. page->mapping is read once: it is only
     * trustworthy while the page is mapped, and a page unmapped after that test still leads
     * to an anon_vma object (the kernel's RCU grace period, here the garbage collector), whose
     * possibly empty or unrelated vma list the callers' pte checks then filter.
     */
    @Mirrors("page_lock_anon_vma")
    private static AnonVma pageLockAnonVma(Page page) {
        AnonVma anonVma = pageAnonVma(page);
        if (anonVma == null) {
            return null;
        }
        if (!pageMapped(page)) {
            return null;
        }
        anonVma.lock.lock();
        return anonVma;
    }

    /**
     * vma_address(page, vma): the user address where the page should be in {@code vma}:
     * {@code vm_start + ((index - vm_pgoff) << PAGE_SHIFT)} in 32-bit unsigned arithmetic, or
     * -EFAULT when that falls outside the vma (only possible for an anon page: the anon_vma
     * list holds vmas that cover other parts of the anon range; a file vma from the i_mmap
     * tree always covers the page, so an outside address is a BUG).
     */
    @Mirrors("vma_address")
    static long vmaAddress(Page page, VmAreaStruct vma) {
        // PAGE_CACHE_SHIFT == PAGE_SHIFT: page->index is already in pages.
        int pgoff = page.index;
        int a = (int) vma.vmStart + ((pgoff - vma.vmPgoff) << PAGE_SHIFT);
        long address = Integer.toUnsignedLong(a);
        if (address < vma.vmStart || address >= vma.vmEnd) {
            KernelBug.bugOn(!pageAnon(page), "vma_address: file page index 0x" + Integer.toHexString(pgoff)
                    + " outside " + vma);
            return EFAULT;
        }
        return address;
    }

    /**
     * page_address_in_vma(page, vma): vma_address after checking the page can belong to
     * {@code vma} at all: an anon page only to a vma of its anon_vma, a file page only to a
     * linear vma of its own file. Called by swapoff (unuse_vma) for anon pages.
     */
    @Override
    @Mirrors("page_address_in_vma")
    public long pageAddressInVma(Page page, VmAreaStruct vma) {
        if (pageAnon(page)) {
            if (vma.anonVma != pageAnonVma(page)) {
                return EFAULT;
            }
        } else if (page.mapping != null && (vma.vmFlags & VM_NONLINEAR) == 0) {
            if (vma.vmMapping == null || vma.vmMapping != page.mapping) {
                return EFAULT;
            }
        } else {
            return EFAULT;
        }
        return vmaAddress(page, vma);
    }

    /**
     * page_check_address(page, mm, address, &ptl): whether {@code page} is mapped at
     * {@code address} of {@code mm}. Walks pgd, pmd and pte (the pud is folded in both i386
     * formats, so pgd_present and pud_present always hold; under PAE a pgd entry that is not
     * present has no pmd table to walk). A pte that is not present is rejected before the
     * lock is taken, then checked again under it, since the pte may change until then. On a
     * match returns the pte pointer with the pte lock held; else -1 with no lock held.
     */
    @Override
    @Mirrors("page_check_address")
    public long pageCheckAddress(Page page, MmStruct mm, long address) {
        assert mm.pgd >= 0 : "page_check_address on " + mm + " without a page directory";
        long pgdp = pgtable.pgdOffset(mm.pgd, address);
        long pmdp = pgtable.pmdOffset(pgdp, address);
        if (pmdp < 0) {
            return -1;
        }
        if (!pgtable.pmdPresent(pgtable.pmdGet(pmdp))) {
            return -1;
        }

        long pte = pgtable.pteOffset(pmdp, address);
        if (!pgtable.ptePresent(pgtable.ptepGet(pte))) {
            return -1;
        }

        ReentrantLock ptl = pteLockptr(mm, pmdp);
        ptl.lock();
        long pteval = pgtable.ptepGet(pte);
        if (pgtable.ptePresent(pteval) && page.pfn == pgtable.ptePfn(pteval)) {
            return pte;
        }
        ptl.unlock();
        return -1;
    }

    // ---------------------------------------------------------------- page_referenced

    /**
     * page_referenced_one(page, vma, &mapcount): if the page is mapped in {@code vma},
     * test-and-clear the pte's young bit (one reference if it was set, with a TLB flush) and
     * count the mapping off {@code mapcount[0]}. One more reference if the vma's mm holds the
     * swap token and is in the middle of a fault (its mmap_sem is held) and is not the mm of
     * the task doing the reclaim: the token holder's working set is spared while it pages in.
     * Caller holds anon_vma->lock (or i_mmap_lock).
     */
    @Mirrors("page_referenced_one")
    int pageReferencedOne(Page page, VmAreaStruct vma, int[] mapcount) {
        MmStruct mm = vma.vmMm;
        int referenced = 0;

        long address = vmaAddress(page, vma);
        if (address == EFAULT) {
            return referenced;
        }

        long pte = pageCheckAddress(page, mm, address);
        if (pte < 0) {
            return referenced;
        }
        try {
            if (pgtable.ptepClearFlushYoung(mm.pgd, address, pte)) {
                referenced++;
            }

            if (mm != TaskStruct.currentMm(current) && swapToken.hasSwapToken(mm) && rwsemIsLocked(mm.mmapSem)) {
                referenced++;
            }

            mapcount[0]--;
        } finally {
            mm.pageTableLock.unlock();
        }
        return referenced;
    }

    /**
     * page_referenced_anon(page): page_referenced_one over the vmas of the page's anon_vma,
     * stopping once as many mappings were found as the page had when the walk began.
     */
    @Mirrors("page_referenced_anon")
    private int pageReferencedAnon(Page page) {
        int referenced = 0;

        AnonVma anonVma = pageLockAnonVma(page);
        if (anonVma == null) {
            return referenced;
        }
        try {
            int[] mapcount = {pageMapcount(page)};
            for (VmAreaStruct vma = anonVma.first(); vma != null; vma = anonVma.next(vma)) {
                referenced += pageReferencedOne(page, vma, mapcount);
                if (mapcount[0] == 0) {
                    break;
                }
            }
        } finally {
            anonVma.lock.unlock();
        }
        return referenced;
    }

    /**
     * page_referenced_file(page): the file-page half. The kernel walks the vmas of the page's
     * mapping that cover its index (the i_mmap prio tree, under i_mmap_lock), counting a
     * VM_LOCKED shared vma as referenced at once and page_referenced_one for the others. The
     * page lock, held here, keeps page->mapping from being truncated away meanwhile.
     *
     * <p>Differs from 2.6.20: mmemu's address_space has no i_mmap tree yet, so no vma is found
     * and no reference counted; the checks the kernel makes first are kept.
     */
    @Mirrors("page_referenced_file")
    private int pageReferencedFile(Page page) {
        KernelBug.bugOn(pageAnon(page), "page_referenced_file on an anon page");
        KernelBug.bugOn(!pageLocked(page), "page_referenced_file on an unlocked page");
        int referenced = 0;
        // Here the kernel would note the mapcount under i_mmap_lock and visit each vma of the
        // mapping's tree that covers the page's index; there is no tree to visit (see above).
        return referenced;
    }

    /**
     * page_referenced(page, is_locked): how recently used the page is, for reclaim: one for
     * PG_referenced (cleared), one for each mapping pte that was young (cleared), plus the
     * swap-token bonus. File pages need the page lock: with {@code isLocked == 0} it is
     * trylocked, and a page whose lock is busy counts as referenced. Called by
     * shrink_active_list (isLocked 0) and shrink_page_list (isLocked 1).
     */
    @Override
    @Mirrors("page_referenced")
    public int pageReferenced(Page page, int isLocked) {
        int referenced = 0;

        // page_test_and_clear_young(page): no storage-key young bit on i386.

        if (testClearPageReferenced(page)) {
            referenced++;
        }

        if (pageMapped(page) && page.mapping != null) {
            if (pageAnon(page)) {
                referenced += pageReferencedAnon(page);
            } else if (isLocked != 0) {
                referenced += pageReferencedFile(page);
            } else if (testSetPageLocked(page)) {
                referenced++;
            } else {
                // Truncation may have taken the page out of its file before we locked it.
                if (page.mapping != null) {
                    referenced += pageReferencedFile(page);
                }
                Filemap.unlockPage(page);
            }
        }
        return referenced;
    }

    // ---------------------------------------------------------------- page_mkclean

    /**
     * page_mkclean_one(page, vma): if the page is mapped in {@code vma} by a dirty or
     * writable pte, replace that pte with a clean read-only one (cleared and flushed first, so
     * no CPU keeps writing through a stale TLB entry); the next write faults and re-dirties.
     * Returns 1 if a pte was changed.
     */
    @Mirrors("page_mkclean_one")
    int pageMkcleanOne(Page page, VmAreaStruct vma) {
        MmStruct mm = vma.vmMm;
        int ret = 0;

        long address = vmaAddress(page, vma);
        if (address == EFAULT) {
            return ret;
        }

        long pte = pageCheckAddress(page, mm, address);
        if (pte < 0) {
            return ret;
        }
        try {
            long pteval = pgtable.ptepGet(pte);
            if (pgtable.pteDirty(pteval) || pgtable.pteWrite(pteval)) {
                // flush_cache_page: nothing to do on i386.
                long entry = pgtable.ptepClearFlush(mm.pgd, address, pte);
                entry = pgtable.pteWrprotect(entry);
                entry = pgtable.pteMkclean(entry);
                pgtable.setPteAt(pte, entry);
                // lazy_mmu_prot_update: nothing to do on i386.
                ret = 1;
            }
        } finally {
            mm.pageTableLock.unlock();
        }
        return ret;
    }

    /**
     * page_mkclean_file(mapping, page): page_mkclean_one on every VM_SHARED vma of the
     * mapping covering the page (private vmas hold copies, not the page).
     *
     * <p>Differs from 2.6.20: there is no i_mmap tree to walk yet (see the class comment), so
     * no pte is cleaned.
     */
    @Mirrors("page_mkclean_file")
    private int pageMkcleanFile(AddressSpace mapping, Page page) {
        KernelBug.bugOn(pageAnon(page), "page_mkclean_file on an anon page");
        int ret = 0;
        // Here the kernel would visit, under i_mmap_lock, each shared vma of the mapping's tree
        // covering the page; there is no tree to visit (see above).
        return ret;
    }

    /**
     * page_mkclean(page): clear_page_dirty_for_io's write-protect of a locked file page
     * before writeback, so a later write is noticed. Returns how many ptes were cleaned.
     */
    @Override
    @Mirrors("page_mkclean")
    public int pageMkclean(Page page) {
        int ret = 0;

        KernelBug.bugOn(!pageLocked(page), "page_mkclean on an unlocked page");

        if (pageMapped(page)) {
            AddressSpace mapping = pageMapping(page);
            if (mapping != null) {
                ret = pageMkcleanFile(mapping, page);
            }
        }
        // page_test_and_clear_dirty(page): no storage-key dirty bit on i386.
        return ret;
    }

    // ---------------------------------------------------------------- mapcount

    /**
     * __page_set_anon_rmap(page, vma, address): make the page anon in {@code vma}'s anon_vma
     * at its linear index there, and count it in NR_ANON_PAGES (of the page's zone). Only on
     * the page's first mapping; a vma without anon_vma is a BUG (anon_vma_prepare comes first).
     */
    @Mirrors("__page_set_anon_rmap")
    private void pageSetAnonRmapRaw(Page page, VmAreaStruct vma, long address) {
        AnonVma anonVma = vma.anonVma;

        KernelBug.bugOn(anonVma == null, "__page_set_anon_rmap: " + vma + " has no anon_vma");
        page.mapping = anonVma;

        page.index = linearPageIndex(vma, address);

        // Never changed from interrupt context, so the non-irq-safe update is enough.
        vmstat.incZonePageState(page, NR_ANON_PAGES);
    }

    /**
     * page_add_anon_rmap(page, vma, address): one more pte maps the anon page; the first one
     * (mapcount -1 to 0) sets mapping, index and NR_ANON_PAGES. Later ones leave mapping and
     * index alone: they were set by the first and checking them here would race.
     */
    @Override
    @Mirrors("page_add_anon_rmap")
    public void pageAddAnonRmap(Page page, VmAreaStruct vma, long address) {
        if (atomicIncAndTestMapcount(page)) {
            pageSetAnonRmapRaw(page, vma, address);
        }
    }

    /**
     * page_add_new_anon_rmap(page, vma, address): the first mapping of a page nobody else
     * can see yet (do_anonymous_page, do_wp_page's copy), so mapcount is simply set to 0.
     */
    @Override
    @Mirrors("page_add_new_anon_rmap")
    public void pageAddNewAnonRmap(Page page, VmAreaStruct vma, long address) {
        atomicSetMapcount(page, 0);
        pageSetAnonRmapRaw(page, vma, address);
    }

    /**
     * page_add_file_rmap(page): one more pte maps a file page or ZERO_PAGE; the first one
     * counts NR_FILE_MAPPED.
     */
    @Override
    @Mirrors("page_add_file_rmap")
    public void pageAddFileRmap(Page page) {
        if (atomicIncAndTestMapcount(page)) {
            vmstat.incZonePageState(page, NR_FILE_MAPPED);
        }
    }

    /**
     * page_remove_rmap(page, vma): a pte of {@code vma} stopped mapping the page. When the
     * last one goes, NR_ANON_PAGES or NR_FILE_MAPPED drops. Going below no mapping at all
     * means some pte was removed twice: the kernel dumps the page and BUGs.
     *
     * <p>page->mapping stays set: a racing page_add_anon_rmap may have raised the mapcount
     * after this decrement but set the mapping before it, and resetting it here would undo
     * that; free_hot_cold_page clears it. A still-set anon mapping also lets swapoff put the
     * page back into its ptes quickly while it stays in swap cache.
     *
     * <p>Differs from 2.6.20: vmas carry no vm_ops or vm_file, so of the vma lines of the
     * report only "vm_ops = 0x0" (what print_symbol shows for a NULL vm_ops) is printed.
     */
    @Override
    @Mirrors("page_remove_rmap")
    public void pageRemoveRmap(Page page, VmAreaStruct vma) {
        if (atomicAddNegativeMapcount(page, -1)) {
            if (pageMapcount(page) < 0) {
                printk.printk(Printk.KERN_EMERG, "Eeek! page_mapcount(page) went negative! (" + pageMapcount(page) + ")");
                printk.printk(Printk.KERN_EMERG, "  page pfn = " + Integer.toHexString(page.pfn));
                printk.printk(Printk.KERN_EMERG, "  page->flags = " + Integer.toHexString(page.flags()));
                printk.printk(Printk.KERN_EMERG, "  page->count = " + Integer.toHexString(pageCount(page)));
                printk.printk(Printk.KERN_EMERG, "  page->mapping = " + (page.mapping == null ? "00000000" : page.mapping));
                printk.printk(Printk.KERN_EMERG, "  vma->vm_ops = 0x0");
                throw new KernelBug("page_remove_rmap: page_mapcount(page) went negative ("
                        + pageMapcount(page) + ") for page pfn 0x" + Integer.toHexString(page.pfn) + " in " + vma);
            }

            // page_test_and_clear_dirty(page): no storage-key dirty bit to hand over on i386.
            vmstat.decZonePageState(page, pageAnon(page) ? NR_ANON_PAGES : NR_FILE_MAPPED);
        }
    }

    // ---------------------------------------------------------------- try_to_unmap

    /**
     * try_to_unmap_one(page, vma, migration): take the page out of {@code vma}'s pte, if it
     * is there. An mlocked vma, or a pte that was used since page_referenced looked (that
     * walk may have missed this mm), fails the whole unmap: reclaim reactivates the page.
     * Otherwise the pte is cleared and flushed from every CPU, its dirty bit moves to the
     * page, and an anon page in the swap cache leaves its swap entry in the pte (one more
     * swap_map reference for it) and puts its mm on the mmlist, so swapoff will visit it.
     * The pte's page reference and mapcount go with it. Caller holds the page lock and
     * anon_vma->lock; the pte lock is taken here.
     *
     * <p>With CONFIG_MIGRATION off (i386), an anon page outside the swap cache has entry 0,
     * which stores an empty pte and leaves anon_rss alone, exactly as the kernel does; vmscan
     * only unmaps anon pages it has added to swap.
     */
    @Mirrors("try_to_unmap_one")
    private RmapResult tryToUnmapOne(Page page, VmAreaStruct vma, int migration) {
        MmStruct mm = vma.vmMm;
        RmapResult ret = RmapResult.SWAP_AGAIN;

        long address = vmaAddress(page, vma);
        if (address == EFAULT) {
            return ret;
        }

        long pte = pageCheckAddress(page, mm, address);
        if (pte < 0) {
            return ret;
        }
        try {
            if (migration == 0 && ((vma.vmFlags & VM_LOCKED) != 0
                    || pgtable.ptepClearFlushYoung(mm.pgd, address, pte))) {
                return RmapResult.SWAP_FAIL;
            }

            // flush_cache_page: nothing to do on i386.
            long pteval = pgtable.ptepClearFlush(mm.pgd, address, pte);

            if (pgtable.pteDirty(pteval)) {
                pageWriteback.setPageDirty(page);
            }

            // The rss is about to drop: remember its peak first.
            updateHiwaterRss(mm);

            if (pageAnon(page)) {
                int entry = pagePrivate(page);

                if (pageSwapCache(page)) {
                    // The pte will hold the swap location, and do_swap_page will find it.
                    swapfile.get().swapDuplicate(entry);
                    mmlistAddOnce(mm);
                    decMmCounter(mm, anonRss);
                }
                pgtable.setPteAt(pte, Swapops.swpEntryToPte(pgtable, entry));
                KernelBug.bugOn(pgtable.pteFile(pgtable.ptepGet(pte)), "try_to_unmap_one stored a file pte");
            } else {
                decMmCounter(mm, fileRss);
            }

            pageRemoveRmap(page, vma);
            swap.pageCacheRelease(page);
        } finally {
            mm.pageTableLock.unlock();
        }
        return ret;
    }

    /**
     * try_to_unmap_anon(page, migration): try_to_unmap_one over the vmas of the page's
     * anon_vma until one fails or the page is no longer mapped. SWAP_AGAIN when the page is
     * no longer mapped by the time its anon_vma is looked up.
     */
    @Mirrors("try_to_unmap_anon")
    private RmapResult tryToUnmapAnon(Page page, int migration) {
        RmapResult ret = RmapResult.SWAP_AGAIN;

        AnonVma anonVma = pageLockAnonVma(page);
        if (anonVma == null) {
            return ret;
        }
        try {
            for (VmAreaStruct vma = anonVma.first(); vma != null; vma = anonVma.next(vma)) {
                ret = tryToUnmapOne(page, vma, migration);
                if (ret == RmapResult.SWAP_FAIL || !pageMapped(page)) {
                    break;
                }
            }
        } finally {
            anonVma.lock.unlock();
        }
        return ret;
    }

    /**
     * try_to_unmap_file(page, migration): the file-page half. The kernel runs
     * try_to_unmap_one over the i_mmap vmas covering the page, then, if the mapping has
     * nonlinear vmas, sweeps them a cluster at a time (try_to_unmap_cluster) from a cursor
     * kept in each vma, failing if every nonlinear vma is mlocked.
     *
     * <p>Differs from 2.6.20: the mapping has no i_mmap tree nor nonlinear list yet (see the
     * class comment), which is the kernel's case of "no vma and no nonlinear vma": SWAP_AGAIN
     * with the ptes left as they are, so a mapped file page is kept by reclaim.
     */
    @Mirrors("try_to_unmap_file")
    private RmapResult tryToUnmapFile(Page page, int migration) {
        RmapResult ret = RmapResult.SWAP_AGAIN;
        // Here the kernel would unmap from each vma of the mapping's tree covering the page,
        // then sweep the nonlinear vmas; there are neither (see above).
        return ret;
    }

    /**
     * try_to_unmap(page, ignore_refs): shrink_page_list's step that takes every pte off a
     * locked page before it is written and freed. SWAP_SUCCESS whenever the page ends up
     * unmapped, whatever the walk returned; otherwise SWAP_AGAIN (something was missed: try
     * later) or SWAP_FAIL (must stay mapped: reactivate).
     */
    @Override
    @Mirrors("try_to_unmap")
    public RmapResult tryToUnmap(Page page, int ignoreRefs) {
        RmapResult ret;

        KernelBug.bugOn(!pageLocked(page), "try_to_unmap on an unlocked page");

        if (pageAnon(page)) {
            ret = tryToUnmapAnon(page, ignoreRefs);
        } else {
            ret = tryToUnmapFile(page, ignoreRefs);
        }

        if (!pageMapped(page)) {
            ret = RmapResult.SWAP_SUCCESS;
        }
        return ret;
    }

    // ---------------------------------------------------------------- Java-only helpers

    /**
     * pte_lockptr(mm, pmd) (mm.h): the lock of the pte table below {@code pmdp}. With split pte
     * locks off, every pte table of an mm shares {@code mm->page_table_lock}.
     */
    private static ReentrantLock pteLockptr(MmStruct mm, long pmdp) {
        return mm.pageTableLock;
    }

    /** rwsem_is_locked(sem): someone holds mmap_sem, for reading or for writing. */
    private static boolean rwsemIsLocked(ReentrantReadWriteLock sem) {
        return sem.isWriteLocked() || sem.getReadLockCount() > 0;
    }

    /**
     * try_to_unmap_one's mmlist step: link {@code mm} after init_mm unless it is listed
     * already. The kernel peeks at list_empty without mmlist_lock first and repeats the test
     * under it; MmList answers only under mmlist_lock, so the lock is taken every time.
     */
    private void mmlistAddOnce(MmStruct mm) {
        mmList.mmlistLock.lock();
        try {
            if (mmList.listEmpty(mm)) {
                mmList.listAdd(mm, mmList.initMm);
            }
        } finally {
            mmList.mmlistLock.unlock();
        }
    }
}
