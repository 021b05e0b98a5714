/**
 * Mirrors linux-2.6.20's mm headers, {@code include/linux/{mm_types.h, mm.h, page-flags.h,
 * mmzone.h, swap.h, swapops.h, rmap.h, pagevec.h, mm_inline.h, pagemap.h, vmstat.h}}: struct
 * page and the other shared mm types, the header inlines (page flags, the page-lock and
 * writeback helpers that {@code mm/filemap.c} and {@code mm/page-writeback.c} export, the
 * vmstat counters, list helpers), and one header interface per kernel file
 * ({@link linux.mm.page.PageAllocOps} for mm/page_alloc.c, {@link linux.mm.page.SwapOps} for
 * mm/swap.c, {@link linux.mm.page.SwapfileOps}, ...). The kernel files themselves live in
 * their own modules.
 *
 * <h2>Contract</h2>
 * <ul>
 * <li>{@link linux.mm.page.Page} is struct page: one per frame in mem_map, built once at boot
 *   ({@code new Page(pfn, zonenum, swapperSpace)}, in memmap_init_zone's state: reserved,
 *   count 1, mapcount -1) and never replaced. Its page-flags.h accessors are in
 *   {@link linux.mm.page.PageFlags}.</li>
 * <li>{@code page->mapping} is a {@link linux.mm.page.PageMapping}: an
 *   {@link linux.mm.page.AnonVma} (the PAGE_MAPPING_ANON case: {@code PageAnon} is true) or an
 *   {@link linux.mm.page.AddressSpace} or null. {@code page_mapping(page)} returns the
 *   kernel's {@code swapper_space} for every PG_swapcache page: each Page holds a reference to
 *   its kernel's one swapper_space object (created by
 *   {@link linux.mm.page.AddressSpace#newSwapperSpace()} at boot), so several emulated kernels
 *   can live in one JVM.</li>
 * <li>Swap entries ({@code swp_entry_t.val}), page indices ({@code pgoff_t}) and
 *   {@code page->private} are 32-bit unsigned values in {@code int}s; user virtual addresses
 *   are unsigned 32-bit values in {@code long}s.</li>
 * <li>Kernel errors are returned as the kernel returns them (0 / negative errno,
 *   {@link linux.mm.page.RmapResult}); a violated {@code BUG_ON} throws
 *   {@link linux.kernel.KernelBug}; {@code VM_BUG_ON} is a Java {@code assert}.</li>
 * <li>{@link linux.mm.page.MmInvariants} checks the invariants of kernel-2.6.20.md §4.1, §4.2
 *   and §4.4 at quiescent points.</li>
 * </ul>
 *
 * <h2>Naming</h2>
 * Header macros and inlines that read or write struct page or mm_struct fields keep their
 * kernel spelling and are static methods taking the object: {@code Page.page_count(page)},
 * {@code Page.get_page(page)}, {@code PageFlags.TestSetPageLocked(page)},
 * {@code MmStruct.inc_mm_counter(mm, anon_rss)}, {@code VmAreaStruct.linear_page_index(vma,
 * addr)}; statically imported, calls read like the C. Functions of kernel .c files map to
 * camelCase with {@code @Mirrors("kernel_name")}: {@code Filemap.lockPage} (lock_page),
 * {@code PageWriteback.endPageWriteback} (end_page_writeback), {@code SwapStateOps.addToSwap}
 * (add_to_swap). A {@code __foo} whose caller holds the lock is {@code fooLocked}
 * ({@code deleteFromSwapCacheLocked}, {@code anonVmaLinkLocked}).
 *
 * <h2>Header interfaces</h2>
 * One interface per layer-2 kernel file declares what that file exports; Dagger injects the
 * implementation chosen at boot:
 * {@link linux.mm.page.SwapStateOps} (mm/swap_state.c), {@link linux.mm.page.PageIoOps}
 * (mm/page_io.c), {@link linux.mm.page.RmapOps} (mm/rmap.c), {@link linux.mm.page.MemoryOps}
 * (mm/memory.c), {@link linux.mm.page.MmapOps} (mm/mmap.c), {@link linux.mm.page.ForkOps}
 * (the mm part of kernel/fork.c), {@link linux.mm.page.VmscanOps} (mm/vmscan.c) and
 * {@code SwapfileOps} (mm/swapfile.c). The page lock and writeback helpers are concrete
 * classes of this package ({@link linux.mm.page.Filemap}, {@link linux.mm.page.PageWriteback}),
 * as is the code of mm/page_alloc.c and mm/swap.c; {@code end_page_writeback} reaches
 * mm/swap.c's rotate_reclaimable_page through the {@link linux.mm.page.RotateReclaimable}
 * parameter and reports NR_WRITEBACK through {@link linux.mm.page.WritebackAccounting}. Their javadoc states, per function, the locks the caller holds and the
 * reference counts it changes.
 *
 * <h2>Locking</h2>
 * The kernel's locks keep their names and their order. Spinlocks become
 * {@link java.util.concurrent.locks.ReentrantLock}s, rwlocks and rw_semaphores
 * {@link java.util.concurrent.locks.ReentrantReadWriteLock}s, and PG_locked / PG_writeback stay
 * page-flag bits with hashed wait queues ({@link linux.mm.page.Filemap}). Rules:
 * <ul>
 * <li>Take locks only in the order of the table below (outer first). A thread holding a lock
 *   lower in the table never waits for one above it.</li>
 * <li>Never sleep (lock_page, wait_on_page_*, mmap_sem, I/O waits, allocation that may
 *   reclaim) while holding a spinlock: page_table_lock / pte locks, anon_vma->lock,
 *   zone->lru_lock, zone->lock, swap_lock, mmlist_lock, tree_lock.</li>
 * <li>Block-device completion threads (interrupt context) never sleep and take only
 *   zone->lru_lock, tree_lock and the wait-queue locks (end_swap_bio_write / read,
 *   end_page_writeback, rotate_reclaimable_page, unlock_page).</li>
 * <li>PG_locked may be released by another thread than the one that set it (a read
 *   completion unlocks the page the fault path locked); Java monitors and
 *   ReentrantLocks therefore are not used for it.</li>
 * <li>Atomic counters (page {@code _count}, {@code _mapcount}, flags, rss) need no lock.</li>
 * </ul>
 *
 * <h2>Lock order (mm/rmap.c and mm/filemap.c, 2.6.20)</h2>
 * Each lock nests inside the ones above it at smaller indentation:
 * <pre>
 * inode-&gt;i_mutex                      (swapon / swapoff of a regular file)
 *   inode-&gt;i_alloc_sem
 *   mm-&gt;mmap_sem                      MmStruct.mmapSem
 *     page lock (PG_locked)           Filemap.lockPage / PageFlags.TestSetPageLocked
 *       mapping-&gt;i_mmap_lock
 *         anon_vma-&gt;lock              AnonVma.lock
 *           mm-&gt;page_table_lock or pte lock   MmStruct.pageTableLock
 *             LRU-add pagevec         Swap's per-CPU lru_add_pvecs monitors (lru_cache_add[_active])
 *               zone-&gt;lru_lock        Zone.lruLock (mark_page_accessed, isolate_lru_page)
 *                 mapping-&gt;tree_lock  (rotate_reclaimable_page: test_clear_page_writeback)
 *                 per-CPU page list   Zone.PerCpuPages monitor (free_hot_cold_page, buffered_rmqueue)
 *                   zone-&gt;lock        Zone.lock (free_pages_bulk, rmqueue_bulk, free_one_page)
 *             swap_lock               (swap_duplicate, swap_info_get)
 *               mmlist_lock           MmList.mmlistLock (mmput, drain_mmlist)
 *               mapping-&gt;private_lock (__set_page_dirty_buffers)
 *               inode_lock            (__mark_inode_dirty)
 *                 sb_lock
 *                 mapping-&gt;tree_lock  AddressSpace.treeLock
 * </pre>
 * Also, from the same sources:
 * <ul>
 * <li>{@code swapon_mutex} → {@code swap_lock}.</li>
 * <li>{@code swap_lock} → {@code swapper_space.tree_lock} (remove_exclusive_swap_page takes
 *   tree_lock inside swap_lock); {@code mmlist_lock} nests inside {@code swap_lock}.</li>
 * <li>The allocator and LRU chain: a CPU's LRU-add pagevec monitor is held while its batch
 *   goes onto the zone lists (zone->lru_lock) and while release_pages frees the batch's
 *   last references (per-CPU page list, then zone->lock); release_pages and
 *   __page_cache_release drop zone->lru_lock before freeing, as the kernel does.
 *   do_anonymous_page calls lru_cache_add_active under the pte lock, so the pagevec monitor
 *   nests inside it. {@code zone->lru_lock} → {@code mapping->tree_lock}: rotate_reclaimable_page
 *   clears PG_writeback (test_clear_page_writeback, tree_lock for writing) under lru_lock.</li>
 * <li>{@code zone->lru_lock} is taken with interrupts off in the kernel (completion
 *   threads take it here); {@code tree_lock} is taken for writing from completion threads
 *   (end_page_writeback → test_clear_page_writeback).</li>
 * <li>{@code scan_swap_map} drops and retakes {@code swap_lock} while it scans;
 *   {@code unuse_mm} may drop the page lock to wait for {@code mmap_sem} (taking mmap_sem
 *   while holding the page lock would invert the order above).</li>
 * <li>The wait-queue locks inside {@link linux.mm.page.Filemap} are innermost and held
 *   only while registering a sleeper or waking.</li>
 * </ul>
 */
package linux.mm.page;

import linux.kernel.KernelBug;
