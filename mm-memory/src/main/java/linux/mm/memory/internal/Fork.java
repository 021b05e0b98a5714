package linux.mm.memory.internal;

/*
 * Mirrors the mm part of linux-2.6.20 kernel/fork.c: dup_mmap, mm_alloc_pgd / mm_free_pgd,
 * mm_init, mm_alloc, __mmdrop / mmdrop, mmput, dup_mm, copy_mm, and do_fork / copy_process
 * reduced to the task and its address space. Owns the pid counter (kernel/pid.c's
 * last_pid).
 */

import static linux.mm.page.VmAreaStruct.VM_ACCOUNT;
import static linux.mm.page.VmAreaStruct.VM_DONTCOPY;
import static linux.mm.page.VmAreaStruct.VM_LOCKED;

import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.function.IntSupplier;
import linux.arch.x86.Cpus;
import linux.arch.x86.Pgtable;
import linux.kernel.Current;
import linux.kernel.EmulatorOnly;
import linux.kernel.Errno;
import linux.kernel.KernelBug;
import linux.kernel.KernelError;
import linux.kernel.Mirrors;
import linux.mm.page.ExitOps;
import linux.mm.page.ForkOps;
import linux.mm.page.Gfp;
import linux.mm.page.InitTask;
import linux.mm.page.MemoryOps;
import linux.mm.page.MmList;
import linux.mm.page.MmStruct;
import linux.mm.page.MmapOps;
import linux.mm.page.Page;
import linux.mm.page.PageAllocOps;
import linux.mm.page.RmapOps;
import linux.mm.page.SwapOps;
import linux.mm.page.Task;
import linux.mm.page.SwapTokenOps;
import linux.mm.page.VmAreaStruct;

/**
 * The address-space half of kernel/fork.c of one emulated kernel.
 *
 * <h2>Locking</h2>
 * dup_mmap takes the parent's mmap_sem for writing and the child's (not yet visible to
 * anyone) nested inside; copy_page_range takes the pte locks. mmput takes mmlist_lock to
 * leave the mmlist ring. Page directories are allocated and freed with no lock held.
 *
 * <p>Differs from 2.6.20: a task is only its mm and bookkeeping (no files, signals
 * handlers, credentials or scheduler state to copy); pids are handed out in order and
 * never reused; mm_structs and vmas are Java objects the collector frees.
 */
public final class Fork implements ForkOps {

    private final Pgtable pgtable;
    private final Cpus cpus;
    private final PageAllocOps pageAlloc;
    private final SwapOps swap;
    private final MmList mmList;
    private final Current current;
    private final Provider<MemoryOps> memory;
    private final Provider<MmapOps> mmap;
    private final Provider<RmapOps> rmap;
    private final Provider<SwapTokenOps> thrash;
    private final Provider<ExitOps> exit;
    private final InitTask initTask;

    /** kernel/pid.c's last_pid. */
    @Mirrors("last_pid")
    private final AtomicInteger lastPid = new AtomicInteger();

    private final IntSupplier allocFrame;
    private final IntConsumer freeFrame;

    @Inject
    public Fork(Pgtable pgtable, Cpus cpus, PageAllocOps pageAlloc, SwapOps swap, MmList mmList, InitTask initTask,
            Current current, Provider<MemoryOps> memory, Provider<MmapOps> mmap, Provider<RmapOps> rmap,
            Provider<SwapTokenOps> thrash, Provider<ExitOps> exit) {
        this.pgtable = pgtable;
        this.cpus = cpus;
        this.pageAlloc = pageAlloc;
        this.swap = swap;
        this.mmList = mmList;
        this.current = current;
        this.memory = memory;
        this.mmap = mmap;
        this.rmap = rmap;
        this.thrash = thrash;
        this.exit = exit;
        this.initTask = initTask;
        // The frames of page directories (the kernel's pgd and PAE pmd slab caches).
        this.allocFrame = () -> {
            Page p = pageAlloc.allocPage(Gfp.GFP_KERNEL | Gfp.__GFP_ZERO);
            return p == null ? -1 : p.pfn;
        };
        this.freeFrame = pfn -> pageAlloc.freePageRaw(pageAlloc.pgdat().pfnToPage(pfn));
    }

    /**
     * dup_mmap(mm, oldmm): copy the parent's vmas into the child, each (but VM_DONTCOPY ones)
     * with VM_LOCKED cleared, linked to the parent vma's anon_vma and with its ptes copied
     * (copy_page_range), under both mmap_sems held for writing. The parent's TLBs are
     * flushed at the end, since its COW ptes became read-only. Returns 0 or -ENOMEM (the
     * vmas copied so far stay, for mmput to tear down).
     */
    @Mirrors("dup_mmap")
    private int dupMmap(MmStruct mm, MmStruct oldmm) {
        oldmm.mmapSem.writeLock().lock();
        try {
            // Not linked anywhere yet: no deadlock with anyone.
            mm.mmapSem.writeLock().lock();
            int retval = 0;
            try {
                mm.lockedVm = 0;
                mm.mmap = null;
                mm.mmapCache = null;
                mm.freeAreaCache = oldmm.mmapBase;
                mm.cachedHoleSize = 0xFFFF_FFFFL;
                mm.mapCount = 0;
                VmAreaStruct prev = null;
                for (VmAreaStruct mpnt = oldmm.mmap; mpnt != null; mpnt = mpnt.vmNext) {
                    if ((mpnt.vmFlags & VM_DONTCOPY) != 0) {
                        long pages = VmAreaStruct.vmaPages(mpnt);
                        mm.totalVm -= pages;
                        mmap.get().vmStatAccount(mm, mpnt.vmFlags, mpnt.vmMapping, -pages);
                        continue;
                    }
                    // The child's private writable vmas are charged like new mappings (the
                    // charge would be given back only if the vma could not be allocated).
                    if ((mpnt.vmFlags & VM_ACCOUNT) != 0
                            && mmap.get().securityVmEnoughMemory(VmAreaStruct.vmaPages(mpnt)) != 0) {
                        retval = Errno.ENOMEM.negative();
                        break;
                    }
                    VmAreaStruct tmp = new VmAreaStruct(mpnt, mm);
                    tmp.vmFlags &= ~VM_LOCKED;
                    tmp.vmNext = null;
                    if (tmp.anonVma != null) {
                        rmap.get().anonVmaLink(tmp);
                    }
                    // No file vmas to insert into a share list after mpnt.
                    // Link in the new vma and copy the page table entries.
                    if (prev == null) {
                        mm.mmap = tmp;
                    } else {
                        prev.vmNext = tmp;
                    }
                    prev = tmp;
                    mm.mapCount++;
                    retval = memory.get().copyPageRange(mm, oldmm, mpnt);
                    if (retval != 0) {
                        break;
                    }
                }
            } finally {
                mm.mmapSem.writeLock().unlock();
            }
            if (oldmm.pgd >= 0) {
                cpus.flushTlbMm(oldmm.pgd);
            }
            return retval;
        } finally {
            oldmm.mmapSem.writeLock().unlock();
        }
    }

    /** mm_alloc_pgd(mm): the page directory (pgd_alloc); -ENOMEM if no frame was free. */
    @Mirrors("mm_alloc_pgd")
    private int mmAllocPgd(MmStruct mm) {
        mm.pgd = pgtable.pgdAlloc(allocFrame, freeFrame);
        return mm.pgd < 0 ? Errno.ENOMEM.negative() : 0;
    }

    /** mm_free_pgd(mm): pgd_free; the pte tables were freed by exit_mmap. */
    @Mirrors("mm_free_pgd")
    private void mmFreePgd(MmStruct mm) {
        int pgd = mm.pgd;
        mm.pgd = -1;
        if (pgd >= 0) {
            pgtable.pgdFree(pgd, freeFrame);
        }
    }

    /**
     * mm_init(mm): one user, one reference, empty mmlist link, no page tables, zero rss,
     * the bottom-up search hints, and a page directory. Returns null if there is none.
     */
    @Mirrors("mm_init")
    private MmStruct mmInit(MmStruct mm) {
        mm.mmUsers.set(1);
        mm.mmCount.set(1);
        mm.nrPtes = 0;
        MmStruct.setMmCounter(mm, MmStruct.MmCounter.fileRss, 0);
        MmStruct.setMmCounter(mm, MmStruct.MmCounter.anonRss, 0);
        mm.freeAreaCache = MmapOps.TASK_UNMAPPED_BASE;
        mm.cachedHoleSize = 0xFFFF_FFFFL;
        if (mmAllocPgd(mm) == 0) {
            mm.defFlags = 0;
            return mm;
        }
        return null;
    }

    @Override
    @Mirrors("mm_alloc")
    public MmStruct mmAlloc(String name) {
        return mmInit(new MmStruct(name));
    }

    /** __mmdrop(mm): the last reference to the struct: free the page directory. Never init_mm. */
    @Mirrors("__mmdrop")
    private void mmdropRaw(MmStruct mm) {
        KernelBug.bugOn(mm == mmList.initMm, "__mmdrop of init_mm");
        mmFreePgd(mm);
    }

    @Override
    @Mirrors("mmdrop")
    public void mmdrop(MmStruct mm) {
        if (mm.mmCount.decrementAndGet() == 0) {
            mmdropRaw(mm);
        }
    }

    @Override
    @Mirrors("mmput")
    public void mmput(MmStruct mm) {
        if (mm.mmUsers.decrementAndGet() == 0) {
            // exit_aio: no asynchronous I/O contexts in mmemu.
            mmap.get().exitMmap(mm);
            // The kernel peeks at list_empty first; the ring may only be read under the lock.
            mmList.mmlistLock.lock();
            try {
                if (!mmList.listEmpty(mm)) {
                    mmList.listDelInit(mm);
                }
            } finally {
                mmList.mmlistLock.unlock();
            }
            thrash.get().putSwapToken(mm);
            mmdrop(mm);
        }
    }

    /**
     * dup_mm(tsk): a copy of {@code oldmm}: its fields as memcpy leaves them (layout, vm
     * statistics, total_vm), the swap-token state reset, mm_init's fresh counters and page
     * directory, then dup_mmap. On failure the half-built mm is torn down with mmput.
     */
    private MmStruct dupMmNamed(MmStruct oldmm, String name) {
        MmStruct mm = new MmStruct(name);
        // memcpy(mm, oldmm, sizeof(*mm)) for the fields that survive mm_init and dup_mmap.
        mm.totalVm = oldmm.totalVm;
        mm.sharedVm = oldmm.sharedVm;
        mm.execVm = oldmm.execVm;
        mm.stackVm = oldmm.stackVm;
        mm.reservedVm = oldmm.reservedVm;
        mm.mmapTopdown = oldmm.mmapTopdown;
        mm.mmapBase = oldmm.mmapBase;
        mm.faultstamp = oldmm.faultstamp;
        // Swap-token state starts afresh.
        mm.tokenPriority = 0;
        mm.lastInterval = 0;
        if (mmInit(mm) == null) {
            return null;
        }
        if (dupMmap(mm, oldmm) != 0) {
            mmput(mm);
            return null;
        }
        mm.hiwaterRss = MmStruct.getMmRss(mm);
        mm.hiwaterVm = mm.totalVm;
        return mm;
    }

    @Override
    @Mirrors("dup_mm")
    public MmStruct dupMm(MmStruct oldmm) {
        return dupMmNamed(oldmm, "copy of " + oldmm.name);
    }

    /**
     * copy_mm(clone_flags, tsk): the child's fault counters start at 0; it gets the parent's
     * mm itself (CLONE_VM: one more user) or a copy (dup_mm). Either way the mm's swap-token
     * priority and interval are reset, as in 2.6.20. Returns 0 or -ENOMEM.
     */
    @Mirrors("copy_mm")
    private int copyMm(int cloneFlags, Task tsk, Task parent) {
        tsk.minFlt = 0;
        tsk.majFlt = 0;
        tsk.mm = null;
        tsk.activeMm = null;
        MmStruct oldmm = parent.mm;
        // A kernel thread has no mm to copy.
        if (oldmm == null) {
            return 0;
        }
        MmStruct mm;
        if ((cloneFlags & CLONE_VM) != 0) {
            oldmm.mmUsers.incrementAndGet();
            mm = oldmm;
        } else {
            mm = dupMmNamed(oldmm, "mm of " + tsk);
            if (mm == null) {
                return Errno.ENOMEM.negative();
            }
        }
        mm.tokenPriority = 0;
        mm.lastInterval = 0;
        tsk.mm = mm;
        tsk.activeMm = mm;
        return 0;
    }

    /**
     * copy_process(clone_flags, ...) reduced to the task and its address space: a new task
     * (dup_task_struct) with the parent's name, its mm (copy_mm), and the links into the task
     * list and the parent's children (SET_LINKS, under tasklist_lock). Returns the child or
     * null for -ENOMEM.
     */
    @Mirrors("copy_process")
    private Task copyProcess(int cloneFlags, Task parent) {
        Task p = new Task(current, exit.get(), lastPid.incrementAndGet(), parent.comm, parent);
        if (copyMm(cloneFlags, p, parent) != 0) {
            return null;
        }
        initTask.setLinks(p);
        return p;
    }

    @Override
    @Mirrors("do_fork")
    public Task doFork(Task parent, int cloneFlags) {
        Task p = copyProcess(cloneFlags, parent);
        if (p == null) {
            throw new KernelError(Errno.ENOMEM, "fork of " + parent + ": no memory for the address space");
        }
        return p;
    }

    @Override
    @EmulatorOnly("a first process with an empty address space, as exec leaves one: mmemu runs no binaries")
    public Task createTask(String comm) {
        int pid = lastPid.incrementAndGet();
        Task t = new Task(current, exit.get(), pid, comm, null);
        MmStruct mm = mmAlloc("mm of " + t);
        if (mm == null) {
            throw new KernelError(Errno.ENOMEM, "no memory for the page directory of " + t);
        }
        mmap.get().archPickMmapLayout(mm);
        t.mm = mm;
        t.activeMm = mm;
        initTask.setLinks(t);
        return t;
    }
}
