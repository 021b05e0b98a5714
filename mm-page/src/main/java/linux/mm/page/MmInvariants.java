package linux.mm.page;

import linux.kernel.KernelBug;

/*
 * No single 2.6.20 counterpart: the struct-page, swap-cache and LRU invariants that 2.6.20
 * states in comments and enforces piecemeal (free_pages_check, page_remove_rmap's BUG,
 * VM_BUG_ONs), gathered as one checker (kernel-2.6.20.md §4.1, §4.2, §4.4). Owns the facts a
 * caller reports (present ptes, zone LRU lists, global counters) for one check.
 */

import static linux.mm.page.Page.pageAnon;
import static linux.mm.page.Page.pageCount;
import static linux.mm.page.Page.pageMapcount;
import static linux.mm.page.Page.rawMapcount;
import static linux.mm.page.PageFlags.PG_active;
import static linux.mm.page.PageFlags.PG_locked;
import static linux.mm.page.PageFlags.PG_lru;
import static linux.mm.page.PageFlags.PG_private;
import static linux.mm.page.PageFlags.PG_reclaim;
import static linux.mm.page.PageFlags.PG_reserved;
import static linux.mm.page.PageFlags.PG_slab;
import static linux.mm.page.PageFlags.PG_swapcache;
import static linux.mm.page.PageFlags.PG_writeback;
import static linux.mm.page.PageFlags.pageActive;
import static linux.mm.page.PageFlags.pageLRU;
import static linux.mm.page.PageFlags.pagePrivate;
import static linux.mm.page.PageFlags.pageSwapCache;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.collections.api.map.primitive.MutableIntIntMap;
import org.eclipse.collections.impl.map.mutable.primitive.IntIntHashMap;

/**
 * Checks the invariants of kernel-2.6.20.md §4.1 (struct page counts), §4.2 (swap cache,
 * the parts visible from struct page and swapper_space) and §4.4 (LRU lists) at a
 * quiescent point, and reports every violation as one readable line naming the page, the
 * rule (§ number) and the values found.
 *
 * <p>Use: build one per check from the kernel's {@code mem_map} and {@code swapper_space};
 * report what only other layers can see (each present pte found by walking the page
 * tables, each zone's LRU lists and counters, the NR_ANON_PAGES / NR_FILE_MAPPED counters);
 * then call {@link #check()}. Checks whose facts were not reported are skipped: without a
 * pte census the mapcount and anon-identity rules are not checked, without LRU lists the
 * §4.4 rules are not.
 *
 * <pre>{@code
 * MmInvariants inv = new MmInvariants(pgdat.nodeMemMap, swapperSpace).recordNode(pgdat);
 * // or, reporting zones by hand:
 * MmInvariants inv = new MmInvariants(memMap, swapperSpace);
 * inv.beginPteCensus();
 * walk every mm: inv.recordPresentPte(mm, vma, address, pfn);
 * for each zone: inv.recordLruZone(idx, name, activePages, inactivePages, nrActive, nrInactive);
 * inv.recordVmStat(nrAnonPages, nrFileMapped);
 * List<String> bad = inv.check();
 * }</pre>
 *
 * <p>"Quiescent" means: per-CPU LRU pagevecs drained, no mmu_gather batch pending, no page
 * isolated by reclaim, no fault or I/O in flight, no page lock held. The exact refcount rule
 * (§4.1.2) is checked only with {@link #atRest(boolean) atRest(true)}; without it only the
 * lower bound is.
 *
 * <h2>Locking</h2>
 * The checker reads struct page fields without locks and takes swapper_space's tree_lock for
 * reading; the caller makes sure the system is quiescent.
 */
public final class MmInvariants {

    /** Flags free_pages_check refuses on a page being freed (§4.1.5). */
    static final int FREE_CHECK_FLAGS = 1 << PG_lru | 1 << PG_private | 1 << PG_locked | 1 << PG_active
            | 1 << PG_reclaim | 1 << PG_slab | 1 << PG_swapcache | 1 << PG_writeback | 1 << PG_reserved;

    private final Page[] memMap;
    private final AddressSpace swapperSpace;

    private boolean census;
    private final MutableIntIntMap presentPtes = new IntIntHashMap();
    private final List<PteRecord> anonPtes = new ArrayList<>();

    private boolean atRest;

    private boolean haveVmStat;
    private long nrAnonPages;
    private long nrFileMapped;

    private final List<LruZone> lruZones = new ArrayList<>();

    private record PteRecord(MmStruct mm, VmAreaStruct vma, long address, Page page) {
    }

    private record LruZone(int zoneIdx, String name, List<Page> active, List<Page> inactive,
                           long nrActive, long nrInactive) {
    }

    /**
     * @param memMap the kernel's mem_map, indexed by pfn (null slots for holes are skipped)
     * @param swapperSpace the kernel's swapper_space
     */
    public MmInvariants(Page[] memMap, AddressSpace swapperSpace) {
        this.memMap = memMap;
        this.swapperSpace = swapperSpace;
    }

    /** Declares that a complete pte census follows (even if it finds no present pte). */
    public MmInvariants beginPteCensus() {
        census = true;
        return this;
    }

    /**
     * One present pte of {@code mm}, in {@code vma} at {@code address}, maps frame
     * {@code pfn} (ZERO_PAGE included). Implies {@link #beginPteCensus()}.
     */
    public MmInvariants recordPresentPte(MmStruct mm, VmAreaStruct vma, long address, int pfn) {
        census = true;
        presentPtes.addToValue(pfn, 1);
        Page page = pageOf(pfn);
        if (page != null && pageAnon(page)) {
            anonPtes.add(new PteRecord(mm, vma, address, page));
        }
        return this;
    }

    /** Whether the system is at rest, enabling the exact refcount rule of §4.1.2. */
    public MmInvariants atRest(boolean value) {
        atRest = value;
        return this;
    }

    /** The global NR_ANON_PAGES and NR_FILE_MAPPED counters (summed over zones), for §4.1.3. */
    public MmInvariants recordVmStat(long nrAnonPagesValue, long nrFileMappedValue) {
        haveVmStat = true;
        nrAnonPages = nrAnonPagesValue;
        nrFileMapped = nrFileMappedValue;
        return this;
    }

    /**
     * One zone's LRU lists as they are (head to tail) and its nr_active / nr_inactive
     * counters, for §4.4. Call once per zone.
     */
    public MmInvariants recordLruZone(int zoneIdx, String name, List<Page> active, List<Page> inactive,
                                      long nrActive, long nrInactive) {
        lruZones.add(new LruZone(zoneIdx, name, List.copyOf(active), List.copyOf(inactive), nrActive, nrInactive));
        return this;
    }

    /**
     * Records every zone of {@code pgdat}: its LRU lists (walked under the zone's lru_lock),
     * nr_active and nr_inactive (§4.4), and the node-wide NR_ANON_PAGES / NR_FILE_MAPPED
     * counters (§4.1.3).
     */
    public MmInvariants recordNode(Pglist pgdat) {
        for (Zone zone : pgdat.nodeZones) {
            if (zone == null) {
                continue;
            }
            zone.lruLock.lock();
            try {
                recordLruZone(zone.idx, zone.name, listOf(zone.activeList), listOf(zone.inactiveList),
                        zone.nrActive, zone.nrInactive);
            } finally {
                zone.lruLock.unlock();
            }
        }
        return recordVmStat(pgdat.vmstat.globalPageState(ZoneStatItem.NR_ANON_PAGES),
                pgdat.vmstat.globalPageState(ZoneStatItem.NR_FILE_MAPPED));
    }

    private static List<Page> listOf(ListHead list) {
        List<Page> out = new ArrayList<>();
        for (Page p = list.first(); p != null; p = list.next(p)) {
            out.add(p);
        }
        return out;
    }

    private Page pageOf(int pfn) {
        return pfn >= 0 && pfn < memMap.length ? memMap[pfn] : null;
    }

    private static String pfn(Page p) {
        return "page pfn 0x" + Integer.toHexString(p.pfn);
    }

    /** Runs every check whose facts are available; returns the violations, empty if none. */
    public List<String> check() {
        List<String> out = new ArrayList<>();
        checkPages(out);
        checkSwapCache(out);
        checkAnonIdentity(out);
        checkLru(out);
        return out;
    }

    /** {@link #check()} that throws a {@link KernelBug} listing every violation, if any. */
    public void assertHolds() {
        List<String> bad = check();
        if (!bad.isEmpty()) {
            throw new KernelBug("mm invariants violated:\n  " + String.join("\n  ", bad));
        }
    }

    // §4.1.1, §4.1.2, §4.1.3, §4.1.5
    private void checkPages(List<String> out) {
        long anonMapped = 0;
        long fileMapped = 0;
        for (Page page : memMap) {
            if (page == null) {
                continue;
            }
            int count = pageCount(page);
            int raw = rawMapcount(page);
            int mapcount = raw + 1;
            if (raw < -1) {
                out.add(pfn(page) + ": _mapcount " + raw + " went below -1 (§4.1.1)");
            }
            if (census) {
                int ptes = presentPtes.getIfAbsent(page.pfn, 0);
                if (ptes != mapcount) {
                    out.add(pfn(page) + ": page_mapcount " + mapcount + " but " + ptes
                            + " present pte(s) map it (§4.1.1)");
                }
            }
            if (count < 0) {
                out.add(pfn(page) + ": page_count " + count + " is negative (§4.1.2)");
            } else if (count == 0) {
                checkFree(page, raw, out);
                continue;
            }
            if (mapcount > 0) {
                if (pageAnon(page)) {
                    anonMapped++;
                } else {
                    fileMapped++;
                }
            }
            int expected = Math.max(mapcount, 0) + (pageSwapCache(page) ? 1 : 0) + (pagePrivate(page) ? 1 : 0);
            if (count < expected) {
                out.add(pfn(page) + ": page_count " + count + " below its holders: mapcount " + mapcount
                        + (pageSwapCache(page) ? " + swap cache" : "") + (pagePrivate(page) ? " + private" : "")
                        + " = " + expected + " (§4.1.2)");
            } else if (atRest && count != expected && (pageAnon(page) || pageSwapCache(page))) {
                out.add(pfn(page) + ": page_count " + count + " at rest but mapcount " + mapcount
                        + (pageSwapCache(page) ? " + swap cache" : "") + " = " + expected + " (§4.1.2)");
            }
        }
        if (haveVmStat) {
            if (anonMapped != nrAnonPages) {
                out.add("NR_ANON_PAGES is " + nrAnonPages + " but " + anonMapped + " anon page(s) are mapped (§4.1.3)");
            }
            if (fileMapped != nrFileMapped) {
                out.add("NR_FILE_MAPPED is " + nrFileMapped + " but " + fileMapped
                        + " non-anon page(s) are mapped (§4.1.3)");
            }
        }
    }

    private static void checkFree(Page page, int raw, List<String> out) {
        if (raw != -1) {
            out.add(pfn(page) + ": free (count 0) but page_mapcount " + (raw + 1) + " (§4.1.5)");
        }
        if (page.mapping != null) {
            out.add(pfn(page) + ": free (count 0) but mapping " + page.mapping + " (§4.1.5)");
        }
        int bad = PageFlags.pageFlagBits(page) & FREE_CHECK_FLAGS;
        if (bad != 0) {
            out.add(pfn(page) + ": free (count 0) with flags " + PageFlags.describe(bad) + " (§4.1.5)");
        }
    }

    // §4.2.1, §4.2.2, §4.2.3, §4.2.4, §4.2.5
    private void checkSwapCache(List<String> out) {
        Map<Page, Integer> inTree = new IdentityHashMap<>();
        swapperSpace.forEachPage((index, page) -> {
            if (inTree.put(page, index) != null) {
                out.add(pfn(page) + ": in swapper_space at two indices (§4.2.1)");
            }
            if (!pageSwapCache(page)) {
                out.add(pfn(page) + ": in swapper_space at entry 0x" + Integer.toHexString(index)
                        + " without PG_swapcache (§4.2.1)");
            } else if (Page.pagePrivate(page) != index) {
                out.add(pfn(page) + ": in swapper_space at entry 0x" + Integer.toHexString(index)
                        + " but page->private is 0x" + Integer.toHexString(Page.pagePrivate(page)) + " (§4.2.1)");
            }
        });
        long swapCachePages = 0;
        for (Page page : memMap) {
            if (page == null) {
                continue;
            }
            if (pageSwapCache(page)) {
                swapCachePages++;
                if (!inTree.containsKey(page)) {
                    out.add(pfn(page) + ": PG_swapcache set (entry 0x" + Integer.toHexString(Page.pagePrivate(page))
                            + ") but not in swapper_space (§4.2.1)");
                }
                if (pagePrivate(page)) {
                    out.add(pfn(page) + ": swap-cache page with PG_private (§4.2.5)");
                }
                if (page.swapperSpace() != swapperSpace) {
                    out.add(pfn(page) + ": swap-cache page of another kernel's swapper_space (§4.2.4)");
                }
            } else if (pageAnon(page) && Page.pagePrivate(page) != 0) {
                out.add(pfn(page) + ": anon page not in swap cache with page->private 0x"
                        + Integer.toHexString(Page.pagePrivate(page)) + " (§4.2.3)");
            }
        }
        if (swapperSpace.nrpages != swapCachePages) {
            out.add("swapper_space.nrpages is " + swapperSpace.nrpages + " but " + swapCachePages
                    + " page(s) have PG_swapcache (§4.2.2)");
        }
        int size = swapperSpace.radixTreeSize();
        if (size != swapperSpace.nrpages) {
            out.add("swapper_space.nrpages is " + swapperSpace.nrpages + " but its tree holds " + size
                    + " page(s) (§4.2.2)");
        }
    }

    // §4.1.4
    private void checkAnonIdentity(List<String> out) {
        for (PteRecord r : anonPtes) {
            Page page = r.page();
            AnonVma av = Page.pageAnonVma(page);
            if (av != r.vma().anonVma) {
                out.add(pfn(page) + ": anon page mapped at 0x" + Long.toHexString(r.address()) + " in " + r.mm()
                        + " but its anon_vma " + av + " is not the vma's " + r.vma().anonVma + " (§4.1.4)");
            }
            int want = VmAreaStruct.linearPageIndex(r.vma(), r.address());
            if (page.index != want) {
                out.add(pfn(page) + ": anon page mapped at 0x" + Long.toHexString(r.address()) + " in " + r.mm()
                        + " has index 0x" + Integer.toHexString(page.index) + " but linear_page_index is 0x"
                        + Integer.toHexString(want) + " (§4.1.4)");
            }
        }
    }

    // §4.4.1, §4.4.2
    private void checkLru(List<String> out) {
        if (lruZones.isEmpty()) {
            return;
        }
        Map<Page, String> seen = new IdentityHashMap<>();
        for (LruZone z : lruZones) {
            scanList(z, z.active(), true, seen, out);
            scanList(z, z.inactive(), false, seen, out);
            if (z.nrActive() != z.active().size()) {
                out.add("zone " + z.name() + ": nr_active " + z.nrActive() + " but the active list holds "
                        + z.active().size() + " page(s) (§4.4.2)");
            }
            if (z.nrInactive() != z.inactive().size()) {
                out.add("zone " + z.name() + ": nr_inactive " + z.nrInactive() + " but the inactive list holds "
                        + z.inactive().size() + " page(s) (§4.4.2)");
            }
        }
        for (Page page : memMap) {
            if (page != null && pageLRU(page) && !seen.containsKey(page)) {
                out.add(pfn(page) + ": PG_lru set but on no LRU list (§4.4.1)");
            }
        }
    }

    private static void scanList(LruZone z, List<Page> list, boolean active, Map<Page, String> seen,
                                 List<String> out) {
        String where = (active ? "active" : "inactive") + " list of zone " + z.name();
        for (Page page : list) {
            String before = seen.put(page, where);
            if (before != null) {
                out.add(pfn(page) + ": on the " + where + " and again on the " + before + " (§4.4.1)");
                continue;
            }
            if (!pageLRU(page)) {
                out.add(pfn(page) + ": on the " + where + " without PG_lru (§4.4.1)");
            }
            if (pageActive(page) != active) {
                out.add(pfn(page) + ": on the " + where + (active ? " without" : " with") + " PG_active (§4.4.1)");
            }
            if (Page.pageZonenum(page) != z.zoneIdx()) {
                out.add(pfn(page) + ": of zone " + Page.pageZonenum(page) + " on the " + where + " (§4.4.1)");
            }
            if (pageCount(page) == 0) {
                out.add(pfn(page) + ": free (count 0) but on the " + where + " (§4.4.1)");
            }
            if (PageFlags.pageBuddy(page)) {
                out.add(pfn(page) + ": PG_buddy page on the " + where + " (§4.4.1)");
            }
        }
    }
}
