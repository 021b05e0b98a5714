package linux.block.internal;

import linux.kernel.EmulatorOnly;
import linux.kernel.KernelBug;
import java.util.concurrent.atomic.AtomicLongArray;
import linux.block.Bio;
import linux.block.BlockDevice;
import linux.block.DiskStats;
import linux.block.FaultInjection;
import linux.kernel.Mirrors;
import linux.kernel.Printk;

/**
 * Mirrors linux-2.6.20 {@code struct hd_struct} with its {@code struct block_device}: a
 * window of sectors on a whole disk. Bios naming it are remapped onto the disk by
 * {@code blk_partition_remap}, which also counts them here. State: the window and the
 * partition's I/O counters.
 */
@Mirrors("hd_struct")
public final class PartitionDevice extends BlockDevice {
    private final FileBlockDevice disk;
    private final long startSect;
    private final long nrSects;
    private final AtomicLongArray ios = new AtomicLongArray(2);
    private final AtomicLongArray sectors = new AtomicLongArray(2);
    private final Runnable onClose;
    /** Openers; guarded by the registry's lock. */
    int openers = 1;

    PartitionDevice(String name, int minor, FileBlockDevice disk, long startSect, long nrSects, Runnable onClose) {
        super(name, disk.major(), minor, disk, disk.blockLayer());
        this.disk = disk;
        this.startSect = startSect;
        this.nrSects = nrSects;
        this.onClose = onClose;
        bdSetSize(nrSects << SECTOR_SHIFT);
    }

    @EmulatorOnly("the partition's size in sectors (a getter)")
    @Override
    public long capacity() {
        return nrSects;
    }

    @Mirrors("start_sect")
    @Override
    public long startSect() {
        return startSect;
    }

    @Override
    protected void partitionAccount(int rw, int nr) {
        ios.incrementAndGet(rw);
        sectors.addAndGet(rw, nr);
    }

    @EmulatorOnly("the partition's make_request: the whole disk's (blk_partition_remap has moved the bio there)")
    @Override
    public int makeRequest(Bio bio) {
        throw new KernelBug("make_request on partition " + name() + " (bios are remapped onto the disk)");
    }

    @EmulatorOnly("completes a bio on the whole disk's completion thread, where bio_endio runs")
    @Override
    public void bioEndioAsync(Bio bio, int error) {
        disk.bioEndioAsync(bio, error);
    }

    @EmulatorOnly("unplugs the whole disk's queue")
    @Override
    public void unplug() {
        disk.unplug();
    }

    @Mirrors("sync_blockdev")
    @Override
    public int syncBlockdev() {
        return disk.syncBlockdev();
    }

    /** The whole disk's counters (the partition keeps only reads/writes and sectors). */
    @EmulatorOnly("the partition's counters (struct hd_struct)")
    @Override
    public DiskStats diskStats() {
        DiskStats s = new DiskStats();
        for (int i = 0; i < 2; i++) {
            s.ios[i] = ios.get(i);
            s.sectors[i] = sectors.get(i);
        }
        return s;
    }

    @EmulatorOnly("this partition's row of /proc/diskstats, as diskstats_show prints it")
    @Override
    public String diskstatsLine() {
        return DiskStats.formatPartition(major(), minor(), name(), ios.get(0), sectors.get(0), ios.get(1), sectors.get(1));
    }

    @EmulatorOnly("the whole disk's fault-injection settings")
    @Override
    public FaultInjection faults() {
        return disk.faults();
    }

    @Override
    protected Thread completionThread() {
        return disk.completionThread();
    }

    @EmulatorOnly("one opener's blkdev_put")
    @Override
    public void close() {
        onClose.run();
    }
}
