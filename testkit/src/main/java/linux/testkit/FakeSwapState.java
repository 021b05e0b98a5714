package linux.testkit;

import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.util.ArrayList;
import java.util.List;
import linux.kernel.Current;
import linux.kernel.KernelBug;
import linux.kernel.Printk;
import linux.mm.page.AddressSpace;
import linux.mm.page.Filemap;
import linux.mm.page.Gfp;
import linux.mm.page.Page;
import linux.mm.page.PageAllocOps;
import linux.mm.page.PageFlags;
import linux.mm.page.SwapOps;
import linux.mm.page.SwapStateOps;
import linux.mm.page.SwapfileOps;
import linux.mm.page.VmAreaStruct;
import linux.mm.page.ZoneStatItem;

/**
 * A recording {@link SwapStateOps} for kernels without mm/swap_state.c: a swap cache in this
 * kernel's swapper_space with the bookkeeping of the real one and no I/O. add_to_swap takes
 * a slot from the kernel's swapfile.c and adds the locked page as __add_to_swap_cache does
 * (the cache's page reference, PG_swapcache, page->private, nrpages, NR_FILE_PAGES), then
 * sets PG_uptodate and PG_dirty; __delete_from_swap_cache undoes that and
 * delete_from_swap_cache also frees the slot and the reference. read_swap_cache_async
 * returns a cached page or adds a fresh uptodate one without reading it (its contents are
 * whatever the allocator gave), so its callers find a page but not the data. The freeing
 * helpers drop a cache page whose slot nobody else uses (remove_exclusive_swap_page) before
 * releasing. Every call is recorded by kernel name, thread-safely.
 *
 * <p>For swapoff's tests: read_swap_cache_async fails (null, as when no page can be
 * allocated) once {@link #failReadsAfter} pages have been added by it, and ORs the caller's
 * {@code current->flags} into {@link #currentFlagsSeen}.
 */
public final class FakeSwapState implements SwapStateOps {

    private final List<String> calls = new ArrayList<>();
    private final AddressSpace swapper;
    private final Printk printk;
    private final Provider<SwapfileOps> swapfile;
    private final Provider<SwapOps> swap;
    private final Provider<PageAllocOps> pageAlloc;
    private final Current current;

    /** Pages read_swap_cache_async has added to the cache. */
    private int reads;
    /** From this many added pages on, read_swap_cache_async fails as if no page could be allocated. */
    public volatile int failReadsAfter = Integer.MAX_VALUE;
    /** The OR of the callers' {@code current->flags} over the read_swap_cache_async calls. */
    public volatile int currentFlagsSeen;

    @Inject
    public FakeSwapState(AddressSpace swapperSpace, Printk printk, Provider<SwapfileOps> swapfile,
            Provider<SwapOps> swap, Provider<PageAllocOps> pageAlloc, Current current) {
        this.swapper = swapperSpace;
        this.printk = printk;
        this.swapfile = swapfile;
        this.swap = swap;
        this.pageAlloc = pageAlloc;
        this.current = current;
    }

    /** How many pages read_swap_cache_async has added to the cache (its "reads"). */
    public synchronized int reads() {
        return reads;
    }

    /** The kernel names of the calls so far, oldest first. */
    public synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    private synchronized void record(String call) {
        calls.add(call);
    }

    @Override
    public AddressSpace swapperSpace() {
        return swapper;
    }

    @Override
    public void showSwapCacheInfo() {
        record("show_swap_cache_info");
        printk.printk(Printk.KERN_INFO, swapper.nrpages + " pages in swap cache");
    }

    @Override
    public int addToSwap(Page page, int gfpMask) {
        record("add_to_swap");
        if (!PageFlags.pageLocked(page)) {
            throw new KernelBug("add_to_swap: page not locked");
        }
        int entry = swapfile.get().getSwapPage();
        if (entry == 0) {
            return 0;
        }
        insertIntoCache(page, entry);
        PageFlags.setPageUptodate(page);
        PageFlags.setPageDirty(page);
        return 1;
    }

    /** The page joins the cache at {@code entry}, whose slot reference the caller holds. */
    private void insertIntoCache(Page page, int entry) {
        Page.getPage(page);
        swapper.treeLock.writeLock().lock();
        try {
            swapper.radixTreeInsert(entry, page);
            PageFlags.setPageSwapCache(page);
            Page.setPagePrivate(page, entry);
            swapper.nrpages++;
            pageAlloc.get().vmstat().incZonePageState(page, ZoneStatItem.NR_FILE_PAGES);
        } finally {
            swapper.treeLock.writeLock().unlock();
        }
    }

    @Override
    public void deleteFromSwapCacheLocked(Page page) {
        record("__delete_from_swap_cache");
        swapper.radixTreeDelete(Page.pagePrivate(page));
        Page.setPagePrivate(page, 0);
        PageFlags.clearPageSwapCache(page);
        swapper.nrpages--;
        pageAlloc.get().vmstat().decZonePageState(page, ZoneStatItem.NR_FILE_PAGES);
    }

    @Override
    public void deleteFromSwapCache(Page page) {
        record("delete_from_swap_cache");
        int entry = Page.pagePrivate(page);
        swapper.treeLock.writeLock().lock();
        try {
            deleteFromSwapCacheLocked(page);
        } finally {
            swapper.treeLock.writeLock().unlock();
        }
        swapfile.get().swapFree(entry);
        swap.get().pageCacheRelease(page);
    }

    @Override
    public void freePageAndSwapCache(Page page) {
        record("free_page_and_swap_cache");
        freeSwapCache(page);
        swap.get().pageCacheRelease(page);
    }

    @Override
    public void freePagesAndSwapCache(Page[] pages, int nr) {
        record("free_pages_and_swap_cache");
        for (int i = 0; i < nr; i++) {
            freeSwapCache(pages[i]);
        }
        swap.get().releasePages(pages, nr, false);
    }

    @Override
    public void freeSwapCache(Page page) {
        if (PageFlags.pageSwapCache(page) && !PageFlags.testSetPageLocked(page)) {
            swapfile.get().removeExclusiveSwapPage(page);
            Filemap.unlockPage(page);
        }
    }

    @Override
    public Page lookupSwapCache(int entry) {
        record("lookup_swap_cache");
        return Filemap.findGetPage(swapper, entry);
    }

    @Override
    public Page readSwapCacheAsync(int entry, VmAreaStruct vma, long addr) {
        record("read_swap_cache_async");
        currentFlagsSeen |= current.current().flags;
        Page found = Filemap.findGetPage(swapper, entry);
        if (found != null) {
            return found;
        }
        synchronized (this) {
            if (reads >= failReadsAfter) {
                return null;
            }
        }
        Page page = pageAlloc.get().allocPage(Gfp.GFP_HIGHUSER);
        if (page == null) {
            return null;
        }
        if (swapfile.get().swapDuplicate(entry) == 0) {
            swap.get().putPage(page);
            return null;
        }
        insertIntoCache(page, entry);
        PageFlags.setPageUptodate(page);
        synchronized (this) {
            reads++;
        }
        return page;
    }

    /** No statistics: the fake counts its calls instead ({@link #calls()}). */
    @Override
    public SwapCacheInfo swapCacheInfo() {
        return new SwapCacheInfo(0, 0, 0, 0, 0, 0);
    }

    /** __add_to_swap_cache: the page joins the cache locked, the slot reference the caller's; -EEXIST if taken. */
    @Override
    public int addToSwapCacheRaw(Page page, int entry, int gfpMask) {
        record("__add_to_swap_cache");
        Page other = Filemap.findGetPage(swapper, entry);
        if (other != null) {
            swap.get().pageCacheRelease(other);
            return linux.kernel.Errno.EEXIST.negative();
        }
        PageFlags.setPageLocked(page);
        insertIntoCache(page, entry);
        return 0;
    }

    /** add_to_swap_cache: a slot reference for the cache first (-ENOENT if the entry is free), then the insertion. */
    @Override
    public int addToSwapCache(Page page, int entry) {
        record("add_to_swap_cache");
        if (swapfile.get().swapDuplicate(entry) == 0) {
            return linux.kernel.Errno.ENOENT.negative();
        }
        int err = addToSwapCacheRaw(page, entry, 0);
        if (err != 0) {
            swapfile.get().swapFree(entry);
        }
        return err;
    }
}
