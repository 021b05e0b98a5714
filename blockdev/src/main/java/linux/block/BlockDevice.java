package linux.block;

import linux.kernel.KernelBug;
import static linux.arch.x86.PageGeometry.PAGE_SIZE;

import linux.kernel.Mirrors;
import linux.kernel.Printk;

/**
 * Mirrors linux-2.6.20 {@code struct block_device} with the parts of {@code struct gendisk}
 * and {@code request_queue_t} its users reach, and the {@code fs/block_dev.c} functions
 * swapon/swapoff use: {@code bd_claim}, {@code bd_release}, {@code set_blocksize},
 * {@code block_size}, {@code blkdev_put}. State: holder and block size (here), the queue
 * and the backing storage (in the subclass).
 *
 * <p>A device is a whole disk ({@code bdContains() == this}) or a partition of one
 * ({@code bdContains()} is the disk, {@link #startSect()} its first sector). Bios are
 * addressed relative to the device they name; {@link BlockLayer#genericMakeRequest}
 * remaps partition bios onto the disk and hands them to the disk's
 * {@link #makeRequest}.
 *
 * <p>Obtain devices from {@link BlockDevices#open} (files and block-device nodes) or
 * build a {@link ManualDevice} for deterministic tests.
 */
@Mirrors("block_device")
public abstract class BlockDevice implements AutoCloseable {

    /** Protects every device's holder fields ({@code bdev_lock}). */
    private static final Object BDEV_LOCK = new Object();

    /** Logical sector size: bios and capacities count 512-byte sectors. */
    public static final int SECTOR_SIZE = 512;
    public static final int SECTOR_SHIFT = 9;

    private final String name;
    private final int major;
    private final int minor;
    private final BlockDevice bdContains;
    private final BlockLayer blockLayer;

    /** Who claimed the device ({@code bd_holder}); guarded by BDEV_LOCK. */
    private Object bdHolder;
    /** How many claims are outstanding ({@code bd_holders}); guarded by BDEV_LOCK. */
    private int bdHolders;
    /** Soft block size in bytes ({@code bd_block_size}). */
    private volatile int bdBlockSize;

    /**
     * @param name the name {@code bdevname} prints (e.g. {@code "loop0"}, {@code "sda1"})
     * @param contains the whole disk for a partition, or null for a whole disk
     * @param blockLayer the kernel's block layer: its log, tracer and completion context
     */
    protected BlockDevice(String name, int major, int minor, BlockDevice contains, BlockLayer blockLayer) {
        this.name = name;
        this.major = major;
        this.minor = minor;
        this.bdContains = contains == null ? this : contains;
        this.blockLayer = blockLayer;
        this.bdBlockSize = SECTOR_SIZE;
    }

    /** The device name as {@code bdevname} prints it. */
    public final String name() {
        return name;
    }

    public final int major() {
        return major;
    }

    public final int minor() {
        return minor;
    }

    /** {@code MKDEV(major, minor)} in the 2.6 encoding (major << 20 | minor). */
    public final int devT() {
        return (major << 20) | minor;
    }

    /** The whole disk this device is part of, or this device itself. */
    public final BlockDevice bdContains() {
        return bdContains;
    }

    /** The kernel log this device prints to. */
    public final Printk printk() {
        return blockLayer.printk();
    }

    /** The block layer (of one kernel) this device belongs to. */
    public final BlockLayer blockLayer() {
        return blockLayer;
    }

    /** Size in 512-byte sectors ({@code i_size >> 9} of the device inode; get_capacity). */
    public abstract long capacity();

    /** First sector of a partition on its disk; 0 for a whole disk. */
    public long startSect() {
        return 0;
    }

    /** Hardware sector size ({@code bdev_hardsect_size}): 512 unless the device needs more. */
    @Mirrors("bdev_hardsect_size")
    public int bdevHardsectSize() {
        return SECTOR_SIZE;
    }

    /**
     * Claims the device for {@code holder}: 0 on success (also when {@code holder}
     * already holds it), {@code -EBUSY} when someone else holds it, or holds the whole
     * disk of this partition. Swapon calls it with its own identity as holder.
     * Takes bdev_lock.
     */
    @Mirrors("bd_claim")
    public final int bdClaim(Object holder) {
        if (holder == null) {
            throw new IllegalArgumentException("bd_claim: null holder");
        }
        synchronized (BDEV_LOCK) {
            boolean ok;
            if (bdHolder == holder) {
                ok = true;
            } else if (bdHolder != null) {
                ok = false;
            } else if (bdContains == this) {
                ok = true;
            } else if (bdContains.bdHolder == BDEV_LOCK) {
                ok = true;
            } else {
                ok = bdContains.bdHolder == null;
            }
            if (!ok) {
                return linux.kernel.Errno.EBUSY.negative();
            }
            // The whole disk is marked as claimed on behalf of its parts (the kernel stores
            // bd_claim itself there); a whole disk is thus counted twice.
            bdContains.bdHolders++;
            bdContains.bdHolder = BDEV_LOCK;
            bdHolders++;
            bdHolder = holder;
            return 0;
        }
    }

    /** Drops one claim taken by {@link #bdClaim}; called by swapoff and swapon's error path. */
    @Mirrors("bd_release")
    public final void bdRelease() {
        synchronized (BDEV_LOCK) {
            if (bdHolders <= 0) {
                throw new KernelBug("bd_release of " + name + " which is not claimed");
            }
            if (--bdContains.bdHolders == 0) {
                bdContains.bdHolder = null;
            }
            if (--bdHolders == 0) {
                bdHolder = null;
            }
        }
    }

    /** The current holder, or null (the whole disk of a claimed partition reports a marker object). */
    public final Object bdHolder() {
        synchronized (BDEV_LOCK) {
            return bdHolder;
        }
    }

    /** Soft block size in bytes ({@code block_size}). */
    @Mirrors("block_size")
    public final int blockSize() {
        return bdBlockSize;
    }

    /**
     * Sets the soft block size: 0, or {@code -EINVAL} unless {@code size} is a power of two
     * between 512 and PAGE_SIZE and not below the hardware sector size. Swapon sets
     * PAGE_SIZE and swapoff restores the old value. A change first writes back the
     * device ({@code sync_blockdev}).
     */
    @Mirrors("set_blocksize")
    public final int setBlocksize(int size) {
        if (size > PAGE_SIZE || size < SECTOR_SIZE || (size & (size - 1)) != 0) {
            return linux.kernel.Errno.EINVAL.negative();
        }
        if (size < bdevHardsectSize()) {
            return linux.kernel.Errno.EINVAL.negative();
        }
        if (bdBlockSize != size) {
            syncBlockdev();
            bdBlockSize = size;
        }
        return 0;
    }

    /**
     * Sets the initial block size from the device size as {@code bd_set_size} does: the
     * largest power of two up to PAGE_SIZE that divides the size in bytes.
     */
    @Mirrors("bd_set_size")
    protected final void bdSetSize(long bytes) {
        int bsize = bdevHardsectSize();
        while (bsize < PAGE_SIZE && (bytes & bsize) == 0) {
            bsize <<= 1;
        }
        bdBlockSize = bsize;
    }

    /**
     * The queue's entry point ({@code q->make_request_fn}), called by
     * {@link BlockLayer#genericMakeRequest} on the whole disk after the partition remap
     * and the end-of-device check. Returns 0 (the bio was taken).
     */
    public abstract int makeRequest(Bio bio);

    /**
     * Completes {@code bio} with {@code error} for its whole remaining size, in this
     * disk's completion context: on its completion thread rather than the caller's, or,
     * for a disk opened with {@link BdevOptions.Completion#SUBMITTER}, at once in the
     * caller's context. generic_make_request uses it for bios it rejects (past the end of
     * the device).
     *
     * <p>Differs from 2.6.20: the kernel calls bio_endio at once in the submitter's
     * context; here every completion of a disk with a completion thread, failed or not,
     * arrives on that thread.
     */
    public abstract void bioEndioAsync(Bio bio, int error);

    /** Starts queued I/O now instead of waiting for the plug timer ({@code generic_unplug_device}). */
    public abstract void unplug();

    /**
     * Waits for every bio in flight on the device and flushes written data to stable
     * storage ({@code sync_blockdev}). Returns 0 or {@code -EIO}. Process context only.
     */
    @Mirrors("sync_blockdev")
    public abstract int syncBlockdev();

    /** The device's counters (the fields of a /proc/diskstats row). */
    public abstract DiskStats diskStats();

    /**
     * This device's /proc/diskstats row in the 2.6.20 format (14 fields for a disk, 7 for
     * a partition), without the trailing newline.
     */
    public abstract String diskstatsLine();

    /** The fault-injection controls of the whole disk. */
    public abstract FaultInjection faults();

    /**
     * The thread on which this disk delivers completions (its interrupt context), or null
     * for a disk that has none (it completes in the submitter's context).
     */
    protected abstract Thread completionThread();

    /**
     * Whether the calling thread is in this device's completion context: the whole disk's
     * completion thread, or, for a disk opened with {@link BdevOptions.Completion#SUBMITTER},
     * a submitter while it runs one of the disk's bi_end_io callbacks.
     */
    public final boolean inCompletionContext() {
        return bdContains.completesOnCallingThread();
    }

    /**
     * Whether the calling thread is running this whole disk's completions now. By default:
     * whether it is {@link #completionThread()}. A disk that ends bios in the submitter's
     * context overrides this.
     */
    protected boolean completesOnCallingThread() {
        return Thread.currentThread() == completionThread();
    }

    /** Partition hook: counts a bio remapped onto the disk (the hd_struct counters). */
    protected void partitionAccount(int rw, int sectors) {
    }

    /**
     * Drops this opener's reference ({@code blkdev_put}); the last one waits for all I/O
     * in flight, flushes, stops the device's threads and closes the backing file.
     * Closing twice is harmless.
     */
    @Override
    public abstract void close();

    @Override
    public String toString() {
        return name + "(" + major + ":" + minor + ")";
    }
}
