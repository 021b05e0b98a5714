package linux.mm.vmscan.internal;

import java.util.ArrayList;
import java.util.List;
import linux.kernel.Errno;
import linux.mm.page.AddressSpaceOperations;
import linux.mm.page.Filemap;
import linux.mm.page.Page;
import linux.mm.page.PageWriteback;
import linux.mm.page.WritebackControl;

/**
 * swapper_space's a_ops for the tests, standing in for swap_writepage: each write is
 * recorded with its writeback_control and answered as {@link #mode} says.
 */
final class FakeWritepage implements AddressSpaceOperations {

    /** How writepage answers. */
    enum Mode {
        /** set_page_writeback, unlock, return 0: the completion comes later (the test ends it). */
        ASYNC,
        /** unlock and return 0 without writeback: a write that finished at once. */
        SYNC,
        /** re-dirty, keep the page locked and return AOP_WRITEPAGE_ACTIVATE. */
        ACTIVATE,
        /** re-dirty, unlock, return -ENOMEM (swap_writepage without a bio). */
        ENOMEM,
        /** re-dirty, unlock, return -ENOSPC. */
        ENOSPC
    }

    final List<Page> written = new ArrayList<>();
    final List<WritebackControl> wbcs = new ArrayList<>();
    volatile Mode mode = Mode.ASYNC;
    private final PageWriteback pageWriteback;

    FakeWritepage(PageWriteback pageWriteback) {
        this.pageWriteback = pageWriteback;
    }

    @Override
    public synchronized int writepage(Page page, WritebackControl wbc) {
        written.add(page);
        wbcs.add(wbc);
        switch (mode) {
            case ASYNC:
                pageWriteback.setPageWriteback(page);
                Filemap.unlockPage(page);
                return 0;
            case SYNC:
                Filemap.unlockPage(page);
                return 0;
            case ACTIVATE:
                // as shmem_writepage does when it cannot write: re-dirty, keep the lock
                pageWriteback.setPageDirty(page);
                return AOP_WRITEPAGE_ACTIVATE;
            case ENOMEM:
                pageWriteback.setPageDirty(page);
                Filemap.unlockPage(page);
                return Errno.ENOMEM.negative();
            case ENOSPC:
            default:
                pageWriteback.setPageDirty(page);
                Filemap.unlockPage(page);
                return Errno.ENOSPC.negative();
        }
    }

    @Override
    public int setPageDirty(Page page) {
        return pageWriteback.setPageDirtyNobuffers(page);
    }
}
