package linux.mm.pageio.internal;

import static linux.mm.page.SwapInfoStruct.SWAP_MAP_BAD;
import static linux.mm.page.SwapInfoStruct.SWAP_MAP_MAX;
import static linux.mm.page.SwapInfoStruct.SWP_USED;

import java.util.ArrayList;
import java.util.List;
import linux.mm.page.AddressSpace;
import linux.mm.page.PageFlags;
import linux.mm.page.SwapInfoStruct;
import linux.mm.page.SwapfileOps;
import linux.mm.page.Swapops;
import org.eclipse.collections.api.map.primitive.IntIntMap;
import org.eclipse.collections.api.set.primitive.MutableIntSet;
import org.eclipse.collections.impl.set.mutable.primitive.IntHashSet;

/**
 * The swap_map side of kernel-2.6.20.md §4.2.1 and §4.3.1 for kernels without page tables:
 * every swap-cache page's entry is a valid in-use slot, and every slot's count is the
 * references the test holds in place of ptes ({@code pteRefs}, by entry) plus one if a
 * swap-cache page has the entry. One line per violation.
 */
final class SwapCacheCheck {
    private SwapCacheCheck() {
    }

    static List<String> check(SwapfileOps sf, AddressSpace swapper, IntIntMap pteRefs) {
        List<String> bad = new ArrayList<>();
        MutableIntSet cached = new IntHashSet();
        swapper.forEachPage((entry, page) -> {
            cached.add(entry);
            int type = Swapops.swpType(entry);
            int off = Swapops.swpOffset(entry);
            if (!PageFlags.pageSwapCache(page)) {
                bad.add("entry 0x" + Integer.toHexString(entry) + ": cache page without PG_swapcache (§4.2.1)");
            }
            if (type >= sf.nrSwapfiles() || (sf.getSwapInfoStruct(type).flags & SWP_USED) == 0) {
                bad.add("entry 0x" + Integer.toHexString(entry) + ": type " + type + " is no area in use (§4.2.1)");
                return;
            }
            SwapInfoStruct si = sf.getSwapInfoStruct(type);
            if (off < 1 || off >= si.max) {
                bad.add("entry 0x" + Integer.toHexString(entry) + ": offset " + off + " outside 1.." + (si.max - 1) + " (§4.2.1)");
            } else if (si.swapMap[off] == 0) {
                bad.add("entry 0x" + Integer.toHexString(entry) + ": cached but swap_map is 0 (§4.2.1)");
            }
        });
        for (int t = 0; t < sf.nrSwapfiles(); t++) {
            SwapInfoStruct si = sf.getSwapInfoStruct(t);
            if ((si.flags & SWP_USED) == 0 || si.swapMap == null) {
                continue;
            }
            for (int off = 1; off < si.max; off++) {
                char c = si.swapMap[off];
                if (c == SWAP_MAP_BAD || c >= SWAP_MAP_MAX) {
                    continue;
                }
                int entry = Swapops.swpEntry(t, off);
                int want = pteRefs.getIfAbsent(entry, 0) + (cached.contains(entry) ? 1 : 0);
                if (c != want) {
                    bad.add("swap_map[" + t + ":" + off + "] is " + (int) c + " but " + pteRefs.getIfAbsent(entry, 0)
                            + " pte reference(s)" + (cached.contains(entry) ? " + the swap cache" : "") + " hold it (§4.3.1)");
                }
            }
        }
        return bad;
    }
}
