package linux.arch.x86;

import static linux.arch.x86.PageGeometry.PAGE_SHIFT;
import static linux.arch.x86.PageGeometry.PAGE_SIZE;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import linux.kernel.Mirrors;

/**
 * The machine's physical RAM: {@code nrFrames} page frames of 4 KiB, addressed by page
 * frame number (pfn). Page tables, user data and the buffers a disk controller DMAs
 * into all live here, exactly as on the real machine.
 *
 * <p>RAM is held off-heap in direct buffers aligned to PAGE_SIZE (so that O_DIRECT I/O
 * can transfer straight from and to a frame), split into chunks so that RAM larger than
 * 2 GiB works. Integer accesses are little-endian like the i386. 32- and 64-bit
 * accesses at naturally aligned offsets are atomic and have the ordering of a Java
 * volatile; the compare-and-set and get-and-set operations are what the MMU and
 * {@code ptep_get_and_clear} use to race safely on page-table entries.
 *
 * <p>Bad addresses (a pfn outside RAM, an offset outside the frame) throw
 * {@link IndexOutOfBoundsException}: they are emulator bugs, never user input.
 */
public final class PhysicalMemory {

    /** Frames per backing chunk: 64 Ki frames = 256 MiB. */
    private static final int CHUNK_SHIFT = 16;
    private static final int CHUNK_FRAMES = 1 << CHUNK_SHIFT;

    private static final VarHandle INT =
            MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG =
            MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final int nrFrames;
    private final ByteBuffer[] chunks;

    /**
     * Creates zero-filled RAM of {@code nrFrames} frames.
     *
     * @throws IllegalArgumentException if {@code nrFrames} is not positive
     */
    public PhysicalMemory(int nrFrames) {
        if (nrFrames <= 0) {
            throw new IllegalArgumentException("RAM must have at least one frame, not " + nrFrames);
        }
        this.nrFrames = nrFrames;
        int n = (nrFrames + CHUNK_FRAMES - 1) >>> CHUNK_SHIFT;
        this.chunks = new ByteBuffer[n];
        for (int i = 0; i < n; i++) {
            int frames = Math.min(CHUNK_FRAMES, nrFrames - (i << CHUNK_SHIFT));
            ByteBuffer raw = ByteBuffer.allocateDirect(frames * PAGE_SIZE + PAGE_SIZE);
            chunks[i] = raw.alignedSlice(PAGE_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        }
    }

    /** Creates RAM of {@code bytes} bytes, which must be a whole number of pages. */
    public static PhysicalMemory ofBytes(long bytes) {
        if (bytes <= 0 || (bytes & (PAGE_SIZE - 1)) != 0) {
            throw new IllegalArgumentException("RAM size must be a positive multiple of " + PAGE_SIZE + " bytes, not " + bytes);
        }
        long frames = bytes >>> PAGE_SHIFT;
        if (frames > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("RAM size too large: " + bytes + " bytes");
        }
        return new PhysicalMemory((int) frames);
    }

    /** Number of page frames; valid pfns are {@code 0 .. nrFrames()-1}. */
    public int nrFrames() {
        return nrFrames;
    }

    /** RAM size in bytes. */
    public long sizeBytes() {
        return (long) nrFrames << PAGE_SHIFT;
    }

    /** Whether {@code pfn} names a frame of this RAM (the i386 {@code pfn_valid}). */
    @Mirrors("pfn_valid")
    public boolean pfnValid(long pfn) {
        return pfn >= 0 && pfn < nrFrames;
    }

    private ByteBuffer chunk(int pfn) {
        if (pfn < 0 || pfn >= nrFrames) {
            throw new IndexOutOfBoundsException("pfn " + pfn + " outside RAM of " + nrFrames + " frames");
        }
        return chunks[pfn >>> CHUNK_SHIFT];
    }

    private static int index(int pfn, int offset, int width) {
        if (offset < 0 || offset > PAGE_SIZE - width) {
            throw new IndexOutOfBoundsException("offset " + offset + " (+" + width + ") outside a page");
        }
        return ((pfn & (CHUNK_FRAMES - 1)) << PAGE_SHIFT) + offset;
    }

    public byte readByte(int pfn, int offset) {
        return chunk(pfn).get(index(pfn, offset, 1));
    }

    public void writeByte(int pfn, int offset, byte value) {
        chunk(pfn).put(index(pfn, offset, 1), value);
    }

    /** Reads a little-endian 32-bit word; atomic when {@code offset} is 4-aligned. */
    public int readInt(int pfn, int offset) {
        ByteBuffer c = chunk(pfn);
        int i = index(pfn, offset, 4);
        return (i & 3) == 0 ? (int) INT.getVolatile(c, i) : c.getInt(i);
    }

    /** Writes a little-endian 32-bit word; atomic when {@code offset} is 4-aligned. */
    public void writeInt(int pfn, int offset, int value) {
        ByteBuffer c = chunk(pfn);
        int i = index(pfn, offset, 4);
        if ((i & 3) == 0) {
            INT.setVolatile(c, i, value);
        } else {
            c.putInt(i, value);
        }
    }

    /** Reads a little-endian 64-bit word; atomic when {@code offset} is 8-aligned. */
    public long readLong(int pfn, int offset) {
        ByteBuffer c = chunk(pfn);
        int i = index(pfn, offset, 8);
        return (i & 7) == 0 ? (long) LONG.getVolatile(c, i) : c.getLong(i);
    }

    /** Writes a little-endian 64-bit word; atomic when {@code offset} is 8-aligned. */
    public void writeLong(int pfn, int offset, long value) {
        ByteBuffer c = chunk(pfn);
        int i = index(pfn, offset, 8);
        if ((i & 7) == 0) {
            LONG.setVolatile(c, i, value);
        } else {
            c.putLong(i, value);
        }
    }

    /** Atomic exchange of an aligned 32-bit word (the i386 {@code xchg}). */
    public int getAndSetInt(int pfn, int offset, int value) {
        return (int) INT.getAndSet(chunk(pfn), aligned(pfn, offset, 4), value);
    }

    /** Atomic exchange of an aligned 64-bit word ({@code cmpxchg8b} loop under PAE). */
    public long getAndSetLong(int pfn, int offset, long value) {
        return (long) LONG.getAndSet(chunk(pfn), aligned(pfn, offset, 8), value);
    }

    public boolean compareAndSetInt(int pfn, int offset, int expected, int value) {
        return INT.compareAndSet(chunk(pfn), aligned(pfn, offset, 4), expected, value);
    }

    public boolean compareAndSetLong(int pfn, int offset, long expected, long value) {
        return LONG.compareAndSet(chunk(pfn), aligned(pfn, offset, 8), expected, value);
    }

    /** Atomically ORs {@code bits} into an aligned 32-bit word (a locked {@code or}); returns the old value. */
    public int getAndBitwiseOrInt(int pfn, int offset, int bits) {
        return (int) INT.getAndBitwiseOr(chunk(pfn), aligned(pfn, offset, 4), bits);
    }

    /** Atomically ORs {@code bits} into an aligned 64-bit word; returns the old value. */
    public long getAndBitwiseOrLong(int pfn, int offset, long bits) {
        return (long) LONG.getAndBitwiseOr(chunk(pfn), aligned(pfn, offset, 8), bits);
    }

    /** Atomically ANDs {@code mask} into an aligned 32-bit word (a locked {@code and}); returns the old value. */
    public int getAndBitwiseAndInt(int pfn, int offset, int mask) {
        return (int) INT.getAndBitwiseAnd(chunk(pfn), aligned(pfn, offset, 4), mask);
    }

    /** Atomically ANDs {@code mask} into an aligned 64-bit word; returns the old value. */
    public long getAndBitwiseAndLong(int pfn, int offset, long mask) {
        return (long) LONG.getAndBitwiseAnd(chunk(pfn), aligned(pfn, offset, 8), mask);
    }

    private static int aligned(int pfn, int offset, int width) {
        if ((offset & (width - 1)) != 0) {
            throw new IllegalArgumentException("atomic access at unaligned offset " + offset);
        }
        return index(pfn, offset, width);
    }

    /** Copies {@code length} bytes from {@code src[srcOff..]} into frame {@code pfn} at {@code offset}. */
    public void write(int pfn, int offset, byte[] src, int srcOff, int length) {
        ByteBuffer c = chunk(pfn);
        int i = index(pfn, offset, length);
        c.put(i, src, srcOff, length);
    }

    /** Copies {@code length} bytes from frame {@code pfn} at {@code offset} into {@code dst[dstOff..]}. */
    public void read(int pfn, int offset, byte[] dst, int dstOff, int length) {
        ByteBuffer c = chunk(pfn);
        int i = index(pfn, offset, length);
        c.get(i, dst, dstOff, length);
    }

    /** Fills a whole frame with zeroes ({@code clear_page}). */
    public void clearFrame(int pfn) {
        ByteBuffer c = chunk(pfn);
        int base = index(pfn, 0, PAGE_SIZE);
        for (int i = 0; i < PAGE_SIZE; i += 8) {
            c.putLong(base + i, 0L);
        }
    }

    /** Copies frame {@code srcPfn} over frame {@code dstPfn} ({@code copy_page}). */
    public void copyFrame(int srcPfn, int dstPfn) {
        ByteBuffer dst = buffer(dstPfn, 0, PAGE_SIZE);
        dst.put(buffer(srcPfn, 0, PAGE_SIZE));
    }

    /**
     * A view of {@code length} bytes of frame {@code pfn} from {@code offset}, sharing
     * this RAM (writes through the view are writes to RAM). Position 0, limit
     * {@code length}, little-endian. This is what a disk controller's DMA uses: block
     * devices pass it to {@code FileChannel} reads and writes.
     */
    public ByteBuffer buffer(int pfn, int offset, int length) {
        ByteBuffer c = chunk(pfn);
        int i = index(pfn, offset, length);
        return c.slice(i, length).order(ByteOrder.LITTLE_ENDIAN);
    }
}
