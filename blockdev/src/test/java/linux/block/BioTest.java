package linux.block;

import linux.kernel.KernelBug;
import static linux.arch.x86.PageGeometry.PAGE_SIZE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import linux.kernel.Errno;
import org.junit.jupiter.api.Test;

/** fs/bio.c: allocation, reference counts, bio_add_page and bio_endio. */
class BioTest {

    @Test
    void bioAlloc_startsUptodateWithOneReference() {
        Bio bio = Bio.bioAlloc(4);
        assertEquals(1 << Bio.BIO_UPTODATE, bio.biFlags);
        assertEquals(1, bio.biCnt.get());
        assertEquals(4, bio.biMaxVecs);
        assertEquals(0, bio.biSize);
        assertEquals(0, bio.biVcnt);
        assertThrows(IllegalArgumentException.class, () -> Bio.bioAlloc(0));
        assertThrows(IllegalArgumentException.class, () -> Bio.bioAlloc(Bio.BIO_MAX_PAGES + 1));
    }

    @Test
    void bioPut_countsReferencesAndCatchesADoublePut() {
        Bio bio = Bio.bioAlloc(1);
        Bio.bioGet(bio);
        Bio.bioPut(bio);
        assertEquals(1, bio.biCnt.get());
        Bio.bioPut(bio);
        assertEquals(0, bio.biCnt.get());
        KernelBug e = assertThrows(KernelBug.class, () -> Bio.bioPut(bio));
        assertTrue(e.getMessage().startsWith("kernel BUG: bio_put"));
    }

    @Test
    void bioAddPage_mergesContiguousPiecesAndStopsWhenFull() {
        Bio bio = Bio.bioAlloc(2);
        assertEquals(1024, bio.bioAddPage(5, 1024, 0));
        assertEquals(1024, bio.bioAddPage(5, 1024, 1024)); // continues the same vector
        assertEquals(1, bio.biVcnt);
        assertEquals(2048, bio.biIoVec[0].bvLen);
        assertEquals(PAGE_SIZE, bio.bioAddPage(6, PAGE_SIZE, 0));
        assertEquals(0, bio.bioAddPage(7, PAGE_SIZE, 0));
        assertEquals(2, bio.biVcnt);
        assertEquals(2048 + PAGE_SIZE, bio.biSize);
        assertEquals((2048 + PAGE_SIZE) >> 9, bio.bioSectors());
    }

    @Test
    void bioEndio_partialCompletionReturnsNonZeroUntilAllBytesAreDone() {
        Bio bio = Bio.bioAlloc(1);
        bio.bioAddPage(0, PAGE_SIZE, 0);
        bio.biSector = 100;
        List<int[]> calls = new ArrayList<>();
        List<Integer> returns = new ArrayList<>();
        bio.biEndIo = (b, done, error) -> {
            calls.add(new int[] {done, b.biSize, error});
            int r = b.biSize != 0 ? 1 : 0;
            returns.add(r);
            return r;
        };
        Bio.bioEndio(bio, 1024, 0);
        assertEquals(102, bio.biSector);
        Bio.bioEndio(bio, 3072, 0);
        assertEquals(108, bio.biSector);
        assertEquals(2, calls.size());
        assertEquals(List.of(1024, 3072), List.of(calls.get(0)[0], calls.get(1)[0]));
        assertEquals(List.of(3072, 0), List.of(calls.get(0)[1], calls.get(1)[1]));
        assertEquals(List.of(1, 0), returns);
        assertTrue(bio.bioFlagged(Bio.BIO_UPTODATE));
    }

    @Test
    void bioEndio_errorClearsUptodate() {
        Bio bio = Bio.bioAlloc(1);
        bio.bioAddPage(0, PAGE_SIZE, 0);
        int[] seen = new int[1];
        bio.biEndIo = (b, done, error) -> {
            seen[0] = error;
            return 0;
        };
        Bio.bioEndio(bio, PAGE_SIZE, Errno.EIO.negative());
        assertFalse(bio.bioFlagged(Bio.BIO_UPTODATE));
        assertEquals(-5, seen[0]);
        assertEquals(0, bio.biSize);
    }

    @Test
    void bioEndio_clampsAnOverlongCompletionWithTheKernelMessage() {
        linux.kernel.Printk.Buffer log = new linux.kernel.Printk.Buffer();
        ManualDevice dev = new ManualDevice("md0", 9, 0, 64, new linux.arch.x86.PhysicalMemory(4), BlockLayer.standalone(log));
        try {
            Bio bio = Bio.bioAlloc(1);
            bio.biBdev = dev;
            bio.bioAddPage(0, 1024, 0);
            int[] done = new int[1];
            bio.biEndIo = (b, d, e) -> {
                done[0] = d;
                return 0;
            };
            Bio.bioEndio(bio, 4096, 0);
            assertEquals(1024, done[0]);
            assertEquals(0, bio.biSize);
            assertEquals(List.of("bio_endio: want 4096 bytes done, only 1024 left"), log.messages());
        } finally {
            dev.close();
        }
    }
}
