package linux.mm.swapfile;

import static linux.mm.page.SwapInfoStruct.SWAP_MAP_BAD;
import static linux.mm.page.SwapInfoStruct.SWP_ACTIVE;
import static linux.mm.page.SwapInfoStruct.SWP_USED;
import static linux.mm.page.SwapInfoStruct.SWP_WRITEOK;

import java.util.ArrayList;
import java.util.List;
import linux.mm.page.SwapInfoStruct;
import linux.mm.page.SwapListT;
import linux.mm.page.SwapfileOps;

/**
 * The swap_map accounting invariants of kernel-2.6.20.md §4.3 (items 2–7 as far as
 * swap_map goes), checked
 * against any {@link SwapfileOps} implementation at a quiescent point (no swapon,
 * swapoff or allocation in flight). Item 1 (counts versus ptes and the swap cache) and
 * item 8 (mmlist) need the page tables and are checked where those live.
 */
public final class SwapInvariants {
    private SwapInvariants() {
    }

    /** Every violated invariant, one line each; empty when the swap state is consistent. */
    public static List<String> check(SwapfileOps ops) {
        List<String> bad = new ArrayList<>();
        long free = 0;
        long total = 0;
        int active = 0;
        for (int t = 0; t < ops.nrSwapfiles(); t++) {
            SwapInfoStruct si = ops.getSwapInfoStruct(t);
            if ((si.flags & SWP_USED) == 0 || si.swapMap == null) {
                continue;
            }
            String name = "swap_info[" + t + "]";
            char[] map = si.swapMap;
            int inuse = 0;
            int good = 0;
            int lowestFree = -1;
            int highestFree = -1;
            for (int off = 1; off < si.max; off++) {
                char c = map[off];
                if (c != SWAP_MAP_BAD) {
                    good++;
                    if (c != 0) {
                        inuse++;
                    } else {
                        if (lowestFree < 0) {
                            lowestFree = off;
                        }
                        highestFree = off;
                    }
                }
            }
            if (map[0] != SWAP_MAP_BAD) {
                bad.add(name + ": swap_map[0] (the header) is " + (int) map[0] + ", not SWAP_MAP_BAD");
            }
            if (inuse != si.inusePages) {
                bad.add(name + ": inuse_pages " + si.inusePages + " but " + inuse + " slots are in use");
            }
            // §4.3.3: a partition whose last_page lies beyond what a swap pte can address
            // keeps pages = last_page - nr_badpages - 1 from the header, more than max - 1.
            boolean beyondArchLimit = si.swapFile != null && si.swapFile.isBlk()
                    && Integer.compareUnsigned(si.pages, si.max - 1) > 0;
            if (good != si.pages && !beyondArchLimit) {
                bad.add(name + ": pages " + Integer.toUnsignedString(si.pages) + " but " + good + " usable slots below max " + si.max);
            }
            if ((si.flags & SWP_WRITEOK) != 0) {
                if (si.inusePages == si.pages) {
                    if (si.lowestBit != si.max || si.highestBit != 0) {
                        bad.add(name + ": full, but lowest_bit " + si.lowestBit + " / highest_bit " + si.highestBit
                                + " are not max " + si.max + " / 0");
                    }
                } else if (lowestFree >= 0 && (lowestFree < si.lowestBit || highestFree > si.highestBit)) {
                    bad.add(name + ": free slots " + lowestFree + ".." + highestFree + " outside [lowest_bit "
                            + si.lowestBit + ", highest_bit " + si.highestBit + "]");
                }
                free += Integer.toUnsignedLong(si.pages) - si.inusePages;
                total += Integer.toUnsignedLong(si.pages);
            } else {
                free -= si.inusePages;
            }
            if ((si.flags & SWP_ACTIVE) == SWP_ACTIVE) {
                active++;
            }
        }
        if (free != ops.nrSwapPages()) {
            bad.add("nr_swap_pages " + ops.nrSwapPages() + " but the areas have " + free + " free slots");
        }
        if (total != ops.totalSwapPages()) {
            bad.add("total_swap_pages " + ops.totalSwapPages() + " but the areas have " + total + " slots");
        }
        SwapListT list = ops.swapList();
        int n = 0;
        int prevPrio = Integer.MAX_VALUE;
        boolean nextFound = list.next < 0;
        for (int t = list.head; t >= 0 && n <= SwapInfoStruct.MAX_SWAPFILES; t = ops.getSwapInfoStruct(t).next) {
            SwapInfoStruct si = ops.getSwapInfoStruct(t);
            if ((si.flags & SWP_ACTIVE) != SWP_ACTIVE) {
                bad.add("swap_list: swap_info[" + t + "] is on the list but not active (flags " + si.flags + ")");
            }
            if (si.prio > prevPrio) {
                bad.add("swap_list: swap_info[" + t + "] (prio " + si.prio + ") follows prio " + prevPrio);
            }
            prevPrio = si.prio;
            nextFound |= t == list.next;
            n++;
        }
        if (n != active) {
            bad.add("swap_list: " + n + " areas linked but " + active + " are active");
        }
        // 2.6.20 quirk: while try_to_unuse frees an area's slots, swap_entry_free may point
        // swap_list.next at that very area (it outranks the current one), and swapoff
        // leaves it there; get_swap_page skips it. So next may also name an unused slot.
        if (!nextFound && (ops.getSwapInfoStruct(list.next).flags & SWP_USED) != 0) {
            bad.add("swap_list.next " + list.next + " is an area in use that is not on the list");
        }
        if (list.head < 0 && list.next >= 0) {
            bad.add("swap_list: empty but next is " + list.next);
        }
        return bad;
    }
}
