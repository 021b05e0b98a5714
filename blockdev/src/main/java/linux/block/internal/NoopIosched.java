package linux.block.internal;

import linux.kernel.Mirrors;

/**
 * Mirrors linux-2.6.20 {@code block/noop-iosched.c}: the FIFO elevator. Requests leave in
 * arrival order (sorted into the dispatch list by {@code elv_dispatch_sort}); merging is
 * only the generic one of elevator.c (last-merge hint and back-merge hash).
 * State: the FIFO ({@code noop_data.queue}).
 */
final class NoopIosched implements ElevatorOps {
    private Request head;
    private Request tail;

    @Override
    public String name() {
        return "noop";
    }

    @Mirrors("noop_merged_requests")
    private void noopMergedRequests(RequestQueue q, Request rq, Request next) {
        unlink(next);
    }

    @Mirrors("noop_dispatch")
    private boolean noopDispatch(RequestQueue q, boolean force) {
        Request rq = head;
        if (rq == null) {
            return false;
        }
        unlink(rq);
        q.elvDispatchSort(rq);
        return true;
    }

    @Mirrors("noop_add_request")
    private void noopAddRequest(RequestQueue q, Request rq) {
        rq.queuePrev = tail;
        rq.queueNext = null;
        if (tail == null) {
            head = rq;
        } else {
            tail.queueNext = rq;
        }
        tail = rq;
        rq.onQueueList = true;
    }

    @Mirrors("noop_queue_empty")
    private boolean noopQueueEmpty(RequestQueue q) {
        return head == null;
    }

    @Mirrors("noop_former_request")
    private Request noopFormerRequest(RequestQueue q, Request rq) {
        return rq.onQueueList ? rq.queuePrev : null;
    }

    @Mirrors("noop_latter_request")
    private Request noopLatterRequest(RequestQueue q, Request rq) {
        return rq.onQueueList ? rq.queueNext : null;
    }

    private void unlink(Request rq) {
        if (!rq.onQueueList) {
            return;
        }
        if (rq.queuePrev == null) {
            head = rq.queueNext;
        } else {
            rq.queuePrev.queueNext = rq.queueNext;
        }
        if (rq.queueNext == null) {
            tail = rq.queuePrev;
        } else {
            rq.queueNext.queuePrev = rq.queuePrev;
        }
        rq.queuePrev = rq.queueNext = null;
        rq.onQueueList = false;
    }

    // ---- the elevator_ops slots of elevator_noop, filled with the functions above ----

    @Override
    public void elevatorMergeReqFn(RequestQueue q, Request rq, Request next) {
        noopMergedRequests(q, rq, next);
    }

    @Override
    public boolean elevatorDispatchFn(RequestQueue q, boolean force) {
        return noopDispatch(q, force);
    }

    @Override
    public void elevatorAddReqFn(RequestQueue q, Request rq) {
        noopAddRequest(q, rq);
    }

    @Override
    public boolean elevatorQueueEmptyFn(RequestQueue q) {
        return noopQueueEmpty(q);
    }

    @Override
    public Request elevatorFormerReqFn(RequestQueue q, Request rq) {
        return noopFormerRequest(q, rq);
    }

    @Override
    public Request elevatorLatterReqFn(RequestQueue q, Request rq) {
        return noopLatterRequest(q, rq);
    }
}
