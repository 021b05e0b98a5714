package linux.mm.page;

/*
 * Mirrors linux-2.6.20 include/linux/sched.h struct mm_struct (the fields the swap and
 * reclaim paths use) and its rss counter macros (get_mm_counter, add_mm_counter,
 * inc_mm_counter, dec_mm_counter, get_mm_rss). Owns one address space's vma list head,
 * page-directory pfn, users/count, locks, rss counters, layout hints (mmap_base,
 * free_area_cache, cached_hole_size), vm statistics and mmlist link.
 */

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import linux.kernel.Mirrors;

/**
 * {@code struct mm_struct}: a task's address space.
 *
 * <h2>Locking</h2>
 * <ul>
 * <li>{@link #mmapSem} ({@code rw_semaphore}): the vma list and vma fields; faults hold it
 *   for reading, mmap/munmap/mprotect/fork/exit for writing. Outermost of the mm locks.</li>
 * <li>{@link #pageTableLock} (spinlock): page-table pages of this mm (with split pte locks
 *   off) and {@code vma->anon_vma} assignment; nests inside {@code anon_vma->lock}.</li>
 * <li>The rss counters are atomic (the kernel's atomic_long variant, used when pte locks
 *   are split), so they may be changed under any pte lock.</li>
 * <li>The {@code mmlist} link changes only under the kernel's {@code mmlist_lock}
 *   ({@link MmList#mmlistLock}).</li>
 * </ul>
 *
 * <p>Differs from 2.6.20: {@code mmap_sem} is a {@link ReentrantReadWriteLock}, which ties a
 * read hold to the thread that took it (the kernel's rwsem does not); the emulator always
 * releases mmap_sem on the thread that took it.
 */
@Mirrors("mm_struct")
public final class MmStruct {

    /** The two rss counters of 2.6.20 (the argument of get_mm_counter and friends). */
    public enum MmCounter {
        /** Present ptes mapping non-anon pages (file pages, ZERO_PAGE). */
        fileRss,
        /** Present ptes mapping anon pages. */
        anonRss
    }

    /** A name for dumps (e.g. "init_mm", "mm of pid 42"). */
    public final String name;

    /** mm->pgd: pfn of the page directory (PAE: of the pgd page), -1 until allocated. */
    public volatile int pgd = -1;

    /** mm->mmap: first vma of the address-ordered list, or null. Under mmap_sem. */
    public VmAreaStruct mmap;

    /** mm->mmap_cache: last find_vma result. Under mmap_sem. */
    public VmAreaStruct mmapCache;

    /** mm->map_count: number of vmas. */
    public int mapCount;

    /** mm->mm_users: users of the address space (tasks, swapoff's temporary references). */
    @Mirrors("mm_users")
    public final AtomicInteger mmUsers = new AtomicInteger(1);

    /** mm->mm_count: references to the struct itself (users count as one). */
    @Mirrors("mm_count")
    public final AtomicInteger mmCount = new AtomicInteger(1);

    /** mm->mmap_sem. */
    @Mirrors("mmap_sem")
    public final ReentrantReadWriteLock mmapSem = new ReentrantReadWriteLock();

    /** mm->page_table_lock. */
    @Mirrors("page_table_lock")
    public final ReentrantLock pageTableLock = new ReentrantLock();

    /** mm->_file_rss. */
    private final AtomicLong fileRss = new AtomicLong();

    /** mm->_anon_rss. */
    private final AtomicLong anonRss = new AtomicLong();

    /** mm->nr_ptes: page-table pages allocated. Under page_table_lock. */
    public volatile long nrPtes;

    /** mm->total_vm, mm->hiwater_rss, mm->hiwater_vm (pages). */
    public volatile long totalVm;
    public volatile long hiwaterRss;
    public volatile long hiwaterVm;

    /**
     * mm->locked_vm, shared_vm, exec_vm, stack_vm, reserved_vm (pages): the
     * vm_stat_account statistics /proc/pid/status shows. Under mmap_sem (write).
     */
    public volatile long lockedVm;
    public volatile long sharedVm;
    public volatile long execVm;
    public volatile long stackVm;
    public volatile long reservedVm;

    /** mm->def_flags: VM_* bits every new vma gets (VM_LOCKED after mlockall(MCL_FUTURE)). */
    public volatile int defFlags;

    /**
     * mm->get_unmapped_area / mm->unmap_area, the layout arch_pick_mmap_layout chose: true
     * for the top-down pair (arch_get_unmapped_area_topdown, below {@link #mmapBase}), false
     * for the legacy bottom-up pair from TASK_UNMAPPED_BASE.
     */
    public volatile boolean mmapTopdown;

    /** mm->mmap_base: where the mmap search starts (top-down: its top). */
    public volatile long mmapBase;

    /** mm->free_area_cache: where the last search ended, the next one's hint. Under mmap_sem. */
    public volatile long freeAreaCache;

    /** mm->cached_hole_size: the largest hole below free_area_cache seen so far. Under mmap_sem. */
    public volatile long cachedHoleSize;

    /** Swap-token state of mm/thrash.c: mm->faultstamp, token_priority, last_interval. */
    public volatile int faultstamp;
    public volatile int tokenPriority;
    public volatile int lastInterval;

    /** mm->mmlist: the ring through init_mm of mms that may hold swap entries. Under mmlist_lock. */
    MmStruct mmlistPrev = this;
    MmStruct mmlistNext = this;

    /**
     * A new mm with one user, no vmas and no page directory yet: allocate_mm with the
     * counters mm_init sets (kernel/fork.c's mm_alloc then gives it its pgd).
     */
    @Mirrors("allocate_mm")
    public MmStruct(String name) {
        this.name = name;
    }

    private AtomicLong counter(MmCounter c) {
        return c == MmCounter.anonRss ? anonRss : fileRss;
    }

    /** get_mm_counter(mm, member). */
    @Mirrors("get_mm_counter")
    public static long getMmCounter(MmStruct mm, MmCounter member) {
        return mm.counter(member).get();
    }

    /** set_mm_counter(mm, member, value). */
    @Mirrors("set_mm_counter")
    public static void setMmCounter(MmStruct mm, MmCounter member, long value) {
        mm.counter(member).set(value);
    }

    /** add_mm_counter(mm, member, value). */
    @Mirrors("add_mm_counter")
    public static void addMmCounter(MmStruct mm, MmCounter member, long value) {
        mm.counter(member).addAndGet(value);
    }

    /** inc_mm_counter(mm, member). */
    @Mirrors("inc_mm_counter")
    public static void incMmCounter(MmStruct mm, MmCounter member) {
        mm.counter(member).incrementAndGet();
    }

    /** dec_mm_counter(mm, member). */
    @Mirrors("dec_mm_counter")
    public static void decMmCounter(MmStruct mm, MmCounter member) {
        mm.counter(member).decrementAndGet();
    }

    /** get_mm_rss(mm): file_rss + anon_rss. */
    @Mirrors("get_mm_rss")
    public static long getMmRss(MmStruct mm) {
        return getMmCounter(mm, MmCounter.fileRss) + getMmCounter(mm, MmCounter.anonRss);
    }

    /** update_hiwater_rss(mm): remember the largest rss seen. */
    @Mirrors("update_hiwater_rss")
    public static void updateHiwaterRss(MmStruct mm) {
        long rss = getMmRss(mm);
        if (mm.hiwaterRss < rss) {
            mm.hiwaterRss = rss;
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
