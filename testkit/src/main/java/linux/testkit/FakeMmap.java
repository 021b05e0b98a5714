package linux.testkit;

import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.util.ArrayList;
import java.util.List;
import linux.kernel.Errno;
import linux.mm.page.AddressSpace;
import linux.mm.page.AnonVma;
import linux.mm.page.MmStruct;
import linux.mm.page.MmapOps;
import linux.mm.page.SwapOps;
import linux.mm.page.VmAreaStruct;

/**
 * A recording {@link MmapOps} for kernels without mm/mmap.c. The vma-list functions work on
 * {@code mm->mmap} as a plain address-sorted list (insert_vm_struct refuses an overlap with
 * -ENOMEM, find_vma and find_vma_prev walk it, find_extend_vma does not extend);
 * find_mergeable_anon_vma answers {@link #mergeableAnonVma}, which a test sets to say what
 * the neighbours hold (null: nothing mergeable); do_mmap_pgoff, sys_mmap2, do_munmap,
 * sys_munmap, get_unmapped_area, split_vma and expand_stack are not emulated and answer
 * -ENOSYS (vma_merge: no merge); vm_get_page_prot
 * answers {@link #pageProt}; exit_mmap, vm_stat_account, unlink_file_vma and
 * arch_pick_mmap_layout only record. Every call is recorded by kernel name in
 * {@link #calls()}, thread-safely.
 *
 * <p>__vm_enough_memory charges the pages to the committed space (the kernel's SwapOps
 * vm_acct_memory) as the real one does, then answers {@link #vmEnoughMemory} instead of
 * applying an overcommit policy, taking the charge back when that is a refusal; each check
 * is also recorded as {@code "pages/cap_sys_admin"} in {@link #vmEnoughMemoryCalls()}.
 */
public final class FakeMmap implements MmapOps {

    private final List<String> calls = new ArrayList<>();

    /** What find_mergeable_anon_vma answers. */
    public volatile AnonVma mergeableAnonVma;

    /** What vm_get_page_prot answers. */
    public volatile long pageProt;

    /** What __vm_enough_memory answers: 0 (enough), or a negative errno such as -ENOMEM. */
    public volatile int vmEnoughMemory;

    private final List<String> vmEnoughMemoryCalls = new ArrayList<>();
    private final Provider<SwapOps> swap;

    @Inject
    public FakeMmap(Provider<SwapOps> swap) {
        this.swap = swap;
    }

    /** The __vm_enough_memory checks so far, as {@code "pages/cap_sys_admin"}, oldest first. */
    public synchronized List<String> vmEnoughMemoryCalls() {
        return List.copyOf(vmEnoughMemoryCalls);
    }

    @Override
    public int vmEnoughMemoryRaw(long pages, int capSysAdmin) {
        synchronized (this) {
            calls.add("__vm_enough_memory");
            vmEnoughMemoryCalls.add(pages + "/" + capSysAdmin);
        }
        swap.get().vmAcctMemory(pages);
        int answer = vmEnoughMemory;
        if (answer != 0) {
            swap.get().vmUnacctMemory(pages);
        }
        return answer;
    }

    /** The kernel names of the calls so far, oldest first. */
    public synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    /** Forgets the calls so far. */
    public synchronized void clearCalls() {
        calls.clear();
    }

    private synchronized void record(String call) {
        calls.add(call);
    }

    @Override
    public long doMmapPgoff(MmStruct mm, AddressSpace file, long addr, long len, int prot, int flags, int pgoff) {
        record("do_mmap_pgoff");
        return Errno.ENOSYS.negative();
    }

    @Override
    public int doMunmap(MmStruct mm, long start, long len) {
        record("do_munmap");
        return Errno.ENOSYS.negative();
    }

    @Override
    public VmAreaStruct findVma(MmStruct mm, long addr) {
        record("find_vma");
        for (VmAreaStruct v = mm.mmap; v != null; v = v.vmNext) {
            if (addr < v.vmEnd) {
                return v;
            }
        }
        return null;
    }

    @Override
    public AnonVma findMergeableAnonVma(VmAreaStruct vma) {
        record("find_mergeable_anon_vma");
        return mergeableAnonVma;
    }

    @Override
    public int insertVmStruct(MmStruct mm, VmAreaStruct vma) {
        record("insert_vm_struct");
        VmAreaStruct prev = null;
        VmAreaStruct v = mm.mmap;
        while (v != null && v.vmEnd <= vma.vmStart) {
            prev = v;
            v = v.vmNext;
        }
        if (v != null && v.vmStart < vma.vmEnd) {
            return Errno.ENOMEM.negative();
        }
        vma.vmNext = v;
        if (prev == null) {
            mm.mmap = vma;
        } else {
            prev.vmNext = vma;
        }
        mm.mapCount++;
        return 0;
    }

    @Override
    public void exitMmap(MmStruct mm) {
        record("exit_mmap");
    }

    @Override
    public long vmGetPageProt(int vmFlags) {
        record("vm_get_page_prot");
        return pageProt;
    }

    @Override
    public void vmStatAccount(MmStruct mm, int flags, AddressSpace file, long pages) {
        record("vm_stat_account");
    }

    @Override
    public void archPickMmapLayout(MmStruct mm) {
        record("arch_pick_mmap_layout");
    }

    @Override
    public long sysMmap2(MmStruct mm, long addr, long len, int prot, int flags, int fd, int pgoff) {
        record("sys_mmap2");
        return Errno.ENOSYS.negative();
    }

    @Override
    public long getUnmappedArea(MmStruct mm, AddressSpace file, long addr, long len, int pgoff, int flags) {
        record("get_unmapped_area");
        return Errno.ENOSYS.negative();
    }

    @Override
    public int sysMunmap(MmStruct mm, long addr, long len) {
        record("sys_munmap");
        return Errno.ENOSYS.negative();
    }

    @Override
    public VmAreaStruct findVmaPrev(MmStruct mm, long addr, VmAreaStruct[] pprev) {
        record("find_vma_prev");
        VmAreaStruct prev = null;
        VmAreaStruct v = mm.mmap;
        while (v != null && v.vmEnd <= addr) {
            prev = v;
            v = v.vmNext;
        }
        pprev[0] = prev;
        return v;
    }

    @Override
    public VmAreaStruct findExtendVma(MmStruct mm, long addr) {
        record("find_extend_vma");
        for (VmAreaStruct v = mm.mmap; v != null; v = v.vmNext) {
            if (addr < v.vmEnd) {
                return v.vmStart <= addr ? v : null;
            }
        }
        return null;
    }

    @Override
    public int expandStack(VmAreaStruct vma, long address) {
        record("expand_stack");
        return Errno.ENOSYS.negative();
    }

    @Override
    public VmAreaStruct vmaMerge(MmStruct mm, VmAreaStruct prev, long addr, long end, int vmFlags, AnonVma anonVma,
            AddressSpace file, int pgoff) {
        record("vma_merge");
        return null;
    }

    @Override
    public int splitVma(MmStruct mm, VmAreaStruct vma, long addr, int newBelow) {
        record("split_vma");
        return Errno.ENOSYS.negative();
    }

    @Override
    public void unlinkFileVma(VmAreaStruct vma) {
        record("unlink_file_vma");
    }
}
