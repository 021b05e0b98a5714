package linux.mm.vmscan.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import linux.kernel.KernelBug;
import linux.kernel.Printk;
import linux.mm.page.AddressSpace;
import linux.mm.page.Filemap;
import linux.mm.page.Page;
import linux.mm.page.PageFlags;
import linux.mm.page.SwapOps;
import linux.mm.page.SwapStateOps;
import linux.mm.page.SwapfileOps;
import linux.mm.page.VmAreaStruct;
import linux.mm.page.Vmstat;
import linux.mm.page.ZoneStatItem;

/**
 * A recording mm/swap_state.c over the test kernel's swapper_space: add_to_swap takes a slot
 * from the swapfile fake and inserts the page with the reference, flags and counters the
 * kernel's __add_to_swap_cache gives it; deleting reverses that. There is no readahead and
 * no read I/O: read_swap_cache_async only finds pages already cached.
 */
final class FakeSwapState implements SwapStateOps {
    final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    private final AddressSpace swapperSpace;
    private final SwapfileOps swapfile;
    private final SwapOps swap;
    private final Vmstat vmstat;
    private final Printk printk;

    FakeSwapState(AddressSpace swapperSpace, SwapfileOps swapfile, SwapOps swap, Vmstat vmstat, Printk printk) {
        this.swapperSpace = swapperSpace;
        this.swapfile = swapfile;
        this.swap = swap;
        this.vmstat = vmstat;
        this.printk = printk;
    }

    @Override
    public AddressSpace swapperSpace() {
        return swapperSpace;
    }

    @Override
    public void showSwapCacheInfo() {
        printk.printk(Printk.KERN_INFO, "swap cache: " + swapperSpace.nrpages + " pages");
    }

    @Override
    public int addToSwap(Page page, int gfpMask) {
        calls.add("add_to_swap " + page.pfn + " 0x" + Integer.toHexString(gfpMask));
        if (!PageFlags.pageLocked(page)) {
            throw new KernelBug("add_to_swap: page not locked");
        }
        int entry = swapfile.getSwapPage();
        if (entry == 0) {
            return 0;
        }
        swapperSpace.treeLock.writeLock().lock();
        try {
            if (swapperSpace.radixTreeInsert(entry, page) != 0) {
                throw new AssertionError("slot already cached");
            }
            Page.getPage(page);
            PageFlags.setPageSwapCache(page);
            Page.setPagePrivate(page, entry);
            swapperSpace.nrpages++;
            vmstat.incZonePageState(page, ZoneStatItem.NR_FILE_PAGES);
        } finally {
            swapperSpace.treeLock.writeLock().unlock();
        }
        PageFlags.setPageUptodate(page);
        PageFlags.setPageDirty(page);
        return 1;
    }

    @Override
    public void deleteFromSwapCacheLocked(Page page) {
        assert swapperSpace.treeLock.isWriteLockedByCurrentThread();
        calls.add("__delete_from_swap_cache " + page.pfn);
        if (!PageFlags.pageLocked(page) || !PageFlags.pageSwapCache(page) || PageFlags.pageWriteback(page)) {
            throw new KernelBug("__delete_from_swap_cache: bad page " + page);
        }
        swapperSpace.radixTreeDelete(Page.pagePrivate(page));
        Page.setPagePrivate(page, 0);
        PageFlags.clearPageSwapCache(page);
        swapperSpace.nrpages--;
        vmstat.decZonePageState(page, ZoneStatItem.NR_FILE_PAGES);
    }

    @Override
    public void deleteFromSwapCache(Page page) {
        int entry = Page.pagePrivate(page);
        swapperSpace.treeLock.writeLock().lock();
        try {
            deleteFromSwapCacheLocked(page);
        } finally {
            swapperSpace.treeLock.writeLock().unlock();
        }
        swapfile.swapFree(entry);
        swap.putPage(page);
    }

    @Override
    public SwapCacheInfo swapCacheInfo() {
        return new SwapCacheInfo(0, 0, 0, 0, 0, 0);
    }

    @Override
    public int addToSwapCacheRaw(Page page, int entry, int gfpMask) {
        throw new AssertionError("reclaim does not call __add_to_swap_cache");
    }

    @Override
    public int addToSwapCache(Page page, int entry) {
        throw new AssertionError("reclaim does not call add_to_swap_cache");
    }

    @Override
    public void freeSwapCache(Page page) {
    }

    @Override
    public void freePageAndSwapCache(Page page) {
        swap.putPage(page);
    }

    @Override
    public void freePagesAndSwapCache(Page[] pages, int nr) {
        swap.lruAddDrain();
        swap.releasePages(pages, nr, false);
    }

    @Override
    public Page lookupSwapCache(int entry) {
        return Filemap.findGetPage(swapperSpace, entry);
    }

    @Override
    public Page readSwapCacheAsync(int entry, VmAreaStruct vma, long addr) {
        return lookupSwapCache(entry);
    }
}
