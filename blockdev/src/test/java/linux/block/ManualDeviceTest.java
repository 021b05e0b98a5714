package linux.block;

import linux.kernel.KernelBug;
import static linux.arch.x86.PageGeometry.PAGE_SIZE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import linux.kernel.Errno;
import linux.arch.x86.PhysicalMemory;
import linux.kernel.Printk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The deterministic device: bios complete only when the test says so. */
class ManualDeviceTest {
    private PhysicalMemory ram;
    private BlockLayer blockLayer;
    private ManualDevice dev;
    private final List<String> events = new ArrayList<>();

    @BeforeEach
    void setUp() {
        ram = new PhysicalMemory(8);
        blockLayer = BlockLayer.standalone(Printk.NONE);
        dev = new ManualDevice("md0", 9, 0, 256, ram, blockLayer);
    }

    @AfterEach
    void tearDown() {
        dev.close();
    }

    private Bio bio(long sector, int pfn, String tag) {
        Bio b = Bio.bioAlloc(1);
        b.biBdev = dev;
        b.biSector = sector;
        b.bioAddPage(pfn, PAGE_SIZE, 0);
        b.biEndIo = (bio, done, error) -> {
            synchronized (events) {
                events.add(tag + ":" + done + ":" + bio.biSize + ":" + error + ":" + dev.inCompletionContext());
            }
            return bio.biSize != 0 ? 1 : 0;
        };
        return b;
    }

    @Test
    void completeNext_completesInSubmissionOrderOnlyWhenAsked() {
        blockLayer.submitBio(Bio.WRITE, bio(0, 1, "a"));
        blockLayer.submitBio(Bio.WRITE, bio(8, 2, "b"));
        assertEquals(2, dev.pending());
        assertTrue(events.isEmpty());
        assertEquals(0, dev.peekNext().biSector);
        dev.completeNext();
        assertEquals(List.of("a:4096:0:0:true"), events);
        dev.completeNext();
        assertEquals(List.of("a:4096:0:0:true", "b:4096:0:0:true"), events);
        assertEquals(0, dev.pending());
        assertNull(dev.peekNext());
        assertThrows(IllegalStateException.class, dev::completeNext);
    }

    @Test
    void completeNext_movesTheDataBetweenRamAndTheDisk() {
        byte[] data = new byte[PAGE_SIZE];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 7);
        }
        ram.write(1, 0, data, 0, PAGE_SIZE);
        blockLayer.submitBio(Bio.WRITE, bio(16, 1, "w"));
        dev.completeNext();
        byte[] disk = new byte[PAGE_SIZE];
        dev.readStore(16 * 512, disk);
        assertArrayEquals(data, disk);
        blockLayer.submitBio(Bio.READ, bio(16, 3, "r"));
        dev.completeNext();
        byte[] back = new byte[PAGE_SIZE];
        ram.read(3, 0, back, 0, PAGE_SIZE);
        assertArrayEquals(data, back);
    }

    @Test
    void completeNextBytes_partialCompletionAsIn2620() {
        Bio b = bio(40, 1, "p");
        blockLayer.submitBio(Bio.READ, b);
        dev.completeNext(1024);
        assertEquals(1, dev.pending());
        assertEquals(42, b.biSector);
        dev.completeNext(3072);
        assertEquals(0, dev.pending());
        assertEquals(List.of("p:1024:3072:0:true", "p:3072:0:0:true"), events);
    }

    @Test
    void failNext_reachesBiEndIoWithTheErrnoAndUptodateClear() {
        Bio b = bio(0, 1, "f");
        blockLayer.submitBio(Bio.WRITE, b);
        dev.failNext(Errno.EIO);
        assertEquals(List.of("f:4096:0:-5:true"), events);
        assertFalse(b.bioFlagged(Bio.BIO_UPTODATE));
        DiskStats s = dev.diskStats();
        assertEquals(1, s.ios[Bio.WRITE]);
        assertEquals(0, s.inFlight);
    }

    @Test
    void faultInjection_appliesToCompleteNext() {
        dev.faults().failNthRead(1);
        Bio b = bio(0, 1, "i");
        blockLayer.submitBio(Bio.READ, b);
        assertSame(b, dev.completeNext());
        assertEquals(List.of("i:4096:0:-5:true"), events);
    }

    @Test
    void close_failsWhatTheTestLeftPendingSoNothingHangs() {
        blockLayer.submitBio(Bio.WRITE, bio(0, 1, "x"));
        dev.close();
        assertEquals(List.of("x:4096:0:-5:true"), events);
        assertThrows(KernelBug.class, () -> blockLayer.submitBio(Bio.WRITE, bio(0, 1, "y")));
    }

    @Test
    void submitBio_reportsToTheTracerWhenOneIsInstalled() {
        List<String> calls = java.util.Collections.synchronizedList(new ArrayList<>());
        linux.kernel.Tracer t = new linux.kernel.Tracer() {
            @Override
            public boolean enabled() {
                return true;
            }

            @Override
            public void enter(String f) {
                calls.add("> " + f);
            }

            @Override
            public void exit(String f) {
                calls.add("< " + f);
            }
        };
        BlockLayer traced = new BlockLayer(new linux.kernel.Current(), Printk.NONE, t, BlockLayer.VmEvents.NONE);
        ManualDevice tracedDev = new ManualDevice("md1", 9, 1, 256, ram, traced);
        try {
            Bio b = Bio.bioAlloc(1);
            b.biBdev = tracedDev;
            b.biSector = 0;
            b.bioAddPage(0, PAGE_SIZE, 0);
            b.biEndIo = (bio, bytes, error) -> 0;
            traced.submitBio(Bio.WRITE, b);
            tracedDev.completeNext();
        } finally {
            tracedDev.close();
        }
        assertEquals(List.of("> submit_bio", "< submit_bio", "> bio_endio", "< bio_endio"), calls);
        assertSame(linux.kernel.Tracer.OFF, blockLayer.tracer());
    }
}
