package linux.mm.page;

/*
 * Mirrors linux-2.6.20 include/asm-generic/tlb.h (struct mmu_gather, FREE_PTE_NR,
 * tlb_gather_mmu, tlb_flush_mmu, tlb_finish_mmu, tlb_remove_page, tlb_remove_tlb_entry,
 * pte_free_tlb) with i386's tlb_flush (include/asm-i386/tlb.h) and __pte_free_tlb
 * (include/asm-i386/pgalloc.h). Owns one batch of pages whose ptes were cleared but whose
 * TLB entries other CPUs may still hold.
 */

import linux.arch.x86.Cpus;
import linux.kernel.Mirrors;

/**
 * {@code struct mmu_gather}: the TLB-shootdown batch of an unmap. zap_pte_range clears a
 * pte and hands its page here instead of freeing it; only after every CPU running the mm
 * has dropped its translations ({@code flush_tlb_mm}) are the pages released
 * (free_pages_and_swap_cache), so no CPU can write through a stale TLB entry into a page
 * that has been freed and reused.
 *
 * <p>With one CPU online the gather is in "fast mode": nothing else can hold a
 * translation, so each page is freed at once (free_page_and_swap_cache) and only the final
 * flush remains.
 *
 * <h2>Locking</h2>
 * The kernel's gather is per-CPU and used with preemption off; here each unmap uses its
 * own, from the thread that does the unmap. {@link #tlbRemovePage} may be called under
 * the pte lock (it never sleeps: a full batch is flushed and released, which takes only
 * the LRU and allocator locks); {@link #tlbFinishMmu} is called with no spinlock held.
 */
@Mirrors("mmu_gather")
public final class MmuGather {

    /** Pages a batch holds before it is flushed (FREE_PTE_NR on SMP). */
    @Mirrors("FREE_PTE_NR")
    public static final int FREE_PTE_NR = 506;

    private final Cpus cpus;
    private final SwapStateOps swapState;

    /** tlb->mm. */
    private MmStruct mm;
    /** tlb->nr; the kernel's ~0U ("fast mode") is {@link #fastMode}. */
    private int nr;
    private boolean fastMode;
    /** tlb->need_flush: some pte was really cleared since the last flush. */
    private boolean needFlush;
    /** tlb->fullmm: the whole mm is being torn down (exit_mmap). */
    private boolean fullmm;
    /** tlb->pages. */
    private final Page[] pages = new Page[FREE_PTE_NR];

    /**
     * The storage of one CPU's gather (DEFINE_PER_CPU(struct mmu_gather, mmu_gathers)): it
     * flushes the TLBs of {@code cpus} and releases pages through {@code swapState}.
     */
    public MmuGather(Cpus cpus, SwapStateOps swapState) {
        this.cpus = cpus;
        this.swapState = swapState;
    }

    /**
     * tlb_gather_mmu(mm, full_mm_flush): start a batch for {@code mm}, in fast mode when only
     * one CPU is online. Returns this gather (the kernel returns the per-CPU one).
     */
    @Mirrors("tlb_gather_mmu")
    public MmuGather tlbGatherMmu(MmStruct m, boolean fullMmFlush) {
        this.mm = m;
        this.nr = 0;
        this.fastMode = cpus.nrCpus() <= 1;
        this.fullmm = fullMmFlush;
        this.needFlush = false;
        return this;
    }

    /** tlb->mm. */
    public MmStruct mm() {
        return mm;
    }

    /** tlb->fullmm. */
    public boolean fullmm() {
        return fullmm;
    }

    /** Pages held by the batch right now (0 in fast mode): transient holders of a reference. */
    public int pending() {
        return nr;
    }

    /**
     * i386 tlb_flush(tlb): flush_tlb_mm(tlb->mm), i.e. every CPU whose CR3 holds the mm's
     * page directory drops all its translations.
     */
    @Mirrors("tlb_flush")
    private void tlbFlush() {
        int pgd = mm.pgd;
        if (pgd >= 0) {
            cpus.flushTlbMm(pgd);
        }
    }

    /**
     * tlb_flush_mmu(tlb, start, end): if any pte was cleared, flush the TLBs, then release
     * the batched pages (free_pages_and_swap_cache) and empty the batch.
     */
    @Mirrors("tlb_flush_mmu")
    public void tlbFlushMmu(long start, long end) {
        if (!needFlush) {
            return;
        }
        needFlush = false;
        tlbFlush();
        if (!fastMode) {
            swapState.freePagesAndSwapCache(pages, nr);
            java.util.Arrays.fill(pages, 0, nr, null);
            nr = 0;
        }
    }

    /** tlb_finish_mmu(tlb, start, end): the final flush and release of an unmap. */
    @Mirrors("tlb_finish_mmu")
    public void tlbFinishMmu(long start, long end) {
        tlbFlushMmu(start, end);
    }

    /**
     * tlb_remove_page(tlb, page): the caller cleared a pte mapping {@code page} and gives up
     * that pte's reference. Fast mode: free_page_and_swap_cache now. Otherwise the page waits
     * in the batch, which is flushed and released when full.
     */
    @Mirrors("tlb_remove_page")
    public void tlbRemovePage(Page page) {
        needFlush = true;
        if (fastMode) {
            swapState.freePageAndSwapCache(page);
            return;
        }
        pages[nr++] = page;
        if (nr >= FREE_PTE_NR) {
            tlbFlushMmu(0, 0);
        }
    }

    /**
     * tlb_remove_tlb_entry(tlb, ptep, address): a present pte was cleared, so the batch must
     * flush (i386 has nothing to do per entry).
     */
    @Mirrors("tlb_remove_tlb_entry")
    public void tlbRemoveTlbEntry(long ptep, long address) {
        needFlush = true;
    }

    /**
     * pte_free_tlb(tlb, page): a pte table page is no longer linked from its pmd; it is
     * released like a user page (i386 __pte_free_tlb is tlb_remove_page), after the flush
     * in the batched case, so no CPU's walk still reads it.
     */
    @Mirrors("pte_free_tlb")
    public void pteFreeTlb(Page ptePage) {
        needFlush = true;
        tlbRemovePage(ptePage);
    }
}
