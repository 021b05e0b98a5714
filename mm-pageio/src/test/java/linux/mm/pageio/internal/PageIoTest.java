package linux.mm.pageio.internal;

import static linux.arch.x86.PageGeometry.PAGE_SHIFT;
import static linux.arch.x86.PageGeometry.PAGE_SIZE;
import static linux.mm.page.Page.pageCount;
import static linux.mm.page.PageFlags.pageDirty;
import static linux.mm.page.PageFlags.pageError;
import static linux.mm.page.PageFlags.pageLocked;
import static linux.mm.page.PageFlags.pageReclaim;
import static linux.mm.page.PageFlags.pageSwapCache;
import static linux.mm.page.PageFlags.pageUptodate;
import static linux.mm.page.PageFlags.pageWriteback;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import linux.arch.x86.PhysicalMemory;
import linux.block.BdevOptions;
import linux.block.Bio;
import linux.block.BlockDevice;
import linux.block.ManualDevice;
import linux.kernel.Errno;
import linux.kernel.KernelBug;
import linux.kernel.Printk;
import linux.mm.page.Filemap;
import linux.mm.page.Gfp;
import linux.mm.page.MmInvariants;
import linux.mm.page.Page;
import linux.mm.page.PageAllocOps;
import linux.mm.page.PageFlags;
import linux.mm.page.PageIoOps;
import linux.mm.page.PageWriteback;
import linux.mm.page.SwapHeader;
import linux.mm.page.SwapOps;
import linux.mm.page.SwapStateOps;
import linux.mm.page.SwapfileOps;
import linux.mm.page.Swapops;
import linux.mm.page.VmEventItem;
import linux.mm.page.WritebackControl;
import linux.mm.page.Zone;
import linux.mm.page.ZoneStatItem;
import linux.mm.swapfile.SwapInvariants;
import org.eclipse.collections.impl.map.mutable.primitive.IntIntHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * mm/page_io.c on a test kernel whose swap area is a file on a {@link ManualDevice}, so each
 * test decides when (and how) every bio completes. The swap cache is a recording fake;
 * swapfile, the allocator and the LRU are real. After each test the swap-cache and swap_map
 * invariants (kernel-2.6.20.md §4.2, §4.3) hold, then every page and slot is given back
 * and swapoff succeeds.
 */
class PageIoTest {
    /** Pages of the swap file (last_page 63: slots 1..62). */
    private static final int AREA_PAGES = 64;

    @TempDir
    Path dir;

    private final PageIoTestKernel k = PageIoTestKernel.boot("mem=16M");
    private final Printk.Buffer log = k.printk();
    private final PhysicalMemory ram = k.physicalMemory();
    private final PageAllocOps pa = k.pageAlloc();
    private final SwapOps swap = k.swap();
    private final SwapfileOps sf = k.swapfile();
    private final SwapStateOps cache = k.swapState();
    private final PageIoOps io = k.pageIo();
    private final PageWriteback pw = k.pageWriteback();
    /** References the test holds on slots in place of swap ptes. */
    private final IntIntHashMap pteRefs = new IntIntHashMap();
    /** Pages the test holds a reference to. */
    private final List<Page> held = new ArrayList<>();
    private ManualDevice disk;
    private BlockDevice fileDisk;
    private String areaPath;

    @BeforeEach
    void swaponAManualDisk() {
        disk = new ManualDevice("hda", 3, 0, (long) AREA_PAGES << (PAGE_SHIFT - 9), ram, k.blockLayer());
        DiskSwapFile.Blocks blocks = new DiskSwapFile.Blocks() {
            @Override
            public void read(long byteOffset, byte[] dst) {
                disk.readStore(byteOffset, dst);
            }

            @Override
            public void write(long byteOffset, byte[] src) {
                disk.writeStore(byteOffset, src);
            }
        };
        swapon(new DiskSwapFile("/swapfile", disk, blocks, AREA_PAGES, PAGE_SHIFT, b -> b));
    }

    private void swapon(DiskSwapFile file) {
        SwapHeader h = SwapHeader.empty();
        h.writeV1(AREA_PAGES - 1, new byte[16], "");
        file.writePage(0, h.page());
        k.testVfs().register(file);
        assertEquals(0, sf.sysSwapon(file.path(), 0), log.messages().toString());
        areaPath = file.path();
        log.clear();
    }

    @AfterEach
    void invariantsHoldThenEverythingIsGivenBack() {
        swap.lruAddDrainAll();
        assertEquals(0, disk.pending(), "bios left pending");
        checkInvariants(false);
        for (Page p : held) {
            if (pageSwapCache(p)) {
                Filemap.lockPage(p);
                cache.deleteFromSwapCache(p);
                Filemap.unlockPage(p);
            }
            swap.pageCacheRelease(p);
        }
        pteRefs.forEachKeyValue((entry, n) -> {
            for (int i = 0; i < n; i++) {
                sf.swapFree(entry);
            }
        });
        pteRefs.clear();
        checkInvariants(true);
        assertEquals(0, sf.sysSwapoff(areaPath), log.messages().toString());
        assertEquals(List.of(), SwapInvariants.check(sf));
        disk.close();
        if (fileDisk != null) {
            fileDisk.close();
        }
    }

    private void checkInvariants(boolean atRest) {
        assertEquals(List.of(), new MmInvariants(pa.pgdat().nodeMemMap, cache.swapperSpace()).recordNode(pa.pgdat())
                .atRest(atRest).check());
        assertEquals(List.of(), SwapInvariants.check(sf));
        assertEquals(List.of(), SwapCacheCheck.check(sf, cache.swapperSpace(), pteRefs));
    }

    /** A fresh page filled with bytes from {@code seed}, held by the test. */
    private Page filled(long seed) {
        Page p = pa.allocPage(Gfp.GFP_HIGHUSER);
        byte[] b = new byte[PAGE_SIZE];
        new Random(seed).nextBytes(b);
        ram.write(p.pfn, 0, b, 0, PAGE_SIZE);
        held.add(p);
        return p;
    }

    private byte[] frame(Page p) {
        byte[] b = new byte[PAGE_SIZE];
        ram.read(p.pfn, 0, b, 0, PAGE_SIZE);
        return b;
    }

    private byte[] slotOnDisk(int entry) {
        byte[] b = new byte[PAGE_SIZE];
        disk.readStore((long) Swapops.swpOffset(entry) << PAGE_SHIFT, b);
        return b;
    }

    /**
     * A page as pageout hands it to ->writepage: locked, in swap cache (add_to_swap), its slot
     * also referenced by a swap pte (try_to_unmap, so it is not exclusive), dirty bit cleared
     * by clear_page_dirty_for_io.
     */
    private Page readyForWritepage(long seed) {
        Page p = filled(seed);
        assertFalse(PageFlags.testSetPageLocked(p));
        assertEquals(1, cache.addToSwap(p, Gfp.GFP_ATOMIC));
        int entry = Page.pagePrivate(p);
        assertEquals(1, sf.swapDuplicate(entry));
        pteRefs.addToValue(entry, 1);
        assertEquals(1, pw.clearPageDirtyForIo(p));
        return p;
    }

    private long event(VmEventItem item) {
        return pa.vmstat().vmEvent(item);
    }

    private static WritebackControl reclaim() {
        return WritebackControl.forReclaim(32);
    }

    @Test
    void swapWritepage_submitsOneWriteUnlocksAndTheCompletionEndsWriteback() {
        Page p = readyForWritepage(1);
        int entry = Page.pagePrivate(p);
        assertEquals(0, io.swapWritepage(p, reclaim()));
        // Unlocked before submission, under writeback until the disk says otherwise.
        assertFalse(pageLocked(p));
        assertTrue(pageWriteback(p));
        assertEquals(1, pa.vmstat().globalPageState(ZoneStatItem.NR_WRITEBACK));
        assertEquals(1, disk.pending());
        Bio bio = disk.peekNext();
        assertEquals((long) Swapops.swpOffset(entry) * 8, bio.biSector, "sector = map_swap_page * (PAGE_SIZE >> 9)");
        assertEquals(PAGE_SIZE, bio.biSize);
        assertEquals(Bio.WRITE, bio.bioDataDir());
        assertFalse(bio.bioSync(), "WB_SYNC_NONE: no BIO_RW_SYNC");
        assertEquals(p.pfn, bio.biIoVec[0].bvPfn);
        assertEquals(1, event(VmEventItem.PSWPOUT));
        assertEquals(8, event(VmEventItem.PGPGOUT));
        disk.completeNext();
        assertFalse(pageWriteback(p));
        assertFalse(pageDirty(p));
        assertFalse(pageError(p));
        assertTrue(pageSwapCache(p));
        assertEquals(0, pa.vmstat().globalPageState(ZoneStatItem.NR_WRITEBACK));
        assertEquals(0, bio.biCnt.get(), "end_swap_bio_write puts the bio");
        assertArrayEquals(frame(p), slotOnDisk(entry));
        assertEquals(List.of(), log.messages());
    }

    @Test
    void swapWritepage_wbSyncAllMarksTheBioSync() {
        Page p = readyForWritepage(2);
        assertEquals(0, io.swapWritepage(p, WritebackControl.of(WritebackControl.WritebackSyncModes.WB_SYNC_ALL)));
        assertTrue(disk.peekNext().bioSync());
        disk.completeNext();
        assertFalse(pageWriteback(p));
    }

    /**
     * Quirk 4 of kernel-2.6.20.md §5.12: a swap-cache page whose slot nobody else uses (no
     * swap pte) and that only the caller and the cache hold is dropped from the cache,
     * re-dirtied and unlocked; no bio is sent and PSWPOUT does not move.
     */
    @Test
    void swapWritepage_stalePageWithNoOtherUserLeavesTheCacheWithoutIo() {
        Page p = filled(3);
        assertFalse(PageFlags.testSetPageLocked(p));
        assertEquals(1, cache.addToSwap(p, Gfp.GFP_ATOMIC));
        int entry = Page.pagePrivate(p);
        assertEquals(1, pw.clearPageDirtyForIo(p));
        assertEquals(2, pageCount(p), "the test's reference and the cache's");
        assertEquals(0, io.swapWritepage(p, reclaim()));
        assertEquals(0, disk.pending());
        assertFalse(pageLocked(p));
        assertFalse(pageSwapCache(p));
        assertFalse(pageWriteback(p));
        assertTrue(pageDirty(p), "remove_exclusive_swap_page re-dirties the page");
        assertEquals(0, Page.pagePrivate(p));
        assertEquals(1, pageCount(p), "the cache's reference is gone");
        assertEquals(0, sf.getSwapInfoStruct(Swapops.swpType(entry)).swapMap[Swapops.swpOffset(entry)]);
        assertEquals(0, event(VmEventItem.PSWPOUT));
        assertEquals(0, cache.totalSwapcachePages());
        assertTrue(((RecordingSwapState) cache).calls().contains("__delete_from_swap_cache"));
    }

    /**
     * A failed write loses nothing: the page stays in memory and in the swap cache, dirty,
     * with PG_error, no longer under writeback and no longer PG_reclaim (so it is not
     * rotated as if it were clean). The alert names the disk and bi_sector after bio_endio
     * advanced it past the page. Writing it again later succeeds and puts the data on disk.
     */
    @Test
    void endSwapBioWrite_errorKeepsThePageDirtyInMemoryWithPgErrorAndALaterWriteSucceeds() {
        Page p = readyForWritepage(4);
        int entry = Page.pagePrivate(p);
        byte[] data = frame(p);
        int count = pageCount(p);
        PageFlags.setPageReclaim(p);
        assertEquals(0, io.swapWritepage(p, reclaim()));
        disk.failNext(Errno.EIO);
        assertTrue(pageError(p));
        assertTrue(pageDirty(p));
        assertFalse(pageWriteback(p));
        assertFalse(pageReclaim(p));
        assertTrue(pageSwapCache(p));
        assertTrue(pageUptodate(p));
        assertEquals(count, pageCount(p));
        assertArrayEquals(data, frame(p));
        long sector = (long) Swapops.swpOffset(entry) * 8 + 8;
        assertEquals(List.of("<1>Write-error on swap-device (3:0:" + sector + ")"), log.lines());
        assertEquals(0, event(VmEventItem.PGROTATED));

        // reclaim tries again later: lock, clean for I/O, write; this time the disk obliges
        assertFalse(PageFlags.testSetPageLocked(p));
        assertEquals(1, pw.clearPageDirtyForIo(p));
        assertEquals(0, io.swapWritepage(p, reclaim()));
        disk.completeNext();
        assertFalse(pageWriteback(p));
        assertFalse(pageDirty(p));
        assertTrue(pageError(p), "2.6.20 does not clear PG_error on a later good write");
        assertArrayEquals(data, slotOnDisk(entry));
        assertEquals(2, event(VmEventItem.PSWPOUT));
        assertEquals(1, log.lines().size());
    }

    /** On success end_page_writeback rotates a PG_reclaim page to the inactive tail (PGROTATED). */
    @Test
    void endSwapBioWrite_successRotatesAPgReclaimPageToTheInactiveTail() {
        Page a = readyForWritepage(5);
        Page b = readyForWritepage(6);
        swap.lruCacheAdd(a);
        swap.lruCacheAdd(b);
        swap.lruAddDrain();
        Zone zone = pa.pgdat().pageZone(b);
        assertEquals(List.of(b, a), inactive(zone), "lru_cache_add puts pages at the head");
        Filemap.unlockPage(a);
        PageFlags.setPageReclaim(b);
        assertEquals(0, io.swapWritepage(b, reclaim()));
        disk.completeNext();
        assertEquals(List.of(a, b), inactive(zone), "b rotated to the tail");
        assertFalse(pageReclaim(b));
        assertFalse(pageWriteback(b));
        assertEquals(1, event(VmEventItem.PGROTATED));
    }

    private static List<Page> inactive(Zone zone) {
        List<Page> l = new ArrayList<>();
        zone.lruLock.lock();
        try {
            for (Page p = zone.inactiveList.first(); p != null; p = zone.inactiveList.next(p)) {
                l.add(p);
            }
        } finally {
            zone.lruLock.unlock();
        }
        return l;
    }

    /** A page in the swap cache as read_swap_cache_async makes it: locked, its slot referenced by a pte. */
    private Page readyForReadpage(long seed) {
        Page writer = readyForWritepage(seed);
        int entry = Page.pagePrivate(writer);
        assertEquals(0, io.swapWritepage(writer, reclaim()));
        disk.completeNext();
        // drop the written page from memory as reclaim would (the pte keeps the slot)
        Filemap.lockPage(writer);
        cache.deleteFromSwapCache(writer);
        Filemap.unlockPage(writer);
        Page reader = pa.allocPage(Gfp.GFP_HIGHUSER);
        held.add(reader);
        assertEquals(0, cache.addToSwapCache(reader, entry));
        assertTrue(pageLocked(reader));
        return reader;
    }

    @Test
    void swapReadpage_completionSetsUptodateAndUnlocksThePage() {
        Page p = readyForReadpage(7);
        int entry = Page.pagePrivate(p);
        byte[] want = slotOnDisk(entry);
        PageFlags.setPageUptodate(p);
        long pgpgin = event(VmEventItem.PGPGIN);
        assertEquals(0, io.swapReadpage(p));
        assertFalse(pageUptodate(p), "cleared before the read starts");
        assertTrue(pageLocked(p), "locked until the read completes");
        assertEquals(1, event(VmEventItem.PSWPIN));
        assertEquals(pgpgin + 8, event(VmEventItem.PGPGIN));
        Bio bio = disk.peekNext();
        assertEquals(Bio.READ, bio.bioDataDir());
        assertEquals((long) Swapops.swpOffset(entry) * 8, bio.biSector);
        disk.completeNext();
        assertTrue(pageUptodate(p));
        assertFalse(pageLocked(p));
        assertFalse(pageError(p));
        assertArrayEquals(want, frame(p));
        assertEquals(0, bio.biCnt.get());
    }

    @Test
    void endSwapBioRead_errorLeavesPgErrorWithoutUptodate() {
        Page p = readyForReadpage(8);
        int entry = Page.pagePrivate(p);
        log.clear();
        assertEquals(0, io.swapReadpage(p));
        disk.failNext(Errno.EIO);
        assertTrue(pageError(p));
        assertFalse(pageUptodate(p));
        assertFalse(pageLocked(p), "the waiter is woken to see the error");
        assertTrue(pageSwapCache(p));
        long sector = (long) Swapops.swpOffset(entry) * 8 + 8;
        assertEquals(List.of("<1>Read-error on swap-device (3:0:" + sector + ")"), log.lines());
    }

    @Test
    void endSwapBioRead_partialCompletionWaitsForTheRest() {
        Page p = readyForReadpage(9);
        assertEquals(0, io.swapReadpage(p));
        disk.completeNext(1024);
        assertTrue(pageLocked(p), "returns 1 while bytes are outstanding");
        assertFalse(pageUptodate(p));
        disk.completeNext(PAGE_SIZE - 1024);
        assertTrue(pageUptodate(p));
        assertFalse(pageLocked(p));
    }

    @Test
    void swapReadpage_unlockedPageIsABug() {
        Page p = readyForReadpage(10);
        Filemap.unlockPage(p);
        assertThrows(KernelBug.class, () -> io.swapReadpage(p));
        assertEquals(0, disk.pending());
    }

    /**
     * On a disk that completes in the submitter (the RAM-disk shape), the write has ended and
     * the read has unlocked its page by the time swap_writepage / swap_readpage return, with
     * the same data. On one with a completion thread the caller waits on the page.
     */
    @ParameterizedTest
    @EnumSource(BdevOptions.Completion.class)
    void swapWritepageAndReadpage_realFileDisk(BdevOptions.Completion completion) throws IOException {
        Path img = dir.resolve("disk.img");
        try (RandomAccessFile f = new RandomAccessFile(img.toFile(), "rw")) {
            f.setLength((long) AREA_PAGES << PAGE_SHIFT);
        }
        fileDisk = k.blockDevices().open(img, BdevOptions.defaults().withCompletion(completion));
        DiskSwapFile.Blocks blocks = new DiskSwapFile.Blocks() {
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
        // the manual disk's area goes; the file's area takes its place
        assertEquals(0, sf.sysSwapoff(areaPath));
        swapon(new DiskSwapFile("/var/swapfile", fileDisk, blocks, AREA_PAGES, PAGE_SHIFT, b -> b));

        Page p = readyForWritepage(11);
        int entry = Page.pagePrivate(p);
        byte[] data = frame(p);
        assertEquals(0, io.swapWritepage(p, reclaim()));
        if (completion == BdevOptions.Completion.SUBMITTER) {
            assertFalse(pageWriteback(p), "ended inside submit_bio");
        }
        Filemap.waitOnPageWriteback(p);
        assertFalse(pageError(p));
        Filemap.lockPage(p);
        cache.deleteFromSwapCache(p);
        Filemap.unlockPage(p);
        ram.clearFrame(p.pfn);

        Page q = pa.allocPage(Gfp.GFP_HIGHUSER);
        held.add(q);
        ram.clearFrame(q.pfn);
        assertEquals(0, cache.addToSwapCache(q, entry));
        assertEquals(0, io.swapReadpage(q));
        if (completion == BdevOptions.Completion.SUBMITTER) {
            assertFalse(pageLocked(q), "unlocked inside submit_bio");
        }
        Filemap.lockPage(q);
        assertTrue(pageUptodate(q));
        assertArrayEquals(data, frame(q));
        Filemap.unlockPage(q);
        assertSame(cache.swapperSpace(), Page.pageMapping(q));
    }
}
