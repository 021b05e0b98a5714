package linux.block;

import java.nio.file.Path;
import java.util.List;
import linux.arch.x86.PhysicalMemory;
import linux.kernel.Printk;

/**
 * The table of open block devices (2.6.20's bdev inode hash, {@code bdget} and
 * {@code blkdev_open}): opens a path as a block device and hands out one shared
 * {@link BlockDevice} per device, so that a claim taken through one open is seen by
 * every other. The devices transfer data to and from the machine's RAM given here.
 */
public interface BlockDevices {

    /**
     * Opens {@code path} as a block device: a regular file is an image used as a whole
     * disk (or, with {@link BdevOptions#withPartition}, as one partition of it); a block
     * device node is the real device. Opening a device already open returns the same
     * object with one more opener; each open needs one {@link BlockDevice#close()}.
     *
     * @throws linux.kernel.KernelError ENOENT (no such file), EISDIR (a directory),
     *         ENODEV (neither a regular file nor a block device), EACCES (no read/write
     *         permission), EINVAL (bad partition window, unknown elevator, O_DIRECT refused
     *         by the filesystem, or a size that is not a whole number of sectors), EIO
     *         (other I/O failure)
     */
    BlockDevice open(Path path, BdevOptions options);

    /** {@link #open(Path, BdevOptions)} with {@link BdevOptions#defaults()}. */
    default BlockDevice open(Path path) {
        return open(path, BdevOptions.defaults());
    }

    /** The rows of /proc/diskstats for every open device, disks followed by their partitions. */
    List<String> diskstats();

    /** The RAM bios transfer to and from. */
    PhysicalMemory ram();

    /** The block layer (of one kernel) whose devices this table opens. */
    BlockLayer blockLayer();

    /** A fresh table whose devices DMA into {@code ram} and belong to {@code blockLayer}. */
    static BlockDevices create(PhysicalMemory ram, BlockLayer blockLayer) {
        return new linux.block.internal.BdevRegistry(ram, blockLayer);
    }
}
