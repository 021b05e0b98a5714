package linux.mm.swapfile.internal;

import static linux.arch.x86.PageGeometry.PAGE_SIZE;
import static linux.mm.page.SwapInfoStruct.SWAP_FLAG_PREFER;
import static linux.mm.page.SwapInfoStruct.SWAP_MAP_BAD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import linux.kernel.Errno;
import linux.init.HostVfs;
import linux.mm.page.SwapExtent;
import linux.mm.page.SwapHeader;
import linux.mm.page.SwapInfoStruct;
import linux.mm.page.Swapops;
import linux.mm.page.VmEventItem;
import linux.mm.swapfile.SwapInvariants;
import linux.kernel.Printk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sys_swapon's checks and messages (kernel-2.6.20.md §2.6, §3c), extents and map_swap_page. */
class SwaponTest {

    @TempDir
    Path dir;

    SwapfileTestKernel k;
    Printk.Buffer log;
    Swapfile sf;

    @AfterEach
    void swapMapAccountingHolds() {
        assertEquals(List.of(), SwapInvariants.check(sf), "kernel-2.6.20.md §4.3");
    }

    @BeforeEach
    void boot() {
        k = SwapfileTestKernel.boot("");
        log = k.printk();
        sf = k.sf();
    }

    /**
     * Asserts that swapon fails with {@code errno} and exactly the kernel log
     * {@code printk} (the one error channel: what the kernel returns and prints), twice in a
     * row, with the state untouched.
     */
    void assertRefused(Errno errno, String path, int flags, List<String> printk) {
        long nr = sf.nrSwapPages();
        String proc = sf.procSwaps();
        for (int attempt = 0; attempt < 2; attempt++) {
            log.clear();
            assertEquals(errno.negative(), sf.sysSwapon(path, flags));
            assertEquals(printk, log.lines());
        }
        assertEquals(nr, sf.nrSwapPages());
        assertEquals(proc, sf.procSwaps());
        for (int t = 0; t < sf.nrSwapfiles(); t++) {
            SwapInfoStruct si = sf.getSwapInfoStruct(t);
            if (si.flags == 0) {
                assertNull(si.swapMap);
                assertNull(si.swapFile);
                assertTrue(si.extentList.isEmpty());
            }
        }
    }

    String file(long pages, long lastPage, SwapAreas.Edit edit) throws IOException {
        return SwapAreas.withHeader(dir, "swap" + System.nanoTime(), pages, lastPage, edit).toString();
    }

    @Test
    void sysSwapon_missingFileIsENOENT() {
        String p = dir.resolve("nope").toString();
        assertRefused(Errno.ENOENT, p, 0, List.of());
    }

    @Test
    void sysSwapon_fileAsDirectoryComponentIsENOTDIR() throws IOException {
        String p = file(12, 11, h -> { }) + "/swap";
        assertRefused(Errno.ENOTDIR, p, 0, List.of());
        assertEquals(Errno.ENOTDIR.negative(), sf.sysSwapoff(p));
        String slash = file(12, 11, h -> { }) + "/";
        assertRefused(Errno.ENOTDIR, slash, 0, List.of());
    }

    @Test
    void sysSwapon_directoryIsEISDIR() {
        assertRefused(Errno.EISDIR, dir.toString(), 0, List.of());
    }

    @Test
    void sysSwapon_neitherFileNorDeviceIsEINVAL() {
        Path devNull = Path.of("/dev/null");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(devNull), "no /dev/null on this host");
        assertRefused(Errno.EINVAL, "/dev/null", 0, List.of());
    }

    @Test
    void sysSwapon_version0MagicRefused() throws IOException {
        String p = file(16, 15, h -> h.setMagic(SwapHeader.SWAP_SPACE));
        String msg = "version 0 swap is no longer supported. Use mkswap -v1 " + p;
        assertRefused(Errno.EINVAL, p, 0, List.of("<3>" + msg));
    }

    @Test
    void sysSwapon_missingSignatureRefused() throws IOException {
        String p = file(16, 15, h -> h.setMagic("SWAPSPACE3"));
        String msg = "Unable to find swap-space signature";
        assertRefused(Errno.EINVAL, p, 0, List.of("<3>" + msg));
        String empty = dir.resolve("empty").toString();
        Files.createFile(dir.resolve("empty"));
        assertRefused(Errno.EINVAL, empty, 0, List.of("<3>" + msg));
    }

    @Test
    void sysSwapon_versionOtherThanOneRefused() throws IOException {
        String p = file(16, 15, h -> h.setVersion(2));
        assertRefused(Errno.EINVAL, p, 0, List.of("<4>Unable to handle swap header version 2"));
        String q = file(16, 15, h -> h.setVersion(-1));
        assertRefused(Errno.EINVAL, q, 0, List.of("<4>Unable to handle swap header version -1"));
    }

    @Test
    void sysSwapon_lastPageZeroRefusedSilently() throws IOException {
        String p = file(16, 0, h -> { });
        assertRefused(Errno.EINVAL, p, 0, List.of());
        // One page after the header is an area: it is last_page 0 that was refused.
        assertEquals(0, sf.sysSwapon(file(16, 2, h -> { }), 0));
    }

    @Test
    void sysSwapon_areaShorterThanSignatureRefused() throws IOException {
        String p = file(16, 17, h -> { });
        String msg = "Swap area shorter than signature indicates";
        assertRefused(Errno.EINVAL, p, 0, List.of("<4>" + msg));
        // last_page = file pages is still accepted (maxpages == swapfilesize).
        String q = file(16, 16, h -> { });
        assertEquals(0, sf.sysSwapon(q, 0));
    }

    @Test
    void sysSwapon_hugeLastPageIsShorterThanSignature() throws IOException {
        String p = file(16, 0xFFFFFFFFL, h -> { });
        assertRefused(Errno.EINVAL, p, 0, List.of("<4>Swap area shorter than signature indicates"));
    }

    @Test
    void sysSwapon_badPagesRefusedOnRegularFile() throws IOException {
        String p = file(16, 15, h -> {
            h.setNrBadpages(1);
            h.setBadpage(0, 3);
        });
        assertRefused(Errno.EINVAL, p, 0, List.of());
        // The same header on a partition is accepted: the bad-page list is what a regular file may not have.
        String q = partition(16, 15, h -> {
            h.setNrBadpages(1);
            h.setBadpage(0, 3);
        });
        assertEquals(0, sf.sysSwapon(q, 0));
        assertEquals(SWAP_MAP_BAD, sf.getSwapInfoStruct(0).swapMap[3]);
    }

    @Test
    void sysSwapon_emptyAreaRefused() throws IOException {
        String p = file(16, 1, h -> { });
        assertRefused(Errno.EINVAL, p, 0, List.of("<4>Empty swap-file"));
    }

    @Test
    void sysSwapon_sameFileTwiceIsEBUSY() throws IOException {
        String p = file(16, 15, h -> { });
        assertEquals(0, sf.sysSwapon(p, 0));
        assertRefused(Errno.EBUSY, p, 0, List.of());
        Path link = dir.resolve("link");
        Files.createSymbolicLink(link, Path.of(p));
        assertRefused(Errno.EBUSY, link.toString(), 0, List.of());
    }

    @Test
    void sysSwapon_inodeAlreadySwapfileIsEBUSY() {
        SwapHeader h = SwapHeader.empty();
        h.writeV1(15, new byte[16], "");
        FakeSwapFile f = new FakeSwapFile("/fake", 16 * PAGE_SIZE, 12, b -> b, h);
        f.swapfile = true;
        sf = k.swapfileOver(FakeSwapFile.vfs(f));
        assertRefused(Errno.EBUSY, "/fake", 0, List.of());
        // Once the inode is no swap file any more it is accepted, and becomes one.
        f.swapfile = false;
        assertEquals(0, sf.sysSwapon("/fake", 0));
        assertTrue(f.swapfile, "S_SWAPFILE set on success");
        assertEquals(0, sf.sysSwapoff("/fake"));
        assertFalse(f.swapfile, "and cleared by swapoff");
    }

    @Test
    void sysSwapon_thirtyThirdAreaIsEPERM() throws IOException {
        for (int i = 0; i < 32; i++) {
            assertEquals(0, sf.sysSwapon(file(4, 3, h -> { }), 0));
        }
        assertEquals(32, sf.nrSwapfiles());
        assertEquals(-32, sf.getSwapInfoStruct(31).prio);
        String p = file(4, 3, h -> { });
        assertRefused(Errno.EPERM, p, 0, List.of());
        // Freeing one slot makes room again, in that slot.
        assertEquals(0, sf.sysSwapoff(sf.getSwapInfoStruct(5).swapFile.path()));
        assertEquals(0, sf.sysSwapon(p, 0));
        assertEquals(Path.of(p).toRealPath().toString(), sf.getSwapInfoStruct(5).swapFile.path());
    }

    @Test
    void sysSwapon_failureGivesBackAutomaticPriority() throws IOException {
        String bad = file(16, 1, h -> { });
        assertEquals(Errno.EINVAL.negative(), sf.sysSwapon(bad, 0));
        assertEquals(Errno.EINVAL.negative(), sf.sysSwapon(bad, SWAP_FLAG_PREFER | 7));
        assertEquals(0, sf.sysSwapon(file(16, 15, h -> { }), 0));
        assertEquals(-1, sf.getSwapInfoStruct(0).prio);
        assertEquals(0, sf.sysSwapon(file(16, 15, h -> { }), SWAP_FLAG_PREFER | 0x7fff));
        assertEquals(0x7fff, sf.getSwapInfoStruct(1).prio);
        assertEquals(1, sf.swapList.head);
        assertEquals(0, sf.sysSwapon(file(16, 15, h -> { }), 0));
        assertEquals(-2, sf.getSwapInfoStruct(2).prio);
        assertEquals(0, sf.getSwapInfoStruct(1).next);
        assertEquals(2, sf.getSwapInfoStruct(0).next);
    }

    @Test
    void sysSwapon_lastPageBeyondArchLimitIsClamped() throws IOException {
        // 64 GiB + 4 pages, sparse: more than a non-PAE swap pte can address.
        long pages = (1L << 24) + 4;
        String p = file(pages, 0xFFFFFFFFL, h -> { });
        assertEquals(0, sf.sysSwapon(p, 0));
        SwapInfoStruct si = sf.getSwapInfoStruct(0);
        assertEquals(16_777_214, si.max);
        assertEquals(16_777_213, si.pages);
        assertEquals("<6>Adding 67108852k swap on " + p + ".  Priority:-1 extents:1 across:67108852k", log.lines().get(0));
        assertEquals(0, sf.sysSwapoff(p));

        // PAE ptes hold 27 offset bits: the same header is now limited by the file size.
        SwapfileTestKernel paeKernel = SwapfileTestKernel.boot("pae=1");
        Swapfile pae = paeKernel.sf();
        assertEquals(Errno.EINVAL.negative(), pae.sysSwapon(p, 0));
        assertEquals(List.of("<4>Swap area shorter than signature indicates"), paeKernel.printk().lines());
        String q = file(pages, pages - 1, h -> { });
        assertEquals(0, pae.sysSwapon(q, 0));
        assertEquals(pages - 1, pae.getSwapInfoStruct(0).max);
    }

    @Test
    void setupSwapExtents_fragmentedFileBuildsExtentsAndMapSwapPageFollowsThem() {
        SwapHeader h = SwapHeader.empty();
        h.writeV1(9, new byte[16], "");
        long[] blocks = {100, 101, 102, 50, 51, 200, 300, 301, 302, 303};
        FakeSwapFile f = new FakeSwapFile("/frag", 10 * PAGE_SIZE, 12, b -> blocks[(int) b], h);
        sf = k.swapfileOver(FakeSwapFile.vfs(f));
        assertEquals(0, sf.sysSwapon("/frag", 0));
        assertEquals(List.of("<6>Adding 32k swap on /frag.  Priority:-1 extents:4 across:1012k"), log.lines());
        SwapInfoStruct si = sf.getSwapInfoStruct(0);
        assertEquals(9, si.max);
        assertEquals(8, si.pages);
        StringBuilder ext = new StringBuilder();
        for (SwapExtent se = si.extentList.next; se != si.extentList; se = se.next) {
            ext.append(se.startPage).append('+').append(se.nrPages).append('@').append(se.startBlock).append(' ');
        }
        assertEquals("0+3@100 3+2@50 5+1@200 6+3@300 ", ext.toString());
        SwapExtent last = si.extentList.prev;
        SwapExtent first = si.extentList.next;
        assertSame(last, si.currSwapExtent, "the search starts at the last extent");
        assertEquals(301, sf.mapSwapPage(si, 7));
        assertSame(last, si.currSwapExtent);
        assertEquals(101, sf.mapSwapPage(si, 1));
        assertSame(first, si.currSwapExtent, "the walk wrapped past the list head");
        assertEquals(51, sf.mapSwapPage(si, 4));
        assertSame(first.next, si.currSwapExtent);
        assertEquals(200, sf.mapSwapPage(si, 5));
        assertEquals(302, sf.mapSwapPage(si, 8));
        linux.kernel.KernelBug bug = assertThrows(linux.kernel.KernelBug.class, () -> sf.mapSwapPage(si, 9));
        assertTrue(bug.getMessage().contains("map_swap_page: offset 9 is in no extent"), bug.getMessage());
        for (long off = 0; off < 9; off++) {
            assertEquals(blocks[(int) off], sf.mapSwapPage(si, off));
        }
    }

    @Test
    void setupSwapExtents_skipsMisalignedAndDiscontiguousBlocks() {
        // 1 KiB blocks: four per page. File block b lives at device block:
        //   0..3 -> 1000..1003 (page-aligned), 4..6 -> 2001..2003 (misaligned),
        //   7..14 -> 2004..2011 (aligned and contiguous: two pages).
        SwapHeader h = SwapHeader.empty();
        h.writeV1(3, new byte[16], "");
        FakeSwapFile f = new FakeSwapFile("/odd", 4 * PAGE_SIZE, 10,
                b -> b < 4 ? 1000 + b : 2001 + (b - 4), h);
        sf = k.swapfileOver(FakeSwapFile.vfs(f));
        assertEquals(0, sf.sysSwapon("/odd", 0));
        SwapInfoStruct si = sf.getSwapInfoStruct(0);
        assertEquals(3, si.max);
        assertEquals(2, si.pages);
        assertEquals(2, si.highestBit);
        assertEquals(250, sf.mapSwapPage(si, 0));
        assertEquals(501, sf.mapSwapPage(si, 1));
        assertEquals(502, sf.mapSwapPage(si, 2));
        assertEquals(List.of("<6>Adding 8k swap on /odd.  Priority:-1 extents:2 across:8k"), log.lines());
    }

    @Test
    void setupSwapExtents_holeRefused() {
        SwapHeader h = SwapHeader.empty();
        h.writeV1(9, new byte[16], "");
        FakeSwapFile f = new FakeSwapFile("/holes", 10 * PAGE_SIZE, 12, b -> b == 4 ? -1 : b, h);
        sf = k.swapfileOver(FakeSwapFile.vfs(f));
        assertRefused(Errno.EINVAL, "/holes", 0, List.of("<3>swapon: swapfile has holes"));
    }

    @Test
    void sysSwapon_fileLongerThanLastPageUsesOnlyLastPage() throws IOException {
        String p = file(100, 20, h -> { });
        assertEquals(0, sf.sysSwapon(p, 0));
        SwapInfoStruct si = sf.getSwapInfoStruct(0);
        assertEquals(20, si.max);
        assertEquals(19, si.pages);
        assertEquals(SWAP_MAP_BAD, si.swapMap[0]);
        assertEquals(20, si.swapMap.length);
    }

    // ---------------------------------------------------------------- partitions

    linux.block.BlockDevices blockDevices;
    HostVfs hostVfs;

    /** A swap partition image, shown as a block device by this kernel's VFS. */
    String partition(long pages, long lastPage, SwapAreas.Edit edit) throws IOException {
        if (blockDevices == null) {
            blockDevices = k.blockDevices();
            hostVfs = k.hostVfs();
        }
        Path img = SwapAreas.withHeader(dir, "disk" + System.nanoTime() + ".img", pages, lastPage, edit);
        hostVfs.addBlockDeviceImage(img);
        return img.toRealPath().toString();
    }

    @Test
    void sysSwapon_partitionClaimsDeviceAndUsesOneExtent() throws IOException {
        String p = partition(64, 63, h -> { });
        assertEquals(0, sf.sysSwapon(p, 0));
        SwapInfoStruct si = sf.getSwapInfoStruct(0);
        assertEquals(63, si.max);
        assertEquals(62, si.pages);
        assertEquals(List.of("<6>Adding 248k swap on " + p + ".  Priority:-1 extents:1 across:248k"), log.lines());
        assertEquals(PAGE_SIZE, si.bdev.blockSize());
        assertEquals(sf, si.bdev.bdHolder());
        assertEquals(42, sf.mapSwapPage(si, 42));
        assertTrue(sf.procSwaps().endsWith("partition\t248\t0\t-1\n".translateEscapes()));
        linux.block.BlockDevice dev = si.bdev;
        assertEquals(0, sf.sysSwapoff(p));
        assertNull(dev.bdHolder(), "swapoff releases the claim");
    }

    @Test
    void sysSwapon_partitionBeyondArchLimitKeepsLastPageAsPages() throws IOException {
        // 64 GiB + 4 pages, sparse: a partition's pages come from the header, not from the
        // extents, so pages stays last_page - 1 although only max - 1 slots exist (§4.3.3
        // excludes this case from the pages/max identity).
        String p = partition((1L << 24) + 4, 0xFFFFFFFFL, h -> { });
        assertEquals(0, sf.sysSwapon(p, 0), log.lines().toString());
        SwapInfoStruct si = sf.getSwapInfoStruct(0);
        assertEquals(16_777_214, si.max);
        assertEquals(0xFFFFFFFEL, Integer.toUnsignedLong(si.pages));
        assertEquals(0xFFFFFFFEL, sf.nrSwapPages());
        assertEquals("<6>Adding 4294967288k swap on " + p + ".  Priority:-1 extents:1 across:17179869176k", log.lines().get(0),
                "the size is a %u of pages << 2 and wraps at 32 bits; the span is shifted as a u64");
        assertEquals(List.of(), SwapInvariants.check(sf));
        assertEquals(0, sf.sysSwapoff(p));
    }

    @Test
    void swapTypeOf_findsWritableAreaByDeviceAndFirstBlock() throws IOException {
        String file = file(16, 15, h -> { });
        assertEquals(Errno.ENODEV.negative(), sf.swapTypeOf(0, 0));
        String p = partition(64, 63, h -> { });
        assertEquals(0, sf.sysSwapon(file, 0));
        assertEquals(0, sf.sysSwapon(p, 0));
        SwapInfoStruct part = sf.getSwapInfoStruct(1);
        assertEquals(0, sf.swapTypeOf(0, 0), "no device: the first writable area");
        assertEquals(1, sf.swapTypeOf(part.bdev.devT(), 0));
        assertEquals(Errno.ENODEV.negative(), sf.swapTypeOf(part.bdev.devT(), 8));
        assertEquals(Errno.ENODEV.negative(), sf.swapTypeOf(part.bdev.devT() + 1, 0));
        assertEquals(62, sf.countSwapPages(1, false));
        int e = sf.getSwapPageOfType(1);
        assertEquals(61, sf.countSwapPages(1, true));
        assertEquals(Swapops.swpOffset(e), sf.swapdevBlock(1, Swapops.swpOffset(e)));
        assertEquals(0, sf.swapdevBlock(7, 1));
        sf.swapFree(e);
    }

    @Test
    void sysSwapon_partitionAppliesBadPages() throws IOException {
        String p = partition(64, 63, h -> {
            h.setNrBadpages(2);
            h.setBadpage(0, 5);
            h.setBadpage(1, 62);
        });
        assertEquals(0, sf.sysSwapon(p, 0));
        SwapInfoStruct si = sf.getSwapInfoStruct(0);
        assertEquals(60, si.pages);
        assertEquals(SWAP_MAP_BAD, si.swapMap[5]);
        assertEquals(SWAP_MAP_BAD, si.swapMap[62]);
        for (int i = 1; i <= 60; i++) {
            int off = Swapops.swpOffset(sf.getSwapPage());
            assertTrue(off != 5 && off != 62 && off > 0, "bad page handed out: " + off);
        }
        assertEquals(0, sf.getSwapPage());
    }

    @Test
    void sysSwapon_tooManyBadPagesRefused() throws IOException {
        String p = partition(64, 63, h -> h.setNrBadpages(638));
        assertRefused(Errno.EINVAL, p, 0, List.of());
        String q = partition(64, 63, h -> h.setNrBadpages(0xFFFFFFFFL));
        assertRefused(Errno.EINVAL, q, 0, List.of());
    }

    @Test
    void sysSwapon_badPageNumberOutOfRangeRefused() throws IOException {
        String p = partition(64, 63, h -> {
            h.setNrBadpages(1);
            h.setBadpage(0, 63);
        });
        assertRefused(Errno.EINVAL, p, 0, List.of());
        String q = partition(64, 63, h -> {
            h.setNrBadpages(2);
            h.setBadpage(0, 3);
            h.setBadpage(1, 0);
        });
        assertRefused(Errno.EINVAL, q, 0, List.of());
        String r = partition(64, 63, h -> {
            h.setNrBadpages(1);
            h.setBadpage(0, -5);
        });
        assertRefused(Errno.EINVAL, r, 0, List.of());
    }

    @Test
    void sysSwapon_claimedPartitionIsEINVAL() throws IOException {
        String p = partition(64, 63, h -> { });
        linux.block.BlockDevice other = blockDevices.open(Path.of(p));
        Object mounter = new Object();
        assertEquals(0, other.bdClaim(mounter));
        int before = other.blockSize();
        assertRefused(Errno.EINVAL, p, 0, List.of());
        assertEquals(mounter, other.bdHolder());
        assertEquals(before, other.blockSize());
        other.bdRelease();
        other.close();
        assertEquals(0, sf.sysSwapon(p, 0));
    }

    @Test
    void sysSwapon_partitionErrorReleasesClaim() throws IOException {
        String p = partition(64, 63, h -> h.setVersion(3));
        linux.block.BlockDevice dev = blockDevices.open(Path.of(p));
        int before = dev.blockSize();
        assertRefused(Errno.EINVAL, p, 0, List.of("<4>Unable to handle swap header version 3"));
        assertNull(dev.bdHolder());
        assertEquals(before, dev.blockSize());
        dev.close();
    }

    /**
     * The header of a partition is read with bios through the device's block layer (the
     * device's mapping in 2.6.20), so an I/O error injected on the device reaches swapon.
     * read_cache_page reads the page a second time, but PG_error from the first read keeps
     * it from ever becoming uptodate. sys_swapon then leaves with the error it holds at that
     * point, set_blocksize's 0: 2.6.20 reports success, yet no area was added and the device
     * is released again.
     */
    @Test
    void sysSwapon_partitionHeaderReadErrorAddsNothing() throws IOException {
        String p = partition(64, 63, h -> { });
        linux.block.BlockDevice dev = blockDevices.open(Path.of(p));
        int blockSize = dev.blockSize();
        long pgpgin = k.pageAlloc().vmstat().vmEvent(VmEventItem.PGPGIN);
        long free = freePages();
        dev.faults().failNthRead(1);
        log.clear();
        assertEquals(0, sf.sysSwapon(p, 0), "2.6.20's errno at that point: set_blocksize's 0");
        assertEquals(List.of("<3>end_request: I/O error, dev " + dev.name() + ", sector 0",
                "<3>Buffer I/O error on device " + dev.name() + ", logical block 0"), log.lines());
        assertEquals(1, dev.faults().injected(linux.block.Bio.READ));
        assertEquals(pgpgin + 16, k.pageAlloc().vmstat().vmEvent(VmEventItem.PGPGIN), "two page reads of the header");
        assertNothingActive(dev, blockSize);
        assertEquals(free, freePages(), "the header page went back to the allocator");

        // Both reads failing: each one reports its buffer.
        dev.faults().failReads(1.0);
        log.clear();
        assertEquals(0, sf.sysSwapon(p, 0));
        assertEquals(2, log.lines().stream().filter(l -> l.startsWith("<3>Buffer I/O error on device")).count());
        assertNothingActive(dev, blockSize);

        // The device itself is fine: without the fault the same area goes on.
        dev.faults().clear();
        log.clear();
        assertEquals(0, sf.sysSwapon(p, 0));
        assertEquals(List.of("<6>Adding 248k swap on " + p + ".  Priority:-1 extents:1 across:248k"), log.lines());
        assertEquals(0, sf.sysSwapoff(p));
        dev.close();
    }

    /** Free pages, counting those waiting on the per-CPU lists. */
    long freePages() {
        long n = k.pageAlloc().nrFreePages();
        for (int z = 0; z < k.pageAlloc().pgdat().nrZones; z++) {
            n += k.pageAlloc().pcpPages(k.pageAlloc().pgdat().nodeZones[z]);
        }
        return n;
    }

    /** No area in use, no swap counted, the device unclaimed with its old block size. */
    void assertNothingActive(linux.block.BlockDevice dev, int blockSize) {
        assertEquals(0, sf.nrSwapPages());
        assertEquals(0, sf.totalSwapPages());
        assertEquals("Filename\t\t\t\tType\t\tSize\tUsed\tPriority\n", sf.procSwaps());
        SwapInfoStruct si = sf.getSwapInfoStruct(0);
        assertEquals(0, si.flags);
        assertNull(si.swapMap);
        assertNull(si.swapFile);
        assertTrue(si.extentList.isEmpty());
        assertEquals(-1, sf.swapList.head);
        assertNull(dev.bdHolder(), "bd_release");
        assertEquals(blockSize, dev.blockSize(), "the old block size is back");
    }
}
