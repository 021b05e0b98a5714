package linux.testkit;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.inject.Provider;
import java.util.concurrent.atomic.AtomicInteger;
import linux.kernel.Current;
import linux.kernel.Errno;
import linux.kernel.Printk;
import linux.mm.page.AddressSpace;
import linux.mm.page.Filemap;
import linux.mm.page.Gfp;
import linux.mm.page.Page;
import linux.mm.page.PageAllocOps;
import linux.mm.page.PageFlags;
import linux.mm.page.PageIoOps;
import linux.mm.page.SwapOps;
import linux.mm.page.SwapStateOps;
import linux.mm.page.SwapfileOps;
import linux.mm.page.VmAreaStruct;
import linux.mm.page.ZoneStatItem;

/**
 * A swap cache for the test kernels of the files below mm/swap_state.c: pages really go
 * into this kernel's {@code swapper_space} (radix tree, PG_swapcache, page->private, the
 * cache's page reference, nrpages, NR_FILE_PAGES) and their slots are counted through the
 * kernel's {@link SwapfileOps}, as the header's contract says. What it leaves out: the LRU
 * (new pages are not queued on it), readahead and the race counters. A read goes through
 * the kernel's {@link PageIoOps} (with {@code page_io=fake} it completes at once).
 *
 * <p>Records how many reads it started, the {@code current->flags} each read saw, and
 * counts adds, deletes and finds; {@link #failReadsAfter} makes reads fail (return null) as
 * an allocation failure would.
 */
@Singleton
public final class FakeSwapState implements SwapStateOps {

    private final AddressSpace swapper;
    private final Provider<SwapfileOps> swapfile;
    private final Provider<PageAllocOps> pageAlloc;
    private final Provider<SwapOps> swap;
    private final Provider<PageIoOps> pageIo;
    private final Current current;
    private final Printk printk;

    /** Reads {@link #readSwapCacheAsync} tried to start (each one allocates a page for the slot). */
    public final AtomicInteger reads = new AtomicInteger();
    /** From this many reads on, {@link #readSwapCacheAsync} fails as if alloc_page had. */
    public volatile int failReadsAfter = Integer.MAX_VALUE;
    /** The OR of {@code current->flags} at every call of {@link #readSwapCacheAsync}. */
    public volatile int currentFlagsSeen;
    /** Pages added to, deleted from and looked up in the cache (show_swap_cache_info's counts). */
    public final AtomicInteger adds = new AtomicInteger();
    public final AtomicInteger deletes = new AtomicInteger();
    public final AtomicInteger findTotal = new AtomicInteger();
    public final AtomicInteger findSuccess = new AtomicInteger();

    @Inject
    public FakeSwapState(AddressSpace swapperSpace, Provider<SwapfileOps> swapfile, Provider<PageAllocOps> pageAlloc,
            Provider<SwapOps> swap, Provider<PageIoOps> pageIo, Current current, Printk printk) {
        this.swapper = swapperSpace;
        this.swapfile = swapfile;
        this.pageAlloc = pageAlloc;
        this.swap = swap;
        this.pageIo = pageIo;
        this.current = current;
        this.printk = printk;
    }

    @Override
    public AddressSpace swapperSpace() {
        return swapper;
    }

    /** The statistics line of show_swap_cache_info, with this fake's counts (no race counters). */
    @Override
    public void showSwapCacheInfo() {
        printk.printk(Printk.KERN_INFO, "Swap cache: add " + adds.get() + ", delete " + deletes.get() + ", find "
                + findSuccess.get() + "/" + findTotal.get() + ", race 0+0");
        SwapfileOps sf = swapfile.get();
        printk.printk(Printk.KERN_INFO, "Free swap  = " + (sf.nrSwapPages() << 2) + "kB");
        printk.printk(Printk.KERN_INFO, "Total swap = " + (sf.totalSwapPages() << 2) + "kB");
    }

    /**
     * Puts {@code page} (locked, not yet in the cache) at {@code entry}: the cache's page
     * reference, PG_swapcache, page->private, the radix-tree slot. The slot's swap_map
     * reference is the caller's. Returns 0, or -EEXIST if the slot is taken.
     */
    public int addToSwapCacheRaw(Page page, int entry) {
        swapper.treeLock.writeLock().lock();
        try {
            if (swapper.radixTreeLookup(entry) != null) {
                return Errno.EEXIST.negative();
            }
            Page.pageCacheGet(page);
            PageFlags.setPageSwapCache(page);
            Page.setPagePrivate(page, entry);
            swapper.radixTreeInsert(entry, page);
            swapper.nrpages++;
            pageAlloc.get().vmstat().incZonePageState(page, ZoneStatItem.NR_FILE_PAGES);
        } finally {
            swapper.treeLock.writeLock().unlock();
        }
        adds.incrementAndGet();
        return 0;
    }

    /** A slot from get_swap_page, then the page into the cache, uptodate and dirty. Returns 1, or 0 with no slot. */
    @Override
    public int addToSwap(Page page, int gfpMask) {
        assert PageFlags.pageLocked(page) : "add_to_swap of an unlocked page";
        int entry = swapfile.get().getSwapPage();
        if (entry == 0) {
            return 0;
        }
        if (addToSwapCacheRaw(page, entry) != 0) {
            swapfile.get().swapFree(entry);
            return 0;
        }
        PageFlags.setPageUptodate(page);
        PageFlags.setPageDirty(page);
        return 1;
    }

    @Override
    public void deleteFromSwapCacheLocked(Page page) {
        swapper.radixTreeDelete(Page.pagePrivate(page));
        PageFlags.clearPageSwapCache(page);
        Page.setPagePrivate(page, 0);
        swapper.nrpages--;
        pageAlloc.get().vmstat().decZonePageState(page, ZoneStatItem.NR_FILE_PAGES);
        deletes.incrementAndGet();
    }

    @Override
    public void deleteFromSwapCache(Page page) {
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

    /** free_swap_cache: drop an unshared cache page if it can be locked at once. */
    private void freeSwapCache(Page page) {
        if (PageFlags.pageSwapCache(page) && !PageFlags.testSetPageLocked(page)) {
            swapfile.get().removeExclusiveSwapPage(page);
            Filemap.unlockPage(page);
        }
    }

    @Override
    public void freePageAndSwapCache(Page page) {
        freeSwapCache(page);
        swap.get().pageCacheRelease(page);
    }

    @Override
    public void freePagesAndSwapCache(Page[] pages, int nr) {
        swap.get().lruAddDrain();
        for (int i = 0; i < nr; i++) {
            freeSwapCache(pages[i]);
        }
        swap.get().releasePages(pages, nr, false);
    }

    @Override
    public Page lookupSwapCache(int entry) {
        Page page = Filemap.findGetPage(swapper, entry);
        findTotal.incrementAndGet();
        if (page != null) {
            findSuccess.incrementAndGet();
        }
        return page;
    }

    /**
     * The cached page of {@code entry}, or a new one: allocated, given a swap_map reference
     * (null if the slot was freed meanwhile), put in the cache locked and read through
     * page_io, which unlocks it when the read completes.
     */
    @Override
    public Page readSwapCacheAsync(int entry, VmAreaStruct vma, long addr) {
        currentFlagsSeen |= current.current().flags;
        Page found = lookupSwapCache(entry);
        if (found != null) {
            return found;
        }
        if (reads.get() >= failReadsAfter) {
            return null;
        }
        reads.incrementAndGet();
        Page page = pageAlloc.get().allocPage(Gfp.GFP_HIGHUSER);
        if (page == null) {
            return null;
        }
        if (swapfile.get().swapDuplicate(entry) == 0) {
            swap.get().putPage(page);
            return null;
        }
        PageFlags.setPageLocked(page);
        if (addToSwapCacheRaw(page, entry) != 0) {
            Filemap.unlockPage(page);
            swapfile.get().swapFree(entry);
            swap.get().putPage(page);
            return lookupSwapCache(entry);
        }
        pageIo.get().swapReadpage(page);
        return page;
    }
}
