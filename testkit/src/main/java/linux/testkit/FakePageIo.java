package linux.testkit;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.inject.Provider;
import java.util.concurrent.atomic.AtomicInteger;
import linux.mm.page.Filemap;
import linux.mm.page.Page;
import linux.mm.page.PageFlags;
import linux.mm.page.PageIoOps;
import linux.mm.page.PageWriteback;
import linux.mm.page.SwapOps;
import linux.mm.page.SwapfileOps;
import linux.mm.page.WritebackControl;

/**
 * Swap page I/O for the test kernels of the files below mm/page_io.c: every bio "completes"
 * at once in the caller's context, without moving data. A write first lets
 * remove_exclusive_swap_page drop a page whose slot nobody else uses (no I/O then, as the
 * header says); otherwise it sets PG_writeback, unlocks
 * the page and ends the writeback (rotating a PG_reclaim page as the real completion would);
 * a read sets PG_uptodate and unlocks the page. {@link #failReads} makes reads end as the
 * real read completion does on an I/O error (PG_error, not uptodate, unlocked).
 *
 * <p>Records the number of reads and writes started (a write dropped by
 * remove_exclusive_swap_page is not one) and the sync mode of the last write.
 */
@Singleton
public final class FakePageIo implements PageIoOps {

    private final PageWriteback pageWriteback;
    private final Provider<SwapOps> swap;
    private final Provider<SwapfileOps> swapfile;

    /** Pages written and read. */
    public final AtomicInteger writes = new AtomicInteger();
    public final AtomicInteger reads = new AtomicInteger();
    /** The {@code wbc->sync_mode} of the last write, or null before the first. */
    public volatile WritebackControl.WritebackSyncModes lastSyncMode;
    /** Whether reads end with an I/O error. */
    public volatile boolean failReads;

    @Inject
    public FakePageIo(PageWriteback pageWriteback, Provider<SwapOps> swap, Provider<SwapfileOps> swapfile) {
        this.pageWriteback = pageWriteback;
        this.swap = swap;
        this.swapfile = swapfile;
    }

    @Override
    public int swapWritepage(Page page, WritebackControl wbc) {
        assert PageFlags.pageLocked(page) : "swap_writepage of an unlocked page";
        if (swapfile.get().removeExclusiveSwapPage(page) != 0) {
            Filemap.unlockPage(page);
            return 0;
        }
        writes.incrementAndGet();
        lastSyncMode = wbc.syncMode;
        pageWriteback.setPageWriteback(page);
        Filemap.unlockPage(page);
        pageWriteback.endPageWriteback(page, swap.get());
        return 0;
    }

    @Override
    public int swapReadpage(Page page) {
        assert PageFlags.pageLocked(page) : "swap_readpage of an unlocked page";
        reads.incrementAndGet();
        if (failReads) {
            PageFlags.setPageError(page);
            PageFlags.clearPageUptodate(page);
        } else {
            PageFlags.setPageUptodate(page);
        }
        Filemap.unlockPage(page);
        return 0;
    }
}
