package linux.mm.page;

import linux.kernel.KernelBug;

/*
 * Mirrors linux-2.6.20 kernel/fork.c / mm/init-mm: the global init_mm, mmlist_lock and the
 * mm->mmlist ring through init_mm.mmlist. Owns one emulated kernel's init_mm and mmlist lock.
 */

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import linux.kernel.Mirrors;

/**
 * The ring of mms that may hold swap entries. In 2.6.20 every mm that has had a pte
 * replaced by a swap entry is linked on {@code init_mm.mmlist} (try_to_unmap_one adds it
 * after init_mm, copy_one_pte adds a fork child right after its parent), so swapoff's
 * try_to_unuse can visit them; mmput and drain_mmlist take them off.
 *
 * <p>One instance per emulated kernel (the kernel's globals {@code init_mm} and
 * {@code mmlist_lock}); boot creates it and injects it where needed.
 *
 * <h2>Locking</h2>
 * Every method that reads or changes the ring requires {@link #mmlistLock} held by the
 * caller (asserted). mmlist_lock nests inside swap_lock and the pte locks.
 */
public final class MmList {

    /** init_mm: the kernel's own mm, head of the mmlist ring. */
    @Mirrors("init_mm")
    public final MmStruct initMm = new MmStruct("init_mm");

    /** mmlist_lock (a spinlock). */
    @Mirrors("mmlist_lock")
    public final ReentrantLock mmlistLock = new ReentrantLock();

    /**
     * list_add(&mm->mmlist, &after->mmlist): link {@code mm} right after {@code after}
     * (after = init_mm in try_to_unmap_one; the parent mm in copy_one_pte).
     * {@code mm} must not be on the ring.
     */
    public void listAdd(MmStruct mm, MmStruct after) {
        assertLocked();
        if (mm.mmlistNext != mm) {
            throw new KernelBug("list_add of an mm already on mmlist: " + mm);
        }
        MmStruct next = after.mmlistNext;
        next.mmlistPrev = mm;
        mm.mmlistNext = next;
        mm.mmlistPrev = after;
        after.mmlistNext = mm;
    }

    /** list_del_init(&mm->mmlist): unlink (a no-op for an mm not on the ring). */
    @Mirrors("list_del_init")
    public void listDelInit(MmStruct mm) {
        assertLocked();
        mm.mmlistPrev.mmlistNext = mm.mmlistNext;
        mm.mmlistNext.mmlistPrev = mm.mmlistPrev;
        mm.mmlistNext = mm;
        mm.mmlistPrev = mm;
    }

    /** list_empty(&mm->mmlist): whether {@code mm} is off the ring (for init_mm: the ring is empty). */
    public boolean listEmpty(MmStruct mm) {
        assertLocked();
        return mm.mmlistNext == mm;
    }

    /** The mm after {@code mm} on the ring (init_mm after the last one). */
    public MmStruct next(MmStruct mm) {
        assertLocked();
        return mm.mmlistNext;
    }

    /** A snapshot of the ring after init_mm, in order, taken under mmlist_lock. */
    public List<MmStruct> snapshot() {
        mmlistLock.lock();
        try {
            List<MmStruct> out = new ArrayList<>();
            for (MmStruct m = initMm.mmlistNext; m != initMm; m = m.mmlistNext) {
                out.add(m);
            }
            return out;
        } finally {
            mmlistLock.unlock();
        }
    }

    /** Whether {@code mm} is on the ring, taking mmlist_lock itself (for checkers and tests). */
    public boolean isListed(MmStruct mm) {
        mmlistLock.lock();
        try {
            return mm != initMm && mm.mmlistNext != mm;
        } finally {
            mmlistLock.unlock();
        }
    }

    private void assertLocked() {
        assert mmlistLock.isHeldByCurrentThread() : "mmlist changed without mmlist_lock";
    }
}
