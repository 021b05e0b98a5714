package linux.mm.page;

/*
 * Mirrors linux-2.6.20 mm/backing-dev.c (congestion_wait, congestion_end) and HZ of
 * include/asm-i386/param.h. Owns one kernel's two congestion wait queues,
 * congestion_wqh[READ] and congestion_wqh[WRITE], and the length of its jiffy.
 */

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import linux.block.Bio;
import linux.kernel.EmulatorOnly;
import linux.kernel.Mirrors;

/**
 * The "let write-back make progress" nap of reclaim and the allocator. A task calls
 * {@link #congestionWait} to sleep until some request queue leaves write congestion or
 * the timeout expires, whichever comes first. In 2.6.20 the wake-up comes from
 * {@code clear_bdi_congested}, which the block layer calls each time it frees a request
 * while the queue is below its congestion threshold: in practice "until the next request
 * completes". Whoever delivers request completions calls {@link #congestionEnd} for that.
 *
 * <p>Callers: try_to_free_pages and balance_pgdat (HZ/10 after a poor pass at priority
 * below 10), throttle_vm_writeout (HZ/10), shrink_all_memory, and __alloc_pages before
 * it retries (HZ/50).
 *
 * <p>Locking: each queue has its own lock, innermost, held only to register or wake.
 * The caller holds no spinlock-like lock (it sleeps).
 *
 * <p>Differs from 2.6.20: a jiffy lasts {@code nanosPerJiffy} nanoseconds of host time,
 * {@link #JIFFY_NANOS} in a running machine; a kernel built with 0 never sleeps here (each
 * wait returns at once, as if woken), which keeps deterministic tests free of timing.
 * Each wait is counted ({@link #congestionWaits}) so tests can see where 2.6.20 naps.
 */
public final class BackingDev {

    /** Timer ticks per second: i386's CONFIG_HZ default in 2.6.20 (HZ_250). */
    @Mirrors("HZ")
    public static final int HZ = 250;

    /** One jiffy of host time in a running machine (1 s / HZ). */
    public static final long JIFFY_NANOS = TimeUnit.SECONDS.toNanos(1) / HZ;

    /** One of congestion_wqh[2]: the sleepers and a generation bumped by each wake-up. */
    private static final class WaitQueueHead {
        final ReentrantLock lock = new ReentrantLock();
        final Condition wait = lock.newCondition();
        int waiters;
        long generation;
    }

    /** congestion_wqh[READ], congestion_wqh[WRITE]. */
    @Mirrors("congestion_wqh")
    private final WaitQueueHead[] congestionWqh = {new WaitQueueHead(), new WaitQueueHead()};

    private final long nanosPerJiffy;
    private final AtomicLongArray waits = new AtomicLongArray(2);
    /** What runs when a task naps here: nothing, or a deterministic machine's scheduler. */
    private volatile Runnable schedule = () -> { };

    /**
     * @param nanosPerJiffy host nanoseconds per jiffy: {@link #JIFFY_NANOS} for a running
     *     machine, 0 for a kernel whose waits never sleep
     */
    public BackingDev(long nanosPerJiffy) {
        if (nanosPerJiffy < 0) {
            throw new IllegalArgumentException("negative jiffy: " + nanosPerJiffy);
        }
        this.nanosPerJiffy = nanosPerJiffy;
    }

    /**
     * congestion_wait(rw, timeout): sleep (uninterruptibly) on congestion_wqh[rw] for up to
     * {@code timeout} jiffies or until {@link #congestionEnd}(rw) wakes the queue. Returns
     * the jiffies left of the timeout (0 when it ran out). {@code rw} is {@link Bio#READ}
     * or {@link Bio#WRITE}.
     */
    @Mirrors("congestion_wait")
    public long congestionWait(int rw, long timeout) {
        waits.incrementAndGet(rw);
        schedule.run();
        if (nanosPerJiffy == 0) {
            return timeout;
        }
        WaitQueueHead wqh = congestionWqh[rw];
        long left = timeout * nanosPerJiffy;
        wqh.lock.lock();
        try {
            long generation = wqh.generation;
            wqh.waiters++;
            try {
                while (generation == wqh.generation && left > 0) {
                    left = wqh.wait.awaitNanos(left);
                }
            } catch (InterruptedException e) {
                // an uninterruptible sleep: keep the flag for whoever owns the thread
                Thread.currentThread().interrupt();
            } finally {
                wqh.waiters--;
            }
        } finally {
            wqh.lock.unlock();
        }
        return Math.max(0, left) / nanosPerJiffy;
    }

    /**
     * A deterministic machine's scheduler: run by every {@link #congestionWait}, where the
     * napping task gives the CPU away (to kswapd, in that machine). Must not sleep.
     */
    @EmulatorOnly("deterministic mode: the nap is where the single thread runs the other contexts")
    public void setSchedule(Runnable schedule) {
        this.schedule = java.util.Objects.requireNonNull(schedule);
    }

    /**
     * congestion_end(rw): wake whoever sleeps in {@link #congestionWait}(rw), if anyone does
     * (the waitqueue_active test). Called where a request of direction {@code rw} was freed
     * below the congestion threshold (clear_bdi_congested's wake-up); never sleeps, so
     * completion threads may call it.
     */
    @Mirrors("congestion_end")
    public void congestionEnd(int rw) {
        WaitQueueHead wqh = congestionWqh[rw];
        wqh.lock.lock();
        try {
            if (wqh.waiters != 0) {
                wqh.generation++;
                wqh.wait.signalAll();
            }
        } finally {
            wqh.lock.unlock();
        }
    }

    /** Host nanoseconds per jiffy (0: waits do not sleep). */
    public long nanosPerJiffy() {
        return nanosPerJiffy;
    }

    /** How many times {@link #congestionWait}({@code rw}) was entered on this kernel. */
    public long congestionWaits(int rw) {
        return waits.get(rw);
    }
}
