package linux.mm.page;

/*
 * Mirrors linux-2.6.20 include/linux/mm_types.h (struct page) and the struct-page inlines of
 * include/linux/mm.h (page_count, get_page, put_page_testzero, page_mapcount, PageAnon,
 * page_mapping, page_index, page_zonenum, ...). Owns one frame's descriptor: flags with
 * the zone number in the top bits, _count, _mapcount, private, mapping, index, LRU links.
 */

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import linux.kernel.Mirrors;

/**
 * {@code struct page}: the descriptor of one physical frame, one per pfn in {@code mem_map}.
 *
 * <h2>Naming</h2>
 * The accessors of the kernel headers that read or write struct page ({@code page_count},
 * {@code get_page}, {@code page_mapcount}, {@code PageAnon}, {@code page_mapping} ...) keep
 * their kernel spelling and are static methods taking the page, so code calling them reads
 * like the C: {@code import static linux.mm.page.Page.*;} then {@code get_page(page)}. The
 * page-flags.h accessors ({@code PageLocked}, {@code TestSetPageLocked} ...) live the same way
 * in {@link PageFlags}. Kernel <em>functions</em> of .c files (lock_page, add_to_swap ...)
 * map to camelCase methods carrying {@code @Mirrors}.
 *
 * <h2>Fields</h2>
 * <ul>
 * <li>{@code flags}: the PG_* bits of page-flags.h (bit numbers as in 2.6.20) with the zone
 *   number in bits {@link #ZONES_PGSHIFT}..31, updated atomically (see {@link PageFlags}).</li>
 * <li>{@code _count} (field {@code count}): references; 0 means free. Atomic.</li>
 * <li>{@code _mapcount} (field {@code mapcount}): ptes mapping the page, minus one; starts at
 *   -1. Atomic.</li>
 * <li>{@code private} (field {@code private_}): for a swap-cache page the arch-independent
 *   swp_entry value; otherwise 0 for anon pages. Read it with {@link #pagePrivate}.</li>
 * <li>{@link #mapping}: null, an {@link AddressSpace}, or an {@link AnonVma} (the
 *   PAGE_MAPPING_ANON case).</li>
 * <li>{@link #index}: the page's offset in its mapping, in pages (for anon pages the
 *   {@code linear_page_index} of its first mapping).</li>
 * <li>{@code lruPrev}/{@code lruNext}: the {@code lru} list_head, package-private for the LRU
 *   and buddy lists of this package (a page is on at most one list at a time).</li>
 * </ul>
 *
 * <p>{@code pgoff_t} and {@code unsigned long} are 32 bits on i386, so {@code index} and
 * {@code private} are Java {@code int}s holding an unsigned value; compare them with
 * {@link Integer#compareUnsigned} where order matters.
 *
 * <h2>Construction</h2>
 * {@link #Page(int, int, AddressSpace)} leaves the page as {@code memmap_init_zone} leaves
 * it at boot: zone set in the flags, {@code _count = 1}, {@code _mapcount = -1},
 * PG_reserved set, off every list. The allocator frees boot pages into the buddy lists the
 * way {@code __free_pages_bootmem} does (clear PG_reserved, then free).
 */
@Mirrors("page")
public final class Page {

    /** page->mapping's tag bit for anon pages; here the tag is the type {@link AnonVma}. */
    @Mirrors("PAGE_MAPPING_ANON")
    public static final int PAGE_MAPPING_ANON = 1;

    /**
     * Bits of {@code flags} holding the zone number. An i386 CONFIG_HIGHMEM build has three
     * zones, so ZONES_SHIFT is 2; there is no node or section field (FLATMEM, one node), so
     * the zone sits at the very top of the 32-bit word.
     */
    @Mirrors("ZONES_WIDTH")
    public static final int ZONES_WIDTH = 2;

    /** Where the zone field starts: 32 - ZONES_WIDTH = 30. */
    @Mirrors("ZONES_PGSHIFT")
    public static final int ZONES_PGSHIFT = Integer.SIZE - ZONES_WIDTH;

    @Mirrors("ZONES_MASK")
    public static final int ZONES_MASK = (1 << ZONES_WIDTH) - 1;

    /** The bits of flags below the zone field, where the PG_* flags live. */
    static final int PAGE_FLAGS_MASK = ~(ZONES_MASK << ZONES_PGSHIFT);

    static final VarHandle FLAGS;
    static final VarHandle COUNT;
    static final VarHandle MAPCOUNT;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            FLAGS = l.findVarHandle(Page.class, "flags", int.class);
            COUNT = l.findVarHandle(Page.class, "count", int.class);
            MAPCOUNT = l.findVarHandle(Page.class, "mapcount", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** page_to_pfn(page): the frame this descriptor describes. */
    public final int pfn;

    /** The per-kernel swap cache, returned by {@link #pageMapping} for PG_swapcache pages. */
    private final AddressSpace swapperSpace;

    /**
     * The wait table of the page's zone ({@code page_zone(page)->wait_table}), where
     * lock_page and wait_on_page_writeback sleep; see {@link Filemap}.
     */
    final Filemap.WaitQueueHead[] waitTable;

    /** page->flags: PG_* bits and the zone number. Only through {@link #FLAGS}. */
    private volatile int flags;

    /** page->_count. Only through {@link #COUNT}. */
    private volatile int count;

    /** page->_mapcount. Only through {@link #MAPCOUNT}. */
    private volatile int mapcount;

    /** page->private (the swp_entry value for swap-cache pages). */
    private volatile int private_;

    /**
     * page->mapping: null, the file/swapper {@link AddressSpace}, or the {@link AnonVma} of an
     * anon page (PAGE_MAPPING_ANON). Written by rmap ({@code __page_set_anon_rmap}) and
     * cleared by the allocator when the page is freed; never by unmapping.
     */
    public volatile PageMapping mapping;

    /** page->index: offset within the mapping in pages (unsigned 32-bit). */
    public volatile int index;

    /** page->lru.prev (this package's intrusive lists). */
    Page lruPrev;

    /** page->lru.next (this package's intrusive lists). */
    Page lruNext;

    /**
     * Creates the descriptor of frame {@code pfn} in zone {@code zonenum} as
     * {@code memmap_init_zone} does: {@code set_page_links}, {@code init_page_count} (1),
     * {@code reset_page_mapcount} (-1), {@code SetPageReserved}, empty lru links.
     *
     * @param pfn the frame number
     * @param zonenum ZONE_DMA (0), ZONE_NORMAL (1) or ZONE_HIGHMEM (2)
     * @param swapperSpace this kernel's {@code swapper_space}; {@link #pageMapping} returns
     *     it for swap-cache pages. One object per emulated kernel, shared by all its pages.
     * @param waitTable the zone's wait table (zone_wait_table_init), shared by its pages
     */
    public Page(int pfn, int zonenum, AddressSpace swapperSpace, Filemap.WaitQueueHead[] waitTable) {
        if (zonenum < 0 || zonenum >= Zone.MAX_NR_ZONES) {
            throw new IllegalArgumentException("zone number " + zonenum + " is not ZONE_DMA, ZONE_NORMAL or ZONE_HIGHMEM");
        }
        if (swapperSpace == null) {
            throw new IllegalArgumentException("swapper_space must not be null");
        }
        if (waitTable == null || waitTable.length == 0) {
            throw new IllegalArgumentException("the zone's wait table must not be empty");
        }
        this.pfn = pfn;
        this.swapperSpace = swapperSpace;
        this.waitTable = waitTable;
        FLAGS.setVolatile(this, (zonenum << ZONES_PGSHIFT) | (1 << PageFlags.PG_reserved));
        COUNT.setVolatile(this, 1);
        MAPCOUNT.setVolatile(this, -1);
        this.lruPrev = this;
        this.lruNext = this;
    }

    /**
     * A descriptor outside any mem_map (for tests of the header code): as above, with a wait
     * table of its own.
     */
    public Page(int pfn, int zonenum, AddressSpace swapperSpace) {
        this(pfn, zonenum, swapperSpace, Filemap.zoneWaitTableInit(1));
    }

    /** A list head: a page-shaped sentinel, never part of mem_map (pfn -1). */
    private Page() {
        this.pfn = -1;
        this.swapperSpace = null;
        this.waitTable = null;
        this.lruPrev = this;
        this.lruNext = this;
    }

    /**
     * A fresh list head ({@code LIST_HEAD}): a sentinel whose lru links point to itself,
     * for the zone lists and private page lists of this package.
     */
    static Page listHead() {
        return new Page();
    }

    /** Whether this is a list-head sentinel rather than a real frame. */
    boolean isListHead() {
        return pfn < 0;
    }

    /** The whole flags word (PG_* bits and zone), read atomically. For dumps and checks. */
    public int flags() {
        return (int) FLAGS.getVolatile(this);
    }

    /** This kernel's swapper_space, the mapping of every swap-cache page. */
    public AddressSpace swapperSpace() {
        return swapperSpace;
    }

    // ---- zone ------------------------------------------------------------------------

    /** page_zonenum(page): the zone number kept in the top bits of flags. */
    @Mirrors("page_zonenum")
    public static int pageZonenum(Page page) {
        return (page.flags() >>> ZONES_PGSHIFT) & ZONES_MASK;
    }

    /** set_page_zone(page, zone): rewrite the zone field, leaving the PG_* bits. */
    @Mirrors("set_page_zone")
    static void setPageZone(Page page, int zonenum) {
        int old;
        int nw;
        do {
            old = page.flags();
            nw = (old & PAGE_FLAGS_MASK) | ((zonenum & ZONES_MASK) << ZONES_PGSHIFT);
        } while (!FLAGS.compareAndSet(page, old, nw));
    }

    // ---- _count ----------------------------------------------------------------------

    /**
     * page_count(page): the reference count. Compound pages are not modelled (no hugetlb),
     * so this reads the page's own count.
     */
    @Mirrors("page_count")
    public static int pageCount(Page page) {
        return (int) COUNT.getVolatile(page);
    }

    /**
     * get_page(page): take a reference. The caller must already hold one (or a lock that
     * pins the page); taking one on a free page (count 0) is a VM_BUG_ON (assert), checked
     * before the count is raised.
     */
    @Mirrors("get_page")
    public static void getPage(Page page) {
        assert (int) COUNT.getVolatile(page) != 0 : "get_page on a free page pfn " + page.pfn;
        COUNT.getAndAdd(page, 1);
    }

    /** page_cache_get(page): the page-cache spelling of {@link #getPage}. */
    @Mirrors("page_cache_get")
    public static void pageCacheGet(Page page) {
        getPage(page);
    }

    /**
     * put_page_testzero(page): drop a reference; true when it was the last one, and the
     * caller must then free the page. Dropping a reference of a free page is a VM_BUG_ON
     * (assert), checked before the count is dropped so a failed check leaves it at 0. The
     * release itself (put_page) belongs to mm/swap.c.
     */
    @Mirrors("put_page_testzero")
    public static boolean putPageTestzero(Page page) {
        assert (int) COUNT.getVolatile(page) != 0 : "put_page_testzero on a free page pfn " + page.pfn;
        return (int) COUNT.getAndAdd(page, -1) == 1;
    }

    /**
     * get_page_unless_zero(page): take a reference unless the page is free (count 0);
     * true when the reference was taken. Reclaim isolates LRU pages with it.
     */
    @Mirrors("get_page_unless_zero")
    public static boolean getPageUnlessZero(Page page) {
        int c;
        do {
            c = (int) COUNT.getVolatile(page);
            if (c == 0) {
                return false;
            }
        } while (!COUNT.compareAndSet(page, c, c + 1));
        return true;
    }

    /** init_page_count(page): set the count to 1 (a page leaving the allocator). */
    @Mirrors("init_page_count")
    public static void initPageCount(Page page) {
        COUNT.setVolatile(page, 1);
    }

    /** set_page_count(page, v) (mm/internal.h): for the allocator only. */
    @Mirrors("set_page_count")
    public static void setPageCount(Page page, int v) {
        COUNT.setVolatile(page, v);
    }

    // ---- _mapcount -------------------------------------------------------------------

    /** page_mapcount(page): number of ptes mapping the page, {@code _mapcount + 1}. */
    @Mirrors("page_mapcount")
    public static int pageMapcount(Page page) {
        return (int) MAPCOUNT.getVolatile(page) + 1;
    }

    /** page_mapped(page): at least one pte maps it ({@code _mapcount >= 0}). */
    @Mirrors("page_mapped")
    public static boolean pageMapped(Page page) {
        return (int) MAPCOUNT.getVolatile(page) >= 0;
    }

    /** reset_page_mapcount(page): back to unmapped ({@code _mapcount = -1}). */
    @Mirrors("reset_page_mapcount")
    public static void resetPageMapcount(Page page) {
        MAPCOUNT.setVolatile(page, -1);
    }

    /** The raw {@code _mapcount} (-1 when unmapped), for diagnostics such as rmap's BUG report. */
    public static int rawMapcount(Page page) {
        return (int) MAPCOUNT.getVolatile(page);
    }

    /**
     * {@code atomic_inc_and_test(&page->_mapcount)}: raise the mapcount; true when this was
     * the first mapping (it went from -1 to 0). page_add_anon_rmap / page_add_file_rmap.
     */
    public static boolean atomicIncAndTestMapcount(Page page) {
        return (int) MAPCOUNT.getAndAdd(page, 1) == -1;
    }

    /** {@code atomic_inc(&page->_mapcount)}: page_dup_rmap at fork. */
    public static void atomicIncMapcount(Page page) {
        MAPCOUNT.getAndAdd(page, 1);
    }

    /**
     * {@code atomic_add_negative(i, &page->_mapcount)}: add {@code i}; true when the result
     * is negative (page_remove_rmap: the last mapping went away).
     */
    public static boolean atomicAddNegativeMapcount(Page page, int i) {
        return (int) MAPCOUNT.getAndAdd(page, i) + i < 0;
    }

    /** {@code atomic_set(&page->_mapcount, v)}: page_add_new_anon_rmap sets 0. */
    public static void atomicSetMapcount(Page page, int v) {
        MAPCOUNT.setVolatile(page, v);
    }

    // ---- private, mapping, index ------------------------------------------------------

    /** page_private(page): the private word (swp_entry value of a swap-cache page). */
    @Mirrors("page_private")
    public static int pagePrivate(Page page) {
        return page.private_;
    }

    /** set_page_private(page, v). */
    @Mirrors("set_page_private")
    public static void setPagePrivate(Page page, int v) {
        page.private_ = v;
    }

    /** PageAnon(page): the mapping is an anon_vma (the PAGE_MAPPING_ANON bit). */
    @Mirrors("PageAnon")
    public static boolean pageAnon(Page page) {
        return page.mapping instanceof AnonVma;
    }

    /**
     * The anon_vma of an anon page ({@code page->mapping - PAGE_MAPPING_ANON}), or null when
     * the page is not anon. Still valid after the page is unmapped (mapping is not cleared
     * by unmapping), so callers check page_mapped first as page_lock_anon_vma does.
     */
    public static AnonVma pageAnonVma(Page page) {
        PageMapping m = page.mapping;
        return m instanceof AnonVma ? (AnonVma) m : null;
    }

    /**
     * page_mapping(page): the address_space the page belongs to. A swap-cache page answers
     * this kernel's {@code swapper_space} whatever page->mapping holds; an anon page not in
     * swap cache answers null; otherwise page->mapping (a file mapping or null).
     */
    @Mirrors("page_mapping")
    public static AddressSpace pageMapping(Page page) {
        PageMapping m = page.mapping;
        if (PageFlags.pageSwapCache(page)) {
            return page.swapperSpace;
        }
        if (m instanceof AnonVma) {
            return null;
        }
        return (AddressSpace) m;
    }

    /**
     * page_index(page): where the page sits in page_mapping(page): the swp_entry value
     * (page->private) for swap-cache pages, page->index otherwise.
     */
    @Mirrors("page_index")
    public static int pageIndex(Page page) {
        if (PageFlags.pageSwapCache(page)) {
            return page.private_;
        }
        return page.index;
    }

    // ---- intrusive list primitives (include/linux/list.h), for this package ------------

    /** list_empty(head). */
    static boolean listEmpty(Page head) {
        return head.lruNext == head;
    }

    /** list_add(page, head): insert right after {@code head} (at the list head). */
    static void listAdd(Page page, Page head) {
        listInsert(page, head, head.lruNext);
    }

    /** list_add_tail(page, head): insert right before {@code head} (at the list tail). */
    static void listAddTail(Page page, Page head) {
        listInsert(page, head.lruPrev, head);
    }

    /** list_del(page): unlink; the page's links point to itself afterwards. */
    static void listDel(Page page) {
        page.lruPrev.lruNext = page.lruNext;
        page.lruNext.lruPrev = page.lruPrev;
        page.lruPrev = page;
        page.lruNext = page;
    }

    /** list_move(page, head): unlink and insert at the head of {@code head}. */
    static void listMove(Page page, Page head) {
        listDel(page);
        listAdd(page, head);
    }

    /** list_move_tail(page, head): unlink and insert at the tail of {@code head}. */
    static void listMoveTail(Page page, Page head) {
        listDel(page);
        listAddTail(page, head);
    }

    private static void listInsert(Page page, Page prev, Page next) {
        next.lruPrev = page;
        page.lruNext = next;
        page.lruPrev = prev;
        prev.lruNext = page;
    }

    @Override
    public String toString() {
        return "page(pfn=" + pfn + ", flags=" + PageFlags.describe(flags() & PAGE_FLAGS_MASK)
                + ", zone=" + pageZonenum(this) + ", _count=" + pageCount(this)
                + ", _mapcount=" + rawMapcount(this) + ")";
    }
}
