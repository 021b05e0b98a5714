package linux.mm.rmap.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import linux.mm.page.MmStruct;
import org.junit.jupiter.api.Test;

/** The swap token of mm/thrash.c and swap.h's inlines around it (kernel-2.6.20.md §5.11). */
class ThrashTest {

    final Thrash thrash = new Thrash();
    final MmStruct a = new MmStruct("A");
    final MmStruct b = new MmStruct("B");

    @Test
    void grabSwapToken_theFirstComerTakesTheTokenWithPriorityTwo() {
        assertNull(thrash.swapTokenMm());

        thrash.grabSwapToken(a);

        assertSame(a, thrash.swapTokenMm());
        assertTrue(thrash.hasSwapToken(a));
        assertFalse(thrash.hasSwapToken(b));
        assertEquals(2, a.tokenPriority);
        assertEquals(1, a.faultstamp, "global_faults after this fault");
        assertEquals(1, a.lastInterval, "faults since its (zero) faultstamp");
    }

    @Test
    void grabSwapToken_theHolderFaultingAgainGainsTwo() {
        thrash.grabSwapToken(a);
        thrash.grabSwapToken(a);

        assertSame(a, thrash.swapTokenMm());
        assertEquals(4, a.tokenPriority);
        assertEquals(2, a.faultstamp);
        assertEquals(1, a.lastInterval);
    }

    @Test
    void grabSwapToken_faultingSoonerThanLastTimeRaisesPriorityUntilItBeatsTheHolder() {
        thrash.grabSwapToken(a); // A holds it with priority 2; global_faults 1
        b.lastInterval = 10;

        thrash.grabSwapToken(b); // global_faults 2, interval 2 < 10: priority 1, not above 2
        assertEquals(1, b.tokenPriority);
        assertSame(a, thrash.swapTokenMm());
        assertEquals(2, b.faultstamp);
        assertEquals(2, b.lastInterval);

        b.lastInterval = 10;
        thrash.grabSwapToken(b); // interval 3 - 2 = 1 < 10: priority 2, still not above 2
        assertEquals(2, b.tokenPriority);
        assertSame(a, thrash.swapTokenMm());
        assertEquals(1, b.lastInterval);

        b.lastInterval = 10;
        thrash.grabSwapToken(b); // priority 3 > 2: B takes it and gains 2 more
        assertSame(b, thrash.swapTokenMm());
        assertEquals(5, b.tokenPriority);
        assertEquals(2, a.tokenPriority, "the old holder keeps its priority");
    }

    @Test
    void grabSwapToken_faultingLaterLowersPriority() {
        thrash.grabSwapToken(a);
        b.tokenPriority = 1;
        b.lastInterval = 0;

        thrash.grabSwapToken(b); // interval 2, not below 0

        assertEquals(0, b.tokenPriority);
        assertSame(a, thrash.swapTokenMm());
        assertEquals(2, b.lastInterval);
    }

    @Test
    void grabSwapToken_priorityBelowZeroWrapsAndBeatsTheHolder() {
        // token_priority is unsigned int in 2.6.20: the "< 0" floor in grab_swap_token can
        // never hold, and 0 - 1 becomes 0xFFFFFFFF, which outranks any holder.
        thrash.grabSwapToken(a);

        thrash.grabSwapToken(b); // priority 0, interval 2 not below last_interval 0

        assertSame(b, thrash.swapTokenMm());
        assertEquals(1, b.tokenPriority, "0xFFFFFFFF + 2 wraps to 1");
    }

    @Test
    void grabSwapToken_intervalsCompareUnsigned() {
        thrash.grabSwapToken(a);
        b.tokenPriority = 5;
        b.faultstamp = 100; // ahead of global_faults: the interval is negative as an int
        b.lastInterval = 10;

        thrash.grabSwapToken(b); // interval 2 - 100 = -98, i.e. 0xFFFFFF9E unsigned: not below 10

        assertSame(b, thrash.swapTokenMm(), "lowered to 4 (the negative interval is huge unsigned), 4 > 2");
        assertEquals(6, b.tokenPriority);
        assertEquals(-98, b.lastInterval);
    }

    @Test
    void grabSwapToken_busyLockCountsTheFaultButChangesNothingElse() throws Exception {
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread other = new Thread(() -> {
            thrash.swapTokenLock.lock();
            try {
                held.countDown();
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                thrash.swapTokenLock.unlock();
            }
        });
        other.start();
        try {
            assertTrue(held.await(10, TimeUnit.SECONDS));
            thrash.grabSwapToken(a);
            assertNull(thrash.swapTokenMm());
            assertEquals(0, a.tokenPriority);
            assertEquals(0, a.faultstamp);
        } finally {
            release.countDown();
            other.join(10_000);
        }

        thrash.grabSwapToken(a);
        assertEquals(2, a.faultstamp, "the first fault was counted in global_faults");
        assertEquals(2, a.lastInterval);
    }

    @Test
    void putSwapToken_onlyTheHoldersPutReleasesIt() {
        thrash.grabSwapToken(a);

        thrash.putSwapToken(b);
        assertSame(a, thrash.swapTokenMm());
        thrash.putSwapTokenRaw(b);
        assertSame(a, thrash.swapTokenMm());

        thrash.putSwapToken(a);
        assertNull(thrash.swapTokenMm());
        assertEquals(2, a.tokenPriority, "putting the token keeps the priority");
    }

    @Test
    void disableSwapToken_takesItFromWhoeverHoldsItAndIsHarmlessWhenNobodyDoes() {
        thrash.disableSwapToken();
        assertNull(thrash.swapTokenMm());

        thrash.grabSwapToken(b);
        thrash.disableSwapToken();

        assertNull(thrash.swapTokenMm());
        assertFalse(thrash.hasSwapToken(b));
        assertTrue(thrash.hasSwapToken(null), "has_swap_token(NULL) is true with no holder, as in C");
    }
}
