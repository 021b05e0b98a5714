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

    @Mirrors("elevator_name")
    @Override
    public String name() {
        return "noop";
    }

    @Mirrors("noop_merged_requests")
    @Override
    public void mergedRequests(RequestQueue q, Request rq, Request next) {
        unlink(next);
    }

    @Mirrors("noop_dispatch")
    @Override
    public boolean dispatch(RequestQueue q, boolean force) {
        Request rq = head;
        if (rq == null) {
            return false;
        }
        unlink(rq);
        q.elvDispatchSort(rq);
        return true;
    }

    @Mirrors("noop_add_request")
    @Override
    public void addRequest(RequestQueue q, Request rq) {
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
    @Override
    public boolean queueEmpty(RequestQueue q) {
        return head == null;
    }

    @Mirrors("noop_former_request")
    @Override
    public Request formerRequest(RequestQueue q, Request rq) {
        return rq.onQueueList ? rq.queuePrev : null;
    }

    @Mirrors("noop_latter_request")
    @Override
    public Request latterRequest(RequestQueue q, Request rq) {
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
}
