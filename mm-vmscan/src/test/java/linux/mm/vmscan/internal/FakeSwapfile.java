package linux.mm.vmscan.internal;

import java.util.ArrayList;
import java.util.List;
import linux.kernel.Errno;
import linux.kernel.KernelError;
import linux.mm.page.Page;
import linux.mm.page.SwapInfoStruct;
import linux.mm.page.SwapListT;
import linux.mm.page.SwapfileOps;
import linux.mm.page.Swapops;

/**
 * A recording mm/swapfile.c: one swap area of type 0 with {@code slots} usable offsets
 * (1 .. slots), a swap_map of 16-bit counts and no device behind it. Slots are handed out
 * lowest first; every swap_free and swap_duplicate is logged.
 */
final class FakeSwapfile implements SwapfileOps {
    final char[] swapMap;
    final List<String> calls = new ArrayList<>();
    private final SwapInfoStruct si = new SwapInfoStruct(0);
    private final SwapListT swapList = new SwapListT();

    FakeSwapfile(int slots) {
        swapMap = new char[slots + 1];
        if (slots > 0) {
            swapList.head = 0;
            swapList.next = 0;
        }
    }

    /** swap_map[offset] of the entry. */
    int count(int entry) {
        return swapMap[Swapops.swpOffset(entry)];
    }

    @Override
    public synchronized int getSwapPage() {
        for (int off = 1; off < swapMap.length; off++) {
            if (swapMap[off] == 0) {
                swapMap[off] = 1;
                return Swapops.swpEntry(0, off);
            }
        }
        return 0;
    }

    @Override
    public int getSwapPageOfType(int type) {
        return type == 0 ? getSwapPage() : 0;
    }

    @Override
    public synchronized void swapFree(int entry) {
        calls.add("swap_free " + Swapops.swpOffset(entry));
        int off = Swapops.swpOffset(entry);
        if (swapMap[off] == 0) {
            throw new AssertionError("swap_free of a free slot " + off);
        }
        swapMap[off]--;
    }

    @Override
    public synchronized int swapDuplicate(int entry) {
        calls.add("swap_duplicate " + Swapops.swpOffset(entry));
        int off = Swapops.swpOffset(entry);
        if (off == 0 || off >= swapMap.length || swapMap[off] == 0) {
            return 0;
        }
        swapMap[off]++;
        return 1;
    }

    @Override
    public void freeSwapAndCache(int entry) {
        swapFree(entry);
    }

    @Override
    public boolean canShareSwapPage(Page page) {
        return Page.pageMapcount(page) <= 1;
    }

    @Override
    public int removeExclusiveSwapPage(Page page) {
        return 0;
    }

    @Override
    public void swapUnplugIoFn(Page page) {
    }

    @Override
    public int validSwaphandles(int entry, long[] offset) {
        offset[0] = Swapops.swpOffset(entry);
        return 1;
    }

    @Override
    public synchronized void siSwapinfo(Sysinfo val) {
        val.totalswap = totalSwapPages();
        val.freeswap = nrSwapPages();
    }

    @Override
    public long mapSwapPage(SwapInfoStruct sis, long offset) {
        return offset;
    }

    @Override
    public SwapListT swapList() {
        return swapList;
    }

    @Override
    public SwapInfoStruct getSwapInfoStruct(int type) {
        return si;
    }

    @Override
    public int swapTypeOf(int devT, long offset) {
        return Errno.ENODEV.negative();
    }

    @Override
    public int countSwapPages(int type, boolean free) {
        return (int) (free ? nrSwapPages() : totalSwapPages());
    }

    @Override
    public long swapdevBlock(int type, long offset) {
        return offset;
    }

    @Override
    public int sysSwapon(String path, int swapFlags) {
        return Errno.EPERM.negative();
    }

    @Override
    public int sysSwapoff(String path) {
        return Errno.EPERM.negative();
    }

    @Override
    public String procSwaps() {
        return "Filename\t\t\t\tType\t\tSize\tUsed\tPriority\n";
    }

    @Override
    public synchronized long nrSwapPages() {
        long n = 0;
        for (int off = 1; off < swapMap.length; off++) {
            n += swapMap[off] == 0 ? 1 : 0;
        }
        return n;
    }

    @Override
    public long totalSwapPages() {
        return swapMap.length - 1;
    }

    @Override
    public int nrSwapfiles() {
        return 1;
    }
}
