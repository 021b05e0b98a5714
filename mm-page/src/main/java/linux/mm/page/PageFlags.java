package linux.mm.page;

/*
 * Mirrors linux-2.6.20 include/linux/page-flags.h: the PG_* bit numbers of page->flags and
 * their accessors (PageX, SetPageX, ClearPageX, TestSetPageX, TestClearPageX, __SetPageX,
 * __ClearPageX). Owns no state; the bits live in Page.flags.
 */

import java.util.StringJoiner;
import linux.kernel.Mirrors;

/**
 * The page flags of 2.6.20 with the kernel's bit numbers and accessor names. Every accessor
 * is a static method taking the page, spelled exactly as the kernel macro, so
 * {@code import static linux.mm.page.PageFlags.*;} lets mm code read like the C
 * ({@code if (TestSetPageLocked(page)) ...}).
 *
 * <p>The atomic accessors ({@code set_bit}, {@code test_and_set_bit} ...) are atomic
 * read-modify-writes of the flags word with volatile semantics, safe against concurrent
 * updates of other bits from other threads (CPUs, completion threads). The test-and-set
 * forms return the old value of the bit as the kernel's do.
 *
 * <p>Differs from 2.6.20: the non-atomic {@code __SetPageX}/{@code __ClearPageX} forms are
 * atomic too (a correct superset; the kernel uses them only where nobody else can touch the
 * page). {@code SetPageWriteback}/{@code TestSetPageWriteback}/{@code TestClearPageWriteback}
 * change the bit only: the NR_WRITEBACK zone counter that the kernel macros also adjust is
 * adjusted by {@link PageWriteback#testSetPageWriteback} and
 * {@link PageWriteback#testClearPageWriteback}, the page-writeback.c functions through which
 * every writeback transition goes. The 64-bit-only PG_uncached does not exist on i386.
 */
public final class PageFlags {
    private PageFlags() {
    }

    /** Bit 0: the page lock; sleepers wait in Filemap. */
    @Mirrors("PG_locked")
    public static final int PG_locked = 0;

    /** Bit 1: an I/O error happened on the page. */
    @Mirrors("PG_error")
    public static final int PG_error = 1;

    /** Bit 2: recently touched (second-chance bit of mark_page_accessed). */
    @Mirrors("PG_referenced")
    public static final int PG_referenced = 2;

    /** Bit 3: contents are valid. */
    @Mirrors("PG_uptodate")
    public static final int PG_uptodate = 3;

    /** Bit 4: contents newer than the backing store. */
    @Mirrors("PG_dirty")
    public static final int PG_dirty = 4;

    /** Bit 5: on a zone LRU list (holds no reference). */
    @Mirrors("PG_lru")
    public static final int PG_lru = 5;

    /** Bit 6: on the active list (valid with PG_lru). */
    @Mirrors("PG_active")
    public static final int PG_active = 6;

    /** Bit 7: owned by the slab allocator. */
    @Mirrors("PG_slab")
    public static final int PG_slab = 7;

    /** Bit 8: filesystem private. */
    @Mirrors("PG_checked")
    public static final int PG_checked = 8;

    /** Bit 9: architecture private. */
    @Mirrors("PG_arch_1")
    public static final int PG_arch_1 = 9;

    /** Bit 10: never freed to the allocator (boot pages, holes). */
    @Mirrors("PG_reserved")
    public static final int PG_reserved = 10;

    /** Bit 11: page->private holds filesystem data (buffer heads). */
    @Mirrors("PG_private")
    public static final int PG_private = 11;

    /** Bit 12: under writeback I/O. */
    @Mirrors("PG_writeback")
    public static final int PG_writeback = 12;

    /** Bit 13: software suspend: do not save. */
    @Mirrors("PG_nosave")
    public static final int PG_nosave = 13;

    /** Bit 14: part of a compound page. */
    @Mirrors("PG_compound")
    public static final int PG_compound = 14;

    /** Bit 15: in the swap cache; page->private holds its swp_entry. */
    @Mirrors("PG_swapcache")
    public static final int PG_swapcache = 15;

    /** Bit 16: has disk blocks allocated. */
    @Mirrors("PG_mappedtodisk")
    public static final int PG_mappedtodisk = 16;

    /** Bit 17: reclaim wants it written and freed as soon as possible. */
    @Mirrors("PG_reclaim")
    public static final int PG_reclaim = 17;

    /** Bit 18: software suspend: free page. */
    @Mirrors("PG_nosave_free")
    public static final int PG_nosave_free = 18;

    /** Bit 19: free, on the buddy lists. */
    @Mirrors("PG_buddy")
    public static final int PG_buddy = 19;

    /** Highest PG_* bit number in use plus one; bits above it up to the zone field are unused. */
    public static final int NR_PAGEFLAGS = 20;

    private static final String[] NAMES = {
        "locked",
        "error",
        "referenced",
        "uptodate",
        "dirty",
        "lru",
        "active",
        "slab",
        "checked",
        "arch_1",
        "reserved",
        "private",
        "writeback",
        "nosave",
        "compound",
        "swapcache",
        "mappedtodisk",
        "reclaim",
        "nosave_free",
        "buddy"
    };

    // ---- bit operations on page->flags (include/asm-i386/bitops.h semantics) ----------

    @Mirrors("test_bit")
    static boolean testBit(int nr, Page page) {
        return (page.flags() & (1 << nr)) != 0;
    }

    @Mirrors("set_bit")
    static void setBit(int nr, Page page) {
        Page.FLAGS.getAndBitwiseOr(page, 1 << nr);
    }

    @Mirrors("clear_bit")
    static void clearBit(int nr, Page page) {
        Page.FLAGS.getAndBitwiseAnd(page, ~(1 << nr));
    }

    @Mirrors("test_and_set_bit")
    static boolean testAndSetBit(int nr, Page page) {
        return ((int) Page.FLAGS.getAndBitwiseOr(page, 1 << nr) & (1 << nr)) != 0;
    }

    @Mirrors("test_and_clear_bit")
    static boolean testAndClearBit(int nr, Page page) {
        return ((int) Page.FLAGS.getAndBitwiseAnd(page, ~(1 << nr)) & (1 << nr)) != 0;
    }

    /**
     * Atomically clears every PG_* bit in {@code mask} (the zone field is never touched), as
     * {@code prep_new_page} and {@code free_pages_check} do with {@code page->flags &= ~mask}.
     * For the allocator of this package.
     */
    public static void clearFlags(Page page, int mask) {
        Page.FLAGS.getAndBitwiseAnd(page, ~(mask & Page.PAGE_FLAGS_MASK));
    }

    /** The PG_* bits of the page (flags without the zone field). */
    public static int pageFlagBits(Page page) {
        return page.flags() & Page.PAGE_FLAGS_MASK;
    }

    /** "locked|dirty|lru" style list of the set PG_* bits, for dumps and messages. */
    public static String describe(int flagBits) {
        StringJoiner j = new StringJoiner("|");
        for (int nr = 0; nr < NAMES.length; nr++) {
            if ((flagBits & (1 << nr)) != 0) {
                j.add(NAMES[nr]);
            }
        }
        for (int nr = NAMES.length; nr < Page.ZONES_PGSHIFT; nr++) {
            if ((flagBits & (1 << nr)) != 0) {
                j.add("bit" + nr);
            }
        }
        return j.length() == 0 ? "0" : j.toString();
    }

    // ---- PG_locked ----

    /** PageLocked: whether PG_locked is set. */
    @Mirrors("PageLocked")
    public static boolean pageLocked(Page page) {
        return testBit(PG_locked, page);
    }

    /** SetPageLocked: set PG_locked atomically. */
    @Mirrors("SetPageLocked")
    public static void setPageLocked(Page page) {
        setBit(PG_locked, page);
    }

    /** ClearPageLocked: clear PG_locked atomically. */
    @Mirrors("ClearPageLocked")
    public static void clearPageLocked(Page page) {
        clearBit(PG_locked, page);
    }

    /** TestSetPageLocked: set PG_locked; returns whether it was already set. */
    @Mirrors("TestSetPageLocked")
    public static boolean testSetPageLocked(Page page) {
        return testAndSetBit(PG_locked, page);
    }

    /** TestClearPageLocked: clear PG_locked; returns whether it was set. Only unlock_page (Filemap) should use it on a page others may wait for. */
    @Mirrors("TestClearPageLocked")
    public static boolean testClearPageLocked(Page page) {
        return testAndClearBit(PG_locked, page);
    }

    // ---- PG_error ----

    /** PageError: whether PG_error is set. */
    @Mirrors("PageError")
    public static boolean pageError(Page page) {
        return testBit(PG_error, page);
    }

    /** SetPageError: set PG_error atomically. */
    @Mirrors("SetPageError")
    public static void setPageError(Page page) {
        setBit(PG_error, page);
    }

    /** ClearPageError: clear PG_error atomically. */
    @Mirrors("ClearPageError")
    public static void clearPageError(Page page) {
        clearBit(PG_error, page);
    }

    // ---- PG_referenced ----

    /** PageReferenced: whether PG_referenced is set. */
    @Mirrors("PageReferenced")
    public static boolean pageReferenced(Page page) {
        return testBit(PG_referenced, page);
    }

    /** SetPageReferenced: set PG_referenced atomically. */
    @Mirrors("SetPageReferenced")
    public static void setPageReferenced(Page page) {
        setBit(PG_referenced, page);
    }

    /** ClearPageReferenced: clear PG_referenced atomically. */
    @Mirrors("ClearPageReferenced")
    public static void clearPageReferenced(Page page) {
        clearBit(PG_referenced, page);
    }

    /** TestClearPageReferenced: clear PG_referenced; returns whether it was set. */
    @Mirrors("TestClearPageReferenced")
    public static boolean testClearPageReferenced(Page page) {
        return testAndClearBit(PG_referenced, page);
    }

    // ---- PG_uptodate ----

    /** PageUptodate: whether PG_uptodate is set. */
    @Mirrors("PageUptodate")
    public static boolean pageUptodate(Page page) {
        return testBit(PG_uptodate, page);
    }

    /** SetPageUptodate: set PG_uptodate atomically. */
    @Mirrors("SetPageUptodate")
    public static void setPageUptodate(Page page) {
        setBit(PG_uptodate, page);
    }

    /** ClearPageUptodate: clear PG_uptodate atomically. */
    @Mirrors("ClearPageUptodate")
    public static void clearPageUptodate(Page page) {
        clearBit(PG_uptodate, page);
    }

    // ---- PG_dirty ----

    /** PageDirty: whether PG_dirty is set. */
    @Mirrors("PageDirty")
    public static boolean pageDirty(Page page) {
        return testBit(PG_dirty, page);
    }

    /** SetPageDirty: set PG_dirty atomically. */
    @Mirrors("SetPageDirty")
    public static void setPageDirty(Page page) {
        setBit(PG_dirty, page);
    }

    /** TestSetPageDirty: set PG_dirty; returns whether it was already set. */
    @Mirrors("TestSetPageDirty")
    public static boolean testSetPageDirty(Page page) {
        return testAndSetBit(PG_dirty, page);
    }

    /** ClearPageDirty: clear PG_dirty atomically. */
    @Mirrors("ClearPageDirty")
    public static void clearPageDirty(Page page) {
        clearBit(PG_dirty, page);
    }

    /** __ClearPageDirty: clear PG_dirty (the kernel's non-atomic form; atomic here). */
    @Mirrors("__ClearPageDirty")
    public static void clearPageDirtyRaw(Page page) {
        clearBit(PG_dirty, page);
    }

    /** TestClearPageDirty: clear PG_dirty; returns whether it was set. */
    @Mirrors("TestClearPageDirty")
    public static boolean testClearPageDirty(Page page) {
        return testAndClearBit(PG_dirty, page);
    }

    // ---- PG_lru ----

    /** PageLRU: whether PG_lru is set. */
    @Mirrors("PageLRU")
    public static boolean pageLRU(Page page) {
        return testBit(PG_lru, page);
    }

    /** SetPageLRU: set PG_lru atomically. */
    @Mirrors("SetPageLRU")
    public static void setPageLRU(Page page) {
        setBit(PG_lru, page);
    }

    /** ClearPageLRU: clear PG_lru atomically. */
    @Mirrors("ClearPageLRU")
    public static void clearPageLRU(Page page) {
        clearBit(PG_lru, page);
    }

    /** __ClearPageLRU: clear PG_lru (the kernel's non-atomic form; atomic here). */
    @Mirrors("__ClearPageLRU")
    public static void clearPageLRURaw(Page page) {
        clearBit(PG_lru, page);
    }

    // ---- PG_active ----

    /** PageActive: whether PG_active is set. */
    @Mirrors("PageActive")
    public static boolean pageActive(Page page) {
        return testBit(PG_active, page);
    }

    /** SetPageActive: set PG_active atomically. */
    @Mirrors("SetPageActive")
    public static void setPageActive(Page page) {
        setBit(PG_active, page);
    }

    /** ClearPageActive: clear PG_active atomically. */
    @Mirrors("ClearPageActive")
    public static void clearPageActive(Page page) {
        clearBit(PG_active, page);
    }

    /** __ClearPageActive: clear PG_active (the kernel's non-atomic form; atomic here). */
    @Mirrors("__ClearPageActive")
    public static void clearPageActiveRaw(Page page) {
        clearBit(PG_active, page);
    }

    // ---- PG_slab ----

    /** PageSlab: whether PG_slab is set. */
    @Mirrors("PageSlab")
    public static boolean pageSlab(Page page) {
        return testBit(PG_slab, page);
    }

    /** __SetPageSlab: set PG_slab (the kernel's non-atomic form; atomic here). */
    @Mirrors("__SetPageSlab")
    public static void setPageSlabRaw(Page page) {
        setBit(PG_slab, page);
    }

    /** __ClearPageSlab: clear PG_slab (the kernel's non-atomic form; atomic here). */
    @Mirrors("__ClearPageSlab")
    public static void clearPageSlabRaw(Page page) {
        clearBit(PG_slab, page);
    }

    // ---- PG_checked ----

    /** PageChecked: whether PG_checked is set. */
    @Mirrors("PageChecked")
    public static boolean pageChecked(Page page) {
        return testBit(PG_checked, page);
    }

    /** SetPageChecked: set PG_checked atomically. */
    @Mirrors("SetPageChecked")
    public static void setPageChecked(Page page) {
        setBit(PG_checked, page);
    }

    /** ClearPageChecked: clear PG_checked atomically. */
    @Mirrors("ClearPageChecked")
    public static void clearPageChecked(Page page) {
        clearBit(PG_checked, page);
    }

    // ---- PG_reserved ----

    /** PageReserved: whether PG_reserved is set. */
    @Mirrors("PageReserved")
    public static boolean pageReserved(Page page) {
        return testBit(PG_reserved, page);
    }

    /** SetPageReserved: set PG_reserved atomically. */
    @Mirrors("SetPageReserved")
    public static void setPageReserved(Page page) {
        setBit(PG_reserved, page);
    }

    /** ClearPageReserved: clear PG_reserved atomically. */
    @Mirrors("ClearPageReserved")
    public static void clearPageReserved(Page page) {
        clearBit(PG_reserved, page);
    }

    /** __ClearPageReserved: clear PG_reserved (the kernel's non-atomic form; atomic here). */
    @Mirrors("__ClearPageReserved")
    public static void clearPageReservedRaw(Page page) {
        clearBit(PG_reserved, page);
    }

    // ---- PG_private ----

    /** PagePrivate: whether PG_private is set. */
    @Mirrors("PagePrivate")
    public static boolean pagePrivate(Page page) {
        return testBit(PG_private, page);
    }

    /** SetPagePrivate: set PG_private atomically. */
    @Mirrors("SetPagePrivate")
    public static void setPagePrivate(Page page) {
        setBit(PG_private, page);
    }

    /** ClearPagePrivate: clear PG_private atomically. */
    @Mirrors("ClearPagePrivate")
    public static void clearPagePrivate(Page page) {
        clearBit(PG_private, page);
    }

    /** __SetPagePrivate: set PG_private (the kernel's non-atomic form; atomic here). */
    @Mirrors("__SetPagePrivate")
    public static void setPagePrivateRaw(Page page) {
        setBit(PG_private, page);
    }

    /** __ClearPagePrivate: clear PG_private (the kernel's non-atomic form; atomic here). */
    @Mirrors("__ClearPagePrivate")
    public static void clearPagePrivateRaw(Page page) {
        clearBit(PG_private, page);
    }

    // ---- PG_writeback ----

    /** PageWriteback: whether PG_writeback is set. */
    @Mirrors("PageWriteback")
    public static boolean pageWriteback(Page page) {
        return testBit(PG_writeback, page);
    }

    /** SetPageWriteback: set PG_writeback atomically. */
    @Mirrors("SetPageWriteback")
    public static void setPageWriteback(Page page) {
        setBit(PG_writeback, page);
    }

    /** TestSetPageWriteback: set PG_writeback; returns whether it was already set. */
    @Mirrors("TestSetPageWriteback")
    public static boolean testSetPageWriteback(Page page) {
        return testAndSetBit(PG_writeback, page);
    }

    /** ClearPageWriteback: clear PG_writeback atomically. */
    @Mirrors("ClearPageWriteback")
    public static void clearPageWriteback(Page page) {
        clearBit(PG_writeback, page);
    }

    /** TestClearPageWriteback: clear PG_writeback; returns whether it was set. */
    @Mirrors("TestClearPageWriteback")
    public static boolean testClearPageWriteback(Page page) {
        return testAndClearBit(PG_writeback, page);
    }

    // ---- PG_nosave ----

    /** PageNosave: whether PG_nosave is set. */
    @Mirrors("PageNosave")
    public static boolean pageNosave(Page page) {
        return testBit(PG_nosave, page);
    }

    /** SetPageNosave: set PG_nosave atomically. */
    @Mirrors("SetPageNosave")
    public static void setPageNosave(Page page) {
        setBit(PG_nosave, page);
    }

    /** TestSetPageNosave: set PG_nosave; returns whether it was already set. */
    @Mirrors("TestSetPageNosave")
    public static boolean testSetPageNosave(Page page) {
        return testAndSetBit(PG_nosave, page);
    }

    /** ClearPageNosave: clear PG_nosave atomically. */
    @Mirrors("ClearPageNosave")
    public static void clearPageNosave(Page page) {
        clearBit(PG_nosave, page);
    }

    /** TestClearPageNosave: clear PG_nosave; returns whether it was set. */
    @Mirrors("TestClearPageNosave")
    public static boolean testClearPageNosave(Page page) {
        return testAndClearBit(PG_nosave, page);
    }

    // ---- PG_compound ----

    /** PageCompound: whether PG_compound is set. */
    @Mirrors("PageCompound")
    public static boolean pageCompound(Page page) {
        return testBit(PG_compound, page);
    }

    /** __SetPageCompound: set PG_compound (the kernel's non-atomic form; atomic here). */
    @Mirrors("__SetPageCompound")
    public static void setPageCompoundRaw(Page page) {
        setBit(PG_compound, page);
    }

    /** __ClearPageCompound: clear PG_compound (the kernel's non-atomic form; atomic here). */
    @Mirrors("__ClearPageCompound")
    public static void clearPageCompoundRaw(Page page) {
        clearBit(PG_compound, page);
    }

    // ---- PG_swapcache ----

    /** PageSwapCache: whether PG_swapcache is set. */
    @Mirrors("PageSwapCache")
    public static boolean pageSwapCache(Page page) {
        return testBit(PG_swapcache, page);
    }

    /** SetPageSwapCache: set PG_swapcache atomically. */
    @Mirrors("SetPageSwapCache")
    public static void setPageSwapCache(Page page) {
        setBit(PG_swapcache, page);
    }

    /** ClearPageSwapCache: clear PG_swapcache atomically. */
    @Mirrors("ClearPageSwapCache")
    public static void clearPageSwapCache(Page page) {
        clearBit(PG_swapcache, page);
    }

    // ---- PG_mappedtodisk ----

    /** PageMappedToDisk: whether PG_mappedtodisk is set. */
    @Mirrors("PageMappedToDisk")
    public static boolean pageMappedToDisk(Page page) {
        return testBit(PG_mappedtodisk, page);
    }

    /** SetPageMappedToDisk: set PG_mappedtodisk atomically. */
    @Mirrors("SetPageMappedToDisk")
    public static void setPageMappedToDisk(Page page) {
        setBit(PG_mappedtodisk, page);
    }

    /** ClearPageMappedToDisk: clear PG_mappedtodisk atomically. */
    @Mirrors("ClearPageMappedToDisk")
    public static void clearPageMappedToDisk(Page page) {
        clearBit(PG_mappedtodisk, page);
    }

    // ---- PG_reclaim ----

    /** PageReclaim: whether PG_reclaim is set. */
    @Mirrors("PageReclaim")
    public static boolean pageReclaim(Page page) {
        return testBit(PG_reclaim, page);
    }

    /** SetPageReclaim: set PG_reclaim atomically. */
    @Mirrors("SetPageReclaim")
    public static void setPageReclaim(Page page) {
        setBit(PG_reclaim, page);
    }

    /** ClearPageReclaim: clear PG_reclaim atomically. */
    @Mirrors("ClearPageReclaim")
    public static void clearPageReclaim(Page page) {
        clearBit(PG_reclaim, page);
    }

    /** TestClearPageReclaim: clear PG_reclaim; returns whether it was set. */
    @Mirrors("TestClearPageReclaim")
    public static boolean testClearPageReclaim(Page page) {
        return testAndClearBit(PG_reclaim, page);
    }

    // ---- PG_nosave_free ----

    /** PageNosaveFree: whether PG_nosave_free is set. */
    @Mirrors("PageNosaveFree")
    public static boolean pageNosaveFree(Page page) {
        return testBit(PG_nosave_free, page);
    }

    /** SetPageNosaveFree: set PG_nosave_free atomically. */
    @Mirrors("SetPageNosaveFree")
    public static void setPageNosaveFree(Page page) {
        setBit(PG_nosave_free, page);
    }

    /** ClearPageNosaveFree: clear PG_nosave_free atomically. */
    @Mirrors("ClearPageNosaveFree")
    public static void clearPageNosaveFree(Page page) {
        clearBit(PG_nosave_free, page);
    }

    // ---- PG_buddy ----

    /** PageBuddy: whether PG_buddy is set. */
    @Mirrors("PageBuddy")
    public static boolean pageBuddy(Page page) {
        return testBit(PG_buddy, page);
    }

    /** __SetPageBuddy: set PG_buddy (the kernel's non-atomic form; atomic here). */
    @Mirrors("__SetPageBuddy")
    public static void setPageBuddyRaw(Page page) {
        setBit(PG_buddy, page);
    }

    /** __ClearPageBuddy: clear PG_buddy (the kernel's non-atomic form; atomic here). */
    @Mirrors("__ClearPageBuddy")
    public static void clearPageBuddyRaw(Page page) {
        clearBit(PG_buddy, page);
    }

    /** PageHighMem(page): the page lies in ZONE_HIGHMEM (zone number 2). */
    @Mirrors("PageHighMem")
    public static boolean pageHighMem(Page page) {
        return Page.pageZonenum(page) == ZONE_HIGHMEM_NUM;
    }

    private static final int ZONE_HIGHMEM_NUM = 2;
}
