package linux.mm.pageio.internal;

/*
 * Mirrors linux-2.6.20 mm/page_io.c: get_swap_bio, end_swap_bio_write, end_swap_bio_read,
 * swap_writepage and swap_readpage. Owns no state of its own: each bio lives from
 * get_swap_bio to the bio_put of its completion.
 */

import static linux.arch.x86.PageGeometry.PAGE_SIZE;
import static linux.mm.page.PageFlags.clearPageReclaim;
import static linux.mm.page.PageFlags.clearPageUptodate;
import static linux.mm.page.PageFlags.pageLocked;
import static linux.mm.page.PageFlags.setPageError;
import static linux.mm.page.PageFlags.setPageUptodate;

import jakarta.inject.Inject;
import jakarta.inject.Provider;
import linux.block.Bio;
import linux.block.BioEndIo;
import linux.block.BioVec;
import linux.block.BlockDevice;
import linux.block.BlockLayer;
import linux.kernel.Errno;
import linux.kernel.KernelBug;
import linux.kernel.Mirrors;
import linux.kernel.Printk;
import linux.mm.page.Filemap;
import linux.mm.page.Gfp;
import linux.mm.page.Page;
import linux.mm.page.PageAllocOps;
import linux.mm.page.PageIoOps;
import linux.mm.page.PageWriteback;
import linux.mm.page.SwapInfoStruct;
import linux.mm.page.SwapOps;
import linux.mm.page.SwapfileOps;
import linux.mm.page.Swapops;
import linux.mm.page.VmEventItem;
import linux.mm.page.WritebackControl;

/**
 * Swap I/O, one bio per page: a swap-cache page is written to (or read from) the disk block
 * that map_swap_page finds for the offset of its entry, on the block device of the entry's
 * swap area. submit_bio returns at once; the bio's completion, in the device's completion
 * context, ends the writeback or unlocks the page.
 *
 * <p>Counters, as 2.6.20 counts them: PSWPOUT per swap_writepage that submits a write (not
 * for a stale page dropped without I/O), PSWPIN per swap_readpage that submits a read;
 * PGPGOUT / PGPGIN in sectors by submit_bio itself (the block layer).
 *
 * <p>Differs from 2.6.20: bio_alloc takes its bios from the Java heap and never fails, so
 * the -ENOMEM paths of swap_writepage and swap_readpage are kept but cannot be reached. A
 * bio_vec names its RAM frame by pfn, so the completions find the struct page through
 * pfn_to_page.
 */
public final class PageIo implements PageIoOps {

    private final Provider<SwapfileOps> swapfile;
    private final PageWriteback pageWriteback;
    private final SwapOps swap;
    private final PageAllocOps pageAlloc;
    private final BlockLayer blockLayer;
    private final Printk printk;

    /** end_swap_bio_write as the bi_end_io every write bio carries (one object, not one per bio). */
    private final BioEndIo writeDone = this::endSwapBioWrite;
    /** end_swap_bio_read as the bi_end_io every read bio carries. */
    private final BioEndIo readDone = this::endSwapBioRead;

    /**
     * The kernel's wiring: swapfile (through a provider: it calls back into this file from
     * swapoff) for the areas, their extents and remove_exclusive_swap_page; the writeback
     * helpers; mm/swap.c for end_page_writeback's rotate_reclaimable_page; the allocator for
     * mem_map and the vm events; the block layer bios are submitted to.
     */
    @Inject
    public PageIo(Provider<SwapfileOps> swapfile, PageWriteback pageWriteback, SwapOps swap, PageAllocOps pageAlloc,
            BlockLayer blockLayer, Printk printk) {
        this.swapfile = swapfile;
        this.pageWriteback = pageWriteback;
        this.swap = swap;
        this.pageAlloc = pageAlloc;
        this.blockLayer = blockLayer;
        this.printk = printk;
    }

    /**
     * get_swap_bio: a one-page bio for the swap slot {@code index} (a swp_entry value),
     * aimed at sector map_swap_page(area, offset) * 8 of the area's device, whole page at
     * offset 0, ending in {@code endIo}. Returns null if no bio could be had.
     */
    @Mirrors("get_swap_bio")
    private Bio getSwapBio(int gfpFlags, int index, Page page, BioEndIo endIo) {
        Bio bio = Bio.bioAlloc(1);
        if (bio != null) {
            SwapfileOps sf = swapfile.get();
            int entry = index;
            SwapInfoStruct sis = sf.getSwapInfoStruct(Swapops.swpType(entry));
            bio.biSector = sf.mapSwapPage(sis, Integer.toUnsignedLong(Swapops.swpOffset(entry)))
                    * (PAGE_SIZE >> BlockDevice.SECTOR_SHIFT);
            bio.biBdev = sis.bdev;
            BioVec bv = bio.biIoVec[0];
            bv.bvPfn = page.pfn;
            bv.bvLen = PAGE_SIZE;
            bv.bvOffset = 0;
            bio.biVcnt = 1;
            bio.biIdx = 0;
            bio.biSize = PAGE_SIZE;
            bio.biEndIo = endIo;
        }
        return bio;
    }

    /**
     * end_swap_bio_write: the write of a swap-cache page finished. Nothing happens until the
     * whole bio is done. A failed write must not lose the data: the page gets PG_error and
     * is dirtied again, so reclaim keeps it (and will try writing it again), and PG_reclaim
     * is cleared so that end_page_writeback does not rotate it to the inactive tail as if
     * it were ready to free. The alert names the device that failed (after the partition
     * remap, the whole disk) and bio->bi_sector, which bio_endio has already moved past the
     * failed page. Then writeback ends (waking wait_on_page_writeback) and the bio is put.
     * Device completion context; never sleeps.
     */
    @Mirrors("end_swap_bio_write")
    private int endSwapBioWrite(Bio bio, int bytesDone, int err) {
        boolean uptodate = bio.bioFlagged(Bio.BIO_UPTODATE);
        Page page = bioPage(bio);
        if (bio.biSize != 0) {
            return 1;
        }
        assert bio.biBdev.inCompletionContext() : "end_swap_bio_write outside the completion context of " + bio.biBdev;
        if (!uptodate) {
            setPageError(page);
            pageWriteback.setPageDirty(page);
            printk.printk(Printk.KERN_ALERT, "Write-error on swap-device (" + deviceAndSector(bio) + ")");
            clearPageReclaim(page);
        }
        pageWriteback.endPageWriteback(page, swap);
        Bio.bioPut(bio);
        return 0;
    }

    /**
     * end_swap_bio_read: the read into a locked swap-cache page finished. On success the
     * page becomes uptodate; on failure it gets PG_error and stays not uptodate, so the
     * faulting task, which waits on the page lock, sees the failure (do_swap_page answers
     * VM_FAULT_SIGBUS). Either way the page is unlocked and the bio put. Device completion
     * context; never sleeps.
     */
    @Mirrors("end_swap_bio_read")
    @Override
    public int endSwapBioRead(Bio bio, int bytesDone, int err) {
        boolean uptodate = bio.bioFlagged(Bio.BIO_UPTODATE);
        Page page = bioPage(bio);
        if (bio.biSize != 0) {
            return 1;
        }
        assert bio.biBdev.inCompletionContext() : "end_swap_bio_read outside the completion context of " + bio.biBdev;
        if (!uptodate) {
            setPageError(page);
            clearPageUptodate(page);
            printk.printk(Printk.KERN_ALERT, "Read-error on swap-device (" + deviceAndSector(bio) + ")");
        } else {
            setPageUptodate(page);
        }
        Filemap.unlockPage(page);
        Bio.bioPut(bio);
        return 0;
    }

    /**
     * swap_writepage: swapper_space's writepage, called by pageout (and swapoff) with the
     * page locked, in swap cache, its dirty bit just cleared. First the stale-page check
     * (quirk 4 of kernel-2.6.20.md §5.12): if nobody but the cache uses the slot and no one
     * else holds the page, remove_exclusive_swap_page takes it out of the cache (and dirties
     * it) and there is nothing worth writing. Otherwise the write is counted, the page goes
     * under writeback and is unlocked before submission (so others may lock it while the
     * write runs; PG_writeback keeps reclaim away), and a WB_SYNC_ALL caller's bio is
     * marked BIO_RW_SYNC.
     */
    @Mirrors("swap_writepage")
    @Override
    public int swapWritepage(Page page, WritebackControl wbc) {
        int rw = Bio.WRITE;
        if (swapfile.get().removeExclusiveSwapPage(page) != 0) {
            Filemap.unlockPage(page);
            return 0;
        }
        Bio bio = getSwapBio(Gfp.GFP_NOIO, Page.pagePrivate(page), page, writeDone);
        if (bio == null) {
            pageWriteback.setPageDirty(page);
            Filemap.unlockPage(page);
            return Errno.ENOMEM.negative();
        }
        if (wbc.syncMode == WritebackControl.WritebackSyncModes.WB_SYNC_ALL) {
            rw |= 1 << Bio.BIO_RW_SYNC;
        }
        pageAlloc.vmstat().countVmEvent(VmEventItem.PSWPOUT);
        pageWriteback.setPageWriteback(page);
        Filemap.unlockPage(page);
        blockLayer.submitBio(rw, bio);
        return 0;
    }

    /**
     * swap_readpage: start reading the locked swap-cache page from its slot. PG_uptodate is
     * cleared first so that a failed read cannot leave stale "valid" contents; the page
     * stays locked until end_swap_bio_read. Callers: read_swap_cache_async, with a page it
     * just added to the cache.
     */
    @Mirrors("swap_readpage")
    @Override
    public int swapReadpage(Page page) {
        KernelBug.bugOn(!pageLocked(page), "swap_readpage: page not locked");
        clearPageUptodate(page);
        Bio bio = getSwapBio(Gfp.GFP_KERNEL, Page.pagePrivate(page), page, readDone);
        if (bio == null) {
            Filemap.unlockPage(page);
            return Errno.ENOMEM.negative();
        }
        pageAlloc.vmstat().countVmEvent(VmEventItem.PSWPIN);
        blockLayer.submitBio(Bio.READ, bio);
        return 0;
    }

    // ---- Java-only helpers ------------------------------------------------------------

    /** {@code bio->bi_io_vec[0].bv_page}: the struct page of the bio's only frame. */
    private Page bioPage(Bio bio) {
        return pageAlloc.pgdat().pfnToPage(bio.biIoVec[0].bvPfn);
    }

    /**
     * The "%u:%u:%Lu" of the error alerts: imajor and iminor of the bio's device and
     * bio->bi_sector, unsigned.
     */
    private static String deviceAndSector(Bio bio) {
        return Integer.toUnsignedString(bio.biBdev.major()) + ":" + Integer.toUnsignedString(bio.biBdev.minor()) + ":"
                + Long.toUnsignedString(bio.biSector);
    }
}
