package linux.testkit;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import linux.arch.x86.PageGeometry;
import linux.arch.x86.PhysicalMemory;
import linux.mm.page.Filemap;
import linux.mm.page.Page;
import linux.mm.page.PageFlags;
import linux.mm.page.PageIoOps;
import linux.mm.page.WritebackControl;
import org.eclipse.collections.api.map.primitive.MutableIntObjectMap;
import org.eclipse.collections.impl.map.mutable.primitive.IntObjectHashMap;

/**
 * A working mm/page_io.c for tests, whose "disk" is a map from swap entry to the page's bytes: a
 * write stores the frame's contents under the page's entry and completes at once (the page
 * is unlocked, never under writeback); a read clears PG_uptodate, then either completes at
 * once (the stored bytes, PG_uptodate, unlock: end_swap_bio_read) or, while reads are held,
 * waits in a queue for {@link #completeHeldReads()}. {@link #failNextReads(int)} makes reads
 * end as an I/O error does: PG_error, not uptodate, unlocked.
 *
 * <p>Records every read and write (entries in order). Thread-safe.
 */
@Singleton
public final class RamDiskPageIo implements PageIoOps {

    private final PhysicalMemory ram;
    private final MutableIntObjectMap<byte[]> disk = new IntObjectHashMap<>();
    private final List<Integer> readEntries = new ArrayList<>();
    private final List<Integer> writeEntries = new ArrayList<>();
    private final ArrayDeque<Page> held = new ArrayDeque<>();
    private int failReads;
    private boolean holdReads;

    @Inject
    public RamDiskPageIo(PhysicalMemory ram) {
        this.ram = ram;
    }

    @Override
    public synchronized int swapWritepage(Page page, WritebackControl wbc) {
        int entry = Page.pagePrivate(page);
        byte[] data = new byte[PageGeometry.PAGE_SIZE];
        ram.read(page.pfn, 0, data, 0, data.length);
        disk.put(entry, data);
        writeEntries.add(entry);
        Filemap.unlockPage(page);
        return 0;
    }

    @Override
    public int swapReadpage(Page page) {
        PageFlags.clearPageUptodate(page);
        synchronized (this) {
            readEntries.add(Page.pagePrivate(page));
            if (holdReads) {
                held.add(page);
                notifyAll();
                return 0;
            }
        }
        complete(page);
        return 0;
    }

    /** end_swap_bio_read for {@code page}: data and PG_uptodate, or an error; then unlock. */
    private void complete(Page page) {
        byte[] data;
        boolean fail;
        synchronized (this) {
            data = disk.get(Page.pagePrivate(page));
            fail = failReads > 0;
            if (fail) {
                failReads--;
            }
        }
        if (fail || data == null) {
            PageFlags.setPageError(page);
            PageFlags.clearPageUptodate(page);
        } else {
            ram.write(page.pfn, 0, data, 0, data.length);
            PageFlags.setPageUptodate(page);
        }
        Filemap.unlockPage(page);
    }

    /** The next {@code n} reads end with an I/O error. */
    public synchronized void failNextReads(int n) {
        failReads = n;
    }

    /** While held, reads are queued instead of completing. */
    public synchronized void holdReads(boolean hold) {
        holdReads = hold;
    }

    /** Completes every held read (in submission order); returns how many. */
    public int completeHeldReads() {
        List<Page> pages;
        synchronized (this) {
            pages = new ArrayList<>(held);
            held.clear();
        }
        for (Page p : pages) {
            complete(p);
        }
        return pages.size();
    }

    /** Waits until at least {@code n} reads are held (or {@code millis} pass); returns how many are. */
    public synchronized int awaitHeldReads(int n, long millis) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        while (held.size() < n) {
            long left = end - System.currentTimeMillis();
            if (left <= 0) {
                break;
            }
            wait(left);
        }
        return held.size();
    }

    /** The swap entries read so far, in order. */
    public synchronized List<Integer> reads() {
        return List.copyOf(readEntries);
    }

    /** The swap entries written so far, in order. */
    public synchronized List<Integer> writes() {
        return List.copyOf(writeEntries);
    }

    /** The bytes last written for {@code entry}, or null. */
    public synchronized byte[] stored(int entry) {
        byte[] d = disk.get(entry);
        return d == null ? null : d.clone();
    }

    /** end_swap_bio_read is not reached here: reads complete through {@link #complete}. */
    @Override
    public int endSwapBioRead(linux.block.Bio bio, int bytesDone, int err) {
        return bio.biSize != 0 ? 1 : 0;
    }
}
