/**
 * The block layer's contract (linux-2.6.20 {@code include/linux/bio.h},
 * {@code include/linux/blkdev.h}, {@code fs/bio.c}, {@code block/ll_rw_blk.c}): block
 * devices, bios and their asynchronous completion.
 *
 * <h2>Contract</h2>
 * <ul>
 * <li>Open a device with {@link linux.block.BlockDevices#open}: an image file (whole disk,
 *     or one partition window of it) or a real block-device node. Failures are
 *     {@link linux.kernel.KernelError}s with the kernel's errno (ENOENT, EISDIR, EINVAL,
 *     EACCES, EIO). {@link linux.block.BlockDevice#bdClaim} gives {@code -EBUSY} for a
 *     device (or the disk of a partition) another holder has claimed;
 *     {@link linux.block.BlockDevice#setBlocksize} and {@code blockSize()} are the soft
 *     block size; {@code capacity()} is in 512-byte sectors; {@code close()} is
 *     {@code blkdev_put} and the last close waits for all I/O.</li>
 * <li>Build a {@link linux.block.Bio} with {@link linux.block.Bio#bioAlloc} and
 *     {@code bioAddPage(pfn, len, offset)}, set {@code biSector}, {@code biBdev},
 *     {@code biEndIo}, {@code biPrivate}, and call
 *     {@link linux.block.BlockLayer#submitBio}. It returns at once. Every submitted bio
 *     is ended exactly once with {@code biSize == 0} (possibly after partial completions
 *     that leave {@code biSize > 0}), on the device's completion thread, never on the
 *     submitter's, unless the disk was opened with
 *     {@link linux.block.BdevOptions.Completion#SUBMITTER}: such a disk (2.6.20's RAM-disk
 *     shape, drivers/block/rd.c) moves the data and ends the bio inside submitBio, on the
 *     submitter's thread in process context ({@code in_interrupt()} false). An error
 *     (injected, host I/O failure, past the end of the device) arrives as
 *     {@code error = -EIO} with BIO_UPTODATE cleared.</li>
 * <li>Bios are queued and merged while the queue is plugged; a BIO_RW_SYNC bio, the
 *     fourth queued request, {@link linux.block.BlockDevice#unplug()} or 3 ms unplug the
 *     queue. A waiter that depends on queued I/O should unplug (as 2.6.20's
 *     {@code sync_page} does).</li>
 * <li>bi_end_io runs in "interrupt context": it must not block, must not submit I/O and
 *     wait for it, and must not close the device.
 *     {@link linux.block.BlockDevice#inCompletionContext()} tells it where it runs. On a
 *     submitter-completing disk it runs with the submitter's locks held, so a submitter
 *     must not hold a lock its bi_end_io takes.</li>
 * <li>{@link linux.block.ManualDevice} completes bios only when a test says so.</li>
 * </ul>
 *
 * <h2>Locking</h2>
 * Each disk's request queue has one lock ({@code queue_lock}), taken inside
 * {@code submitBio} and by the device's threads; it is never held while bi_end_io runs
 * or while data moves. Claims take the global {@code bdev_lock} (innermost, never held
 * across other locks). The device table ({@link linux.block.BlockDevices}) has its own
 * lock, taken by open and close only, never from a completion thread. Callers may hold
 * any mm lock (page lock, swap_lock) while calling {@code submitBio} of a disk with a
 * completion thread: it only blocks when 128 requests of one direction are already
 * queued, and then only until the device completes some, which needs no mm lock. A
 * submitter-completing disk never blocks on its queue but runs bi_end_io inline (see
 * above).
 */
package linux.block;
