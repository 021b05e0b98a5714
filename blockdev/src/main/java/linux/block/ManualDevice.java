package linux.block;

import linux.kernel.KernelBug;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import linux.kernel.Errno;
import linux.arch.x86.PhysicalMemory;
import linux.kernel.Printk;

/**
 * An in-memory disk whose bios complete only when the test says so ({@link #completeNext},
 * {@link #failNext}), for deterministic tests of page_io and swap (the idea of Netty's
 * embedded channel). Bios queue in submission order without merging (like a driver that
 * installs its own make_request_fn, e.g. the 2.6.20 ramdisk). Completions still run on
 * the device's own completion thread, and the calling test waits until bi_end_io returned.
 * State: the sectors (a byte array), the pending bios, the counters.
 *
 * <p>Locking: the monitor of this object guards the pending list and the counters.
 */
public final class ManualDevice extends BlockDevice {
    private static final long TIMEOUT_SECONDS = 30;

    private final PhysicalMemory ram;
    private final byte[] store;
    private final long capacity;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private final FaultInjection faults = new FaultInjection();
    private final DiskStats stats = new DiskStats();
    private final ExecutorService irq;
    private volatile Thread irqThread;
    private boolean closed;

    private static final class Pending {
        final Bio bio;
        final int size;
        final int rw;

        Pending(Bio bio) {
            this.bio = bio;
            this.size = bio.biSize;
            this.rw = bio.bioDataDir();
        }
    }

    /**
     * A disk of {@code capacitySectors} sectors (at most 2 GiB), zero-filled, named
     * {@code name} with device numbers {@code major:minor}, DMAing into {@code ram}.
     */
    public ManualDevice(String name, int major, int minor, long capacitySectors, PhysicalMemory ram,
            BlockLayer blockLayer) {
        super(name, major, minor, null, blockLayer);
        if (capacitySectors <= 0 || capacitySectors > (Integer.MAX_VALUE >> SECTOR_SHIFT)) {
            throw new IllegalArgumentException("capacity must be 1.." + (Integer.MAX_VALUE >> SECTOR_SHIFT) + " sectors");
        }
        this.ram = ram;
        this.capacity = capacitySectors;
        this.store = new byte[(int) (capacitySectors << SECTOR_SHIFT)];
        bdSetSize(capacitySectors << SECTOR_SHIFT);
        this.irq = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(() -> {
                blockLayer.current().irqEnter();
                r.run();
            }, name + "-irq");
            t.setDaemon(true);
            irqThread = t;
            return t;
        });
        // Start the thread now so completionThread() is known before the first bio.
        await(irq.submit(() -> { }));
    }

    @Override
    public long capacity() {
        return capacity;
    }

    /** Queues the bio until the test completes it. */
    @Override
    public synchronized int makeRequest(Bio bio) {
        if (closed) {
            throw new KernelBug("bio submitted to " + name() + " after close");
        }
        bio.biNext = null;
        pending.addLast(new Pending(bio));
        synchronized (stats) {
            stats.inFlight++;
        }
        return 0;
    }

    @Override
    public void bioEndioAsync(Bio bio, int error) {
        await(irq.submit(() -> Bio.bioEndio(bio, bio.biSize, error)));
    }

    /** Bios submitted and not completed yet. */
    public synchronized int pending() {
        return pending.size();
    }

    /** The oldest pending bio, or null. */
    public synchronized Bio peekNext() {
        Pending p = pending.peekFirst();
        return p == null ? null : p.bio;
    }

    /**
     * Completes the oldest pending bio successfully: moves its data between RAM and the
     * disk and calls bio_endio for all its bytes on the completion thread, returning when
     * bi_end_io has returned. An active fault injection may turn it into an EIO.
     *
     * @throws IllegalStateException if nothing is pending
     */
    public Bio completeNext() {
        Pending p = take(false);
        boolean fail = faults.shouldFail(p.rw);
        return finish(p, p.bio.biSize, fail ? Errno.EIO : null);
    }

    /**
     * Completes the next {@code bytes} (a multiple of 512) of the oldest pending bio: a
     * partial completion when bytes remain, after which the bio stays at the head.
     */
    public Bio completeNext(int bytes) {
        if (bytes <= 0 || (bytes & (SECTOR_SIZE - 1)) != 0) {
            throw new IllegalArgumentException("partial completion must be a positive multiple of 512, not " + bytes);
        }
        Pending p = take(true);
        return finish(p, Math.min(bytes, p.bio.biSize), null);
    }

    /** Fails the oldest pending bio with {@code errno} (no data moves). */
    public Bio failNext(Errno errno) {
        Pending p = take(false);
        return finish(p, p.bio.biSize, errno);
    }

    /** Completes every pending bio in order; returns how many. */
    public int completeAll() {
        int n = 0;
        while (pending() > 0) {
            completeNext();
            n++;
        }
        return n;
    }

    private synchronized Pending take(boolean peekOnly) {
        Pending p = peekOnly ? pending.peekFirst() : pending.pollFirst();
        if (p == null) {
            throw new IllegalStateException(name() + ": no bio pending");
        }
        if (inCompletionContext()) {
            throw new KernelBug("completing a bio of " + name() + " from its own completion thread");
        }
        return p;
    }

    private Bio finish(Pending p, int bytes, Errno errno) {
        Bio bio = p.bio;
        if (errno == null) {
            transfer(p, bytes);
        }
        int error = errno == null ? 0 : errno.negative();
        await(irq.submit(() -> Bio.bioEndio(bio, bytes, error)));
        synchronized (this) {
            if (bio.biSize == 0 || errno != null) {
                pending.remove(p);
                synchronized (stats) {
                    stats.inFlight--;
                    stats.ios[p.rw]++;
                    stats.sectors[p.rw] += p.size >>> SECTOR_SHIFT;
                }
            }
        }
        return bio;
    }

    /** Moves {@code bytes} of the bio, starting where earlier partial completions left off. */
    private void transfer(Pending p, int bytes) {
        Bio bio = p.bio;
        int skip = p.size - bio.biSize;
        long pos = bio.biSector << SECTOR_SHIFT;
        int left = bytes;
        for (int i = bio.biIdx; i < bio.biVcnt && left > 0; i++) {
            BioVec bv = bio.biIoVec[i];
            if (skip >= bv.bvLen) {
                skip -= bv.bvLen;
                continue;
            }
            int off = bv.bvOffset + skip;
            int n = Math.min(bv.bvLen - skip, left);
            skip = 0;
            ByteBuffer buf = ram.buffer(bv.bvPfn, off, n);
            synchronized (store) {
                if (p.rw == Bio.WRITE) {
                    buf.get(store, (int) pos, n);
                } else {
                    buf.put(store, (int) pos, n);
                }
            }
            pos += n;
            left -= n;
        }
    }

    /** Copies {@code dst.length} bytes of the disk from byte {@code offset} (test inspection). */
    public void readStore(long offset, byte[] dst) {
        synchronized (store) {
            System.arraycopy(store, (int) offset, dst, 0, dst.length);
        }
    }

    /** Overwrites the disk at byte {@code offset} with {@code src} (test setup). */
    public void writeStore(long offset, byte[] src) {
        synchronized (store) {
            System.arraycopy(src, 0, store, (int) offset, src.length);
        }
    }

    private static void await(Future<?> f) {
        try {
            f.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a completion", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException) {
                throw (RuntimeException) c;
            }
            if (c instanceof Error) {
                throw (Error) c;
            }
            throw new IllegalStateException(c);
        } catch (TimeoutException e) {
            throw new IllegalStateException("completion did not finish within " + TIMEOUT_SECONDS + " s", e);
        }
    }

    /** Nothing is plugged: bios wait for the test, not for the plug. */
    @Override
    public void unplug() {
    }

    /** Returns 0 at once: the test decides when pending bios complete. */
    @Override
    public int syncBlockdev() {
        return 0;
    }

    @Override
    public DiskStats diskStats() {
        return stats.snapshot();
    }

    @Override
    public String diskstatsLine() {
        return DiskStats.formatDisk(major(), minor(), name(), stats.snapshot());
    }

    @Override
    public FaultInjection faults() {
        return faults;
    }

    @Override
    protected Thread completionThread() {
        return irqThread;
    }

    /**
     * Fails every still-pending bio with EIO (the test did not complete them; nothing may
     * hang) and stops the completion thread. Closing twice is harmless.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
        }
        while (pending() > 0) {
            failNext(Errno.EIO);
        }
        synchronized (this) {
            closed = true;
        }
        irq.shutdown();
    }
}
