package linux.mm.rmap.internal;

/*
 * Mirrors linux-2.6.20 mm/thrash.c: grab_swap_token and __put_swap_token. Owns the file's
 * globals swap_token_lock, swap_token_mm and global_faults.
 */

import jakarta.inject.Inject;
import java.util.concurrent.locks.ReentrantLock;
import linux.kernel.Mirrors;
import linux.mm.page.MmStruct;
import linux.mm.page.SwapTokenOps;

/**
 * Mirrors linux-2.6.20 {@code mm/thrash.c}: the swap token, Song Jiang's token-based
 * thrashing protection with the 2.6.20 priority scheme. Each mm has a token priority; a
 * major fault that comes sooner after the mm's previous one than the gap before that raises
 * it, a later one lowers it; an mm whose priority passes the holder's takes the token, and
 * every grab by the holder or a new holder adds 2, so the token does not bounce.
 *
 * <p>The counters are {@code unsigned int} in 2.6.20 ({@code mm->faultstamp},
 * {@code token_priority}, {@code last_interval}; {@code global_faults}) and are compared
 * as such. One consequence is mirrored as it is: the kernel's guard against a priority
 * below zero tests an unsigned value and never fires, so a priority decremented from 0
 * wraps to 0xFFFFFFFF, which then beats any holder.
 *
 * <h2>Locking</h2>
 * {@code swap_token_lock} guards the hand-over; grab_swap_token only trylocks it and counts
 * the fault anyway. {@code global_faults} is incremented before the trylock, racily, as in
 * the kernel (a lost increment only blurs the intervals). The per-mm fields are written
 * under the lock.
 */
public final class Thrash implements SwapTokenOps {

    @Mirrors("swap_token_lock")
    final ReentrantLock swapTokenLock = new ReentrantLock();

    @Mirrors("swap_token_mm")
    private volatile MmStruct swapTokenMm;

    /** Major faults so far (unsigned int; wraps). */
    @Mirrors("global_faults")
    private int globalFaults;

    /** Nobody holds the token at boot. */
    @Inject
    public Thrash() {
    }

    @Override
    @Mirrors("swap_token_mm")
    public MmStruct swapTokenMm() {
        return swapTokenMm;
    }

    /**
     * grab_swap_token(): do_swap_page's contention for the token before it reads a page in.
     * The fault is counted and its distance from {@code mm}'s previous one measured even when
     * the lock is busy; only then is the token (maybe) handed over, and the mm's faultstamp
     * and last interval updated.
     */
    @Override
    @Mirrors("grab_swap_token")
    public void grabSwapToken(MmStruct mm) {
        int currentInterval;

        globalFaults++;

        currentInterval = globalFaults - mm.faultstamp;

        if (!swapTokenLock.tryLock()) {
            return;
        }
        try {
            MmStruct holder = swapTokenMm;
            if (holder == null) {
                // Nobody has it: the first to ask gets it.
                mm.tokenPriority = mm.tokenPriority + 2;
                swapTokenMm = mm;
            } else if (mm != holder) {
                // The interval is converted to unsigned for the comparison, as in C.
                if (Integer.compareUnsigned(currentInterval, mm.lastInterval) < 0) {
                    mm.tokenPriority++;
                } else {
                    mm.tokenPriority--;
                    // The kernel's floor at 0 compares an unsigned priority with 0 and so
                    // never applies: the decrement above may wrap.
                }
                if (Integer.compareUnsigned(mm.tokenPriority, holder.tokenPriority) > 0) {
                    mm.tokenPriority += 2;
                    swapTokenMm = mm;
                }
            } else {
                // The holder faulted again.
                mm.tokenPriority += 2;
            }

            mm.faultstamp = globalFaults;
            mm.lastInterval = currentInterval;
        } finally {
            swapTokenLock.unlock();
        }
    }

    /** __put_swap_token(mm): mmput of the holder, or disable_swap_token, ends its hold. */
    @Override
    @Mirrors("__put_swap_token")
    public void putSwapTokenRaw(MmStruct mm) {
        swapTokenLock.lock();
        try {
            if (mm == swapTokenMm) {
                swapTokenMm = null;
            }
        } finally {
            swapTokenLock.unlock();
        }
    }
}
