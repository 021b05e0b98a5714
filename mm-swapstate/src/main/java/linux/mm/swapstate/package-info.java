/**
 * Mirrors linux-2.6.20 {@code mm/swap_state.c}: the swap cache. Its contract is the header
 * {@link linux.mm.page.SwapStateOps} in mm-page; the implementation sits in the internal
 * package.
 *
 * <h2>Locking</h2>
 * swapper_space.tree_lock is taken for the insertion and deletion only, for writing, and
 * for reading by lookups; the page lock brackets a page's entry into and exit from the
 * cache. See {@link linux.mm.page.SwapStateOps} and the lock order in mm-page.
 */
package linux.mm.swapstate;
