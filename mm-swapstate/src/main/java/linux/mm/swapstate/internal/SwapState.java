package linux.mm.swapstate.internal;

/*
 * Mirrors linux-2.6.20 mm/swap_state.c: swap_aops, swap_backing_dev_info's capabilities,
 * swapper_space (installed into the AddressSpace the headers' state provides), the
 * swap_cache_info statistics and every function of the file but the two shmem helpers.
 * Owns the statistics; the cache itself is swapper_space's tree.
 */

import static linux.mm.page.PageFlags.clearPageSwapCache;
import static linux.mm.page.PageFlags.pageLocked;
import static linux.mm.page.PageFlags.pagePrivate;
import static linux.mm.page.PageFlags.pageSwapCache;
import static linux.mm.page.PageFlags.pageWriteback;
import static linux.mm.page.PageFlags.setPageDirty;
import static linux.mm.page.PageFlags.setPageLocked;
import static linux.mm.page.PageFlags.setPageSwapCache;
import static linux.mm.page.PageFlags.setPageUptodate;
import static linux.mm.page.PageFlags.testSetPageLocked;

import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.util.concurrent.atomic.AtomicLong;
import linux.arch.x86.PageGeometry;
import linux.kernel.Errno;
import linux.kernel.KernelBug;
import linux.kernel.Mirrors;
import linux.kernel.Printk;
import linux.mm.page.AddressSpace;
import linux.mm.page.AddressSpaceOperations;
import linux.mm.page.Filemap;
import linux.mm.page.Gfp;
import linux.mm.page.Page;
import linux.mm.page.PageAllocOps;
import linux.mm.page.PageIoOps;
import linux.mm.page.PageWriteback;
import linux.mm.page.Pagevec;
import linux.mm.page.SwapOps;
import linux.mm.page.SwapStateOps;
import linux.mm.page.SwapfileOps;
import linux.mm.page.VmAreaStruct;
import linux.mm.page.WritebackControl;
import linux.mm.page.ZoneStatItem;

/**
 * The swap cache: swapper_space, an address space whose index is the swap entry, so that a
 * page being swapped out or in can be found by its entry while its ptes hold only that
 * entry. A page in it carries PG_swapcache, its entry in page->private, one page reference
 * and one swap_map count for being there.
 *
 * <p>The constructor installs {@code swap_aops} into swapper_space: writepage is page_io's
 * swap_writepage, set_page_dirty is __set_page_dirty_nobuffers, sync_page is
 * block_sync_page, which for swapper_space means swapfile's swap_unplug_io_fn. The
 * backing_dev_info capabilities (BDI_CAP_NO_ACCT_DIRTY | BDI_CAP_NO_WRITEBACK) are
 * swapper_space's own ({@link AddressSpace#newSwapperSpace()}).
 *
 * <p>Not mirrored: move_to_swap_cache and move_from_swap_cache, which only shmem uses
 * (tmpfs is not modelled), and swap_aops' migratepage (no page migration without NUMA).
 *
 * <p>Differs from 2.6.20: the statistics are atomic counters (the kernel increments plain
 * words and tolerates lost updates); radix_tree_preload cannot fail, so -ENOMEM never
 * arises (see {@link AddressSpace}).
 *
 * <h2>Locking</h2>
 * swapper_space.tree_lock guards the tree and nrpages; it nests inside swap_lock
 * (remove_exclusive_swap_page) and is taken here only for the insert or delete itself.
 * The page lock orders insertion against the page's other users: pages are added to the
 * cache locked and removed from it locked.
 */
public final class SwapState implements SwapStateOps {

    private final AddressSpace swapperSpace;
    private final PageAllocOps pageAlloc;
    private final SwapOps swap;
    private final Provider<SwapfileOps> swapfile;
    private final Provider<PageIoOps> pageIo;
    private final Printk printk;

    /** swap_cache_info.add_total. */
    private final AtomicLong addTotal = new AtomicLong();
    /** swap_cache_info.del_total. */
    private final AtomicLong delTotal = new AtomicLong();
    /** swap_cache_info.find_success. */
    private final AtomicLong findSuccess = new AtomicLong();
    /** swap_cache_info.find_total. */
    private final AtomicLong findTotal = new AtomicLong();
    /** swap_cache_info.noent_race. */
    private final AtomicLong noentRace = new AtomicLong();
    /** swap_cache_info.exist_race. */
    private final AtomicLong existRace = new AtomicLong();

    /**
     * The kernel's wiring: the headers' swapper_space and page-writeback helpers, the
     * allocator and the LRU directly, and through providers the two files that call back
     * into this one (swapfile's remove_exclusive_swap_page deletes from the cache,
     * page_io's writepage is reached through swap_aops).
     */
    @Inject
    public SwapState(AddressSpace swapperSpace, PageWriteback pageWriteback, PageAllocOps pageAlloc, SwapOps swap,
            Provider<SwapfileOps> swapfile, Provider<PageIoOps> pageIo, Printk printk) {
        this.swapperSpace = swapperSpace;
        this.pageAlloc = pageAlloc;
        this.swap = swap;
        this.swapfile = swapfile;
        this.pageIo = pageIo;
        this.printk = printk;
        swapperSpace.setAops(new SwapAops(pageWriteback, swapfile, pageIo));
    }

    /**
     * swap_aops: how the generic page-cache code (pageout, set_page_dirty, lock_page's
     * sync_page) acts on swap-cache pages.
     */
    @Mirrors("swap_aops")
    private static final class SwapAops implements AddressSpaceOperations {
        private final PageWriteback pageWriteback;
        private final Provider<SwapfileOps> swapfile;
        private final Provider<PageIoOps> pageIo;

        SwapAops(PageWriteback pageWriteback, Provider<SwapfileOps> swapfile, Provider<PageIoOps> pageIo) {
            this.pageWriteback = pageWriteback;
            this.swapfile = swapfile;
            this.pageIo = pageIo;
        }

        /** .writepage = swap_writepage. */
        @Override
        public int writepage(Page page, WritebackControl wbc) {
            return pageIo.get().swapWritepage(page, wbc);
        }

        /** .set_page_dirty = __set_page_dirty_nobuffers (the swap cache accounts no dirty pages). */
        @Override
        public int setPageDirty(Page page) {
            return pageWriteback.setPageDirtyNobuffers(page);
        }

        /**
         * .sync_page = block_sync_page: a task about to sleep on the page kicks the queue
         * of its backing device, which for swapper_space is swap_unplug_io_fn (the device of
         * the area the page's entry names).
         */
        @Override
        public void syncPage(Page page) {
            swapfile.get().swapUnplugIoFn(page);
        }
    }

    @Mirrors("swapper_space")
    @Override
    public AddressSpace swapperSpace() {
        return swapperSpace;
    }

    @Mirrors("swap_cache_info")
    @Override
    public SwapCacheInfo swapCacheInfo() {
        return new SwapCacheInfo(addTotal.get(), delTotal.get(), findSuccess.get(), findTotal.get(), noentRace.get(),
                existRace.get());
    }

    /**
     * show_swap_cache_info(): three lines at the default log level (KERN_WARNING, as an
     * unprefixed printk gets): the statistics, then free and total swap in kB. Called by
     * show_mem (the SysRq-m and OOM reports).
     */
    @Mirrors("show_swap_cache_info")
    @Override
    public void showSwapCacheInfo() {
        printk.printk(Printk.KERN_WARNING, "Swap cache: add " + ulong(addTotal.get()) + ", delete " + ulong(delTotal.get())
                + ", find " + ulong(findSuccess.get()) + "/" + ulong(findTotal.get())
                + ", race " + ulong(noentRace.get()) + "+" + ulong(existRace.get()));
        SwapfileOps sf = swapfile.get();
        int kbShift = PageGeometry.PAGE_SHIFT - 10;
        printk.printk(Printk.KERN_WARNING, "Free swap  = " + ulong(sf.nrSwapPages() << kbShift) + "kB");
        printk.printk(Printk.KERN_WARNING, "Total swap = " + ulong(sf.totalSwapPages() << kbShift) + "kB");
    }

    /**
     * __add_to_swap_cache: the page-cache insertion of swapper_space, which marks the page
     * with PG_swapcache and page->private where add_to_page_cache would set mapping and
     * index. Everything changes under tree_lock, so a concurrent find_get_page sees either
     * no page or a locked swap-cache page with its reference already taken. PG_locked is
     * set here (the caller of add_to_swap already holds it; a swap-in page gets its lock
     * here, to be dropped when its read completes). Statistics are the callers' business.
     */
    @Mirrors("__add_to_swap_cache")
    @Override
    public int addToSwapCacheRaw(Page page, int entry, int gfpMask) {
        KernelBug.bugOn(pageSwapCache(page), "__add_to_swap_cache: page already in swap cache");
        KernelBug.bugOn(pagePrivate(page), "__add_to_swap_cache: PagePrivate page");
        // radix_tree_preload(gfp_mask) would reserve tree nodes here; the map needs none.
        int error;
        swapperSpace.treeLock.writeLock().lock();
        try {
            error = swapperSpace.radixTreeInsert(entry, page);
            if (error == 0) {
                Page.pageCacheGet(page);
                setPageLocked(page);
                setPageSwapCache(page);
                Page.setPagePrivate(page, entry);
                swapperSpace.nrpages++;
                pageAlloc.vmstat().incZonePageState(page, ZoneStatItem.NR_FILE_PAGES);
            }
        } finally {
            swapperSpace.treeLock.writeLock().unlock();
        }
        return error;
    }

    /**
     * add_to_swap_cache: the swap-in side. The cache's swap_map reference is taken before
     * the insertion: if swap_duplicate fails, the entry was freed after our caller read it
     * from a pte (the pte was zapped meanwhile) and there is nothing to read. If another
     * page got the entry first (a concurrent read_swap_cache_async), the reference is given
     * back and the caller finds that page on its next lookup. The page is not put on the
     * LRU here: read_swap_cache_async does that.
     */
    @Mirrors("add_to_swap_cache")
    @Override
    public int addToSwapCache(Page page, int entry) {
        SwapfileOps sf = swapfile.get();
        if (sf.swapDuplicate(entry) == 0) {
            noentRace.incrementAndGet();
            return Errno.ENOENT.negative();
        }
        int error = addToSwapCacheRaw(page, entry, Gfp.GFP_KERNEL);
        if (error != 0) {
            sf.swapFree(entry);
            if (error == Errno.EEXIST.negative()) {
                existRace.incrementAndGet();
            }
            return error;
        }
        addTotal.incrementAndGet();
        return 0;
    }

    /**
     * __delete_from_swap_cache: the page leaves the tree and loses PG_swapcache and its
     * entry. Callers (delete_from_swap_cache, remove_exclusive_swap_page, vmscan's
     * remove_mapping) hold tree_lock for writing and the page lock, and afterwards give
     * back the swap_map count and the page reference themselves.
     */
    @Mirrors("__delete_from_swap_cache")
    @Override
    public void deleteFromSwapCacheLocked(Page page) {
        KernelBug.bugOn(!pageLocked(page), "__delete_from_swap_cache: page not locked");
        KernelBug.bugOn(!pageSwapCache(page), "__delete_from_swap_cache: page not in swap cache");
        KernelBug.bugOn(pageWriteback(page), "__delete_from_swap_cache: page under writeback");
        KernelBug.bugOn(pagePrivate(page), "__delete_from_swap_cache: PagePrivate page");
        assert swapperSpace.treeLock.isWriteLockedByCurrentThread() : "__delete_from_swap_cache without tree_lock";
        swapperSpace.radixTreeDelete(Page.pagePrivate(page));
        Page.setPagePrivate(page, 0);
        clearPageSwapCache(page);
        swapperSpace.nrpages--;
        pageAlloc.vmstat().decZonePageState(page, ZoneStatItem.NR_FILE_PAGES);
        delTotal.incrementAndGet();
    }

    /**
     * add_to_swap: shrink_page_list's first step for an anon page, called with the page
     * locked. get_swap_page hands over a slot with swap_map 1, which becomes the cache's
     * reference. An -EEXIST means some other page already sits at that entry: 2.6.20 blames
     * a speculative read_swap_cache_async (readahead) and simply gives the slot back and
     * asks for another, so the loop ends only with success, no slot, or another error.
     * The new cache page is marked uptodate (its data is in memory) and dirty (it is not
     * on disk yet), so pageout will write it.
     */
    @Mirrors("add_to_swap")
    @Override
    public int addToSwap(Page page, int gfpMask) {
        KernelBug.bugOn(!pageLocked(page), "add_to_swap: page not locked");
        SwapfileOps sf = swapfile.get();
        for (;;) {
            int entry = sf.getSwapPage();
            if (entry == 0) {
                return 0;
            }
            // __GFP_NOMEMALLOC keeps tree-node allocations of a reclaiming task out of the
            // emergency reserves (2.6.20 notes the theoretical deadlock this leaves).
            int err = addToSwapCacheRaw(page, entry, gfpMask | Gfp.__GFP_NOMEMALLOC | Gfp.__GFP_NOWARN);
            if (err == 0) {
                setPageUptodate(page);
                setPageDirty(page);
                addTotal.incrementAndGet();
                return 1;
            }
            sf.swapFree(entry);
            if (err == Errno.EEXIST.negative()) {
                existRace.incrementAndGet();
                continue;
            }
            return 0;
        }
    }

    /**
     * delete_from_swap_cache: for a locked page known to be in the swap cache (swapoff,
     * do_swap_page's cleanup paths): out of the tree, then the cache's swap_map count and
     * page reference go. The caller's own reference keeps the page from being freed here.
     */
    @Mirrors("delete_from_swap_cache")
    @Override
    public void deleteFromSwapCache(Page page) {
        int entry = Page.pagePrivate(page);
        swapperSpace.treeLock.writeLock().lock();
        try {
            deleteFromSwapCacheLocked(page);
        } finally {
            swapperSpace.treeLock.writeLock().unlock();
        }
        swapfile.get().swapFree(entry);
        swap.pageCacheRelease(page);
    }

    /**
     * free_swap_cache: when unmapping drops what may be the last user of a swap-cache page,
     * try to take it out of the cache now rather than leave it to reclaim. Testing
     * PG_swapcache before taking the page lock is only a hint: remove_exclusive_swap_page
     * checks again under the lock. A page whose lock is busy is left alone.
     */
    @Mirrors("free_swap_cache")
    @Override
    public void freeSwapCache(Page page) {
        if (pageSwapCache(page) && !testSetPageLocked(page)) {
            swapfile.get().removeExclusiveSwapPage(page);
            Filemap.unlockPage(page);
        }
    }

    /** free_page_and_swap_cache: tlb_remove_page's release of one page (free_swap_cache, then put_page). */
    @Mirrors("free_page_and_swap_cache")
    @Override
    public void freePageAndSwapCache(Page page) {
        freeSwapCache(page);
        swap.pageCacheRelease(page);
    }

    /**
     * free_pages_and_swap_cache: the mmu_gather flush. The per-CPU LRU-add pagevecs are
     * drained first, so that their references do not keep these pages alive; then the
     * pages go in batches of PAGEVEC_SIZE through free_swap_cache and release_pages.
     */
    @Mirrors("free_pages_and_swap_cache")
    @Override
    public void freePagesAndSwapCache(Page[] pages, int nr) {
        swap.lruAddDrain();
        Page[] batch = nr > Pagevec.PAGEVEC_SIZE ? new Page[Pagevec.PAGEVEC_SIZE] : pages;
        int off = 0;
        while (nr > 0) {
            int todo = Math.min(nr, Pagevec.PAGEVEC_SIZE);
            for (int i = 0; i < todo; i++) {
                freeSwapCache(pages[off + i]);
            }
            if (batch != pages) {
                System.arraycopy(pages, off, batch, 0, todo);
            }
            swap.releasePages(batch, todo, false);
            off += todo;
            nr -= todo;
        }
    }

    /**
     * lookup_swap_cache: do_swap_page's first look for the page of a swap pte. The page
     * comes back unlocked with a reference of the caller's; the caller relies on the pte
     * check under the pte lock to notice if the page stopped being that entry's meanwhile.
     */
    @Mirrors("lookup_swap_cache")
    @Override
    public Page lookupSwapCache(int entry) {
        Page page = Filemap.findGetPage(swapperSpace, entry);
        if (page != null) {
            findSuccess.incrementAndGet();
        }
        findTotal.incrementAndGet();
        return page;
    }

    /**
     * read_swap_cache_async: find the page of {@code entry} in memory or start reading it.
     * Callers are do_swap_page after a cache miss, swapin_readahead for the entries around
     * it, and swapoff. The loop:
     * <ol>
     * <li>Look in the cache with find_get_page directly (lookup_swap_cache usually failed
     *   just before; counting the lookup again would skew the statistics).</li>
     * <li>Allocate a page once; it is reused across retries.</li>
     * <li>add_to_swap_cache it. -ENOENT: the entry was freed since the caller saw it, give
     *   up. -EEXIST: someone else inserted a page for this entry between our lookup and our
     *   insertion (another reader, or reclaim reusing a just-freed entry), so look again.
     *   -ENOMEM: give up.</li>
     * <li>On success the new page is locked (by __add_to_swap_cache), goes on the active
     *   LRU and its read starts; the read completion unlocks it.</li>
     * </ol>
     * An unused new page is released. Returns the page with the caller's reference, or null.
     */
    @Mirrors("read_swap_cache_async")
    @Override
    public Page readSwapCacheAsync(int entry, VmAreaStruct vma, long addr) {
        Page foundPage;
        Page newPage = null;
        int err;
        do {
            foundPage = Filemap.findGetPage(swapperSpace, entry);
            if (foundPage != null) {
                break;
            }
            if (newPage == null) {
                newPage = pageAlloc.allocPageVma(Gfp.GFP_HIGHUSER, vma, addr);
                if (newPage == null) {
                    break;
                }
            }
            err = addToSwapCache(newPage, entry);
            if (err == 0) {
                swap.lruCacheAddActive(newPage);
                pageIo.get().swapReadpage(newPage);
                return newPage;
            }
        } while (err != Errno.ENOENT.negative() && err != Errno.ENOMEM.negative());
        if (newPage != null) {
            swap.pageCacheRelease(newPage);
        }
        return foundPage;
    }

    // ---- Java-only helpers ------------------------------------------------------------

    /** A counter as printk's %lu shows it: unsigned long is 32 bits on i386. */
    private static String ulong(long v) {
        return Long.toUnsignedString(v & 0xffffffffL);
    }
}
