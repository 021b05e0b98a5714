package linux.block;

import static linux.arch.x86.PageGeometry.PAGE_SIZE;
import static linux.arch.x86.PageGeometry.SECTORS_PER_PAGE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import linux.arch.x86.PhysicalMemory;
import linux.kernel.Errno;
import linux.kernel.KernelBug;
import linux.kernel.KernelError;
import linux.kernel.Printk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The submitter-completion mode of file-backed disks ({@link BdevOptions.Completion#SUBMITTER}),
 * shaped like drivers/block/rd.c's rd_make_request: the data moves and bio_endio runs in
 * the submitter's own context before submit_bio returns, in process context
 * ({@code in_interrupt()} false) while {@link BlockDevice#inCompletionContext()} is true.
 */
class RdTest {
    private static final int FRAMES = 256;

    @TempDir
    Path dir;

    private PhysicalMemory ram;
    private Printk.Buffer log;
    private BlockLayer blockLayer;
    private BlockDevices devices;

    @BeforeEach
    void setUp() {
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

    private static BdevOptions submitter() {
        return BdevOptions.defaults().withCompletion(BdevOptions.Completion.SUBMITTER);
    }

    private static long seed() {
        String s = System.getProperty("mmemu.seed");
        long seed = s != null ? Long.parseLong(s) : System.nanoTime();
        System.out.println("RdTest seed " + seed + " (rerun with -Dmmemu.seed=" + seed + ")");
        return seed;
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

    /** What one bi_end_io call saw. */
    private record End(Thread thread, boolean inInterrupt, boolean inCompletionContext, int bytes, int size, int error) {
    }

    private Bio pageBio(BlockDevice dev, long sector, int pfn, List<End> ends) {
        Bio bio = Bio.bioAlloc(1);
        bio.biBdev = dev;
        bio.biSector = sector;
        bio.bioAddPage(pfn, PAGE_SIZE, 0);
        bio.biEndIo = (b, bytes, error) -> {
            ends.add(new End(Thread.currentThread(), blockLayer.current().inInterrupt(), b.biBdev.inCompletionContext(),
                    bytes, b.biSize, error));
            if (b.biSize != 0) {
                return 1;
            }
            Bio.bioPut(b);
            return 0;
        };
        return bio;
    }

    @Test
    void rdMakeRequest_bioEndsOnTheSubmittersThreadInProcessContextBeforeSubmitBioReturns() throws Exception {
        Path img = BlockDevTest.image(dir, "rd.img", 1L << 20);
        try (BlockDevice dev = devices.open(img, submitter())) {
            List<End> ends = new ArrayList<>();
            fill(3, new Random(1));
            blockLayer.submitBio(Bio.WRITE, pageBio(dev, 8, 3, ends));
            // Ended exactly once, for the whole page, before submit_bio came back.
            assertEquals(1, ends.size());
            End e = ends.get(0);
            assertSame(Thread.currentThread(), e.thread());
            assertFalse(e.inInterrupt(), "rd_make_request completes in process context");
            assertTrue(e.inCompletionContext(), "bi_end_io runs in the disk's completion context");
            assertEquals(PAGE_SIZE, e.bytes());
            assertEquals(0, e.size());
            assertEquals(0, e.error());
            // Outside bi_end_io the submitter is not in the completion context any more.
            assertFalse(dev.inCompletionContext());
            assertFalse(blockLayer.current().inInterrupt());
            assertNull(dev.completionThread(), "no device thread in submitter mode");
            byte[] onDisk = new byte[PAGE_SIZE];
            try (RandomAccessFile f = new RandomAccessFile(img.toFile(), "r")) {
                f.seek(8 * 512);
                f.readFully(onDisk);
            }
            assertArrayEquals(frame(3), onDisk);
        }
    }

    @Test
    void rdMakeRequest_multiSegmentBioMovesEverySegmentInOrder() throws Exception {
        Path img = BlockDevTest.image(dir, "seg.img", 1L << 20);
        Random r = new Random(5);
        fill(10, r);
        fill(11, r);
        byte[] a = frame(10);
        byte[] b = frame(11);
        try (BlockDevice dev = devices.open(img, submitter())) {
            List<End> ends = new ArrayList<>();
            Bio w = Bio.bioAlloc(2);
            w.biBdev = dev;
            w.biSector = 16;
            w.bioAddPage(10, 2048, 1024);
            w.bioAddPage(11, 2048, 0);
            w.biEndIo = (bio, bytes, error) -> {
                ends.add(new End(Thread.currentThread(), false, true, bytes, bio.biSize, error));
                return 0;
            };
            blockLayer.submitBio(Bio.WRITE, w);
            assertEquals(1, ends.size());
            ram.clearFrame(20);
            blockLayer.submitBio(Bio.READ, pageBio(dev, 16, 20, ends));
            assertEquals(0, ends.get(1).error());
        }
        byte[] got = frame(20);
        for (int i = 0; i < 2048; i++) {
            assertEquals(a[1024 + i], got[i], "byte " + i);
            assertEquals(b[i], got[2048 + i], "byte " + (2048 + i));
        }
    }

    /**
     * Several submitters at once, each on its own shuffled set of pages, buffered and
     * O_DIRECT: every byte comes back, and every bio ended on the thread that submitted it.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void rdMakeRequest_concurrentSubmittersRoundTripByteIdentical(boolean direct) throws Exception {
        long seed = seed();
        Path img = BlockDevTest.image(dir, "c.img", 2L << 20);
        BlockDevice opened;
        try {
            opened = devices.open(img, submitter().withDirect(direct));
        } catch (KernelError e) {
            assertTrue(direct, "only O_DIRECT may be refused: " + e.getMessage());
            assertEquals(Errno.EINVAL, e.errno());
            System.out.println("O_DIRECT refused on " + dir + ": " + e.getMessage());
            return;
        }
        int threads = 4;
        int perThread = 32;
        int pages = threads * perThread;
        List<Integer> slots = new ArrayList<>();
        for (int i = 0; i < 512; i++) {
            slots.add(i);
        }
        Collections.shuffle(slots, new Random(seed));
        Random data = new Random(seed + 1);
        byte[][] want = new byte[pages][];
        for (int p = 0; p < pages; p++) {
            fill(p, data);
            want[p] = frame(p);
        }
        ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        try (BlockDevice dev = opened) {
            for (int rw : new int[] {Bio.WRITE, Bio.READ}) {
                if (rw == Bio.READ) {
                    for (int p = 0; p < pages; p++) {
                        ram.clearFrame(p);
                    }
                }
                List<Thread> ts = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int base = t * perThread;
                    Thread th = new Thread(() -> {
                        Thread me = Thread.currentThread();
                        for (int k = 0; k < perThread; k++) {
                            int p = base + k;
                            boolean[] ended = new boolean[1];
                            blockLayer.brwPage(rw, dev, (long) slots.get(p) * SECTORS_PER_PAGE, p, (pfn, error) -> {
                                if (error != 0 || Thread.currentThread() != me || !dev.inCompletionContext()
                                        || blockLayer.current().inInterrupt()) {
                                    errors.add("pfn " + pfn + " rw " + rw + ": error " + error + " on "
                                            + Thread.currentThread().getName());
                                }
                                ended[0] = true;
                            });
                            if (!ended[0]) {
                                errors.add("pfn " + p + " rw " + rw + ": submit_bio returned before bi_end_io");
                            }
                        }
                    });
                    ts.add(th);
                    th.start();
                }
                for (Thread th : ts) {
                    th.join();
                }
            }
            assertEquals(List.of(), List.copyOf(errors));
            DiskStats s = dev.diskStats();
            assertEquals(pages, s.ios[Bio.READ]);
            assertEquals(pages, s.ios[Bio.WRITE]);
            assertEquals((long) pages * SECTORS_PER_PAGE, s.sectors[Bio.READ]);
            assertEquals((long) pages * SECTORS_PER_PAGE, s.sectors[Bio.WRITE]);
            assertEquals(0, s.inFlight);
            assertEquals(0, dev.syncBlockdev());
        }
        for (int p = 0; p < pages; p++) {
            assertArrayEquals(want[p], frame(p), "page " + p);
        }
    }

    @Test
    void rdMakeRequest_injectedFailureEndsWithEioInTheSubmitterAndMovesNoData() throws Exception {
        Path img = BlockDevTest.image(dir, "f.img", 1L << 20);
        try (BlockDevice dev = devices.open(img, submitter())) {
            fill(1, new Random(2));
            byte[] before = frame(1);
            dev.faults().failNthRead(1);
            List<End> ends = new ArrayList<>();
            Bio bio = pageBio(dev, 0, 1, ends);
            blockLayer.submitBio(Bio.READ, bio);
            assertEquals(1, ends.size());
            assertEquals(Errno.EIO.negative(), ends.get(0).error());
            assertSame(Thread.currentThread(), ends.get(0).thread());
            assertFalse(bio.bioFlagged(Bio.BIO_UPTODATE));
            assertArrayEquals(before, frame(1), "a failed read leaves RAM alone");
            assertEquals(1, dev.faults().injected(Bio.READ));
            // The next read succeeds (the file is all zeroes there).
            blockLayer.submitBio(Bio.READ, pageBio(dev, 0, 1, ends));
            assertEquals(0, ends.get(1).error());
            assertArrayEquals(new byte[PAGE_SIZE], frame(1));
        }
    }

    @Test
    void genericMakeRequest_bioPastTheEndEndsWithEioAtOnceInTheSubmitter() throws Exception {
        Path img = BlockDevTest.image(dir, "e.img", 64 * 512);
        try (BlockDevice dev = devices.open(img, submitter())) {
            List<End> ends = new ArrayList<>();
            Bio bio = pageBio(dev, 60, 0, ends);
            blockLayer.submitBio(Bio.READ, bio);
            assertEquals(1, ends.size());
            assertEquals(Errno.EIO.negative(), ends.get(0).error());
            assertSame(Thread.currentThread(), ends.get(0).thread());
            assertTrue(ends.get(0).inCompletionContext());
            assertTrue(bio.bioFlagged(Bio.BIO_EOF));
            assertEquals(List.of("attempt to access beyond end of device", "loop0: rw=0, want=68, limit=64"), log.messages());
        }
    }

    @Test
    void blkPartitionRemap_partitionOfASubmitterDiskCompletesInTheSubmitter() throws Exception {
        Path img = BlockDevTest.image(dir, "p.img", 1L << 20);
        fill(4, new Random(9));
        try (BlockDevice part = devices.open(img, submitter().withPartition(64, 512))) {
            List<End> ends = new ArrayList<>();
            blockLayer.submitBio(Bio.WRITE, pageBio(part, 0, 4, ends));
            assertEquals(1, ends.size());
            assertTrue(ends.get(0).inCompletionContext());
            assertSame(Thread.currentThread(), ends.get(0).thread());
        }
        byte[] onDisk = new byte[PAGE_SIZE];
        try (RandomAccessFile f = new RandomAccessFile(img.toFile(), "r")) {
            f.seek(64 * 512);
            f.readFully(onDisk);
        }
        assertArrayEquals(frame(4), onDisk);
    }

    @Test
    void blkdevPut_bioAfterTheLastCloseIsABug() throws Exception {
        Path img = BlockDevTest.image(dir, "x.img", 1L << 20);
        BlockDevice dev = devices.open(img, submitter());
        dev.close();
        List<End> ends = new ArrayList<>();
        assertThrows(KernelBug.class, () -> dev.makeRequest(pageBio(dev, 0, 0, ends)));
        assertEquals(List.of(), ends);
    }

    @Test
    void bdevOptions_defaultIsTheCompletionThread() {
        assertEquals(BdevOptions.Completion.THREAD, BdevOptions.defaults().completion());
        assertEquals(BdevOptions.Completion.SUBMITTER, submitter().withQueueDepth(8).withDirect(true).completion());
        assertEquals(BdevOptions.Completion.SUBMITTER, submitter().withPartition(0, 8).wholeDisk().completion());
        assertThrows(IllegalArgumentException.class, () -> BdevOptions.defaults().withCompletion(null));
    }
}
