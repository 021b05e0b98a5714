package linux.bench;

import static linux.arch.x86.PageGeometry.PAGE_SIZE;
import static linux.arch.x86.PageGeometry.SECTORS_PER_PAGE;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Phaser;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import linux.arch.x86.PhysicalMemory;
import linux.block.BdevOptions;
import linux.block.Bio;
import linux.block.BioEndIo;
import linux.block.BlockDevice;
import linux.block.BlockDevices;
import linux.block.BlockLayer;
import linux.kernel.Printk;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * 4 KiB I/O throughput of the block layer (submit_bio through the request queue, the
 * driver threads and the completion thread) against plain positional FileChannel I/O on
 * the same file, in the same run. "Depth" is the number of I/Os in flight: for the block
 * layer, bios outstanding (queue depth = driver threads = depth); for plain FileChannel,
 * that many threads each doing synchronous positional reads or writes (depth 1: the
 * benchmark thread itself). Each invocation performs {@link #OPS} I/Os and waits for all
 * of them, so the score is I/Os per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class BlockdevBenchmark {
    static final int OPS = 256;
    static final int FILE_PAGES = 16384; // 64 MiB

    @Param({"1", "8", "32"})
    public int depth;

    @Param({"false", "true"})
    public boolean direct;

    @Param({"seq", "rand"})
    public String pattern;

    private Path file;
    private PhysicalMemory ram;
    private BlockDevices devices;
    private BlockDevice dev;
    private ArrayBlockingQueue<Bio> free;
    private BioEndIo endIo;
    private final AtomicReference<String> failure = new AtomicReference<>();
    private long[] pages;
    private int cursor;

    private FileChannel plain;
    private Thread[] workers;
    private Phaser phaser;
    private volatile int plainRw;
    private volatile boolean stop;
    private int plainBase;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        file = Files.createTempFile("blockdev-bench", ".img");
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            byte[] chunk = new byte[1 << 20];
            new Random(1).nextBytes(chunk);
            for (int i = 0; i < FILE_PAGES * PAGE_SIZE / chunk.length; i++) {
                f.write(chunk);
            }
            f.getFD().sync();
        }
        pages = new long[FILE_PAGES];
        Random r = new Random(42);
        for (int i = 0; i < FILE_PAGES; i++) {
            pages[i] = "seq".equals(pattern) ? i : r.nextInt(FILE_PAGES);
        }
        ram = new PhysicalMemory(64);
        devices = BlockDevices.create(ram, BlockLayer.standalone(Printk.NONE));
        dev = devices.open(file, BdevOptions.defaults().withQueueDepth(depth).withDirect(direct));
        free = new ArrayBlockingQueue<>(depth);
        endIo = (bio, done, error) -> {
            if (bio.biSize != 0) {
                return 1;
            }
            if (error != 0) {
                failure.compareAndSet(null, "bio failed with " + error);
            }
            free.add(bio);
            return 0;
        };
        for (int i = 0; i < depth; i++) {
            Bio b = Bio.bioAlloc(1);
            b.biPrivate = i; // its RAM frame
            free.add(b);
        }

        OpenOption[] opts = direct
                ? new OpenOption[] {StandardOpenOption.READ, StandardOpenOption.WRITE, ExtendedOpenOption.DIRECT}
                : new OpenOption[] {StandardOpenOption.READ, StandardOpenOption.WRITE};
        plain = FileChannel.open(file, opts);
        if (depth > 1) {
            phaser = new Phaser(depth + 1);
            workers = new Thread[depth];
            for (int t = 0; t < depth; t++) {
                int id = t;
                workers[t] = new Thread(() -> plainWorker(id), "plain-" + t);
                workers[t].setDaemon(true);
                workers[t].start();
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        dev.close();
        if (workers != null) {
            stop = true;
            phaser.arriveAndDeregister();
        }
        plain.close();
        Files.deleteIfExists(file);
        if (failure.get() != null) {
            throw new IllegalStateException(failure.get());
        }
    }

    // ---- block layer ----

    private void blockIo(int rw) throws InterruptedException {
        for (int i = 0; i < OPS; i++) {
            Bio bio = free.poll();
            if (bio == null) {
                // About to wait for our own I/O: unplug first, as sync_page does.
                dev.unplug();
                bio = free.take();
            }
            int pfn = (Integer) bio.biPrivate;
            bio.bioInit();
            bio.biPrivate = pfn;
            bio.biBdev = dev;
            bio.biSector = pages[cursor] * SECTORS_PER_PAGE;
            cursor = (cursor + 1) & (FILE_PAGES - 1);
            bio.bioAddPage(pfn, PAGE_SIZE, 0);
            bio.biEndIo = endIo;
            dev.blockLayer().submitBio(rw, bio);
        }
        dev.unplug();
        Bio[] all = new Bio[depth];
        for (int k = 0; k < depth; k++) {
            all[k] = free.take();
        }
        for (Bio b : all) {
            free.add(b);
        }
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public void blockWrite() throws InterruptedException {
        blockIo(Bio.WRITE);
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public void blockRead() throws InterruptedException {
        blockIo(Bio.READ);
    }

    // ---- plain FileChannel ----

    private void plainOne(int rw, ByteBuffer buf, long page) throws IOException {
        buf.clear();
        long pos = page * PAGE_SIZE;
        while (buf.hasRemaining()) {
            int n = rw == Bio.WRITE ? plain.write(buf, pos + buf.position()) : plain.read(buf, pos + buf.position());
            if (n < 0) {
                throw new IOException("EOF");
            }
        }
    }

    private void plainWorker(int id) {
        ByteBuffer buf = ram.buffer(32 + id, 0, PAGE_SIZE);
        for (;;) {
            phaser.arriveAndAwaitAdvance(); // start
            if (stop) {
                return;
            }
            int base = plainBase;
            try {
                for (int i = id; i < OPS; i += depth) {
                    plainOne(plainRw, buf, pages[(base + i) & (FILE_PAGES - 1)]);
                }
            } catch (IOException e) {
                failure.compareAndSet(null, e.toString());
            }
            phaser.arriveAndAwaitAdvance(); // end
        }
    }

    private void plainIo(int rw) throws IOException {
        if (depth == 1) {
            ByteBuffer buf = ram.buffer(32, 0, PAGE_SIZE);
            for (int i = 0; i < OPS; i++) {
                plainOne(rw, buf, pages[cursor]);
                cursor = (cursor + 1) & (FILE_PAGES - 1);
            }
            return;
        }
        plainRw = rw;
        plainBase = cursor;
        phaser.arriveAndAwaitAdvance();
        phaser.arriveAndAwaitAdvance();
        cursor = (cursor + OPS) & (FILE_PAGES - 1);
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public void plainWrite() throws IOException {
        plainIo(Bio.WRITE);
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public void plainRead() throws IOException {
        plainIo(Bio.READ);
    }
}
