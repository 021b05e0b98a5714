package linux.mm.memory.internal;

/*
 * Mirrors linux-2.6.20 mm/mmap.c (the vma list and its merging and splitting, do_mmap_pgoff,
 * get_unmapped_area and the i386 layout functions, find_vma, expand_stack, do_munmap,
 * exit_mmap, __vm_enough_memory) with the mmap parts of arch/i386/kernel/sys_i386.c
 * (sys_mmap2) and arch/i386/mm/mmap.c (arch_pick_mmap_layout). Owns the sysctls
 * overcommit_memory, overcommit_ratio and max_map_count.
 */

import static linux.arch.x86.PageGeometry.PAGE_SHIFT;
import static linux.arch.x86.PageGeometry.PAGE_SIZE;
import static linux.mm.page.VmAreaStruct.VM_ACCOUNT;
import static linux.mm.page.VmAreaStruct.VM_DENYWRITE;
import static linux.mm.page.VmAreaStruct.VM_DONTEXPAND;
import static linux.mm.page.VmAreaStruct.VM_EXEC;
import static linux.mm.page.VmAreaStruct.VM_EXECUTABLE;
import static linux.mm.page.VmAreaStruct.VM_GROWSDOWN;
import static linux.mm.page.VmAreaStruct.VM_GROWSUP;
import static linux.mm.page.VmAreaStruct.VM_IO;
import static linux.mm.page.VmAreaStruct.VM_LOCKED;
import static linux.mm.page.VmAreaStruct.VM_MAYEXEC;
import static linux.mm.page.VmAreaStruct.VM_MAYREAD;
import static linux.mm.page.VmAreaStruct.VM_MAYSHARE;
import static linux.mm.page.VmAreaStruct.VM_MAYWRITE;
import static linux.mm.page.VmAreaStruct.VM_PFNMAP;
import static linux.mm.page.VmAreaStruct.VM_READ;
import static linux.mm.page.VmAreaStruct.VM_RESERVED;
import static linux.mm.page.VmAreaStruct.VM_SHARED;
import static linux.mm.page.VmAreaStruct.VM_WRITE;

import jakarta.inject.Inject;
import jakarta.inject.Provider;
import linux.arch.x86.Cpus;
import linux.arch.x86.Pgtable;
import linux.kernel.Current;
import linux.kernel.Errno;
import linux.kernel.KernelBug;
import linux.kernel.Mirrors;
import linux.mm.page.AddressSpace;
import linux.mm.page.AnonVma;
import linux.mm.page.MemoryOps;
import linux.mm.page.MmStruct;
import linux.mm.page.MmapOps;
import linux.mm.page.MmuGather;
import linux.mm.page.PageAllocOps;
import linux.mm.page.RmapOps;
import linux.mm.page.SwapOps;
import linux.mm.page.SwapStateOps;
import linux.mm.page.SwapfileOps;
import linux.mm.page.Task;
import linux.mm.page.VmAreaStruct;
import linux.mm.page.ZoneStatItem;

/**
 * mm/mmap.c of one emulated kernel: an mm's vmas, kept as the address-ordered
 * {@code vm_next} list, and the system calls that change them.
 *
 * <h2>Locking</h2>
 * Everything that changes the list or a vma's range runs with mmap_sem held for writing
 * (the sys_* calls take it); the anon_vma lock is taken around changes an rmap walk could
 * see (vma_adjust, vma_link). Faults read the list under mmap_sem held for reading;
 * {@code mmap_cache} is a hint any reader may update.
 *
 * <p>Differs from 2.6.20: there is no red-black tree (mm_rb): lookups walk the sorted list,
 * which with the cache is fast enough for the emulator's address spaces. There are no
 * files with ->mmap or ->close, no mempolicies and no hugetlb; shared anonymous mappings
 * (shmem_zero_setup) are refused with -ENODEV as a kernel without tmpfs-backed shared
 * memory would, since mmemu has no mm/shmem.c.
 */
public final class Mmap implements MmapOps {

    private static final long LOW = 0xFFFF_FFFFL;
    private static final long PAGE_MASK_32 = ~(long) (PAGE_SIZE - 1) & LOW;
    /** -1UL: the end address exit_mmap unmaps up to. */
    private static final long ULONG_MAX = LOW;

    /** arch/i386/mm/mmap.c: the gap left below TASK_SIZE for the stack, at least 128 MiB. */
    @Mirrors("MIN_GAP") static final long MIN_GAP = 128L << 20;
    @Mirrors("MAX_GAP") static final long MAX_GAP = Pgtable.TASK_SIZE / 6 * 5;
    /** RLIMIT_STACK's default (_STK_LIM): 8 MiB. */
    @Mirrors("_STK_LIM") static final long STK_LIM = 8L << 20;

    private final Pgtable pgtable;
    private final Cpus cpus;
    private final PageAllocOps pageAlloc;
    private final SwapOps swap;
    private final Current current;
    private final Provider<MemoryOps> memory;
    private final Provider<RmapOps> rmap;
    private final Provider<SwapfileOps> swapfile;
    private final Provider<SwapStateOps> swapState;

    /** vm.overcommit_memory (OVERCOMMIT_GUESS). */
    @Mirrors("sysctl_overcommit_memory")
    volatile int sysctlOvercommitMemory = OVERCOMMIT_GUESS;
    /** vm.overcommit_ratio (percent of RAM under OVERCOMMIT_NEVER). */
    @Mirrors("sysctl_overcommit_ratio")
    volatile int sysctlOvercommitRatio = 50;
    /** vm.max_map_count. */
    @Mirrors("sysctl_max_map_count")
    volatile int sysctlMaxMapCount = DEFAULT_MAX_MAP_COUNT;

    /** The kernel's wiring: the other kernel files through their headers. */
    @Inject
    public Mmap(Pgtable pgtable, Cpus cpus, PageAllocOps pageAlloc, SwapOps swap, Current current,
            Provider<MemoryOps> memory, Provider<RmapOps> rmap, Provider<SwapfileOps> swapfile,
            Provider<SwapStateOps> swapState) {
        this.pgtable = pgtable;
        this.cpus = cpus;
        this.pageAlloc = pageAlloc;
        this.swap = swap;
        this.current = current;
        this.memory = memory;
        this.rmap = rmap;
        this.swapfile = swapfile;
        this.swapState = swapState;
    }

    /** PAGE_ALIGN(x) in 32-bit unsigned arithmetic (so it wraps to 0 near the top). */
    @Mirrors("PAGE_ALIGN")
    static long pageAlign(long x) {
        return (x + PAGE_SIZE - 1) & PAGE_MASK_32;
    }

    /** calc_vm_prot_bits(prot) (mman.h): PROT_READ/WRITE/EXEC to VM_READ/WRITE/EXEC. */
    @Mirrors("calc_vm_prot_bits")
    static int calcVmProtBits(int prot) {
        return ((prot & PROT_READ) != 0 ? VM_READ : 0)
                | ((prot & PROT_WRITE) != 0 ? VM_WRITE : 0)
                | ((prot & PROT_EXEC) != 0 ? VM_EXEC : 0);
    }

    /** calc_vm_flag_bits(flags) (mman.h): MAP_GROWSDOWN/DENYWRITE/EXECUTABLE/LOCKED to VM_ bits. */
    @Mirrors("calc_vm_flag_bits")
    static int calcVmFlagBits(int flags) {
        return ((flags & MAP_GROWSDOWN) != 0 ? VM_GROWSDOWN : 0)
                | ((flags & MAP_DENYWRITE) != 0 ? VM_DENYWRITE : 0)
                | ((flags & MAP_EXECUTABLE) != 0 ? VM_EXECUTABLE : 0)
                | ((flags & MAP_LOCKED) != 0 ? VM_LOCKED : 0);
    }

    @Override
    @Mirrors("vm_get_page_prot")
    public long vmGetPageProt(int vmFlags) {
        return pgtable.protectionMap(vmFlags & (VM_READ | VM_WRITE | VM_EXEC | VM_SHARED));
    }

    @Override
    @Mirrors("__vm_enough_memory")
    public int vmEnoughMemoryRaw(long pages, int capSysAdmin) {
        swap.vmAcctMemory(pages);
        // Sometimes we want to use more memory than we have.
        if (sysctlOvercommitMemory == OVERCOMMIT_ALWAYS) {
            return 0;
        }
        if (sysctlOvercommitMemory == OVERCOMMIT_GUESS) {
            long free = pageAlloc.vmstat().globalPageState(ZoneStatItem.NR_FILE_PAGES);
            free += swapfile.get().nrSwapPages();
            // Slab caches created reclaimable claim they can give their pages back.
            free += pageAlloc.vmstat().globalPageState(ZoneStatItem.NR_SLAB_RECLAIMABLE);
            // The last 3% are for root.
            if (capSysAdmin == 0) {
                free -= free / 32;
            }
            if (free > pages) {
                return 0;
            }
            // nr_free_pages is the expensive part: only asked when about to fail.
            long n = pageAlloc.nrFreePages();
            // Leave the reserved pages: they are not for anonymous memory.
            long reserve = pageAlloc.totalreservePages();
            if (n > reserve) {
                n -= reserve;
                if (capSysAdmin == 0) {
                    n -= n / 32;
                }
                free += n;
                if (free > pages) {
                    return 0;
                }
            }
        } else {
            long allowed = pageAlloc.totalramPages() * sysctlOvercommitRatio / 100;
            if (capSysAdmin == 0) {
                allowed -= allowed / 32;
            }
            allowed += swapfile.get().totalSwapPages();
            // Leave 3% of this process's size for the others.
            Object t = current.current().task;
            if (t instanceof Task task && task.mm != null) {
                allowed -= task.mm.totalVm / 32;
            }
            if (swap.vmCommittedSpace() < allowed) {
                return 0;
            }
        }
        swap.vmUnacctMemory(pages);
        return Errno.ENOMEM.negative();
    }

    /**
     * unlink_file_vma(vma): a file vma leaves its mapping's prio tree before its tables go.
     *
     * <p>Differs from 2.6.20: no mapping keeps a vma tree (file-backed rmap is not
     * modelled and mmemu maps no files), so there is nothing to unlink.
     */
    @Override
    @Mirrors("unlink_file_vma")
    public void unlinkFileVma(VmAreaStruct vma) {
    }

    /**
     * remove_vma(vma): close and free one vma that is already off every list; returns the
     * next one. Nothing to close or put in mmemu (no vm_ops, no files, no policies).
     */
    @Mirrors("remove_vma")
    private static VmAreaStruct removeVma(VmAreaStruct vma) {
        VmAreaStruct next = vma.vmNext;
        vma.vmNext = null;
        return next;
    }

    /**
     * find_vma_prepare(mm, addr, pprev, ...): where a vma starting at {@code addr} goes: the
     * first vma ending above {@code addr} (returned; it may overlap) and the one before it
     * ({@code pprev[0]}, null at the head).
     */
    @Mirrors("find_vma_prepare")
    private static VmAreaStruct findVmaPrepare(MmStruct mm, long addr, VmAreaStruct[] pprev) {
        VmAreaStruct prev = null;
        VmAreaStruct vma = mm.mmap;
        while (vma != null && vma.vmEnd <= addr) {
            prev = vma;
            vma = vma.vmNext;
        }
        pprev[0] = prev;
        return vma;
    }

    /** __vma_link_list(mm, vma, prev, rb_parent): put the vma after {@code prev} (or first). */
    @Mirrors("__vma_link_list")
    private static void vmaLinkListRaw(MmStruct mm, VmAreaStruct vma, VmAreaStruct prev) {
        if (prev != null) {
            vma.vmNext = prev.vmNext;
            prev.vmNext = vma;
        } else {
            vma.vmNext = mm.mmap;
            mm.mmap = vma;
        }
    }

    /**
     * __vma_link(mm, vma, prev, ...): the list (there is no rb-tree) and the vma's anon_vma
     * list. Caller holds the anon_vma lock if the vma has one.
     */
    @Mirrors("__vma_link")
    private void vmaLinkRaw(MmStruct mm, VmAreaStruct vma, VmAreaStruct prev) {
        vmaLinkListRaw(mm, vma, prev);
        if (vma.anonVma != null) {
            rmap.get().anonVmaLinkLocked(vma);
        }
    }

    /** vma_link(mm, vma, prev, ...): {@link #vmaLinkRaw} under the anon_vma lock; map_count++. */
    @Mirrors("vma_link")
    private void vmaLink(MmStruct mm, VmAreaStruct vma, VmAreaStruct prev) {
        AnonVma anonVma = vma.anonVma;
        if (anonVma != null) {
            anonVma.lock.lock();
        }
        try {
            vmaLinkRaw(mm, vma, prev);
        } finally {
            if (anonVma != null) {
                anonVma.lock.unlock();
            }
        }
        mm.mapCount++;
    }

    /**
     * __insert_vm_struct(mm, vma): link the second half of a split (vma_adjust holds the
     * anon_vma lock); it must not overlap anything.
     */
    @Mirrors("__insert_vm_struct")
    private void insertVmStructRaw(MmStruct mm, VmAreaStruct vma) {
        VmAreaStruct[] prev = new VmAreaStruct[1];
        VmAreaStruct found = findVmaPrepare(mm, vma.vmStart, prev);
        KernelBug.bugOn(found != null && found.vmStart < vma.vmEnd, "__insert_vm_struct: overlapping vma");
        vmaLinkRaw(mm, vma, prev[0]);
        mm.mapCount++;
    }

    /** __vma_unlink(mm, vma, prev): take the vma after {@code prev} off the list. */
    @Mirrors("__vma_unlink")
    private static void vmaUnlinkRaw(MmStruct mm, VmAreaStruct vma, VmAreaStruct prev) {
        prev.vmNext = vma.vmNext;
        if (mm.mmapCache == vma) {
            mm.mmapCache = prev;
        }
    }

    /**
     * vma_adjust(vma, start, end, pgoff, insert): give {@code vma} a new range and pgoff,
     * taking what it now covers from the next vma: all of it (the next is removed; mprotect's
     * case 6 removes the one after too), part of it (the boundary moves up), or handing part
     * of itself to the next (the boundary moves down). With {@code insert} (split_vma) the
     * other half is linked instead. When anonymous pages change hands, the vma that takes
     * them is given the anon_vma of the one that had them. All under the anon_vma lock, so
     * an rmap walk never finds a page outside every vma of its anon_vma.
     */
    @Mirrors("vma_adjust")
    void vmaAdjust(VmAreaStruct vma, long start, long end, int pgoff, VmAreaStruct insert) {
        MmStruct mm = vma.vmMm;
        VmAreaStruct next = vma.vmNext;
        boolean again = false;
        do {
            VmAreaStruct importer = null;
            AnonVma anonVma = null;
            long adjustNext = 0;
            int removeNext = 0;
            if (again) {
                removeNext = 1 + (end > next.vmEnd ? 1 : 0);
                end = next.vmEnd;
                anonVma = next.anonVma;
                importer = vma;
            } else if (next != null && insert == null) {
                if (end >= next.vmEnd) {
                    // vma grows over all of next, and maybe the one after (mprotect case 6).
                    removeNext = 1 + (end > next.vmEnd ? 1 : 0);
                    end = next.vmEnd;
                    anonVma = next.anonVma;
                    importer = vma;
                } else if (end > next.vmStart) {
                    // vma grows over part of next (mprotect case 5).
                    adjustNext = (end - next.vmStart) >>> PAGE_SHIFT;
                    anonVma = next.anonVma;
                    importer = vma;
                } else if (end < vma.vmEnd) {
                    // vma shrinks and next takes the rest (mprotect case 4).
                    adjustNext = -((vma.vmEnd - end) >>> PAGE_SHIFT);
                    anonVma = next.anonVma;
                    importer = next;
                }
            }
            if (vma.anonVma != null) {
                anonVma = vma.anonVma;
            }
            if (anonVma != null) {
                anonVma.lock.lock();
            }
            try {
                // Easily missed: the vma that takes over anonymous pages must have their
                // anon_vma, or rmap would not find them there.
                if (anonVma != null && importer != null && importer.anonVma == null) {
                    importer.anonVma = anonVma;
                    rmap.get().anonVmaLinkLocked(importer);
                }
                vma.vmStart = start;
                vma.vmEnd = end;
                vma.vmPgoff = pgoff;
                if (adjustNext != 0) {
                    next.vmStart += adjustNext << PAGE_SHIFT;
                    next.vmPgoff += (int) adjustNext;
                }
                if (removeNext != 0) {
                    // vma_merge merged next into vma: unlink it before the locks go.
                    vmaUnlinkRaw(mm, next, vma);
                    if (next.anonVma != null) {
                        rmap.get().anonVmaMergeLocked(vma, next);
                    }
                } else if (insert != null) {
                    // split_vma's other half, which may go before or after vma.
                    insertVmStructRaw(mm, insert);
                }
            } finally {
                if (anonVma != null) {
                    anonVma.lock.unlock();
                }
            }
            again = false;
            if (removeNext != 0) {
                mm.mapCount--;
                removeVma(next);
                if (removeNext == 2) {
                    next = vma.vmNext;
                    again = true;
                }
            }
        } while (again);
    }

    /** VM_SPECIAL: vmas that are never merged (drivers may keep per-vma state). */
    @Mirrors("VM_SPECIAL")
    static final int VM_SPECIAL = VM_IO | VM_DONTEXPAND | VM_RESERVED | VM_PFNMAP;

    /** is_mergeable_vma(vma, file, vm_flags): same flags and file (and no ->close). */
    @Mirrors("is_mergeable_vma")
    private static boolean isMergeableVma(VmAreaStruct vma, AddressSpace file, int vmFlags) {
        return vma.vmFlags == vmFlags && vma.vmMapping == file;
    }

    /** is_mergeable_anon_vma(a, b): either is unset, or both are the same. */
    @Mirrors("is_mergeable_anon_vma")
    private static boolean isMergeableAnonVma(AnonVma a, AnonVma b) {
        return a == null || b == null || a == b;
    }

    /** can_vma_merge_before: [.., end) with pgoff {@code vmPgoff} may join the front of {@code vma}. */
    @Mirrors("can_vma_merge_before")
    private static boolean canVmaMergeBefore(VmAreaStruct vma, int vmFlags, AnonVma anonVma, AddressSpace file,
            int vmPgoff) {
        return isMergeableVma(vma, file, vmFlags) && isMergeableAnonVma(anonVma, vma.anonVma)
                && vma.vmPgoff == vmPgoff;
    }

    /** can_vma_merge_after: [addr, ..) with pgoff {@code vmPgoff} may join the back of {@code vma}. */
    @Mirrors("can_vma_merge_after")
    private static boolean canVmaMergeAfter(VmAreaStruct vma, int vmFlags, AnonVma anonVma, AddressSpace file,
            int vmPgoff) {
        if (isMergeableVma(vma, file, vmFlags) && isMergeableAnonVma(anonVma, vma.anonVma)) {
            int vmPglen = (int) ((vma.vmEnd - vma.vmStart) >>> PAGE_SHIFT);
            return vma.vmPgoff + vmPglen == vmPgoff;
        }
        return false;
    }

    @Override
    @Mirrors("vma_merge")
    public VmAreaStruct vmaMerge(MmStruct mm, VmAreaStruct prev, long addr, long end, int vmFlags,
            AnonVma anonVma, AddressSpace file, int pgoff) {
        int pglen = (int) ((end - addr) >>> PAGE_SHIFT);
        // The flags must equal the vma's later, so this also keeps VM_SPECIAL vmas apart.
        if ((vmFlags & VM_SPECIAL) != 0) {
            return null;
        }
        VmAreaStruct next = prev != null ? prev.vmNext : mm.mmap;
        VmAreaStruct area = next;
        if (next != null && next.vmEnd == end) {
            // mprotect cases 6, 7, 8: the area is next itself.
            next = next.vmNext;
        }
        // Can it merge with the predecessor?
        if (prev != null && prev.vmEnd == addr && canVmaMergeAfter(prev, vmFlags, anonVma, file, pgoff)) {
            // And the successor as well?
            if (next != null && end == next.vmStart
                    && canVmaMergeBefore(next, vmFlags, anonVma, file, pgoff + pglen)
                    && isMergeableAnonVma(prev.anonVma, next.anonVma)) {
                // Cases 1, 6.
                vmaAdjust(prev, prev.vmStart, next.vmEnd, prev.vmPgoff, null);
            } else {
                // Cases 2, 5, 7.
                vmaAdjust(prev, prev.vmStart, end, prev.vmPgoff, null);
            }
            return prev;
        }
        // Can it merge in front of the successor?
        if (next != null && end == next.vmStart && canVmaMergeBefore(next, vmFlags, anonVma, file, pgoff + pglen)) {
            if (prev != null && addr < prev.vmEnd) {
                // Case 4.
                vmaAdjust(prev, prev.vmStart, addr, prev.vmPgoff, null);
            } else {
                // Cases 3, 8.
                vmaAdjust(area, addr, next.vmEnd, next.vmPgoff - pglen, null);
            }
            return area;
        }
        return null;
    }

    @Override
    @Mirrors("find_mergeable_anon_vma")
    public AnonVma findMergeableAnonVma(VmAreaStruct vma) {
        VmAreaStruct near = vma.vmNext;
        if (near != null) {
            // Only mprotect re-merges vmas, so match flags that mprotect could make equal.
            int vmFlags = vma.vmFlags & ~(VM_READ | VM_WRITE | VM_EXEC);
            vmFlags |= near.vmFlags & (VM_READ | VM_WRITE | VM_EXEC);
            if (near.anonVma != null && vma.vmEnd == near.vmStart
                    && canVmaMergeBefore(near, vmFlags, null, vma.vmMapping,
                            vma.vmPgoff + (int) ((vma.vmEnd - vma.vmStart) >>> PAGE_SHIFT))) {
                return near.anonVma;
            }
        }
        VmAreaStruct[] pprev = new VmAreaStruct[1];
        KernelBug.bugOn(findVmaPrev(vma.vmMm, vma.vmStart, pprev) != vma, "find_mergeable_anon_vma: vma not in its mm");
        near = pprev[0];
        if (near == null) {
            return null;
        }
        int vmFlags = vma.vmFlags & ~(VM_READ | VM_WRITE | VM_EXEC);
        vmFlags |= near.vmFlags & (VM_READ | VM_WRITE | VM_EXEC);
        if (near.anonVma != null && near.vmEnd == vma.vmStart
                && canVmaMergeAfter(near, vmFlags, null, vma.vmMapping, vma.vmPgoff)) {
            return near.anonVma;
        }
        // Looking further afield would only hang more vmas on one anon_vma.
        return null;
    }

    @Override
    @Mirrors("vm_stat_account")
    public void vmStatAccount(MmStruct mm, int flags, AddressSpace file, long pages) {
        // VM_STACK_FLAGS & (VM_GROWSUP | VM_GROWSDOWN) on i386.
        int stackFlags = VM_GROWSDOWN;
        if (file != null) {
            mm.sharedVm += pages;
            if ((flags & (VM_EXEC | VM_WRITE)) == VM_EXEC) {
                mm.execVm += pages;
            }
        } else if ((flags & stackFlags) != 0) {
            mm.stackVm += pages;
        }
        if ((flags & (VM_RESERVED | VM_IO)) != 0) {
            mm.reservedVm += pages;
        }
    }

    @Override
    @Mirrors("do_mmap_pgoff")
    public long doMmapPgoff(MmStruct mm, AddressSpace file, long addr, long len, int prot, int flags, int pgoff) {
        addr &= LOW;
        len &= LOW;
        // No task of mmemu has READ_IMPLIES_EXEC in its personality.
        if (len == 0) {
            return Errno.EINVAL.negative();
        }
        // Careful about overflows.
        len = pageAlign(len);
        if (len == 0 || len > Pgtable.TASK_SIZE) {
            return Errno.ENOMEM.negative();
        }
        // Does the offset wrap?
        long upgoff = Integer.toUnsignedLong(pgoff);
        if (((upgoff + (len >>> PAGE_SHIFT)) & LOW) < upgoff) {
            return Errno.EOVERFLOW.negative();
        }
        if (mm.mapCount > sysctlMaxMapCount) {
            return Errno.ENOMEM.negative();
        }
        // The address to map at, checked or chosen.
        addr = getUnmappedArea(mm, file, addr, len, pgoff, flags);
        if ((addr & ~PAGE_MASK_32) != 0) {
            return addr;
        }
        int vmFlags = calcVmProtBits(prot) | calcVmFlagBits(flags) | mm.defFlags
                | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC;
        // MAP_LOCKED: every emulated task has CAP_IPC_LOCK, so can_do_mlock holds and the
        // RLIMIT_MEMLOCK test does not apply.
        if (file != null) {
            // mmemu has no files to map (sys_mmap2 refuses with -EBADF before this).
            return Errno.ENODEV.negative();
        }
        switch (flags & MAP_TYPE) {
            case MAP_SHARED:
                vmFlags |= VM_SHARED | VM_MAYSHARE;
                break;
            case MAP_PRIVATE:
                // pgoff from the address, for the anon_vma.
                pgoff = (int) (addr >>> PAGE_SHIFT);
                break;
            default:
                return Errno.EINVAL.negative();
        }
        // security_file_mmap: the default security module allows everything.

        // Clear the old mappings in the range.
        VmAreaStruct[] prevp = new VmAreaStruct[1];
        VmAreaStruct vma;
        for (;;) {
            vma = findVmaPrepare(mm, addr, prevp);
            if (vma == null || vma.vmStart >= addr + len) {
                break;
            }
            if (doMunmap(mm, addr, len) != 0) {
                return Errno.ENOMEM.negative();
            }
        }
        VmAreaStruct prev = prevp[0];
        // The address-space limit.
        if (!mayExpandVm(mm, len >>> PAGE_SHIFT)) {
            return Errno.ENOMEM.negative();
        }
        long charged = 0;
        if ((flags & MAP_NORESERVE) == 0 || sysctlOvercommitMemory == OVERCOMMIT_NEVER) {
            if ((vmFlags & VM_SHARED) != 0) {
                // The shared memory object would be charged (shmem_zero_setup).
                vmFlags |= VM_ACCOUNT;
            } else if ((vmFlags & VM_WRITE) != 0) {
                // A private writable mapping: is there memory for it?
                charged = len >>> PAGE_SHIFT;
                if (securityVmEnoughMemory(charged) != 0) {
                    return Errno.ENOMEM.negative();
                }
                vmFlags |= VM_ACCOUNT;
            }
        }
        // Can an old private anonymous mapping just grow?
        if ((vmFlags & VM_SHARED) == 0
                && vmaMerge(mm, prev, addr, addr + len, vmFlags, null, null, pgoff) != null) {
            return mmapOut(mm, addr, len, vmFlags, null);
        }
        if ((vmFlags & VM_SHARED) != 0) {
            // shmem_zero_setup: no shared memory filesystem in mmemu.
            if (charged != 0) {
                swap.vmUnacctMemory(charged);
            }
            return Errno.ENODEV.negative();
        }
        vma = new VmAreaStruct(mm, addr, addr + len, vmFlags,
                pgtable.protectionMap(vmFlags & (VM_READ | VM_WRITE | VM_EXEC | VM_SHARED)), pgoff);
        // No vma of mmemu wants write notification (no ->page_mkwrite, no dirty-accounted files).
        vmaLink(mm, vma, prev);
        return mmapOut(mm, addr, len, vmFlags, null);
    }

    /** do_mmap_pgoff's "out" label: account the new pages, fault in a VM_LOCKED range. */
    private long mmapOut(MmStruct mm, long addr, long len, int vmFlags, AddressSpace file) {
        mm.totalVm += len >>> PAGE_SHIFT;
        vmStatAccount(mm, vmFlags, file, len >>> PAGE_SHIFT);
        if ((vmFlags & VM_LOCKED) != 0) {
            mm.lockedVm += len >>> PAGE_SHIFT;
            memory.get().makePagesPresent(mm, addr, addr + len);
        }
        return addr;
    }

    @Override
    @Mirrors("sys_mmap2")
    public long sysMmap2(MmStruct mm, long addr, long len, int prot, int flags, int fd, int pgoff) {
        flags &= ~(MAP_EXECUTABLE | MAP_DENYWRITE);
        if ((flags & MAP_ANONYMOUS) == 0) {
            // fget(fd): mmemu's tasks have no open files.
            return Errno.EBADF.negative();
        }
        mm.mmapSem.writeLock().lock();
        try {
            return doMmapPgoff(mm, null, addr, len, prot, flags, pgoff);
        } finally {
            mm.mmapSem.writeLock().unlock();
        }
    }

    /**
     * arch_get_unmapped_area: the legacy bottom-up search from free_area_cache (or
     * TASK_UNMAPPED_BASE when a hole large enough may lie below it), trying the hint first,
     * and starting over from the base once before giving up with -ENOMEM.
     */
    @Mirrors("arch_get_unmapped_area")
    long archGetUnmappedArea(MmStruct mm, AddressSpace filp, long addr, long len, int pgoff, int flags) {
        if (len > Pgtable.TASK_SIZE) {
            return Errno.ENOMEM.negative();
        }
        if (addr != 0) {
            addr = pageAlign(addr);
            VmAreaStruct vma = findVma(mm, addr);
            if (Pgtable.TASK_SIZE - len >= addr && (vma == null || addr + len <= vma.vmStart)) {
                return addr;
            }
        }
        long startAddr;
        if (len > mm.cachedHoleSize) {
            startAddr = addr = mm.freeAreaCache;
        } else {
            startAddr = addr = TASK_UNMAPPED_BASE;
            mm.cachedHoleSize = 0;
        }
        for (;;) {
            for (VmAreaStruct vma = findVma(mm, addr); ; vma = vma.vmNext) {
                // Here !vma || addr < vma->vm_end.
                if (Pgtable.TASK_SIZE - len < addr) {
                    break;
                }
                if (vma == null || addr + len <= vma.vmStart) {
                    // Remember where the search stopped.
                    mm.freeAreaCache = addr + len;
                    return addr;
                }
                if (addr + mm.cachedHoleSize < vma.vmStart) {
                    mm.cachedHoleSize = vma.vmStart - addr;
                }
                addr = vma.vmEnd;
            }
            // Start a new search, in case holes were missed.
            if (startAddr == TASK_UNMAPPED_BASE) {
                return Errno.ENOMEM.negative();
            }
            startAddr = addr = TASK_UNMAPPED_BASE;
            mm.cachedHoleSize = 0;
        }
    }

    /** arch_unmap_area(mm, addr): a hole opened below free_area_cache becomes the next hint. */
    @Mirrors("arch_unmap_area")
    void archUnmapArea(MmStruct mm, long addr) {
        if (addr >= TASK_UNMAPPED_BASE && addr < mm.freeAreaCache) {
            mm.freeAreaCache = addr;
            mm.cachedHoleSize = LOW;
        }
    }

    /**
     * arch_get_unmapped_area_topdown: the search downwards from free_area_cache below
     * mmap_base, trying the hint first; falls back to the bottom-up search (then restores
     * the top-down base) when nothing fits.
     */
    @Mirrors("arch_get_unmapped_area_topdown")
    long archGetUnmappedAreaTopdown(MmStruct mm, AddressSpace filp, long addr0, long len, int pgoff, int flags) {
        long addr = addr0;
        // Too big for the whole address space?
        if (len > Pgtable.TASK_SIZE) {
            return Errno.ENOMEM.negative();
        }
        // A requested address.
        if (addr != 0) {
            addr = pageAlign(addr);
            VmAreaStruct vma = findVma(mm, addr);
            if (Pgtable.TASK_SIZE - len >= addr && (vma == null || addr + len <= vma.vmStart)) {
                return addr;
            }
        }
        // Is free_area_cache of use?
        if (len <= mm.cachedHoleSize) {
            mm.cachedHoleSize = 0;
            mm.freeAreaCache = mm.mmapBase;
        }
        addr = mm.freeAreaCache;
        // Does it fit below the cache?
        if (addr > len) {
            VmAreaStruct vma = findVma(mm, addr - len);
            if (vma == null || addr <= vma.vmStart) {
                // The hint for next time.
                return mm.freeAreaCache = addr - len;
            }
        }
        if (mm.mmapBase >= len) {
            addr = mm.mmapBase - len;
            VmAreaStruct vma;
            do {
                // No vma above: it fits; or it fits below vma->vm_start.
                vma = findVma(mm, addr);
                if (vma == null || addr + len <= vma.vmStart) {
                    return mm.freeAreaCache = addr;
                }
                // The largest hole seen so far.
                if (addr + mm.cachedHoleSize < vma.vmStart) {
                    mm.cachedHoleSize = vma.vmStart - addr;
                }
                // Just below this vma.
                addr = vma.vmStart - len;
            } while (len < vma.vmStart);
        }
        // bottomup: a failed mmap is likely fatal to the application, so try the legacy
        // search from the bottom before giving up.
        mm.cachedHoleSize = LOW;
        mm.freeAreaCache = TASK_UNMAPPED_BASE;
        addr = archGetUnmappedArea(mm, filp, addr0, len, pgoff, flags);
        // Restore the top-down base.
        mm.freeAreaCache = mm.mmapBase;
        mm.cachedHoleSize = LOW;
        return addr;
    }

    /** arch_unmap_area_topdown(mm, addr): a hole above free_area_cache raises it, never above mmap_base. */
    @Mirrors("arch_unmap_area_topdown")
    void archUnmapAreaTopdown(MmStruct mm, long addr) {
        if (addr > mm.freeAreaCache) {
            mm.freeAreaCache = addr;
        }
        if (mm.freeAreaCache > mm.mmapBase) {
            mm.freeAreaCache = mm.mmapBase;
        }
    }

    /** mm->unmap_area(mm, addr): the layout's hook after an unmap. */
    private void unmapArea(MmStruct mm, long addr) {
        if (mm.mmapTopdown) {
            archUnmapAreaTopdown(mm, addr);
        } else {
            archUnmapArea(mm, addr);
        }
    }

    @Override
    @Mirrors("get_unmapped_area")
    public long getUnmappedArea(MmStruct mm, AddressSpace file, long addr, long len, int pgoff, int flags) {
        if ((flags & MAP_FIXED) == 0) {
            addr = mm.mmapTopdown ? archGetUnmappedAreaTopdown(mm, file, addr, len, pgoff, flags)
                    : archGetUnmappedArea(mm, file, addr, len, pgoff, flags);
            if (MmapOps.isErrValue(addr)) {
                return addr;
            }
        }
        if (addr > Pgtable.TASK_SIZE - len) {
            return Errno.ENOMEM.negative();
        }
        if ((addr & ~PAGE_MASK_32) != 0) {
            return Errno.EINVAL.negative();
        }
        // No hugepage ranges on i386 without hugetlbfs mappings.
        return addr;
    }

    @Override
    @Mirrors("find_vma")
    public VmAreaStruct findVma(MmStruct mm, long addr) {
        VmAreaStruct vma = null;
        if (mm != null) {
            // The cache first (its hit rate is typically around 35%).
            vma = mm.mmapCache;
            if (!(vma != null && vma.vmEnd > addr && vma.vmStart <= addr)) {
                vma = null;
                for (VmAreaStruct v = mm.mmap; v != null; v = v.vmNext) {
                    if (v.vmEnd > addr) {
                        vma = v;
                        break;
                    }
                }
                if (vma != null) {
                    mm.mmapCache = vma;
                }
            }
        }
        return vma;
    }

    @Override
    @Mirrors("find_vma_prev")
    public VmAreaStruct findVmaPrev(MmStruct mm, long addr, VmAreaStruct[] pprev) {
        VmAreaStruct prev = null;
        VmAreaStruct vma = null;
        if (mm != null) {
            vma = mm.mmap;
            for (VmAreaStruct v = mm.mmap; v != null && v.vmEnd <= addr; v = v.vmNext) {
                prev = v;
            }
        }
        pprev[0] = prev;
        return prev != null ? prev.vmNext : vma;
    }

    /**
     * acct_stack_growth(vma, size, grow): may the stack vma become {@code size} bytes by
     * growing {@code grow} pages? Checks the address-space limit, RLIMIT_STACK (8 MiB), the
     * memory-lock limit for VM_LOCKED stacks (which CAP_IPC_LOCK lifts: every emulated task
     * has it) and, last because it charges the pages, the overcommit policy; then accounts
     * them. There are no hugepage-only ranges on i386. Returns 0 or -ENOMEM.
     */
    @Mirrors("acct_stack_growth")
    private int acctStackGrowth(VmAreaStruct vma, long size, long grow) {
        MmStruct mm = vma.vmMm;
        if (!mayExpandVm(mm, grow)) {
            return Errno.ENOMEM.negative();
        }
        if (size > STK_LIM) {
            return Errno.ENOMEM.negative();
        }
        if (securityVmEnoughMemory(grow) != 0) {
            return Errno.ENOMEM.negative();
        }
        mm.totalVm += grow;
        if ((vma.vmFlags & VM_LOCKED) != 0) {
            mm.lockedVm += grow;
        }
        vmStatAccount(mm, vma.vmFlags, vma.vmMapping, grow);
        return 0;
    }

    @Override
    @Mirrors("expand_stack")
    public int expandStack(VmAreaStruct vma, long address) {
        // The anon_vma must exist, or taking its lock would protect nothing.
        if (rmap.get().anonVmaPrepare(vma) != 0) {
            return Errno.ENOMEM.negative();
        }
        AnonVma anonVma = vma.anonVma;
        anonVma.lock.lock();
        try {
            // mmap_sem (read) keeps the range from changing under us; the anon_vma lock
            // serialises concurrent expand_stacks (and rmap walks).
            address &= PAGE_MASK_32;
            int error = 0;
            // Somebody else may have expanded it already.
            if (address < vma.vmStart) {
                long size = vma.vmEnd - address;
                long grow = (vma.vmStart - address) >>> PAGE_SHIFT;
                error = acctStackGrowth(vma, size, grow);
                if (error == 0) {
                    vma.vmStart = address;
                    vma.vmPgoff -= (int) grow;
                }
            }
            return error;
        } finally {
            anonVma.lock.unlock();
        }
    }

    @Override
    @Mirrors("find_extend_vma")
    public VmAreaStruct findExtendVma(MmStruct mm, long addr) {
        addr &= PAGE_MASK_32;
        VmAreaStruct vma = findVma(mm, addr);
        if (vma == null) {
            return null;
        }
        if (vma.vmStart <= addr) {
            return vma;
        }
        if ((vma.vmFlags & VM_GROWSDOWN) == 0) {
            return null;
        }
        long start = vma.vmStart;
        if (expandStack(vma, addr) != 0) {
            return null;
        }
        if ((vma.vmFlags & VM_LOCKED) != 0) {
            memory.get().makePagesPresent(mm, addr, start);
        }
        return vma;
    }

    /**
     * remove_vma_list(mm, vma): the unmapped vmas, already off the list, leave the mm's
     * total_vm, locked_vm and statistics, and are freed.
     */
    @Mirrors("remove_vma_list")
    private void removeVmaList(MmStruct mm, VmAreaStruct vma) {
        // The high-water mark before total_vm goes down.
        if (mm.hiwaterVm < mm.totalVm) {
            mm.hiwaterVm = mm.totalVm;
        }
        do {
            long nrpages = VmAreaStruct.vmaPages(vma);
            mm.totalVm -= nrpages;
            if ((vma.vmFlags & VM_LOCKED) != 0) {
                mm.lockedVm -= nrpages;
            }
            vmStatAccount(mm, vma.vmFlags, vma.vmMapping, -nrpages);
            vma = removeVma(vma);
        } while (vma != null);
    }

    /**
     * unmap_region(mm, vma, prev, start, end): unmap [start, end) of the detached vmas from
     * {@code vma} and free the page tables only they used: the floor is the end of the vma
     * before the hole, the ceiling the start of the one after. The VM_ACCOUNT pages are
     * uncharged.
     */
    @Mirrors("unmap_region")
    private void unmapRegion(MmStruct mm, VmAreaStruct vma, VmAreaStruct prev, long start, long end) {
        VmAreaStruct next = prev != null ? prev.vmNext : mm.mmap;
        long[] nrAccounted = {0};
        swap.lruAddDrain();
        MmuGather tlb = new MmuGather(cpus, swapState.get()).tlbGatherMmu(mm, false);
        MmStruct.updateHiwaterRss(mm);
        MemoryOps mem = memory.get();
        mem.unmapVmas(tlb, vma, start, end, nrAccounted, null);
        swap.vmUnacctMemory(nrAccounted[0]);
        mem.freePgtables(tlb, vma, prev != null ? prev.vmEnd : 0, next != null ? next.vmStart : 0);
        tlb.tlbFinishMmu(start, end);
    }

    /**
     * detach_vmas_to_be_unmapped(mm, vma, prev, end): take the vmas from {@code vma} up to
     * {@code end} off the list (they stay linked to each other, the last one's vm_next
     * null), tell the layout where the new hole is, and drop the lookup cache.
     */
    @Mirrors("detach_vmas_to_be_unmapped")
    private void detachVmasToBeUnmapped(MmStruct mm, VmAreaStruct vma, VmAreaStruct prev, long end) {
        VmAreaStruct tail = null;
        do {
            mm.mapCount--;
            tail = vma;
            vma = vma.vmNext;
        } while (vma != null && vma.vmStart < end);
        if (prev != null) {
            prev.vmNext = vma;
        } else {
            mm.mmap = vma;
        }
        tail.vmNext = null;
        long addr;
        if (!mm.mmapTopdown) {
            addr = prev != null ? prev.vmEnd : mm.mmapBase;
        } else {
            addr = vma != null ? vma.vmStart : mm.mmapBase;
        }
        unmapArea(mm, addr);
        mm.mmapCache = null;
    }

    @Override
    @Mirrors("split_vma")
    public int splitVma(MmStruct mm, VmAreaStruct vma, long addr, int newBelow) {
        if (mm.mapCount >= sysctlMaxMapCount) {
            return Errno.ENOMEM.negative();
        }
        // Most fields are the same: copy them all, then fix up.
        VmAreaStruct newVma = new VmAreaStruct(vma, mm);
        if (newBelow != 0) {
            newVma.vmEnd = addr;
        } else {
            newVma.vmStart = addr;
            newVma.vmPgoff += (int) ((addr - vma.vmStart) >>> PAGE_SHIFT);
        }
        if (newBelow != 0) {
            vmaAdjust(vma, addr, vma.vmEnd, vma.vmPgoff + (int) ((addr - newVma.vmStart) >>> PAGE_SHIFT), newVma);
        } else {
            vmaAdjust(vma, vma.vmStart, addr, vma.vmPgoff, newVma);
        }
        return 0;
    }

    @Override
    @Mirrors("do_munmap")
    public int doMunmap(MmStruct mm, long start, long len) {
        if ((start & ~PAGE_MASK_32) != 0 || start > Pgtable.TASK_SIZE || len > Pgtable.TASK_SIZE - start || len < 0) {
            return Errno.EINVAL.negative();
        }
        len = pageAlign(len);
        if (len == 0) {
            return Errno.EINVAL.negative();
        }
        // The first vma that overlaps.
        VmAreaStruct[] pprev = new VmAreaStruct[1];
        VmAreaStruct vma = findVmaPrev(mm, start, pprev);
        VmAreaStruct prev = pprev[0];
        if (vma == null) {
            return 0;
        }
        // start < vma->vm_end here; does it overlap at all?
        long end = start + len;
        if (vma.vmStart >= end) {
            return 0;
        }
        // Split where needed now. (mremap relies on a partly unmapped vma staying in use:
        // the lower split puts the new vma above, the upper one below.)
        if (start > vma.vmStart) {
            int error = splitVma(mm, vma, start, 0);
            if (error != 0) {
                return error;
            }
            prev = vma;
        }
        // Does it split the last one?
        VmAreaStruct last = findVma(mm, end);
        if (last != null && end > last.vmStart) {
            int error = splitVma(mm, last, end, 1);
            if (error != 0) {
                return error;
            }
        }
        vma = prev != null ? prev.vmNext : mm.mmap;
        // Take the vmas off the list, unmap the pages, then fix up the rest.
        detachVmasToBeUnmapped(mm, vma, prev, end);
        unmapRegion(mm, vma, prev, start, end);
        removeVmaList(mm, vma);
        return 0;
    }

    @Override
    @Mirrors("sys_munmap")
    public int sysMunmap(MmStruct mm, long addr, long len) {
        mm.mmapSem.writeLock().lock();
        try {
            return doMunmap(mm, addr & LOW, len & LOW);
        } finally {
            mm.mmapSem.writeLock().unlock();
        }
    }

    /**
     * exit_mmap(mm): with every user gone, unmap the whole address space in one full-mm
     * gather, free all its page tables, then free the vmas. Afterwards no pte table may be
     * left.
     *
     * <p>Differs from 2.6.20: the mm's vma list is also emptied, so that checkers walking
     * surviving mms (the mmlist, a reused struct) see no stale vmas.
     */
    @Override
    @Mirrors("exit_mmap")
    public void exitMmap(MmStruct mm) {
        VmAreaStruct vma = mm.mmap;
        long[] nrAccounted = {0};
        swap.lruAddDrain();
        MmuGather tlb = new MmuGather(cpus, swapState.get()).tlbGatherMmu(mm, true);
        // do_exit already updated hiwater_rss. Unmap everything, up to -1UL.
        MemoryOps mem = memory.get();
        long end = vma != null ? mem.unmapVmas(tlb, vma, 0, ULONG_MAX, nrAccounted, null) : 0;
        swap.vmUnacctMemory(nrAccounted[0]);
        mem.freePgtables(tlb, vma, 0, 0);
        tlb.tlbFinishMmu(0, end);
        // Close and free the vmas, with no mm lock held.
        mm.mmap = null;
        mm.mmapCache = null;
        mm.mapCount = 0;
        while (vma != null) {
            vma = removeVma(vma);
        }
        KernelBug.bugOn(mm.nrPtes > 0, "exit_mmap: " + mm.nrPtes + " pte table(s) left in " + mm);
    }

    @Override
    @Mirrors("insert_vm_struct")
    public int insertVmStruct(MmStruct mm, VmAreaStruct vma) {
        // An anonymous vma's pgoff matters only from its first write fault on; give it the
        // value it would have had, so merges and splits just work.
        if (vma.vmMapping == null) {
            KernelBug.bugOn(vma.anonVma != null, "insert_vm_struct: anonymous vma already has an anon_vma");
            vma.vmPgoff = (int) (vma.vmStart >>> PAGE_SHIFT);
        }
        VmAreaStruct[] prev = new VmAreaStruct[1];
        VmAreaStruct found = findVmaPrepare(mm, vma.vmStart, prev);
        if (found != null && found.vmStart < vma.vmEnd) {
            return Errno.ENOMEM.negative();
        }
        if ((vma.vmFlags & VM_ACCOUNT) != 0 && securityVmEnoughMemory(VmAreaStruct.vmaPages(vma)) != 0) {
            return Errno.ENOMEM.negative();
        }
        vmaLink(mm, vma, prev[0]);
        return 0;
    }

    /**
     * may_expand_vm(mm, npages): RLIMIT_AS, which is unlimited for every emulated task, so
     * only total_vm + npages overflowing the page count of a 32-bit address space fails.
     */
    @Mirrors("may_expand_vm")
    private static boolean mayExpandVm(MmStruct mm, long npages) {
        long lim = LOW >>> PAGE_SHIFT;
        return mm.totalVm + npages <= lim;
    }

    /** mmap_base(mm) (arch/i386/mm/mmap.c): TASK_SIZE less the stack gap, page aligned. */
    @Mirrors("mmap_base")
    private static long mmapBase() {
        long gap = STK_LIM;
        // No PF_RANDOMIZE: no random factor.
        if (gap < MIN_GAP) {
            gap = MIN_GAP;
        } else if (gap > MAX_GAP) {
            gap = MAX_GAP;
        }
        return pageAlign(Pgtable.TASK_SIZE - gap);
    }

    @Override
    @Mirrors("arch_pick_mmap_layout")
    public void archPickMmapLayout(MmStruct mm) {
        // Legacy layout only for sysctl_legacy_va_layout, ADDR_COMPAT_LAYOUT or an unlimited
        // stack: none of which an emulated task has.
        mm.mmapBase = mmapBase();
        mm.mmapTopdown = true;
        mm.freeAreaCache = mm.mmapBase;
        mm.cachedHoleSize = LOW;
    }
}
