package linux.mm.pageio.internal;

import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.util.ArrayList;
import java.util.List;
import linux.kernel.Errno;
import linux.kernel.Printk;
import linux.mm.page.AddressSpace;
import linux.mm.page.AddressSpaceOperations;
import linux.mm.page.Filemap;
import linux.mm.page.Gfp;
import linux.mm.page.Page;
import linux.mm.page.PageAllocOps;
import linux.mm.page.PageFlags;
import linux.mm.page.PageIoOps;
import linux.mm.page.PageWriteback;
import linux.mm.page.SwapOps;
import linux.mm.page.SwapStateOps;
import linux.mm.page.SwapfileOps;
import linux.mm.page.VmAreaStruct;
import linux.mm.page.WritebackControl;
import linux.mm.page.ZoneStatItem;

/**
 * A small swap cache for page_io's tests (mm/swap_state.c comes after page_io, so its real
 * implementation may not be used here): the same state changes in the plainest form, with
 * every call recorded by kernel name. It installs a swap_aops into swapper_space as the
 * real one does.
 */
final class RecordingSwapState implements SwapStateOps {
    private final AddressSpace swapper;
    private final PageAllocOps pageAlloc;
    private final SwapOps swap;
    private final Provider<SwapfileOps> swapfile;
    private final Provider<PageIoOps> pageIo;
    private final List<String> calls = new ArrayList<>();
    private long adds;
    private long deletes;

    @Inject
    RecordingSwapState(AddressSpace swapper, PageWriteback pageWriteback, PageAllocOps pageAlloc, SwapOps swap,
            Provider<SwapfileOps> swapfile, Provider<PageIoOps> pageIo) {
        this.swapper = swapper;
        this.pageAlloc = pageAlloc;
        this.swap = swap;
        this.swapfile = swapfile;
        this.pageIo = pageIo;
        swapper.setAops(new AddressSpaceOperations() {
            @Override
            public int writepage(Page page, WritebackControl wbc) {
                return pageIo.get().swapWritepage(page, wbc);
            }

            @Override
            public int setPageDirty(Page page) {
                return pageWriteback.setPageDirtyNobuffers(page);
            }

            @Override
            public void syncPage(Page page) {
                swapfile.get().swapUnplugIoFn(page);
            }
        });
    }

    private synchronized void record(String call) {
        calls.add(call);
    }

    /** The calls made so far, by kernel name. */
    synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    @Override
    public AddressSpace swapperSpace() {
        return swapper;
    }

    @Override
    public synchronized SwapCacheInfo swapCacheInfo() {
        return new SwapCacheInfo(adds, deletes, 0, 0, 0, 0);
    }

    @Override
    public void showSwapCacheInfo() {
        record("show_swap_cache_info");
    }

    @Override
    public int addToSwapCacheRaw(Page page, int entry, int gfpMask) {
        record("__add_to_swap_cache");
        swapper.treeLock.writeLock().lock();
        try {
            int err = swapper.radixTreeInsert(entry, page);
            if (err != 0) {
                return err;
            }
            Page.pageCacheGet(page);
            PageFlags.setPageLocked(page);
            PageFlags.setPageSwapCache(page);
            Page.setPagePrivate(page, entry);
            swapper.nrpages++;
            pageAlloc.vmstat().incZonePageState(page, ZoneStatItem.NR_FILE_PAGES);
        } finally {
            swapper.treeLock.writeLock().unlock();
        }
        synchronized (this) {
            adds++;
        }
        return 0;
    }

    @Override
    public int addToSwapCache(Page page, int entry) {
        record("add_to_swap_cache");
        if (swapfile.get().swapDuplicate(entry) == 0) {
            return Errno.ENOENT.negative();
        }
        int err = addToSwapCacheRaw(page, entry, Gfp.GFP_KERNEL);
        if (err != 0) {
            swapfile.get().swapFree(entry);
        }
        return err;
    }

    @Override
    public void deleteFromSwapCacheLocked(Page page) {
        record("__delete_from_swap_cache");
        swapper.radixTreeDelete(Page.pagePrivate(page));
        Page.setPagePrivate(page, 0);
        PageFlags.clearPageSwapCache(page);
        swapper.nrpages--;
        pageAlloc.vmstat().decZonePageState(page, ZoneStatItem.NR_FILE_PAGES);
        synchronized (this) {
            deletes++;
        }
    }

    @Override
    public int addToSwap(Page page, int gfpMask) {
        record("add_to_swap");
        int entry = swapfile.get().getSwapPage();
        if (entry == 0) {
            return 0;
        }
        if (addToSwapCacheRaw(page, entry, gfpMask) != 0) {
            swapfile.get().swapFree(entry);
            return 0;
        }
        PageFlags.setPageUptodate(page);
        PageFlags.setPageDirty(page);
        return 1;
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
        swap.pageCacheRelease(page);
    }

    @Override
    public void freeSwapCache(Page page) {
        record("free_swap_cache");
        if (PageFlags.pageSwapCache(page) && !PageFlags.testSetPageLocked(page)) {
            swapfile.get().removeExclusiveSwapPage(page);
            Filemap.unlockPage(page);
        }
    }

    @Override
    public void freePageAndSwapCache(Page page) {
        record("free_page_and_swap_cache");
        freeSwapCache(page);
        swap.pageCacheRelease(page);
    }

    @Override
    public void freePagesAndSwapCache(Page[] pages, int nr) {
        record("free_pages_and_swap_cache");
        for (int i = 0; i < nr; i++) {
            freePageAndSwapCache(pages[i]);
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
        Page page = Filemap.findGetPage(swapper, entry);
        if (page != null) {
            return page;
        }
        page = pageAlloc.allocPageVma(Gfp.GFP_HIGHUSER, vma, addr);
        if (page == null) {
            return null;
        }
        if (addToSwapCache(page, entry) != 0) {
            swap.pageCacheRelease(page);
            return Filemap.findGetPage(swapper, entry);
        }
        swap.lruCacheAddActive(page);
        pageIo.get().swapReadpage(page);
        return page;
    }
}
