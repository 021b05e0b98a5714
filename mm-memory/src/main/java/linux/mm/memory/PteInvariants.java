package linux.mm.memory;

/*
 * No single 2.6.20 counterpart: the page-table side of kernel-2.6.20.md §4.1 (the pte
 * census behind the mapcount rules), §4.3 items 1, 7 and 8 (swap_map against swap ptes and
 * the swap cache, swap ptes decoding to live slots, mmlist membership) and §4.5 (rss,
 * swap-pte shape, COW ptes read-only), checked by walking the page tables in RAM. Owns the
 * facts gathered by one walk.
 */

import static linux.arch.x86.PageGeometry.PAGE_SIZE;

import java.util.ArrayList;
import java.util.List;
import linux.arch.x86.Pgtable;
import linux.mm.page.AddressSpace;
import linux.mm.page.MmInvariants;
import linux.mm.page.MmList;
import linux.mm.page.MmStruct;
import linux.mm.page.Page;
import linux.mm.page.Pglist;
import linux.mm.page.SwapInfoStruct;
import linux.mm.page.SwapfileOps;
import linux.mm.page.Swapops;
import linux.mm.page.VmAreaStruct;
import org.eclipse.collections.api.map.primitive.MutableIntIntMap;
import org.eclipse.collections.impl.map.mutable.primitive.IntIntHashMap;

/**
 * Walks the page tables of a set of mms at a quiescent point (no fault, unmap or I/O in
 * flight, LRU pagevecs drained, no mmu_gather pending) and checks what only the page tables
 * can tell:
 * <ul>
 * <li>§4.5.1: each mm's anon_rss and file_rss equal its present ptes mapping anonymous and
 *   other pages;</li>
 * <li>§4.5.2 / §4.3.7: every non-present, non-empty pte is a swap pte (not a nonlinear file
 *   pte: mmemu has no nonlinear vmas) whose entry names a slot of an area in use, below
 *   max, with a non-zero count;</li>
 * <li>§4.5.2 / §4.5.3: a writable pte in a private (COW) vma maps an anonymous page that no
 *   other pte maps: writability is granted only by a write fault on a page of one's own,
 *   and fork write-protects both sides;</li>
 * <li>§4.3.1: for every slot with {@code 0 < swap_map < SWAP_MAP_MAX}, the count equals the
 *   swap ptes holding it plus one if its page is in the swap cache;</li>
 * <li>§4.3.8: every mm with a swap pte is on init_mm's mmlist.</li>
 * </ul>
 * {@link #feed(MmInvariants)} hands the present ptes to mm-page's checker for the mapcount,
 * refcount and anon-identity rules of §4.1.
 *
 * <pre>{@code
 * PteInvariants pte = new PteInvariants(pgtable, pgdat).walk(mmA).walk(mmB);
 * List<String> bad = pte.check(swapfile, swapperSpace, mmList);
 * bad.addAll(pte.feed(new MmInvariants(pgdat.nodeMemMap, swapperSpace).recordNode(pgdat)).check());
 * }</pre>
 *
 * <p>Locking: none taken; the caller makes sure the system is quiescent.
 */
public final class PteInvariants {

    private final Pgtable pgtable;
    private final Pglist pgdat;
    private final List<MmStruct> mms = new ArrayList<>();
    private final List<Present> present = new ArrayList<>();
    private final MutableIntIntMap swapPtes = new IntIntHashMap();
    private final List<String> problems = new ArrayList<>();
    private final List<MmStruct> swappedMms = new ArrayList<>();

    private record Present(MmStruct mm, VmAreaStruct vma, long address, long pte) {
    }

    public PteInvariants(Pgtable pgtable, Pglist pgdat) {
        this.pgtable = pgtable;
        this.pgdat = pgdat;
    }

    /** Walks every pte of every vma of {@code mm} and checks its rss counters (§4.5.1). */
    public PteInvariants walk(MmStruct mm) {
        mms.add(mm);
        long anon = 0;
        long file = 0;
        boolean swapped = false;
        for (VmAreaStruct vma = mm.mmap; vma != null; vma = vma.vmNext) {
            long addr = vma.vmStart;
            while (addr < vma.vmEnd) {
                long pmdp = pgtable.pmdOffset(pgtable.pgdOffset(mm.pgd, addr), addr);
                long next = Math.min(pgtable.pmdAddrEnd(addr, vma.vmEnd), vma.vmEnd);
                if (pmdp < 0 || pgtable.pmdNone(pgtable.pmdGet(pmdp))) {
                    addr = next;
                    continue;
                }
                long ptep = pgtable.pteOffset(pmdp, addr);
                for (; addr < next; addr += PAGE_SIZE, ptep += pgtable.PTE_SIZE()) {
                    long pte = pgtable.ptepGet(ptep);
                    if (pgtable.pteNone(pte)) {
                        continue;
                    }
                    if (pgtable.ptePresent(pte)) {
                        present.add(new Present(mm, vma, addr, pte));
                        Page page = pgdat.pfnToPage(pgtable.ptePfn(pte));
                        if (Page.pageAnon(page)) {
                            anon++;
                        } else {
                            file++;
                        }
                        continue;
                    }
                    if (pgtable.pteFile(pte)) {
                        problems.add(String.format("%s: pte 0x%x at 0x%08x is a nonlinear file pte in %s (§4.5.2)",
                                mm, pte, addr, vma));
                        continue;
                    }
                    swapped = true;
                    swapPtes.addToValue(Swapops.pteToSwpEntry(pgtable, pte), 1);
                }
            }
        }
        long anonRss = MmStruct.getMmCounter(mm, MmStruct.MmCounter.anonRss);
        long fileRss = MmStruct.getMmCounter(mm, MmStruct.MmCounter.fileRss);
        if (anonRss != anon) {
            problems.add(mm + ": anon_rss " + anonRss + " but " + anon + " present pte(s) map anon pages (§4.5.1)");
        }
        if (fileRss != file) {
            problems.add(mm + ": file_rss " + fileRss + " but " + file + " present pte(s) map other pages (§4.5.1)");
        }
        if (swapped) {
            swappedMms.add(mm);
        }
        return this;
    }

    /** How many swap ptes of the walked mms hold {@code entry}. */
    public int swapPtes(int entry) {
        return swapPtes.getIfAbsent(entry, 0);
    }

    /** Reports every present pte walked to {@code inv} (its pte census); returns {@code inv}. */
    public MmInvariants feed(MmInvariants inv) {
        inv.beginPteCensus();
        for (Present p : present) {
            inv.recordPresentPte(p.mm(), p.vma(), p.address(), pgtable.ptePfn(p.pte()));
        }
        return inv;
    }

    /**
     * The problems of the walks plus §4.5.2's COW rule and, given the swap areas, swap
     * cache and mmlist, §4.3.1, §4.3.7 and §4.3.8. Either of {@code swapfile} and
     * {@code mmList} may be null to skip its checks. One line per violation.
     */
    public List<String> check(SwapfileOps swapfile, AddressSpace swapperSpace, MmList mmList) {
        List<String> out = new ArrayList<>(problems);
        for (Present p : present) {
            if (!pgtable.pteWrite(p.pte())) {
                continue;
            }
            int flags = p.vma().vmFlags;
            boolean cow = (flags & (VmAreaStruct.VM_SHARED | VmAreaStruct.VM_MAYWRITE)) == VmAreaStruct.VM_MAYWRITE;
            if (!cow) {
                continue;
            }
            Page page = pgdat.pfnToPage(pgtable.ptePfn(p.pte()));
            if (!Page.pageAnon(page) || Page.pageMapcount(page) != 1) {
                out.add(String.format("%s: writable pte at 0x%08x of private %s maps page pfn 0x%x "
                        + "(anon %b, mapcount %d), not a page of its own (§4.5.3)", p.mm(), p.address(), p.vma(),
                        page.pfn, Page.pageAnon(page), Page.pageMapcount(page)));
            }
        }
        if (swapfile != null) {
            checkSwapMap(swapfile, swapperSpace, out);
        }
        if (mmList != null) {
            for (MmStruct mm : swappedMms) {
                if (!mmList.isListed(mm)) {
                    out.add(mm + ": holds swap ptes but is not on the mmlist (§4.3.8)");
                }
            }
        }
        return out;
    }

    private static boolean inSwapCache(AddressSpace swapperSpace, int entry) {
        swapperSpace.treeLock.readLock().lock();
        try {
            return swapperSpace.radixTreeLookup(entry) != null;
        } finally {
            swapperSpace.treeLock.readLock().unlock();
        }
    }

    private void checkSwapMap(SwapfileOps swapfile, AddressSpace swapperSpace, List<String> out) {
        int nr = swapfile.nrSwapfiles();
        swapPtes.forEachKeyValue((entry, ptes) -> {
            int type = Swapops.swpType(entry);
            int offset = Swapops.swpOffset(entry);
            SwapInfoStruct si = type < nr ? swapfile.getSwapInfoStruct(type) : null;
            if (si == null || (si.flags & SwapInfoStruct.SWP_USED) == 0 || si.swapMap == null) {
                out.add(String.format("swap entry 0x%08x in %d pte(s): area %d is not in use (§4.3.7)", entry, ptes, type));
            } else if (offset == 0 || Integer.compareUnsigned(offset, si.max) >= 0) {
                out.add(String.format("swap entry 0x%08x in %d pte(s): offset %d outside 1..%d (§4.3.7)", entry, ptes,
                        offset, si.max - 1));
            } else if (si.swapMap[offset] == 0) {
                out.add(String.format("swap entry 0x%08x in %d pte(s): swap_map is 0 (§4.3.7)", entry, ptes));
            }
        });
        for (int type = 0; type < nr; type++) {
            SwapInfoStruct si = swapfile.getSwapInfoStruct(type);
            if ((si.flags & SwapInfoStruct.SWP_USED) == 0 || si.swapMap == null) {
                continue;
            }
            for (int off = 1; off < si.max; off++) {
                int count = si.swapMap[off];
                if (count == 0 || count >= SwapInfoStruct.SWAP_MAP_MAX) {
                    continue;
                }
                int entry = Swapops.swpEntry(type, off);
                int ptes = swapPtes.getIfAbsent(entry, 0);
                boolean cached = swapperSpace != null && inSwapCache(swapperSpace, entry);
                int expected = ptes + (cached ? 1 : 0);
                if (count != expected) {
                    out.add(String.format("swap_map[%d:%d] is %d but %d swap pte(s)%s hold it (§4.3.1)", type, off,
                            count, ptes, cached ? " + the swap cache" : ""));
                }
            }
        }
    }
}
