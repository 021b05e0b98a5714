package linux.mm.pagealloc.internal;

import linux.mm.page.*;

import static linux.mm.pagealloc.internal.Machines.bootWithoutRam;
import static linux.mm.pagealloc.internal.Machines.mib;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import linux.kernel.Printk;
import org.junit.jupiter.api.Test;

/** include/linux/list.h on page->lru: HEAD and TAIL exactly as the kernel's macros. */
class ListHeadTest {

    private final PageAlloc pa = bootWithoutRam(mib(16), 1, Printk.NONE);
    private final Page a = pa.allocPage(Gfp.GFP_KERNEL);
    private final Page b = pa.allocPage(Gfp.GFP_KERNEL);
    private final Page c = pa.allocPage(Gfp.GFP_KERNEL);

    private static List<Page> order(ListHead list) {
        List<Page> l = new ArrayList<>();
        for (Page p = list.first(); p != null; p = list.next(p)) {
            l.add(p);
        }
        return l;
    }

    @Test
    void listAdd_insertsAtHeadAndListAddTailAtTail() {
        ListHead list = new ListHead();
        assertTrue(list.listEmpty());
        ListHead.listAdd(a, list);
        ListHead.listAdd(b, list);
        ListHead.listAddTail(c, list);
        assertEquals(List.of(b, a, c), order(list));
        assertSame(c, list.lruToPage());
        assertSame(b, list.first());
        assertSame(a, list.prev(c));
        assertNull(list.prev(b));
        assertNull(list.next(c));
        assertEquals(3, list.size());
    }

    @Test
    void listMove_andListMoveTail_changeListsAndEnds() {
        ListHead one = new ListHead();
        ListHead two = new ListHead();
        ListHead.listAddTail(a, one);
        ListHead.listAddTail(b, one);
        ListHead.listAddTail(c, one);
        ListHead.listMoveTail(a, one);
        assertEquals(List.of(b, c, a), order(one));
        ListHead.listMove(c, two);
        ListHead.listMove(a, two);
        assertEquals(List.of(a, c), order(two));
        assertEquals(List.of(b), order(one));
        ListHead.listDel(b);
        assertTrue(one.listEmpty());
        assertTrue(ListHead.notListed(b));
        assertFalse(one.contains(b));
    }

    @Test
    void listSpliceInit_movesTheRunToTheHeadInOrder() {
        ListHead from = new ListHead();
        ListHead to = new ListHead();
        ListHead.listAddTail(a, from);
        ListHead.listAddTail(b, from);
        ListHead.listAddTail(c, to);
        ListHead.listSpliceInit(from, to);
        assertTrue(from.listEmpty());
        assertEquals(List.of(a, b, c), order(to));
    }
}
