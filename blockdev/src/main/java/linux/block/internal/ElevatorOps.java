package linux.block.internal;

import linux.block.Bio;
import linux.kernel.Mirrors;

/**
 * Mirrors linux-2.6.20 {@code struct elevator_ops} ({@code include/linux/elevator.h}): what
 * an I/O scheduler supplies to the request queue, one method per slot, named after the
 * slot; each scheduler fills a slot with its own function, as its {@code elevator_type}
 * table does. All methods run with the queue lock held.
 */
@Mirrors("elevator_ops")
interface ElevatorOps {
    int ELEVATOR_NO_MERGE = 0;
    int ELEVATOR_FRONT_MERGE = 1;
    int ELEVATOR_BACK_MERGE = 2;

    /** The name userspace selects it by. */
    String name();

    /** Elevator-specific merge lookup; returns a merge type and stores the request in {@code out[0]}. */
    @Mirrors("elevator_merge_fn")
    default int elevatorMergeFn(RequestQueue q, Request[] out, Bio bio) {
        return ELEVATOR_NO_MERGE;
    }

    /** A bio was merged into {@code rq} (type FRONT or BACK). */
    @Mirrors("elevator_merged_fn")
    default void elevatorMergedFn(RequestQueue q, Request rq, int type) {
    }

    /** {@code next} was merged into {@code rq} and is going away. */
    @Mirrors("elevator_merge_req_fn")
    void elevatorMergeReqFn(RequestQueue q, Request rq, Request next);

    /** Moves one or more requests to the dispatch list; returns whether it moved any. */
    @Mirrors("elevator_dispatch_fn")
    boolean elevatorDispatchFn(RequestQueue q, boolean force);

    @Mirrors("elevator_add_req_fn")
    void elevatorAddReqFn(RequestQueue q, Request rq);

    @Mirrors("elevator_queue_empty_fn")
    boolean elevatorQueueEmptyFn(RequestQueue q);

    @Mirrors("elevator_former_req_fn")
    Request elevatorFormerReqFn(RequestQueue q, Request rq);

    @Mirrors("elevator_latter_req_fn")
    Request elevatorLatterReqFn(RequestQueue q, Request rq);
}
