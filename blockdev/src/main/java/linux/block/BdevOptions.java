package linux.block;

/**
 * How to open a device: elevator, queue depth, synchronous writes, O_DIRECT, where bios
 * complete, and an optional partition window. Immutable; the {@code with*} methods return
 * copies.
 *
 * <p>Options apply when a device is first opened; later opens of the same device share
 * it as it is (the kernel has one {@code struct block_device} per dev_t).
 */
public final class BdevOptions {
    /** Elevator used unless another is named. */
    public static final String DEFAULT_ELEVATOR = "deadline";
    /** Requests the driver serves at once unless told otherwise. */
    public static final int DEFAULT_QUEUE_DEPTH = 4;

    /** Where a disk ends the bios submitted to it. */
    public enum Completion {
        /**
         * The default: bios go through the request queue (plug, elevator, merging) to the
         * driver threads and are ended on the disk's completion thread, the emulator's
         * interrupt context ({@code in_interrupt()} is true there). submit_bio returns
         * before the data has moved.
         */
        THREAD,
        /**
         * The way 2.6.20's RAM disk works (drivers/block/rd.c, {@code rd_make_request}):
         * the disk installs its own make_request_fn, which moves the data with positional
         * file I/O and calls bio_endio in the submitter's own context before submit_bio
         * returns. No request queue, elevator, plug or device thread is involved.
         * {@code in_interrupt()} stays false during those completions, as it is in
         * rd_make_request; {@link BlockDevice#inCompletionContext()} is true while the
         * submitter runs the disk's bi_end_io. A bi_end_io then runs with whatever the
         * submitter holds, so a submitter must not hold a lock its bio's bi_end_io takes.
         */
        SUBMITTER
    }

    private final String elevator;
    private final int queueDepth;
    private final boolean sync;
    private final boolean direct;
    private final Completion completion;
    private final long partStart;
    private final long partSectors;

    private BdevOptions(String elevator, int queueDepth, boolean sync, boolean direct, Completion completion,
            long partStart, long partSectors) {
        this.elevator = elevator;
        this.queueDepth = queueDepth;
        this.sync = sync;
        this.direct = direct;
        this.completion = completion;
        this.partStart = partStart;
        this.partSectors = partSectors;
    }

    /** Deadline elevator, depth 4, buffered, "rw", completion thread, whole disk. */
    public static BdevOptions defaults() {
        return new BdevOptions(DEFAULT_ELEVATOR, DEFAULT_QUEUE_DEPTH, false, false, Completion.THREAD, 0, -1);
    }

    /** The elevator by name: {@code "noop"} or {@code "deadline"}. */
    public BdevOptions withElevator(String name) {
        return new BdevOptions(name, queueDepth, sync, direct, completion, partStart, partSectors);
    }

    /** How many requests the driver serves concurrently (1..256). */
    public BdevOptions withQueueDepth(int depth) {
        if (depth < 1 || depth > 256) {
            throw new IllegalArgumentException("queue depth must be 1..256, not " + depth);
        }
        return new BdevOptions(elevator, depth, sync, direct, completion, partStart, partSectors);
    }

    /** Opens the backing file "rwd": every write reaches stable storage before it completes. */
    public BdevOptions withSync(boolean on) {
        return new BdevOptions(elevator, queueDepth, on, direct, completion, partStart, partSectors);
    }

    /**
     * Opens the backing file with O_DIRECT ({@code com.sun.nio.file.ExtendedOpenOption.DIRECT}),
     * bypassing the host page cache. Transfers must then be aligned to the host
     * filesystem's block size: whole-page bios over RAM frames are; a bio with smaller or
     * unaligned pieces completes with EIO. Opening fails with EINVAL ("the filesystem
     * refuses O_DIRECT") where the host filesystem does not support it.
     */
    public BdevOptions withDirect(boolean on) {
        return new BdevOptions(elevator, queueDepth, sync, on, completion, partStart, partSectors);
    }

    /**
     * Where the disk ends its bios: {@link Completion#THREAD} (the default) or
     * {@link Completion#SUBMITTER} (rd.c's synchronous make_request). Chosen when the disk
     * is first opened; its partitions share it.
     */
    public BdevOptions withCompletion(Completion where) {
        if (where == null) {
            throw new IllegalArgumentException("completion must be THREAD or SUBMITTER, not null");
        }
        return new BdevOptions(elevator, queueDepth, sync, direct, where, partStart, partSectors);
    }

    /**
     * Treats the image as a disk and opens the partition that starts at sector
     * {@code start} and is {@code sectors} long.
     */
    public BdevOptions withPartition(long start, long sectors) {
        if (start < 0 || sectors <= 0) {
            throw new IllegalArgumentException("bad partition window " + start + "+" + sectors);
        }
        return new BdevOptions(elevator, queueDepth, sync, direct, completion, start, sectors);
    }

    public String elevator() {
        return elevator;
    }

    public int queueDepth() {
        return queueDepth;
    }

    public boolean sync() {
        return sync;
    }

    public boolean direct() {
        return direct;
    }

    public Completion completion() {
        return completion;
    }

    /** Whether a partition window was given. */
    public boolean isPartition() {
        return partSectors > 0;
    }

    public long partStart() {
        return partStart;
    }

    public long partSectors() {
        return partSectors;
    }

    /** The same options without the partition window (those of the whole disk). */
    public BdevOptions wholeDisk() {
        return new BdevOptions(elevator, queueDepth, sync, direct, completion, 0, -1);
    }
}
