package linux.boot;

import static linux.arch.x86.PageGeometry.PAGE_SIZE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import linux.block.Bio;
import linux.block.BlockDevice;
import linux.init.BootParams;
import linux.kernel.Current;
import linux.mm.page.AddressSpace;
import linux.mm.page.Gfp;
import linux.mm.page.Page;
import linux.mm.page.PageFlags;
import linux.mm.page.SwapHeader;
import linux.mm.page.Swapops;
import linux.mm.page.VmEventItem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One booted kernel is one object graph (DESIGN.md §3): two kernels in one JVM share no
 * state, and the block layer of each counts its page-ins and page-outs in its own vm events.
 */
class KernelIsolationTest {

    @TempDir
    Path dir;

    static KernelComponent boot() {
        return KernelComponent.startKernel(BootParams.parse("mem=16M"));
    }

    /** A sparse swap file {@code dir/name} of {@code pages} pages, as mkswap writes it (boot's tests share it). */
    static Path mkswap(Path dir, String name, long pages) throws IOException {
        Path p = dir.resolve(name);
        SwapHeader h = SwapHeader.empty();
        h.writeV1(pages - 1, new byte[16], "");
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(pages * PAGE_SIZE);
            f.write(h.page());
        }
        return p;
    }

    /** Everything of kernel {@code k} a swap-out could touch, as one comparable text. */
    static String state(KernelComponent k) {
        StringBuilder sb = new StringBuilder();
        sb.append(k.pageAlloc().vmstat().procVmstat());
        sb.append(k.pageAlloc().vmstat().procZoneinfo());
        sb.append("free ").append(k.pageAlloc().nrFreePages()).append('\n');
        sb.append("swap ").append(k.swapfile().nrSwapPages()).append('/').append(k.swapfile().totalSwapPages()).append('\n');
        sb.append(k.swapfile().procSwaps());
        sb.append("swapcache ").append(k.swapperSpace().nrpages).append(' ').append(k.swapperSpace().radixTreeSize()).append('\n');
        sb.append("committed ").append(k.swap().vmCommittedSpace()).append('\n');
        sb.append("mmlist ").append(k.mmList().snapshot()).append('\n');
        sb.append("current ").append(k.current().current().flags).append('\n');
        sb.append("log ").append(k.printk().lines()).append('\n');
        Page[] memMap = k.pageAlloc().pgdat().nodeMemMap;
        int[] flags = new int[memMap.length * 3];
        for (int i = 0; i < memMap.length; i++) {
            flags[3 * i] = memMap[i].flags();
            flags[3 * i + 1] = Page.pageCount(memMap[i]);
            flags[3 * i + 2] = Page.pageMapcount(memMap[i]);
        }
        sb.append("mem_map ").append(Arrays.hashCode(flags)).append('\n');
        return sb.toString();
    }

    @Test
    void startKernel_twoKernelsInOneJvmShareNothing() throws Exception {
        KernelComponent a = boot();
        KernelComponent b = boot();
        for (Object[] pair : List.of(
                new Object[] {a.printk(), b.printk()}, new Object[] {a.current(), b.current()},
                new Object[] {a.blockLayer(), b.blockLayer()}, new Object[] {a.blockDevices(), b.blockDevices()},
                new Object[] {a.vfs(), b.vfs()}, new Object[] {a.swapperSpace(), b.swapperSpace()},
                new Object[] {a.mmList(), b.mmList()}, new Object[] {a.pageWriteback(), b.pageWriteback()},
                new Object[] {a.physicalMemory(), b.physicalMemory()}, new Object[] {a.pgtable(), b.pgtable()},
                new Object[] {a.pageAlloc(), b.pageAlloc()}, new Object[] {a.swap(), b.swap()},
                new Object[] {a.swapfile(), b.swapfile()})) {
            assertNotSame(pair[0], pair[1], pair[0].getClass().getSimpleName());
        }
        String before = state(b);
        String aBefore = state(a);

        // Swap on kernel A: an area, slots, a page in A's swap cache with its flags, the LRU,
        // PF_SWAPOFF in A's current, and a bio through A's block layer.
        Path swap = mkswap(dir, "a.swap", 64);
        assertEquals(0, a.swapfile().sysSwapon(swap.toString(), 0));
        int entry = a.swapfile().getSwapPage();
        assertNotEquals(0, entry);
        assertEquals(1, a.swapfile().swapDuplicate(entry));
        Page page = a.pageAlloc().allocPage(Gfp.GFP_HIGHUSER);
        PageFlags.setPageLocked(page);
        AddressSpace swapper = a.swapperSpace();
        swapper.treeLock.writeLock().lock();
        try {
            Page.pageCacheGet(page);
            PageFlags.setPageSwapCache(page);
            Page.setPagePrivate(page, entry);
            swapper.radixTreeInsert(entry, page);
            swapper.nrpages++;
        } finally {
            swapper.treeLock.writeLock().unlock();
        }
        PageFlags.setPageUptodate(page);
        a.pageWriteback().setPageDirty(page);
        a.swap().lruCacheAddActive(page);
        a.swap().lruAddDrain();
        a.swap().vmAcctMemory(1 << 20);
        a.current().current().flags |= Current.PF_SWAPOFF;
        BlockDevice dev = a.blockDevices().open(swap);
        CompletableFuture<Integer> done = new CompletableFuture<>();
        a.blockLayer().brwPage(Bio.WRITE, dev, (long) Swapops.swpOffset(entry) << 3, page.pfn, (pfn, err) -> done.complete(err));
        assertEquals(0, done.get(30, TimeUnit.SECONDS));
        dev.close();

        assertNotEquals(aBefore, state(a), "kernel A did change");
        assertEquals(before, state(b), "kernel B saw none of it");
        assertEquals(0, b.current().current().flags & Current.PF_SWAPOFF);
        assertEquals(0, b.swapperSpace().nrpages);
        Page sameFrame = b.pageAlloc().pgdat().pfnToPage(page.pfn);
        assertTrue(!PageFlags.pageSwapCache(sameFrame) && !PageFlags.pageLocked(sameFrame),
                "B's struct page for the same pfn is untouched");
        a.current().current().flags &= ~Current.PF_SWAPOFF;
    }

    @Test
    void submitBio_countsPgpginAndPgpgoutOfItsOwnKernel() throws Exception {
        KernelComponent k = boot();
        KernelComponent other = boot();
        Path image = dir.resolve("disk.img");
        Files.write(image, new byte[64 * PAGE_SIZE]);
        BlockDevice dev = k.blockDevices().open(image);
        Page page = k.pageAlloc().allocPage(Gfp.GFP_KERNEL);
        long in = k.pageAlloc().vmstat().vmEvent(VmEventItem.PGPGIN);
        long out = k.pageAlloc().vmstat().vmEvent(VmEventItem.PGPGOUT);
        String otherBefore = other.pageAlloc().vmstat().procVmstat();

        List<Integer> errors = new ArrayList<>();
        for (int rw : new int[] {Bio.WRITE, Bio.WRITE, Bio.READ}) {
            CompletableFuture<Integer> done = new CompletableFuture<>();
            k.blockLayer().brwPage(rw, dev, 8L * errors.size(), page.pfn, (pfn, err) -> done.complete(err));
            errors.add(done.get(30, TimeUnit.SECONDS));
        }
        assertEquals(List.of(0, 0, 0), errors);
        // submit_bio counts the sectors of each bio; /proc/vmstat shows them as KiB.
        assertEquals(out + 16, k.pageAlloc().vmstat().vmEvent(VmEventItem.PGPGOUT));
        assertEquals(in + 8, k.pageAlloc().vmstat().vmEvent(VmEventItem.PGPGIN));
        String vmstat = k.pageAlloc().vmstat().procVmstat();
        assertTrue(vmstat.contains("\npgpgin " + (in + 8) / 2 + "\n"), vmstat);
        assertTrue(vmstat.contains("\npgpgout " + (out + 16) / 2 + "\n"), vmstat);
        assertEquals(otherBefore, other.pageAlloc().vmstat().procVmstat(), "another kernel's counters stay put");
        dev.close();
        k.pageAlloc().freePageRaw(page);
    }
}
