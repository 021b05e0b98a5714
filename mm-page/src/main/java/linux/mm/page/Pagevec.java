package linux.mm.page;

/*
 * Mirrors linux-2.6.20 include/linux/pagevec.h: struct pagevec and its inlines
 * (pagevec_init, pagevec_reinit, pagevec_count, pagevec_space, pagevec_add). Owns up to
 * PAGEVEC_SIZE page pointers.
 */

import linux.kernel.Mirrors;

/**
 * A small batch of pages ({@code struct pagevec}) used to amortise lock round trips:
 * the per-CPU LRU-add queues of mm/swap.c and the release batches of reclaim. The
 * batch functions that consume a pagevec ({@code __pagevec_release},
 * {@code __pagevec_lru_add} ...) live in {@link Swap} and {@link PageAlloc}.
 *
 * <p>Locking: a pagevec belongs to its user (a caller's local, or a CPU's queue guarded
 * by the queue's monitor).
 */
@Mirrors("pagevec")
public final class Pagevec {

    /** 14 pointers plus two words make the C struct a power of two in size. */
    @Mirrors("PAGEVEC_SIZE")
    public static final int PAGEVEC_SIZE = 14;

    /** pagevec->nr: pages held, in {@code pages[0 .. nr-1]}. */
    public int nr;
    /** pagevec->cold: whether pages freed from this pagevec go to the cold per-CPU list. */
    public boolean cold;
    /** pagevec->pages. */
    public final Page[] pages = new Page[PAGEVEC_SIZE];

    /** An empty hot pagevec; call {@link #pagevecInit} to choose cold. */
    public Pagevec() {
    }

    /** Empties the pagevec and sets whether its pages are cache-cold. */
    @Mirrors("pagevec_init")
    public void pagevecInit(boolean cold) {
        this.nr = 0;
        this.cold = cold;
    }

    /** Empties the pagevec, keeping its cold setting. */
    @Mirrors("pagevec_reinit")
    public void pagevecReinit() {
        this.nr = 0;
    }

    /** Number of pages held. */
    @Mirrors("pagevec_count")
    public int pagevecCount() {
        return nr;
    }

    /** Free slots left. */
    @Mirrors("pagevec_space")
    public int pagevecSpace() {
        return PAGEVEC_SIZE - nr;
    }

    /** Appends {@code page}; returns the slots still free, 0 meaning "full, flush now". */
    @Mirrors("pagevec_add")
    public int pagevecAdd(Page page) {
        pages[nr++] = page;
        return pagevecSpace();
    }

    /** The page in slot {@code i} (0 .. count()-1). */
    public Page page(int i) {
        if (i >= nr) {
            throw new IndexOutOfBoundsException("pagevec slot " + i + " of " + nr);
        }
        return pages[i];
    }

    /** Whether freed pages go to the cold list. */
    public boolean cold() {
        return cold;
    }
}
