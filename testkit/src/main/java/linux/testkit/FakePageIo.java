package linux.testkit;

import jakarta.inject.Inject;
import java.util.concurrent.atomic.AtomicInteger;
import linux.mm.page.Filemap;
import linux.mm.page.Page;
import linux.mm.page.PageFlags;
import linux.mm.page.PageIoOps;
import linux.mm.page.WritebackControl;

/**
 * A recording {@link PageIoOps} for kernels without mm/page_io.c: no bio is built and no
 * data moves. swap_writepage unlocks the page at once, as if the write had completed before
 * it returned (no PG_writeback, PG_dirty left to the caller, who cleared it for the I/O);
 * swap_readpage marks the page uptodate and unlocks it, its contents untouched. Both count
 * their calls.
 */
public final class FakePageIo implements PageIoOps {

    /** swap_writepage calls. */
    public final AtomicInteger writes = new AtomicInteger();
    /** swap_readpage calls. */
    public final AtomicInteger reads = new AtomicInteger();

    @Inject
    public FakePageIo() {
    }

    @Override
    public int swapWritepage(Page page, WritebackControl wbc) {
        writes.incrementAndGet();
        Filemap.unlockPage(page);
        return 0;
    }

    @Override
    public int swapReadpage(Page page) {
        reads.incrementAndGet();
        PageFlags.setPageUptodate(page);
        Filemap.unlockPage(page);
        return 0;
    }

    /** The read completion: the fake's reads complete inside swapReadpage, so a bio here only ends. */
    @Override
    public int endSwapBioRead(linux.block.Bio bio, int bytesDone, int err) {
        return bio.biSize != 0 ? 1 : 0;
    }
}
