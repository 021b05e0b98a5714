package linux.mm.page;

/*
 * Mirrors linux-2.6.20 mm/thrash.c as include/linux/swap.h declares it (swap_token_mm,
 * grab_swap_token, __put_swap_token) and swap.h's inlines has_swap_token, put_swap_token and
 * disable_swap_token. Owns no state; the implementation holds the token.
 */

import linux.kernel.Mirrors;

/**
 * The swap token: thrashing protection. At most one mm holds it; while the holder is in the
 * middle of a fault (its mmap_sem is held), page_referenced counts its pages as referenced,
 * so reclaim leaves the working set of the task that is paging in alone. Major swap-in
 * faults contend for it (do_swap_page), reclaim at priority 0 takes it away
 * (try_to_free_pages, balance_pgdat), and mmput drops it with the mm.
 *
 * <h2>Locking</h2>
 * The implementation has the kernel's {@code swap_token_lock}; grab_swap_token only
 * trylocks it and gives up when it is busy. No caller holds it. {@link #swapTokenMm} and
 * {@link #hasSwapToken} read the holder without the lock, as swap.h does.
 */
public interface SwapTokenOps {

    /** swap_token_mm: the mm holding the token, or null. Read without a lock. */
    @Mirrors("swap_token_mm")
    MmStruct swapTokenMm();

    /**
     * grab_swap_token(): a major fault of {@code mm} is about to read from swap; count the
     * fault, update the mm's token priority from how soon it faulted again, and hand it the
     * token if nobody holds it or its priority now beats the holder's. Called by do_swap_page
     * under mmap_sem (read) without spinlocks.
     *
     * <p>Differs from 2.6.20: the kernel works on {@code current->mm}; here the faulting mm is
     * a parameter (the same mm, except for get_user_pages on another task's mm).
     */
    @Mirrors("grab_swap_token")
    void grabSwapToken(MmStruct mm);

    /** __put_swap_token(mm): under swap_token_lock, clear the token if {@code mm} holds it. */
    @Mirrors("__put_swap_token")
    void putSwapTokenRaw(MmStruct mm);

    /** has_swap_token(mm): whether {@code mm} holds the token (no lock). */
    @Mirrors("has_swap_token")
    default boolean hasSwapToken(MmStruct mm) {
        return mm == swapTokenMm();
    }

    /** put_swap_token(mm): mmput's release of the token held by a dying mm. */
    @Mirrors("put_swap_token")
    default void putSwapToken(MmStruct mm) {
        if (hasSwapToken(mm)) {
            putSwapTokenRaw(mm);
        }
    }

    /** disable_swap_token(): reclaim at priority 0 takes the token from whoever holds it. */
    @Mirrors("disable_swap_token")
    default void disableSwapToken() {
        putSwapToken(swapTokenMm());
    }
}
