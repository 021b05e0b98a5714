package linux.block;

import java.util.SplittableRandom;

/**
 * Fault injection for one disk (a modern addition in the spirit of 2.6.20's
 * {@code should_fail_request}/fail_make_request, extended): fail the Nth or a random
 * fraction of reads and/or writes with EIO, delay completions, deliver completions out of
 * order. Controlled by tests and by the cli. Counting is per request handed to the
 * driver (a request holding several merged bios fails all of them).
 *
 * <p>Thread-safe: setters may be called while I/O runs; a change applies to requests
 * dispatched after it.
 */
public final class FaultInjection {
    private long failNthRead;
    private long failNthWrite;
    private double readFraction;
    private double writeFraction;
    private long delayNanos;
    private boolean outOfOrder;
    private long seed = 1;
    private SplittableRandom random = new SplittableRandom(1);
    private final long[] seen = new long[2];
    private final long[] injected = new long[2];

    /** Fails the {@code n}th read request from now (1 = the next one); 0 cancels. */
    public synchronized FaultInjection failNthRead(long n) {
        failNthRead = n <= 0 ? 0 : seen[Bio.READ] + n;
        return this;
    }

    /** Fails the {@code n}th write request from now (1 = the next one); 0 cancels. */
    public synchronized FaultInjection failNthWrite(long n) {
        failNthWrite = n <= 0 ? 0 : seen[Bio.WRITE] + n;
        return this;
    }

    /** Fails each read request with probability {@code fraction} (0..1). */
    public synchronized FaultInjection failReads(double fraction) {
        readFraction = checkFraction(fraction);
        return this;
    }

    /** Fails each write request with probability {@code fraction} (0..1). */
    public synchronized FaultInjection failWrites(double fraction) {
        writeFraction = checkFraction(fraction);
        return this;
    }

    /** Seeds the random choices (failures, out-of-order delivery). */
    public synchronized FaultInjection seed(long s) {
        seed = s;
        random = new SplittableRandom(s);
        return this;
    }

    public synchronized long seed() {
        return seed;
    }

    /** Holds every completion back by {@code nanos} before delivering it. */
    public synchronized FaultInjection delayCompletions(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("negative delay " + nanos);
        }
        delayNanos = nanos;
        return this;
    }

    /** Delivers finished requests in a shuffled order rather than as they finish. */
    public synchronized FaultInjection completeOutOfOrder(boolean on) {
        outOfOrder = on;
        return this;
    }

    /** Turns every fault off (counters stay). */
    public synchronized FaultInjection clear() {
        failNthRead = failNthWrite = 0;
        readFraction = writeFraction = 0;
        delayNanos = 0;
        outOfOrder = false;
        return this;
    }

    public synchronized long delayNanos() {
        return delayNanos;
    }

    public synchronized boolean outOfOrder() {
        return outOfOrder;
    }

    /** Requests failed on purpose so far, for direction {@code rw}. */
    public synchronized long injected(int rw) {
        return injected[rw];
    }

    /**
     * Called by the driver once per request it serves: counts the request and says
     * whether to fail it with EIO.
     */
    public synchronized boolean shouldFail(int rw) {
        long n = ++seen[rw];
        boolean fail = false;
        long nth = rw == Bio.WRITE ? failNthWrite : failNthRead;
        if (nth != 0 && n == nth) {
            fail = true;
            if (rw == Bio.WRITE) {
                failNthWrite = 0;
            } else {
                failNthRead = 0;
            }
        }
        double f = rw == Bio.WRITE ? writeFraction : readFraction;
        if (!fail && f > 0 && random.nextDouble() < f) {
            fail = true;
        }
        if (fail) {
            injected[rw]++;
        }
        return fail;
    }

    /** A random index below {@code bound}, from the seeded generator (out-of-order delivery). */
    public synchronized int nextIndex(int bound) {
        return random.nextInt(bound);
    }

    private static double checkFraction(double f) {
        if (!(f >= 0 && f <= 1)) {
            throw new IllegalArgumentException("fraction must be in 0..1, not " + f);
        }
        return f;
    }
}
