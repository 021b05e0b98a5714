package linux.mm.page;

import linux.kernel.Mirrors;

/**
 * Mirrors linux-2.6.20 {@code include/linux/swap.h}: {@code struct swap_extent}, one
 * run of a swap area's pages stored in consecutive PAGE_SIZE disk blocks. Extents hang
 * on the area's {@code extent_list}, a circular doubly linked list whose head is a
 * sentinel extent (the kernel's {@code list_head}); they are kept in page order.
 * Written by {@code setup_swap_extents} at swapon time, read by {@code map_swap_page}.
 */
@Mirrors("swap_extent")
public final class SwapExtent {
    /** Neighbours on {@code extent_list} ({@code list.prev}, {@code list.next}). */
    public SwapExtent prev = this;
    public SwapExtent next = this;
    /** First swap page (offset) of this run. */
    public long startPage;
    /** Number of pages in the run. */
    public long nrPages;
    /** Disk block (PAGE_SIZE units) holding {@code startPage}. */
    public long startBlock;

    /** A list head: an empty circular list ({@code INIT_LIST_HEAD}). */
    public SwapExtent() {
    }

    public SwapExtent(long startPage, long nrPages, long startBlock) {
        this.startPage = startPage;
        this.nrPages = nrPages;
        this.startBlock = startBlock;
    }

    /** {@code list_add_tail(this, head)}: links this extent just before {@code head}. */
    public void addTail(SwapExtent head) {
        prev = head.prev;
        next = head;
        head.prev.next = this;
        head.prev = this;
    }

    /** {@code list_del}: unlinks this extent and makes it a list of its own. */
    public void del() {
        prev.next = next;
        next.prev = prev;
        prev = this;
        next = this;
    }

    /** {@code list_empty} for a list head. */
    public boolean isEmpty() {
        return next == this;
    }

    @Override
    public String toString() {
        return "swap_extent{start_page=" + startPage + ", nr_pages=" + nrPages + ", start_block=" + startBlock + "}";
    }
}
