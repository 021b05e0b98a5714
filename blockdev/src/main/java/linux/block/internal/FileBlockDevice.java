package linux.block.internal;

import linux.kernel.EmulatorOnly;
import linux.kernel.KernelBug;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.LongSupplier;
import linux.kernel.Errno;
import linux.arch.x86.PhysicalMemory;
import linux.block.BdevOptions;
import linux.block.Bio;
import linux.block.BlockDevice;
import linux.block.BlockLayer;
import linux.block.DiskStats;
import linux.block.FaultInjection;
import linux.kernel.Mirrors;
import linux.kernel.Printk;

/**
 * A whole disk backed by a file or block-device node: the request queue of
 * {@code block/ll_rw_blk.c} in front of a driver that serves requests with positional
 * {@link FileChannel} I/O (the role of a disk driver's {@code request_fn}), and the
 * completion path of {@code end_that_request_first}/{@code end_that_request_last}.
 * State: the backing channel, the queue, the driver threads and the completion thread.
 *
 * <p>Threads: with {@code queueDepth} > 1, that many driver threads each take one request
 * at a time off the queue, so that many requests are in flight at once, and hand each
 * finished request to one completion thread (the disk's interrupt) through a lock-free
 * queue; the completion thread ends the bios of everything posted since it last looked,
 * then accounts and frees those requests under one acquisition of the queue lock. With
 * {@code queueDepth} 1 there are no driver threads: the completion thread serves the one
 * request itself and ends it at once, which saves a thread hand-off per I/O, and spins
 * briefly ({@link #SPIN_NANOS}) for the next request before it sleeps. Either way every
 * bio is ended on the completion thread; submitters never run a completion.
 *
 * <p>Opened with {@link BdevOptions.Completion#SUBMITTER}, the disk is instead driven the
 * way 2.6.20's RAM disk is (drivers/block/rd.c): its make_request_fn
 * ({@link #rdMakeRequest}) moves each bio's data with positional I/O on the submitter's
 * thread and ends the bio there before submit_bio returns; there are no device threads,
 * and the request queue exists only for its counters.
 *
 * <p>Differs from 2.6.20: there is no interrupt; the completion thread stands for it,
 * and {@code in_interrupt()} is true on it. The unplug timer is a device thread's timed
 * wait on the plug.
 */
public final class FileBlockDevice extends BlockDevice {
    /**
     * How long the completion thread of a depth-1 device (which is also its driver) spins
     * for the next request before it sleeps: long enough to cover a submitter waking up
     * on a completion and sending its next bio (about 5-15 us on a 2-CPU guest), short
     * enough not to starve the other CPU's work. Driver threads and the completion thread
     * of deeper queues do not spin: measured, it cost more CPU than it saved there.
     */
    static final long SPIN_NANOS = 20_000L;

    /** One backing descriptor per driver thread; [0] also serves size and flush. */
    private final Backing[] backs;
    private final long capacity;
    private final PhysicalMemory ram;
    private final BdevOptions options;
    private final RequestQueue queue;
    private final FaultInjection faults = new FaultInjection();
    /** Finished requests and rejected bios for the completion thread (lock-free hand-off). */
    private final ConcurrentLinkedQueue<Object> done = new ConcurrentLinkedQueue<>();
    /** The completion thread is parked (or about to park) waiting for {@link #done}. */
    private volatile boolean irqSleeping;
    /** Set when the completion thread is to leave. */
    private volatile boolean irqStop;
    /** Whether the completion thread is also the (only) driver: queue depth 1. */
    private final boolean irqDrives;
    private final Thread[] drivers;
    /** The completion thread; null when bios complete in the submitter's context. */
    private final Thread irq;
    /** Whether bios are ended by their submitter inside make_request (rd.c's way). */
    private final boolean submitterCompletes;
    /**
     * Submitter mode: per thread, how many of this disk's bi_end_io calls it is running
     * (its completion context); null in thread mode.
     */
    private final ThreadLocal<int[]> endingHere;
    /**
     * Submitter mode: held for reading by each make_request in progress and for writing
     * by the last close, so the backing file is not closed under a transfer.
     */
    private final ReentrantReadWriteLock rdOpen = new ReentrantReadWriteLock();
    private final Runnable onClose;
    /** Openers ({@code bd_openers}); guarded by the registry's lock. */
    int openers = 1;
    private volatile boolean stopping;

    FileBlockDevice(String name, int major, int minor, Backing[] backs, long sizeBytes,
            BdevOptions options, PhysicalMemory ram, BlockLayer blockLayer, LongSupplier clock, Runnable onClose) {
        super(name, major, minor, null, blockLayer);
        this.backs = backs;
        this.capacity = sizeBytes >> SECTOR_SHIFT;
        this.ram = ram;
        this.options = options;
        this.queue = new RequestQueue(options.elevator(), clock, blockLayer.current());
        this.onClose = onClose;
        bdSetSize(sizeBytes);
        this.submitterCompletes = options.completion() == BdevOptions.Completion.SUBMITTER;
        if (submitterCompletes) {
            // rd.c's shape: no driver, no interrupt; the submitter does the work.
            this.endingHere = ThreadLocal.withInitial(() -> new int[1]);
            this.irq = null;
            this.irqDrives = false;
            this.drivers = new Thread[0];
            return;
        }
        this.endingHere = null;
        this.irq = new Thread(this::completionLoop, name + "-irq");
        irq.setDaemon(true);
        // Depth 1: the completion thread is the only driver (one request in flight, one
        // thread fewer to hand it through). Deeper queues: that many driver threads.
        this.irqDrives = options.queueDepth() == 1;
        this.drivers = new Thread[irqDrives ? 0 : options.queueDepth()];
        for (int i = 0; i < drivers.length; i++) {
            Backing b = backs[i];
            drivers[i] = new Thread(() -> driverLoop(b), name + "-io" + i);
            drivers[i].setDaemon(true);
        }
        irq.start();
        for (Thread t : drivers) {
            t.start();
        }
    }

    @EmulatorOnly("get_capacity of the disk (a getter)")
    @Override
    public long capacity() {
        return capacity;
    }

    /** The open options this disk was created with. */
    @EmulatorOnly("how the disk was opened")
    public BdevOptions options() {
        return options;
    }

    /** The elevator's name. */
    @EmulatorOnly("the name of the queue's elevator_type")
    public String elevatorName() {
        return queue.elevatorName();
    }

    RequestQueue queue() {
        return queue;
    }

    @EmulatorOnly("the disk's make_request_fn slot: hands the bio to its queue's __make_request")
    @Override
    public int makeRequest(Bio bio) {
        if (submitterCompletes) {
            return rdMakeRequest(bio);
        }
        if (!queue.makeRequestRaw(bio)) {
            throw new KernelBug("bio submitted to " + name() + " after its last close");
        }
        return 0;
    }

    /**
     * The make_request_fn of a disk that completes in the submitter's context, shaped
     * like drivers/block/rd.c's {@code rd_make_request}: refuse a bio reaching past the
     * end of the disk, move each segment between RAM and the file at its sector, then end
     * the whole bio with bio_endio (or with -EIO when the transfer failed, as
     * {@code bio_io_error} does), all before returning to submit_bio. Runs on the
     * submitter's thread in process context; several submitters may be inside at once,
     * each with its own positional transfers. BIO_RW_SYNC writes are forced to stable
     * storage before they complete. Fault injection applies per bio (failures and
     * delays; out-of-order delivery has no meaning here).
     *
     * <p>Differs from 2.6.20: rd.c's disk bypasses the request queue and so counts
     * nothing in /proc/diskstats; here each bio is counted as one completed I/O (ios and
     * sectors) so the row reflects the traffic.
     */
    @Mirrors("rd_make_request")
    private int rdMakeRequest(Bio bio) {
        ReentrantReadWriteLock.ReadLock open = rdOpen.readLock();
        open.lock();
        try {
            if (stopping) {
                throw new KernelBug("bio submitted to " + name() + " after its last close");
            }
            long sector = bio.biSector;
            int len = bio.biSize >>> SECTOR_SHIFT;
            int rw = bio.bioDataDir();
            int error;
            if (sector + len > capacity) {
                error = Errno.EIO.negative();
            } else if (faults.shouldFail(rw)) {
                error = Errno.EIO.negative();
            } else {
                error = rdTransfer(bio, rw, sector);
            }
            long delay = faults.delayNanos();
            if (delay > 0) {
                LockSupport.parkNanos(delay);
            }
            synchronized (queue.stats) {
                queue.stats.ios[rw]++;
                queue.stats.sectors[rw] += len;
            }
            endInSubmitter(bio, error);
        } finally {
            open.unlock();
        }
        return 0;
    }

    /**
     * The data movement of {@link #rdMakeRequest} (rd.c's per-segment
     * {@code rd_blkdev_pagecache_IO}): one positional read or write per bio_vec, in
     * order, from {@code sector} on. Returns 0 or -EIO. No lock held.
     */
    private int rdTransfer(Bio bio, int rw, long sector) {
        FileChannel ch = backs[0].channel;
        long pos = sector << SECTOR_SHIFT;
        try {
            for (int i = bio.biIdx; i < bio.biVcnt; i++) {
                var bv = bio.biIoVec[i];
                ByteBuffer buf = ram.buffer(bv.bvPfn, bv.bvOffset, bv.bvLen);
                while (buf.hasRemaining()) {
                    int n = rw == Bio.WRITE ? ch.write(buf, pos) : ch.read(buf, pos);
                    if (n < 0) {
                        return Errno.EIO.negative();
                    }
                    pos += n;
                }
            }
            if (rw == Bio.WRITE && bio.bioSync() && !options.sync()) {
                ch.force(false);
            }
            return 0;
        } catch (IOException | RuntimeException e) {
            return Errno.EIO.negative();
        }
    }

    /**
     * Ends {@code bio} for its whole remaining size on the calling thread, which counts
     * as this disk's completion context meanwhile. Submitter mode only. A bi_end_io that
     * throws (a BUG) reaches the submitter.
     */
    private void endInSubmitter(Bio bio, int error) {
        int[] depth = endingHere.get();
        depth[0]++;
        try {
            Bio.bioEndio(bio, bio.biSize, error);
        } finally {
            depth[0]--;
        }
    }

    @EmulatorOnly("completes a bio on the disk's completion thread, where bio_endio runs")
    @Override
    public void bioEndioAsync(Bio bio, int error) {
        if (stopping) {
            throw new KernelBug("bio submitted to " + name() + " after its last close");
        }
        if (submitterCompletes) {
            endInSubmitter(bio, error);
            return;
        }
        postCompletion(new Object[] {bio, error});
    }

    @EmulatorOnly("the unplug entry of the device: its queue's generic_unplug_device")
    @Override
    public void unplug() {
        queue.genericUnplugDevice();
    }

    @Mirrors("sync_blockdev")
    @Override
    public int syncBlockdev() {
        if (inCompletionContext()) {
            throw new KernelBug("sync_blockdev from the completion thread of " + name());
        }
        queue.waitDrained();
        try {
            backs[0].channel.force(true);
            return 0;
        } catch (IOException e) {
            printk().printk(Printk.KERN_ERR, "sync_blockdev: " + name() + ": " + e.getMessage());
            return Errno.EIO.negative();
        }
    }

    @EmulatorOnly("the disk's struct disk_stats")
    @Override
    public DiskStats diskStats() {
        return queue.snapshotStats();
    }

    @EmulatorOnly("this disk's row of /proc/diskstats, as diskstats_show prints it")
    @Override
    public String diskstatsLine() {
        return DiskStats.formatDisk(major(), minor(), name(), queue.snapshotStats());
    }

    @EmulatorOnly("the fault-injection settings should_fail_request consults")
    @Override
    public FaultInjection faults() {
        return faults;
    }

    @Override
    protected Thread completionThread() {
        return irq;
    }

    @Override
    protected boolean completesOnCallingThread() {
        if (submitterCompletes) {
            return endingHere.get()[0] > 0;
        }
        return Thread.currentThread() == irq;
    }

    @EmulatorOnly("one opener's blkdev_put")
    @Override
    public void close() {
        onClose.run();
    }

    /**
     * Called by the registry when the last opener closes: waits for all I/O, stops the
     * threads and closes the file. Process context.
     */
    void shutdown() {
        if (inCompletionContext()) {
            throw new KernelBug("closing " + name() + " from its own completion thread");
        }
        if (submitterCompletes) {
            shutdownSubmitterMode();
            return;
        }
        queue.waitDrained();
        stopping = true;
        queue.lock.lock();
        try {
            queue.markDeadLocked();
        } finally {
            queue.lock.unlock();
        }
        for (Thread t : drivers) {
            joinQuietly(t);
        }
        irqStop = true;
        kickIrq();
        joinQuietly(irq);
        for (Backing b : backs) {
            try {
                b.close();
            } catch (IOException e) {
                printk().printk(Printk.KERN_WARNING, "close of " + name() + " failed: " + e.getMessage());
            }
        }
    }

    /** The last close of a submitter-mode disk: waits for transfers in progress, closes the file. */
    private void shutdownSubmitterMode() {
        rdOpen.writeLock().lock();
        try {
            stopping = true;
            queue.lock.lock();
            try {
                queue.markDeadLocked();
            } finally {
                queue.lock.unlock();
            }
            for (Backing b : backs) {
                try {
                    b.close();
                } catch (IOException e) {
                    printk().printk(Printk.KERN_WARNING, "close of " + name() + " failed: " + e.getMessage());
                }
            }
        } finally {
            rdOpen.writeLock().unlock();
        }
    }

    private static void joinQuietly(Thread t) {
        boolean interrupted = false;
        while (t.isAlive()) {
            try {
                t.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Waits, queue lock held, until this device thread has something to do: a request to
     * serve (when it drives) or completions to end (when it is the completion thread).
     * Returns the request taken off the queue, or null when completions are waiting or
     * (for a driver) the queue is dead and empty. Honours the plug: while plugged, the
     * thread waits for the plug's deadline and then unplugs (the unplug timer).
     */
    private Request awaitWorkLocked(boolean drives, boolean irqThread, Condition cond) {
        RequestQueue q = queue;
        boolean armed = true; // the first idle wait after work also times the plug
        long spinUntil = irqThread && SPIN_NANOS > 0 ? System.nanoTime() + SPIN_NANOS : 0;
        for (;;) {
            if (irqThread && (!done.isEmpty() || irqStop)) {
                return null; // only when the completion thread drives
            }
            if (drives) {
                if (q.pluggedLocked()) {
                    long wait = q.plugDeadlineLocked() - q.now();
                    if (wait <= 0 || q.deadLocked()) {
                        q.blkUnplugTimeoutLocked();
                        continue;
                    }
                    if (spinLocked(spinUntil)) {
                        continue;
                    }
                    timedWaitLocked(cond, wait);
                    armed = true;
                    continue;
                }
                Request rq = q.elvNextRequestLocked();
                if (rq != null) {
                    return rq;
                }
                if (!irqThread && q.deadLocked()) {
                    return null;
                }
            }
            if (spinLocked(spinUntil)) {
                continue;
            }
            if (drives && armed) {
                armed = timedWaitLocked(cond, RequestQueue.UNPLUG_DELAY);
            } else {
                cond.awaitUninterruptibly();
            }
        }
    }

    /**
     * Spins, queue lock dropped, until something is posted or {@code until} (a nanoTime;
     * 0 = no spinning) passes. Returns whether something was posted. A brief bounded spin
     * lets the thread pick up work that arrives within microseconds (a submitter answering
     * a completion with its next bio, then unplugging) without a sleep and a wake-up; it is
     * bounded so that the 2 CPUs of a small machine stay usable.
     */
    private boolean spinLocked(long until) {
        RequestQueue q = queue;
        if (until == 0 || System.nanoTime() - until >= 0) {
            return false;
        }
        int seen = q.events;
        q.spinners++;
        q.lock.unlock();
        try {
            while (q.events == seen && System.nanoTime() - until < 0) {
                Thread.onSpinWait();
            }
        } finally {
            // The poster bumps events inside its critical section: keep spinning for the
            // lock a little rather than sleeping on it at once.
            while (!q.lock.tryLock()) {
                if (System.nanoTime() - until >= 0) {
                    q.lock.lock();
                    break;
                }
                Thread.onSpinWait();
            }
            q.spinners--;
        }
        return q.events != seen;
    }

    /**
     * Sleeps up to {@code nanos} on {@code cond} as an armed unplug timer. Returns false
     * when it timed out with nothing posted (the timer is then disarmed until more work).
     */
    private boolean timedWaitLocked(Condition cond, long nanos) {
        RequestQueue q = queue;
        int seen = q.events;
        q.timerWaiters++;
        try {
            cond.awaitNanos(nanos);
        } catch (InterruptedException e) {
            // device threads are never interrupted on purpose; look again
        } finally {
            q.timerWaiters--;
        }
        return q.events != seen;
    }

    /** One driver thread: takes requests as the plug allows, serves them, posts the results. */
    private void driverLoop(Backing back) {
        RequestQueue q = queue;
        ByteBuffer[] sg = new ByteBuffer[RequestQueue.MAX_PHYS_SEGMENTS];
        for (;;) {
            Request rq;
            q.lock.lock();
            try {
                rq = awaitWorkLocked(true, false, q.work);
                if (rq == null) {
                    return;
                }
            } finally {
                q.lock.unlock();
            }
            serve(rq, back.channel, sg);
            postCompletion(rq);
        }
    }

    /**
     * Hands a finished request or rejected bio to the completion thread (raising the
     * disk's interrupt). Any thread, no lock held.
     */
    private void postCompletion(Object c) {
        done.offer(c);
        kickIrq();
    }

    /** Wakes the completion thread if it sleeps (or, when it drives, waits for queue work). */
    private void kickIrq() {
        if (irqDrives) {
            RequestQueue q = queue;
            q.lock.lock();
            try {
                q.events++;
                q.work.signalAll();
            } finally {
                q.lock.unlock();
            }
        } else if (irqSleeping) {
            LockSupport.unpark(irq);
        }
    }

    /**
     * Transfers a request between RAM and the file (the driver's {@code request_fn} and
     * the controller's DMA): one positional read or write for a single segment, else one
     * vectored read or write over the scatter-gather list of all its bios; flushes a sync
     * write and records the outcome in {@code rq.errors}. Runs on a driver thread (or the
     * completion thread when it is the only driver) with its own descriptor, no lock held.
     */
    private void serve(Request rq, FileChannel ch, ByteBuffer[] sg) {
        int rw = rq.dataDir;
        int error = 0;
        if (faults.shouldFail(rw)) {
            error = Errno.EIO.negative();
        } else {
            int n = 0;
            try {
                long remaining = 0;
                for (Bio bio = rq.bio; bio != null; bio = bio.biNext) {
                    for (int i = bio.biIdx; i < bio.biVcnt; i++) {
                        var bv = bio.biIoVec[i];
                        sg[n++] = ram.buffer(bv.bvPfn, bv.bvOffset, bv.bvLen);
                        remaining += bv.bvLen;
                    }
                }
                long pos = rq.sector << SECTOR_SHIFT;
                if (n == 1) {
                    ByteBuffer buf = sg[0];
                    while (buf.hasRemaining()) {
                        int done1 = rw == Bio.WRITE ? ch.write(buf, pos) : ch.read(buf, pos);
                        if (done1 < 0) {
                            throw new IOException("end of file at sector " + rq.sector);
                        }
                        pos += done1;
                    }
                } else {
                    ch.position(pos);
                    int first = 0;
                    while (remaining > 0) {
                        long done1 = rw == Bio.WRITE ? ch.write(sg, first, n - first) : ch.read(sg, first, n - first);
                        if (done1 < 0) {
                            throw new IOException("end of file at sector " + rq.sector);
                        }
                        remaining -= done1;
                        while (first < n && !sg[first].hasRemaining()) {
                            first++;
                        }
                    }
                }
                if (rw == Bio.WRITE && rq.sync && !options.sync()) {
                    ch.force(false);
                }
            } catch (IOException | RuntimeException e) {
                error = Errno.EIO.negative();
            } finally {
                java.util.Arrays.fill(sg, 0, n, null);
            }
        }
        long delay = faults.delayNanos();
        if (delay > 0) {
            LockSupport.parkNanos(delay);
        }
        rq.errors = error;
    }

    /**
     * The completion thread: takes every finished request and rejected bio posted since
     * it last looked (shuffled when fault injection asks for out-of-order completion) and
     * ends them. With queue depth 1 it is also the device's only driver: it serves the
     * request itself and ends it at once, saving a hand-off between threads.
     */
    private void completionLoop() {
        blockLayer().current().irqEnter();
        RequestQueue q = queue;
        ByteBuffer[] sg = irqDrives ? new ByteBuffer[RequestQueue.MAX_PHYS_SEGMENTS] : null;
        ArrayList<Object> batch = new ArrayList<>();
        for (;;) {
            if (irqDrives) {
                Request rq;
                q.lock.lock();
                try {
                    rq = awaitWorkLocked(true, true, q.work);
                } finally {
                    q.lock.unlock();
                }
                if (rq != null) {
                    serve(rq, backs[0].channel, sg);
                    if (!faults.outOfOrder()) {
                        deliverBatch(rq);
                        continue;
                    }
                    batch.add(rq);
                }
            } else {
                awaitCompletions();
            }
            Object c;
            while ((c = done.poll()) != null) {
                batch.add(c);
            }
            if (batch.isEmpty()) {
                if (irqStop) {
                    return;
                }
                continue;
            }
            if (faults.outOfOrder()) {
                // Collect what else finishes within 2 ms (serving what is queued when this
                // thread is the driver), then deliver in random order.
                for (;;) {
                    Request more = irqDrives ? takeUnpluggedRequest() : null;
                    if (more != null) {
                        serve(more, backs[0].channel, sg);
                        batch.add(more);
                        continue;
                    }
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
                    int before = batch.size();
                    while ((c = done.poll()) != null) {
                        batch.add(c);
                    }
                    if (batch.size() == before && (!irqDrives || !queuedUnplugged())) {
                        break;
                    }
                }
                for (int n = batch.size(); n > 1; n--) {
                    int i = faults.nextIndex(n);
                    Object t = batch.get(i);
                    batch.set(i, batch.get(n - 1));
                    batch.set(n - 1, t);
                }
            }
            deliverBatch(batch);
            batch.clear();
        }
    }

    /** Whether the queue is unplugged and holds requests not yet served. */
    private boolean queuedUnplugged() {
        RequestQueue q = queue;
        q.lock.lock();
        try {
            return !q.pluggedLocked() && q.hasQueuedLocked();
        } finally {
            q.lock.unlock();
        }
    }

    /** The next request if the queue is unplugged and has one, without waiting. */
    private Request takeUnpluggedRequest() {
        RequestQueue q = queue;
        q.lock.lock();
        try {
            return q.pluggedLocked() ? null : q.elvNextRequestLocked();
        } finally {
            q.lock.unlock();
        }
    }

    /**
     * Sleeps until something is posted on {@link #done} or the device stops. Completion
     * thread of a device with driver threads only.
     */
    private void awaitCompletions() {
        if (!done.isEmpty() || irqStop) {
            return;
        }
        irqSleeping = true;
        try {
            while (done.isEmpty() && !irqStop) {
                LockSupport.park(this);
            }
        } finally {
            irqSleeping = false;
        }
    }

    /** Ends one request the completion thread served itself. Completion thread only. */
    private void deliverBatch(Request rq) {
        deliver(rq);
        flushEnded();
    }

    /** Ends everything in {@code batch}, in list order. Completion thread only. */
    private void deliverBatch(ArrayList<Object> batch) {
        for (int i = 0; i < batch.size(); i++) {
            deliver(batch.get(i));
        }
        flushEnded();
    }

    private void deliver(Object c) {
        try {
            if (c instanceof Request) {
                endThatRequestFirst((Request) c);
            } else {
                Object[] pair = (Object[]) c;
                Bio.bioEndio((Bio) pair[0], ((Bio) pair[0]).biSize, (Integer) pair[1]);
            }
        } catch (RuntimeException | AssertionError e) {
            printk().printk(Printk.KERN_ERR, "BUG: bi_end_io on " + name() + " threw " + e);
        }
    }

    /** Requests whose bios were all ended, waiting to be accounted and freed together. */
    private final Request[] ended = new Request[64];
    private final int[] endedSectors = new int[64];
    private int nEnded;

    /** Accounts and frees the ended requests under one queue-lock acquisition. */
    private void flushEnded() {
        if (nEnded > 0) {
            queue.endThatRequestLast(ended, endedSectors, nEnded);
            nEnded = 0;
        }
    }

    /**
     * Ends every bio of a finished request with its full size and the request's error
     * ({@code end_that_request_first}), then queues the request for accounting and freeing
     * ({@code end_that_request_last}, done by {@link #flushEnded} for a whole batch).
     * Completion thread only.
     */
    @Mirrors("end_that_request_first")
    private void endThatRequestFirst(Request rq) {
        assert inCompletionContext();
        int error = rq.errors;
        if (error != 0) {
            printk().printk(Printk.KERN_ERR, "end_request: I/O error, dev " + name() + ", sector " + rq.sector);
        }
        int sectors = 0;
        Bio bio = rq.bio;
        rq.bio = rq.biotail = null;
        while (bio != null) {
            Bio next = bio.biNext;
            bio.biNext = null;
            int bytes = bio.biSize;
            sectors += bytes >>> SECTOR_SHIFT;
            try {
                Bio.bioEndio(bio, bytes, error);
            } catch (RuntimeException | AssertionError e) {
                printk().printk(Printk.KERN_ERR, "BUG: bi_end_io on " + name() + " threw " + e);
            }
            bio = next;
        }
        if (nEnded == ended.length) {
            flushEnded();
        }
        ended[nEnded] = rq;
        endedSectors[nEnded] = sectors;
        nEnded++;
    }
}
