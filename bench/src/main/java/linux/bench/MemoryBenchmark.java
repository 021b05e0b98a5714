package linux.bench;

import static linux.arch.x86.PageGeometry.PAGE_SIZE;

import java.util.concurrent.TimeUnit;
import linux.mm.page.MmapOps;
import linux.mm.page.Task;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The user-access path of mm-memory, the counterpart of ../shared/anchors/hostfault.c:
 * <ul>
 * <li>{@link #minorFault}: first-touch write faults on fresh anonymous memory: the store
 *   misses the TLB, the walk finds no pte, do_page_fault → __handle_mm_fault →
 *   do_anonymous_page allocates a zeroed page, puts it on the LRU and maps it, and the
 *   store is retried. One operation is one fault (a 4 MiB mapping is touched page by page
 *   per invocation and unmapped outside the measurement).</li>
 * <li>{@link #tlbHitStore}: 32-bit stores at a 4 KiB stride over 64 present, dirty pages,
 *   which fit the emulated CPU's 64-entry TLB: every store is a TLB hit. One operation is
 *   one store.</li>
 * </ul>
 * The kernel is {@link MemoryBenchKernel}: 64 MiB of RAM, one CPU, 2-level page tables,
 * the real page_alloc, swap, swapfile, rmap and memory files.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar MemoryBenchmark -f 1 -wi 2 -i 3}.
 */
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MemoryBenchmark {

    /** Pages touched per minorFault invocation (one pte table's worth: 4 MiB). */
    static final int FAULT_PAGES = 1024;
    /** Pages the stores cycle over: the TLB's size. */
    static final int STORE_PAGES = linux.arch.x86.Cpu.TLB_ENTRIES;

    /**
     * One emulated kernel and a task running on CPU 0 from the benchmark thread. (Each
     * benchmark's state extends it rather than taking it as a parameter: JMH would build a
     * separate kernel for every place a state is injected.)
     */
    public abstract static class Kernel {
        MmapOps mmap;
        Task task;

        void boot() {
            MemoryBenchKernel k = MemoryBenchKernel.boot();
            mmap = k.mmap();
            // Not pid 1: init would wait for memory instead of being killed.
            k.fork().createTask("init");
            task = k.fork().createTask("bench");
            task.contextSwitch(k.cpus().cpu(0));
        }

        long map(int pages) {
            long addr = mmap.sysMmap2(task.mm, 0, (long) pages * PAGE_SIZE, MmapOps.PROT_READ | MmapOps.PROT_WRITE,
                    MmapOps.MAP_PRIVATE | MmapOps.MAP_ANONYMOUS, -1, 0);
            if (addr < 0) {
                throw new IllegalStateException("mmap: " + addr);
            }
            return addr;
        }
    }

    /** A fresh 4 MiB mapping per invocation, unmapped after it. */
    @State(Scope.Thread)
    public static class FreshMapping extends Kernel {
        long addr;

        @Setup(Level.Trial)
        public void setup() {
            boot();
        }

        @Setup(Level.Invocation)
        public void mapFresh() {
            addr = map(FAULT_PAGES);
        }

        @TearDown(Level.Invocation)
        public void unmap() {
            mmap.sysMunmap(task.mm, addr, (long) FAULT_PAGES * PAGE_SIZE);
        }
    }

    /** 64 pages, written once so their ptes are present, writable and dirty. */
    @State(Scope.Thread)
    public static class HotPages extends Kernel {
        long addr;

        @Setup(Level.Trial)
        public void setup() {
            boot();
            addr = map(STORE_PAGES);
            for (int i = 0; i < STORE_PAGES; i++) {
                task.storeInt(addr + (long) i * PAGE_SIZE, i);
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(FAULT_PAGES)
    public void minorFault(FreshMapping m) {
        Task t = m.task;
        long a = m.addr;
        for (int i = 0; i < FAULT_PAGES; i++) {
            t.storeInt(a + (long) i * PAGE_SIZE, 1);
        }
    }

    @Benchmark
    @OperationsPerInvocation(STORE_PAGES)
    public void tlbHitStore(HotPages h) {
        Task t = h.task;
        long a = h.addr;
        for (int i = 0; i < STORE_PAGES; i++) {
            t.storeInt(a + (long) i * PAGE_SIZE, i);
        }
    }
}
