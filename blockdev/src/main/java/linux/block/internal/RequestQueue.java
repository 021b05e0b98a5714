package linux.block.internal;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import linux.kernel.Current;
import linux.kernel.Errno;
import linux.kernel.KernelError;
import linux.block.Bio;
import linux.block.BlockLayer;
import linux.block.DiskStats;
import linux.kernel.Mirrors;
import org.eclipse.collections.api.map.primitive.MutableLongObjectMap;
import org.eclipse.collections.impl.map.mutable.primitive.LongObjectHashMap;

/**
 * Mirrors linux-2.6.20 {@code request_queue_t} with the request-queue half of
 * {@code block/ll_rw_blk.c} ({@code __make_request}, plugging, {@code get_request_wait},
 * {@code attempt_back_merge}/{@code attempt_front_merge}, {@code ll_*_merge_fn},
 * {@code drive_stat_acct}, {@code disk_round_stats}, {@code end_that_request_last}) and the
 * generic part of {@code block/elevator.c} ({@code elv_merge}, the back-merge hash,
 * {@code elv_dispatch_sort}, {@code elv_next_request}). State: the elevator, the dispatch
 * list, the plug, request counts and the disk statistics.
 *
 * <p>Locking: {@link #lock} is {@code q->queue_lock}; every {@code *Locked} method and
 * every elevator callback runs with it held. The driver threads block on {@link #work}
 * and submitters on {@link #rqFree}.
 *
 * <p>Differs from 2.6.20: the unplug timer and kblockd are replaced by the driver threads
 * waiting on the plug deadline; time is a nanosecond clock (injectable for tests). Plugging
 * wakes a driver only when none is already in a timed wait (that one acts as the armed
 * timer), and unplugging wakes as many drivers as there are queued requests rather than
 * all of them, so an idle-busy cycle costs one wake-up, not several.
 */
public final class RequestQueue {
    /** Requests per direction before submitters wait ({@code BLKDEV_MAX_RQ}). */
    static final int BLKDEV_MAX_RQ = 128;
    /** Largest request in sectors ({@code SAFE_MAX_SECTORS}). */
    static final int SAFE_MAX_SECTORS = 255;
    /** Most data segments in one request ({@code MAX_PHYS_SEGMENTS}). */
    static final int MAX_PHYS_SEGMENTS = 128;
    /** Queued requests that force an unplug ({@code q->unplug_thresh}). */
    static final int UNPLUG_THRESH = 4;
    /** How long a plug holds ({@code q->unplug_delay}, 3 ms). */
    static final long UNPLUG_DELAY = TimeUnit.MILLISECONDS.toNanos(3);

    final ReentrantLock lock = new ReentrantLock();
    final Condition work = lock.newCondition();
    final Condition rqFree = lock.newCondition();
    final Condition drained = lock.newCondition();

    private final ElevatorOps elevator;
    private final LongSupplier clock;
    /** The kernel context: a completion never sleeps for a free request. */
    private final Current current;
    private final ArrayDeque<Request> dispatchList = new ArrayDeque<>();
    /** Freed requests kept for reuse ({@code q->rq.rq_pool}, a mempool in 2.6.20). */
    private final ArrayDeque<Request> rqPool = new ArrayDeque<>();
    private final MutableLongObjectMap<Request> hash = new LongObjectHashMap<>();
    private final Request[] mergeOut = new Request[1];
    private Request lastMerge;
    private long endSector;

    int maxSectors = SAFE_MAX_SECTORS;
    int nrRequests = BLKDEV_MAX_RQ;
    /** Allocated requests per direction ({@code q->rq.count}). */
    private final int[] count = new int[2];
    /** Requests handed to the driver and not completed ({@code q->in_flight}). */
    private int driverInFlight;
    private boolean plugged;
    private long plugDeadline;
    private boolean dead;

    /**
     * Bumped, lock held, whenever work is posted for a device thread (a request to serve,
     * a plug to time, a completion to end), so a thread that spins briefly before sleeping
     * sees it without taking the lock.
     */
    volatile int events;
    /** Device threads in a timed wait that will look at the plug when it ends. */
    int timerWaiters;
    /** Device threads spinning for work (lock dropped); each will take one posted request. */
    int spinners;

    final DiskStats stats = new DiskStats();
    private long statsStamp;

    RequestQueue(String elevatorName, LongSupplier clock, Current current) {
        this.current = current;
        this.elevator = elevatorGet(elevatorName);
        this.clock = clock;
        this.statsStamp = clock.getAsLong();
    }

    /** The elevator called {@code name} ({@code elevator_get}), or EINVAL. */
    @Mirrors("elevator_get")
    static ElevatorOps elevatorGet(String name) {
        if ("noop".equals(name)) {
            return new NoopIosched();
        }
        if ("deadline".equals(name)) {
            return new DeadlineIosched();
        }
        throw new KernelError(Errno.EINVAL, "I/O scheduler " + name + " not found (noop, deadline)");
    }

    String elevatorName() {
        return elevator.name();
    }

    ElevatorOps elevator() {
        return elevator;
    }

    long now() {
        return clock.getAsLong();
    }

    /**
     * Queues a bio: merges it into a queued request when adjacent, else allocates a request
     * (waiting while {@code nr_requests} are in use) and adds it to the elevator, plugging
     * an empty queue; a sync bio unplugs. Returns false when the queue is dead (the caller
     * completes the bio with EIO). Process context; takes the queue lock.
     */
    @Mirrors("__make_request")
    boolean makeRequestRaw(Bio bio) {
        int nrSectors = bio.bioSectors();
        boolean sync = bio.bioSync();
        lock.lock();
        try {
            if (dead) {
                return false;
            }
            if (!bio.bioBarrier() && !elevator.elevatorQueueEmptyFn(this)) {
                int elRet = elvMergeLocked(bio);
                Request req = mergeOut[0];
                mergeOut[0] = null;
                if (elRet == ElevatorOps.ELEVATOR_BACK_MERGE && llBackMergeFn(req, bio)) {
                    req.biotail.biNext = bio;
                    req.biotail = bio;
                    req.nrSectors += nrSectors;
                    req.nrPhysSegments += bio.bioSegments();
                    req.sync |= sync;
                    driveStatAcctLocked(req, false);
                    if (!attemptBackMergeLocked(req)) {
                        elvMergedRequestLocked(req, elRet);
                    }
                    return finishLocked(sync);
                }
                if (elRet == ElevatorOps.ELEVATOR_FRONT_MERGE && llFrontMergeFn(req, bio)) {
                    bio.biNext = req.bio;
                    req.bio = bio;
                    req.sector = bio.biSector;
                    req.nrSectors += nrSectors;
                    req.nrPhysSegments += bio.bioSegments();
                    req.sync |= sync;
                    driveStatAcctLocked(req, false);
                    if (!attemptFrontMergeLocked(req)) {
                        elvMergedRequestLocked(req, elRet);
                    }
                    return finishLocked(sync);
                }
            }
            Request req = getRequestWaitLocked(bio.bioDataDir());
            if (req == null) {
                return false;
            }
            initRequestFromBio(req, bio);
            if (elevator.elevatorQueueEmptyFn(this)) {
                blkPlugDeviceLocked();
            }
            addRequestLocked(req);
            return finishLocked(sync);
        } finally {
            lock.unlock();
        }
    }

    private boolean finishLocked(boolean sync) {
        if (sync) {
            genericUnplugDeviceLocked();
        }
        return true;
    }

    @Mirrors("init_request_from_bio")
    private void initRequestFromBio(Request req, Bio bio) {
        bio.biNext = null;
        req.bio = req.biotail = bio;
        req.sector = bio.biSector;
        req.nrSectors = bio.bioSectors();
        req.nrPhysSegments = bio.bioSegments();
        req.dataDir = bio.bioDataDir();
        req.sync = bio.bioSync();
        req.barrier = bio.bioBarrier();
        req.started = false;
        req.errors = 0;
        req.startTime = now();
    }

    /**
     * Allocates a request, sleeping (after unplugging) while the direction is full. A
     * completion thread never sleeps here (it is the one that frees requests): it
     * allocates beyond the limit, as an atomic allocation from interrupt context would.
     */
    @Mirrors("get_request_wait")
    private Request getRequestWaitLocked(int rw) {
        while (count[rw] >= nrRequests && !current.inInterrupt()) {
            if (dead) {
                return null;
            }
            genericUnplugDeviceLocked();
            rqFree.awaitUninterruptibly();
        }
        if (dead) {
            return null;
        }
        count[rw]++;
        Request rq = rqPool.pollFirst();
        return rq != null ? rq : new Request();
    }

    /** Frees a finished request and wakes one waiting allocator ({@code __blk_put_request}). */
    @Mirrors("__blk_put_request")
    private void blkPutRequestLocked(Request rq) {
        count[rq.dataDir]--;
        rq.reset();
        rqPool.addFirst(rq);
        rqFree.signalAll();
        if (allocatedLocked() == 0) {
            drained.signalAll();
        }
    }

    @Mirrors("add_request")
    private void addRequestLocked(Request req) {
        driveStatAcctLocked(req, true);
        elvAddRequestLocked(req);
    }

    /** Inserts into the elevator (ELEVATOR_INSERT_SORT) and unplugs past the threshold. */
    @Mirrors("__elv_add_request")
    private void elvAddRequestLocked(Request rq) {
        if (rq.rqMergeable()) {
            elvRqhashAdd(rq);
            if (lastMerge == null) {
                lastMerge = rq;
            }
        }
        elevator.elevatorAddReqFn(this, rq);
        if (plugged) {
            if (queuedLocked() >= UNPLUG_THRESH) {
                genericUnplugDeviceLocked();
            }
        } else {
            wakeDriversLocked(1);
        }
    }

    /** Whether {@code bio} may join {@code rq} at all ({@code elv_rq_merge_ok}). */
    @Mirrors("elv_rq_merge_ok")
    boolean elvRqMergeOk(Request rq, Bio bio) {
        return rq.rqMergeable() && bio.bioDataDir() == rq.dataDir;
    }

    @Mirrors("elv_try_merge")
    private int elvTryMerge(Request rq, Bio bio) {
        if (elvRqMergeOk(rq, bio)) {
            if (rq.sector + rq.nrSectors == bio.biSector) {
                return ElevatorOps.ELEVATOR_BACK_MERGE;
            }
            if (rq.sector - bio.bioSectors() == bio.biSector) {
                return ElevatorOps.ELEVATOR_FRONT_MERGE;
            }
        }
        return ElevatorOps.ELEVATOR_NO_MERGE;
    }

    /** Finds a request to merge {@code bio} into; the request is left in {@code mergeOut[0]}. */
    @Mirrors("elv_merge")
    private int elvMergeLocked(Bio bio) {
        if (lastMerge != null) {
            int ret = elvTryMerge(lastMerge, bio);
            if (ret != ElevatorOps.ELEVATOR_NO_MERGE) {
                mergeOut[0] = lastMerge;
                return ret;
            }
        }
        Request rq = hash.get(bio.biSector);
        if (rq != null && elvRqMergeOk(rq, bio)) {
            mergeOut[0] = rq;
            return ElevatorOps.ELEVATOR_BACK_MERGE;
        }
        return elevator.elevatorMergeFn(this, mergeOut, bio);
    }

    @Mirrors("elv_rqhash_add")
    private void elvRqhashAdd(Request rq) {
        rq.hashKey = rq.rqEndSector();
        hash.put(rq.hashKey, rq);
    }

    @Mirrors("elv_rqhash_del")
    private void elvRqhashDel(Request rq) {
        if (rq.hashKey >= 0 && hash.get(rq.hashKey) == rq) {
            hash.remove(rq.hashKey);
        }
        rq.hashKey = -1;
    }

    @Mirrors("elv_merged_request")
    private void elvMergedRequestLocked(Request rq, int type) {
        elevator.elevatorMergedFn(this, rq, type);
        if (type == ElevatorOps.ELEVATOR_BACK_MERGE) {
            // The end sector changed: re-key it (elv_rqhash_reposition).
            elvRqhashDel(rq);
            elvRqhashAdd(rq);
        }
        lastMerge = rq;
    }

    @Mirrors("ll_back_merge_fn")
    private boolean llBackMergeFn(Request req, Bio bio) {
        return req.nrSectors + bio.bioSectors() <= maxSectors
                && req.nrPhysSegments + bio.bioSegments() <= MAX_PHYS_SEGMENTS;
    }

    @Mirrors("ll_front_merge_fn")
    private boolean llFrontMergeFn(Request req, Bio bio) {
        return llBackMergeFn(req, bio);
    }

    @Mirrors("ll_merge_requests_fn")
    private boolean llMergeRequestsFn(Request req, Request next) {
        return req.nrSectors + next.nrSectors <= maxSectors
                && req.nrPhysSegments + next.nrPhysSegments <= MAX_PHYS_SEGMENTS;
    }

    /** Joins {@code next} onto the end of {@code req} if they touch ({@code attempt_merge}). */
    @Mirrors("attempt_merge")
    private boolean attemptMergeLocked(Request req, Request next) {
        if (!req.rqMergeable() || !next.rqMergeable()) {
            return false;
        }
        if (req.sector + req.nrSectors != next.sector || req.dataDir != next.dataDir) {
            return false;
        }
        if (!llMergeRequestsFn(req, next)) {
            return false;
        }
        if (req.startTime - next.startTime > 0) {
            req.startTime = next.startTime;
        }
        elvRqhashDel(next);
        elvRqhashDel(req);
        req.biotail.biNext = next.bio;
        req.biotail = next.biotail;
        req.nrSectors += next.nrSectors;
        req.nrPhysSegments += next.nrPhysSegments;
        req.sync |= next.sync;
        // elv_merge_requests
        elevator.elevatorMergeReqFn(this, req, next);
        elvRqhashAdd(req);
        lastMerge = req;
        diskRoundStatsLocked();
        stats.inFlight--;
        blkPutRequestLocked(next);
        return true;
    }

    @Mirrors("attempt_back_merge")
    private boolean attemptBackMergeLocked(Request rq) {
        Request next = elevator.elevatorLatterReqFn(this, rq);
        return next != null && attemptMergeLocked(rq, next);
    }

    @Mirrors("attempt_front_merge")
    private boolean attemptFrontMergeLocked(Request rq) {
        Request prev = elevator.elevatorFormerReqFn(this, rq);
        return prev != null && attemptMergeLocked(prev, rq);
    }

    /** Puts a request on the dispatch list in sector order past the head ({@code elv_dispatch_sort}). */
    @Mirrors("elv_dispatch_sort")
    void elvDispatchSort(Request rq) {
        if (lastMerge == rq) {
            lastMerge = null;
        }
        elvRqhashDel(rq);
        long boundary = endSector;
        // Walk from the tail towards the head to find the insertion point.
        java.util.Iterator<Request> it = dispatchList.descendingIterator();
        int pos = dispatchList.size();
        while (it.hasNext()) {
            Request p = it.next();
            if (p.started) {
                break;
            }
            if (rq.sector >= boundary) {
                if (p.sector < boundary) {
                    pos--;
                    continue;
                }
            } else if (p.sector >= boundary) {
                break;
            }
            if (rq.sector >= p.sector) {
                break;
            }
            pos--;
        }
        if (pos == dispatchList.size()) {
            dispatchList.addLast(rq);
        } else {
            ArrayDeque<Request> tail = new ArrayDeque<>();
            while (dispatchList.size() > pos) {
                tail.addFirst(dispatchList.pollLast());
            }
            dispatchList.addLast(rq);
            dispatchList.addAll(tail);
        }
    }

    /** Appends a request to the dispatch list as chosen ({@code elv_dispatch_add_tail}). */
    @Mirrors("elv_dispatch_add_tail")
    void elvDispatchAddTail(Request rq) {
        if (lastMerge == rq) {
            lastMerge = null;
        }
        elvRqhashDel(rq);
        endSector = rq.rqEndSector();
        dispatchList.addLast(rq);
    }

    /**
     * The next request for the driver, taken off the queue ({@code elv_next_request} +
     * {@code blkdev_dequeue_request}), or null when the elevator has nothing.
     */
    @Mirrors("elv_next_request")
    Request elvNextRequestLocked() {
        while (dispatchList.isEmpty()) {
            if (!elevator.elevatorDispatchFn(this, false)) {
                return null;
            }
        }
        Request rq = dispatchList.pollFirst();
        rq.started = true;
        endSector = rq.rqEndSector();
        driverInFlight++;
        return rq;
    }

    /** Whether the queue holds requests the driver has not taken yet. */
    boolean hasQueuedLocked() {
        return !dispatchList.isEmpty() || !elevator.elevatorQueueEmptyFn(this);
    }

    /** Requests allocated and not yet handed to the driver. */
    private int queuedLocked() {
        return allocatedLocked() - driverInFlight;
    }

    /** Wakes up to {@code n} idle driver threads and tells spinning ones there is work. */
    private void wakeDriversLocked(int n) {
        events++;
        for (int i = spinners; i < n; i++) {
            work.signal();
        }
    }

    /**
     * Plugs the queue ({@code blk_plug_device} arming the unplug timer). A device thread
     * already in a timed wait will see the plug when its wait ends, no later than this
     * plug's deadline (its wait began earlier and lasts at most UNPLUG_DELAY), so only
     * when there is none is a driver woken to act as the timer.
     */
    @Mirrors("blk_plug_device")
    private void blkPlugDeviceLocked() {
        if (!plugged) {
            plugged = true;
            plugDeadline = now() + UNPLUG_DELAY;
            if (timerWaiters == 0) {
                wakeDriversLocked(1);
            }
        }
    }

    @Mirrors("blk_remove_plug")
    private boolean blkRemovePlugLocked() {
        boolean was = plugged;
        plugged = false;
        return was;
    }

    /**
     * Removes the plug and wakes one driver per queued request ({@code __generic_unplug_device},
     * whose {@code request_fn} call starts the queued requests).
     */
    @Mirrors("__generic_unplug_device")
    void genericUnplugDeviceLocked() {
        blkRemovePlugLocked();
        int nrq = queuedLocked();
        if (nrq > 0) {
            wakeDriversLocked(nrq);
        }
    }

    /** Unplugs from process context ({@code generic_unplug_device}). */
    @Mirrors("generic_unplug_device")
    void genericUnplugDevice() {
        lock.lock();
        try {
            genericUnplugDeviceLocked();
        } finally {
            lock.unlock();
        }
    }

    boolean pluggedLocked() {
        return plugged;
    }

    long plugDeadlineLocked() {
        return plugDeadline;
    }

    /** The unplug timer fired ({@code blk_unplug_timeout} + {@code blk_unplug_work}). */
    @Mirrors("blk_unplug_timeout")
    void blkUnplugTimeoutLocked() {
        genericUnplugDeviceLocked();
    }

    boolean deadLocked() {
        return dead;
    }

    /** Marks the queue dead ({@code QUEUE_FLAG_DEAD}): new bios fail, threads leave. */
    void markDeadLocked() {
        dead = true;
        events++;
        work.signalAll();
        rqFree.signalAll();
    }

    /** Requests allocated and not yet completed, both directions. */
    int allocatedLocked() {
        return count[0] + count[1];
    }

    @Mirrors("disk_round_stats")
    private void diskRoundStatsLocked() {
        long now = now();
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(now - statsStamp);
        if (elapsedMs > 0) {
            synchronized (stats) {
                stats.timeInQueue += (long) stats.inFlight * elapsedMs;
                if (stats.inFlight > 0) {
                    stats.ioTicks += elapsedMs;
                }
            }
            statsStamp += TimeUnit.MILLISECONDS.toNanos(elapsedMs);
        }
    }

    @Mirrors("drive_stat_acct")
    private void driveStatAcctLocked(Request rq, boolean newIo) {
        if (!newIo) {
            synchronized (stats) {
                stats.merges[rq.dataDir]++;
            }
        } else {
            diskRoundStatsLocked();
            synchronized (stats) {
                stats.inFlight++;
            }
        }
    }

    /**
     * Accounts finished requests and frees them ({@code end_that_request_last}, the sector
     * counting of {@code __end_that_request_first}), {@code n} of them from {@code rqs},
     * each with the sectors it transferred in {@code sectorsDone}, under one acquisition of
     * the queue lock. Called on the completion thread after every bio of each request was
     * ended.
     */
    @Mirrors("end_that_request_last")
    void endThatRequestLast(Request[] rqs, int[] sectorsDone, int n) {
        lock.lock();
        try {
            diskRoundStatsLocked();
            long now = now();
            synchronized (stats) {
                for (int i = 0; i < n; i++) {
                    Request rq = rqs[i];
                    stats.sectors[rq.dataDir] += sectorsDone[i];
                    stats.ios[rq.dataDir]++;
                    stats.ticks[rq.dataDir] += TimeUnit.NANOSECONDS.toMillis(now - rq.startTime);
                    stats.inFlight--;
                }
            }
            for (int i = 0; i < n; i++) {
                driverInFlight--;
                blkPutRequestLocked(rqs[i]);
                rqs[i] = null;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Waits until no request is allocated (all bios completed). Unplugs first. */
    void waitDrained() {
        lock.lock();
        try {
            genericUnplugDeviceLocked();
            while (allocatedLocked() != 0) {
                drained.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
        }
    }

    /** A copy of the statistics, brought up to date. */
    DiskStats snapshotStats() {
        lock.lock();
        try {
            diskRoundStatsLocked();
        } finally {
            lock.unlock();
        }
        return stats.snapshot();
    }
}
