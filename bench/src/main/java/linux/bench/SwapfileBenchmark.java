package linux.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import linux.mm.page.SwapHeader;
import linux.mm.page.SwapfileOps;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * mm/swapfile.c on a 64 GiB swap area (2^24 pages: 16,777,213 usable slots under the
 * 2-level pte format) stored as a sparse file:
 * <ul>
 * <li>{@link #getSwapPageSwapFree}: one get_swap_page + swap_free pair with the area 90%
 *   full, either with the free 10% scattered at random ({@code layout=scattered}: every
 *   new cluster search of scan_swap_map walks the whole map and fails) or left as one
 *   run at the end ({@code layout=tail}: clusters are found at once);</li>
 * <li>{@link #swaponSwapoff}: sys_swapon of the empty area (header checks, the 32 MiB
 *   swap_map, setup_swap_extents over 16 M pages) plus the sys_swapoff that frees it.</li>
 * </ul>
 * Each state boots its own test kernel ({@link SwapfileBenchKernel}: the real allocator,
 * LRU and swapfile.c, fakes above them). Run:
 * {@code java -jar bench/target/benchmarks.jar SwapfileBenchmark}.
 */
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
public class SwapfileBenchmark {

    /** 64 GiB of 4 KiB pages. */
    static final long AREA_PAGES = 1L << 24;

    /** A sparse 64 GiB swap file with a version-1 header (last_page = pages - 1, as mkswap writes). */
    static Path sparseArea() throws IOException {
        Path p = Files.createTempFile("mmemu-bench-", ".swap");
        SwapHeader h = SwapHeader.empty();
        h.writeV1(AREA_PAGES - 1, new byte[16], "bench");
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(AREA_PAGES * 4096);
            f.write(h.page());
        }
        return p;
    }

    @State(Scope.Benchmark)
    public static class NinetyPercentFull {
        @Param({"scattered", "tail"})
        public String layout;

        Path file;
        SwapfileOps sf;

        @Setup(Level.Trial)
        public void setup() throws IOException {
            file = sparseArea();
            sf = SwapfileBenchKernel.boot().swapfile();
            if (sf.sysSwapon(file.toString(), 0) != 0) {
                throw new IllegalStateException("swapon failed");
            }
            long pages = sf.totalSwapPages();
            long keepFree = pages / 10;
            if (layout.equals("tail")) {
                for (long i = 0; i < pages - keepFree; i++) {
                    sf.getSwapPage();
                }
            } else {
                int[] entries = new int[(int) pages];
                for (int i = 0; i < pages; i++) {
                    entries[i] = sf.getSwapPage();
                }
                Random rnd = new Random(20070204);
                for (long freed = 0; freed < keepFree; ) {
                    int i = rnd.nextInt((int) pages);
                    if (entries[i] != 0) {
                        sf.swapFree(entries[i]);
                        entries[i] = 0;
                        freed++;
                    }
                }
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            Files.deleteIfExists(file);
        }
    }

    /** Allocation cost per slot at 90% full: the pair leaves the area as full as it was. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public int getSwapPageSwapFree(NinetyPercentFull s) {
        int e = s.sf.getSwapPage();
        s.sf.swapFree(e);
        return e;
    }

    @State(Scope.Benchmark)
    public static class EmptyArea {
        Path file;
        SwapfileOps sf;

        @Setup(Level.Trial)
        public void setup() throws IOException {
            file = sparseArea();
            sf = SwapfileBenchKernel.boot().swapfile();
        }

        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            Files.deleteIfExists(file);
        }
    }

    /** swapon of the 64 GiB area (swap_map allocation and extents) and the swapoff that frees it. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 3)
    @Measurement(iterations = 10)
    public long swaponSwapoff(EmptyArea s) {
        if (s.sf.sysSwapon(s.file.toString(), 0) != 0) {
            throw new IllegalStateException("swapon failed");
        }
        long pages = s.sf.totalSwapPages();
        if (s.sf.sysSwapoff(s.file.toString()) != 0) {
            throw new IllegalStateException("swapoff failed");
        }
        return pages;
    }
}
