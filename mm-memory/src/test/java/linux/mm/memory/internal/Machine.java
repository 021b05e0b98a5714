package linux.mm.memory.internal;

import static linux.arch.x86.PageGeometry.PAGE_SIZE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import linux.arch.x86.Cpu;
import linux.arch.x86.Pgtable;
import linux.mm.memory.PteInvariants;
import linux.mm.page.Filemap;
import linux.mm.page.MmInvariants;
import linux.mm.page.MmStruct;
import linux.mm.page.MmapOps;
import linux.mm.page.Page;
import linux.mm.page.PageFlags;
import linux.mm.page.Pglist;
import linux.mm.page.RmapResult;
import linux.mm.page.SwapHeader;
import linux.mm.page.Task;
import linux.mm.page.WritebackControl;

/**
 * A test kernel with the helpers the tests of this module share: tasks, anonymous mappings,
 * pte and page lookups, a swap file, a reclaim step that swaps one page out the way
 * shrink_page_list would (add_to_swap, try_to_unmap, pageout, remove_mapping), and the
 * invariant checks of kernel-2.6.20.md §4 over every live task.
 */
final class Machine {

    static final int RW = MmapOps.PROT_READ | MmapOps.PROT_WRITE;
    static final int PRIVATE = MmapOps.MAP_PRIVATE | MmapOps.MAP_ANONYMOUS;

    final MemoryTestKernel k;
    final Pgtable pgtable;
    final Pglist pgdat;

    Machine(String cmdline) {
        k = MemoryTestKernel.boot("page_io=simple swap_state=simple vmscan=fake oom_kill=fake " + cmdline);
        pgtable = k.pgtable();
        pgdat = k.pageAlloc().pgdat();
    }

    /** A 2-level machine with 16 MiB and {@code cpus} CPUs. */
    static Machine of(boolean pae, int cpus) {
        return new Machine("mem=16M maxcpus=" + cpus + " pae=" + (pae ? 1 : 0));
    }

    Cpu cpu(int id) {
        return k.cpus().cpu(id);
    }

    /** A new task with an empty address space, running on CPU {@code cpu} from this thread. */
    Task spawn(String comm, int cpu) {
        Task t = k.fork().createTask(comm);
        t.contextSwitch(cpu(cpu));
        return t;
    }

    /** mmap2 of an anonymous mapping; asserts success. */
    long mmap(Task t, long len, int prot, int flags) {
        long addr = k.mmap().sysMmap2(t.mm, 0, len, prot, flags | MmapOps.MAP_ANONYMOUS, -1, 0);
        assertTrue(addr >= 0, "mmap failed: " + addr);
        return addr;
    }

    /** The pte of {@code addr} in {@code mm}, or 0 if no pte table covers it. */
    long pte(MmStruct mm, long addr) {
        long ptep = pgtable.lookupPte(mm.pgd, addr);
        return ptep < 0 ? 0 : pgtable.ptepGet(ptep);
    }

    /** The page a present pte of {@code addr} maps, or null. */
    Page page(MmStruct mm, long addr) {
        long pte = pte(mm, addr);
        return pgtable.ptePresent(pte) ? pgdat.pfnToPage(pgtable.ptePfn(pte)) : null;
    }

    long anonRss(MmStruct mm) {
        return MmStruct.getMmCounter(mm, MmStruct.MmCounter.anonRss);
    }

    long fileRss(MmStruct mm) {
        return MmStruct.getMmCounter(mm, MmStruct.MmCounter.fileRss);
    }

    /** A swap file of {@code pages} pages (mkswap'd) swapped on; its area is type 0 if first. */
    Path swapon(Path dir, int pages) throws IOException {
        Path p = Files.createTempFile(dir, "swap", ".img");
        SwapHeader h = SwapHeader.empty();
        h.writeV1(pages - 1, new byte[16], "");
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.setLength((long) pages * PAGE_SIZE);
            f.seek(0);
            f.write(h.page());
        }
        assertEquals(0, k.swapfile().sysSwapon(p.toString(), 0), "swapon");
        return p;
    }

    /**
     * Swaps {@code page} out as shrink_page_list does with a page it isolated: lock it,
     * add_to_swap, try_to_unmap (every pte becomes the swap pte), write it (pageout), and,
     * if nobody else holds it, take it out of the swap cache and free it (remove_mapping).
     * Returns the page's swap entry. Asserts each step succeeded.
     */
    int swapOut(Page page, boolean leaveInCache) {
        // The page reached the LRU (reclaim only finds it there), and isolation takes a
        // reference.
        k.swap().lruAddDrainAll();
        Page.getPage(page);
        assertTrue(!PageFlags.testSetPageLocked(page), "page already locked");
        if (!PageFlags.pageSwapCache(page)) {
            assertEquals(1, k.swapState().addToSwap(page, 0), "add_to_swap");
        }
        int entry = Page.pagePrivate(page);
        // shrink_page_list asks page_referenced first, which clears the young bits that
        // would make try_to_unmap fail.
        k.rmap().pageReferenced(page, 1);
        assertEquals(RmapResult.SWAP_SUCCESS, k.rmap().tryToUnmap(page, 0), "try_to_unmap");
        if (PageFlags.pageDirty(page)) {
            k.pageWriteback().clearPageDirtyForIo(page);
            WritebackControl wbc = new WritebackControl();
            assertEquals(0, k.pageIo().swapWritepage(page, wbc), "swap_writepage");
        } else {
            Filemap.unlockPage(page);
        }
        if (!leaveInCache) {
            Filemap.lockPage(page);
            // remove_mapping: only the cache's reference and ours are left.
            assertEquals(2, Page.pageCount(page), "remove_mapping finds other references");
            k.swapState().deleteFromSwapCache(page);
            Filemap.unlockPage(page);
        }
        k.swap().putPage(page);
        return entry;
    }

    /** swap_map[offset] of {@code entry}'s area. */
    int swapMap(int entry) {
        return k.swapfile().getSwapInfoStruct(linux.mm.page.Swapops.swpType(entry))
                .swapMap[linux.mm.page.Swapops.swpOffset(entry)];
    }

    /** Free pages: the buddy lists plus every CPU's per-CPU lists. */
    long freePages() {
        long n = k.pageAlloc().nrFreePages();
        for (linux.mm.page.Zone z : pgdat.nodeZones) {
            if (z != null) {
                n += k.pageAlloc().pcpPages(z);
            }
        }
        return n;
    }

    long vmEvent(linux.mm.page.VmEventItem item) {
        return k.pageAlloc().vmstat().vmEvent(item);
    }

    /** Runs {@code body} on a new thread (a CPU's thread) and returns it started. */
    static Thread onThread(String name, Runnable body, Throwable[] failure) {
        Thread th = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                failure[0] = e;
            }
        }, name);
        th.setDaemon(true);
        th.start();
        return th;
    }

    /** Waits until {@code th} sleeps (WAITING) or ends; fails after 10 s. */
    static void awaitBlocked(Thread th) throws InterruptedException {
        long end = System.nanoTime() + 10_000_000_000L;
        while (th.getState() != Thread.State.WAITING && th.getState() != Thread.State.TERMINATED) {
            if (System.nanoTime() > end) {
                throw new AssertionError(th.getName() + " never blocked: " + th.getState());
            }
            Thread.sleep(1);
        }
    }

    /** Every live task's mm, once each. */
    List<MmStruct> liveMms() {
        Map<MmStruct, Boolean> seen = new IdentityHashMap<>();
        List<MmStruct> out = new ArrayList<>();
        for (Task t : k.initTask().snapshot()) {
            MmStruct mm = t.mm;
            if (mm != null && seen.put(mm, Boolean.TRUE) == null) {
                out.add(mm);
            }
        }
        return out;
    }

    /**
     * The invariants of §4.1, §4.2, §4.3 (pte side and swap_map), §4.4 and §4.5 over every
     * live task, after draining the LRU pagevecs: one line per violation.
     */
    List<String> check() {
        k.swap().lruAddDrainAll();
        PteInvariants pte = new PteInvariants(pgtable, pgdat);
        for (MmStruct mm : liveMms()) {
            pte.walk(mm);
        }
        List<String> bad = new ArrayList<>(pte.check(k.swapfile(), k.swapperSpace(), k.mmList()));
        MmInvariants inv = new MmInvariants(pgdat.nodeMemMap, k.swapperSpace()).recordNode(pgdat).atRest(true);
        bad.addAll(pte.feed(inv).check());
        bad.addAll(k.swap().checkLruLists());
        bad.addAll(linux.mm.swapfile.SwapInvariants.check(k.swapfile()));
        return bad;
    }

    void assertInvariants() {
        List<String> bad = check();
        assertTrue(bad.isEmpty(), () -> "invariants violated:\n  " + String.join("\n  ", bad));
    }

    /** Fills the page at {@code addr} with a pattern derived from {@code seed}, word by word. */
    static void fill(Task t, long addr, int seed) {
        for (int i = 0; i < PAGE_SIZE; i += 4) {
            t.storeInt(addr + i, seed * 31 + i);
        }
    }

    /** Asserts the page at {@code addr} holds {@link #fill}'s pattern for {@code seed}. */
    static void assertFilled(Task t, long addr, int seed) {
        for (int i = 0; i < PAGE_SIZE; i += 4) {
            int want = seed * 31 + i;
            int got = t.loadInt(addr + i);
            if (got != want) {
                assertEquals(want, got, "word at 0x" + Long.toHexString(addr + i) + " of " + t);
            }
        }
    }
}
