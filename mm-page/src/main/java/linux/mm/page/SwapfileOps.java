package linux.mm.page;

import linux.kernel.Mirrors;

/**
 * The functions linux-2.6.20 {@code include/linux/swap.h} declares for
 * {@code mm/swapfile.c}: swap-slot allocation and reference counting, the swap-area
 * table, swapon/swapoff and /proc/swaps. The implementation lives in module
 * {@code linux.mm.swapfile}; callers (swap_state, memory, rmap, vmscan, boot) reach it
 * only through this interface.
 *
 * <p>Swap entries are the arch-independent {@code swp_entry_t.val} as an {@code int}:
 * type in the top five bits, offset in the low 27 (kernel-2.6.20.md §2.4); 0 means "no
 * entry".
 *
 * <p>Locking: every method takes {@code swap_lock} itself where the kernel does; none
 * may be called with swap_lock held. The page-based methods require the page lock as
 * the kernel does. {@code sysSwapon}/{@code sysSwapoff} may sleep.
 *
 * <p>Errors: one channel, the kernel's. A failing call returns the negative errno the
 * kernel returns and prints what the kernel prints (to the kernel log); nothing here throws
 * for a refused request. Turning that into a message for a user is the syscall surface's
 * job (boot), as it is libc's and swapon(8)'s in Linux.
 */
public interface SwapfileOps {

    /** struct sysinfo's swap fields, filled by {@link #siSwapinfo}. Sizes in pages. */
    final class Sysinfo {
        public long freeswap;
        public long totalswap;
    }

    /** Claims a free slot in the best area (priority, round-robin); 0 if swap is full. */
    @Mirrors("get_swap_page")
    int getSwapPage();

    /** Claims a free slot in area {@code type}; 0 if it has none or is not writable. */
    @Mirrors("get_swap_page_of_type")
    int getSwapPageOfType(int type);

    /** Drops one reference to {@code entry}; prints "swap_free: …" for a bad entry. */
    @Mirrors("swap_free")
    void swapFree(int entry);

    /** Adds one reference to {@code entry}; 1 on success, 0 if it is free, bad or out of range. */
    @Mirrors("swap_duplicate")
    int swapDuplicate(int entry);

    /** Drops a pte's reference to {@code entry} and frees its swap-cache page if nobody else uses it. */
    @Mirrors("free_swap_and_cache")
    void freeSwapAndCache(int entry);

    /**
     * do_wp_page's test (page locked): may a write reuse this anon page rather than copy
     * it, i.e. is the caller's mapping its only user (counting swapped-out references to
     * a swap-cache page's slot)?
     */
    @Mirrors("can_share_swap_page")
    boolean canShareSwapPage(Page page);

    /**
     * Drops a locked swap-cache page from the cache if nobody else uses it or its slot;
     * the page is re-dirtied and the slot freed. Returns 1 if done, else 0.
     */
    @Mirrors("remove_exclusive_swap_page")
    int removeExclusiveSwapPage(Page page);

    /** swapper_space's unplug: kicks the queue of the device holding the swap-cache page's slot. */
    @Mirrors("swap_unplug_io_fn")
    void swapUnplugIoFn(Page page);

    /**
     * The readahead window around {@code entry}: stores its first offset in
     * {@code offset[0]} and returns how many consecutive in-use slots it holds.
     */
    @Mirrors("valid_swaphandles")
    int validSwaphandles(int entry, long[] offset);

    /** Free and total swap in pages, counting areas being swapped off. */
    @Mirrors("si_swapinfo")
    void siSwapinfo(Sysinfo val);

    /** The PAGE_SIZE disk block holding slot {@code offset} of area {@code sis}. */
    @Mirrors("map_swap_page")
    long mapSwapPage(SwapInfoStruct sis, long offset);

    /** The live swap_list (head and next area); read it under swap_lock or at a quiescent point. */
    @Mirrors("swap_list")
    SwapListT swapList();

    /** {@code &swap_info[type]}. */
    @Mirrors("get_swap_info_struct")
    SwapInfoStruct getSwapInfoStruct(int type);

    /**
     * swsusp: the writable area on block device {@code devT} whose first extent starts
     * at PAGE_SIZE block {@code offset} (any writable area when {@code devT} is 0), or
     * -ENODEV.
     */
    @Mirrors("swap_type_of")
    int swapTypeOf(int devT, long offset);

    /** Total or free pages of a writable area (swsusp helper); 0 otherwise. */
    @Mirrors("count_swap_pages")
    int countSwapPages(int type, boolean free);

    /** The disk block of (type, offset) if the area is writable, else 0 (swsusp helper). */
    @Mirrors("swapdev_block")
    long swapdevBlock(int type, long offset);

    /**
     * swapon(2): adds the swap area at {@code path}.
     *
     * @return 0 or the kernel's negative errno
     */
    @Mirrors("sys_swapon")
    int sysSwapon(String path, int swapFlags);

    /**
     * swapoff(2): empties and removes the swap area at {@code path}.
     *
     * @return 0 or the kernel's negative errno
     */
    @Mirrors("sys_swapoff")
    int sysSwapoff(String path);

    /**
     * The text of /proc/swaps: what a read of the file gets through swapfile.c's seq_file
     * iterator (swap_start, swap_next, swap_show, swap_stop).
     */
    String procSwaps();

    /** Free swap slots over all writable areas (page_alloc.c's {@code nr_swap_pages}). */
    @Mirrors("nr_swap_pages")
    long nrSwapPages();

    /** Usable slots over all writable areas. */
    @Mirrors("total_swap_pages")
    long totalSwapPages();

    /** One more than the highest swap_info[] slot ever used. */
    @Mirrors("nr_swapfiles")
    int nrSwapfiles();

    /** swap.h's {@code vm_swap_full()}: more than half of swap is in use. */
    @Mirrors("vm_swap_full")
    default boolean vmSwapFull() {
        return nrSwapPages() * 2 < totalSwapPages();
    }
}
