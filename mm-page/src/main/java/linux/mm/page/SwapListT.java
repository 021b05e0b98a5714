package linux.mm.page;

import linux.kernel.Mirrors;

/**
 * Mirrors linux-2.6.20 {@code include/linux/swap.h}: {@code struct swap_list_t}, the
 * head of the priority-ordered list of active swap areas (linked through
 * {@link SwapInfoStruct#next}) and the area {@code get_swap_page} tries next. Both are
 * indexes into {@code swap_info[]}, −1 when the list is empty. Guarded by swap_lock.
 */
@Mirrors("swap_list_t")
public final class SwapListT {
    /** Highest-priority area, or −1. */
    public int head = -1;
    /** Area to allocate from next (round-robin among equal priorities), or −1. */
    public int next = -1;

    @Override
    public String toString() {
        return "swap_list{head=" + head + ", next=" + next + "}";
    }
}
