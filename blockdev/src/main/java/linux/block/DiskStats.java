package linux.block;

import linux.kernel.Mirrors;

/**
 * Mirrors linux-2.6.20 {@code struct disk_stats} plus {@code gendisk->in_flight}
 * ({@code include/linux/genhd.h}): the per-disk counters /proc/diskstats prints. Index 0
 * is READ, 1 is WRITE. Times are in milliseconds (the kernel keeps jiffies and prints
 * {@code jiffies_to_msecs}).
 *
 * <p>Updated under the device's queue lock by the block layer; {@link #snapshot()} gives a
 * consistent copy for readers.
 */
@Mirrors("disk_stats")
public final class DiskStats {
    /** Completed requests per direction ({@code ios}). */
    public final long[] ios = new long[2];
    /** Bios merged into an existing request ({@code merges}). */
    public final long[] merges = new long[2];
    /** Sectors transferred ({@code sectors}). */
    public final long[] sectors = new long[2];
    /** Milliseconds spent by completed requests, queue to completion ({@code ticks}). */
    public final long[] ticks = new long[2];
    /** Requests handed to the driver and not yet completed ({@code in_flight}). */
    public int inFlight;
    /** Milliseconds during which at least one request was in flight ({@code io_ticks}). */
    public long ioTicks;
    /** Weighted milliseconds: in-flight count times elapsed time ({@code time_in_queue}). */
    public long timeInQueue;

    /** A copy of the counters. */
    public synchronized DiskStats snapshot() {
        DiskStats s = new DiskStats();
        for (int i = 0; i < 2; i++) {
            s.ios[i] = ios[i];
            s.merges[i] = merges[i];
            s.sectors[i] = sectors[i];
            s.ticks[i] = ticks[i];
        }
        s.inFlight = inFlight;
        s.ioTicks = ioTicks;
        s.timeInQueue = timeInQueue;
        return s;
    }

    /**
     * The /proc/diskstats row of a whole disk, in the 2.6.20 format
     * ({@code "%4d %4d %s %lu %lu %llu %u %lu %lu %llu %u %u %u %u"}).
     */
    public static String formatDisk(int major, int minor, String name, DiskStats s) {
        return String.format("%4d %4d %s %d %d %d %d %d %d %d %d %d %d %d",
                major, minor, name,
                s.ios[0], s.merges[0], s.sectors[0], s.ticks[0],
                s.ios[1], s.merges[1], s.sectors[1], s.ticks[1],
                s.inFlight, s.ioTicks, s.timeInQueue);
    }

    /**
     * The /proc/diskstats row of a partition ({@code "%4d %4d %s %u %u %u %u"}: reads,
     * read sectors, writes, written sectors, counted when bios are remapped).
     */
    public static String formatPartition(int major, int minor, String name,
            long readIos, long readSectors, long writeIos, long writeSectors) {
        return String.format("%4d %4d %s %d %d %d %d", major, minor, name,
                readIos, readSectors, writeIos, writeSectors);
    }
}
