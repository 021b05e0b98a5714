package linux.mm.pageio.internal;

import static linux.arch.x86.PageGeometry.PAGE_SHIFT;
import static linux.arch.x86.PageGeometry.PAGE_SIZE;

import java.util.function.LongUnaryOperator;
import linux.block.BlockDevice;
import linux.mm.page.SwapInfoStruct.SwapFile;

/**
 * Test double: a regular file of an emulated file system that lives on {@code bdev}, with
 * the block map the test chooses (contiguous or scattered), so that swapon sees S_ISREG,
 * builds extents from {@code bmap}, and swap I/O goes to {@code bdev}. The header page is
 * read through {@link Blocks} (the file system's own read, not a bio), so the tests can
 * put a swap area on a {@link linux.block.ManualDevice} without completing a bio first.
 */
final class DiskSwapFile implements SwapFile {

    /** Positional access to the device's bytes, for the header read and for test setup. */
    interface Blocks {
        void read(long byteOffset, byte[] dst);

        void write(long byteOffset, byte[] src);
    }

    private final String path;
    private final BlockDevice bdev;
    private final Blocks blocks;
    private final long sizeBytes;
    private final int blkbits;
    private final LongUnaryOperator bmap;
    private boolean swapfile;

    DiskSwapFile(String path, BlockDevice bdev, Blocks blocks, long pages, int blkbits, LongUnaryOperator bmap) {
        this.path = path;
        this.bdev = bdev;
        this.blocks = blocks;
        this.sizeBytes = pages << PAGE_SHIFT;
        this.blkbits = blkbits;
        this.bmap = bmap;
    }

    /** The device byte that holds byte {@code pos} of the file. */
    long deviceOffset(long pos) {
        long block = pos >>> blkbits;
        return (bmap.applyAsLong(block) << blkbits) + (pos & ((1L << blkbits) - 1));
    }

    /** Writes PAGE_SIZE bytes at file page {@code index} (through the block map). */
    void writePage(long index, byte[] src) {
        int bs = 1 << blkbits;
        for (int off = 0; off < PAGE_SIZE; off += bs) {
            byte[] piece = new byte[bs];
            System.arraycopy(src, off, piece, 0, bs);
            blocks.write(deviceOffset((index << PAGE_SHIFT) + off), piece);
        }
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public Object mapping() {
        return this;
    }

    @Override
    public boolean isBlk() {
        return false;
    }

    @Override
    public boolean isReg() {
        return true;
    }

    @Override
    public long size() {
        return sizeBytes;
    }

    @Override
    public int blkbits() {
        return blkbits;
    }

    @Override
    public long bmap(long block) {
        return bmap.applyAsLong(block);
    }

    @Override
    public int readPage(long index, byte[] dst) {
        int bs = 1 << blkbits;
        byte[] piece = new byte[bs];
        for (int off = 0; off < PAGE_SIZE; off += bs) {
            blocks.read(deviceOffset((index << PAGE_SHIFT) + off), piece);
            System.arraycopy(piece, 0, dst, off, bs);
        }
        return 0;
    }

    @Override
    public BlockDevice bdev() {
        return bdev;
    }

    @Override
    public synchronized boolean isSwapfile() {
        return swapfile;
    }

    @Override
    public synchronized void setSwapfile(boolean on) {
        swapfile = on;
    }

    @Override
    public void close() {
    }
}
