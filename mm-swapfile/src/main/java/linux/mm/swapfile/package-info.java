/**
 * Mirrors linux-2.6.20 {@code mm/swapfile.c}: the swap-area table, swap-slot
 * allocation and reference counts, swapon, swapoff and /proc/swaps.
 *
 * <p>Contract: the functions themselves are reached through
 * {@link linux.mm.page.SwapfileOps} (declared in mm-page, as swap.h declares them);
 * this package holds {@link linux.mm.swapfile.SwapInvariants}, the swap_map accounting
 * checks any implementation of that header must pass at a quiescent point.
 *
 * <h2>Locking</h2>
 * {@code swapon_mutex} → {@code swap_lock} → {@code mmlist_lock}. swap_lock guards
 * swap_info[], swap_list, nr_swap_pages and total_swap_pages; scan_swap_map drops and
 * retakes it while it scans, so a concurrent swapoff waits for
 * {@code flags < SWP_SCANNING}. swapon_mutex serialises swapon, the end of swapoff and
 * /proc/swaps. try_to_unuse takes page locks and mmap_sem (read) with no swap_lock
 * held. The {@link linux.mm.page.Vfs} that swapon and swapoff open paths through must not
 * call back into the swap code.
 */
package linux.mm.swapfile;
