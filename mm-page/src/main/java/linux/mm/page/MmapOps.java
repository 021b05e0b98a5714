package linux.mm.page;

/*
 * Mirrors the mm/mmap.c part of linux-2.6.20 include/linux/mm.h and mman.h (do_mmap_pgoff,
 * do_munmap, find_vma, find_vma_prev, vma_merge, split_vma, find_mergeable_anon_vma,
 * insert_vm_struct, exit_mmap, get_unmapped_area, expand_stack, __vm_enough_memory,
 * vm_get_page_prot, vm_stat_account, unlink_file_vma), the sys_munmap / sys_mmap2 system
 * calls, and the PROT_* / MAP_* values of include/asm-generic/mman.h and
 * include/asm-i386/mman.h. Owns no state; mm-memory implements it.
 */

import linux.kernel.Mirrors;

/**
 * Address-space layout (mm/mmap.c) as the syscall layer, fork, exit, mprotect and rmap call
 * it. Addresses are unsigned 32-bit user addresses in {@code long}s; results that are
 * addresses or negative errnos follow the kernel's "IS_ERR_VALUE" convention: a value in
 * [-4095, -1] is {@code -errno}.
 *
 * <h2>Locking</h2>
 * The caller holds {@code mm->mmap_sem} for writing for do_mmap_pgoff, do_munmap, vma_merge,
 * split_vma and insert_vm_struct, for reading (at least) for find_vma, find_vma_prev,
 * find_mergeable_anon_vma and expand_stack; the sys_* calls take it themselves; exit_mmap
 * runs when the last user is gone and takes no mmap_sem.
 */
public interface MmapOps {

    @Mirrors("PROT_NONE") int PROT_NONE = 0x0;
    @Mirrors("PROT_READ") int PROT_READ = 0x1;
    @Mirrors("PROT_WRITE") int PROT_WRITE = 0x2;
    @Mirrors("PROT_EXEC") int PROT_EXEC = 0x4;

    @Mirrors("MAP_SHARED") int MAP_SHARED = 0x01;
    @Mirrors("MAP_PRIVATE") int MAP_PRIVATE = 0x02;
    @Mirrors("MAP_TYPE") int MAP_TYPE = 0x0f;
    @Mirrors("MAP_FIXED") int MAP_FIXED = 0x10;
    @Mirrors("MAP_ANONYMOUS") int MAP_ANONYMOUS = 0x20;
    @Mirrors("MAP_GROWSDOWN") int MAP_GROWSDOWN = 0x0100;
    @Mirrors("MAP_DENYWRITE") int MAP_DENYWRITE = 0x0800;
    @Mirrors("MAP_EXECUTABLE") int MAP_EXECUTABLE = 0x1000;
    @Mirrors("MAP_LOCKED") int MAP_LOCKED = 0x2000;
    @Mirrors("MAP_NORESERVE") int MAP_NORESERVE = 0x4000;
    @Mirrors("MAP_POPULATE") int MAP_POPULATE = 0x8000;
    @Mirrors("MAP_NONBLOCK") int MAP_NONBLOCK = 0x10000;

    /** vm.overcommit_memory values (include/linux/mman.h). */
    @Mirrors("OVERCOMMIT_GUESS") int OVERCOMMIT_GUESS = 0;
    @Mirrors("OVERCOMMIT_ALWAYS") int OVERCOMMIT_ALWAYS = 1;
    @Mirrors("OVERCOMMIT_NEVER") int OVERCOMMIT_NEVER = 2;

    /** i386 TASK_UNMAPPED_BASE: PAGE_ALIGN(TASK_SIZE / 3), where the legacy layout searches from. */
    @Mirrors("TASK_UNMAPPED_BASE") long TASK_UNMAPPED_BASE = 0x4000_0000L;

    /** sysctl vm.max_map_count's default. */
    @Mirrors("DEFAULT_MAX_MAP_COUNT") int DEFAULT_MAX_MAP_COUNT = 65536;

    /**
     * The largest address an error value may take: {@code addr} is {@code -errno} when
     * {@code addr >= -MAX_ERRNO} taken as unsigned (IS_ERR_VALUE). Addresses here are
     * non-negative, errors negative.
     */
    @Mirrors("IS_ERR_VALUE")
    static boolean isErrValue(long addr) {
        return addr < 0;
    }

    /**
     * vm_get_page_prot(vm_flags): protection_map[vm_flags & (READ|WRITE|EXEC|SHARED)]: the
     * pte protection of a vma. Private writable vmas get the read-only COPY protection.
     */
    @Mirrors("vm_get_page_prot")
    long vmGetPageProt(int vmFlags);

    /**
     * __vm_enough_memory(pages, cap_sys_admin): charge {@code pages} to the committed
     * address space (vm_acct_memory) and check it against the overcommit policy (the
     * default heuristic: page cache + free swap + reclaimable slab, then free pages above
     * the reserve; callers without CAP_SYS_ADMIN leave the last 3%). Returns 0, or -ENOMEM
     * with the charge taken back.
     */
    @Mirrors("__vm_enough_memory")
    int vmEnoughMemoryRaw(long pages, int capSysAdmin);

    /**
     * security_vm_enough_memory(pages) with the default capability module:
     * {@link #vmEnoughMemoryRaw} for a caller with CAP_SYS_ADMIN (every emulated task runs as
     * root).
     */
    @Mirrors("security_vm_enough_memory")
    default int securityVmEnoughMemory(long pages) {
        return vmEnoughMemoryRaw(pages, 1);
    }

    /**
     * vm_stat_account(mm, flags, file, pages): add {@code pages} (may be negative) to the mm's
     * shared_vm / exec_vm / stack_vm / reserved_vm statistics.
     */
    @Mirrors("vm_stat_account")
    void vmStatAccount(MmStruct mm, int flags, AddressSpace file, long pages);

    /**
     * arch_pick_mmap_layout(mm) (arch/i386/mm/mmap.c): the top-down layout below
     * TASK_SIZE - 128 MiB for a new address space (the stack limit is finite and there is
     * no address randomisation: no task of mmemu is PF_RANDOMIZE).
     */
    @Mirrors("arch_pick_mmap_layout")
    void archPickMmapLayout(MmStruct mm);

    /**
     * do_mmap_pgoff(file, addr, len, prot, flags, pgoff) on {@code mm}: create a mapping of
     * {@code len} bytes (rounded up to pages) with protection {@code prot} and MAP_* flags, at
     * {@code addr} (MAP_FIXED) or where get_unmapped_area puts it. {@code file} is the file
     * mapping or null for MAP_ANONYMOUS. Returns the start address or {@code -errno}
     * (-EINVAL, -ENOMEM, -EOVERFLOW, -EPERM, -EAGAIN, -ENODEV ...). Caller holds mmap_sem for
     * writing.
     *
     * <p>Differs from 2.6.20: the kernel takes the mm from {@code current}; here it is a
     * parameter, and a file is represented by its mapping.
     */
    @Mirrors("do_mmap_pgoff")
    long doMmapPgoff(MmStruct mm, AddressSpace file, long addr, long len, int prot, int flags, int pgoff);

    /**
     * sys_mmap2(addr, len, prot, flags, fd, pgoff) (arch/i386/kernel/sys_i386.c) on
     * {@code mm}: MAP_EXECUTABLE and MAP_DENYWRITE are dropped, a non-anonymous mapping
     * needs an open file ({@code fd}; mmemu has none, so it is -EBADF), then do_mmap_pgoff
     * under mmap_sem held for writing. Returns the address or {@code -errno}.
     */
    @Mirrors("sys_mmap2")
    long sysMmap2(MmStruct mm, long addr, long len, int prot, int flags, int fd, int pgoff);

    /**
     * get_unmapped_area(file, addr, len, pgoff, flags) on {@code mm}: a free range of
     * {@code len} bytes (the mm's layout function; {@code addr} is a hint, or for MAP_FIXED
     * the answer), or -ENOMEM / -EINVAL. Caller holds mmap_sem for writing.
     */
    @Mirrors("get_unmapped_area")
    long getUnmappedArea(MmStruct mm, AddressSpace file, long addr, long len, int pgoff, int flags);

    /**
     * do_munmap(mm, start, len): remove every mapping in [start, start+len), splitting vmas at
     * the edges, unmapping pages (unmap_vmas) and freeing page tables. Returns 0 or -EINVAL
     * (unaligned start, bad range, zero length) or -ENOMEM (a split failed). Caller holds
     * mmap_sem for writing.
     */
    @Mirrors("do_munmap")
    int doMunmap(MmStruct mm, long start, long len);

    /** sys_munmap(addr, len) on {@code mm}: {@link #doMunmap} under mmap_sem held for writing. */
    @Mirrors("sys_munmap")
    int sysMunmap(MmStruct mm, long addr, long len);

    /**
     * find_vma(mm, addr): the first vma with {@code addr < vm_end}, or null (uses and updates
     * mmap_cache). Caller holds mmap_sem.
     */
    @Mirrors("find_vma")
    VmAreaStruct findVma(MmStruct mm, long addr);

    /**
     * find_vma_prev(mm, addr, pprev): {@link #findVma}, also storing the vma before it (or
     * null) in {@code pprev[0]}. Caller holds mmap_sem.
     */
    @Mirrors("find_vma_prev")
    VmAreaStruct findVmaPrev(MmStruct mm, long addr, VmAreaStruct[] pprev);

    /**
     * find_vma_intersection(mm, start, end) (mm.h inline): the first vma overlapping
     * [start, end), or null.
     */
    @Mirrors("find_vma_intersection")
    default VmAreaStruct findVmaIntersection(MmStruct mm, long startAddr, long endAddr) {
        VmAreaStruct vma = findVma(mm, startAddr);
        if (vma != null && endAddr <= vma.vmStart) {
            vma = null;
        }
        return vma;
    }

    /**
     * find_extend_vma(mm, addr): the vma containing {@code addr}, growing a VM_GROWSDOWN vma
     * just above it down to it; else null. Caller holds mmap_sem.
     */
    @Mirrors("find_extend_vma")
    VmAreaStruct findExtendVma(MmStruct mm, long addr);

    /**
     * expand_stack(vma, address): grow the VM_GROWSDOWN {@code vma} down to the page of
     * {@code address}, within the stack and address-space limits. Returns 0, -ENOMEM or
     * -EFAULT. Caller holds mmap_sem for reading.
     */
    @Mirrors("expand_stack")
    int expandStack(VmAreaStruct vma, long address);

    /**
     * vma_merge(mm, prev, addr, end, vm_flags, anon_vma, file, pgoff, policy): merge
     * [addr, end) with flags {@code vmFlags} into {@code prev} and/or the vma after it if
     * they are compatible (same flags and file, compatible anon_vmas, contiguous offsets);
     * returns the vma that now covers the range, or null. Caller holds mmap_sem for writing.
     */
    @Mirrors("vma_merge")
    VmAreaStruct vmaMerge(MmStruct mm, VmAreaStruct prev, long addr, long end, int vmFlags, AnonVma anonVma,
            AddressSpace file, int pgoff);

    /**
     * split_vma(mm, vma, addr, new_below): split {@code vma} at {@code addr} into two, the new
     * one below {@code addr} if {@code newBelow} is non-zero, else above. Returns 0 or
     * -ENOMEM (too many mappings). Caller holds mmap_sem for writing.
     */
    @Mirrors("split_vma")
    int splitVma(MmStruct mm, VmAreaStruct vma, long addr, int newBelow);

    /**
     * find_mergeable_anon_vma(vma): the anon_vma of a neighbour of {@code vma} (the next vma,
     * else the previous one) that touches it and could later be merged with it (flags equal
     * but for VM_READ/WRITE/EXEC, same file and contiguous pgoff), or null. anon_vma_prepare
     * shares it instead of allocating a new one, so that mprotect can merge the vmas back.
     * Caller holds mmap_sem.
     */
    @Mirrors("find_mergeable_anon_vma")
    AnonVma findMergeableAnonVma(VmAreaStruct vma);

    /**
     * unlink_file_vma(vma): take a file-backed vma off its mapping's vma tree (free_pgtables,
     * before the page tables go). Nothing to do for anonymous vmas.
     */
    @Mirrors("unlink_file_vma")
    void unlinkFileVma(VmAreaStruct vma);

    /**
     * insert_vm_struct(mm, vma): link a vma built by the caller into the mm's list (and its
     * file's rmap tree). Returns 0, or -ENOMEM if it overlaps an existing vma or its
     * VM_ACCOUNT charge fails. Caller holds mmap_sem for writing.
     */
    @Mirrors("insert_vm_struct")
    int insertVmStruct(MmStruct mm, VmAreaStruct vma);

    /**
     * exit_mmap(mm): the last user is gone: unmap everything (lru_add_drain, unmap_vmas over
     * the whole list, free_pgtables), then drop every vma. Called by mmput.
     */
    @Mirrors("exit_mmap")
    void exitMmap(MmStruct mm);
}
