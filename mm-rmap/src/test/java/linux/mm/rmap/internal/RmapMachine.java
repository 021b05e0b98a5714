package linux.mm.rmap.internal;

import static linux.arch.x86.PageGeometry.PAGE_SHIFT;
import static linux.arch.x86.PageGeometry.PAGE_SIZE;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import java.util.function.IntSupplier;
import linux.arch.x86.Cpus;
import linux.arch.x86.PhysicalMemory;
import linux.arch.x86.Pgtable;
import linux.arch.x86.internal.Pgtable2Level;
import linux.arch.x86.internal.Pgtable3Level;
import linux.kernel.Current;
import linux.kernel.Errno;
import linux.kernel.KernelBug;
import linux.kernel.Printk;
import linux.mm.page.AddressSpace;
import linux.mm.page.AnonVma;
import linux.mm.page.Filemap;
import linux.mm.page.ForkOps;
import linux.mm.page.Gfp;
import linux.mm.page.MmInvariants;
import linux.mm.page.MmList;
import linux.mm.page.MmStruct;
import linux.mm.page.MmapOps;
import linux.mm.page.Page;
import linux.mm.page.PageAlloc;
import linux.mm.page.PageFlags;
import linux.mm.page.PageIoOps;
import linux.mm.page.PageWriteback;
import linux.mm.page.Swap;
import linux.mm.page.SwapHeader;
import linux.mm.page.SwapInfoStruct;
import linux.mm.page.SwapStateOps;
import linux.mm.page.Swapops;
import linux.mm.page.VmAreaStruct;
import linux.mm.page.WritebackControl;
import linux.mm.page.ZoneStatItem;
import linux.mm.swapfile.SwapInvariants;
import linux.mm.swapfile.internal.HostVfs;
import linux.mm.swapfile.internal.Swapfile;

/**
 * A small kernel for the rmap tests, built by hand until module testkit lands: real RAM,
 * CPUs and page tables (either format) from arch-x86, the real allocator, LRU and writeback
 * state of mm-page, the real mm/swapfile.c, the swap token and rmap under test; recording
 * fakes for the files downstream of rmap (mmap.c, fork.c) and for swap_state.c and
 * page_io.c, whose real implementations are still being written.
 */
final class RmapMachine {

    final Printk.Buffer log = new Printk.Buffer();
    final PhysicalMemory ram = new PhysicalMemory(2048);
    final AddressSpace swapper = AddressSpace.newSwapperSpace();
    final Current current = new Current();
    final PageAlloc pa = new PageAlloc(ram, 1, swapper, log, current);
    final PageWriteback writeback = new PageWriteback(pa.vmstat());
    final Swap swap = new Swap(pa, writeback, current);
    final Cpus cpus = new Cpus(ram, 1);
    final Pgtable pgtable;
    final MmList mmList = new MmList();
    final Thrash thrash = new Thrash();
    final RecordingMmap mmap = new RecordingMmap();
    final RecordingSwapState swapState = new RecordingSwapState();
    final RecordingPageIo pageIo = new RecordingPageIo();
    final RecordingFork fork = new RecordingFork();
    final Swapfile swapfile;
    final Rmap rmap;
    /** Every mm made here, for the invariant walk. */
    final List<MmStruct> mms = new ArrayList<>();

    final IntSupplier allocFrame = () -> {
        Page p = pa.allocPage(Gfp.GFP_KERNEL | Gfp.__GFP_ZERO);
        return p == null ? -1 : p.pfn;
    };
    final IntConsumer freeFrame = pfn -> pa.freePageRaw(pa.pgdat().pfnToPage(pfn));

    RmapMachine(boolean pae) {
        pgtable = pae ? new Pgtable3Level(ram, cpus) : new Pgtable2Level(ram, cpus);
        swap.swapSetup();
        swapfile = new Swapfile(log, current, new HostVfs(), pgtable, pa, swap, mmList, () -> swapState, () -> pageIo,
                this::rmapOps, () -> fork);
        rmap = new Rmap(log, current, pgtable, pa, swap, () -> swapfile, () -> mmap, mmList, writeback, thrash);
    }

    /** swapfile.c's way back into rmap (set once the constructor has built it). */
    private linux.mm.page.RmapOps rmapOps() {
        return rmap;
    }

    // ---------------------------------------------------------------- set-up helpers

    /** swapon of a fresh mkswap'd file of {@code pages} pages in {@code dir}. */
    SwapInfoStruct swapon(Path dir, String name, int pages) throws IOException {
        Path p = dir.resolve(name);
        SwapHeader h = SwapHeader.empty();
        h.writeV1(pages - 1, new byte[16], "");
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.setLength((long) pages * PAGE_SIZE);
            f.seek(0);
            f.write(h.page());
        }
        int err = swapfile.sysSwapon(p.toString(), 0);
        if (err != 0) {
            throw new AssertionError("swapon " + p + ": " + err + " " + log.messages());
        }
        for (int t = 0; t < swapfile.nrSwapfiles(); t++) {
            SwapInfoStruct si = swapfile.getSwapInfoStruct(t);
            if ((si.flags & SwapInfoStruct.SWP_USED) != 0 && si.swapMap != null) {
                return si;
            }
        }
        throw new AssertionError("no area after swapon");
    }

    /** A new mm with a page directory (mm_alloc + pgd_alloc). */
    MmStruct mm(String name) {
        MmStruct mm = new MmStruct(name);
        mm.pgd = pgtable.pgdAlloc(allocFrame, freeFrame);
        mms.add(mm);
        return mm;
    }

    /**
     * A private writable anonymous vma of {@code pages} pages at {@code start} of {@code mm},
     * with page offset {@code pgoff} (start >> PAGE_SHIFT for a fresh mmap; another value for
     * a vma moved by mremap) and {@code anonVma} (may be null), linked into the mm's list and
     * onto the anon_vma's list.
     */
    VmAreaStruct vma(MmStruct mm, long start, int pages, int pgoff, AnonVma anonVma) {
        VmAreaStruct vma = new VmAreaStruct(mm, start, start + ((long) pages << PAGE_SHIFT),
                VmAreaStruct.VM_READ | VmAreaStruct.VM_WRITE | VmAreaStruct.VM_MAYREAD | VmAreaStruct.VM_MAYWRITE,
                pgtable.PAGE_COPY(), pgoff);
        mmap.insertVmStruct(mm, vma);
        vma.anonVma = anonVma;
        if (anonVma != null) {
            rmap.anonVmaLink(vma);
        }
        return vma;
    }

    /** The pte pointer of {@code addr} in {@code mm}, making the pte table if needed. */
    long ptep(MmStruct mm, long addr) {
        long pgdp = pgtable.pgdOffset(mm.pgd, addr);
        long pmdp = pgtable.pmdOffset(pgdp, addr);
        return pgtable.pteAllocMap(pmdp, addr, allocFrame, freeFrame);
    }

    long pte(MmStruct mm, long addr) {
        long ptep = pgtable.lookupPte(mm.pgd, addr);
        return ptep < 0 ? 0 : pgtable.ptepGet(ptep);
    }

    /** A fresh anonymous page (count 1, the reference its first pte will own). */
    Page newPage() {
        Page page = pa.allocPage(Gfp.GFP_HIGHUSER);
        if (page == null) {
            throw new AssertionError("out of memory");
        }
        return page;
    }

    /**
     * What a fault does to map {@code page} at {@code addr} of {@code vma}: a present pte of
     * the vma's protection (young unless {@code old}, plus RW and DIRTY if {@code dirty}),
     * anon_rss++, the rmap call (page_add_new_anon_rmap for the first mapping, else a page
     * reference and page_add_anon_rmap), all under the pte lock.
     */
    long mapAnon(VmAreaStruct vma, long addr, Page page, boolean first, boolean old, boolean dirty) {
        MmStruct mm = vma.vmMm;
        long ptep = ptep(mm, addr);
        long pte = pgtable.pfnPte(page.pfn, vma.vmPageProt);
        pte = old ? pgtable.pteMkold(pte) : pgtable.pteMkyoung(pte);
        if (dirty) {
            pte = pgtable.pteMkwrite(pgtable.pteMkdirty(pte));
        }
        mm.pageTableLock.lock();
        try {
            pgtable.setPteAt(ptep, pte);
            MmStruct.incMmCounter(mm, MmStruct.MmCounter.anonRss);
            if (first) {
                rmap.pageAddNewAnonRmap(page, vma, addr);
            } else {
                Page.getPage(page);
                rmap.pageAddAnonRmap(page, vma, addr);
            }
        } finally {
            mm.pageTableLock.unlock();
        }
        return ptep;
    }

    long nrAnonPages() {
        return pa.vmstat().globalPageState(ZoneStatItem.NR_ANON_PAGES);
    }

    long nrFileMapped() {
        return pa.vmstat().globalPageState(ZoneStatItem.NR_FILE_MAPPED);
    }

    // ---------------------------------------------------------------- invariants

    /**
     * Every violated invariant of kernel-2.6.20.md §4.1 (struct page counts, by mm-page's
     * checker with a full pte census), §4.3 (swap_map: the areas by mm-swapfile's checker, and
     * item 1 and 7 and 8 against the swap ptes found here) and §4.5.1 (rss counters), one line
     * each, with the pte and lock state left by the test: no pte lock, anon_vma lock or
     * mmlist_lock may still be held. {@code atRest}: no extra page references held by the
     * test (enables the exact refcount rule).
     */
    List<String> invariants(boolean atRest) {
        List<String> bad = new ArrayList<>();
        MmInvariants inv = new MmInvariants(pa.pgdat().nodeMemMap, swapper).beginPteCensus().atRest(atRest)
                .recordNode(pa.pgdat());
        // Swap ptes found, per area and offset (the areas are small).
        int[][] swapPtes = new int[SwapInfoStruct.MAX_SWAPFILES][];
        for (int t = 0; t < swapfile.nrSwapfiles(); t++) {
            SwapInfoStruct si = swapfile.getSwapInfoStruct(t);
            swapPtes[t] = new int[si.swapMap == null ? 0 : si.max];
        }
        for (MmStruct mm : mms) {
            if (mm.pageTableLock.isLocked()) {
                bad.add(mm + ": page_table_lock still held");
            }
            long anon = 0;
            long file = 0;
            boolean hasSwapPte = false;
            for (VmAreaStruct vma = mm.mmap; vma != null; vma = vma.vmNext) {
                if (vma.anonVma != null && vma.anonVma.lock.isLocked()) {
                    bad.add(vma + ": anon_vma->lock still held");
                }
                for (long addr = vma.vmStart; addr < vma.vmEnd; addr += PAGE_SIZE) {
                    long ptep = pgtable.lookupPte(mm.pgd, addr);
                    if (ptep < 0) {
                        continue;
                    }
                    long pte = pgtable.ptepGet(ptep);
                    if (pgtable.ptePresent(pte)) {
                        int pfn = pgtable.ptePfn(pte);
                        inv.recordPresentPte(mm, vma, addr, pfn);
                        if (Page.pageAnon(pa.pgdat().pfnToPage(pfn))) {
                            anon++;
                        } else {
                            file++;
                        }
                    } else if (!pgtable.pteNone(pte) && !pgtable.pteFile(pte)) {
                        int entry = Swapops.pteToSwpEntry(pgtable, pte);
                        hasSwapPte = true;
                        if (checkSwapPteEntry(mm, addr, entry, bad)) {
                            swapPtes[Swapops.swpType(entry)][Swapops.swpOffset(entry)]++;
                        }
                    }
                }
            }
            if (MmStruct.getMmCounter(mm, MmStruct.MmCounter.anonRss) != anon) {
                bad.add(mm + ": anon_rss " + MmStruct.getMmCounter(mm, MmStruct.MmCounter.anonRss) + " but " + anon
                        + " present anon pte(s) (§4.5.1)");
            }
            if (MmStruct.getMmCounter(mm, MmStruct.MmCounter.fileRss) != file) {
                bad.add(mm + ": file_rss " + MmStruct.getMmCounter(mm, MmStruct.MmCounter.fileRss) + " but " + file
                        + " present non-anon pte(s) (§4.5.1)");
            }
            if (hasSwapPte && !mmList.isListed(mm)) {
                bad.add(mm + ": holds swap ptes but is not on init_mm.mmlist (§4.3.8)");
            }
        }
        if (mmList.mmlistLock.isLocked()) {
            bad.add("mmlist_lock still held");
        }
        if (pa.badPages() != 0) {
            bad.add(pa.badPages() + " bad page(s) reported by the allocator (§4.1.5): " + log.messages());
        }
        bad.addAll(inv.check());
        bad.addAll(SwapInvariants.check(swapfile));
        // §4.3.1: every counted slot is referenced by exactly its swap ptes plus its cache page.
        for (int t = 0; t < swapfile.nrSwapfiles(); t++) {
            SwapInfoStruct si = swapfile.getSwapInfoStruct(t);
            if ((si.flags & SwapInfoStruct.SWP_USED) == 0 || si.swapMap == null) {
                continue;
            }
            for (int off = 1; off < si.max; off++) {
                int count = si.swapMap[off];
                if (count == 0 || count >= SwapInfoStruct.SWAP_MAP_MAX) {
                    continue;
                }
                int entry = Swapops.swpEntry(t, off);
                int cached;
                swapper.treeLock.readLock().lock();
                try {
                    cached = swapper.radixTreeLookup(entry) != null ? 1 : 0;
                } finally {
                    swapper.treeLock.readLock().unlock();
                }
                if (count != swapPtes[t][off] + cached) {
                    bad.add("swap_map[" + t + ":" + off + "] = " + count + " but " + swapPtes[t][off]
                            + " swap pte(s) + " + cached + " cache page (§4.3.1)");
                }
            }
        }
        return bad;
    }

    /** §4.3.7: a swap pte names a used slot of a known area. Returns whether it does. */
    private boolean checkSwapPteEntry(MmStruct mm, long addr, int entry, List<String> bad) {
        int type = Swapops.swpType(entry);
        int off = Swapops.swpOffset(entry);
        String where = mm + " at 0x" + Long.toHexString(addr) + ": swap pte of entry 0x" + Integer.toHexString(entry);
        if (type >= swapfile.nrSwapfiles()) {
            bad.add(where + " names area " + type + " beyond nr_swapfiles (§4.3.7)");
            return false;
        }
        SwapInfoStruct si = swapfile.getSwapInfoStruct(type);
        if (si.swapMap == null || off <= 0 || off >= si.max || si.swapMap[off] == 0) {
            bad.add(where + " names a slot not in use (§4.3.7)");
            return false;
        }
        return true;
    }

    // ---------------------------------------------------------------- recording fakes

    /**
     * mm/mmap.c as rmap reaches it: find_mergeable_anon_vma answers {@link #mergeable} (what
     * the test says the neighbour holds); the vma list functions keep {@code mm->mmap}
     * sorted; mmap and munmap are not part of these tests and answer -ENOSYS. Every call is
     * recorded.
     */
    static final class RecordingMmap implements MmapOps {
        final List<String> calls = new ArrayList<>();
        volatile AnonVma mergeable;

        @Override
        public synchronized long doMmapPgoff(MmStruct mm, AddressSpace file, long addr, long len, int prot,
                int flags, int pgoff) {
            calls.add("do_mmap_pgoff");
            return Errno.ENOSYS.negative();
        }

        @Override
        public synchronized int doMunmap(MmStruct mm, long start, long len) {
            calls.add("do_munmap");
            return Errno.ENOSYS.negative();
        }

        @Override
        public synchronized VmAreaStruct findVma(MmStruct mm, long addr) {
            calls.add("find_vma");
            for (VmAreaStruct v = mm.mmap; v != null; v = v.vmNext) {
                if (addr < v.vmEnd) {
                    return v;
                }
            }
            return null;
        }

        @Override
        public synchronized AnonVma findMergeableAnonVma(VmAreaStruct vma) {
            calls.add("find_mergeable_anon_vma");
            return mergeable;
        }

        @Override
        public synchronized int insertVmStruct(MmStruct mm, VmAreaStruct vma) {
            calls.add("insert_vm_struct");
            VmAreaStruct prev = null;
            VmAreaStruct v = mm.mmap;
            while (v != null && v.vmEnd <= vma.vmStart) {
                prev = v;
                v = v.vmNext;
            }
            if (v != null && v.vmStart < vma.vmEnd) {
                return Errno.ENOMEM.negative();
            }
            vma.vmNext = v;
            if (prev == null) {
                mm.mmap = vma;
            } else {
                prev.vmNext = vma;
            }
            mm.mapCount++;
            return 0;
        }

        @Override
        public synchronized void exitMmap(MmStruct mm) {
            calls.add("exit_mmap");
        }
    }

    /**
     * mm/swap_state.c reduced to what these tests drive, without I/O: add_to_swap takes a slot
     * from the real swapfile.c and puts the locked page in swapper_space as
     * __add_to_swap_cache does (cache reference, PG_swapcache, page->private, NR_FILE_PAGES),
     * then PG_uptodate and PG_dirty; removal undoes it. read_swap_cache_async finds a cached
     * page or makes one without reading it. Calls are recorded.
     */
    final class RecordingSwapState implements SwapStateOps {
        final List<String> calls = new ArrayList<>();

        @Override
        public AddressSpace swapperSpace() {
            return swapper;
        }

        @Override
        public void showSwapCacheInfo() {
            calls.add("show_swap_cache_info");
            log.printk(Printk.KERN_INFO, "Swap cache: " + swapper.nrpages + " pages (recording fake)");
        }

        @Override
        public int addToSwap(Page page, int gfpMask) {
            calls.add("add_to_swap");
            if (!PageFlags.pageLocked(page)) {
                throw new KernelBug("add_to_swap on an unlocked page");
            }
            int entry = swapfile.getSwapPage();
            if (entry == 0) {
                return 0;
            }
            addToSwapCache(page, entry);
            PageFlags.setPageUptodate(page);
            PageFlags.setPageDirty(page);
            return 1;
        }

        /** The page enters the cache at {@code entry}, whose slot reference the caller holds. */
        void addToSwapCache(Page page, int entry) {
            Page.getPage(page);
            swapper.treeLock.writeLock().lock();
            try {
                swapper.radixTreeInsert(entry, page);
                PageFlags.setPageSwapCache(page);
                Page.setPagePrivate(page, entry);
                swapper.nrpages++;
                pa.vmstat().incZonePageState(page, ZoneStatItem.NR_FILE_PAGES);
            } finally {
                swapper.treeLock.writeLock().unlock();
            }
        }

        @Override
        public void deleteFromSwapCacheLocked(Page page) {
            calls.add("__delete_from_swap_cache");
            swapper.radixTreeDelete(Page.pagePrivate(page));
            Page.setPagePrivate(page, 0);
            PageFlags.clearPageSwapCache(page);
            swapper.nrpages--;
            pa.vmstat().decZonePageState(page, ZoneStatItem.NR_FILE_PAGES);
        }

        @Override
        public void deleteFromSwapCache(Page page) {
            calls.add("delete_from_swap_cache");
            int entry = Page.pagePrivate(page);
            swapper.treeLock.writeLock().lock();
            try {
                deleteFromSwapCacheLocked(page);
            } finally {
                swapper.treeLock.writeLock().unlock();
            }
            swapfile.swapFree(entry);
            swap.pageCacheRelease(page);
        }

        @Override
        public void freePageAndSwapCache(Page page) {
            calls.add("free_page_and_swap_cache");
            freeSwapCache(page);
            swap.pageCacheRelease(page);
        }

        @Override
        public void freePagesAndSwapCache(Page[] pages, int nr) {
            calls.add("free_pages_and_swap_cache");
            for (int i = 0; i < nr; i++) {
                freeSwapCache(pages[i]);
            }
            swap.releasePages(pages, nr, false);
        }

        private void freeSwapCache(Page page) {
            if (PageFlags.pageSwapCache(page) && !PageFlags.testSetPageLocked(page)) {
                swapfile.removeExclusiveSwapPage(page);
                Filemap.unlockPage(page);
            }
        }

        @Override
        public Page lookupSwapCache(int entry) {
            calls.add("lookup_swap_cache");
            return Filemap.findGetPage(swapper, entry);
        }

        @Override
        public Page readSwapCacheAsync(int entry, VmAreaStruct vma, long addr) {
            calls.add("read_swap_cache_async");
            Page found = Filemap.findGetPage(swapper, entry);
            if (found != null) {
                return found;
            }
            Page page = pa.allocPage(Gfp.GFP_HIGHUSER);
            if (page == null) {
                return null;
            }
            if (swapfile.swapDuplicate(entry) == 0) {
                swap.putPage(page);
                return null;
            }
            addToSwapCache(page, entry);
            PageFlags.setPageUptodate(page);
            return page;
        }
    }

    /** mm/page_io.c without I/O: each call is counted and completes at once. */
    static final class RecordingPageIo implements PageIoOps {
        int writes;
        int reads;

        @Override
        public synchronized int swapWritepage(Page page, WritebackControl wbc) {
            writes++;
            Filemap.unlockPage(page);
            return 0;
        }

        @Override
        public synchronized int swapReadpage(Page page) {
            reads++;
            PageFlags.setPageUptodate(page);
            Filemap.unlockPage(page);
            return 0;
        }
    }

    /** kernel/fork.c: the user and struct counts only; no mm is copied (dup_mm answers null). */
    static final class RecordingFork implements ForkOps {
        final List<String> calls = new ArrayList<>();

        @Override
        public synchronized MmStruct dupMm(MmStruct oldmm) {
            calls.add("dup_mm");
            return null;
        }

        @Override
        public synchronized void mmput(MmStruct mm) {
            calls.add("mmput");
            mm.mmUsers.decrementAndGet();
        }

        @Override
        public synchronized void mmdrop(MmStruct mm) {
            calls.add("mmdrop");
            mm.mmCount.decrementAndGet();
        }
    }
}
