package linux.mm.page;

import linux.kernel.KernelBug;

/*
 * Mirrors linux-2.6.20 mm/filemap.c (page_waitqueue, wake_up_page, wait_on_page_bit,
 * __lock_page, unlock_page, find_get_page, find_trylock_page) and include/linux/pagemap.h
 * (lock_page, wait_on_page_locked, wait_on_page_writeback). Owns no state: the wait queues
 * are each zone's wait_table.
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
 * <p>As in the kernel, each zone has its own wait table ({@code zone->wait_table}, sized by
 * {@link #waitTableHashNrEntries}), so the pages of two kernels in one JVM never share a
 * queue.
 *
 * <p>Differs from 2.6.20: the kernel sleeps exclusively for the lock (waking one locker at a
 * time); here every sleeper of a queue is woken and re-checks its bit (more wakeups, same
 * outcome).
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

    /** PAGES_PER_WAITQUEUE: pages per wait queue a zone's table aims for. */
    @Mirrors("PAGES_PER_WAITQUEUE")
    public static final int PAGES_PER_WAITQUEUE = 256;

    /** wait_queue_head_t: a sleeping place for tasks waiting on page bits. */
    public static final class WaitQueueHead {
        final ReentrantLock lock = new ReentrantLock();
        final Condition wait = lock.newCondition();
        /** Sleepers registered (waitqueue_active), changed under {@link #lock}. */
        volatile int waiters;

        WaitQueueHead() {
        }
    }

    /**
     * wait_table_hash_nr_entries(pages): how many queues a zone of {@code pages} pages gets:
     * one per PAGES_PER_WAITQUEUE pages rounded up to a power of two, between 4 and 4096.
     */
    @Mirrors("wait_table_hash_nr_entries")
    public static int waitTableHashNrEntries(long pages) {
        long size = 1;
        pages /= PAGES_PER_WAITQUEUE;
        while (size < pages) {
            size <<= 1;
        }
        size = Math.min(size, 4096);
        return (int) Math.max(size, 4);
    }

    /**
     * A zone's {@code wait_table} (zone_wait_table_init): {@code entries} queues, a power of
     * two. Every page of the zone hashes into it; one table per zone of one kernel.
     */
    @Mirrors("zone_wait_table_init")
    public static WaitQueueHead[] zoneWaitTableInit(int entries) {
        if (Integer.bitCount(entries) != 1) {
            throw new IllegalArgumentException("wait table size " + entries + " is not a power of two");
        }
        WaitQueueHead[] table = new WaitQueueHead[entries];
        for (int i = 0; i < entries; i++) {
            table[i] = new WaitQueueHead();
        }
        return table;
    }

    /** GOLDEN_RATIO_PRIME_32 of include/linux/hash.h, the multiplier of hash_long on i386. */
    @Mirrors("GOLDEN_RATIO_PRIME_32")
    static final int GOLDEN_RATIO_PRIME_32 = 0x9e370001;

    /**
     * page_waitqueue(page): the queue of its zone's wait table the page hashes to
     * ({@code hash_ptr} of the descriptor; the pfn stands for its address here).
     */
    @Mirrors("page_waitqueue")
    static WaitQueueHead pageWaitqueue(Page page) {
        WaitQueueHead[] table = page.waitTable;
        int bits = Integer.numberOfTrailingZeros(table.length);
        int h = page.pfn * GOLDEN_RATIO_PRIME_32;
        return table[bits == 0 ? 0 : h >>> (Integer.SIZE - bits)];
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
            lockPageRaw(page);
        }
    }

    /** __lock_page(page): the sleeping part of lock_page; returns holding PG_locked. */
    @Mirrors("__lock_page")
    private static void lockPageRaw(Page page) {
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
        if (PageFlags.pageWriteback(page)) {
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
