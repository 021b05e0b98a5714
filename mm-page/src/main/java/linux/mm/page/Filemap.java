package linux.mm.page;

import linux.kernel.KernelBug;

/*
 * Mirrors linux-2.6.20 mm/filemap.c (page_waitqueue, wake_up_page, wait_on_page_bit,
 * __lock_page, unlock_page, find_get_page, find_trylock_page) and include/linux/pagemap.h
 * (lock_page, wait_on_page_locked, wait_on_page_writeback). Owns the hashed table of page
 * wait queues.
 */

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import linux.kernel.Mirrors;

/**
 * The page lock (PG_locked) and the writeback wait (PG_writeback) with real blocking, as
 * mm/filemap.c implements them on hashed wait queues.
 *
 * <p>A task that must wait for a page bit sleeps on the wait queue its page hashes to; the
 * task that clears the bit wakes that queue. As in the kernel, a queue is shared by every
 * page hashing to it, so a wakeup may find its own page still busy and go back to sleep.
 * Nothing busy-waits: a sleeper blocks in {@link Condition#awaitUninterruptibly()} until
 * woken (TASK_UNINTERRUPTIBLE). Wakers may be any thread, including a block device's
 * completion thread (the kernel's interrupt context): waking never blocks beyond taking
 * the queue's short internal lock.
 *
 * <p>Differs from 2.6.20: the kernel keeps a wait table per zone ({@code zone->wait_table})
 * and sleeps exclusively for the lock (waking one locker at a time); here one table of
 * {@value #WAIT_TABLE_SIZE} queues serves every page of every emulated kernel in the JVM,
 * and every sleeper of a queue is woken and re-checks its bit (more wakeups, same outcome).
 * Before each sleep the waiter calls the mapping's {@code ->sync_page} as sync_page() does,
 * so the I/O being waited for gets started.
 *
 * <h2>Locking</h2>
 * {@link #lockPage} may sleep and must not be called with a spinlock-like lock held
 * (page_table_lock, anon_vma->lock, swap_lock, tree_lock, lru_lock). The page lock nests
 * inside mmap_sem and outside everything else (package documentation, lock order).
 */
public final class Filemap {
    private Filemap() {
    }

    /** Number of hashed wait queues. */
    public static final int WAIT_TABLE_SIZE = 256;

    /** wait_queue_head_t: a sleeping place for tasks waiting on page bits. */
    static final class WaitQueueHead {
        final ReentrantLock lock = new ReentrantLock();
        final Condition wait = lock.newCondition();
        /** Sleepers registered (waitqueue_active), changed under {@link #lock}. */
        volatile int waiters;
    }

    private static final WaitQueueHead[] WAIT_TABLE = new WaitQueueHead[WAIT_TABLE_SIZE];

    static {
        for (int i = 0; i < WAIT_TABLE.length; i++) {
            WAIT_TABLE[i] = new WaitQueueHead();
        }
    }

    /** page_waitqueue(page): the wait queue the page hashes to. */
    @Mirrors("page_waitqueue")
    static WaitQueueHead pageWaitqueue(Page page) {
        int h = page.pfn * 0x9E3779B9;
        return WAIT_TABLE[(h >>> 24) & (WAIT_TABLE_SIZE - 1)];
    }

    /**
     * wake_up_page(page, bit): wake the sleepers of the page's queue after {@code bit} was
     * cleared. Cheap when nobody sleeps there (waitqueue_active).
     */
    @Mirrors("wake_up_page")
    static void wakeUpPage(Page page, int bit) {
        WaitQueueHead q = pageWaitqueue(page);
        // The bit was cleared by an atomic (volatile) update before this volatile read, and a
        // sleeper bumps 'waiters' before re-reading the bit, so one of the two sees the other.
        if (q.waiters == 0) {
            return;
        }
        q.lock.lock();
        try {
            q.wait.signalAll();
        } finally {
            q.lock.unlock();
        }
    }

    /** sync_page(): let the mapping start the I/O a sleeper is about to wait for. */
    @Mirrors("sync_page")
    private static void syncPage(Page page) {
        AddressSpace mapping = Page.pageMapping(page);
        if (mapping != null) {
            AddressSpaceOperations ops = mapping.aOps();
            if (ops != null) {
                ops.syncPage(page);
            }
        }
    }

    /**
     * wait_on_page_bit(page, bit_nr): sleep until {@code bit_nr} of the page is clear.
     * Returns at once if it already is. Must not be called holding a spinlock-like lock.
     */
    @Mirrors("wait_on_page_bit")
    public static void waitOnPageBit(Page page, int bitNr) {
        while (PageFlags.testBit(bitNr, page)) {
            syncPage(page);
            WaitQueueHead q = pageWaitqueue(page);
            q.lock.lock();
            try {
                q.waiters++;
                try {
                    if (PageFlags.testBit(bitNr, page)) {
                        q.wait.awaitUninterruptibly();
                    }
                } finally {
                    q.waiters--;
                }
            } finally {
                q.lock.unlock();
            }
        }
    }

    /**
     * lock_page(page): take the page lock, sleeping while another task holds it. The caller
     * holds a reference on the page and no spinlock-like lock. Not reentrant: locking a page
     * the caller already holds sleeps forever, as in the kernel.
     */
    @Mirrors("lock_page")
    public static void lockPage(Page page) {
        if (PageFlags.testSetPageLocked(page)) {
            lockPageSlow(page);
        }
    }

    /** __lock_page(page): the sleeping part of lock_page; returns holding PG_locked. */
    @Mirrors("__lock_page")
    private static void lockPageSlow(Page page) {
        while (PageFlags.testSetPageLocked(page)) {
            syncPage(page);
            WaitQueueHead q = pageWaitqueue(page);
            q.lock.lock();
            try {
                q.waiters++;
                try {
                    if (PageFlags.pageLocked(page)) {
                        q.wait.awaitUninterruptibly();
                    }
                } finally {
                    q.waiters--;
                }
            } finally {
                q.lock.unlock();
            }
        }
    }

    /**
     * unlock_page(page): release the page lock and wake its sleepers (also those waiting
     * for writeback, who share the queue and go back to sleep). Any thread may unlock,
     * including a completion thread (end_swap_bio_read). Unlocking a page that is not
     * locked is a BUG.
     *
     * @throws KernelBug if PG_locked was not set
     */
    @Mirrors("unlock_page")
    public static void unlockPage(Page page) {
        if (!PageFlags.testClearPageLocked(page)) {
            throw new KernelBug("unlock_page: page not locked: " + page);
        }
        wakeUpPage(page, PageFlags.PG_locked);
    }

    /** wait_on_page_locked(page): sleep until the page is unlocked (without taking the lock). */
    @Mirrors("wait_on_page_locked")
    public static void waitOnPageLocked(Page page) {
        if (PageFlags.pageLocked(page)) {
            waitOnPageBit(page, PageFlags.PG_locked);
        }
    }

    /** wait_on_page_writeback(page): sleep until PG_writeback is clear (end_page_writeback). */
    @Mirrors("wait_on_page_writeback")
    public static void waitOnPageWriteback(Page page) {
        if (PageFlags.PageWriteback(page)) {
            waitOnPageBit(page, PageFlags.PG_writeback);
        }
    }

    /**
     * find_get_page(mapping, offset): the page at {@code offset} with a new reference
     * (get_page), or null. Takes tree_lock for reading; the page is not locked.
     */
    @Mirrors("find_get_page")
    public static Page findGetPage(AddressSpace mapping, int offset) {
        mapping.treeLock.readLock().lock();
        try {
            Page page = mapping.radixTreeLookup(offset);
            if (page != null) {
                Page.pageCacheGet(page);
            }
            return page;
        } finally {
            mapping.treeLock.readLock().unlock();
        }
    }

    /**
     * find_trylock_page(mapping, offset): the page at {@code offset} if TestSetPageLocked
     * succeeds on it (no reference taken), else null.
     */
    @Mirrors("find_trylock_page")
    public static Page findTrylockPage(AddressSpace mapping, int offset) {
        mapping.treeLock.readLock().lock();
        try {
            Page page = mapping.radixTreeLookup(offset);
            if (page != null && PageFlags.testSetPageLocked(page)) {
                page = null;
            }
            return page;
        } finally {
            mapping.treeLock.readLock().unlock();
        }
    }
}
