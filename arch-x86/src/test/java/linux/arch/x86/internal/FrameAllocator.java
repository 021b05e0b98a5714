package linux.arch.x86.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import linux.arch.x86.PhysicalMemory;

/** A test stand-in for the page allocator: hands out zeroed frames, counts frees. */
final class FrameAllocator {
    private final PhysicalMemory ram;
    private final Deque<Integer> free = new ArrayDeque<>();
    final Set<Integer> inUse = new HashSet<>();
    /** Allocations left before the allocator reports out-of-memory. */
    int budget = Integer.MAX_VALUE;

    /** Frames {@code first .. ram.nrFrames()-1} are available. */
    FrameAllocator(PhysicalMemory ram, int first) {
        this.ram = ram;
        for (int pfn = first; pfn < ram.nrFrames(); pfn++) {
            free.add(pfn);
        }
    }

    int alloc() {
        if (budget == 0 || free.isEmpty()) {
            return -1;
        }
        budget--;
        int pfn = free.removeFirst();
        ram.clearFrame(pfn);
        inUse.add(pfn);
        return pfn;
    }

    void free(int pfn) {
        if (!inUse.remove(pfn)) {
            throw new AssertionError("freeing frame " + pfn + " that is not allocated");
        }
        free.addFirst(pfn);
    }
}
