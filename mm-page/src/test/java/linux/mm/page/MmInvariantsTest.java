package linux.mm.page;

import linux.kernel.KernelBug;

import static linux.mm.page.Page.*;
import static linux.mm.page.PageFlags.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MmInvariantsTest {

    private static final int ENTRY3 = 0x08000003;
    private static final int ENTRY4 = 0x08000004;

    private final AddressSpace swapper = AddressSpace.newSwapperSpace();
    private final Page[] memMap = new Page[6];
    private final MmStruct mm = new MmStruct("mm1");
    private final AnonVma anonVma = new AnonVma();
    private final VmAreaStruct vma = new VmAreaStruct(mm, 0x08000000L, 0x08010000L,
            VmAreaStruct.VM_READ | VmAreaStruct.VM_WRITE, 0x025, 0x08000);
    private final List<Page> active = new ArrayList<>();
    private final List<Page> inactive = new ArrayList<>();

    /**
     * pfn 0 reserved; 1 free buddy head; 2 anon, mapped once, active; 3 anon in swap cache,
     * mapped once, inactive; 4 swap-cache readahead page, unmapped, inactive; 5 free.
     */
    MmInvariantsTest() {
        vma.anonVma = anonVma;
        for (int pfn = 0; pfn < memMap.length; pfn++) {
            memMap[pfn] = new Page(pfn, 1, swapper);
        }
        for (int pfn = 1; pfn < memMap.length; pfn++) {
            clearPageReservedRaw(memMap[pfn]);
        }
        setPageCount(memMap[1], 0);
        setPageBuddyRaw(memMap[1]);
        setPageCount(memMap[5], 0);

        Page p2 = memMap[2];
        mapAnon(p2, 0x08002000L);
        setPageLRU(p2);
        setPageActive(p2);
        active.add(p2);

        Page p3 = memMap[3];
        mapAnon(p3, 0x08003000L);
        addToSwapCache(p3, ENTRY3);
        setPageLRU(p3);
        inactive.add(p3);

        Page p4 = memMap[4];
        addToSwapCache(p4, ENTRY4);
        setPageCount(p4, 1); // the swap cache's reference is its only one
        setPageLRU(p4);
        inactive.add(p4);
    }

    private void mapAnon(Page p, long address) {
        atomicSetMapcount(p, 0);
        p.mapping = anonVma;
        p.index = VmAreaStruct.linearPageIndex(vma, address);
    }

    private void addToSwapCache(Page p, int entry) {
        swapper.treeLock.writeLock().lock();
        try {
            assertEquals(0, swapper.radixTreeInsert(entry, p));
            getPage(p);
            setPageSwapCache(p);
            setPagePrivate(p, entry);
            swapper.nrpages++;
        } finally {
            swapper.treeLock.writeLock().unlock();
        }
    }

    private MmInvariants full() {
        return new MmInvariants(memMap, swapper)
                .atRest(true)
                .recordPresentPte(mm, vma, 0x08002000L, 2)
                .recordPresentPte(mm, vma, 0x08003000L, 3)
                .recordVmStat(2, 0)
                .recordLruZone(1, "Normal", active, inactive, active.size(), inactive.size());
    }

    @Test
    void check_consistentStateHasNoViolations() {
        assertEquals(List.of(), full().check());
        full().assertHolds();
    }

    @Test
    void check_withoutCensusSkipsMapcountRule() {
        atomicIncMapcount(memMap[2]);
        getPage(memMap[2]);
        assertEquals(List.of(), new MmInvariants(memMap, swapper).check());
    }

    @Test
    void mapcount_differentFromPresentPtes() {
        atomicIncMapcount(memMap[2]);
        getPage(memMap[2]);
        assertEquals(List.of("page pfn 0x2: page_mapcount 2 but 1 present pte(s) map it (§4.1.1)"),
                full().check());
    }

    @Test
    void mapcount_presentPteOfUnmappedPage() {
        MmInvariants inv = full().recordPresentPte(mm, vma, 0x08004000L, 4);
        assertEquals(List.of("page pfn 0x4: page_mapcount 0 but 1 present pte(s) map it (§4.1.1)"), inv.check());
    }

    @Test
    void mapcount_belowMinusOne() {
        atomicSetMapcount(memMap[0], -2);
        assertEquals(List.of("page pfn 0x0: _mapcount -2 went below -1 (§4.1.1)",
                "page pfn 0x0: page_mapcount -1 but 0 present pte(s) map it (§4.1.1)"), full().check());
    }

    @Test
    void refcount_belowItsHolders() {
        putPageTestzero(memMap[3]);
        assertEquals(List.of("page pfn 0x3: page_count 1 below its holders: mapcount 1 + swap cache = 2 (§4.1.2)"),
                full().check());
    }

    @Test
    void refcount_extraReferenceAtRest() {
        getPage(memMap[2]);
        assertEquals(List.of("page pfn 0x2: page_count 2 at rest but mapcount 1 = 1 (§4.1.2)"), full().check());
        assertEquals(List.of(), full().atRest(false).check(), "a transient holder is fine when not at rest");
    }

    @Test
    void vmstat_nrAnonPagesAndNrFileMapped() {
        MmInvariants inv = full().recordVmStat(3, 1);
        assertEquals(List.of("NR_ANON_PAGES is 3 but 2 anon page(s) are mapped (§4.1.3)",
                "NR_FILE_MAPPED is 1 but 0 non-anon page(s) are mapped (§4.1.3)"), inv.check());
    }

    @Test
    void anonIdentity_wrongAnonVma() {
        memMap[2].mapping = new AnonVma();
        List<String> bad = full().check();
        assertEquals(1, bad.size(), bad.toString());
        assertTrue(bad.get(0).startsWith("page pfn 0x2: anon page mapped at 0x8002000 in mm1 but its anon_vma "),
                bad.get(0));
        assertTrue(bad.get(0).endsWith("(§4.1.4)"));
    }

    @Test
    void anonIdentity_wrongIndex() {
        memMap[3].index = 0x8004;
        assertEquals(List.of("page pfn 0x3: anon page mapped at 0x8003000 in mm1 has index 0x8004"
                + " but linear_page_index is 0x8003 (§4.1.4)"), full().check());
    }

    @Test
    void freePage_withFlagsMappingOrMapcount() {
        Page p5 = memMap[5];
        setPageDirty(p5);
        assertEquals(List.of(), full().check(), "PG_dirty is silently cleared at free, not a violation");
        setPageLocked(p5);
        setPageLRU(p5);
        p5.mapping = new AddressSpace("file", 0);
        atomicSetMapcount(p5, 0);
        List<String> bad = full().check();
        assertEquals(List.of(
                "page pfn 0x5: page_mapcount 1 but 0 present pte(s) map it (§4.1.1)",
                "page pfn 0x5: free (count 0) but page_mapcount 1 (§4.1.5)",
                "page pfn 0x5: free (count 0) but mapping file (§4.1.5)",
                "page pfn 0x5: free (count 0) with flags locked|lru (§4.1.5)",
                "page pfn 0x5: PG_lru set but on no LRU list (§4.4.1)"), bad);
    }

    @Test
    void swapCache_flagWithoutTreeSlot() {
        setPageSwapCache(memMap[0]);
        setPagePrivate(memMap[0], 0x08000009);
        assertEquals(List.of(
                "page pfn 0x0: PG_swapcache set (entry 0x8000009) but not in swapper_space (§4.2.1)",
                "swapper_space.nrpages is 2 but 3 page(s) have PG_swapcache (§4.2.2)"),
                full().check());
    }

    @Test
    void swapCache_treeSlotWithoutFlagOrWithWrongPrivate() {
        clearPageSwapCache(memMap[4]);
        setPagePrivate(memMap[3], ENTRY4);
        assertEquals(List.of(
                "page pfn 0x3: in swapper_space at entry 0x8000003 but page->private is 0x8000004 (§4.2.1)",
                "page pfn 0x4: in swapper_space at entry 0x8000004 without PG_swapcache (§4.2.1)",
                "swapper_space.nrpages is 2 but 1 page(s) have PG_swapcache (§4.2.2)"),
                sorted(full().atRest(false).check()));
    }

    @Test
    void swapCache_nrpagesOff() {
        swapper.nrpages = 3;
        assertEquals(List.of("swapper_space.nrpages is 3 but 2 page(s) have PG_swapcache (§4.2.2)",
                "swapper_space.nrpages is 3 but its tree holds 2 page(s) (§4.2.2)"), full().check());
    }

    @Test
    void swapCache_anonPrivateLeftBehindAndPagePrivate() {
        setPagePrivate(memMap[2], 0x08000002);
        setPagePrivate(memMap[4]);
        getPage(memMap[4]);
        assertEquals(List.of("page pfn 0x2: anon page not in swap cache with page->private 0x8000002 (§4.2.3)",
                "page pfn 0x4: swap-cache page with PG_private (§4.2.5)"), full().check());
    }

    @Test
    void swapCache_pageOfAnotherKernel() {
        AddressSpace otherSwapper = AddressSpace.newSwapperSpace();
        Page stranger = new Page(0, 1, otherSwapper);
        clearPageReservedRaw(stranger);
        memMap[0] = stranger;
        getPage(stranger);
        setPageSwapCache(stranger);
        setPagePrivate(stranger, 0x0800000A);
        List<String> bad = full().check();
        assertTrue(bad.contains("page pfn 0x0: swap-cache page of another kernel's swapper_space (§4.2.4)"),
                bad.toString());
    }

    @Test
    void lru_flagWithoutListAndListWithoutFlag() {
        setPageLRU(memMap[0]);
        clearPageLRU(memMap[4]);
        assertEquals(List.of("page pfn 0x4: on the inactive list of zone Normal without PG_lru (§4.4.1)",
                "page pfn 0x0: PG_lru set but on no LRU list (§4.4.1)"), full().check());
    }

    @Test
    void lru_activeFlagDisagreesWithList() {
        clearPageActive(memMap[2]);
        setPageActive(memMap[3]);
        assertEquals(List.of("page pfn 0x2: on the active list of zone Normal without PG_active (§4.4.1)",
                "page pfn 0x3: on the inactive list of zone Normal with PG_active (§4.4.1)"), full().check());
    }

    @Test
    void lru_pageOnTwoListsOrTwice() {
        active.add(memMap[3]);
        List<String> bad = full().check();
        assertEquals(List.of(
                "page pfn 0x3: on the active list of zone Normal without PG_active (§4.4.1)",
                "page pfn 0x3: on the inactive list of zone Normal and again on the active list of zone Normal (§4.4.1)"),
                bad);
    }

    @Test
    void lru_countersDisagreeWithListLengths() {
        MmInvariants inv = new MmInvariants(memMap, swapper)
                .recordLruZone(1, "Normal", active, inactive, 2, 1);
        assertEquals(List.of("zone Normal: nr_active 2 but the active list holds 1 page(s) (§4.4.2)",
                "zone Normal: nr_inactive 1 but the inactive list holds 2 page(s) (§4.4.2)"), inv.check());
    }

    @Test
    void lru_pageOfOtherZoneOrFreeOrBuddy() {
        Page p1 = memMap[1];
        setPageLRU(p1);
        inactive.add(p1);
        setPageZone(memMap[2], 0);
        List<String> bad = full().check();
        assertEquals(List.of(
                "page pfn 0x1: free (count 0) with flags lru (§4.1.5)",
                "page pfn 0x2: of zone 0 on the active list of zone Normal (§4.4.1)",
                "page pfn 0x1: free (count 0) but on the inactive list of zone Normal (§4.4.1)",
                "page pfn 0x1: PG_buddy page on the inactive list of zone Normal (§4.4.1)"), bad);
    }

    @Test
    void assertHolds_throwsKernelBugListingViolations() {
        swapper.nrpages = 5;
        KernelBug bug = assertThrows(KernelBug.class, () -> full().assertHolds());
        assertTrue(bug.getMessage().contains("swapper_space.nrpages is 5 but 2 page(s) have PG_swapcache"),
                bug.getMessage());
    }

    private static List<String> sorted(List<String> l) {
        List<String> c = new ArrayList<>(l);
        c.sort(null);
        return c;
    }
}
