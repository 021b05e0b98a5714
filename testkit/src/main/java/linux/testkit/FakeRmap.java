package linux.testkit;


import jakarta.inject.Inject;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import java.util.concurrent.atomic.AtomicLong;
import linux.arch.x86.Pgtable;
import linux.kernel.Errno;
import linux.kernel.KernelBug;
import linux.mm.page.AnonVma;
import linux.mm.page.MmList;
import linux.mm.page.MmStruct;
import linux.mm.page.MmapOps;
import linux.mm.page.Page;
import linux.mm.page.PageAllocOps;
import linux.mm.page.PageFlags;
import linux.mm.page.PageWriteback;
import linux.mm.page.RmapOps;
import linux.mm.page.RmapResult;
import linux.mm.page.SwapOps;
import linux.mm.page.SwapfileOps;
import linux.mm.page.Swapops;
import linux.mm.page.VmAreaStruct;
import linux.mm.page.ZoneStatItem;

/**
 * The anonymous half of mm/rmap.c, written the way 2.6.20 does it, for the tests of the files
 * that use reverse mapping before the real mm-rmap is in their kernel: anon_vma_prepare
 * (sharing a mergeable neighbour's anon_vma), the anon_vma list, the mapcount and its
 * NR_ANON_PAGES / NR_FILE_MAPPED counters, page_check_address, page_referenced and
 * try_to_unmap of anonymous pages (swap ptes with swap_duplicate, the mmlist, anon_rss).
 * File pages are mapped and unmapped (ZERO_PAGE) but never found by a walk.
 * Counts the calls of each kind.
 *
 * <p>Locking as in the kernel: anon_vma->lock around list changes and walks, the mm's
 * page_table_lock around each pte (split pte locks are off).
 */
@Singleton
public final class FakeRmap implements RmapOps {

    private final Pgtable pgtable;
    private final PageAllocOps pageAlloc;
    private final SwapOps swap;
    private final PageWriteback pageWriteback;
    private final MmList mmList;
    private final Provider<SwapfileOps> swapfile;
    private final Provider<MmapOps> mmap;

    /** Calls of page_add_anon_rmap + page_add_new_anon_rmap + page_add_file_rmap, and of page_remove_rmap. */
    public final AtomicLong adds = new AtomicLong();
    public final AtomicLong removes = new AtomicLong();
    /** try_to_unmap calls. */
    public final AtomicLong unmaps = new AtomicLong();

    @Inject
    public FakeRmap(Pgtable pgtable, PageAllocOps pageAlloc, SwapOps swap, PageWriteback pageWriteback, MmList mmList,
            Provider<SwapfileOps> swapfile, Provider<MmapOps> mmap) {
        this.pgtable = pgtable;
        this.pageAlloc = pageAlloc;
        this.swap = swap;
        this.pageWriteback = pageWriteback;
        this.mmList = mmList;
        this.swapfile = swapfile;
        this.mmap = mmap;
    }

    @Override
    public int anonVmaPrepare(VmAreaStruct vma) {
        if (vma.anonVma != null) {
            return 0;
        }
        MmStruct mm = vma.vmMm;
        AnonVma anonVma = mmap.get().findMergeableAnonVma(vma);
        AnonVma locked = null;
        if (anonVma != null) {
            locked = anonVma;
            locked.lock.lock();
        } else {
            anonVma = new AnonVma();
        }
        try {
            mm.pageTableLock.lock();
            try {
                if (vma.anonVma == null) {
                    vma.anonVma = anonVma;
                    anonVma.listAddTail(vma);
                }
            } finally {
                mm.pageTableLock.unlock();
            }
        } finally {
            if (locked != null) {
                locked.lock.unlock();
            }
        }
        return 0;
    }

    @Override
    public void anonVmaMergeLocked(VmAreaStruct vma, VmAreaStruct next) {
        if (vma.anonVma != next.anonVma) {
            throw new KernelBug("__anon_vma_merge of vmas with different anon_vmas");
        }
        next.anonVma.listDel(next);
    }

    @Override
    public void anonVmaLinkLocked(VmAreaStruct vma) {
        if (vma.anonVma != null) {
            vma.anonVma.listAddTail(vma);
        }
    }

    @Override
    public void anonVmaLink(VmAreaStruct vma) {
        AnonVma anonVma = vma.anonVma;
        if (anonVma != null) {
            anonVma.lock.lock();
            try {
                anonVma.listAddTail(vma);
            } finally {
                anonVma.lock.unlock();
            }
        }
    }

    @Override
    public void anonVmaUnlink(VmAreaStruct vma) {
        AnonVma anonVma = vma.anonVma;
        if (anonVma == null) {
            return;
        }
        anonVma.lock.lock();
        try {
            anonVma.listDel(vma);
        } finally {
            anonVma.lock.unlock();
        }
    }

    private void pageSetAnonRmap(Page page, VmAreaStruct vma, long address) {
        if (vma.anonVma == null) {
            throw new KernelBug("__page_set_anon_rmap: vma without anon_vma");
        }
        page.mapping = vma.anonVma;
        page.index = VmAreaStruct.linearPageIndex(vma, address);
        pageAlloc.vmstat().incZonePageState(page, ZoneStatItem.NR_ANON_PAGES);
    }

    @Override
    public void pageAddAnonRmap(Page page, VmAreaStruct vma, long address) {
        adds.incrementAndGet();
        if (Page.atomicIncAndTestMapcount(page)) {
            pageSetAnonRmap(page, vma, address);
        }
    }

    @Override
    public void pageAddNewAnonRmap(Page page, VmAreaStruct vma, long address) {
        adds.incrementAndGet();
        Page.atomicSetMapcount(page, 0);
        pageSetAnonRmap(page, vma, address);
    }

    @Override
    public void pageAddFileRmap(Page page) {
        adds.incrementAndGet();
        if (Page.atomicIncAndTestMapcount(page)) {
            pageAlloc.vmstat().incZonePageState(page, ZoneStatItem.NR_FILE_MAPPED);
        }
    }

    @Override
    public void pageRemoveRmap(Page page, VmAreaStruct vma) {
        removes.incrementAndGet();
        if (Page.atomicAddNegativeMapcount(page, -1)) {
            if (Page.pageMapcount(page) < 0) {
                throw new KernelBug("Eeek! page_mapcount(page) went negative! (" + Page.pageMapcount(page) + ")");
            }
            pageAlloc.vmstat().decZonePageState(page,
                    Page.pageAnon(page) ? ZoneStatItem.NR_ANON_PAGES : ZoneStatItem.NR_FILE_MAPPED);
        }
    }

    @Override
    public int pageReferenced(Page page, int isLocked) {
        int referenced = PageFlags.testClearPageReferenced(page) ? 1 : 0;
        if (Page.pageMapped(page) && Page.pageAnon(page)) {
            AnonVma anonVma = Page.pageAnonVma(page);
            anonVma.lock.lock();
            try {
                for (VmAreaStruct vma = anonVma.first(); vma != null; vma = anonVma.next(vma)) {
                    long address = VmAreaStruct.addressOfIndex(vma, page.index);
                    if (address < 0) {
                        continue;
                    }
                    long ptep = pageCheckAddress(page, vma.vmMm, address);
                    if (ptep < 0) {
                        continue;
                    }
                    try {
                        if (pgtable.ptepClearFlushYoung(vma.vmMm.pgd, address, ptep)) {
                            referenced++;
                        }
                    } finally {
                        vma.vmMm.pageTableLock.unlock();
                    }
                }
            } finally {
                anonVma.lock.unlock();
            }
        }
        return referenced;
    }

    /** try_to_unmap_one for an anonymous page: the pte becomes the page's swap pte. */
    private RmapResult tryToUnmapOne(Page page, VmAreaStruct vma) {
        MmStruct mm = vma.vmMm;
        long address = VmAreaStruct.addressOfIndex(vma, page.index);
        if (address < 0) {
            return RmapResult.SWAP_AGAIN;
        }
        long ptep = pageCheckAddress(page, mm, address);
        if (ptep < 0) {
            return RmapResult.SWAP_AGAIN;
        }
        try {
            // A young pte, or a locked vma, keeps the page.
            if ((vma.vmFlags & VmAreaStruct.VM_LOCKED) != 0
                    || pgtable.ptepClearFlushYoung(mm.pgd, address, ptep)) {
                return RmapResult.SWAP_FAIL;
            }
            long pteval = pgtable.ptepClearFlush(mm.pgd, address, ptep);
            if (pgtable.pteDirty(pteval)) {
                pageWriteback.setPageDirty(page);
            }
            MmStruct.updateHiwaterRss(mm);
            if (Page.pageAnon(page)) {
                int entry = Page.pagePrivate(page);
                if (!PageFlags.pageSwapCache(page)) {
                    throw new KernelBug("try_to_unmap_one: anon page not in swap cache");
                }
                swapfile.get().swapDuplicate(entry);
                mmList.mmlistLock.lock();
                try {
                    if (mmList.listEmpty(mm)) {
                        mmList.listAdd(mm, mmList.initMm);
                    }
                } finally {
                    mmList.mmlistLock.unlock();
                }
                pgtable.setPteAt(ptep, Swapops.swpEntryToPte(pgtable, entry));
                MmStruct.decMmCounter(mm, MmStruct.MmCounter.anonRss);
            } else {
                MmStruct.decMmCounter(mm, MmStruct.MmCounter.fileRss);
            }
            pageRemoveRmap(page, vma);
            swap.pageCacheRelease(page);
            return RmapResult.SWAP_AGAIN;
        } finally {
            mm.pageTableLock.unlock();
        }
    }

    @Override
    public RmapResult tryToUnmap(Page page, int ignoreRefs) {
        unmaps.incrementAndGet();
        if (!PageFlags.pageLocked(page)) {
            throw new KernelBug("try_to_unmap of an unlocked page");
        }
        RmapResult ret = RmapResult.SWAP_AGAIN;
        if (Page.pageAnon(page)) {
            AnonVma anonVma = Page.pageAnonVma(page);
            anonVma.lock.lock();
            try {
                for (VmAreaStruct vma = anonVma.first(); vma != null; vma = anonVma.next(vma)) {
                    ret = tryToUnmapOne(page, vma);
                    if (ret == RmapResult.SWAP_FAIL || !Page.pageMapped(page)) {
                        break;
                    }
                }
            } finally {
                anonVma.lock.unlock();
            }
        }
        if (!Page.pageMapped(page)) {
            ret = RmapResult.SWAP_SUCCESS;
        }
        return ret;
    }

    @Override
    public long pageCheckAddress(Page page, MmStruct mm, long address) {
        long ptep = pgtable.lookupPte(mm.pgd, address);
        if (ptep < 0) {
            return -1;
        }
        mm.pageTableLock.lock();
        long pte = pgtable.ptepGet(ptep);
        if (pgtable.ptePresent(pte) && pgtable.ptePfn(pte) == page.pfn) {
            return ptep;
        }
        mm.pageTableLock.unlock();
        return -1;
    }

    @Override
    public long pageAddressInVma(Page page, VmAreaStruct vma) {
        if (Page.pageAnon(page)) {
            if (vma.anonVma != Page.pageAnonVma(page)) {
                return Errno.EFAULT.negative();
            }
        } else {
            return Errno.EFAULT.negative();
        }
        long address = VmAreaStruct.addressOfIndex(vma, page.index);
        return address < 0 ? Errno.EFAULT.negative() : address;
    }

    @Override
    public int pageMkclean(Page page) {
        return 0;
    }
}
