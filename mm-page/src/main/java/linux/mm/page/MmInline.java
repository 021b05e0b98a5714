package linux.mm.page;

/*
 * Mirrors linux-2.6.20 include/linux/mm_inline.h: moving a page onto and off its
 * zone's LRU lists while keeping nr_active / nr_inactive in step. Owns no state.
 */

import static linux.mm.page.PageFlags.pageActive;
import static linux.mm.page.PageFlags.clearPageActiveRaw;

import linux.kernel.Mirrors;

/**
 * The LRU list inlines. Insertions go to the list HEAD (list_add), as every 2.6.20
 * LRU insertion except rotate_reclaimable_page's does. They touch neither PG_lru nor
 * (except {@link #delPageFromLru}) PG_active: callers set those themselves.
 *
 * <p>Locking: the caller holds {@code zone->lru_lock}.
 */
public final class MmInline {
    private MmInline() {
    }

    /** Puts {@code page} at the HEAD of the zone's active list; nr_active++. */
    @Mirrors("add_page_to_active_list")
    public static void addPageToActiveList(Zone zone, Page page) {
        assert zone.lruLock.isHeldByCurrentThread();
        ListHead.listAdd(page, zone.activeList);
        zone.nrActive++;
    }

    /** Puts {@code page} at the HEAD of the zone's inactive list; nr_inactive++. */
    @Mirrors("add_page_to_inactive_list")
    public static void addPageToInactiveList(Zone zone, Page page) {
        assert zone.lruLock.isHeldByCurrentThread();
        ListHead.listAdd(page, zone.inactiveList);
        zone.nrInactive++;
    }

    /** Takes {@code page} off the active list; nr_active--. */
    @Mirrors("del_page_from_active_list")
    public static void delPageFromActiveList(Zone zone, Page page) {
        assert zone.lruLock.isHeldByCurrentThread();
        ListHead.listDel(page);
        zone.nrActive--;
    }

    /** Takes {@code page} off the inactive list; nr_inactive--. */
    @Mirrors("del_page_from_inactive_list")
    public static void delPageFromInactiveList(Zone zone, Page page) {
        assert zone.lruLock.isHeldByCurrentThread();
        ListHead.listDel(page);
        zone.nrInactive--;
    }

    /**
     * Takes {@code page} off whichever LRU list PG_active says it is on, clearing
     * PG_active; PG_lru is the caller's business.
     */
    @Mirrors("del_page_from_lru")
    public static void delPageFromLru(Zone zone, Page page) {
        assert zone.lruLock.isHeldByCurrentThread();
        ListHead.listDel(page);
        if (pageActive(page)) {
            clearPageActiveRaw(page);
            zone.nrActive--;
        } else {
            zone.nrInactive--;
        }
    }
}
