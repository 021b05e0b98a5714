package linux.block.internal;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import linux.block.Bio;
import linux.kernel.Mirrors;

/**
 * Mirrors linux-2.6.20 {@code block/deadline-iosched.c}: per direction a sector-sorted tree
 * and a FIFO of expiry times; requests go out in ascending sector batches of
 * {@code fifo_batch}, reads preferred over writes up to {@code writes_starved} times, and
 * a request whose FIFO time has passed is served next. State: {@code struct deadline_data}.
 *
 * <p>Differs from 2.6.20: times are nanoseconds from the queue's clock rather than jiffies;
 * the red-black trees are {@link TreeMap}s keyed by sector.
 */
final class DeadlineIosched implements ElevatorOps {
    /** Default FIFO expiry of a read: HZ/2. */
    static final long READ_EXPIRE = TimeUnit.MILLISECONDS.toNanos(500);
    /** Default FIFO expiry of a write: 5*HZ. */
    static final long WRITE_EXPIRE = TimeUnit.SECONDS.toNanos(5);
    /** Reads may starve writes this many times. */
    static final int WRITES_STARVED = 2;
    /** Requests served in one sorted batch. */
    static final int FIFO_BATCH = 16;

    /** The sort trees of reads and writes ({@code sort_list[READ]}, {@code sort_list[WRITE]}). */
    private final List<TreeMap<Long, Request>> sortList = List.of(new TreeMap<>(), new TreeMap<>());
    private final Request[] fifoHead = new Request[2];
    private final Request[] fifoTail = new Request[2];
    private final Request[] nextRq = new Request[2];
    private long lastSector;
    private int batching;
    private int starved;

    /** Tunables (the sysfs files of the same names). */
    final long[] fifoExpire = {READ_EXPIRE, WRITE_EXPIRE};
    int writesStarved = WRITES_STARVED;
    boolean frontMerges = true;
    int fifoBatch = FIFO_BATCH;

    @Override
    public String name() {
        return "deadline";
    }

    @Mirrors("deadline_add_rq_rb")
    private void deadlineAddRqRb(RequestQueue q, Request rq) {
        Request alias;
        while ((alias = sortList.get(rq.dataDir).putIfAbsent(rq.sector, rq)) != null) {
            deadlineMoveRequest(q, alias);
        }
        rq.rbKey = rq.sector;
    }

    @Mirrors("deadline_del_rq_rb")
    private void deadlineDelRqRb(Request rq) {
        int dir = rq.dataDir;
        if (nextRq[dir] == rq) {
            nextRq[dir] = rbNext(rq);
        }
        if (rq.rbKey >= 0) {
            sortList.get(dir).remove(rq.rbKey, rq);
        }
        rq.rbKey = -1;
    }

    private Request rbNext(Request rq) {
        Map.Entry<Long, Request> e = sortList.get(rq.dataDir).higherEntry(rq.rbKey >= 0 ? rq.rbKey : rq.sector);
        return e == null ? null : e.getValue();
    }

    @Mirrors("deadline_add_request")
    private void deadlineAddRequest(RequestQueue q, Request rq) {
        deadlineAddRqRb(q, rq);
        rq.fifoTime = q.now() + fifoExpire[rq.dataDir];
        fifoAddTail(rq);
    }

    @Mirrors("deadline_remove_request")
    private void deadlineRemoveRequest(Request rq) {
        fifoDel(rq);
        deadlineDelRqRb(rq);
    }

    @Mirrors("deadline_merge")
    private int deadlineMerge(RequestQueue q, Request[] out, Bio bio) {
        if (frontMerges) {
            long sector = bio.biSector + bio.bioSectors();
            Request rq = sortList.get(bio.bioDataDir()).get(sector);
            if (rq != null && q.elvRqMergeOk(rq, bio)) {
                out[0] = rq;
                return ELEVATOR_FRONT_MERGE;
            }
        }
        return ELEVATOR_NO_MERGE;
    }

    @Mirrors("deadline_merged_request")
    private void deadlineMergedRequest(RequestQueue q, Request rq, int type) {
        if (type == ELEVATOR_FRONT_MERGE) {
            // The request's first sector moved: re-key it in the sort tree.
            sortList.get(rq.dataDir).remove(rq.rbKey, rq);
            rq.rbKey = -1;
            deadlineAddRqRb(q, rq);
        }
    }

    @Mirrors("deadline_merged_requests")
    private void deadlineMergedRequests(RequestQueue q, Request rq, Request next) {
        if (rq.onQueueList && next.onQueueList && next.fifoTime - rq.fifoTime < 0) {
            // rq inherits next's earlier deadline and its place in the FIFO.
            fifoDel(rq);
            fifoInsertAfter(next, rq);
            rq.fifoTime = next.fifoTime;
        }
        deadlineRemoveRequest(next);
    }

    @Mirrors("deadline_move_request")
    private void deadlineMoveRequest(RequestQueue q, Request rq) {
        int dir = rq.dataDir;
        Request rbnext = rbNext(rq);
        nextRq[Bio.READ] = null;
        nextRq[Bio.WRITE] = null;
        nextRq[dir] = rbnext;
        lastSector = rq.sector + rq.nrSectors;
        deadlineRemoveRequest(rq);
        q.elvDispatchAddTail(rq);
    }

    @Mirrors("deadline_check_fifo")
    private boolean deadlineCheckFifo(RequestQueue q, int dir) {
        return q.now() - fifoHead[dir].fifoTime > 0;
    }

    @Mirrors("deadline_dispatch_requests")
    private boolean deadlineDispatchRequests(RequestQueue q, boolean force) {
        boolean reads = fifoHead[Bio.READ] != null;
        boolean writes = fifoHead[Bio.WRITE] != null;
        Request rq = nextRq[Bio.WRITE] != null ? nextRq[Bio.WRITE] : nextRq[Bio.READ];
        int dir;
        if (rq != null) {
            // 2.6.20 quirk kept: a jump in position ends the batch by adding fifo_batch.
            if (lastSector != rq.sector) {
                batching += fifoBatch;
            }
            if (batching < fifoBatch) {
                batching++;
                deadlineMoveRequest(q, rq);
                return true;
            }
        }
        if (reads) {
            if (writes && starved++ >= writesStarved) {
                starved = 0;
                dir = Bio.WRITE;
            } else {
                dir = Bio.READ;
            }
        } else if (writes) {
            starved = 0;
            dir = Bio.WRITE;
        } else {
            return false;
        }
        if (deadlineCheckFifo(q, dir)) {
            batching = 0;
            rq = fifoHead[dir];
        } else if (nextRq[dir] != null) {
            rq = nextRq[dir];
        } else {
            batching = 0;
            rq = sortList.get(dir).firstEntry().getValue();
        }
        batching++;
        deadlineMoveRequest(q, rq);
        return true;
    }

    @Mirrors("deadline_queue_empty")
    private boolean deadlineQueueEmpty(RequestQueue q) {
        return fifoHead[Bio.READ] == null && fifoHead[Bio.WRITE] == null;
    }

    @Mirrors("elv_rb_former_request")
    private Request elvRbFormerRequest(RequestQueue q, Request rq) {
        Map.Entry<Long, Request> e = sortList.get(rq.dataDir).lowerEntry(rq.sector);
        return e == null || e.getValue() == rq ? null : e.getValue();
    }

    @Mirrors("elv_rb_latter_request")
    private Request elvRbLatterRequest(RequestQueue q, Request rq) {
        return sortList.get(rq.dataDir).get(rq.sector) == rq ? rbNext(rq) : null;
    }

    private void fifoAddTail(Request rq) {
        int dir = rq.dataDir;
        rq.queueNext = null;
        rq.queuePrev = fifoTail[dir];
        if (fifoTail[dir] == null) {
            fifoHead[dir] = rq;
        } else {
            fifoTail[dir].queueNext = rq;
        }
        fifoTail[dir] = rq;
        rq.onQueueList = true;
    }

    private void fifoInsertAfter(Request pos, Request rq) {
        int dir = rq.dataDir;
        rq.queuePrev = pos;
        rq.queueNext = pos.queueNext;
        if (pos.queueNext == null) {
            fifoTail[dir] = rq;
        } else {
            pos.queueNext.queuePrev = rq;
        }
        pos.queueNext = rq;
        rq.onQueueList = true;
    }

    private void fifoDel(Request rq) {
        if (!rq.onQueueList) {
            return;
        }
        int dir = rq.dataDir;
        if (rq.queuePrev == null) {
            fifoHead[dir] = rq.queueNext;
        } else {
            rq.queuePrev.queueNext = rq.queueNext;
        }
        if (rq.queueNext == null) {
            fifoTail[dir] = rq.queuePrev;
        } else {
            rq.queueNext.queuePrev = rq.queuePrev;
        }
        rq.queuePrev = rq.queueNext = null;
        rq.onQueueList = false;
    }

    // ---- the elevator_ops slots of iosched_deadline, filled with the functions above ----

    @Override
    public void elevatorAddReqFn(RequestQueue q, Request rq) {
        deadlineAddRequest(q, rq);
    }

    @Override
    public int elevatorMergeFn(RequestQueue q, Request[] out, Bio bio) {
        return deadlineMerge(q, out, bio);
    }

    @Override
    public void elevatorMergedFn(RequestQueue q, Request rq, int type) {
        deadlineMergedRequest(q, rq, type);
    }

    @Override
    public void elevatorMergeReqFn(RequestQueue q, Request rq, Request next) {
        deadlineMergedRequests(q, rq, next);
    }

    @Override
    public boolean elevatorDispatchFn(RequestQueue q, boolean force) {
        return deadlineDispatchRequests(q, force);
    }

    @Override
    public boolean elevatorQueueEmptyFn(RequestQueue q) {
        return deadlineQueueEmpty(q);
    }

    @Override
    public Request elevatorFormerReqFn(RequestQueue q, Request rq) {
        return elvRbFormerRequest(q, rq);
    }

    @Override
    public Request elevatorLatterReqFn(RequestQueue q, Request rq) {
        return elvRbLatterRequest(q, rq);
    }
}
