package linux.mm.page;

/*
 * Mirrors linux-2.6.20 include/linux/list.h as the mm code uses it on page->lru: list
 * heads for the zone LRU lists, the buddy free lists, the per-CPU page lists and the
 * private page lists of reclaim. Owns one list head.
 */

import linux.kernel.Mirrors;

/**
 * A {@code struct list_head} that heads a list of pages linked through their
 * {@code lru} links. The HEAD of the list is the position right after the head
 * ({@code head->next}), the TAIL the position right before it ({@code head->prev});
 * {@link #listAdd} inserts at the HEAD, {@link #listAddTail} at the TAIL, and
 * {@link #lruToPage} takes the page at the TAIL, exactly as the kernel's macros do.
 *
 * <p>A page is on at most one list at a time. Moving a page allocates nothing.
 *
 * <p>Locking: the caller holds whatever lock guards the list (zone->lru_lock for the
 * LRU lists, zone->lock for the free lists, the per-CPU list's monitor); a private
 * list on the caller's stack needs none.
 *
 * <p>Differs from 2.6.20: list_del leaves the entry pointing at itself (as
 * list_del_init) instead of at the LIST_POISON values.
 */
@Mirrors("list_head")
public final class ListHead {

    /** The sentinel whose lru links are the head's next (HEAD end) and prev (TAIL end). */
    final Page head = Page.listHead();

    /** An empty list ({@code LIST_HEAD(name)}). */
    public ListHead() {
    }

    /** {@code list_empty(head)}. */
    @Mirrors("list_empty")
    public boolean listEmpty() {
        return Page.listEmpty(head);
    }

    /** Inserts {@code page} at the HEAD of {@code list} ({@code list_add(&page->lru, list)}). */
    @Mirrors("list_add")
    public static void listAdd(Page page, ListHead list) {
        assert notListed(page) : "list_add of a page already on a list: " + page;
        Page.listAdd(page, list.head);
    }

    /** Inserts {@code page} at the TAIL of {@code list}. */
    @Mirrors("list_add_tail")
    public static void listAddTail(Page page, ListHead list) {
        assert notListed(page) : "list_add_tail of a page already on a list: " + page;
        Page.listAddTail(page, list.head);
    }

    /** Unlinks {@code page} from whatever list it is on ({@code list_del(&page->lru)}). */
    @Mirrors("list_del")
    public static void listDel(Page page) {
        assert !notListed(page) : "list_del of a page on no list: " + page;
        Page.listDel(page);
    }

    /** Moves {@code page} to the HEAD of {@code list}. */
    @Mirrors("list_move")
    public static void listMove(Page page, ListHead list) {
        Page.listMove(page, list.head);
    }

    /** Moves {@code page} to the TAIL of {@code list}. */
    @Mirrors("list_move_tail")
    public static void listMoveTail(Page page, ListHead list) {
        Page.listMoveTail(page, list.head);
    }

    /**
     * Moves every page of {@code list} to the HEAD of {@code head}, keeping their order,
     * and leaves {@code list} empty ({@code list_splice_init}).
     */
    @Mirrors("list_splice_init")
    public static void listSpliceInit(ListHead list, ListHead head) {
        while (!list.listEmpty()) {
            Page.listMove(list.head.lruPrev, head.head);
        }
    }

    /** The page at the TAIL ({@code lru_to_page(head)}), or null when empty. */
    @Mirrors("lru_to_page")
    public Page lruToPage() {
        Page p = head.lruPrev;
        return p == head ? null : p;
    }

    /** The page at the HEAD ({@code list_entry(head->next, struct page, lru)}), or null when empty. */
    public Page first() {
        Page p = head.lruNext;
        return p == head ? null : p;
    }

    /** The page after {@code page} towards the TAIL, or null when {@code page} is the TAIL. */
    public Page next(Page page) {
        Page p = page.lruNext;
        return p == head ? null : p;
    }

    /** The page before {@code page} towards the HEAD, or null when {@code page} is the HEAD. */
    public Page prev(Page page) {
        Page p = page.lruPrev;
        return p == head ? null : p;
    }

    /** Number of pages on the list (a walk; for checks and tests). */
    public int size() {
        int n = 0;
        for (Page p = head.lruNext; p != head; p = p.lruNext) {
            n++;
        }
        return n;
    }

    /** Whether {@code page} is on this list (a walk; for checks and tests). */
    public boolean contains(Page page) {
        for (Page p = head.lruNext; p != head; p = p.lruNext) {
            if (p == page) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code page} is linked into no list (its lru links point at itself). */
    public static boolean notListed(Page page) {
        return page.lruNext == page && page.lruPrev == page;
    }
}
