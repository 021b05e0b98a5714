package linux.mm.swapstate.internal;

import static linux.arch.x86.PageGeometry.PAGE_SHIFT;
import static linux.arch.x86.PageGeometry.PAGE_SIZE;
import static linux.mm.page.Page.pageCount;
import static linux.mm.page.PageFlags.pageError;
import static linux.mm.page.PageFlags.pageUptodate;
import static linux.mm.page.PageFlags.testSetPageLocked;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.LongUnaryOperator;
import java.util.stream.Stream;
import linux.block.BdevOptions;
import linux.block.BlockDevice;
import linux.kernel.Errno;
import linux.kernel.KernelError;
import linux.mm.page.Filemap;
import linux.mm.page.Gfp;
import linux.mm.page.Page;
import linux.mm.page.SwapExtent;
import linux.mm.page.SwapHeader;
import linux.mm.page.SwapInfoStruct;
import linux.mm.page.Swapops;
import linux.mm.page.VmEventItem;
import linux.mm.page.WritebackControl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Swap-out and swap-in through real files: N distinct pages go out through add_to_swap and
 * swap_writepage, leave memory, and come back through read_swap_cache_async byte for byte.
 * Over a disk with a completion thread and over one that completes in the submitter,
 * buffered and O_DIRECT, with the swap file's blocks in order or scattered over a larger
 * image (so map_swap_page walks several extents), and once through the host VFS as a
 * user's swapon would see a file.
 */
class SwapRoundTripTest {
    /** Pages of the swap file. */
    private static final int FILE_PAGES = 80;
    /** Pages sent out and read back. */
    private static final int N = 64;
    /** Pages per run of the scattered layouts. */
    private static final int RUN = 5;

    @TempDir
    Path dir;

    private SwapMachine m;

    @AfterEach
    void finish() {
        if (m != null) {
            m.finish();
        }
    }

    /** Where the swap file's pages lie in the image. */
    enum Layout {
        /** Page i of the file is page i of the image: one extent. */
        CONTIGUOUS(PAGE_SHIFT),
        /** Runs of RUN pages in reverse order, one unused page between runs: page-sized blocks. */
        SCATTERED(PAGE_SHIFT),
        /** The same runs on a file system with 1 KiB blocks (four blocks per page). */
        SCATTERED_1K(10);

        final int blkbits;

        Layout(int blkbits) {
            this.blkbits = blkbits;
        }

        /** The image page holding file page {@code page}. */
        long imagePage(long page) {
            if (this == CONTIGUOUS) {
                return page;
            }
            long runs = (FILE_PAGES + RUN - 1) / RUN;
            long run = page / RUN;
            return 1 + (runs - 1 - run) * (RUN + 1) + page % RUN;
        }

        long imagePages() {
            return this == CONTIGUOUS ? FILE_PAGES : 1 + (FILE_PAGES + RUN - 1) / RUN * (RUN + 1);
        }

        /** bmap: file block to image block. */
        LongUnaryOperator bmap() {
            int shift = PAGE_SHIFT - blkbits;
            long perPage = 1L << shift;
            return block -> (imagePage(block >> shift) << shift) + (block & (perPage - 1));
        }
    }

    static Stream<Arguments> devices() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (BdevOptions.Completion c : BdevOptions.Completion.values()) {
            for (boolean direct : new boolean[] {false, true}) {
                for (Layout l : Layout.values()) {
                    b.add(Arguments.of(c, direct, l));
                }
            }
        }
        return b.build();
    }

    private static DiskSwapFile.Blocks imageBlocks(Path img) {
        return new DiskSwapFile.Blocks() {
            @Override
            public void read(long byteOffset, byte[] dst) {
                try (RandomAccessFile f = new RandomAccessFile(img.toFile(), "r")) {
                    f.seek(byteOffset);
                    f.readFully(dst);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public void write(long byteOffset, byte[] src) {
                try (RandomAccessFile f = new RandomAccessFile(img.toFile(), "rw")) {
                    f.seek(byteOffset);
                    f.write(src);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }

    @ParameterizedTest(name = "{0} direct={1} {2}")
    @MethodSource("devices")
    void roundTrip_pagesComeBackByteIdentical(BdevOptions.Completion completion, boolean direct, Layout layout)
            throws IOException {
        m = new SwapMachine("mem=16M");
        Path img = dir.resolve("image");
        try (RandomAccessFile f = new RandomAccessFile(img.toFile(), "rw")) {
            f.setLength(layout.imagePages() << PAGE_SHIFT);
        }
        BlockDevice dev;
        try {
            dev = m.k.blockDevices().open(img, BdevOptions.defaults().withCompletion(completion).withDirect(direct));
        } catch (KernelError e) {
            Assumptions.assumeFalse(direct && e.errno() == Errno.EINVAL, "O_DIRECT refused here: " + e.getMessage());
            throw e;
        }
        m.closeAtEnd(dev);
        DiskSwapFile file = new DiskSwapFile("/swapfile", dev, imageBlocks(img), FILE_PAGES, layout.blkbits,
                layout.bmap());
        m.swapon(file, FILE_PAGES);
        SwapInfoStruct si = m.sf.getSwapInfoStruct(0);
        int extents = 0;
        for (SwapExtent se = si.extentList.next; se != si.extentList; se = se.next) {
            extents++;
        }
        assertEquals(layout == Layout.CONTIGUOUS ? 1 : (FILE_PAGES + RUN - 1) / RUN, extents);
        int[] entry = roundTrip(file, 1000 * completion.ordinal() + (direct ? 100 : 0) + layout.ordinal());
        // The data sits where the block map says, not where the slot number would put it.
        for (int i = 0; i < N; i++) {
            long off = Swapops.swpOffset(entry[i]);
            byte[] onDisk = new byte[PAGE_SIZE];
            file.readPage(off, onDisk);
            assertArrayEquals(expected[i], onDisk, "slot " + off + " in the image");
        }
    }

    /** A swap file made by the user, opened through the host VFS (HostVfs): one extent, completion thread. */
    @Test
    void roundTrip_hostFileThroughTheHostVfs() throws IOException {
        m = new SwapMachine("mem=16M");
        Path img = dir.resolve("swapfile");
        SwapHeader h = SwapHeader.empty();
        h.writeV1(FILE_PAGES - 1, new byte[16], "");
        try (RandomAccessFile f = new RandomAccessFile(img.toFile(), "rw")) {
            f.setLength((long) FILE_PAGES << PAGE_SHIFT);
            f.write(h.page());
        }
        m.swaponPath(img.toString());
        int[] entry = roundTrip(null, 7);
        try (RandomAccessFile f = new RandomAccessFile(img.toFile(), "r")) {
            for (int i = 0; i < N; i++) {
                byte[] onDisk = new byte[PAGE_SIZE];
                f.seek((long) Swapops.swpOffset(entry[i]) << PAGE_SHIFT);
                f.readFully(onDisk);
                assertArrayEquals(expected[i], onDisk);
            }
        }
    }

    private byte[][] expected;

    /**
     * Swap N distinct pages out and back in. Out: add_to_swap, a swap pte's reference (as
     * try_to_unmap takes), clear_page_dirty_for_io, swap_writepage, wait for writeback; then
     * the page leaves the cache and memory (its frame is wiped before it is freed). In: all
     * N reads are started with read_swap_cache_async, then each page is waited for with
     * lock_page, compared, and its pte reference dropped as do_swap_page's swap_free does.
     * Returns the entries.
     */
    private int[] roundTrip(DiskSwapFile file, long seed) {
        expected = new byte[N][];
        int[] entry = new int[N];
        Page[] out = new Page[N];
        for (int i = 0; i < N; i++) {
            Page p = m.filled(seed * N + i);
            expected[i] = m.frame(p);
            assertFalse(testSetPageLocked(p));
            assertEquals(1, m.cache.addToSwap(p, Gfp.GFP_ATOMIC));
            entry[i] = Page.pagePrivate(p);
            assertEquals(1, m.sf.swapDuplicate(entry[i]));
            m.pteRefs.addToValue(entry[i], 1);
            assertEquals(1, m.pw.clearPageDirtyForIo(p));
            assertEquals(0, m.io.swapWritepage(p, WritebackControl.forReclaim(32)));
            out[i] = p;
        }
        for (Page p : out) {
            Filemap.waitOnPageWriteback(p);
            assertFalse(pageError(p));
        }
        assertEquals(N, m.pa.vmstat().vmEvent(VmEventItem.PSWPOUT));
        assertEquals((long) N * 8, m.pa.vmstat().vmEvent(VmEventItem.PGPGOUT));
        for (Page p : out) {
            Filemap.lockPage(p);
            m.cache.deleteFromSwapCache(p);
            Filemap.unlockPage(p);
            m.ram.clearFrame(p.pfn);
            m.held.remove(p);
            m.swap.pageCacheRelease(p);
            assertEquals(0, pageCount(p), "freed");
        }
        assertEquals(0, m.cache.totalSwapcachePages());
        Page[] in = new Page[N];
        for (int i = 0; i < N; i++) {
            assertEquals(1, m.swapMap(entry[i]), "only the pte holds the slot");
            in[i] = m.cache.readSwapCacheAsync(entry[i], null, 0);
            assertNotNull(in[i]);
            m.held.add(in[i]);
        }
        for (int i = 0; i < N; i++) {
            Filemap.lockPage(in[i]);
            assertTrue(pageUptodate(in[i]), "page " + i);
            assertArrayEquals(expected[i], m.frame(in[i]), "page " + i);
            Filemap.unlockPage(in[i]);
            m.dropPteRef(entry[i]);
        }
        assertEquals(N, m.pa.vmstat().vmEvent(VmEventItem.PSWPIN));
        assertEquals(N, m.cache.swapCacheInfo().addTotal - N, "N add_to_swap, then N swap-ins");
        return entry;
    }
}
