package linux.mm.swapfile.internal;

import static linux.arch.x86.PageGeometry.PAGE_SIZE;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongUnaryOperator;
import linux.kernel.Errno;
import linux.kernel.KernelError;
import linux.mm.page.SwapHeader;
import linux.mm.page.SwapInfoStruct.SwapFile;
import linux.mm.page.Vfs;

/**
 * Test double: a regular file on an emulated file system whose block map the test
 * chooses (fragmented, misaligned, with holes), holding only its header page.
 */
final class FakeSwapFile implements SwapFile {
    final String path;
    final long size;
    final int blkbits;
    final LongUnaryOperator bmap;
    final byte[] header;
    boolean swapfile;

    FakeSwapFile(String path, long size, int blkbits, LongUnaryOperator bmap, SwapHeader header) {
        this.path = path;
        this.size = size;
        this.blkbits = blkbits;
        this.bmap = bmap;
        this.header = header.page().clone();
    }

    /** A Vfs that knows only the given fake files. */
    static Vfs vfs(FakeSwapFile... files) {
        Map<String, FakeSwapFile> m = new ConcurrentHashMap<>();
        for (FakeSwapFile f : files) {
            m.put(f.path, f);
        }
        return name -> {
            FakeSwapFile f = m.get(name);
            if (f == null) {
                throw new KernelError(Errno.ENOENT, name + ": " + Errno.ENOENT.text);
            }
            return f;
        };
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
        return size;
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
        if (index == 0) {
            System.arraycopy(header, 0, dst, 0, PAGE_SIZE);
        } else {
            java.util.Arrays.fill(dst, (byte) 0);
        }
        return 0;
    }

    @Override
    public linux.block.BlockDevice bdev() {
        return null;
    }

    @Override
    public boolean isSwapfile() {
        return swapfile;
    }

    @Override
    public void setSwapfile(boolean on) {
        swapfile = on;
    }

    @Override
    public void close() {
    }
}
