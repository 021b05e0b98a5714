package linux.mm.page;

import linux.kernel.KernelBug;

import static linux.mm.page.PageFlags.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FilemapTest {

    private final AddressSpace swapper = AddressSpace.newSwapperSpace();
    private final List<Thread> started = new ArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    /** The wait table of the zone these test pages belong to: four queues, as a small zone gets. */
    private final Filemap.WaitQueueHead[] waitTable = Filemap.zoneWaitTableInit(Filemap.waitTableHashNrEntries(64));

    private Page page(int pfn) {
        Page p = new Page(pfn, 1, swapper, waitTable);
        clearPageReservedRaw(p);
        return p;
    }

    private Thread start(String name, Runnable r) {
        Thread t = new Thread(() -> {
            try {
                r.run();
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            }
        }, name);
        t.setDaemon(true);
        started.add(t);
        t.start();
        return t;
    }

    /** Waits (without a time limit on correctness) until {@code t} sleeps in a wait queue. */
    private static void awaitSleeping(Thread t) {
        while (t.getState() != Thread.State.WAITING) {
            if (!t.isAlive()) {
                throw new AssertionError(t.getName() + " ended instead of sleeping");
            }
            Thread.onSpinWait();
        }
    }

    private void joinAll() throws InterruptedException {
        for (Thread t : started) {
            t.join(60_000);
            assertFalse(t.isAlive(), t.getName() + " still blocked");
        }
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
    }

    @AfterEach
    void noStrayThreads() throws InterruptedException {
        joinAll();
    }

    @Test
    void lockPage_blocksAnotherThreadUntilUnlockPage() throws Exception {
        Page p = page(1);
        Filemap.lockPage(p);
        AtomicBoolean acquired = new AtomicBoolean();
        Thread other = start("cpu1", () -> {
            Filemap.lockPage(p);
            acquired.set(true);
            Filemap.unlockPage(p);
        });
        awaitSleeping(other);
        assertFalse(acquired.get(), "second locker got in while the page was locked");
        assertTrue(pageLocked(p));
        Filemap.unlockPage(p);
        joinAll();
        assertTrue(acquired.get());
        assertFalse(pageLocked(p));
    }

    @Test
    void unlockPage_ofUnlockedPageIsKernelBug() {
        Page p = page(1);
        KernelBug bug = assertThrows(KernelBug.class, () -> Filemap.unlockPage(p));
        assertTrue(bug.getMessage().startsWith("kernel BUG: unlock_page: page not locked"), bug.getMessage());
    }

    @Test
    void unlockPage_fromAnotherThreadWakesTheLocker() throws Exception {
        // end_swap_bio_read unlocks on the completion thread, not on the locker's.
        Page p = page(2);
        Filemap.lockPage(p);
        Thread waiter = start("fault", () -> Filemap.lockPage(p));
        awaitSleeping(waiter);
        Thread completion = start("completion", () -> Filemap.unlockPage(p));
        completion.join();
        waiter.join(60_000);
        assertFalse(waiter.isAlive());
        assertTrue(pageLocked(p), "the woken locker holds the lock now");
        Filemap.unlockPage(p);
    }

    @Test
    void waitOnPageLocked_waitsWithoutTakingTheLock() throws Exception {
        Page p = page(3);
        Filemap.lockPage(p);
        AtomicBoolean returned = new AtomicBoolean();
        Thread w = start("waiter", () -> {
            Filemap.waitOnPageLocked(p);
            returned.set(true);
        });
        awaitSleeping(w);
        assertFalse(returned.get());
        Filemap.unlockPage(p);
        joinAll();
        assertTrue(returned.get());
        assertFalse(pageLocked(p), "wait_on_page_locked does not lock");
    }

    @Test
    void waitOnPageLocked_returnsAtOnceForUnlockedPage() {
        Page p = page(3);
        Filemap.waitOnPageLocked(p);
        Filemap.waitOnPageWriteback(p);
        assertFalse(pageLocked(p));
    }

    @Test
    void waitOnPageWriteback_wakesOnEndPageWriteback() throws Exception {
        Page p = page(4);
        PageWriteback wb = new PageWriteback(WritebackAccounting.NONE);
        assertFalse(wb.testSetPageWriteback(p));
        AtomicBoolean returned = new AtomicBoolean();
        Thread w = start("swapoff", () -> {
            Filemap.waitOnPageWriteback(p);
            returned.set(true);
        });
        awaitSleeping(w);
        assertFalse(returned.get());
        Thread completion = start("completion", () -> wb.endPageWriteback(p, RotateReclaimable.DECLINE));
        completion.join();
        joinAll();
        assertTrue(returned.get());
        assertFalse(pageWriteback(p));
    }

    @Test
    void waitOnPageWriteback_sleepsThroughUnlockPage() throws Exception {
        // PG_locked and PG_writeback share the wait queue: an unlock wakes the writeback
        // waiter, which must go back to sleep.
        Page p = page(5);
        PageWriteback wb = new PageWriteback(WritebackAccounting.NONE);
        wb.setPageWriteback(p);
        Filemap.lockPage(p);
        AtomicBoolean returned = new AtomicBoolean();
        Thread w = start("waiter", () -> {
            Filemap.waitOnPageWriteback(p);
            returned.set(true);
        });
        awaitSleeping(w);
        Filemap.unlockPage(p);
        // The waiter is woken and must sleep again while writeback is still set.
        awaitSleeping(w);
        assertFalse(returned.get());
        wb.endPageWriteback(p, RotateReclaimable.DECLINE);
        joinAll();
        assertTrue(returned.get());
    }

    @Test
    void lockPage_callsSyncPageBeforeSleeping() throws Exception {
        Page p = page(6);
        AtomicInteger syncs = new AtomicInteger();
        swapper.setAops(new AddressSpaceOperations() {
            @Override
            public int writepage(Page page, WritebackControl wbc) {
                return 0;
            }

            @Override
            public int setPageDirty(Page page) {
                return 0;
            }

            @Override
            public void syncPage(Page page) {
                syncs.incrementAndGet();
            }
        });
        setPageSwapCache(p);
        Filemap.lockPage(p);
        assertEquals(0, syncs.get(), "uncontended lock_page does not sleep");
        Thread other = start("cpu1", () -> {
            Filemap.lockPage(p);
            Filemap.unlockPage(p);
        });
        awaitSleeping(other);
        assertTrue(syncs.get() >= 1, "sync_page ran before sleeping");
        Filemap.unlockPage(p);
        joinAll();
    }

    @Test
    void lockPage_excludesManyThreads() throws Exception {
        Page p = page(7);
        int[] counter = {0};
        int threads = 4;
        int rounds = 5_000;
        for (int t = 0; t < threads; t++) {
            start("cpu" + t, () -> {
                for (int i = 0; i < rounds; i++) {
                    Filemap.lockPage(p);
                    counter[0]++;
                    Filemap.unlockPage(p);
                }
            });
        }
        joinAll();
        assertEquals(threads * rounds, counter[0]);
        assertFalse(pageLocked(p));
    }

    @Test
    void lockPage_ofPagesSharingAWaitQueueWakesTheRightOne() throws Exception {
        // Two pages hashing to the same queue: unlocking one must not let the other's locker in.
        Page a = page(0);
        Page b = null;
        for (int pfn = 1; b == null; pfn++) {
            Page cand = page(pfn);
            if (Filemap.pageWaitqueue(cand) == Filemap.pageWaitqueue(a)) {
                b = cand;
            }
        }
        Page pb = b;
        Filemap.lockPage(a);
        Filemap.lockPage(pb);
        AtomicBoolean gotB = new AtomicBoolean();
        Thread w = start("waiter", () -> {
            Filemap.lockPage(pb);
            gotB.set(true);
            Filemap.unlockPage(pb);
        });
        awaitSleeping(w);
        Filemap.unlockPage(a);
        awaitSleeping(w);
        assertFalse(gotB.get());
        Filemap.unlockPage(pb);
        joinAll();
        assertTrue(gotB.get());
    }

    @Test
    void pageWaitqueue_isPerZoneTable() {
        assertEquals(4, Filemap.waitTableHashNrEntries(64), "at least four queues");
        assertEquals(4096, Filemap.waitTableHashNrEntries(1L << 30), "at most 4096");
        assertEquals(16, Filemap.waitTableHashNrEntries(16 * Filemap.PAGES_PER_WAITQUEUE));
        assertEquals(32, Filemap.waitTableHashNrEntries(17 * Filemap.PAGES_PER_WAITQUEUE), "rounded up to a power of two");
        Page here = page(3);
        Page elsewhere = new Page(3, 1, swapper, Filemap.zoneWaitTableInit(4));
        assertNotSame(Filemap.pageWaitqueue(here), Filemap.pageWaitqueue(elsewhere),
                "the same pfn in another kernel's zone sleeps on another queue");
    }

    @Test
    void findGetPage_takesAReference() {
        Page p = page(8);
        int entry = 0x08000010;
        swapper.treeLock.writeLock().lock();
        try {
            assertEquals(0, swapper.radixTreeInsert(entry, p));
        } finally {
            swapper.treeLock.writeLock().unlock();
        }
        assertSame(p, Filemap.findGetPage(swapper, entry));
        assertEquals(2, Page.pageCount(p));
        assertNull(Filemap.findGetPage(swapper, entry + 1));
        assertSame(p, Filemap.findTrylockPage(swapper, entry));
        assertTrue(pageLocked(p));
        assertNull(Filemap.findTrylockPage(swapper, entry), "already locked");
        assertEquals(2, Page.pageCount(p), "find_trylock_page takes no reference");
        Filemap.unlockPage(p);
    }
}
