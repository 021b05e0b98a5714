package linux.block.internal;

import jakarta.inject.Inject;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import linux.kernel.Errno;
import linux.kernel.KernelError;
import linux.arch.x86.PhysicalMemory;
import linux.block.BdevOptions;
import linux.block.BlockDevice;
import linux.block.BlockLayer;
import linux.block.BlockDevices;
import linux.kernel.EmulatorOnly;
import linux.kernel.Printk;

/**
 * Mirrors the device lookup of linux-2.6.20 {@code fs/block_dev.c} ({@code bdget},
 * {@code blkdev_open}, {@code blkdev_get}/{@code blkdev_put} with {@code bd_openers}) and
 * the loop driver's naming of image files: one {@link BlockDevice} per device, shared by
 * every opener. State: the table of open disks and partitions.
 *
 * <p>Image files become {@code loopN} (major 7, minor N); a partition window of an image
 * becomes {@code loopNpM} (minor N*16+M, like loop with max_part=15); a block-device node
 * keeps its own name and numbers. Locking: the registry's monitor guards the table and
 * the opener counts; it is never taken from a completion thread.
 */
public final class BdevRegistry implements BlockDevices {
    /** The loop driver's major number. */
    static final int LOOP_MAJOR = 7;
    /** Minors per loop disk (1 disk + 15 partitions). */
    static final int LOOP_MINORS = 16;

    private static final int S_IFMT = 0170000;
    private static final int S_IFDIR = 0040000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFBLK = 0060000;

    private final PhysicalMemory ram;
    private final BlockLayer blockLayer;
    private final Printk printk;
    private final LongSupplier clock;
    private final Map<Object, FileBlockDevice> disks = new HashMap<>();
    private final Map<FileBlockDevice, Object> diskKeys = new HashMap<>();
    private final Map<String, PartitionDevice> parts = new HashMap<>();
    /** Loop indexes (loopN) in use by image files. */
    private final BitSet usedLoopIndexes = new BitSet();

    @Inject
    public BdevRegistry(PhysicalMemory ram, BlockLayer blockLayer) {
        this(ram, blockLayer, System::nanoTime);
    }

    BdevRegistry(PhysicalMemory ram, BlockLayer blockLayer, LongSupplier clock) {
        this.ram = ram;
        this.blockLayer = blockLayer;
        this.printk = blockLayer.printk();
        this.clock = clock;
    }

    @EmulatorOnly("the kernel's block layer is global; here each kernel has its own")
    @Override
    public BlockLayer blockLayer() {
        return blockLayer;
    }

    @EmulatorOnly("the RAM the devices DMA into")
    @Override
    public PhysicalMemory ram() {
        return ram;
    }

    @EmulatorOnly("opens a path as a block device: blkdev_open of a device node, or an image bound like a loop device")
    @Override
    public synchronized BlockDevice open(Path path, BdevOptions options) {
        FileBlockDevice disk = openDisk(path, options);
        if (!options.isPartition()) {
            return disk;
        }
        try {
            return openPartition(disk, options);
        } catch (KernelError e) {
            releaseDisk(disk);
            throw e;
        }
    }

    private PartitionDevice openPartition(FileBlockDevice disk, BdevOptions o) {
        long start = o.partStart();
        long nr = o.partSectors();
        if (start + nr > disk.capacity()) {
            throw new KernelError(Errno.EINVAL, "partition " + start + "+" + nr + " extends beyond the end of "
                    + disk.name() + " (" + disk.capacity() + " sectors)");
        }
        String key = disk.name() + "@" + start + "+" + nr;
        PartitionDevice p = parts.get(key);
        if (p != null) {
            p.openers++;
            return p;
        }
        int partno = 1;
        for (PartitionDevice q : parts.values()) {
            if (q.bdContains() == disk) {
                if (start < q.startSect() + q.capacity() && q.startSect() < start + nr) {
                    throw new KernelError(Errno.EBUSY, "partition " + start + "+" + nr + " overlaps " + q.name());
                }
                partno = Math.max(partno, q.minor() - disk.minor() + 1);
            }
        }
        if (partno >= LOOP_MINORS) {
            throw new KernelError(Errno.ENXIO, "too many partitions on " + disk.name());
        }
        PartitionDevice[] holder = new PartitionDevice[1];
        p = new PartitionDevice(disk.name() + "p" + partno, disk.minor() + partno, disk, start, nr,
                () -> closePartition(key, holder[0]));
        holder[0] = p;
        parts.put(key, p);
        return p;
    }

    private synchronized void closePartition(String key, PartitionDevice p) {
        if (p.openers <= 0) {
            return;
        }
        if (--p.openers == 0) {
            parts.remove(key);
            releaseDisk((FileBlockDevice) p.bdContains());
        }
    }

    private FileBlockDevice openDisk(Path path, BdevOptions o) {
        Map<String, Object> attrs;
        try {
            attrs = Files.readAttributes(path, "unix:mode,rdev,dev,ino");
        } catch (IOException e) {
            throw errnoOf(path, e);
        } catch (UnsupportedOperationException e) {
            throw new KernelError(Errno.EINVAL, path + ": the host filesystem has no unix attributes");
        }
        int mode = (Integer) attrs.get("mode");
        int type = mode & S_IFMT;
        boolean blk = type == S_IFBLK;
        if (type == S_IFDIR) {
            throw new KernelError(Errno.EISDIR, path + ": " + Errno.EISDIR.text);
        }
        if (type != S_IFREG && !blk) {
            throw new KernelError(Errno.EINVAL, path + ": not a regular file or block device");
        }
        Object key = blk ? "blk:" + attrs.get("rdev") : attrs.get("dev") + ":" + attrs.get("ino");
        FileBlockDevice d = disks.get(key);
        if (d != null) {
            d.openers++;
            return d;
        }
        List<Backing> backs = new ArrayList<>();
        long size;
        try {
            // One descriptor per driver thread (see Backing); a disk that completes in the
            // submitter has no driver threads and shares one for positional transfers.
            int descriptors = o.completion() == BdevOptions.Completion.SUBMITTER ? 1 : o.queueDepth();
            for (int i = 0; i < descriptors; i++) {
                backs.add(Backing.open(path, o));
            }
        } catch (UnsupportedOperationException e) {
            Backing.closeQuietly(backs);
            throw new KernelError(Errno.EINVAL, path + ": O_DIRECT is not supported here: " + e.getMessage());
        } catch (IOException e) {
            Backing.closeQuietly(backs);
            KernelError k = errnoOf(path, e);
            if (o.direct() && k.errno() == Errno.EINVAL) {
                throw new KernelError(Errno.EINVAL, path + ": the filesystem refuses O_DIRECT (" + e.getMessage() + ")");
            }
            throw k;
        }
        try {
            size = backs.get(0).channel.size();
            if (size == 0 && blk) {
                // fstat gives no size for a device node on some JDKs: seek to its end instead.
                try (RandomAccessFile r = new RandomAccessFile(path.toFile(), "r")) {
                    size = r.length();
                }
            }
        } catch (IOException e) {
            Backing.closeQuietly(backs);
            throw new KernelError(Errno.EIO, path + ": cannot read its size: " + e.getMessage());
        }
        String name;
        int major;
        int minor;
        if (blk) {
            long rdev = ((Number) attrs.get("rdev")).longValue();
            major = (int) (((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL));
            minor = (int) ((rdev & 0xff) | ((rdev >>> 12) & ~0xffL));
            name = path.getFileName().toString();
        } else {
            int idx = usedLoopIndexes.nextClearBit(0);
            usedLoopIndexes.set(idx);
            major = LOOP_MAJOR;
            minor = idx * LOOP_MINORS;
            name = "loop" + idx;
        }
        FileBlockDevice[] holder = new FileBlockDevice[1];
        try {
            d = new FileBlockDevice(name, major, minor, backs.toArray(new Backing[0]), size, o.wholeDisk(), ram, blockLayer, clock,
                    () -> releaseDisk(holder[0]));
        } catch (KernelError e) {
            Backing.closeQuietly(backs);
            if (!blk) {
                usedLoopIndexes.clear(minor / LOOP_MINORS);
            }
            throw e;
        }
        holder[0] = d;
        disks.put(key, d);
        diskKeys.put(d, key);
        return d;
    }

    private synchronized void releaseDisk(FileBlockDevice d) {
        if (d.openers <= 0) {
            return;
        }
        if (--d.openers > 0) {
            return;
        }
        d.shutdown();
        Object key = diskKeys.remove(d);
        disks.remove(key);
        if (d.major() == LOOP_MAJOR) {
            usedLoopIndexes.clear(d.minor() / LOOP_MINORS);
        }
    }

    /**
     * Turns a host I/O failure while opening {@code path} into the errno the kernel would
     * give: missing file ENOENT, permission denied EACCES, directory EISDIR, anything
     * else (including an "Invalid argument" from O_DIRECT) EINVAL or EIO.
     */
    static KernelError errnoOf(Path path, IOException e) {
        Errno errno;
        if (e instanceof NoSuchFileException) {
            errno = Errno.ENOENT;
        } else if (e instanceof AccessDeniedException) {
            errno = Errno.EACCES;
        } else {
            String m = String.valueOf(e instanceof FileSystemException ? ((FileSystemException) e).getReason() : e.getMessage());
            if (e instanceof FileNotFoundException && m.contains("(No such file or directory)")) {
                errno = Errno.ENOENT;
            } else if (m.contains("Permission denied")) {
                errno = Errno.EACCES;
            } else if (m.contains("Is a directory")) {
                errno = Errno.EISDIR;
            } else if (m.contains("No such file")) {
                errno = Errno.ENOENT;
            } else if (m.contains("Invalid argument")) {
                errno = Errno.EINVAL;
            } else {
                errno = Errno.EIO;
            }
        }
        return new KernelError(errno, path + ": " + errno.text);
    }

    @EmulatorOnly("every row of /proc/diskstats at once, each as diskstats_show prints it")
    @Override
    public synchronized List<String> diskstats() {
        List<FileBlockDevice> sorted = new ArrayList<>(disks.values());
        sorted.sort((a, b) -> a.major() != b.major() ? Integer.compare(a.major(), b.major()) : Integer.compare(a.minor(), b.minor()));
        List<String> out = new ArrayList<>();
        for (FileBlockDevice d : sorted) {
            out.add(d.diskstatsLine());
            List<PartitionDevice> ps = new ArrayList<>();
            for (PartitionDevice p : parts.values()) {
                if (p.bdContains() == d && p.capacity() > 0) {
                    ps.add(p);
                }
            }
            ps.sort((a, b) -> Integer.compare(a.minor(), b.minor()));
            for (PartitionDevice p : ps) {
                out.add(p.diskstatsLine());
            }
        }
        return out;
    }
}
