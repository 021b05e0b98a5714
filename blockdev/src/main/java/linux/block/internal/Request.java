package linux.block.internal;

import linux.block.Bio;
import linux.kernel.Mirrors;

/**
 * Mirrors linux-2.6.20 {@code struct request} ({@code include/linux/blkdev.h}): a run of
 * adjacent sectors in one direction, made of a chain of bios ({@code bio} .. {@code biotail}
 * linked by {@code biNext}). State: position in the elevator's lists, timing, error.
 */
@Mirrors("request")
public final class Request {
    /** First sector ({@code sector} / {@code hard_sector}). */
    long sector;
    /** Sectors still to complete ({@code nr_sectors} / {@code hard_nr_sectors}). */
    int nrSectors;
    /** Data segments (bio_vecs) in the chain ({@code nr_phys_segments}). */
    int nrPhysSegments;
    Bio bio;
    Bio biotail;
    /** READ or WRITE ({@code rq_data_dir}). */
    int dataDir;
    /** Carries a BIO_RW_SYNC bio ({@code REQ_RW_SYNC}). */
    boolean sync;
    /** Carries a barrier bio: never merged. */
    boolean barrier;
    /** Handed to the driver ({@code REQ_STARTED}): no longer mergeable. */
    boolean started;
    /** Queue time, nanos ({@code start_time}). */
    long startTime;
    /** Deadline fifo expiry, nanos ({@code rq_fifo_time}). */
    long fifoTime;
    /** Elevator list links (noop's queue, deadline's fifo): an intrusive list. */
    Request queuePrev;
    Request queueNext;
    /** Whether the request sits on an elevator list. */
    boolean onQueueList;
    /** Key under which the back-merge hash holds it, or -1. */
    long hashKey = -1;
    /** Key under which deadline's sort tree holds it, or -1. */
    long rbKey = -1;
    /** Error the driver finished it with: 0 or a negative errno. */
    int errors;

    /** Clears every field before the request goes back to the pool. */
    void reset() {
        sector = 0;
        nrSectors = 0;
        nrPhysSegments = 0;
        bio = biotail = null;
        dataDir = 0;
        sync = barrier = started = false;
        startTime = fifoTime = 0;
        queuePrev = queueNext = null;
        onQueueList = false;
        hashKey = rbKey = -1;
        errors = 0;
    }

    /** Sector just past the request ({@code rq_end_sector}). */
    @Mirrors("rq_end_sector")
    long rqEndSector() {
        return sector + nrSectors;
    }

    /** Whether bios may still merge into it ({@code rq_mergeable}). */
    @Mirrors("rq_mergeable")
    boolean rqMergeable() {
        return !started && !barrier;
    }

    /** Number of bios in the chain (tests and tracing). */
    int nrBios() {
        int n = 0;
        for (Bio b = bio; b != null; b = b.biNext) {
            n++;
        }
        return n;
    }

    long sector() {
        return sector;
    }

    int nrSectors() {
        return nrSectors;
    }

    int dataDir() {
        return dataDir;
    }

    @Override
    public String toString() {
        return "request{" + (dataDir == Bio.WRITE ? "W" : "R") + " sector=" + sector + " nr=" + nrSectors + " bios=" + nrBios() + "}";
    }
}
