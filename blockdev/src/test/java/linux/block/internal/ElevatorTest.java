package linux.block.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import linux.kernel.Errno;
import linux.kernel.KernelError;
import linux.block.Bio;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * block/elevator.c and the merge half of block/ll_rw_blk.c, driven without threads: bios
 * go into a {@link RequestQueue} and requests come out of {@code elv_next_request}.
 */
class ElevatorTest {
    private long now;

    private RequestQueue queue(String elevator) {
        return new RequestQueue(elevator, () -> now, new linux.kernel.Current());
    }

    static Bio bio(int rw, long sector, int sectors) {
        Bio b = Bio.bioAlloc(1);
        b.biSector = sector;
        b.biRw = rw;
        b.bioAddPage(0, sectors << 9, 0);
        return b;
    }

    static List<Request> drain(RequestQueue q) {
        List<Request> out = new ArrayList<>();
        q.lock.lock();
        try {
            Request rq;
            while ((rq = q.elvNextRequestLocked()) != null) {
                out.add(rq);
            }
        } finally {
            q.lock.unlock();
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"noop", "deadline"})
    void elvMerge_backMergesAdjacentBiosIntoOneRequest(String elevator) {
        RequestQueue q = queue(elevator);
        for (int i = 0; i < 3; i++) {
            assertTrue(q.makeRequestRaw(bio(Bio.WRITE, i * 8, 8)));
        }
        List<Request> rqs = drain(q);
        assertEquals(1, rqs.size());
        assertEquals(0, rqs.get(0).sector());
        assertEquals(24, rqs.get(0).nrSectors());
        assertEquals(3, rqs.get(0).nrBios());
        assertEquals(2, q.stats.merges[Bio.WRITE]);
    }

    @ParameterizedTest
    @ValueSource(strings = {"noop", "deadline"})
    void elvMerge_frontMergesABioJustBeforeARequest(String elevator) {
        RequestQueue q = queue(elevator);
        q.makeRequestRaw(bio(Bio.READ, 16, 8));
        q.makeRequestRaw(bio(Bio.READ, 8, 8));
        q.makeRequestRaw(bio(Bio.READ, 0, 8));
        List<Request> rqs = drain(q);
        assertEquals(1, rqs.size());
        assertEquals(0, rqs.get(0).sector());
        assertEquals(24, rqs.get(0).nrSectors());
        // The chain is in sector order: the last bio submitted comes first.
        assertEquals(0, rqs.get(0).bio.biSector);
        assertEquals(2, q.stats.merges[Bio.READ]);
    }

    @Test
    void elvMerge_deadlineFindsFrontMergeBeyondLastMergeHint() {
        RequestQueue q = queue("deadline");
        q.makeRequestRaw(bio(Bio.READ, 100, 8));
        q.makeRequestRaw(bio(Bio.READ, 500, 8)); // becomes nothing's last_merge; hint stays on 100
        q.makeRequestRaw(bio(Bio.READ, 492, 8)); // front merge found in the sort tree
        assertEquals(2, drain(q).size());
    }

    @Test
    void attemptBackMerge_bioFillingAGapJoinsTwoRequests() {
        RequestQueue q = queue("deadline");
        q.makeRequestRaw(bio(Bio.WRITE, 0, 8));
        q.makeRequestRaw(bio(Bio.WRITE, 16, 8));
        q.makeRequestRaw(bio(Bio.WRITE, 8, 8));
        List<Request> rqs = drain(q);
        assertEquals(1, rqs.size());
        assertEquals(24, rqs.get(0).nrSectors());
        assertEquals(3, rqs.get(0).nrBios());
        q.lock.lock();
        try {
            // Two requests were allocated, one was freed by attempt_merge.
            assertEquals(1, q.allocatedLocked());
        } finally {
            q.lock.unlock();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"noop", "deadline"})
    void elvRqMergeOk_neverMergesAcrossDirectionsOrGaps(String elevator) {
        RequestQueue q = queue(elevator);
        q.makeRequestRaw(bio(Bio.WRITE, 0, 8));
        q.makeRequestRaw(bio(Bio.READ, 8, 8));
        q.makeRequestRaw(bio(Bio.WRITE, 24, 8));
        assertEquals(3, drain(q).size());
    }

    @Test
    void llBackMergeFn_respectsMaxSectors() {
        RequestQueue q = queue("noop");
        // 255 sectors per request at most: 31 bios of 8 fit (248), the 32nd starts a new request.
        for (int i = 0; i < 32; i++) {
            q.makeRequestRaw(bio(Bio.WRITE, i * 8, 8));
        }
        List<Request> rqs = drain(q);
        assertEquals(2, rqs.size());
        assertEquals(248, rqs.get(0).nrSectors());
        assertEquals(8, rqs.get(1).nrSectors());
    }

    @Test
    void makeRequest_plugsAnEmptyQueueAndUnplugsAtTheThreshold() {
        RequestQueue q = queue("noop");
        q.makeRequestRaw(bio(Bio.WRITE, 0, 8));
        q.lock.lock();
        try {
            assertTrue(q.pluggedLocked());
            assertEquals(RequestQueue.UNPLUG_DELAY, q.plugDeadlineLocked() - now);
        } finally {
            q.lock.unlock();
        }
        for (int i = 1; i < RequestQueue.UNPLUG_THRESH; i++) {
            q.makeRequestRaw(bio(Bio.WRITE, i * 100, 8));
        }
        q.lock.lock();
        try {
            assertFalse(q.pluggedLocked());
        } finally {
            q.lock.unlock();
        }
    }

    @Test
    void makeRequest_syncBioUnplugsAtOnce() {
        RequestQueue q = queue("deadline");
        Bio b = bio(Bio.READ, 0, 8);
        b.biRw |= 1 << Bio.BIO_RW_SYNC;
        q.makeRequestRaw(b);
        q.lock.lock();
        try {
            assertFalse(q.pluggedLocked());
        } finally {
            q.lock.unlock();
        }
    }

    @Test
    void noopDispatch_keepsArrivalOrderOfUnmergedRequests() {
        RequestQueue q = queue("noop");
        long[] sectors = {800, 100, 500};
        for (long s : sectors) {
            q.makeRequestRaw(bio(Bio.WRITE, s, 8));
        }
        List<Request> rqs = drain(q);
        assertEquals(3, rqs.size());
        // One request at a time reaches the dispatch list, so arrival order survives.
        assertEquals(800, rqs.get(0).sector());
        assertEquals(100, rqs.get(1).sector());
        assertEquals(500, rqs.get(2).sector());
    }

    @Test
    void deadlineDispatch_servesInAscendingSectorOrder() {
        RequestQueue q = queue("deadline");
        long[] sectors = {800, 100, 500, 300};
        for (long s : sectors) {
            q.makeRequestRaw(bio(Bio.READ, s, 8));
        }
        List<Request> rqs = drain(q);
        assertEquals(List.of(100L, 300L, 500L, 800L), rqs.stream().map(Request::sector).toList());
    }

    /**
     * A stream of reads just ahead of the head keeps an old far read waiting under a pure
     * sector sort; deadline's FIFO expiry serves it once read_expire has passed.
     */
    private int stepsUntilFarReadServed(RequestQueue q, long stepNanos, int maxSteps) {
        q.nrRequests = 4 * maxSteps; // the backlog grows by one per step and no driver drains it
        q.makeRequestRaw(bio(Bio.READ, 1_000_000, 8));
        long next = 0;
        for (int step = 0; step < maxSteps; step++) {
            // Two new nearby, non-adjacent reads arrive per request served, so the sweep
            // always has a nearer next request than the far one.
            q.makeRequestRaw(bio(Bio.READ, next, 8));
            q.makeRequestRaw(bio(Bio.READ, next + 16, 8));
            next += 32;
            q.lock.lock();
            try {
                if (q.elvNextRequestLocked().sector() == 1_000_000) {
                    return step;
                }
            } finally {
                q.lock.unlock();
            }
            now += stepNanos;
        }
        return -1;
    }

    @Test
    void deadlineCheckFifo_boundsTheWaitOfAnOldRequest() {
        long step = 10_000_000L; // 10 ms per step
        RequestQueue q = queue("deadline");
        int served = stepsUntilFarReadServed(q, step, 1000);
        assertTrue(served >= 0, "the far read was never served");
        long waitedNanos = served * step;
        long bound = DeadlineIosched.READ_EXPIRE + 2 * step;
        assertTrue(waitedNanos <= bound, "waited " + waitedNanos + " ns, bound " + bound);
        assertTrue(waitedNanos >= DeadlineIosched.READ_EXPIRE, "served before it expired: " + waitedNanos);
    }

    @Test
    void deadlineCheckFifo_withoutExpiryTheOldRequestStarves() {
        long step = 10_000_000L;
        RequestQueue q = queue("deadline");
        ((DeadlineIosched) q.elevator()).fifoExpire[Bio.READ] = Long.MAX_VALUE / 4;
        assertEquals(-1, stepsUntilFarReadServed(q, step, 300));
    }

    @Test
    void deadlineDispatch_readsStarveWritesAtMostWritesStarvedTimes() {
        RequestQueue q = queue("deadline");
        ((DeadlineIosched) q.elevator()).fifoBatch = 1;
        q.makeRequestRaw(bio(Bio.WRITE, 5000, 8));
        for (int i = 0; i < 10; i++) {
            q.makeRequestRaw(bio(Bio.READ, i * 100, 8));
        }
        List<Request> rqs = drain(q);
        int writeAt = -1;
        for (int i = 0; i < rqs.size(); i++) {
            if (rqs.get(i).dataDir() == Bio.WRITE) {
                writeAt = i;
            }
        }
        // Each batch of reads bumps "starved"; once it reaches writes_starved the write goes.
        assertEquals(DeadlineIosched.WRITES_STARVED, writeAt);
    }

    @Test
    void elevatorGet_unknownNameIsEinval() {
        KernelError e = assertThrows(KernelError.class, () -> queue("cfq"));
        assertEquals(Errno.EINVAL, e.errno());
    }

    @Test
    void elvNextRequest_emptyQueueGivesNull() {
        RequestQueue q = queue("deadline");
        assertTrue(drain(q).isEmpty());
        q.lock.lock();
        try {
            assertNull(q.elvNextRequestLocked());
        } finally {
            q.lock.unlock();
        }
    }
}
