package linux.block.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import linux.arch.x86.Errno;
import linux.arch.x86.PhysicalMemory;
import linux.block.BdevOptions;
import linux.block.Bio;
import linux.block.BlockDevice;
import linux.block.BlockLayer;
import linux.block.DiskStats;
import linux.block.FaultInjection;
import linux.trace.Mirrors;
import linux.trace.Printk;

/**
 * A whole disk backed by a file or block-device node: the request queue of
 * {@code block/ll_rw_blk.c} in front of a driver that serves requests with positional
 * {@link FileChannel} I/O (the role of a disk driver's {@code request_fn}), and the
 * completion path of {@code end_that_request_first}/{@code end_that_request_last}.
 * State: the backing channel, the queue, the driver threads and the completion thread.
 *
 * <p>Threads: {@code queueDepth} driver threads each take one request at a time off the
 * queue, so that many requests are in flight at once; one completion thread (the disk's
 * interrupt) ends every bio. Submitters never run a completion.
 *
 * <p>Differs from 2.6.20: there is no interrupt; the completion thread stands for it,
 * and {@link BlockLayer#inInterrupt()} is true on it. The unplug timer is the driver
 * threads' timed wait on the plug.
 */
public final class FileBlockDevice extends BlockDevice {
    private static final Object STOP = new Object();

    /** One backing descriptor per driver thread; [0] also serves size and flush. */
    private final Backing[] backs;
    private final long capacity;
    private final PhysicalMemory ram;
    private final BdevOptions options;
    private final RequestQueue queue;
    private final FaultInjection faults = new FaultInjection();
    private final LinkedBlockingQueue<Object> completions = new LinkedBlockingQueue<>();
    private final Thread[] drivers;
    private final Thread irq;
    private final Runnable onClose;
    /** Openers ({@code bd_openers}); guarded by the registry's lock. */
    int openers = 1;
    private volatile boolean stopping;

    FileBlockDevice(String name, int major, int minor, Backing[] backs, long sizeBytes,
            BdevOptions options, PhysicalMemory ram, Printk printk, LongSupplier clock, Runnable onClose) {
        super(name, major, minor, null, printk);
        this.backs = backs;
        this.capacity = sizeBytes >> SECTOR_SHIFT;
        this.ram = ram;
        this.options = options;
        this.queue = new RequestQueue(options.elevator(), clock);
        this.onClose = onClose;
        bdSetSize(sizeBytes);
        this.irq = new Thread(this::completionLoop, name + "-irq");
        irq.setDaemon(true);
        this.drivers = new Thread[options.queueDepth()];
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

    @Mirrors("get_capacity")
    @Override
    public long capacity() {
        return capacity;
    }

    @Mirrors("bdev_hardsect_size")
    @Override
    public int bdevHardsectSize() {
        return SECTOR_SIZE;
    }

    /** The open options this disk was created with. */
    @Mirrors("blkdev_open")
    public BdevOptions options() {
        return options;
    }

    /** The elevator's name. */
    @Mirrors("elevator_type")
    public String elevatorName() {
        return queue.elevatorName();
    }

    RequestQueue queue() {
        return queue;
    }

    @Mirrors("__make_request")
    @Override
    public int makeRequest(Bio bio) {
        if (!queue.makeRequest(bio)) {
            throw new IllegalStateException("BUG: bio submitted to " + name() + " after its last close");
        }
        return 0;
    }

    @Mirrors("bio_endio")
    @Override
    public void bioEndioAsync(Bio bio, int error) {
        if (stopping) {
            throw new IllegalStateException("BUG: bio submitted to " + name() + " after its last close");
        }
        completions.add(new Object[] {bio, error});
    }

    @Mirrors("generic_unplug_device")
    @Override
    public void unplug() {
        queue.genericUnplugDevice();
    }

    @Mirrors("sync_blockdev")
    @Override
    public int syncBlockdev() {
        if (inCompletionContext()) {
            throw new IllegalStateException("BUG: sync_blockdev from the completion thread of " + name());
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

    @Mirrors("disk_stats")
    @Override
    public DiskStats diskStats() {
        return queue.snapshotStats();
    }

    @Mirrors("diskstats_show")
    @Override
    public String diskstatsLine() {
        return DiskStats.formatDisk(major(), minor(), name(), queue.snapshotStats());
    }

    @Mirrors("should_fail_request")
    @Override
    public FaultInjection faults() {
        return faults;
    }

    @Override
    protected Thread completionThread() {
        return irq;
    }

    @Mirrors("blkdev_put")
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
            throw new IllegalStateException("BUG: closing " + name() + " from its own completion thread");
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
        completions.add(STOP);
        joinQuietly(irq);
        for (Backing b : backs) {
            try {
                b.close();
            } catch (IOException e) {
                printk().printk(Printk.KERN_WARNING, "close of " + name() + " failed: " + e.getMessage());
            }
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

    /** One driver thread: takes requests as the plug allows and serves them. */
    private void driverLoop(Backing back) {
        RequestQueue q = queue;
        ByteBuffer[] sg = new ByteBuffer[RequestQueue.MAX_PHYS_SEGMENTS];
        for (;;) {
            Request rq;
            q.lock.lock();
            try {
                for (;;) {
                    if (q.pluggedLocked()) {
                        long wait = q.plugDeadlineLocked() - q.now();
                        if (wait <= 0 || q.deadLocked()) {
                            q.unplugTimeoutLocked();
                            continue;
                        }
                        q.work.awaitNanos(wait);
                        continue;
                    }
                    rq = q.elvNextRequestLocked();
                    if (rq != null) {
                        break;
                    }
                    if (q.deadLocked()) {
                        return;
                    }
                    q.work.awaitUninterruptibly();
                }
            } catch (InterruptedException e) {
                continue;
            } finally {
                q.lock.unlock();
            }
            serve(rq, back.channel, sg);
        }
    }

    /**
     * Transfers a request between RAM and the file with one vectored read or write over
     * the scatter-gather list of all its bios (the driver's {@code request_fn} and the
     * controller's DMA), flushes a sync write, and passes the request to the completion
     * thread. Runs on a driver thread with its own descriptor, no lock held.
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
                ch.position(rq.sector << SECTOR_SHIFT);
                int first = 0;
                while (remaining > 0) {
                    long done = rw == Bio.WRITE ? ch.write(sg, first, n - first) : ch.read(sg, first, n - first);
                    if (done < 0) {
                        throw new IOException("end of file at sector " + rq.sector);
                    }
                    remaining -= done;
                    while (first < n && !sg[first].hasRemaining()) {
                        first++;
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
        completions.add(rq);
    }

    /** The completion thread: ends requests (possibly shuffled) and rejected bios. */
    private void completionLoop() {
        BlockLayer.enterInterruptContext();
        List<Object> batch = new ArrayList<>();
        for (;;) {
            Object c;
            try {
                c = completions.take();
            } catch (InterruptedException e) {
                continue;
            }
            if (c == STOP) {
                return;
            }
            if (!faults.outOfOrder()) {
                deliver(c);
                continue;
            }
            batch.add(c);
            try {
                Object more;
                while ((more = completions.poll(2, java.util.concurrent.TimeUnit.MILLISECONDS)) != null) {
                    if (more == STOP) {
                        completions.add(STOP);
                        break;
                    }
                    batch.add(more);
                }
            } catch (InterruptedException e) {
                // deliver what we have
            }
            while (!batch.isEmpty()) {
                deliver(batch.remove(faults.nextIndex(batch.size())));
            }
        }
    }

    private void deliver(Object c) {
        try {
            if (c instanceof Request) {
                endRequest((Request) c);
            } else {
                Object[] pair = (Object[]) c;
                Bio.bioEndio((Bio) pair[0], ((Bio) pair[0]).biSize, (Integer) pair[1]);
            }
        } catch (RuntimeException | AssertionError e) {
            printk().printk(Printk.KERN_ERR, "BUG: bi_end_io on " + name() + " threw " + e);
        }
    }

    /**
     * Ends every bio of a finished request with its full size and the request's error,
     * then accounts and frees the request ({@code end_that_request_first} followed by
     * {@code end_that_request_last}). Completion thread only.
     */
    @Mirrors("end_that_request_first")
    private void endRequest(Request rq) {
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
        queue.endThatRequestLast(rq, sectors);
    }
}
