package linux.mm.page;

/*
 * Mirrors the mm/thrash.c part of linux-2.6.20 include/linux/swap.h: the swap token
 * (grab_swap_token, __put_swap_token, and the put_swap_token / disable_swap_token /
 * has_swap_token inlines). Owns no state; mm-rmap implements it (kernel-2.6.20.md §5.11).
 */

import linux.kernel.Mirrors;

/**
 * The swap token of mm/thrash.c: one mm at a time holds it, and while it does (with its
 * mmap_sem taken) page_referenced_one reports its pages referenced, so a process thrashing
 * on swap-in can make progress. do_swap_page contends for it before every swap-in read;
 * mmput gives it back.
 *
 * <h2>Locking</h2>
 * The implementation takes its own swap_token_lock (grab_swap_token only by trylock); the
 * callers hold mmap_sem for reading (do_swap_page) or nothing (mmput).
 */
public interface ThrashOps {

    /**
     * grab_swap_token(): the faulting mm contends for the token: global_faults++, its
     * priority rises or falls with the interval since its last fault, and it takes the
     * token if nobody holds it or its priority is now above the holder's (each take adds
     * 2). Skipped entirely when swap_token_lock is contended.
     *
     * <p>Differs from 2.6.20: the kernel reads {@code current->mm}; the caller passes the
     * faulting mm (the same one on every fault path mmemu has).
     */
    @Mirrors("grab_swap_token")
    void grabSwapToken(MmStruct mm);

    /** __put_swap_token(mm): if {@code mm} holds the token, nobody does any more. */
    @Mirrors("__put_swap_token")
    void putSwapTokenRaw(MmStruct mm);

    /** swap_token_mm: the mm holding the token, or null. */
    @Mirrors("swap_token_mm")
    MmStruct swapTokenMm();

    /** has_swap_token(mm) (swap.h inline): whether {@code mm} holds the token. */
    @Mirrors("has_swap_token")
    default boolean hasSwapToken(MmStruct mm) {
        return mm == swapTokenMm();
    }

    /** put_swap_token(mm) (swap.h inline): called by mmput when the mm is torn down. */
    @Mirrors("put_swap_token")
    default void putSwapToken(MmStruct mm) {
        if (hasSwapToken(mm)) {
            putSwapTokenRaw(mm);
        }
    }

    /** disable_swap_token() (swap.h inline): reclaim at priority 0 takes the token away. */
    @Mirrors("disable_swap_token")
    default void disableSwapToken() {
        MmStruct holder = swapTokenMm();
        if (holder != null) {
            putSwapToken(holder);
        }
    }
}
