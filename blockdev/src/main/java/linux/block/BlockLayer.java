package linux.block;

import linux.kernel.KernelBug;
import static linux.arch.x86.PageGeometry.PAGE_SIZE;

import jakarta.inject.Inject;
import linux.kernel.Current;
import linux.kernel.Errno;
import linux.kernel.Mirrors;
import linux.kernel.Printk;
import linux.kernel.Tracer;

/**
 * Mirrors linux-2.6.20 {@code block/ll_rw_blk.c}'s entry points {@code submit_bio} and
 * {@code generic_make_request} (with {@code blk_partition_remap} and
 * {@code handle_bad_sector}), plus the old {@code brw_page}-style helper that reads or
 * writes one page of RAM. One per kernel: it holds what those functions count and trace through.
 */
public final class BlockLayer {

    /** Receives the PGPGIN/PGPGOUT counts {@code submit_bio} makes (in sectors). */
    @FunctionalInterface
    public interface VmEvents {
        /**
         * {@code count_vm_events(rw == WRITE ? PGPGOUT : PGPGIN, sectors)}: {@code rw} is
         * READ (0) or WRITE (1).
         */
        void countVmEvents(int rw, int sectors);

        /** Counts nothing (a block layer with no mm above it, as in blockdev's own tests). */
        VmEvents NONE = (rw, sectors) -> { };
    }

    /**
     * Told each time a request of direction {@code rw} (READ 0, WRITE 1) is freed below its
     * queue's congestion threshold: freed_request's blk_clear_queue_congested, whose
     * clear_bdi_congested wakes whoever naps in congestion_wait. Our queues never reach
     * the threshold, so every completed bio frees such a request.
     */
    @FunctionalInterface
    public interface Congestion {
        @Mirrors("blk_clear_queue_congested")
        void blkClearQueueCongested(int rw);

        /** Wakes nobody (a block layer with no mm above it). */
        Congestion NONE = rw -> { };
    }

    private final Current current;
    private final Congestion congestion;
    private final Printk printk;
    private final Tracer tracer;
    private final VmEvents vmEvents;

    /**
     * The block layer of one kernel: the context its completion threads run in
     * ({@code current}), the log its devices print to, the tracer and where submit_bio's
     * page-in/page-out counts go. Boot builds one per kernel.
     */
    public BlockLayer(Current current, Printk printk, Tracer tracer, VmEvents vmEvents) {
        this(current, printk, tracer, vmEvents, Congestion.NONE);
    }

    /** As above, with where freed requests clear congestion (the kernel's backing-dev wait queues). */
    @Inject
    public BlockLayer(Current current, Printk printk, Tracer tracer, VmEvents vmEvents, Congestion congestion) {
        this.current = current;
        this.congestion = congestion == null ? Congestion.NONE : congestion;
        this.printk = printk == null ? Printk.NONE : printk;
        this.tracer = tracer == null ? Tracer.OFF : tracer;
        this.vmEvents = vmEvents == null ? VmEvents.NONE : vmEvents;
    }

    /** A block layer with its own context that logs to {@code printk} and counts nothing. */
    public static BlockLayer standalone(Printk printk) {
        return new BlockLayer(new Current(), printk, Tracer.OFF, VmEvents.NONE);
    }

    /** Where a completed request clears congestion ({@link Congestion#NONE} unless one was given). */
    public Congestion congestion() {
        return congestion;
    }

    /** The kernel's {@code current} (in_interrupt is true on completion threads). */
    public Current current() {
        return current;
    }

    /** The kernel log the devices of this block layer print to. */
    public Printk printk() {
        return printk;
    }

    /** The tracer of submit_bio, generic_make_request and bio_endio ({@link Tracer#OFF} unless one was given). */
    public Tracer tracer() {
        return tracer;
    }

    /**
     * Submits a bio for I/O: ORs {@code rw} (READ or WRITE plus modifier bits such as
     * {@code 1 << BIO_RW_SYNC}) into {@code bi_rw}, counts the vm event, and passes the bio
     * on. Returns at once; the bio completes later through {@code bi_end_io} on the
     * device's completion thread. Called in process context by page_io and brwPage.
     */
    @Mirrors("submit_bio")
    public void submitBio(int rw, Bio bio) {
        if (bio.biSize == 0 || bio.biVcnt == 0) {
            throw new KernelBug("submit_bio of an empty bio");
        }
        if (bio.biBdev == null) {
            throw new KernelBug("submit_bio of a bio without a device");
        }
        Tracer t = tracer;
        if (t.enabled()) {
            t.enter("submit_bio");
        }
        try {
            bio.biRw |= rw;
            vmEvents.countVmEvents(rw & Bio.WRITE, bio.bioSectors());
            genericMakeRequest(bio);
        } finally {
            if (t.enabled()) {
                t.exit("submit_bio");
            }
        }
    }

    /**
     * Checks the bio against the size of its device (past the end: the kernel's two
     * "attempt to access beyond end of device" lines, then completion with EIO), remaps
     * a partition's bio onto its disk, and hands it to the disk's make_request_fn.
     */
    @Mirrors("generic_make_request")
    public void genericMakeRequest(Bio bio) {
        int nrSectors = bio.bioSectors();
        if (!withinDevice(bio, nrSectors)) {
            handleBadSector(bio);
            bio.biBdev.bdContains().bioEndioAsync(bio, Errno.EIO.negative());
            return;
        }
        if (nrSectors > Bio.BIO_MAX_SECTORS) {
            bio.biBdev.printk().printk(Printk.KERN_WARNING, "bio too big device " + bio.biBdev.name()
                    + " (" + nrSectors + " > " + Bio.BIO_MAX_SECTORS + ")");
            bio.biBdev.bdContains().bioEndioAsync(bio, Errno.EIO.negative());
            return;
        }
        blkPartitionRemap(bio);
        if (!withinDevice(bio, nrSectors)) {
            handleBadSector(bio);
            bio.biBdev.bdContains().bioEndioAsync(bio, Errno.EIO.negative());
            return;
        }
        bio.biBdev.makeRequest(bio);
    }

    private static boolean withinDevice(Bio bio, int nrSectors) {
        long maxsector = bio.biBdev.capacity();
        if (maxsector == 0) {
            return true;
        }
        return maxsector >= nrSectors && maxsector - nrSectors >= bio.biSector && bio.biSector >= 0;
    }

    /** Counts a partition bio in the partition's row and moves it onto the whole disk. */
    @Mirrors("blk_partition_remap")
    private static void blkPartitionRemap(Bio bio) {
        BlockDevice bdev = bio.biBdev;
        if (bdev != bdev.bdContains()) {
            bdev.partitionAccount(bio.bioDataDir(), bio.bioSectors());
            bio.biSector += bdev.startSect();
            bio.biBdev = bdev.bdContains();
        }
    }

    @Mirrors("handle_bad_sector")
    private static void handleBadSector(Bio bio) {
        Printk log = bio.biBdev.printk();
        log.printk(Printk.KERN_INFO, "attempt to access beyond end of device");
        log.printk(Printk.KERN_INFO, bio.biBdev.name() + ": rw=" + bio.biRw + ", want="
                + (bio.biSector + bio.bioSectors()) + ", limit=" + bio.biBdev.capacity());
        bio.biFlags |= 1 << Bio.BIO_EOF;
    }

    /** Completion of {@link #brwPage}: called once, on the completion thread, with 0 or {@code -EIO}. */
    @FunctionalInterface
    public interface BrwDone {
        void done(int pfn, int error);
    }

    /**
     * Reads ({@code rw} = READ) or writes ({@code rw} = WRITE, optionally with
     * {@code 1 << BIO_RW_SYNC}) the whole RAM frame {@code pfn} from or to the
     * PAGE_SIZE block at {@code sector} of {@code bdev}, asynchronously; {@code done} runs
     * on the device's completion thread when the page has been transferred. The helper
     * owns the bio it builds and puts it after {@code done} returns. A synchronous write
     * also unplugs the queue at once. Returns the bio (for tracing; do not reuse it).
     *
     * <p>Differs from 2.6.20: the old {@code brw_page} worked on buffer heads of a
     * {@code struct page}; this one sends one bio over a RAM frame, as 2.6.20's
     * get_swap_bio + submit_bio do.
     */
    @Mirrors("brw_page")
    public Bio brwPage(int rw, BlockDevice bdev, long sector, int pfn, BrwDone done) {
        Bio bio = Bio.bioAlloc(1);
        bio.biSector = sector;
        bio.biBdev = bdev;
        bio.bioAddPage(pfn, PAGE_SIZE, 0);
        bio.biEndIo = (b, bytesDone, error) -> {
            if (b.biSize != 0) {
                return 1;
            }
            try {
                done.done(pfn, b.bioFlagged(Bio.BIO_UPTODATE) ? 0 : (error != 0 ? error : Errno.EIO.negative()));
            } finally {
                Bio.bioPut(b);
            }
            return 0;
        };
        submitBio(rw, bio);
        return bio;
    }
}
