package linux.block;

import linux.kernel.KernelBug;
import static linux.arch.x86.PageGeometry.PAGE_SIZE;
import static linux.arch.x86.PageGeometry.SECTORS_PER_PAGE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import linux.kernel.Errno;
import linux.kernel.KernelError;
import linux.arch.x86.PhysicalMemory;
import linux.kernel.Printk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * block/ll_rw_blk.c end to end over image files: submit_bio, the request queue and the
 * driver threads, completion on the device's completion thread, errors, partitions,
 * statistics and close.
 */
class LlRwBlkTest {
    private static final int FRAMES = 512;

    @TempDir
    Path dir;

    private PhysicalMemory ram;
    private Printk.Buffer log;
    private BlockLayer blockLayer;
    private BlockDevices devices;

    @BeforeEach
    void setUp() throws IOException {
        ram = new PhysicalMemory(FRAMES);
        log = new Printk.Buffer();
        blockLayer = BlockLayer.standalone(log);
        devices = BlockDevices.create(ram, blockLayer);
    }

    @AfterEach
    void noLeakedHandles() throws IOException {
        assertEquals(List.of(), devices.diskstats(), "devices left open");
        assertEquals(0, BlockDevTest.openFds(dir), "file descriptors leaked");
    }

    private static long seed() {
        String s = System.getProperty("blockdev.seed");
        long seed = s != null ? Long.parseLong(s) : System.nanoTime();
        System.out.println("LlRwBlkTest seed " + seed + " (rerun with -Dblockdev.seed=" + seed + ")");
        return seed;
    }

    private static void await(CountDownLatch latch) throws InterruptedException {
        assertTrue(latch.await(30, TimeUnit.SECONDS), "bios did not complete: " + latch.getCount() + " left");
    }

    private void fill(int pfn, Random r) {
        byte[] b = new byte[PAGE_SIZE];
        r.nextBytes(b);
        ram.write(pfn, 0, b, 0, PAGE_SIZE);
    }

    private byte[] frame(int pfn) {
        byte[] b = new byte[PAGE_SIZE];
        ram.read(pfn, 0, b, 0, PAGE_SIZE);
        return b;
    }

    /** A one-page bio that records its completion into the given arrays. */
    private static Bio pageBio(BlockDevice dev, long sector, int pfn, BioEndIo endIo) {
        Bio bio = Bio.bioAlloc(1);
        bio.biBdev = dev;
        bio.biSector = sector;
        bio.bioAddPage(pfn, PAGE_SIZE, 0);
        bio.biEndIo = endIo;
        return bio;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4})
    void submitBio_everyBioCompletesExactlyOnceOnTheCompletionThread(int depth) throws Exception {
        Path img = BlockDevTest.image(dir, "d.img", 4L << 20);
        int n = 300;
        AtomicIntegerArray ends = new AtomicIntegerArray(n);
        AtomicInteger wrongThread = new AtomicInteger();
        AtomicInteger partial = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(n);
        Random r = new Random(seed());
        Thread submitter = Thread.currentThread();
        try (BlockDevice dev = devices.open(img, BdevOptions.defaults().withQueueDepth(depth))) {
            for (int i = 0; i < n; i++) {
                int id = i;
                Bio bio = pageBio(dev, (long) r.nextInt(1024) * SECTORS_PER_PAGE, i % FRAMES, (b, bytes, error) -> {
                    if (Thread.currentThread() == submitter || !blockLayer.current().inInterrupt() || !b.biBdev.inCompletionContext()) {
                        wrongThread.incrementAndGet();
                    }
                    if (b.biSize != 0) {
                        partial.incrementAndGet();
                        return 1;
                    }
                    ends.incrementAndGet(id);
                    Bio.bioPut(b);
                    done.countDown();
                    return 0;
                });
                blockLayer.submitBio(r.nextBoolean() ? Bio.WRITE : Bio.READ, bio);
            }
            dev.unplug();
            await(done);
            assertEquals(0, dev.syncBlockdev());
            DiskStats s = dev.diskStats();
            // Each bio either started a request or merged into one; attempt_merge may later
            // join two requests without counting a merge, as in 2.6.20.
            assertTrue(s.ios[0] + s.ios[1] + s.merges[0] + s.merges[1] <= n);
            assertTrue(s.ios[0] + s.ios[1] > 0);
            assertEquals((long) n * SECTORS_PER_PAGE, s.sectors[0] + s.sectors[1]);
            assertEquals(0, s.inFlight);
        }
        for (int i = 0; i < n; i++) {
            assertEquals(1, ends.get(i), "bio " + i + " ended " + ends.get(i) + " times");
        }
        assertEquals(0, wrongThread.get());
        assertEquals(0, partial.get());
        assertFalse(blockLayer.current().inInterrupt());
    }

    @ParameterizedTest
    @CsvSource({"noop,1,false", "deadline,1,true", "deadline,8,false", "deadline,32,true", "noop,8,true"})
    void submitBio_manyConcurrentBiosReadBackByteIdentical(String elevator, int depth, boolean outOfOrder) throws Exception {
        long seed = seed();
        Path img = BlockDevTest.image(dir, "c.img", 2L << 20);
        int threads = 4;
        int perThread = 48; // 192 pages written, the whole 2 MiB image is 512 pages
        int pages = threads * perThread;
        List<Integer> slots = new ArrayList<>();
        for (int i = 0; i < 512; i++) {
            slots.add(i);
        }
        Collections.shuffle(slots, new Random(seed));
        Random data = new Random(seed + 1);
        for (int p = 0; p < pages; p++) {
            fill(p, data);
        }
        byte[][] expected = new byte[pages][];
        for (int p = 0; p < pages; p++) {
            expected[p] = frame(p);
        }
        ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        try (BlockDevice dev = devices.open(img, BdevOptions.defaults().withElevator(elevator).withQueueDepth(depth))) {
            dev.faults().seed(seed).completeOutOfOrder(outOfOrder);
            CountDownLatch written = new CountDownLatch(pages);
            List<Thread> ts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int base = t * perThread;
                Thread th = new Thread(() -> {
                    for (int k = 0; k < perThread; k++) {
                        int p = base + k;
                        blockLayer.brwPage(Bio.WRITE, dev, (long) slots.get(p) * SECTORS_PER_PAGE, p, (pfn, error) -> {
                            if (error != 0 || !dev.inCompletionContext()) {
                                errors.add("write of pfn " + pfn + ": " + error);
                            }
                            written.countDown();
                        });
                    }
                    dev.unplug();
                });
                ts.add(th);
                th.start();
            }
            for (Thread th : ts) {
                th.join();
            }
            await(written);
            // Clear RAM, then read everything back concurrently into the same frames.
            for (int p = 0; p < pages; p++) {
                ram.clearFrame(p);
            }
            CountDownLatch read = new CountDownLatch(pages);
            for (int p = 0; p < pages; p++) {
                blockLayer.brwPage(Bio.READ, dev, (long) slots.get(p) * SECTORS_PER_PAGE, p, (pfn, error) -> {
                    if (error != 0) {
                        errors.add("read of pfn " + pfn + ": " + error);
                    }
                    read.countDown();
                });
            }
            dev.unplug();
            await(read);
        }
        assertEquals(List.of(), new ArrayList<>(errors));
        byte[] file = Files.readAllBytes(img);
        for (int p = 0; p < pages; p++) {
            assertArrayEquals(expected[p], frame(p), "RAM page " + p + " differs after read-back (seed " + seed + ")");
            byte[] onDisk = new byte[PAGE_SIZE];
            System.arraycopy(file, slots.get(p) * PAGE_SIZE, onDisk, 0, PAGE_SIZE);
            assertArrayEquals(expected[p], onDisk, "file page " + slots.get(p) + " differs (seed " + seed + ")");
        }
    }

    @Test
    void makeRequest_adjacentBiosMergeIntoFewerRequests() throws Exception {
        Path img = BlockDevTest.image(dir, "m.img", 1L << 20);
        int n = 16;
        Random r = new Random(5);
        for (int i = 0; i < n; i++) {
            fill(i, r);
        }
        CountDownLatch done = new CountDownLatch(n);
        try (BlockDevice dev = devices.open(img, BdevOptions.defaults().withElevator("noop"))) {
            for (int i = 0; i < n; i++) {
                blockLayer.submitBio(Bio.WRITE, pageBio(dev, (long) i * SECTORS_PER_PAGE, i, (b, bytes, e) -> {
                    done.countDown();
                    return 0;
                }));
            }
            dev.unplug();
            await(done);
            assertEquals(0, dev.syncBlockdev());
            DiskStats s = dev.diskStats();
            assertTrue(s.ios[Bio.WRITE] < n, "no merging: " + s.ios[Bio.WRITE] + " requests for " + n + " adjacent bios");
            assertEquals(n, s.ios[Bio.WRITE] + s.merges[Bio.WRITE]);
            assertEquals((long) n * SECTORS_PER_PAGE, s.sectors[Bio.WRITE]);
        }
        // The merged requests went out as vectored writes: every page landed in its place.
        byte[] file = Files.readAllBytes(img);
        for (int i = 0; i < n; i++) {
            byte[] got = new byte[PAGE_SIZE];
            System.arraycopy(file, i * PAGE_SIZE, got, 0, PAGE_SIZE);
            assertArrayEquals(frame(i), got, "page " + i);
        }
    }

    @Test
    void faultInjection_failedWriteReachesBiEndIoWithEioAndUptodateClear() throws Exception {
        Path img = BlockDevTest.image(dir, "f.img", 1L << 20);
        try (BlockDevice dev = devices.open(img)) {
            dev.faults().failNthWrite(3);
            int[] errors = new int[5];
            boolean[] uptodate = new boolean[5];
            for (int i = 0; i < 5; i++) {
                CountDownLatch one = new CountDownLatch(1);
                int id = i;
                // Non-adjacent sync writes, each waited for: one request each.
                blockLayer.submitBio(Bio.WRITE | (1 << Bio.BIO_RW_SYNC), pageBio(dev, (long) i * 64, i, (b, bytes, e) -> {
                    errors[id] = e;
                    uptodate[id] = b.bioFlagged(Bio.BIO_UPTODATE);
                    one.countDown();
                    return 0;
                }));
                await(one);
            }
            for (int i = 0; i < 5; i++) {
                assertEquals(i == 2 ? Errno.EIO.negative() : 0, errors[i], "write " + i);
                assertEquals(i != 2, uptodate[i], "BIO_UPTODATE of write " + i);
            }
            assertEquals(1, dev.faults().injected(Bio.WRITE));
            assertTrue(log.messages().contains("end_request: I/O error, dev loop0, sector 128"), log.messages().toString());

            dev.faults().failReads(1.0);
            CountDownLatch r = new CountDownLatch(1);
            int[] readError = new int[1];
            blockLayer.brwPage(Bio.READ, dev, 0, 10, (pfn, e) -> {
                readError[0] = e;
                r.countDown();
            });
            dev.unplug();
            await(r);
            assertEquals(Errno.EIO.negative(), readError[0]);
        }
    }

    @Test
    void faultInjection_randomFractionFailsSomeAndEveryBioStillCompletes() throws Exception {
        long seed = seed();
        Path img = BlockDevTest.image(dir, "rf.img", 1L << 20);
        int n = 100;
        AtomicInteger failed = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(n);
        try (BlockDevice dev = devices.open(img, BdevOptions.defaults().withQueueDepth(8))) {
            dev.faults().seed(seed).failWrites(0.5).delayCompletions(TimeUnit.MICROSECONDS.toNanos(200)).completeOutOfOrder(true);
            for (int i = 0; i < n; i++) {
                // Gaps between bios: no merging, one request per bio.
                blockLayer.brwPage(Bio.WRITE, dev, (long) i * 16, i, (pfn, e) -> {
                    if (e != 0) {
                        failed.incrementAndGet();
                    }
                    done.countDown();
                });
            }
            dev.unplug();
            await(done);
            assertEquals(dev.faults().injected(Bio.WRITE), failed.get());
            assertTrue(failed.get() > 0 && failed.get() < n, "failed " + failed.get() + " of " + n + " (seed " + seed + ")");
        }
    }

    @Test
    void genericMakeRequest_bioPastTheEndCompletesWithEioOnTheCompletionThread() throws Exception {
        Path img = BlockDevTest.image(dir, "e.img", 64 * 512);
        try (BlockDevice dev = devices.open(img)) {
            CountDownLatch done = new CountDownLatch(1);
            int[] err = new int[1];
            boolean[] onIrq = new boolean[1];
            Bio bio = pageBio(dev, 60, 0, (b, bytes, e) -> {
                err[0] = e;
                onIrq[0] = b.biBdev.inCompletionContext();
                done.countDown();
                return 0;
            });
            blockLayer.submitBio(Bio.READ, bio);
            await(done);
            assertEquals(Errno.EIO.negative(), err[0]);
            assertTrue(onIrq[0]);
            assertTrue(bio.bioFlagged(Bio.BIO_EOF));
            assertFalse(bio.bioFlagged(Bio.BIO_UPTODATE));
            assertEquals(List.of("attempt to access beyond end of device", "loop0: rw=0, want=68, limit=64"), log.messages());
        }
    }

    @Test
    void blkPartitionRemap_partitionSectorZeroIsTheStartOfItsWindow() throws Exception {
        Path img = BlockDevTest.image(dir, "p.img", 1L << 20);
        Random r = new Random(7);
        fill(3, r);
        byte[] want = frame(3);
        try (BlockDevice part = devices.open(img, BdevOptions.defaults().withPartition(64, 512))) {
            CountDownLatch done = new CountDownLatch(1);
            blockLayer.brwPage(Bio.WRITE | (1 << Bio.BIO_RW_SYNC), part, 0, 3, (pfn, e) -> done.countDown());
            await(done);
            assertEquals(0, part.syncBlockdev());
            List<String> stats = devices.diskstats();
            assertEquals(2, stats.size());
            assertEquals("   7    1 loop0p1 0 0 1 8", stats.get(1));
            assertTrue(stats.get(0).startsWith("   7    0 loop0 0 0 0 0 1 0 8 "), stats.get(0));
            // Past the end of the partition (but inside the disk) is still EIO.
            CountDownLatch bad = new CountDownLatch(1);
            int[] err = new int[1];
            blockLayer.brwPage(Bio.READ, part, 512 - 4, 4, (pfn, e) -> {
                err[0] = e;
                bad.countDown();
            });
            await(bad);
            assertEquals(Errno.EIO.negative(), err[0]);
        }
        byte[] file = Files.readAllBytes(img);
        byte[] got = new byte[PAGE_SIZE];
        System.arraycopy(file, 64 * 512, got, 0, PAGE_SIZE);
        assertArrayEquals(want, got);
    }

    @Test
    void diskstatsShow_rowHasTheFourteenFieldsOf2620() throws Exception {
        Path img = BlockDevTest.image(dir, "s.img", 1L << 20);
        try (BlockDevice dev = devices.open(img)) {
            CountDownLatch done = new CountDownLatch(2);
            blockLayer.brwPage(Bio.WRITE | (1 << Bio.BIO_RW_SYNC), dev, 0, 1, (p, e) -> done.countDown());
            blockLayer.brwPage(Bio.READ | (1 << Bio.BIO_RW_SYNC), dev, 800, 2, (p, e) -> done.countDown());
            await(done);
            dev.syncBlockdev();
            String row = dev.diskstatsLine();
            String[] f = row.trim().split(" +");
            assertEquals(14, f.length, row);
            assertEquals("7", f[0]);
            assertEquals("0", f[1]);
            assertEquals("loop0", f[2]);
            assertEquals("1", f[3]); // reads
            assertEquals("0", f[4]); // read merges
            assertEquals("8", f[5]); // read sectors
            assertEquals("1", f[7]); // writes
            assertEquals("8", f[9]); // written sectors
            assertEquals("0", f[11]); // in flight
            assertTrue(row.startsWith("   7    0 loop0 "), row);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void blkdevPut_lastCloseWaitsForBiosInFlight(int depth) throws Exception {
        Path img = BlockDevTest.image(dir, "w.img", 1L << 20);
        int n = 8;
        AtomicInteger ended = new AtomicInteger();
        BlockDevice dev = devices.open(img, BdevOptions.defaults().withQueueDepth(depth));
        dev.faults().delayCompletions(TimeUnit.MILLISECONDS.toNanos(20));
        for (int i = 0; i < n; i++) {
            blockLayer.brwPage(Bio.WRITE, dev, (long) i * 64, i, (p, e) -> ended.incrementAndGet());
        }
        dev.close();
        assertEquals(n, ended.get());
        Bio late = pageBio(dev, 0, 0, (b, bytes, e) -> 0);
        assertThrows(KernelBug.class, () -> blockLayer.submitBio(Bio.READ, late));
    }

    @Test
    void syncWrites_rwdModeAndSyncBiosReachTheFile() throws Exception {
        Path img = BlockDevTest.image(dir, "sync.img", 1L << 20);
        Random r = new Random(3);
        fill(5, r);
        byte[] want = frame(5);
        try (BlockDevice dev = devices.open(img, BdevOptions.defaults().withSync(true))) {
            CountDownLatch done = new CountDownLatch(1);
            blockLayer.brwPage(Bio.WRITE | (1 << Bio.BIO_RW_SYNC), dev, 8, 5, (p, e) -> done.countDown());
            await(done);
            byte[] file = Files.readAllBytes(img);
            byte[] got = new byte[PAGE_SIZE];
            System.arraycopy(file, 8 * 512, got, 0, PAGE_SIZE);
            assertArrayEquals(want, got);
        }
    }

    /**
     * O_DIRECT through {@code com.sun.nio.file.ExtendedOpenOption.DIRECT}: RAM frames are
     * page-aligned, so page bios transfer straight to and from them. Where the filesystem
     * refuses O_DIRECT, opening must say so clearly (EINVAL, "refuses O_DIRECT").
     */
    @Test
    void oDirect_worksOnThisFilesystemOrIsRefusedClearly() throws Exception {
        Path img = BlockDevTest.image(dir, "direct.img", 1L << 20);
        BlockDevice dev;
        try {
            dev = devices.open(img, BdevOptions.defaults().withDirect(true).withQueueDepth(4));
        } catch (KernelError e) {
            assertEquals(Errno.EINVAL, e.errno());
            assertTrue(e.getMessage().contains("O_DIRECT"), e.getMessage());
            System.out.println("O_DIRECT refused on " + dir + ": " + e.getMessage());
            return;
        }
        Random r = new Random(11);
        int pages = 32;
        byte[][] want = new byte[pages][];
        try (BlockDevice d = dev) {
            CountDownLatch w = new CountDownLatch(pages);
            for (int p = 0; p < pages; p++) {
                fill(p, r);
                want[p] = frame(p);
                blockLayer.brwPage(Bio.WRITE, d, (long) (pages - p) * SECTORS_PER_PAGE, p, (pfn, e) -> {
                    if (e != 0) {
                        fail("O_DIRECT write failed: " + e);
                    }
                    w.countDown();
                });
            }
            d.unplug();
            await(w);
            for (int p = 0; p < pages; p++) {
                ram.clearFrame(p);
            }
            AtomicInteger errs = new AtomicInteger();
            CountDownLatch rd = new CountDownLatch(pages);
            for (int p = 0; p < pages; p++) {
                blockLayer.brwPage(Bio.READ, d, (long) (pages - p) * SECTORS_PER_PAGE, p, (pfn, e) -> {
                    if (e != 0) {
                        errs.incrementAndGet();
                    }
                    rd.countDown();
                });
            }
            d.unplug();
            await(rd);
            assertEquals(0, errs.get());
        }
        for (int p = 0; p < pages; p++) {
            assertArrayEquals(want[p], frame(p), "page " + p);
        }
        assertNotEquals(0, Files.size(img));
    }
}
