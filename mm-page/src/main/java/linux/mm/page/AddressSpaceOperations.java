package linux.mm.page;

/*
 * Mirrors linux-2.6.20 include/linux/fs.h struct address_space_operations: the members the
 * swap path uses (writepage, sync_page, set_page_dirty). Owns no state.
 */

import linux.kernel.Mirrors;

/**
 * {@code a_ops} of an {@link AddressSpace}. For swapper_space the kernel installs
 * {@code swap_aops}: writepage = swap_writepage, sync_page = block_sync_page,
 * set_page_dirty = __set_page_dirty_nobuffers. swap_state builds that object from the
 * page_io and PageWriteback implementations and installs it with
 * {@link AddressSpace#setAops}.
 */
@Mirrors("address_space_operations")
public interface AddressSpaceOperations {

    /**
     * ->writepage: start writing the locked, dirty-cleared page. Called by vmscan's pageout
     * and by swapoff with the page locked; the implementation unlocks it (returning 0 or a
     * negative errno) or returns {@code AOP_WRITEPAGE_ACTIVATE} with the page still locked.
     */
    @Mirrors("writepage")
    int writepage(Page page, WritebackControl wbc);

    /**
     * ->set_page_dirty: mark the page dirty in its mapping; returns 1 if it was newly
     * dirtied. Called by {@link PageWriteback#setPageDirty} from any context (no locks needed).
     */
    int setPageDirty(Page page);

    /**
     * ->sync_page: called by a task about to sleep on the page's lock or writeback bit, so
     * the I/O it waits for gets started (block_sync_page unplugs the device). Runs without
     * locks. The default does nothing.
     */
    default void syncPage(Page page) {
    }

    /** AOP_WRITEPAGE_ACTIVATE: writepage kept the page locked and asks reclaim to activate it. */
    @Mirrors("AOP_WRITEPAGE_ACTIVATE")
    int AOP_WRITEPAGE_ACTIVATE = 0x80000;
}
