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
import linux.arch.x86.Pgtable;
import linux.kernel.Current;
import linux.kernel.Printk;
import linux.mm.page.AddressSpace;
import linux.mm.page.AnonVma;
import linux.mm.page.Gfp;
import linux.mm.page.MmInvariants;
import linux.mm.page.MmList;
import linux.mm.page.MmStruct;
import linux.mm.page.Page;
import linux.mm.page.PageAllocOps;
import linux.mm.page.SwapHeader;
import linux.mm.page.SwapInfoStruct;
import linux.mm.page.SwapOps;
import linux.mm.page.SwapfileOps;
import linux.mm.page.Swapops;
import linux.mm.page.VmAreaStruct;
import linux.mm.page.ZoneStatItem;
import linux.mm.swapfile.SwapInvariants;
import linux.testkit.FakeMmap;
import linux.testkit.FakeSwapState;

/**
 * The rmap tests' view of an {@link RmapTestKernel}: its parts under short names, with the
 * implementations under test (and testkit's fakes) at their own types, plus helpers that set
 * up mms, vmas and ptes by hand the way the fault path would, and the invariant walk.
 */
final class RmapMachine {

    final RmapTestKernel kernel;
    final Printk.Buffer log;
    final AddressSpace swapper;
    final Current current;
    final PageAllocOps pa;
    final SwapOps swap;
    final Pgtable pgtable;
    final MmList mmList;
    final SwapfileOps swapfile;
    final Rmap rmap;
    final Thrash thrash;
    final FakeMmap mmap;
    final FakeSwapState swapState;
    /** Every mm made here, for the invariant walk. */
    final List<MmStruct> mms = new ArrayList<>();

    final IntSupplier allocFrame;
    final IntConsumer freeFrame;

    RmapMachine(boolean pae) {
        kernel = RmapTestKernel.boot(RmapTestKernel.CMDLINE + " pae=" + (pae ? 1 : 0));
        log = kernel.printk();
        swapper = kernel.swapperSpace();
        current = kernel.current();
        pa = kernel.pageAlloc();
        swap = kernel.swap();
        pgtable = kernel.pgtable();
        mmList = kernel.mmList();
        swapfile = kernel.swapfile();
        rmap = (Rmap) kernel.rmap();
        thrash = (Thrash) kernel.swapToken();
        mmap = (FakeMmap) kernel.mmap();
        swapState = (FakeSwapState) kernel.swapState();
        allocFrame = () -> {
            Page p = pa.allocPage(Gfp.GFP_KERNEL | Gfp.__GFP_ZERO);
            return p == null ? -1 : p.pfn;
        };
        freeFrame = pfn -> pa.freePageRaw(pa.pgdat().pfnToPage(pfn));
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
}
