package linux.testkit;

import jakarta.inject.Inject;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import java.util.concurrent.atomic.AtomicLong;
import linux.kernel.Errno;
import linux.kernel.Printk;
import linux.mm.page.AddressSpace;
import linux.mm.page.Filemap;
import linux.mm.page.Gfp;
import linux.mm.page.Page;
import linux.mm.page.PageAllocOps;
import linux.mm.page.PageFlags;
import linux.mm.page.PageIoOps;
import linux.mm.page.Pagevec;
import linux.mm.page.SwapOps;
import linux.mm.page.SwapStateOps;
import linux.mm.page.SwapfileOps;
import linux.mm.page.VmAreaStruct;
import linux.mm.page.ZoneStatItem;

/**
 * A working swap cache in swapper_space, written the way mm/swap_state.c of 2.6.20 does it
 * (the add, delete, free and read-ahead paths), for the tests of the files that use the swap
 * cache before the real mm-swapstate is in their kernel (registered as {@code simple}).
 * Counts adds, deletes and lookups.
 *
 * <p>Locking as in the kernel: tree_lock around the radix tree; the caller's page lock where
 * the header asks for it.
 */
@Singleton
public final class SimpleSwapState implements SwapStateOps {

    private final AddressSpace swapper;
    private final PageAllocOps pageAlloc;
    private final SwapOps swap;
    private final Provider<SwapfileOps> swapfile;
    private final Provider<PageIoOps> pageIo;
    private final Printk printk;

    /** Pages added (add_total), deleted (del_total), lookups (find_total) and hits (find_success). */
    public final AtomicLong addTotal = new AtomicLong();
    public final AtomicLong delTotal = new AtomicLong();
    public final AtomicLong findTotal = new AtomicLong();
    public final AtomicLong findSuccess = new AtomicLong();

    @Inject
    public SimpleSwapState(AddressSpace swapper, PageAllocOps pageAlloc, SwapOps swap, Provider<SwapfileOps> swapfile,
            Provider<PageIoOps> pageIo, Printk printk) {
        this.swapper = swapper;
        this.pageAlloc = pageAlloc;
        this.swap = swap;
        this.swapfile = swapfile;
        this.pageIo = pageIo;
        this.printk = printk;
    }

    @Override
    public AddressSpace swapperSpace() {
        return swapper;
    }

    @Override
    public SwapCacheInfo swapCacheInfo() {
        return new SwapCacheInfo(addTotal.get(), delTotal.get(), findSuccess.get(), findTotal.get(), 0, 0);
    }

    @Override
    public void showSwapCacheInfo() {
        printk.printk(Printk.KERN_INFO, "Swap cache: add " + addTotal + ", delete " + delTotal + ", find "
                + findSuccess + "/" + findTotal);
    }

    /** __add_to_swap_cache: the page goes in locked, with the cache's reference. */
    @Override
    public int addToSwapCacheRaw(Page page, int entry, int gfpMask) {
        swapper.treeLock.writeLock().lock();
        try {
            int error = swapper.radixTreeInsert(entry, page);
            if (error != 0) {
                return error;
            }
            Page.pageCacheGet(page);
            PageFlags.setPageLocked(page);
            PageFlags.setPageSwapCache(page);
            Page.setPagePrivate(page, entry);
            swapper.nrpages++;
            pageAlloc.vmstat().incZonePageState(page, ZoneStatItem.NR_FILE_PAGES);
            addTotal.incrementAndGet();
            return 0;
        } finally {
            swapper.treeLock.writeLock().unlock();
        }
    }

    /** add_to_swap_cache: a reference on the slot (-ENOENT if it was freed), then the cache. */
    @Override
    public int addToSwapCache(Page page, int entry) {
        if (swapfile.get().swapDuplicate(entry) == 0) {
            return Errno.ENOENT.negative();
        }
        int error = addToSwapCacheRaw(page, entry, Gfp.GFP_KERNEL);
        if (error != 0) {
            swapfile.get().swapFree(entry);
        }
        return error;
    }

    @Override
    public int addToSwap(Page page, int gfpMask) {
        for (;;) {
            int entry = swapfile.get().getSwapPage();
            if (entry == 0) {
                return 0;
            }
            int err = addToSwapCacheRaw(page, entry, gfpMask);
            if (err == 0) {
                PageFlags.setPageUptodate(page);
                PageFlags.setPageDirty(page);
                return 1;
            }
            swapfile.get().swapFree(entry);
            if (err != Errno.EEXIST.negative()) {
                return 0;
            }
        }
    }

    @Override
    public void deleteFromSwapCacheLocked(Page page) {
        swapper.radixTreeDelete(Page.pagePrivate(page));
        Page.setPagePrivate(page, 0);
        PageFlags.clearPageSwapCache(page);
        swapper.nrpages--;
        pageAlloc.vmstat().decZonePageState(page, ZoneStatItem.NR_FILE_PAGES);
        delTotal.incrementAndGet();
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
        swap.pageCacheRelease(page);
    }

    /** free_swap_cache: drop an unmapped page from the cache if it can be locked and nobody else uses it. */
    @Override
    public void freeSwapCache(Page page) {
        if (PageFlags.pageSwapCache(page) && !Page.pageMapped(page) && !PageFlags.testSetPageLocked(page)) {
            swapfile.get().removeExclusiveSwapPage(page);
            Filemap.unlockPage(page);
        }
    }

    @Override
    public void freePageAndSwapCache(Page page) {
        freeSwapCache(page);
        swap.pageCacheRelease(page);
    }

    @Override
    public void freePagesAndSwapCache(Page[] pages, int nr) {
        swap.lruAddDrain();
        Page[] batch = new Page[Pagevec.PAGEVEC_SIZE];
        for (int at = 0; at < nr;) {
            int todo = Math.min(nr - at, Pagevec.PAGEVEC_SIZE);
            for (int i = 0; i < todo; i++) {
                batch[i] = pages[at + i];
                freeSwapCache(batch[i]);
            }
            swap.releasePages(batch, todo, false);
            at += todo;
        }
    }

    @Override
    public Page lookupSwapCache(int entry) {
        Page page = Filemap.findGetPage(swapper, entry);
        if (page != null) {
            findSuccess.incrementAndGet();
        }
        findTotal.incrementAndGet();
        return page;
    }

    @Override
    public Page readSwapCacheAsync(int entry, VmAreaStruct vma, long addr) {
        Page found;
        Page newPage = null;
        int err;
        do {
            found = Filemap.findGetPage(swapper, entry);
            if (found != null) {
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
        return found;
    }
}
