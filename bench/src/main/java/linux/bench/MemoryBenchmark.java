package linux.bench;

import static linux.arch.x86.PageGeometry.PAGE_SIZE;

import java.util.concurrent.TimeUnit;
import linux.arch.x86.Cpus;
import linux.arch.x86.PhysicalMemory;
import linux.arch.x86.internal.Pgtable2Level;
import linux.init.HostVfs;
import linux.kernel.Current;
import linux.kernel.Printk;
import linux.mm.memory.internal.Exit;
import linux.mm.memory.internal.Fault;
import linux.mm.memory.internal.Fork;
import linux.mm.memory.internal.Memory;
import linux.mm.memory.internal.Mmap;
import linux.mm.page.AddressSpace;
import linux.mm.page.InitTask;
import linux.mm.page.MmList;
import linux.mm.page.MmapOps;
import linux.mm.page.PageWriteback;
import linux.mm.page.Task;
import linux.mm.pagealloc.internal.PageAlloc;
import linux.mm.rmap.internal.Rmap;
import linux.mm.rmap.internal.Thrash;
import linux.mm.swap.internal.Swap;
import linux.mm.swapfile.internal.Swapfile;
import linux.testkit.RamDiskPageIo;
import linux.testkit.SimpleSwapState;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
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
 * The kernel is assembled by hand as boot would: 64 MiB of RAM, one CPU, 2-level page
 * tables, the real page_alloc, swap, swapfile, rmap and memory files (testkit's working
 * swap cache, which these paths only use to free pages on unmap).
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar MemoryBenchmark -f 1 -wi 2 -i 3}.
 */
@org.openjdk.jmh.annotations.Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
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
        Mmap mmap;
        Task task;

        void boot() {
            PhysicalMemory ram = PhysicalMemory.ofBytes(64L << 20);
            Cpus cpus = new Cpus(ram, 1);
            Pgtable2Level pgtable = new Pgtable2Level(ram, cpus);
            Current current = new Current();
            Printk printk = Printk.NONE;
            AddressSpace swapper = AddressSpace.newSwapperSpace();
            PageAlloc pageAlloc = new PageAlloc(ram, 1, swapper, printk, current);
            PageWriteback pageWriteback = new PageWriteback(pageAlloc.vmstat());
            Swap swap = new Swap(pageAlloc, pageWriteback, current);
            swap.swapSetup();
            MmList mmList = new MmList();
            InitTask initTask = new InitTask();
            Thrash thrash = new Thrash();
            Object[] files = new Object[6];
            Swapfile swapfile = new Swapfile(printk, current, new HostVfs(), pgtable, pageAlloc, swap, mmList,
                    () -> (SimpleSwapState) files[0], () -> (RamDiskPageIo) files[1], () -> (Rmap) files[2],
                    () -> (Fork) files[3]);
            RamDiskPageIo pageIo = new RamDiskPageIo(ram);
            SimpleSwapState swapState = new SimpleSwapState(swapper, pageAlloc, swap, () -> swapfile, () -> pageIo,
                    printk);
            Rmap rmap = new Rmap(printk, current, pgtable, pageAlloc, swap, () -> swapfile,
                    () -> (Mmap) files[4], mmList, pageWriteback, thrash);
            Memory memory = new Memory(pgtable, cpus, ram, pageAlloc, swap, pageWriteback, mmList, printk, current,
                    () -> swapfile, () -> swapState, () -> rmap, () -> thrash, () -> (Mmap) files[4]);
            mmap = new Mmap(pgtable, cpus, pageAlloc, swap, current, () -> memory, () -> rmap, () -> swapfile,
                    () -> swapState);
            Fork fork = new Fork(pgtable, cpus, pageAlloc, swap, mmList, initTask, current, () -> memory, () -> mmap,
                    () -> rmap, () -> thrash, () -> (Exit) files[5]);
            Exit exit = new Exit(fork, initTask, printk);
            files[0] = swapState;
            files[1] = pageIo;
            files[2] = rmap;
            files[3] = fork;
            files[4] = mmap;
            files[5] = exit;
            new Fault(cpus, current, printk, mmap, memory, exit);
            // Not pid 1: init would wait for memory instead of being killed.
            fork.createTask("init");
            task = fork.createTask("bench");
            task.contextSwitch(cpus.cpu(0));
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
