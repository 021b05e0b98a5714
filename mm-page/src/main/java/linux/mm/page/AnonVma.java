package linux.mm.page;

import linux.kernel.KernelBug;

/*
 * Mirrors linux-2.6.20 include/linux/rmap.h struct anon_vma {lock, head} and the list_head
 * operations rmap.c does on it. Owns the list of vmas that may map its anon pages.
 */

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import linux.kernel.Mirrors;

/**
 * {@code struct anon_vma}: every vma whose anonymous pages may be shared through fork (the
 * vma and its copies in children) is on one anon_vma's list; an anon page's
 * {@code mapping} points here, so rmap can find every pte that may map it.
 *
 * <h2>Locking</h2>
 * {@link #lock} ({@code anon_vma->lock}, a spinlock) guards the list. {@link #listAddTail},
 * {@link #listDel}, {@link #first} and {@link #next} require it held by the caller. In the
 * lock order it nests inside the page lock and mapping->i_mmap_lock and outside
 * page_table_lock (see the package documentation).
 *
 * <p>Differs from 2.6.20: the kernel frees an anon_vma with SLAB_DESTROY_BY_RCU when its list
 * empties; here the garbage collector reclaims it once no page or vma refers to it.
 */
@Mirrors("anon_vma")
public final class AnonVma implements PageMapping {

    /** anon_vma->lock. */
    @Mirrors("lock")
    public final ReentrantLock lock = new ReentrantLock();

    /** anon_vma->head: first vma of the circular list, null when empty. */
    private VmAreaStruct head;

    /** anon_vma_alloc(): an empty anon_vma. */
    @Mirrors("anon_vma_alloc")
    public AnonVma() {
    }

    /**
     * list_add_tail(&vma->anon_vma_node, &anon_vma->head). Caller holds {@link #lock}, or
     * the list is empty: anon_vma_prepare links the first vma on an anon_vma it has just
     * allocated without taking its lock, since nothing can reach that anon_vma yet.
     */
    public void listAddTail(VmAreaStruct vma) {
        assert lock.isHeldByCurrentThread() || head == null : "anon_vma list change without anon_vma->lock";
        if (vma.anonVmaNodeNext != null) {
            throw new KernelBug("vma already on an anon_vma list");
        }
        if (head == null) {
            vma.anonVmaNodeNext = vma;
            vma.anonVmaNodePrev = vma;
            head = vma;
        } else {
            VmAreaStruct last = head.anonVmaNodePrev;
            last.anonVmaNodeNext = vma;
            vma.anonVmaNodePrev = last;
            vma.anonVmaNodeNext = head;
            head.anonVmaNodePrev = vma;
        }
    }

    /** list_del(&vma->anon_vma_node). Caller holds {@link #lock}. */
    public void listDel(VmAreaStruct vma) {
        assert lock.isHeldByCurrentThread() : "anon_vma list change without anon_vma->lock";
        if (vma.anonVmaNodeNext == null) {
            throw new KernelBug("vma not on an anon_vma list");
        }
        if (vma.anonVmaNodeNext == vma) {
            head = null;
        } else {
            vma.anonVmaNodePrev.anonVmaNodeNext = vma.anonVmaNodeNext;
            vma.anonVmaNodeNext.anonVmaNodePrev = vma.anonVmaNodePrev;
            if (head == vma) {
                head = vma.anonVmaNodeNext;
            }
        }
        vma.anonVmaNodeNext = null;
        vma.anonVmaNodePrev = null;
    }

    /** list_empty(&anon_vma->head). */
    public boolean listEmpty() {
        return head == null;
    }

    /** The first vma on the list (list_for_each_entry start), or null. Caller holds {@link #lock}. */
    public VmAreaStruct first() {
        assert lock.isHeldByCurrentThread() : "anon_vma list walk without anon_vma->lock";
        return head;
    }

    /** The vma after {@code vma} on this list, or null after the last. Caller holds {@link #lock}. */
    public VmAreaStruct next(VmAreaStruct vma) {
        assert lock.isHeldByCurrentThread() : "anon_vma list walk without anon_vma->lock";
        VmAreaStruct n = vma.anonVmaNodeNext;
        return n == head ? null : n;
    }

    /** A snapshot of the list in order, taken under {@link #lock} (for checkers and tests). */
    public List<VmAreaStruct> vmas() {
        lock.lock();
        try {
            List<VmAreaStruct> out = new ArrayList<>();
            for (VmAreaStruct v = first(); v != null; v = next(v)) {
                out.add(v);
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "anon_vma@" + Integer.toHexString(System.identityHashCode(this));
    }
}
