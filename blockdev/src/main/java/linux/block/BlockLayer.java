package linux.block;

import linux.kernel.KernelBug;
import static linux.arch.x86.PageGeometry.PAGE_SIZE;

import linux.kernel.Errno;
import linux.kernel.Mirrors;
import linux.kernel.Printk;
import linux.kernel.Tracer;

/**
 * Mirrors linux-2.6.20 {@code block/ll_rw_blk.c}'s entry points {@code submit_bio} and
 * {@code generic_make_request} (with {@code blk_partition_remap} and
 * {@code handle_bad_sector}), plus the old {@code brw_page}-style helper that reads or
 * writes one page of RAM. Stateless apart from the optional vm-event hook.
 */
public final class BlockLayer {
    private BlockLayer() {
    }

    /** Receives the PGPGIN/PGPGOUT counts {@code submit_bio} makes (in sectors). */
    @FunctionalInterface
    public interface VmEvents {
        void countVmEvents(int rw, int sectors);
    }

    private static volatile VmEvents vmEvents = (rw, sectors) -> { };

    private static volatile Tracer tracer = Tracer.OFF;

    /** Installs the function-graph tracer for submit_bio, generic_make_request and bio_endio. */
    public static void setTracer(Tracer t) {
        tracer = t == null ? Tracer.OFF : t;
    }

    /** The tracer in use (Tracer.OFF unless one was installed). */
    public static Tracer tracer() {
        return tracer;
    }

    private static final ThreadLocal<Boolean> IN_INTERRUPT = ThreadLocal.withInitial(() -> Boolean.FALSE);

    /** Installs where submit_bio's PGPGIN/PGPGOUT go (boot wires mm's vm_event counters). */
    public static void setVmEvents(VmEvents events) {
        vmEvents = events == null ? (rw, sectors) -> { } : events;
    }

    /**
     * Whether the calling thread is a block device's completion thread (the kernel's
     * {@code in_interrupt()} for these purposes). bi_end_io callbacks may assert it.
     */
    @Mirrors("in_interrupt")
    public static boolean inInterrupt() {
        return IN_INTERRUPT.get();
    }

    /** Marks the calling thread as a completion thread; called once by each device's completion thread. */
    public static void enterInterruptContext() {
        IN_INTERRUPT.set(Boolean.TRUE);
    }

    /**
     * Submits a bio for I/O: ORs {@code rw} (READ or WRITE plus modifier bits such as
     * {@code 1 << BIO_RW_SYNC}) into {@code bi_rw}, counts the vm event, and passes the bio
     * on. Returns at once; the bio completes later through {@code bi_end_io} on the
     * device's completion thread. Called in process context by page_io and brwPage.
     */
    @Mirrors("submit_bio")
    public static void submitBio(int rw, Bio bio) {
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
    public static void genericMakeRequest(Bio bio) {
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
    public static Bio brwPage(int rw, BlockDevice bdev, long sector, int pfn, BrwDone done) {
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
