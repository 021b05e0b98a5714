package linux.testkit;

import static linux.arch.x86.PageGeometry.PAGE_SHIFT;
import static linux.arch.x86.PageGeometry.PAGE_SIZE;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.inject.Provider;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import linux.kernel.Errno;
import linux.mm.page.AddressSpace;
import linux.mm.page.MmStruct;
import linux.mm.page.MmapOps;
import linux.mm.page.SwapOps;
import linux.mm.page.VmAreaStruct;

/**
 * mm/mmap.c for the test kernels of the files below it. The vma list is real (sorted,
 * non-overlapping, {@code map_count} kept; munmap splits vmas at its edges) but no page
 * table and no anon_vma list is touched (that is rmap's and memory's business): a test that maps pages sets its own ptes. New mappings go first-fit
 * upwards from {@link #UNMAPPED_BASE}.
 *
 * <p>{@link #vmEnoughMemoryRaw} charges the committed address space through the kernel's
 * SwapOps (vm_acct_memory) as the real one does and answers {@link #vmEnoughMemory}
 * (0 = enough) instead of applying an overcommit policy; the charge is taken back on a
 * refusal. Every call is recorded in {@link #vmEnoughMemoryCalls} as "pages/cap_sys_admin".
 */
@Singleton
public final class FakeMmap implements MmapOps {

    /** i386's TASK_UNMAPPED_BASE (TASK_SIZE / 3), where new mappings are placed from. */
    public static final long UNMAPPED_BASE = 0x4000_0000L;
    /** i386's TASK_SIZE. */
    private static final long TASK_SIZE = 0xC000_0000L;

    private final Provider<SwapOps> swap;

    /** What {@link #vmEnoughMemoryRaw} answers: 0, or a negative errno such as -ENOMEM. */
    public volatile int vmEnoughMemory;
    /** Each vm_enough_memory check, as {@code "pages/cap_sys_admin"}. */
    public final List<String> vmEnoughMemoryCalls = new CopyOnWriteArrayList<>();

    @Inject
    public FakeMmap(Provider<SwapOps> swap) {
        this.swap = swap;
    }

    @Override
    public int vmEnoughMemoryRaw(long pages, int capSysAdmin) {
        vmEnoughMemoryCalls.add(pages + "/" + capSysAdmin);
        swap.get().vmAcctMemory(pages);
        int answer = vmEnoughMemory;
        if (answer != 0) {
            swap.get().vmUnacctMemory(pages);
        }
        return answer;
    }

    @Override
    public long doMmapPgoff(MmStruct mm, AddressSpace file, long addr, long len, int prot, int flags, int pgoff) {
        if (len == 0) {
            return Errno.EINVAL.negative();
        }
        len = (len + PAGE_SIZE - 1) & -PAGE_SIZE;
        if (len > TASK_SIZE) {
            return Errno.ENOMEM.negative();
        }
        if ((flags & MAP_FIXED) != 0) {
            if ((addr & (PAGE_SIZE - 1)) != 0 || addr + len > TASK_SIZE) {
                return Errno.EINVAL.negative();
            }
            int err = doMunmap(mm, addr, len);
            if (err != 0) {
                return err;
            }
        } else {
            addr = freeArea(mm, len);
            if (addr < 0) {
                return addr;
            }
        }
        int vmFlags = (prot & (PROT_READ | PROT_WRITE | PROT_EXEC)) | VmAreaStruct.VM_MAYREAD | VmAreaStruct.VM_MAYWRITE
                | VmAreaStruct.VM_MAYEXEC | ((flags & MAP_SHARED) != 0 ? VmAreaStruct.VM_SHARED | VmAreaStruct.VM_MAYSHARE : 0);
        VmAreaStruct vma = new VmAreaStruct(mm, addr, addr + len, vmFlags, 0, file == null ? (int) (addr >>> PAGE_SHIFT) : pgoff);
        vma.vmMapping = file;
        return insertVmStruct(mm, vma) == 0 ? addr : Errno.ENOMEM.negative();
    }

    /** The lowest gap of {@code len} bytes at or above UNMAPPED_BASE, or -ENOMEM. */
    private static long freeArea(MmStruct mm, long len) {
        long addr = UNMAPPED_BASE;
        for (VmAreaStruct v = mm.mmap; v != null; v = v.vmNext) {
            if (v.vmEnd <= addr) {
                continue;
            }
            if (addr + len <= v.vmStart) {
                return addr;
            }
            addr = v.vmEnd;
        }
        return addr + len <= TASK_SIZE ? addr : Errno.ENOMEM.negative();
    }

    @Override
    public int doMunmap(MmStruct mm, long start, long len) {
        if ((start & (PAGE_SIZE - 1)) != 0 || start >= TASK_SIZE || len > TASK_SIZE - start) {
            return Errno.EINVAL.negative();
        }
        len = (len + PAGE_SIZE - 1) & -PAGE_SIZE;
        if (len == 0) {
            return Errno.EINVAL.negative();
        }
        long end = start + len;
        VmAreaStruct[] list = new VmAreaStruct[2];
        int count = 0;
        VmAreaStruct next;
        for (VmAreaStruct v = mm.mmap; v != null; v = next) {
            next = v.vmNext;
            if (v.vmEnd <= start || v.vmStart >= end) {
                count += append(list, v);
                continue;
            }
            if (v.vmStart < start) {
                count += append(list, piece(v, v.vmStart, start));
            }
            if (v.vmEnd > end) {
                count += append(list, piece(v, end, v.vmEnd));
            }
        }
        mm.mmap = list[0];
        mm.mapCount = count;
        mm.mmapCache = null;
        return 0;
    }

    /** Links {@code v} after {@code list[1]} (the tail) of the list headed by {@code list[0]}; returns 1. */
    private static int append(VmAreaStruct[] list, VmAreaStruct v) {
        v.vmNext = null;
        if (list[0] == null) {
            list[0] = v;
        } else {
            list[1].vmNext = v;
        }
        list[1] = v;
        return 1;
    }

    /** A copy of {@code v} limited to [start, end), with its file offset moved along. */
    private static VmAreaStruct piece(VmAreaStruct v, long start, long end) {
        VmAreaStruct p = new VmAreaStruct(v.vmMm, start, end, v.vmFlags, v.vmPageProt,
                v.vmPgoff + (int) ((start - v.vmStart) >>> PAGE_SHIFT));
        p.anonVma = v.anonVma;
        p.vmMapping = v.vmMapping;
        return p;
    }

    @Override
    public VmAreaStruct findVma(MmStruct mm, long addr) {
        for (VmAreaStruct v = mm.mmap; v != null; v = v.vmNext) {
            if (addr < v.vmEnd) {
                mm.mmapCache = v;
                return v;
            }
        }
        return null;
    }

    @Override
    public int insertVmStruct(MmStruct mm, VmAreaStruct vma) {
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
        mm.mmap = null;
        mm.mmapCache = null;
        mm.mapCount = 0;
    }
}
