package linux.block;

import static linux.arch.x86.PageGeometry.PAGE_SIZE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import linux.kernel.Errno;
import linux.kernel.KernelError;
import linux.arch.x86.PhysicalMemory;
import linux.kernel.Printk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fs/block_dev.c as swapon uses it: open, bd_claim/bd_release, set_blocksize, capacity, close. */
class BlockDevTest {
    @TempDir
    Path dir;

    private BlockDevices devices;
    @BeforeEach
    void setUp() throws IOException {
        devices = BlockDevices.create(new PhysicalMemory(16), BlockLayer.standalone(Printk.NONE));
    }

    @AfterEach
    void noLeakedHandles() throws IOException {
        assertEquals(0, openFds(dir), "file descriptors leaked");
    }

    /** Descriptors this process holds on files under {@code dir} (from /proc/self/fd). */
    static long openFds(Path dir) throws IOException {
        long n = 0;
        try (var s = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : (Iterable<Path>) s::iterator) {
                try {
                    if (Files.readSymbolicLink(fd).startsWith(dir)) {
                        n++;
                    }
                } catch (IOException e) {
                    // closed while we looked: not ours to count
                }
            }
        }
        return n;
    }

    static Path image(Path dir, String name, long bytes) throws IOException {
        Path p = dir.resolve(name);
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(bytes);
        }
        return p;
    }

    @Test
    void blkdevOpen_imageIsAWholeLoopDiskWithItsCapacityInSectors() throws IOException {
        Path img = image(dir, "disk.img", 1 << 20);
        try (BlockDevice d = devices.open(img)) {
            assertEquals(2048, d.capacity());
            assertEquals("loop0", d.name());
            assertEquals(7, d.major());
            assertEquals(0, d.minor());
            assertSame(d, d.bdContains());
            assertEquals(PAGE_SIZE, d.blockSize()); // bd_set_size: 1 MiB is page-aligned
            // One descriptor per driver thread while open; the @AfterEach check sees none after close.
            assertEquals(BdevOptions.DEFAULT_QUEUE_DEPTH, openFds(dir));
        }
    }

    @Test
    void bdSetSize_oddSizedImageGetsTheLargestDividingBlockSize() throws IOException {
        Path img = image(dir, "odd.img", 3 * 512);
        try (BlockDevice d = devices.open(img)) {
            assertEquals(3, d.capacity());
            assertEquals(512, d.blockSize());
        }
    }

    @Test
    void blkdevOpen_missingPathIsEnoent() {
        KernelError e = assertThrows(KernelError.class, () -> devices.open(dir.resolve("nope.img")));
        assertEquals(Errno.ENOENT, e.errno());
        assertTrue(e.getMessage().endsWith("nope.img: No such file or directory"), e.getMessage());
    }

    @Test
    void blkdevOpen_directoryIsEisdir() {
        KernelError e = assertThrows(KernelError.class, () -> devices.open(dir));
        assertEquals(Errno.EISDIR, e.errno());
    }

    @Test
    void blkdevOpen_characterDeviceIsEinval() {
        assumeTrue(Files.exists(Path.of("/dev/null")), "/dev/null is absent");
        KernelError e = assertThrows(KernelError.class, () -> devices.open(Path.of("/dev/null")));
        assertEquals(Errno.EINVAL, e.errno());
        assertEquals("/dev/null: not a regular file or block device", e.getMessage());
    }

    @Test
    void blkdevOpen_unreadableFileIsEacces() throws IOException {
        assumeFalse("root".equals(System.getProperty("user.name")),
                "running as root: a mode-000 file is still readable, so EACCES cannot happen here "
                        + "(the mapping itself is checked by BdevRegistryTest.errnoOf_mapsHostFailures)");
        Path img = image(dir, "locked.img", 1 << 16);
        Files.setPosixFilePermissions(img, PosixFilePermissions.fromString("---------"));
        KernelError e = assertThrows(KernelError.class, () -> devices.open(img));
        assertEquals(Errno.EACCES, e.errno());
        assertTrue(e.getMessage().endsWith("locked.img: Permission denied"), e.getMessage());
    }

    @Test
    void blkdevOpen_sameFileTwiceSharesOneDeviceUntilTheLastClose() throws IOException {
        Path img = image(dir, "shared.img", 1 << 16);
        BlockDevice a = devices.open(img);
        BlockDevice b = devices.open(img);
        assertSame(a, b);
        assertEquals(1, devices.diskstats().size());
        a.close();
        assertEquals(1, devices.diskstats().size());
        b.close();
        assertEquals(List.of(), devices.diskstats());
        b.close(); // a further close is harmless
        try (BlockDevice c = devices.open(img)) {
            assertNotSame(a, c);
            assertEquals("loop0", c.name());
        }
    }

    @Test
    void bdClaim_secondHolderGetsEbusyUntilRelease() throws IOException {
        Path img = image(dir, "swap.img", 1 << 16);
        Object swapon1 = new Object();
        Object swapon2 = new Object();
        try (BlockDevice a = devices.open(img); BlockDevice b = devices.open(img)) {
            assertEquals(0, a.bdClaim(swapon1));
            assertEquals(0, a.bdClaim(swapon1)); // already the holder
            assertEquals(-Errno.EBUSY.number, b.bdClaim(swapon2));
            a.bdRelease();
            assertEquals(-Errno.EBUSY.number, b.bdClaim(swapon2)); // still held once
            a.bdRelease();
            assertEquals(0, b.bdClaim(swapon2));
            assertSame(swapon2, b.bdHolder());
            b.bdRelease();
        }
    }

    @Test
    void bdClaim_partitionsOfOneDiskAreIndependentButTheDiskIsBusy() throws IOException {
        Path img = image(dir, "parted.img", 1 << 20);
        try (BlockDevice p1 = devices.open(img, BdevOptions.defaults().withPartition(8, 1000));
             BlockDevice p2 = devices.open(img, BdevOptions.defaults().withPartition(1008, 1000));
             BlockDevice disk = devices.open(img)) {
            assertSame(disk, p1.bdContains());
            assertEquals("loop0p1", p1.name());
            assertEquals("loop0p2", p2.name());
            assertEquals(1000, p1.capacity());
            assertEquals(8, p1.startSect());
            assertEquals(0, p1.bdClaim("swap A"));
            assertEquals(0, p2.bdClaim("swap B"));
            assertEquals(-Errno.EBUSY.number, disk.bdClaim("mkfs"));
            p1.bdRelease();
            p2.bdRelease();
            assertEquals(0, disk.bdClaim("mkfs"));
            assertEquals(-Errno.EBUSY.number, p1.bdClaim("swap A"));
            disk.bdRelease();
        }
    }

    @Test
    void blkdevOpen_partitionBeyondTheDiskIsEinval() throws IOException {
        Path img = image(dir, "small.img", 1 << 16);
        KernelError e = assertThrows(KernelError.class,
                () -> devices.open(img, BdevOptions.defaults().withPartition(100, 100)));
        assertEquals(Errno.EINVAL, e.errno());
        assertEquals(List.of(), devices.diskstats());
    }

    @Test
    void blkdevOpen_unknownElevatorIsEinval() throws IOException {
        Path img = image(dir, "e.img", 1 << 16);
        KernelError e = assertThrows(KernelError.class, () -> devices.open(img, BdevOptions.defaults().withElevator("cfq")));
        assertEquals(Errno.EINVAL, e.errno());
    }

    @Test
    void setBlocksize_acceptsPowersOfTwoFrom512ToPageSize() throws IOException {
        Path img = image(dir, "bs.img", 1 << 16);
        try (BlockDevice d = devices.open(img)) {
            int old = d.blockSize();
            assertEquals(0, d.setBlocksize(1024));
            assertEquals(1024, d.blockSize());
            assertEquals(-Errno.EINVAL.number, d.setBlocksize(256));
            assertEquals(-Errno.EINVAL.number, d.setBlocksize(2 * PAGE_SIZE));
            assertEquals(-Errno.EINVAL.number, d.setBlocksize(1536));
            assertEquals(1024, d.blockSize());
            assertEquals(0, d.setBlocksize(old));
            assertEquals(old, d.blockSize());
        }
    }
}
