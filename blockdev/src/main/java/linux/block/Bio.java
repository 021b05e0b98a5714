package linux.block;

import linux.kernel.KernelBug;
import static linux.arch.x86.PageGeometry.PAGE_SIZE;

import java.util.concurrent.atomic.AtomicInteger;
import linux.kernel.Mirrors;
import linux.kernel.Printk;

/**
 * Mirrors linux-2.6.20 {@code include/linux/bio.h} ({@code struct bio}, its flag bits and
 * accessor macros) and the bio life-cycle of {@code fs/bio.c}: {@code bio_alloc},
 * {@code bio_init}, {@code bio_get}, {@code bio_put}, {@code bio_add_page},
 * {@code bio_endio}. State: one I/O in flight against one block device.
 *
 * <p>The fields are public and mutable like the C struct: the submitter fills them, the
 * block layer owns them between {@code submit_bio} and the last {@code bi_end_io} call,
 * then the submitter gets them back. Only {@code biCnt} is atomic.
 *
 * <p>Differs from 2.6.20: bios come from the Java heap rather than a mempool, and the
 * destructor is the garbage collector; {@code bio_put} on a bio whose count is already
 * zero is caught as a bug. The bio_vecs name RAM frames by pfn (see {@link BioVec}).
 */
@Mirrors("bio")
public final class Bio {

    /** Data direction in {@code rw} arguments and in bit {@link #BIO_RW} of {@code bi_rw}. */
    @Mirrors("READ")
    public static final int READ = 0;
    @Mirrors("WRITE")
    public static final int WRITE = 1;

    /** {@code bi_rw} bit numbers. */
    @Mirrors("BIO_RW")
    public static final int BIO_RW = 0;
    @Mirrors("BIO_RW_AHEAD")
    public static final int BIO_RW_AHEAD = 1;
    @Mirrors("BIO_RW_BARRIER")
    public static final int BIO_RW_BARRIER = 2;
    @Mirrors("BIO_RW_FAILFAST")
    public static final int BIO_RW_FAILFAST = 3;
    /** The submitter will wait for this I/O: unplug at once, and flush a write to stable storage. */
    @Mirrors("BIO_RW_SYNC")
    public static final int BIO_RW_SYNC = 4;
    @Mirrors("BIO_RW_META")
    public static final int BIO_RW_META = 5;

    /** {@code bi_flags} bit numbers. */
    @Mirrors("BIO_UPTODATE")
    public static final int BIO_UPTODATE = 0;
    @Mirrors("BIO_RW_BLOCK")
    public static final int BIO_RW_BLOCK = 1;
    /** Set by {@code handle_bad_sector} on a bio past the end of the device. */
    @Mirrors("BIO_EOF")
    public static final int BIO_EOF = 2;
    @Mirrors("BIO_SEG_VALID")
    public static final int BIO_SEG_VALID = 3;
    @Mirrors("BIO_CLONED")
    public static final int BIO_CLONED = 4;

    /** Largest bio: 256 pages. */
    @Mirrors("BIO_MAX_PAGES")
    public static final int BIO_MAX_PAGES = 256;
    @Mirrors("BIO_MAX_SIZE")
    public static final int BIO_MAX_SIZE = BIO_MAX_PAGES * PAGE_SIZE;
    @Mirrors("BIO_MAX_SECTORS")
    public static final int BIO_MAX_SECTORS = BIO_MAX_SIZE >> 9;

    /** Device address in 512-byte sectors; advanced by {@code bio_endio} as bytes complete. */
    public long biSector;
    /** Request-queue link (the bios of one request form a chain). */
    public Bio biNext;
    /** The device (or partition) this bio is for. */
    public BlockDevice biBdev;
    /** Status bits ({@link #BIO_UPTODATE}, {@link #BIO_EOF}, ...). */
    public int biFlags;
    /** Direction and modifier bits ({@link #BIO_RW}, {@link #BIO_RW_SYNC}, ...). */
    public int biRw;
    /** Number of bio_vecs in use. */
    public int biVcnt;
    /** Index of the first bio_vec not yet completed. */
    public int biIdx;
    /** Residual byte count: what has not completed yet. */
    public int biSize;
    /** Capacity of {@link #biIoVec}. */
    public final int biMaxVecs;
    /** The vector of data pieces. */
    public final BioVec[] biIoVec;
    /** Completion callback; may be null. */
    public BioEndIo biEndIo;
    /** Pin count: 1 after allocation, the bio is dead at 0. */
    public final AtomicInteger biCnt = new AtomicInteger();
    /** The submitter's cookie (page_io keeps its struct page here). */
    public Object biPrivate;

    private Bio(int nrIovecs) {
        this.biMaxVecs = nrIovecs;
        this.biIoVec = new BioVec[nrIovecs];
        for (int i = 0; i < nrIovecs; i++) {
            biIoVec[i] = new BioVec();
        }
    }

    /**
     * Allocates a bio with room for {@code nrIovecs} vectors, initialised by
     * {@code bio_init}: BIO_UPTODATE set, one reference, everything else zero.
     *
     * @throws IllegalArgumentException if {@code nrIovecs} is not in 1..BIO_MAX_PAGES
     */
    @Mirrors("bio_alloc")
    public static Bio bioAlloc(int nrIovecs) {
        if (nrIovecs < 1 || nrIovecs > BIO_MAX_PAGES) {
            throw new IllegalArgumentException("bio_alloc: " + nrIovecs + " vectors (1.." + BIO_MAX_PAGES + ")");
        }
        Bio bio = new Bio(nrIovecs);
        bio.bioInit();
        return bio;
    }

    /** Resets the bio to the state {@code bio_alloc} returns (1 reference, BIO_UPTODATE). */
    @Mirrors("bio_init")
    public void bioInit() {
        biSector = 0;
        biNext = null;
        biBdev = null;
        biFlags = 1 << BIO_UPTODATE;
        biRw = 0;
        biVcnt = 0;
        biIdx = 0;
        biSize = 0;
        biEndIo = null;
        biPrivate = null;
        biCnt.set(1);
    }

    /** Takes a reference. */
    @Mirrors("bio_get")
    public static void bioGet(Bio bio) {
        bio.biCnt.incrementAndGet();
    }

    /**
     * Drops a reference; the bio is dead when the last one goes. Called by the
     * submitter's {@code bi_end_io} (page_io's end_swap_bio_*) when it is finished.
     *
     * @throws KernelBug on a bio with no reference left
     */
    @Mirrors("bio_put")
    public static void bioPut(Bio bio) {
        int c = bio.biCnt.decrementAndGet();
        if (c < 0) {
            bio.biCnt.incrementAndGet();
            throw new KernelBug("bio_put on a bio with no reference left");
        }
    }

    /**
     * Appends {@code len} bytes of frame {@code pfn} at {@code offset} to the bio (merging
     * into the last vector when it continues it). Returns {@code len}, or 0 when the bio
     * is full (no vector left or BIO_MAX_SECTORS exceeded), as {@code bio_add_page} does.
     */
    @Mirrors("bio_add_page")
    public int bioAddPage(int pfn, int len, int offset) {
        if (len <= 0 || offset < 0 || offset + len > PAGE_SIZE) {
            throw new IllegalArgumentException("bio_add_page: len " + len + " at offset " + offset + " does not fit a page");
        }
        if (((biSize + (long) len) >> 9) > BIO_MAX_SECTORS) {
            return 0;
        }
        if (biVcnt > 0) {
            BioVec prev = biIoVec[biVcnt - 1];
            if (prev.bvPfn == pfn && prev.bvOffset + prev.bvLen == offset) {
                prev.bvLen += len;
                biSize += len;
                return len;
            }
        }
        if (biVcnt >= biMaxVecs) {
            return 0;
        }
        BioVec bv = biIoVec[biVcnt++];
        bv.bvPfn = pfn;
        bv.bvLen = len;
        bv.bvOffset = offset;
        biSize += len;
        return len;
    }

    /**
     * Completes {@code bytesDone} bytes of the bio: on error clears BIO_UPTODATE, clamps an
     * over-long completion (with the kernel's message), shrinks {@code biSize}, advances
     * {@code biSector}, and calls {@code bi_end_io}. Called by the device's completion
     * thread (end_that_request_first), or by generic_make_request for a bio that cannot
     * be queued. Exactly as in 2.6.20, a partial completion is a call that leaves
     * {@code biSize > 0}.
     */
    @Mirrors("bio_endio")
    public static void bioEndio(Bio bio, int bytesDone, int error) {
        linux.kernel.Tracer t = bio.biBdev == null ? linux.kernel.Tracer.OFF : bio.biBdev.blockLayer().tracer();
        if (t.enabled()) {
            t.enter("bio_endio");
        }
        try {
            bioEndioTraced(bio, bytesDone, error);
        } finally {
            if (t.enabled()) {
                t.exit("bio_endio");
            }
        }
    }

    private static void bioEndioTraced(Bio bio, int bytesDone, int error) {
        if (error != 0) {
            bio.biFlags &= ~(1 << BIO_UPTODATE);
        }
        if (Integer.compareUnsigned(bytesDone, bio.biSize) > 0) {
            Printk log = bio.biBdev != null ? bio.biBdev.printk() : Printk.NONE;
            log.printk(Printk.KERN_WARNING, "bio_endio: want " + Integer.toUnsignedString(bytesDone)
                    + " bytes done, only " + bio.biSize + " left");
            bytesDone = bio.biSize;
        }
        bio.biSize -= bytesDone;
        bio.biSector += bytesDone >>> 9;
        if (bio.biEndIo != null) {
            bio.biEndIo.endIo(bio, bytesDone, error);
        }
        if (bio.biSize == 0 && bio.biBdev != null) {
            // end_that_request_last frees the request: freed_request clears congestion
            bio.biBdev.blockLayer().congestion().blkClearQueueCongested(bio.bioDataDir() != 0 ? WRITE : READ);
        }
    }

    /** Sectors still to transfer ({@code bio_sectors}). */
    @Mirrors("bio_sectors")
    public int bioSectors() {
        return biSize >>> 9;
    }

    /** READ or WRITE ({@code bio_data_dir}). */
    @Mirrors("bio_data_dir")
    public int bioDataDir() {
        return biRw & (1 << BIO_RW);
    }

    /** Whether BIO_RW_SYNC is set ({@code bio_sync}). */
    @Mirrors("bio_sync")
    public boolean bioSync() {
        return (biRw & (1 << BIO_RW_SYNC)) != 0;
    }

    /** Whether BIO_RW_BARRIER is set ({@code bio_barrier}). */
    @Mirrors("bio_barrier")
    public boolean bioBarrier() {
        return (biRw & (1 << BIO_RW_BARRIER)) != 0;
    }

    /** Vectors not yet completed ({@code bio_segments}). */
    @Mirrors("bio_segments")
    public int bioSegments() {
        return biVcnt - biIdx;
    }

    /** Whether bit {@code flag} of {@code bi_flags} is set ({@code bio_flagged}). */
    @Mirrors("bio_flagged")
    public boolean bioFlagged(int flag) {
        return (biFlags & (1 << flag)) != 0;
    }

    @Override
    public String toString() {
        return "bio{sector=" + biSector + ", size=" + biSize + ", rw=" + biRw + ", flags=" + biFlags
                + ", vcnt=" + biVcnt + ", idx=" + biIdx + ", cnt=" + biCnt.get() + "}";
    }
}
