package linux.mm.page;

/*
 * Mirrors the mm/mmap.c part of linux-2.6.20 include/linux/mm.h (do_mmap_pgoff, do_munmap,
 * find_vma, find_vma_intersection, insert_vm_struct, exit_mmap, __vm_enough_memory) and the PROT_* / MAP_*
 * values of include/asm-generic/mman.h and include/asm-i386/mman.h. Owns no state;
 * mm-memory implements it.
 */

import linux.kernel.Mirrors;

/**
 * Address-space layout (mm/mmap.c) as the syscall layer, fork and exit call it. Addresses
 * are unsigned 32-bit user addresses in {@code long}s; results that are addresses or
 * negative errnos follow the kernel's "IS_ERR_VALUE" convention: a value in [-4095, -1] is
 * {@code -errno}.
 *
 * <h2>Locking</h2>
 * The caller holds {@code mm->mmap_sem} for writing for do_mmap_pgoff, do_munmap and
 * insert_vm_struct, for reading (at least) for find_vma; exit_mmap runs when the last user
 * is gone and takes no mmap_sem.
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
     * do_mmap_pgoff(file, addr, len, prot, flags, pgoff) on {@code mm}: create a mapping of
     * {@code len} bytes (rounded up to pages) with protection {@code prot} and MAP_* flags, at
     * {@code addr} (MAP_FIXED) or where get_unmapped_area puts it. {@code file} is the file
     * mapping or null for MAP_ANONYMOUS. Returns the start address or {@code -errno}
     * (-EINVAL, -ENOMEM ...). Caller holds mmap_sem for writing.
     *
     * <p>Differs from 2.6.20: the kernel takes the mm from {@code current}; here it is a
     * parameter, and a file is represented by its mapping.
     */
    @Mirrors("do_mmap_pgoff")
    long doMmapPgoff(MmStruct mm, AddressSpace file, long addr, long len, int prot, int flags, int pgoff);

    /**
     * do_munmap(mm, start, len): remove every mapping in [start, start+len), splitting vmas at
     * the edges, unmapping pages (unmap_vmas) and freeing page tables. Returns 0 or -EINVAL.
     * Caller holds mmap_sem for writing.
     */
    @Mirrors("do_munmap")
    int doMunmap(MmStruct mm, long start, long len);

    /**
     * find_vma(mm, addr): the first vma with {@code addr < vm_end}, or null (uses and updates
     * mmap_cache). Caller holds mmap_sem.
     */
    @Mirrors("find_vma")
    VmAreaStruct findVma(MmStruct mm, long addr);

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
     * find_mergeable_anon_vma(vma): the anon_vma of a neighbour of {@code vma} (the next vma,
     * else the previous one) that touches it and could later be merged with it (flags equal
     * but for VM_READ/WRITE/EXEC, same file and contiguous pgoff), or null. anon_vma_prepare
     * shares it instead of allocating a new one, so that mprotect can merge the vmas back.
     * Caller holds mmap_sem.
     */
    @Mirrors("find_mergeable_anon_vma")
    AnonVma findMergeableAnonVma(VmAreaStruct vma);

    /**
     * insert_vm_struct(mm, vma): link a vma built by the caller into the mm's list (and its
     * file's rmap tree). Returns 0, or -ENOMEM if it overlaps an existing vma. Caller holds
     * mmap_sem for writing.
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
