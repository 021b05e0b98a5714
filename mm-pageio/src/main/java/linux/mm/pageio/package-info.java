/**
 * Mirrors linux-2.6.20 {@code mm/page_io.c}: swap bios and their completions. Its contract is
 * the header {@link linux.mm.page.PageIoOps} in mm-page; the implementation sits in the
 * internal package.
 *
 * <h2>Locking</h2>
 * swap_writepage and swap_readpage are called with the page locked and no spinlock-like
 * lock; the completions run in the device's completion context and take only lru_lock
 * (rotate_reclaimable_page), tree_lock (the writeback and dirty tags) and the page wait
 * queues.
 */
package linux.mm.pageio;
