package linux.mm.page;

/*
 * Mirrors the mm/thrash.c part of linux-2.6.20 include/linux/swap.h: the swap token as
 * reclaim touches it. Owns no state; the module implementing mm/thrash.c provides it.
 */

import linux.kernel.Mirrors;

/**
 * The swap token of mm/thrash.c (kernel-2.6.20.md §5.11) as page reclaim sees it. While an
 * mm holds the token, page_referenced reports its pages as referenced, which shields the
 * task that is busy faulting its memory back in. Reclaim that has fallen to priority 0
 * takes the shield away.
 *
 * <p>Locking: the implementation takes swap_token_lock itself; callers hold nothing.
 */
public interface ThrashOps {

    /**
     * disable_swap_token() (swap.h inline): if some mm holds the token, take it away
     * (put_swap_token of the holder). Called by try_to_free_pages and balance_pgdat at
     * priority 0.
     */
    @Mirrors("disable_swap_token")
    void disableSwapToken();
}
